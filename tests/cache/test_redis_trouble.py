"""Redis trouble never fails or stalls a call: stopped, restarted, and blackholed servers."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from prometheus_client import REGISTRY

from service.cache import BreakerState, RedisStore, ResultCache

from .support import Blackhole, CacheFactory, Computation, RedisServer, key

BODY = '{"incidents":[],"text":"انفجار"}'.encode()
COMPUTE_SECONDS = 0.02


def breaker_state(store: object) -> BreakerState:
    assert isinstance(store, RedisStore)
    return store.breaker.state


def errors_total() -> float:
    return REGISTRY.get_sample_value("hadath_cache_requests_total", {"result": "error"}) or 0.0


async def test_redis_stopped_then_started_again(
    private_redis: RedisServer, make_cache: CacheFactory, caplog: pytest.LogCaptureFixture
) -> None:
    cache = make_cache(private_redis.url, failure_threshold=3, cooldown=0.5)
    compute = Computation(BODY, seconds=COMPUTE_SECONDS)
    await cache.get_or_compute(key("k"), compute)
    assert (await cache.get_or_compute(key("k"), compute))[1] == "hit"

    caplog.set_level(logging.INFO, logger="hadath.cache")
    errors_before = errors_total()
    private_redis.stop()
    for index in range(8):
        started = time.perf_counter()
        body, status = await cache.get_or_compute(key(f"down{index % 2}"), compute)
        assert (body, status) == (BODY, "bypass")
        assert time.perf_counter() - started < 0.25 + COMPUTE_SECONDS + 0.5
    assert breaker_state(cache.store) is BreakerState.OPEN
    assert errors_total() == errors_before + 3  # then the breaker stopped calling Redis
    assert await cache.readiness() == {"backend": "redis", "redis": "circuit_open"}
    batch = await cache.get_or_compute_many([key("b1"), key("b2")], lambda i: compute())
    assert [status for _, status in batch] == ["bypass", "bypass"]

    private_redis.start()  # same port, empty: nothing was persisted
    await asyncio.sleep(0.5)
    assert await cache.get_or_compute(key("k"), compute) == (BODY, "miss")  # the probe
    assert breaker_state(cache.store) is BreakerState.CLOSED
    assert await cache.get_or_compute(key("k"), compute) == (BODY, "hit")
    assert await cache.readiness() == {"backend": "redis", "redis": "ok"}

    changes = [r.getMessage().split(":")[0] for r in caplog.records if r.name == "hadath.cache"]
    assert changes == ["cache circuit open", "cache circuit half-open", "cache circuit closed"]


async def test_readiness_reports_an_unreachable_redis(private_redis: RedisServer, make_cache: CacheFactory) -> None:
    cache = make_cache(private_redis.url, failure_threshold=5)
    private_redis.stop()
    assert await cache.readiness() == {"backend": "redis", "redis": "unreachable"}


async def test_a_blackholed_redis_costs_at_most_the_timeout(blackhole: Blackhole, make_cache: CacheFactory) -> None:
    timeout = 0.2
    cache = make_cache(blackhole.url, timeout=timeout, failure_threshold=3, cooldown=60)
    compute = Computation(BODY, seconds=COMPUTE_SECONDS)
    durations = []
    for index in range(6):
        started = time.perf_counter()
        assert await cache.get_or_compute(key(f"bh{index}"), compute) == (BODY, "bypass")
        durations.append(time.perf_counter() - started)
    assert blackhole.accepted >= 1  # the calls really reached a socket that never answers
    assert all(duration < timeout * 3 + COMPUTE_SECONDS + 0.5 for duration in durations), durations
    assert min(durations[:3]) >= timeout * 0.9  # each waited for its timeout...
    assert max(durations[3:]) < timeout / 2  # ...until the breaker opened
    assert breaker_state(cache.store) is BreakerState.OPEN


async def test_concurrent_calls_to_a_blackholed_redis(blackhole: Blackhole, make_cache: CacheFactory) -> None:
    timeout = 0.2
    cache = make_cache(blackhole.url, timeout=timeout, failure_threshold=3, cooldown=60)
    compute = Computation(BODY, seconds=COMPUTE_SECONDS)
    started = time.perf_counter()
    results = await asyncio.gather(*(cache.get_or_compute(key(f"c{index}"), compute) for index in range(20)))
    assert time.perf_counter() - started < timeout * 3 + COMPUTE_SECONDS + 0.5
    assert {status for _, status in results} == {"bypass"}
    started = time.perf_counter()
    assert (await cache.readiness())["redis"] in ("unreachable", "circuit_open")
    assert time.perf_counter() - started < timeout * 3 + 0.5


async def test_a_blackholed_batch_returns_within_the_timeout(blackhole: Blackhole, make_cache: CacheFactory) -> None:
    timeout = 0.2
    cache = make_cache(blackhole.url, timeout=timeout)
    compute = Computation(BODY, seconds=COMPUTE_SECONDS)
    started = time.perf_counter()
    results = await cache.get_or_compute_many([key("x"), key("y"), key("z")], lambda i: compute())
    assert time.perf_counter() - started < timeout * 3 + 3 * COMPUTE_SECONDS + 0.5
    assert [status for _, status in results] == ["bypass"] * 3


async def test_a_full_redis_refusing_writes_still_serves_reads(
    private_redis: RedisServer, make_cache: CacheFactory
) -> None:
    """maxmemory with noeviction: every write (and compute lock) fails with OOM, reads still work.
    The write breaker opens; the read breaker stays closed, so stored answers are still hits."""
    cache = make_cache(private_redis.url, failure_threshold=3, cooldown=60)
    compute = Computation(BODY)
    await cache.get_or_compute(key("stored"), compute)
    admin = private_redis.client()
    used = int(admin.info("memory")["used_memory"])
    admin.config_set("maxmemory-policy", "noeviction")
    admin.config_set("maxmemory", str(used))  # full: nothing more fits
    statuses = [(await cache.get_or_compute(key(f"new{index}"), compute))[1] for index in range(6)]
    assert statuses == ["bypass"] * 6  # computed, not stored
    assert isinstance(cache.store, RedisStore)
    assert cache.store.write_breaker.state is BreakerState.OPEN
    assert breaker_state(cache.store) is BreakerState.CLOSED
    hits = [await cache.get_or_compute(key("stored"), compute) for _ in range(20)]
    assert all(status == "hit" for _, status in hits)
    assert await cache.readiness() == {"backend": "redis", "redis": "ok"}


async def test_a_redis_with_a_password(private_redis: RedisServer, make_cache: CacheFactory) -> None:
    """requirepass: the store authenticates with HADATH_REDIS_PASSWORD; without it, every call is refused."""
    private_redis.client().config_set("requirepass", "s3cret-redis-password")
    store = RedisStore(private_redis.url, timeout_seconds=0.5, password="s3cret-redis-password")
    cache = ResultCache(store, ttl_seconds=60, max_entry_bytes=1 << 20)
    stranger = make_cache(private_redis.url)
    try:
        compute = Computation(BODY)
        assert await cache.get_or_compute(key("p"), compute) == (BODY, "miss")
        assert await cache.get_or_compute(key("p"), compute) == (BODY, "hit")
        assert await stranger.get_or_compute(key("p"), compute) == (BODY, "bypass")
        assert await stranger.readiness() == {"backend": "redis", "redis": "unreachable"}
    finally:
        await cache.aclose()
