"""The benchmarks' one timer: CPU time, so that other load on the machine inflates it less."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_ms(call: Callable[[], object], rounds: int, repeat: int | None = None, budget_s: float = 0.15) -> float:
    """The fastest of ``rounds`` rounds, each the mean of ``repeat`` calls, in milliseconds;
    without ``repeat``, a round repeats the call to fill about ``budget_s`` seconds."""
    start = time.process_time()
    call()
    first = time.process_time() - start
    repeat = repeat or max(1, int(budget_s / max(first, 1e-6)))
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(repeat):
            call()
        times.append((time.process_time() - start) / repeat * 1000)
    return min(times)
