"""Where incidents happened: country and first-level unit, scored on the annotated articles.

Runs the CLI (``python -m service extract``) over each gold file of ``../shared/dev/`` (the 16
dev articles and corpus2's train and test) and prints, per file:

  country      ``score_incidents.py``'s country slot: over the found incidents that happened
               outside Syria, the share whose ``country`` (or a location's) is the annotated one
  governorate  its admin1 slot: over the found Syrian incidents, the share with a location in
               the annotated governorate
  admin1 abroad  over the found incidents outside Syria whose annotated ``place_quote`` names a
               place below its country, the share with a location in that place's first-level
               unit. The unit is read from the gazetteer: the readings of the quote's name in the
               annotated country must agree on one (quotes naming only a country, or a place the
               gazetteer lacks, are counted apart). An incident is "found" here when a predicted
               one overlaps its evidence quote and shares its ACLED event type (the scorer's first
               matching pass).

Only aggregate figures are printed: corpus2's test split is for measuring, not for reading
errors. Nothing from ``../shared`` is copied into the project.

usage: python scripts/eval_places.py [--shared DIR] [--files corpus2/test ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = ("gold-dev", "corpus2/train", "corpus2/test")
HOME = "SYR"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--files", nargs="*", default=list(GOLD_FILES))
    options = parser.parse_args(argv[1:])
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate import predict

    from service.extraction import load_knowledge

    knowledge = load_knowledge()
    scorer = _load_scorer(options.shared / "tools" / "score_incidents.py")
    for name in options.files:
        gold = options.shared / "dev" / f"{name}.jsonl"
        with tempfile.TemporaryDirectory() as tmp:
            predictions = Path(tmp) / "out.jsonl"
            predict(gold, predictions)
            slots = _scorer_slots(options.shared, gold, predictions)
            abroad = admin1_abroad(scorer, knowledge, gold, predictions)
        print(f"== {name}")
        print(f"  country (outside Syria)   {_share(slots, 'country')}")
        print(f"  governorate (Syria)       {_share(slots, 'admin1')}")
        print(
            f"  admin1 abroad             {abroad['right']}/{abroad['scored']} = {_ratio(abroad)}"
            f"  (quotes naming only a country: {abroad['country_only']}; not in the gazetteer:"
            f" {abroad['unknown']}; incidents not found: {abroad['unmatched']})"
        )
    return 0


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_incidents", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _scorer_slots(shared: Path, gold: Path, predictions: Path) -> dict:
    scorer = [sys.executable, str(shared / "tools" / "score_incidents.py"), str(gold), str(predictions), "--json"]
    result = subprocess.run(scorer, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[0])


def _share(slots: dict, slot: str) -> str:
    accuracy, count = slots["slot_accuracy"][slot], slots["slot_counts"][slot]
    return f"{accuracy if accuracy is not None else '-'} over {count} incidents"


def _ratio(tally: Counter) -> str:
    return f"{tally['right'] / tally['scored']:.3f}" if tally["scored"] else "-"


def admin1_abroad(scorer, knowledge, gold: Path, predictions: Path) -> Counter:
    """Tally of the incidents outside Syria (see the module's docstring)."""
    predicted = scorer.load(predictions)
    tally: Counter = Counter()
    for doc_id, doc in scorer.load(gold).items():
        incidents = (predicted.get(doc_id) or {}).get("incidents") or []
        for incident in doc["incidents"]:
            country = incident.get("country")
            if not country or country == HOME or incident.get("optional") or not incident.get("place_quote"):
                continue
            unit = reference_unit(knowledge, incident["place_quote"], country)
            if unit in ("country", None):
                tally["country_only" if unit else "unknown"] += 1
                continue
            match = _first_pass_match(scorer, doc["text"], incident, incidents)
            if match is None:
                tally["unmatched"] += 1
                continue
            tally["scored"] += 1
            tally["right"] += any(loc.get("admin1_pcode") == unit for loc in match.get("locations") or [])
    return tally


def reference_unit(knowledge, quote: str, country: str) -> str | None:
    """The first-level unit the quote's place names in ``country``: its readings there must
    agree on one; "country" when it names the country itself, None when nothing is known."""
    gazetteer = knowledge.places
    units: set[str] = set()
    for match in gazetteer.names.find(knowledge.normalizer(quote)):
        records = [gazetteer.records[i] for i in match.values]
        records = [r for r in records if r.country == country]
        if any(r.kind in ("country", "home") for r in records):
            units.add("country")
        units.update(r.admin1[0] for r in records if len(r.admin1) == 1)
    named = units - {"country"}
    if len(named) == 1:
        return named.pop()
    return "country" if units == {"country"} else None


def _first_pass_match(scorer, text: str, incident: dict, predictions: list[dict]) -> dict | None:
    start = text.find(incident["evidence_quote"])
    span = (start, start + len(incident["evidence_quote"]))
    best, best_overlap = None, 0
    for prediction in predictions:
        if not scorer.families(incident, False) & scorer.families(prediction, True):
            continue
        overlap = max((scorer.overlap(span, s) for s in scorer.span_of(prediction)), default=0)
        if overlap > best_overlap:
            best, best_overlap = prediction, overlap
    return best


if __name__ == "__main__":
    sys.exit(main(sys.argv))
