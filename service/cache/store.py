"""What the result cache needs from a storage backend, and how a backend may fail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple, Protocol


class CacheBackendError(Exception):
    """A call to the backend failed or timed out."""


class CacheUnavailable(CacheBackendError):
    """The circuit breaker is open: the backend was not called."""


class Write(NamedTuple):
    key: str
    value: bytes
    ttl_ms: int


class Store(Protocol):
    kind: Literal["redis", "memory"]
    # Values that leave the process (Redis: other writers, truncated writes) travel in an
    # envelope that lets a reader reject damaged bytes; values kept in process do not need one.
    needs_envelope: bool

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        """Stored values in the order of ``keys`` (None where absent), in one round trip."""
        ...

    async def try_lock(self, key: str, ttl_ms: int) -> tuple[str | None, bytes | None]:
        """Try to take the compute lock of ``key`` and read it again, in one round trip: a token
        if this caller now holds the lock (None if another does), and the stored value."""
        ...

    async def poll(self, key: str) -> tuple[bytes | None, bool]:
        """The stored value of ``key`` and whether its compute lock is still held."""
        ...

    async def write(
        self,
        writes: Sequence[Write],
        deletes: Sequence[str] = (),
        unlocks: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Store, delete and release locks (key, token) in one round trip."""
        ...

    async def ping(self) -> None: ...

    async def aclose(self) -> None: ...
