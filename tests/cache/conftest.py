"""Fixtures of the cache tests: a real ``redis-server`` (one per session, flushed before each
test; a private one for tests that stop and start it), a blackhole server, cache factories.
Nothing is persisted: ``--save "" --appendonly no``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from service.cache import CircuitBreaker, MemoryStore, RedisStore, ResultCache

from .support import Blackhole, CacheFactory, RedisServer


@pytest.fixture(scope="session")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis-shared"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_server(shared_redis: RedisServer) -> RedisServer:
    """The session's server, emptied and with fresh command statistics."""
    client = shared_redis.client()
    client.flushall()
    client.config_resetstat()
    return shared_redis


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A server of this test's own, which the test may stop and start."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    server = Blackhole()
    yield server
    server.close()


@pytest.fixture
async def make_cache() -> AsyncIterator[CacheFactory]:
    """Build ResultCaches over Redis (``url=``) or memory (no url); all are closed afterwards."""
    caches: list[ResultCache] = []

    def build(
        url: str | None = None,
        *,
        timeout: float = 0.25,
        failure_threshold: int = 3,
        cooldown: float = 5.0,
        ttl_seconds: int = 3600,
        max_entry_bytes: int = 1 << 20,
        memory_bytes: int = 1 << 20,
        lock_wait: float = 1.0,
    ) -> ResultCache:
        store: RedisStore | MemoryStore
        if url:
            breaker = CircuitBreaker(failure_threshold=failure_threshold, cooldown_seconds=cooldown)
            store = RedisStore(url, timeout_seconds=timeout, breaker=breaker)
        else:
            store = MemoryStore(memory_bytes)
        cache = ResultCache(
            store, ttl_seconds=ttl_seconds, max_entry_bytes=max_entry_bytes, lock_wait_seconds=lock_wait
        )
        caches.append(cache)
        return cache

    yield build
    for cache in caches:
        await cache.aclose()
