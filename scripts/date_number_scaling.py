"""Cost of the date and number finders against text length (measurement only, not a test).

One sentence full of date and number expressions is repeated to 10k, 25k, 50k and 100k
characters; each size is normalized and scanned once, then ``find_dates`` and ``find_quantities``
are timed alone (CPU time, best of ``--rounds``). Linear cost shows as a 100k/10k ratio near 10.

usage: .venv/bin/python scripts/date_number_scaling.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extraction import load_knowledge
from service.extraction.dates import find_dates
from service.extraction.pipeline import scan_lexicons
from service.extraction.quantities import find_quantities

SENTENCE = (
    "قتل 12 مدنيا وأصيب نحو 1,200 آخرين يوم الاثنين في 18 شباط 2024 ومن 13 إلى 15 تموز الماضي، "
    "بعد أن قصفت الطائرات أمس ثلاثة وعشرين موقعا خلال الأسابيع الثلاثة الماضية وفي عيد الفطر. "
)
SIZES = (10_000, 25_000, 50_000, 100_000)
PUBLISHED = dt.date(2024, 3, 14)


def best_ms(function, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    knowledge = load_knowledge()
    print(f"{'characters':>10} {'dates ms':>9} {'numbers ms':>11} {'dates found':>12} {'numbers found':>14}")
    first: tuple[float, float] | None = None
    for size in SIZES:
        text = knowledge.normalizer((SENTENCE * (size // len(SENTENCE) + 1))[:size])
        scan_lexicons(knowledge, text)
        dates_ms = best_ms(lambda t=text: find_dates(t, knowledge.dates, PUBLISHED), rounds)
        numbers_ms = best_ms(lambda t=text: find_quantities(t, knowledge.numbers), rounds)
        found = len(find_dates(text, knowledge.dates, PUBLISHED)), len(find_quantities(text, knowledge.numbers))
        print(f"{size:>10,} {dates_ms:>9.1f} {numbers_ms:>11.1f} {found[0]:>12,} {found[1]:>14,}")
        first = first or (dates_ms, numbers_ms)
    assert first is not None
    print(f"100k / 10k: dates {dates_ms / first[0]:.1f}x, numbers {numbers_ms / first[1]:.1f}x (linear: 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
