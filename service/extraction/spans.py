"""Which found spans overlap or contain a given one, without comparing every pair."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import le, lt, sub


class SpanIndex:
    """Spans sorted by start; a query looks only at those that can reach it."""

    __slots__ = ("_ends", "_longest", "_spans", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]
        ends = [end for _, end in self._spans]
        self._longest = max(map(sub, ends, self._starts), default=0)
        # Disjoint, non-empty spans (one finder's matches) also have increasing ends: the only
        # span that can overlap or hold a query is then the first ending after its start.
        disjoint = all(map(lt, self._starts, ends)) and all(map(le, ends, self._starts[1:]))
        self._ends = ends if disjoint else None

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, max(end, start + 1))
        return self._spans[lo:hi]

    def overlaps(self, start: int, end: int) -> bool:
        if self._ends is not None:
            i = bisect_right(self._ends, start)
            return i < len(self._spans) and self._starts[i] < end
        return any(a < end and start < b for a, b in self._near(start, end))

    def contains(self, start: int, end: int, *, longer: bool = False) -> bool:
        """Some span holds [start, end); with ``longer``, one that is also longer than it."""
        if self._ends is not None and start < end:
            i = bisect_right(self._ends, start)
            if i == len(self._spans):
                return False
            a, b = self._spans[i]
            return a <= start and end <= b and (not longer or b - a > end - start)
        return any(a <= start and end <= b and (not longer or b - a > end - start) for a, b in self._near(start, end))
