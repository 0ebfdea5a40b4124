"""The embedded backend: an in-process LRU bounded by bytes, with expiry."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Literal

from .store import Write


class MemoryStore:
    """Least recently used entries go first once keys and values exceed ``max_bytes``.

    One process has no other replica to coordinate with, so every lock is granted at once
    (single flight already coalesces callers within the process)."""

    kind: Literal["memory"] = "memory"
    needs_envelope = False  # values never leave this process: a hit returns the very bytes written

    def __init__(self, max_bytes: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_bytes = max_bytes
        self._clock = clock
        self._entries: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._size = 0

    @property
    def size_bytes(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._entries)

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return [self._get(key) for key in keys]

    async def try_lock(self, key: str, ttl_ms: int) -> tuple[str | None, bytes | None]:
        return "local", self._get(key)

    async def poll(self, key: str) -> tuple[bytes | None, bool]:
        return self._get(key), False

    async def write(
        self,
        writes: Sequence[Write],
        deletes: Sequence[str] = (),
        unlocks: Sequence[tuple[str, str]] = (),
    ) -> None:
        for key in deletes:
            self._discard(key)
        for key, value, ttl_ms in writes:
            self._put(key, value, self._clock() + ttl_ms / 1000)

    async def ping(self) -> None:
        return None

    async def aclose(self) -> None:
        self._entries.clear()
        self._size = 0

    def _get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if self._clock() >= expires_at:
            self._discard(key)
            return None
        self._entries.move_to_end(key)
        return value

    def _put(self, key: str, value: bytes, expires_at: float) -> None:
        self._discard(key)
        cost = _cost(key, value)
        if cost > self.max_bytes:
            return
        while self._size + cost > self.max_bytes:
            oldest_key, (oldest_value, _) = self._entries.popitem(last=False)
            self._size -= _cost(oldest_key, oldest_value)
        # A copy made here, on the event loop's thread: the value was built on the extraction
        # thread, whose malloc arena its short-lived objects churn. Held there for hours, entries
        # pin that arena's pages (a worker with its cache full: 236 MiB resident, 213 with the copy).
        self._entries[key] = (bytes(memoryview(value)), expires_at)
        self._size += cost

    def _discard(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._size -= _cost(key, entry[0])


def _cost(key: str, value: bytes) -> int:
    return len(key) + len(value)
