"""How extraction time grows with input size (not a test): time per size and the ratio per 10x.

Each input of 10x characters is ten inputs of x characters joined by line breaks, so that
both sides of a ratio hold the same text: the ratio is t(joined) / sum of t(parts), 1.0 when
the cost is linear, above it when it grows faster. Inputs:
  real        the seed and the dev articles (read from ``../shared/dev/gold-*.jsonl`` at run
              time, measurement only), concatenated and repeated, cut at whitespace
  trigger     one event word (the first form of the pack's ``event_forms.tsv``) repeated
  no-spaces   the real text with every whitespace character removed
  places      gazetteer names, one after the other
Sizes are 1, 10 and 100 thousand characters; every text of a size is timed (100 of 1 K,
10 of 10 K, one of 100 K) and the mean shown. Stage columns show where the time goes (the
finders of ``extraction_bench.py``; observe is stages 1-5 whole, decide stages 6-9). Times are CPU time of this
process, the best of ``--rounds``. A second table repeats one unit with no line break up to
100k characters (a sentence with a toll, one event word, a list of numbers): 100k/10k near 10
means linear.

    .venv/bin/python bench/scaling_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt"
DEV_DIR = REPO_ROOT.parent / "shared" / "dev"
sys.path.insert(0, str(REPO_ROOT))

from timing import best_ms  # noqa: E402

from service.extraction import DEFAULT_PACK, Document, extract, load_knowledge  # noqa: E402
from service.extraction.actors import find_actors  # noqa: E402
from service.extraction.dates import find_dates  # noqa: E402
from service.extraction.pack import Pack  # noqa: E402
from service.extraction.pipeline import decide, observe, scan_lexicons  # noqa: E402
from service.extraction.places import find_places  # noqa: E402
from service.extraction.quantities import find_quantities  # noqa: E402
from service.extraction.sources import find_sources  # noqa: E402
from service.extraction.victims import find_victims  # noqa: E402

KNOWLEDGE = load_knowledge()

SIZES = (1_000, 10_000, 100_000)
STAGES = ("normalize", "scan", "places", "actors", "dates", "quantities", "victims", "sources", "observe", "decide")


def real_text() -> str:
    texts = [SEED_PATH.read_text(encoding="utf-8")]
    for path in sorted(DEV_DIR.glob("gold-*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(texts)


def pieces(source: str, size: int, count: int) -> list[str]:
    """``count`` consecutive pieces of about ``size`` characters from ``source`` (repeated as
    needed), each cut back to whitespace when there is some near its end."""
    stream = source * (size * count // len(source) + 2)
    out, pos = [], 0
    for _ in range(count):
        piece = stream[pos : pos + size]
        cut = max(piece.rfind(" "), piece.rfind("\n"))
        piece = piece[:cut] if cut > size * 0.9 else piece
        out.append(piece.strip())
        pos += len(piece)
    return out


def inputs() -> dict[str, dict[int, list[str]]]:
    """Per input kind and size, the texts of that size; each 10x text joins ten of the size below."""
    real = real_text()
    no_spaces = "".join(real.split())
    trigger = next(row["phrase"] for row in Pack(DEFAULT_PACK).rows("event_forms.tsv"))
    names = " ".join(r.name_ar for r in KNOWLEDGE.places.records if not r.name_ar.isascii())
    sources = {"real": real, "trigger": trigger + " ", "no-spaces": no_spaces, "places": names}
    out: dict[str, dict[int, list[str]]] = {}
    for name, source in sources.items():
        texts = {SIZES[0]: pieces(source, SIZES[0], 100)}
        for smaller, size in pairwise(SIZES):
            parts = texts[smaller]
            texts[size] = ["\n".join(parts[i : i + 10]) for i in range(0, len(parts), 10)]
        out[name] = texts
    return out


# One unit repeated, with no line break between repeats: the shapes that made cost grow faster
# than input (casualty linking over a repeated sentence, every event word in one sentence).
REPEATED_SIZES = (10_000, 25_000, 50_000, 100_000)
REPEATED = {
    "sentence": "قتل أربعة مدنيين وأصيب آخرون بقصف مدفعي على بلدة في ريف حلب الجنوبي. ",
    "one-clause": "قصف ",
    "numbers": "12 و",
}


def repeated_table(rounds: int) -> None:
    """extract() on each unit repeated to each size, and the 100k/10k ratio (10 when linear)."""
    print("\none unit repeated, ms per text; linear cost gives 100k/10k = 10")
    print(f"{'input':<11}" + "".join(f"{size // 1000:>8}k" for size in REPEATED_SIZES) + f"{'100k/10k':>10}")
    for name, unit in REPEATED.items():
        times = []
        for size in REPEATED_SIZES:
            document = Document(text=(unit * (size // len(unit) + 1))[:size])
            times.append(best_ms(lambda d=document: extract(d, KNOWLEDGE), rounds))
        print(f"{name:<11}" + "".join(f"{t:>9.0f}" for t in times) + f"{times[-1] / times[0]:>10.1f}")


def _stage_inputs(raw: str) -> dict[str, Any]:
    """What each stage takes, computed once: the stages are timed one by one."""
    k = KNOWLEDGE
    document = Document(text=raw)
    text = k.normalizer(raw)
    scan_lexicons(k, text)  # the finders below read its matches, as inside extract()
    places = find_places(text, k.places)
    return {
        "raw": raw,
        "document": document,
        "text": text,
        "places": places,
        "actors": find_actors(text, k.actors, places),
        "seen": observe(document, k),
    }


K = KNOWLEDGE
_STAGE_CALLS: dict[str, Callable[[dict[str, Any]], object]] = {
    "normalize": lambda i: K.normalizer(i["raw"]).word_chars,
    "scan": lambda i: scan_lexicons(K, i["text"]),
    "places": lambda i: find_places(i["text"], K.places),
    "actors": lambda i: find_actors(i["text"], K.actors, i["places"]),
    "dates": lambda i: find_dates(i["text"], K.dates, None),
    "quantities": lambda i: find_quantities(i["text"], K.numbers),
    "victims": lambda i: find_victims(i["text"], K.victims, i["actors"]),
    "sources": lambda i: find_sources(i["text"], K.sources),
    "observe": lambda i: observe(i["document"], K),  # stages 1-5 whole: mentions, event mentions, clauses
    "decide": lambda i: decide(i["seen"], K.models, K.acled),  # stages 6-9: the learned decisions, assembly
}


def timed(texts: list[str], rounds: int) -> tuple[float, dict[str, float]]:
    """extract() and stage times, each summed over ``texts`` (timed as one batch)."""
    documents = [Document(text=raw) for raw in texts]
    total = best_ms(lambda: [extract(d, KNOWLEDGE) for d in documents], rounds)
    prepared = [_stage_inputs(raw) for raw in texts]
    stages = {
        stage: best_ms(lambda call=call: [call(i) for i in prepared], rounds) for stage, call in _STAGE_CALLS.items()
    }
    return total, stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    print("ms per input of that size; ratio = t(10x input) / sum of t(its ten parts)")
    header = f"{'input':<11}{'chars':>8}{'extract ms':>12}{'ratio':>7}  " + "".join(f"{s[:8]:>9}" for s in STAGES)
    print(header)
    print("-" * len(header))
    for name, by_size in inputs().items():
        previous: tuple[float, dict[str, float]] | None = None  # per text of the size below, summed over ten
        for sample in by_size.values():
            total, stages = timed(sample, args.rounds)
            per_text = total / len(sample)
            per_stage = {s: v / len(sample) for s, v in stages.items()}
            ratio = f"{per_text / previous[0]:.2f}" if previous else ""
            chars = sum(map(len, sample)) // len(sample)
            cells = "".join(f"{per_stage[s]:>9.2f}" for s in STAGES)
            print(f"{name:<11}{chars:>8}{per_text:>12.2f}{ratio:>7}  {cells}")
            if previous:
                worst = {s: per_stage[s] / previous[1][s] for s in STAGES if previous[1][s] > 0.05}
                slow = [f"{s} {r:.2f}" for s, r in sorted(worst.items(), key=lambda kv: -kv[1]) if r > 1.3]
                if slow:
                    print(f"{'':<26}superlinear stages: {', '.join(slow)}")
            previous = (per_text * 10, {s: v * 10 for s, v in per_stage.items()})
    repeated_table(args.rounds)


if __name__ == "__main__":
    main()
