"""Reads in the same loop turn share one multi-key read; each caller gets its own keys or the error."""

from __future__ import annotations

import asyncio

import pytest

from service.cache.coalesced_reads import CoalescedReads

from .support import CacheFactory, Computation, RedisServer, key


class Backend:
    """A multi-key read over a dict that records the keys of each call."""

    def __init__(self, values: dict[str, bytes], error: Exception | None = None) -> None:
        self.values = values
        self.error = error
        self.calls: list[list[str]] = []

    async def read(self, keys: list[str]) -> list[bytes | None]:
        self.calls.append(keys)
        await asyncio.sleep(0.01)
        if self.error is not None:
            raise self.error
        return [self.values.get(key) for key in keys]


async def test_reads_of_one_turn_go_out_together_and_each_caller_gets_its_keys() -> None:
    backend = Backend({"a": b"1", "b": b"2"})
    reads = CoalescedReads(backend.read)
    answers = await asyncio.gather(reads.get_many(["a"]), reads.get_many(["b", "x"]), reads.get_many(["a", "b"]))
    assert answers == [[b"1"], [b"2", None], [b"1", b"2"]]
    assert backend.calls == [["a", "b", "x"]]  # each key once
    assert await reads.get_many(["b"]) == [b"2"] and len(backend.calls) == 2  # a later turn reads again


async def test_the_error_of_a_read_reaches_every_caller() -> None:
    reads = CoalescedReads(Backend({}, error=ConnectionError("down")).read)
    answers = await asyncio.gather(reads.get_many(["a"]), reads.get_many(["b"]), return_exceptions=True)
    assert [type(answer) for answer in answers] == [ConnectionError, ConnectionError]


async def test_a_caller_that_goes_away_leaves_the_others_their_answer() -> None:
    backend = Backend({"a": b"1", "b": b"2"})
    reads = CoalescedReads(backend.read)
    leaving = asyncio.ensure_future(reads.get_many(["a"]))
    staying = asyncio.ensure_future(reads.get_many(["b"]))
    await asyncio.sleep(0)
    leaving.cancel()
    assert await staying == [b"2"]
    with pytest.raises(asyncio.CancelledError):
        await leaving


async def test_concurrent_lookups_of_different_keys_are_one_mget(
    redis_server: RedisServer, make_cache: CacheFactory
) -> None:
    cache = make_cache(redis_server.url)
    keys = [key(f"doc-{index}") for index in range(10)]
    for index, entry in enumerate(keys):
        await cache.get_or_compute(entry, Computation(b"body %d" % index))
    redis_server.client().config_resetstat()
    answers = await asyncio.gather(*(cache.get_or_compute(k, Computation(b"recomputed")) for k in keys))
    assert answers == [(b"body %d" % index, "hit") for index in range(10)]
    assert redis_server.command_calls("mget") == 1
