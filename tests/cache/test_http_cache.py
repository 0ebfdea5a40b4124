"""The cache seen through HTTP: the real app (create_app) against a real redis-server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

import service.runner as runner
from service.app import create_app
from service.settings import Settings

from ..conftest import SEED_PATH
from .support import Blackhole, RedisServer

AppClient = Callable[..., contextlib.AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(scope="module")
def seed_request() -> dict[str, str]:
    return {"text": SEED_PATH.read_text(encoding="utf-8"), "source": "test"}


@contextlib.asynccontextmanager
async def app_client(**settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A started and warmed-up app, called in process on this test's event loop."""
    app = create_app(Settings(**settings))
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hadath.test", timeout=30) as client:
            deadline = time.monotonic() + 60
            while (await client.get("/readyz")).status_code != 200:
                assert time.monotonic() < deadline, "the app did not become ready"
                await asyncio.sleep(0.02)
            yield client


class ExtractionCounter:
    """Counts calls of the extractor behind the pool (it runs in worker threads)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._lock = threading.Lock()
        original = runner._extract_anonymous

        def counting(knowledge, document):  # type: ignore[no-untyped-def]
            with self._lock:
                self.calls += 1
            return original(knowledge, document)

        monkeypatch.setattr(runner, "_extract_anonymous", counting)


def without_timing(body: bytes) -> dict[str, Any]:
    decoded = json.loads(body)
    decoded["meta"].pop("elapsed_ms")
    return decoded


async def test_miss_then_hit_with_identical_bytes(
    redis_server: RedisServer, seed_request: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_client(redis_url=redis_server.url) as client:
        counter = ExtractionCounter(monkeypatch)
        first = await client.post("/extract", json=seed_request)
        second = await client.post("/extract", json=seed_request)
    assert (first.status_code, first.headers["x-cache"]) == (200, "miss")
    assert (second.status_code, second.headers["x-cache"]) == (200, "hit")
    assert second.content == first.content
    assert counter.calls == 1
    assert json.loads(first.content)["incidents"]  # the seed article has incidents to cache


async def test_no_cache_recomputes_and_overwrites(
    redis_server: RedisServer, seed_request: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_client(redis_url=redis_server.url) as client:
        counter = ExtractionCounter(monkeypatch)
        first = await client.post("/extract", json=seed_request)
        refreshed = await client.post("/extract", json=seed_request, headers={"Cache-Control": "no-cache"})
        after = await client.post("/extract", json=seed_request)
    assert refreshed.headers["x-cache"] == "miss"
    assert counter.calls == 2
    assert after.headers["x-cache"] == "hit"
    assert after.content == refreshed.content
    assert without_timing(refreshed.content) == without_timing(first.content)


async def test_fifty_concurrent_identical_requests_extract_once(
    redis_server: RedisServer, seed_request: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 50 requests and their client share this event loop: a generous Redis timeout keeps its lag
    # from turning a read into a bypass, which this test is not about.
    async with app_client(redis_url=redis_server.url, redis_timeout=2.0) as client:
        counter = ExtractionCounter(monkeypatch)
        responses = await asyncio.gather(*(client.post("/extract", json=seed_request) for _ in range(50)))
    assert counter.calls == 1
    assert {response.status_code for response in responses} == {200}
    assert len({response.content for response in responses}) == 1


async def test_two_app_instances_share_redis(
    redis_server: RedisServer, seed_request: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_client(redis_url=redis_server.url) as first, app_client(redis_url=redis_server.url) as second:
        counter = ExtractionCounter(monkeypatch)
        from_first = await first.post("/extract", json=seed_request)
        from_second = await second.post("/extract", json=seed_request)
    assert (from_first.headers["x-cache"], from_second.headers["x-cache"]) == ("miss", "hit")
    assert from_second.content == from_first.content
    assert counter.calls == 1


async def test_garbage_under_the_key_is_answered_correctly_and_repaired(
    redis_server: RedisServer, seed_request: dict[str, str]
) -> None:
    async with app_client(redis_url=redis_server.url) as client:
        first = await client.post("/extract", json=seed_request)
        inspector = redis_server.client()
        [key] = [k for k in inspector.keys("hadath:*") if not k.endswith(b":lock")]
        inspector.set(key, b'{"incidents": "garbage"}')
        repaired = await client.post("/extract", json=seed_request)
        after = await client.post("/extract", json=seed_request)
    assert (repaired.status_code, repaired.headers["x-cache"]) == (200, "miss")
    assert without_timing(repaired.content) == without_timing(first.content)
    assert (after.headers["x-cache"], after.content) == ("hit", repaired.content)


async def test_batch_hits_after_misses(redis_server: RedisServer, seed_request: dict[str, str]) -> None:
    batch = {"documents": [seed_request | {"id": "a"}, {"text": "قصفت طائرات حربية بلدة في ريف إدلب.", "id": "b"}]}
    async with app_client(redis_url=redis_server.url) as client:
        first = await client.post("/extract/batch", json=batch)
        redis_server.client().config_resetstat()
        second = await client.post("/extract/batch", json=batch)
    assert (first.status_code, first.headers["x-cache"]) == (200, "miss")
    assert (second.headers["x-cache"], second.content) == ("hit", first.content)
    assert redis_server.command_calls("mget") == 1 and redis_server.command_calls("get") == 0


async def test_redis_down_answers_200_with_bypass(private_redis: RedisServer, seed_request: dict[str, str]) -> None:
    async with app_client(redis_url=private_redis.url) as client:
        assert (await client.post("/extract", json=seed_request)).headers["x-cache"] == "miss"
        private_redis.stop()
        responses = [await client.post("/extract", json=seed_request) for _ in range(8)]
        ready = await client.get("/readyz")
        private_redis.start()
    assert {(response.status_code, response.headers["x-cache"]) for response in responses} == {(200, "bypass")}
    assert ready.status_code == 200
    assert json.loads(ready.content)["cache"] == {"backend": "redis", "redis": "circuit_open"}


async def test_blackholed_redis_answers_within_timeout_plus_extraction(
    blackhole: Blackhole, seed_request: dict[str, str]
) -> None:
    timeout = 0.2
    async with app_client() as client:  # in-memory cache: how long the extraction itself takes
        started = time.perf_counter()
        assert (await client.post("/extract", json=seed_request)).headers["x-cache"] == "miss"
        extraction_seconds = time.perf_counter() - started
    async with app_client(redis_url=blackhole.url, redis_timeout=timeout) as client:
        for _ in range(4):
            started = time.perf_counter()
            response = await client.post("/extract", json=seed_request)
            elapsed = time.perf_counter() - started
            assert (response.status_code, response.headers["x-cache"]) == (200, "bypass")
            assert elapsed < timeout * 3 + extraction_seconds + 0.5, elapsed
    assert blackhole.accepted >= 1


async def test_memory_cache_is_the_default(seed_request: dict[str, str]) -> None:
    async with app_client() as client:
        first = await client.post("/extract", json=seed_request)
        second = await client.post("/extract", json=seed_request)
        ready = json.loads((await client.get("/readyz")).content)
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert ready["cache"] == {"backend": "memory", "redis": "not_configured"}
