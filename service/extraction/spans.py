"""Which found spans overlap or contain a given one, without comparing every pair."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


class SpanIndex:
    """Spans sorted by start; a query looks only at those that can reach it."""

    __slots__ = ("_spans", "_starts", "_longest")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]
        self._longest = max((end - start for start, end in self._spans), default=0)

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, max(end, start + 1))
        return self._spans[lo:hi]

    def overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self._near(start, end))

    def contains(self, start: int, end: int, *, longer: bool = False) -> bool:
        """Some span holds [start, end); with ``longer``, one that is also longer than it."""
        return any(
            a <= start and end <= b and (not longer or b - a > end - start) for a, b in self._near(start, end)
        )
