"""The annotated data beside the project (``../shared``), as the scripts read it: the articles of
``dev/``, the GSR sentences of ``data/gsr-dev/``, and the shared scorer. Measurement and training
only: nothing here is copied into the project.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from service.extraction import Document  # noqa: E402

REQUEST_FIELDS = ("id", "text", "title", "published_at", "source", "url")
# The incident types a GSR category counts (its README): reported, occurred, not background.
ASSAULT = frozenset(
    {"airstrike", "drone_strike", "shelling", "explosion", "suicide_bombing", "armed_clash", "territory_change"}
    | {"attack", "killing", "abduction"}
)
PROTEST = frozenset({"protest", "riot"})
GSR_FILES = {"assault": ("assault_gsr.csv", ASSAULT), "protest": ("protest_gsr.csv", PROTEST)}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def document_of(doc: dict) -> Document:
    published = doc.get("published_at")
    return Document(
        text=doc["text"],
        title=doc.get("title"),
        published_at=dt.date.fromisoformat(published[:10]) if published else None,
        source=doc.get("source"),
    )


def requests_of(docs: Iterable[dict]) -> str:
    """The docs as CLI request lines (what a caller sends: no annotations)."""
    return "".join(
        json.dumps({k: d[k] for k in REQUEST_FIELDS if d.get(k) is not None}, ensure_ascii=False) + "\n" for d in docs
    )


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str
    category: str  # assault | protest
    yes: bool


def read_gsr(folder: Path) -> Iterator[Sentence]:
    """Every scored GSR sentence ("ambiguous" ones are left out, as the GSR's README says)."""
    for category, (name, _) in GSR_FILES.items():
        with (folder / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["label"] != "ambiguous":
                    yield Sentence(f"{category}:{row['id']}", row["text"], category, row["label"] == "yes")


def gsr_positive(category: str, incidents: Iterable[dict]) -> bool:
    """Whether the extraction of a sentence counts as reporting the category's event."""
    types = GSR_FILES[category][1]
    return any(i["type"] in types and i["status"] == "occurred" and not i["background"] for i in incidents)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(gold: list[dict], predictions: list[dict], shared: Path = SHARED) -> dict:
    """The shared scorer's JSON summary of ``predictions`` (Extraction-like dicts) against ``gold``."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
        pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
        return score_files(gold_path, pred_path, shared)


def score_files(gold: Path, predictions: Path, shared: Path = SHARED, *, verbose: bool = False) -> dict:
    scorer = [sys.executable, str(shared / "tools" / "score_incidents.py"), str(gold), str(predictions), "--json"]
    out = subprocess.run(scorer + (["--verbose"] if verbose else []), capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    result = json.loads(next(line for line in lines if line.startswith("{")))
    if verbose:
        result["errors"] = [line for line in lines if line.startswith(("MISS", "EXTRA"))]
    return result
