"""The shared backend: Redis through redis.asyncio, kept from ever stalling a request.

Every call goes through ``_call``: refused while the breaker is open, bounded by
``asyncio.timeout`` (connect and socket timeouts alone do not bound a whole call), one
retry on a broken connection (a pooled socket left over from a Redis restart), and its
outcome reported to the breaker. Reads asked for in one event-loop turn share one MGET
(``CoalescedReads``): one call, one timeout and one verdict for the breaker.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal, TypeVar

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from .breaker import CircuitBreaker, twin
from .coalesced_reads import CoalescedReads
from .keys import lock_key
from .store import CacheBackendError, CacheUnavailable, Write

T = TypeVar("T")

# Delete the lock only if it still holds our token: it may have expired and been taken.
_RELEASE_LOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class RedisStore:
    kind: Literal["redis"] = "redis"
    needs_envelope = True

    def __init__(
        self,
        url: str,
        *,
        timeout_seconds: float,
        breaker: CircuitBreaker | None = None,
        password: str | None = None,
    ) -> None:
        self.timeout_seconds = timeout_seconds
        # Reads and writes apart: a Redis at maxmemory with noeviction refuses every write (and
        # the compute locks, which are writes) while it still serves every read.
        self.breaker = breaker or CircuitBreaker(name="reads")
        self.write_breaker = twin(self.breaker, "writes")
        # A password in the URL (redis://:pw@host) works too; HADATH_REDIS_PASSWORD keeps it out of it.
        auth = {"password": password} if password else {}
        self._client = redis.Redis.from_url(
            url,
            **auth,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            retry=Retry(NoBackoff(), retries=1, supported_errors=(RedisConnectionError,)),
            health_check_interval=0,
        )
        self._reads = CoalescedReads(lambda keys: self._call(self.breaker, lambda: self._client.mget(keys)))

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return await self._reads.get_many(keys)

    async def try_lock(self, key: str, ttl_ms: int) -> tuple[str | None, bytes | None]:
        token = secrets.token_hex(8)

        async def send() -> list[Any]:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.set(lock_key(key), token, nx=True, px=ttl_ms)
                pipe.mget([key])  # MGET: a value of another type reads as absent, not as an error
                return await pipe.execute()

        acquired, [value] = await self._call(self.write_breaker, send)  # SET NX: a write
        return (token if acquired else None), value

    async def poll(self, key: str) -> tuple[bytes | None, bool]:
        value, lock = await self._call(self.breaker, lambda: self._client.mget([key, lock_key(key)]))
        return value, lock is not None

    async def write(
        self,
        writes: Sequence[Write],
        deletes: Sequence[str] = (),
        unlocks: Sequence[tuple[str, str]] = (),
    ) -> None:
        if not (writes or deletes or unlocks):
            return

        async def send() -> None:
            async with self._client.pipeline(transaction=False) as pipe:
                for key, value, ttl_ms in writes:
                    pipe.set(key, value, px=ttl_ms)
                if deletes:
                    pipe.delete(*deletes)
                for key, token in unlocks:
                    pipe.eval(_RELEASE_LOCK, 1, lock_key(key), token)
                await pipe.execute()

        await self._call(self.write_breaker, send)

    async def ping(self) -> None:
        await self._call(self.breaker, self._client.ping)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(self, breaker: CircuitBreaker, operation: Callable[[], Awaitable[T]]) -> T:
        if not breaker.allow():
            raise CacheUnavailable("circuit open")
        try:
            async with asyncio.timeout(self.timeout_seconds):
                result = await operation()
        except (RedisError, OSError, TimeoutError) as error:
            breaker.record_failure(error)
            raise CacheBackendError(type(error).__name__) from error
        except BaseException:
            breaker.abandon()
            raise
        breaker.record_success()
        return result
