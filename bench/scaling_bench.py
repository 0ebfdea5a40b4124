"""How extraction time grows with input size (not a test): time per size and the ratio per 10x.

Real articles are made by concatenating the seed and the dev articles (read from
``../shared/dev/gold-*.jsonl`` at run time, measurement only) up to 1, 10 and 100 thousand
characters. Adversarial inputs, at 10 and 100 thousand characters:
  trigger     one trigger word (the first of ``data/triggers.tsv``) repeated
  no-spaces   the real text with every whitespace character removed
  places      gazetteer names, one after the other

The ratio is t(10x size) / (10 * t(size)): 1.0 is linear, above it superlinear. Stage
columns show where the time goes (the same stages as ``extraction_bench.py``).

    .venv/bin/python bench/scaling_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
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
from service.extraction.places import find_places, gazetteer  # noqa: E402
from service.extraction.quantities import find_quantities  # noqa: E402
from service.extraction.resources import data_rows  # noqa: E402
from service.extraction.sources import find_sources  # noqa: E402
from service.extraction.text import normalize  # noqa: E402
from service.extraction.victims import find_victims  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
STAGES = ("normalize", "places", "actors", "dates", "quantities", "victims", "sources", "triggers", "assembly")


def real_text() -> str:
    texts = [SEED_PATH.read_text(encoding="utf-8")]
    for path in sorted(DEV_DIR.glob("gold-*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(texts)


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters, cut back to the last whitespace when it has one."""
    text = (unit * (size // len(unit) + 1))[:size]
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text[:cut] if cut > size * 0.9 else text


def inputs() -> dict[str, dict[int, str]]:
    real = real_text()
    no_spaces = "".join(real.split())
    trigger = next(row["phrase"] for row in data_rows("triggers.tsv"))
    names = " ".join(r.name_ar for r in gazetteer().records if not r.name_ar.isascii())
    return {
        "real": {size: repeated(real, size) for size in SIZES},
        "trigger": {size: repeated(trigger + " ", size) for size in SIZES[1:]},
        "no-spaces": {size: repeated(no_spaces, size) for size in SIZES[1:]},
        "places": {size: repeated(names + " ", size) for size in SIZES[1:]},
    }


def best_ms(call: Callable[[], object], rounds: int, budget_s: float = 0.3) -> float:
    """The fastest of ``rounds`` rounds; a round repeats the call to fill about ``budget_s``."""
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    repeat = max(1, int(budget_s / max(first, 1e-6)))
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            call()
        times.append((time.perf_counter() - start) / repeat * 1000)
    return min(times)


def stage_times(raw: str, rounds: int) -> dict[str, float]:
    document = Document(text=raw)
    text = normalize(raw)
    mentions = find_mentions(text, document, None)
    places = find_places(text)
    actors = find_actors(text, places)
    blocked = [(m.start, m.end) for m in (*mentions.actors, *mentions.places, *mentions.sources)]
    triggers = find_triggers(text, blocked)
    cues = find_cues(text)
    calls: dict[str, Callable[[], object]] = {
        "normalize": lambda: normalize(raw).word_chars,
        "places": lambda: find_places(text),
        "actors": lambda: find_actors(text, places),
        "dates": lambda: find_dates(text, None),
        "quantities": lambda: find_quantities(text),
        "victims": lambda: find_victims(text, actors),
        "sources": lambda: find_sources(text),
        "triggers": lambda: (find_triggers(text, blocked), find_cues(text)),
        "assembly": lambda: assemble(text, triggers, cues, mentions, None),
    }
    return {stage: best_ms(call, rounds) for stage, call in calls.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    extract(Document(text=SEED_PATH.read_text(encoding="utf-8")))  # loads the data

    header = f"{'input':<11}{'chars':>8}{'extract ms':>12}{'ratio/10x':>10}  " + "".join(f"{s[:8]:>9}" for s in STAGES)
    print(header)
    print("-" * len(header))
    for name, by_size in inputs().items():
        previous: tuple[int, float, dict[str, float]] | None = None
        for size, raw in by_size.items():
            total = best_ms(lambda raw=raw: extract(Document(text=raw)), args.rounds)
            stages = stage_times(raw, args.rounds)
            ratio = f"{total / (10 * previous[1]):.2f}" if previous else ""
            print(f"{name:<11}{len(raw):>8}{total:>12.2f}{ratio:>10}  " + "".join(f"{stages[s]:>9.2f}" for s in STAGES))
            if previous:
                worst = {s: stages[s] / (10 * previous[2][s]) for s in STAGES if previous[2][s] > 0.05}
                slow = [f"{s} {r:.2f}" for s, r in sorted(worst.items(), key=lambda kv: -kv[1]) if r > 1.3]
                if slow:
                    print(f"{'':<31}superlinear stages: {', '.join(slow)}")
            previous = (size, total, stages)


if __name__ == "__main__":
    main()
