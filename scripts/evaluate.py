"""Score the extractor on the annotated articles beside the project (measurement only).

Runs the CLI exactly as evaluation tools do (``.venv/bin/python -m service extract``) over the
gold files in ``../shared/dev/`` and scores its output with ``../shared/tools/score_incidents.py``.
Neither the articles nor their answers are copied into the project.

usage: python scripts/evaluate.py [--shared DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUEST_FIELDS = ("id", "text", "title", "published_at", "source", "url")


def to_requests(gold: Path, requests: Path) -> None:
    with gold.open(encoding="utf-8") as src, requests.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip():
                doc = json.loads(line)
                dst.write(
                    json.dumps({k: doc[k] for k in REQUEST_FIELDS if doc.get(k) is not None}, ensure_ascii=False) + "\n"
                )


def predict(gold: Path, predictions: Path) -> None:
    """Run the CLI over the gold file's articles (as requests), writing its answers to ``predictions``."""
    requests = predictions.with_name(predictions.stem + ".requests.jsonl")
    to_requests(gold, requests)
    subprocess.run(
        [sys.executable, "-m", "service", "extract", str(requests), "--output", str(predictions)],
        cwd=ROOT,
        check=True,
        stderr=subprocess.DEVNULL,
    )


def score(shared: Path, gold: Path, verbose: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "out.jsonl"
        predict(gold, predictions)
        scorer = [sys.executable, str(shared / "tools" / "score_incidents.py"), str(gold), str(predictions)]
        result = subprocess.run(scorer + (["--verbose"] if verbose else []), capture_output=True, text=True, check=True)
        return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    golds = sorted((options.shared / "dev").glob("gold-*.jsonl"))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as combined:
        for gold in golds:
            combined.write(gold.read_text(encoding="utf-8"))
    for gold in [*golds, Path(combined.name)]:
        print(f"== {gold.name if gold in golds else 'all'}")
        print(score(options.shared, gold, options.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
