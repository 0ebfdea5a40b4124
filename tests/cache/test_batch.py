"""Batches: one MGET for the reads, one pipeline for the writes, duplicates computed once."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio.connection import AbstractConnection

from service.cache.envelope import Sealer

from .support import CacheFactory, Computation, RedisServer, key


def body(name: str) -> bytes:
    return f'{{"id":"{name}","text":"اشتباكات"}}'.encode()


class RoundTrips:
    """Counts what the Redis client sends over the wire: one send per command or pipeline."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = AbstractConnection.send_packed_command

        async def counting(connection: AbstractConnection, command, check_health: bool = True) -> None:  # type: ignore[no-untyped-def]
            self.count += 1
            await original(connection, command, check_health)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)


async def test_batch_reads_with_one_mget_and_writes_with_one_pipeline(
    redis_server: RedisServer, make_cache: CacheFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = make_cache(redis_server.url)
    await cache.readiness()  # open the connection first: its handshake is not the batch's
    await cache.get_or_compute(key("b"), lambda: _async(body("b")))
    names = ["a", "b", "a", "c", "d"]
    computed: list[int] = []

    async def compute(index: int) -> bytes:
        computed.append(index)
        return body(names[index])

    redis_server.client().config_resetstat()
    trips = RoundTrips(monkeypatch)
    results = await cache.get_or_compute_many([key(name) for name in names], compute)

    assert results == [
        (body("a"), "miss"),
        (body("b"), "hit"),
        (body("a"), "miss"),
        (body("c"), "miss"),
        (body("d"), "miss"),
    ]
    assert sorted(computed) == [0, 3, 4]  # "a" once, at its first position
    assert trips.count == 2
    assert redis_server.command_calls("mget") == 1
    assert redis_server.command_calls("set") == 3
    assert redis_server.command_calls("get") == 0
    assert Sealer().open(key("d"), redis_server.client().get(key("d")))[0] == body("d")

    trips.count = 0
    again = await cache.get_or_compute_many([key(name) for name in names], compute)
    assert [status for _, status in again] == ["hit"] * 5
    assert [payload for payload, _ in again] == [payload for payload, _ in results]
    assert trips.count == 1


async def test_batch_refresh_overwrites_without_reading(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    cache = make_cache(redis_server.url)
    await cache.get_or_compute(key("x"), lambda: _async(b"old"))
    redis_server.client().config_resetstat()
    results = await cache.get_or_compute_many([key("x"), key("y")], lambda i: _async(b"new"), refresh=True)
    assert results == [(b"new", "miss"), (b"new", "miss")]
    assert redis_server.command_calls("mget") == 0
    assert Sealer().open(key("x"), redis_server.client().get(key("x")))[0] == b"new"


async def test_batch_repairs_corrupt_entries(redis_server: RedisServer, make_cache: CacheFactory) -> None:
    cache = make_cache(redis_server.url)
    redis_server.client().set(key("bad"), b"\x00garbage")
    results = await cache.get_or_compute_many([key("bad")], lambda i: _async(body("bad")))
    assert results == [(body("bad"), "miss")]
    assert Sealer().open(key("bad"), redis_server.client().get(key("bad")))[0] == body("bad")


async def test_batch_in_memory(make_cache: CacheFactory) -> None:
    cache = make_cache(None)
    first = await cache.get_or_compute_many([key("m"), key("n")], lambda i: _async(body(str(i))))
    second = await cache.get_or_compute_many([key("n"), key("m")], lambda i: _async(b"unused"))
    assert [status for _, status in first] == ["miss", "miss"]
    assert second == [(body("1"), "hit"), (body("0"), "hit")]


async def _async(value: bytes) -> bytes:
    return value


async def test_a_failing_document_fails_the_batch_after_the_others_are_stored(
    redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url)

    async def compute(index: int) -> bytes:
        if index == 1:
            raise ValueError("unusable document")
        return body(str(index))

    with pytest.raises(ValueError, match="unusable document"):
        await cache.get_or_compute_many([key("ok0"), key("bad"), key("ok2")], compute)
    assert await cache.get_or_compute_many([key("ok0"), key("ok2")], lambda i: _async(b"unused")) == [
        (body("0"), "hit"),
        (body("2"), "hit"),
    ]


async def test_a_batch_joins_a_computation_already_in_flight(
    redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url)
    single = Computation(body("shared"), seconds=0.1)
    in_flight = asyncio.create_task(cache.get_or_compute(key("shared"), single))
    await asyncio.sleep(0.02)
    batch_calls: list[int] = []

    async def compute(index: int) -> bytes:
        batch_calls.append(index)
        return body("other")

    results = await cache.get_or_compute_many([key("shared"), key("other")], compute)
    assert results == [(body("shared"), "miss"), (body("other"), "miss")]
    assert single.calls == 1 and batch_calls == [1]
    assert await in_flight == (body("shared"), "miss")
    assert redis_server.command_calls("set") == 3  # lock and entry by the single call, one entry by the batch
