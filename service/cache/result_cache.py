"""ResultCache: encoded response bodies by key, computed once, never at the cost of a request.

Outcomes: ``hit`` (stored bytes returned unchanged), ``miss`` (looked up, computed, stored),
``bypass`` (the backend was not usable for this request: computed without it). A backend
failure makes a bypass, never an error for the caller.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Literal

from . import metrics
from .envelope import Sealer
from .single_flight import SingleFlight
from .store import CacheBackendError, CacheUnavailable, Store, Write

CacheStatus = Literal["hit", "miss", "bypass"]

log = logging.getLogger("hadath.cache")

_FIRST_POLL_SECONDS = 0.005
_MAX_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class _Outcome:
    body: bytes
    status: CacheStatus
    failed: bool = False  # a backend call failed along the way (counted as result="error")


@dataclass(frozen=True, slots=True)
class _Miss:
    corrupt: bool  # something unreadable is stored under the key: overwrite or delete it
    error: CacheBackendError | None  # the read failed: compute without the cache


@dataclass(slots=True)
class _WritePlan:
    writes: list[Write]
    deletes: list[str]
    unlocks: list[tuple[str, str]]


class ResultCache:
    def __init__(
        self,
        store: Store,
        *,
        ttl_seconds: int,
        max_entry_bytes: int,
        ttl_jitter: float = 0.1,
        lock_ttl_seconds: float = 2.0,
        lock_wait_seconds: float = 1.0,
        secret: bytes | None = None,
    ) -> None:
        self.store = store
        # Entries in Redis name their key (document and versions); with a secret they are signed too.
        self.sealer = Sealer(secret)
        self.ttl_seconds = ttl_seconds
        self.max_entry_bytes = max_entry_bytes
        self.ttl_jitter = ttl_jitter
        self.lock_ttl_seconds = lock_ttl_seconds
        self.lock_wait_seconds = lock_wait_seconds
        self._flights: SingleFlight[_Outcome] = SingleFlight()

    async def get_or_compute(
        self, key: str, compute: Callable[[], Awaitable[bytes]], *, refresh: bool = False
    ) -> tuple[bytes, CacheStatus]:
        if refresh:
            outcome = await self._flights.run(("refresh", key), lambda: self._refresh(key, compute))
        else:
            # The read is inside the flight too: a burst of identical requests reads once, and
            # if that read fails or times out, the burst still computes once.
            outcome = await self._flights.run(("get", key), lambda: self._lookup(key, compute))
        _count(outcome)
        return outcome.body, outcome.status

    async def get_or_compute_many(
        self, keys: list[str], compute: Callable[[int], Awaitable[bytes]], *, refresh: bool = False
    ) -> list[tuple[bytes, CacheStatus]]:
        first_index: dict[str, int] = {}
        for index, key in enumerate(keys):
            first_index.setdefault(key, index)  # a document repeated in the batch is computed once
        outcomes, corrupt, read_error = await self._read_many(list(first_index), refresh=refresh)
        missing = [key for key in first_index if key not in outcomes]
        computed, computed_here, errors = await self._compute_missing(
            missing, lambda key: compute(first_index[key]), read_error, refresh
        )
        outcomes |= computed
        if read_error is None:
            outcomes |= await self._store_many({key: computed[key] for key in computed_here}, corrupt, refresh=refresh)
        if errors:
            raise errors[0]  # after storing the documents that did compute
        for key in keys:
            _count(outcomes[key])
        return [(outcomes[key].body, outcomes[key].status) for key in keys]

    async def _read_many(
        self, keys: list[str], *, refresh: bool
    ) -> tuple[dict[str, _Outcome], set[str], CacheBackendError | None]:
        """Hits by key, corrupt keys, and the error that made the read fail (one MGET)."""
        hits: dict[str, _Outcome] = {}
        corrupt: set[str] = set()
        if refresh:
            return hits, corrupt, None
        try:
            stored_values = await self.store.get_many(keys)
        except CacheBackendError as error:
            return hits, corrupt, error
        for key, stored in zip(keys, stored_values, strict=True):
            body = self._open(key, stored, corrupt)
            if body is not None:
                hits[key] = _Outcome(body, "hit")
        return hits, corrupt, None

    async def _compute_missing(
        self,
        keys: list[str],
        compute: Callable[[str], Awaitable[bytes]],
        read_error: CacheBackendError | None,
        refresh: bool,
    ) -> tuple[dict[str, _Outcome], set[str], list[BaseException]]:
        """Outcomes of ``keys``, those this batch computed itself (others joined a flight whose
        owner stores them), and the compute errors."""
        status: CacheStatus = "bypass" if read_error else "miss"
        computed_here: set[str] = set()

        async def compute_one(key: str) -> _Outcome:
            computed_here.add(key)
            return _Outcome(await compute(key), status, _is_failure(read_error))

        flight = "refresh" if refresh else "get"
        results = await asyncio.gather(
            *(self._flights.run((flight, key), lambda k=key: compute_one(k)) for key in keys),
            return_exceptions=True,
        )
        outcomes: dict[str, _Outcome] = {}
        errors: list[BaseException] = []
        for key, result in zip(keys, results, strict=True):
            if isinstance(result, BaseException):
                errors.append(result)
            else:
                outcomes[key] = result
        return outcomes, computed_here & outcomes.keys(), errors

    async def _store_many(
        self, computed: dict[str, _Outcome], corrupt: set[str], *, refresh: bool
    ) -> dict[str, _Outcome]:
        """Store the computed bodies in one round trip; outcomes updated if that failed."""
        plan = _WritePlan([], [], [])
        for key, outcome in computed.items():
            self._plan_store(plan, key, outcome.body, token=None, clear=refresh or key in corrupt)
        error = await self._write(plan)
        if error is None:
            return {}
        status: CacheStatus = "bypass" if refresh else "miss"
        return {key: replace(outcome, status=status, failed=_is_failure(error)) for key, outcome in computed.items()}

    async def readiness(self) -> dict[str, str]:
        if self.store.kind == "memory":
            return {"backend": "memory", "redis": "not_configured"}
        try:
            await self.store.ping()
        except CacheUnavailable:
            return {"backend": "redis", "redis": "circuit_open"}
        except CacheBackendError:
            return {"backend": "redis", "redis": "unreachable"}
        return {"backend": "redis", "redis": "ok"}

    async def aclose(self) -> None:
        await self.store.aclose()

    # -- one key -------------------------------------------------------------------------

    async def _lookup(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> _Outcome:
        read = await self._read(key)
        return read if isinstance(read, _Outcome) else await self._fill(key, compute, read)

    async def _read(self, key: str) -> _Outcome | _Miss:
        try:
            [stored] = await self.store.get_many([key])
        except CacheBackendError as error:
            return _Miss(corrupt=False, error=error)
        corrupt: set[str] = set()
        body = self._open(key, stored, corrupt)
        return _Outcome(body, "hit") if body is not None else _Miss(corrupt=bool(corrupt), error=None)

    async def _fill(self, key: str, compute: Callable[[], Awaitable[bytes]], read: _Miss) -> _Outcome:
        """After a miss: take the cross-replica lock (or wait for its holder), compute, store."""
        if read.error is not None:
            return _Outcome(await compute(), "bypass", _is_failure(read.error))
        try:
            token, stored = await self.store.try_lock(key, int(self.lock_ttl_seconds * 1000))
            body = self._unwrap(key, stored, count=False) if stored is not None else None
            if body is not None:  # stored meanwhile, by another caller or replica
                if token is not None:
                    await self._write(_WritePlan([], [], [(key, token)]))
                return _Outcome(body, "hit")
            if token is None:
                body = await self._wait_for_holder(key)
                if body is not None:
                    return _Outcome(body, "hit")
        except CacheBackendError as error:
            return _Outcome(await compute(), "bypass", _is_failure(error))
        return await self._compute_and_store(key, compute, token=token, clear=read.corrupt, looked_up=True)

    async def _refresh(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> _Outcome:
        return await self._compute_and_store(key, compute, token=None, clear=True, looked_up=False)

    async def _compute_and_store(
        self,
        key: str,
        compute: Callable[[], Awaitable[bytes]],
        *,
        token: str | None,
        clear: bool,
        looked_up: bool,
    ) -> _Outcome:
        try:
            body = await compute()
        except BaseException:
            if token is not None:
                await self._write(_WritePlan([], [], [(key, token)]))
            raise
        plan = _WritePlan([], [], [])
        self._plan_store(plan, key, body, token=token, clear=clear)
        error = await self._write(plan)
        if error is None:
            return _Outcome(body, "miss")
        # A refresh never read the cache: if it could not write either, the cache was bypassed.
        return _Outcome(body, "miss" if looked_up else "bypass", _is_failure(error))

    async def _wait_for_holder(self, key: str) -> bytes | None:
        """Wait (bounded) for the replica holding the lock to store ``key``; None if it did not."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lock_wait_seconds
        delay = _FIRST_POLL_SECONDS
        while (remaining := deadline - loop.time()) > 0:
            await asyncio.sleep(min(delay, remaining))
            delay = min(delay * 1.5, _MAX_POLL_SECONDS)
            stored, locked = await self.store.poll(key)
            body = self._unwrap(key, stored, count=False) if stored is not None else None
            if body is not None:
                return body
            if not locked:
                return None
        return None

    # -- shared helpers --------------------------------------------------------------------

    def _open(self, key: str, stored: bytes | None, corrupt: set[str]) -> bytes | None:
        if stored is None:
            return None
        body = self._unwrap(key, stored)
        if body is None:
            corrupt.add(key)
        return body

    def _plan_store(self, plan: _WritePlan, key: str, body: bytes, *, token: str | None, clear: bool) -> None:
        if len(body) <= self.max_entry_bytes:
            plan.writes.append(Write(key, self._wrap(key, body), self._ttl_ms()))
        else:
            metrics.OVERSIZE_SKIPS.inc()
            if clear:
                plan.deletes.append(key)
        if token is not None:
            plan.unlocks.append((key, token))

    def _wrap(self, key: str, body: bytes) -> bytes:
        return self.sealer.seal(key, body) if self.store.needs_envelope else body

    def _unwrap(self, key: str, stored: bytes, *, count: bool = True) -> bytes | None:
        """The body in ``stored``, or None (a miss) unless it was sealed for ``key``: damaged, written
        under another key (another document or version), or not signed with the secret. Counted
        and logged once per lookup (``count``: the first read, not the re-reads while filling)."""
        if not self.store.needs_envelope:
            return stored
        body, rejection = self.sealer.open(key, stored)
        if rejection is not None and count:
            metrics.CORRUPT_ENTRIES.inc()
            metrics.REJECTED_BY_REASON[rejection].inc()
            log.warning("rejected cache entry %s (%s): recomputing it", key, rejection)
        return body

    async def _write(self, plan: _WritePlan) -> CacheBackendError | None:
        try:
            await self.store.write(plan.writes, plan.deletes, plan.unlocks)
        except CacheBackendError as error:
            return error
        return None

    def _ttl_ms(self) -> int:
        factor = random.uniform(1 - self.ttl_jitter, 1 + self.ttl_jitter)
        return max(1, int(self.ttl_seconds * 1000 * factor))


def _is_failure(error: CacheBackendError | None) -> bool:
    """A refused call (open breaker) is a planned bypass; any other backend error is a failure."""
    return error is not None and not isinstance(error, CacheUnavailable)


def _count(outcome: _Outcome) -> None:
    metrics.REQUESTS_BY_RESULT["error" if outcome.failed else outcome.status].inc()
