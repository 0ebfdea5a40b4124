"""ResultCache over a real Redis (and the in-memory default): hits, misses, TTL, repair, locks."""

from __future__ import annotations

import asyncio
import time

import pytest
from prometheus_client import REGISTRY

from service.cache import key_space
from service.cache.envelope import Sealer
from service.cache.keys import lock_key

from .support import CacheFactory, Computation, RedisServer, key

BODY = '{"incidents":[{"type":"shelling","trigger":{"text":"قصفت"}}]}'.encode() + b"\x00\xff"
OTHER = b'{"incidents":[]}'


def requests_total(result: str) -> float:
    return REGISTRY.get_sample_value("hadath_cache_requests_total", {"result": result}) or 0.0


@pytest.mark.parametrize("backend", ["redis", "memory"])
async def test_miss_then_hit_returns_identical_bytes(
    backend: str, redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url if backend == "redis" else None)
    compute = Computation(BODY)
    hits_before = requests_total("hit")
    assert await cache.get_or_compute(key("a"), compute) == (BODY, "miss")
    body, status = await cache.get_or_compute(key("a"), compute)
    assert (body, status) == (BODY, "hit") and type(body) is bytes
    assert compute.calls == 1
    assert requests_total("hit") == hits_before + 1


async def test_entry_is_stored_sealed_with_a_jittered_ttl(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    cache = make_cache(redis_server.url, ttl_seconds=1000)
    for index in range(30):
        await cache.get_or_compute(key(f"t{index}"), Computation(BODY))
    inspector = redis_server.client()
    assert Sealer().open(key("t0"), inspector.get(key("t0")))[0] == BODY
    ttls = [inspector.pttl(key(f"t{index}")) for index in range(30)]
    assert all(900_000 - 1000 <= ttl <= 1_100_000 for ttl in ttls), ttls
    expiries = [inspector.execute_command("PEXPIRETIME", key(f"t{index}")) for index in range(30)]
    assert max(expiries) - min(expiries) > 20_000  # jittered: a burst does not expire at one instant


async def test_the_memory_store_keeps_bodies_as_they_are(make_cache: CacheFactory) -> None:
    cache = make_cache()
    await cache.get_or_compute(key("m"), Computation(BODY))
    assert await cache.store.get_many([key("m")]) == [BODY]  # no envelope to check on every hit


async def test_a_new_extractor_version_is_a_miss(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    cache = make_cache(redis_server.url)
    compute = Computation(BODY)
    await cache.get_or_compute(key("cd"), compute)
    assert (await cache.get_or_compute(key("cd"), compute))[1] == "hit"
    newer = key_space("v-test", "fedcba9876543210", "pack")
    assert (await cache.get_or_compute(key("cd", newer), compute))[1] == "miss"
    assert compute.calls == 2


@pytest.mark.parametrize("backend", ["redis", "memory"])
async def test_entries_above_the_size_limit_are_not_stored(
    backend: str, redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url if backend == "redis" else None, max_entry_bytes=100)
    at_limit, above = Computation(b"a" * 100), Computation(b"b" * 101)
    for _ in range(2):
        await cache.get_or_compute(key("at"), at_limit)
        assert (await cache.get_or_compute(key("above"), above)) == (b"b" * 101, "miss")
    assert at_limit.calls == 1 and above.calls == 2
    if backend == "redis":
        assert redis_server.client().exists(key("above")) == 0


@pytest.mark.parametrize(
    "garbage",
    [
        b"not an envelope",
        Sealer().seal(key("c"), BODY)[:-3],
        Sealer().seal(key("c"), OTHER)[:-1] + b"X",
        Sealer().seal(key("other"), OTHER),
        Sealer(b"a secret of sixteen").seal(key("c"), OTHER),
    ],
    ids=["garbage", "truncated", "bad-checksum", "another-key", "signed-by-another-writer"],
)
async def test_a_corrupt_entry_is_a_miss_and_is_repaired(
    garbage: bytes, redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url)
    inspector = redis_server.client()
    inspector.set(key("c"), garbage)
    compute = Computation(BODY)
    assert await cache.get_or_compute(key("c"), compute) == (BODY, "miss")
    assert Sealer().open(key("c"), inspector.get(key("c")))[0] == BODY
    assert await cache.get_or_compute(key("c"), compute) == (BODY, "hit")
    assert compute.calls == 1


async def test_a_value_of_the_wrong_type_is_replaced(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    cache = make_cache(redis_server.url)
    redis_server.client().rpush(key("list"), b"stray")
    assert await cache.get_or_compute(key("list"), Computation(BODY)) == (BODY, "miss")
    assert await cache.get_or_compute(key("list"), Computation(BODY)) == (BODY, "hit")


async def test_a_corrupt_entry_too_large_to_store_again_is_deleted(
    redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url, max_entry_bytes=10)
    redis_server.client().set(key("c"), b"garbage")
    assert await cache.get_or_compute(key("c"), Computation(BODY)) == (BODY, "miss")
    assert redis_server.client().exists(key("c")) == 0


@pytest.mark.parametrize("backend", ["redis", "memory"])
async def test_refresh_skips_the_read_and_overwrites(
    backend: str, redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url if backend == "redis" else None)
    await cache.get_or_compute(key("r"), Computation(OTHER))
    refreshed = Computation(BODY)
    assert await cache.get_or_compute(key("r"), refreshed, refresh=True) == (BODY, "miss")
    assert refreshed.calls == 1
    assert await cache.get_or_compute(key("r"), Computation(OTHER)) == (BODY, "hit")


@pytest.mark.parametrize("backend", ["redis", "memory"])
async def test_fifty_concurrent_identical_calls_compute_once(
    backend: str, redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url if backend == "redis" else None)
    compute = Computation(BODY, seconds=0.05)
    results = await asyncio.gather(*(cache.get_or_compute(key("burst"), compute) for _ in range(50)))
    assert compute.calls == 1
    assert results == [(BODY, "miss")] * 50
    if backend == "redis":
        assert redis_server.command_calls("mget") == 2  # the leader's read and its re-read with the lock
        assert redis_server.command_calls("set") == 2  # one lock and one entry


async def test_two_replicas_sharing_redis_compute_once(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    first, second = make_cache(redis_server.url), make_cache(redis_server.url)
    compute = Computation(BODY, seconds=0.1)
    results = await asyncio.gather(*(cache.get_or_compute(key("shared"), compute) for cache in [first, second] * 10))
    assert compute.calls == 1  # the second replica waited on the lock and read the result
    assert sorted({status for _, status in results}) == ["hit", "miss"]
    assert {body for body, _ in results} == {BODY}
    assert redis_server.client().exists(lock_key(key("shared"))) == 0  # released


async def test_the_second_replica_gets_hits(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    first, second = make_cache(redis_server.url), make_cache(redis_server.url)
    await first.get_or_compute(key("s"), Computation(BODY))
    compute = Computation(OTHER)
    assert await second.get_or_compute(key("s"), compute) == (BODY, "hit")
    assert compute.calls == 0


async def test_an_entry_stored_between_read_and_lock_is_a_hit(
    redis_server: RedisServer, make_cache: CacheFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = make_cache(redis_server.url), make_cache(redis_server.url)
    real_read = second.store.get_many

    async def read_then_let_the_other_replica_store(keys: list[str]) -> list[bytes | None]:
        values = await real_read(keys)
        await first.get_or_compute(key("race"), Computation(BODY))
        return values

    monkeypatch.setattr(second.store, "get_many", read_then_let_the_other_replica_store)
    late = Computation(OTHER)
    assert await second.get_or_compute(key("race"), late) == (BODY, "hit")
    assert late.calls == 0
    assert redis_server.client().exists(lock_key(key("race"))) == 0  # the lock it took is released


async def test_a_lock_waiter_that_times_out_computes_anyway(
    redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    holder, waiter = make_cache(redis_server.url), make_cache(redis_server.url, lock_wait=0.2)
    slow, fast = Computation(BODY, seconds=1.0), Computation(BODY, seconds=0.01)
    holding = asyncio.create_task(holder.get_or_compute(key("slow"), slow))
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    assert await waiter.get_or_compute(key("slow"), fast) == (BODY, "miss")
    assert 0.2 <= time.perf_counter() - started < 0.2 + 0.3
    assert fast.calls == 1
    assert await holding == (BODY, "miss")


async def test_a_failed_holder_releases_its_lock_at_once(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    holder, waiter = make_cache(redis_server.url), make_cache(redis_server.url, lock_wait=2.0)
    failing = Computation(BODY, seconds=0.1, error=RuntimeError("extractor crashed"))
    holding = asyncio.create_task(holder.get_or_compute(key("f"), failing))
    await asyncio.sleep(0.02)
    started = time.perf_counter()
    assert await waiter.get_or_compute(key("f"), Computation(BODY)) == (BODY, "miss")
    assert time.perf_counter() - started < 1.0
    with pytest.raises(RuntimeError, match="extractor crashed"):
        await holding
    assert redis_server.client().exists(lock_key(key("f"))) == 0


async def test_readiness_reports_the_backend(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    assert await make_cache(redis_server.url).readiness() == {"backend": "redis", "redis": "ok"}
    assert await make_cache(None).readiness() == {"backend": "memory", "redis": "not_configured"}
