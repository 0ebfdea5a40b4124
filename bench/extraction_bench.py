"""Benchmark of the extraction core on one core (not a test): articles/s and the time of each stage.

The corpus is the seed article plus the dev articles, read from ``../shared/dev/gold-*.jsonl``
at run time (measurement only: the service never reads them). Each article is extracted
``--rounds`` times; the best round counts, so that a busy machine inflates little.

    .venv/bin/python bench/extraction_bench.py [--rounds 5] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt"
DEV_DIR = REPO_ROOT.parent / "shared" / "dev"
sys.path.insert(0, str(REPO_ROOT))

from service.extraction import Document, extract  # noqa: E402
from service.extraction.actors import find_actors  # noqa: E402
from service.extraction.dates import find_dates  # noqa: E402
from service.extraction.events import find_cues, find_triggers  # noqa: E402
from service.extraction.incidents import assemble  # noqa: E402
from service.extraction.pipeline import find_mentions  # noqa: E402
from service.extraction.places import find_places  # noqa: E402
from service.extraction.quantities import find_quantities  # noqa: E402
from service.extraction.sources import find_sources  # noqa: E402
from service.extraction.text import normalize  # noqa: E402
from service.extraction.victims import find_victims  # noqa: E402


@dataclass(frozen=True)
class Article:
    name: str
    document: Document


def corpus() -> list[Article]:
    articles = [Article("seed", Document(text=SEED_PATH.read_text(encoding="utf-8")))]
    for path in sorted(DEV_DIR.glob("gold-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["text"] == articles[0].document.text:
                continue  # the seed, already in
            published = dt.date.fromisoformat(row["published_at"][:10]) if row.get("published_at") else None
            document = Document(text=row["text"], title=row.get("title"), published_at=published)
            articles.append(Article(row["id"], document))
    return articles


def best_ms(call: Callable[[], object], repeat: int, rounds: int) -> float:
    """The fastest of ``rounds`` rounds, each the mean of ``repeat`` calls, in milliseconds."""
    call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            call()
        times.append((time.perf_counter() - start) / repeat * 1000)
    return min(times)


def _normalized(document: Document) -> None:
    """Normalization with the lazy views that later stages would compute on first use."""
    for raw in (document.text, document.title):
        if raw:
            text = normalize(raw)
            _ = text.word_chars, text.sentences


def stage_calls(document: Document) -> dict[str, Callable[[], object]]:
    """One call per stage, each on the outputs of the stages before it (computed once here).
    Normalization counts the title and the lazy views (word boundaries, sentences); the
    other stages then reuse one normalized text, as ``extract`` does."""
    text = normalize(document.text)
    title = normalize(document.title) if document.title else None
    places = find_places(text, title=title)
    actors = find_actors(text, places)
    mentions = find_mentions(text, document, title)
    blocked = [(m.start, m.end) for m in (*mentions.actors, *mentions.places, *mentions.sources)]
    triggers = find_triggers(text, blocked)
    cues = find_cues(text)
    return {
        "normalization": lambda: _normalized(document),
        "places": lambda: find_places(text, title=title),
        "actors": lambda: find_actors(text, places),
        "dates": lambda: find_dates(text, document.published_at),
        "quantities": lambda: find_quantities(text),
        "victims": lambda: find_victims(text, actors),
        "sources": lambda: find_sources(text),
        "triggers": lambda: find_triggers(text, blocked),
        "cues": lambda: find_cues(text),
        "assembly": lambda: assemble(text, triggers, cues, mentions, document.published_at),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    start = time.perf_counter()
    articles = corpus()
    extract(articles[0].document)  # loads gazetteer and lexicons
    print(f"first extract (loads data): {time.perf_counter() - start:.2f} s")
    sizes = [len(a.document.text) for a in articles]
    print(f"corpus: {len(articles)} articles, {sum(sizes)} characters, median {statistics.median(sizes):.0f}")

    totals = {a.name: best_ms(lambda a=a: extract(a.document), args.repeat, args.rounds) for a in articles}
    corpus_ms = sum(totals.values())
    print(f"\nextract(): {len(articles) / corpus_ms * 1000:.0f} articles/s on one core")
    print(f"  seed {totals['seed']:.2f} ms; mean {corpus_ms / len(articles):.2f} ms/article")
    midsize = [totals[a.name] for a in articles if 3000 <= len(a.document.text.encode()) <= 6000]
    if midsize:
        print(f"  3-6 KB articles (UTF-8): {len(midsize)}, mean {statistics.mean(midsize):.2f} ms")

    per_stage: dict[str, list[float]] = {}
    seed_stage: dict[str, float] = {}
    for article in articles:
        for stage, call in stage_calls(article.document).items():
            ms = best_ms(call, args.repeat, args.rounds)
            per_stage.setdefault(stage, []).append(ms)
            if article.name == "seed":
                seed_stage[stage] = ms

    print(f"\n{'stage':<14}{'seed ms':>10}{'mean ms':>10}{'share':>8}")
    stage_sum = sum(sum(v) for v in per_stage.values())
    for stage, values in per_stage.items():
        share = sum(values) / stage_sum * 100
        print(f"{stage:<14}{seed_stage[stage]:>10.3f}{statistics.mean(values):>10.3f}{share:>7.1f}%")
    print(f"{'sum':<14}{sum(seed_stage.values()):>10.3f}{stage_sum / len(articles):>10.3f}")
    print(f"{'extract()':<14}{totals['seed']:>10.3f}{corpus_ms / len(articles):>10.3f}")


if __name__ == "__main__":
    main()
