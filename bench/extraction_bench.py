"""Benchmark of the extraction core on one core (not a test): articles/s and the time of each stage.

The corpus is the seed article plus the dev articles, read from ``../shared/dev/gold-*.jsonl``
at run time (measurement only: the service never reads them). Each article is extracted
``--rounds`` times; the best round counts, and times are the CPU time of this process
(``time.process_time``), so that other load on the machine inflates them little.

    .venv/bin/python bench/extraction_bench.py [--rounds 5] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt"
DEV_DIR = REPO_ROOT.parent / "shared" / "dev"
sys.path.insert(0, str(REPO_ROOT))

from timing import best_ms  # noqa: E402

from service.extraction import Document, Knowledge, extract, load_knowledge, pipeline  # noqa: E402
from service.extraction.actors import find_actors  # noqa: E402
from service.extraction.clauses import clauses  # noqa: E402
from service.extraction.dates import find_dates  # noqa: E402
from service.extraction.events import find_cues, find_triggers  # noqa: E402
from service.extraction.pipeline import decide, find_mentions, normalize, observe, scan_lexicons  # noqa: E402
from service.extraction.places import find_places  # noqa: E402
from service.extraction.quantities import find_quantities  # noqa: E402
from service.extraction.sources import find_sources  # noqa: E402
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


def _normalized(knowledge: Knowledge, document: Document) -> None:
    """Normalization with the lazy views that later stages would compute on first use."""
    for raw in (document.text, document.title):
        if raw:
            text = normalize(knowledge, raw)
            _ = text.word_chars, text.sentences


def stage_calls(knowledge: Knowledge, document: Document) -> dict[str, Callable[[], object]]:
    """One call per stage, each on the outputs of the stages before it (computed once here).
    Normalization counts the title and the lazy views (word boundaries, sentences); the
    other stages then reuse one normalized text, as ``extract`` does."""
    k = knowledge
    text = normalize(k, document.text)
    title = normalize(k, document.title) if document.title else None
    scan_lexicons(k, text, title)
    places = find_places(text, k.places, title=title)
    actors = find_actors(text, k.actors, places)
    mentions = find_mentions(text, k, document, title)
    blocked = [(m.start, m.end) for m in (*mentions.actors, *mentions.places, *mentions.sources)]
    seen = observe(document, k)
    return {
        "normalization": lambda: _normalized(k, document),
        "lexicon scan": lambda: scan_lexicons(k, text, title),
        "places": lambda: find_places(text, k.places, title=title),
        "actors": lambda: find_actors(text, k.actors, places),
        "dates": lambda: find_dates(text, k.dates, document.published_at),
        "quantities": lambda: find_quantities(text, k.numbers),
        "victims": lambda: find_victims(text, k.victims, actors),
        "sources": lambda: find_sources(text, k.sources),
        "triggers": lambda: find_triggers(text, k.events, blocked),
        "cues": lambda: find_cues(text, k.events),
        "clauses": lambda: clauses(text, k.clauses),
        "decisions": lambda: decide(seen, k.models, k.acled),
    }


_LOAD_PROBE = """
import resource, sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from service.extraction import Document, extract, load_knowledge
imported = time.perf_counter()
extract(Document(text=open({seed!r}, encoding="utf-8").read()), load_knowledge())
done = time.perf_counter()
print(imported - start, done - imported, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def load_probe() -> tuple[float, float, float]:
    """In a fresh process: import time, load and first-extract time, peak RSS in MB."""
    code = _LOAD_PROBE.format(root=str(REPO_ROOT), seed=str(SEED_PATH))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    imported, loaded, rss = map(float, out.split())
    return imported, loaded, rss


# Stage functions as the pipeline module calls them, timed inside extract() by wrapping them.
_PIPELINE_STAGES = {
    "normalize": "normalization",
    "scan_lexicons": "lexicon scan",
    "find_places": "places",
    "find_actors": "actors",
    "find_dates": "dates",
    "find_quantities": "quantities",
    "find_victims": "victims",
    "find_sources": "sources",
    "find_triggers": "triggers",
    "find_cues": "cues",
    "clauses": "clauses",
    "detect": "detection",
    "_observed": "arguments",
    "retype": "typing",
    "eventiveness": "eventiveness",
    "chains": "coreference",
    "drafts": "assembly",
    "complete": "assembly",
    "share_clauses": "assembly",
    "to_incident": "assembly",
    "entities": "entities",
}


def timed_in_pipeline(spent: dict[str, float]) -> Callable[[], None]:
    """Wrap the pipeline's stage functions so that each call adds its CPU time to ``spent``;
    returns the function that undoes it."""
    originals = {name: getattr(pipeline, name) for name in _PIPELINE_STAGES if hasattr(pipeline, name)}

    def wrapper(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def timed(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start

        return timed

    def undo() -> None:
        for name, function in originals.items():
            setattr(pipeline, name, function)

    for name, function in originals.items():
        setattr(pipeline, name, wrapper(name, function))
    return undo


def in_context(knowledge: Knowledge, articles: list[Article], repeat: int, rounds: int) -> dict[str, dict[str, float]]:
    """Per article, ms per stage inside extract() (and "other": the rest), from its fastest round."""
    out: dict[str, dict[str, float]] = {}
    spent: dict[str, float] = {}
    undo = timed_in_pipeline(spent)
    try:
        for article in articles:
            best: dict[str, float] | None = None
            for _ in range(rounds):
                spent.clear()
                start = time.process_time()
                for _ in range(repeat):
                    extract(article.document, knowledge)
                total = time.process_time() - start
                if best is None or total < best["extract()"]:
                    best = {"extract()": total}
                    for name, seconds in spent.items():
                        stage = _PIPELINE_STAGES[name]
                        best[stage] = best.get(stage, 0.0) + seconds
            assert best is not None
            best["other"] = best["extract()"] - sum(v for k, v in best.items() if k != "extract()")
            out[article.name] = {k: v / repeat * 1000 for k, v in best.items()}
    finally:
        undo()
    return out


def print_table(title: str, by_article: dict[str, dict[str, float]]) -> None:
    stages = list(next(iter(by_article.values())))
    print(f"\n{title}\n{'stage':<14}{'seed ms':>10}{'mean ms':>10}")
    for stage in stages:
        mean = statistics.mean(row.get(stage, 0.0) for row in by_article.values())
        print(f"{stage:<14}{by_article['seed'].get(stage, 0.0):>10.3f}{mean:>10.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    imported, loaded, rss = load_probe()
    print(f"fresh process: import {imported:.2f} s, load the pack and extract once {loaded:.2f} s,", end=" ")
    print(f"peak RSS {rss:.0f} MB")
    articles = corpus()
    knowledge = load_knowledge()
    extract(articles[0].document, knowledge)
    sizes = [len(a.document.text) for a in articles]
    print(f"corpus: {len(articles)} articles, {sum(sizes)} characters, median {statistics.median(sizes):.0f}", end="")
    print(f" ({statistics.median(len(a.document.text.encode()) for a in articles) / 1000:.1f} KB in UTF-8)")

    totals = {a.name: best_ms(lambda a=a: extract(a.document, knowledge), args.rounds, args.repeat) for a in articles}
    corpus_ms = sum(totals.values())
    print(f"\nextract(): {len(articles) / corpus_ms * 1000:.0f} articles/s on one core")
    seed_kb = len(articles[0].document.text.encode()) / 1000
    print(f"  seed ({sizes[0]} characters, {seed_kb:.1f} KB) {totals['seed']:.2f} ms;", end=" ")
    print(f"mean {corpus_ms / len(articles):.2f} ms/article")
    midsize = [totals[a.name] for a in articles if 3000 <= len(a.document.text.encode()) <= 6000]
    if midsize:
        print(f"  3-6 KB (UTF-8): {len(midsize)} articles, mean {statistics.mean(midsize):.2f} ms")

    inside = in_context(knowledge, articles, args.repeat, args.rounds)
    print_table("stages inside extract() (what a request pays):", inside)
    isolated: dict[str, dict[str, float]] = {}
    for article in articles:
        calls = stage_calls(knowledge, article.document)
        isolated[article.name] = {stage: best_ms(call, args.rounds, args.repeat) for stage, call in calls.items()}
    print_table("stages called alone, in a loop (warm caches: lower than inside extract):", isolated)
    print(f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
