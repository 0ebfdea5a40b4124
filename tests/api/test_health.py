"""Health, readiness and overload: the event loop stays free while extraction runs in the pool."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import service.runner
from service.extraction import extract, load_knowledge

from ..conftest import free_port
from .conftest import ClientFactory, wait_ready

TEXT = "قصفت طائرات حربية قرية في ريف حلب الشمالي."


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """While the event is clear, extract() blocks in its worker thread: a very long article."""
    release = threading.Event()

    def slow_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(timeout=30)
        return extract(document, knowledge, **kwargs)

    def slow_load(path):  # type: ignore[no-untyped-def]
        release.wait(timeout=30)
        return load_knowledge(path)

    monkeypatch.setattr(service.runner, "extract", slow_extract)
    monkeypatch.setattr(service.runner, "load_knowledge", slow_load)
    yield release
    release.set()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def pending(client) -> int:  # type: ignore[no-untyped-def]
    return client.get("/readyz").json()["queue"]["pending"]


def test_healthz_and_readyz_answer(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok"
    assert body["extractor"] == "gazetteer and lexicons loaded"
    assert body["cache"]["backend"] == "memory" and body["cache"]["redis"] == "not_configured"


def test_readyz_is_503_until_the_extraction_data_is_loaded(make_client: ClientFactory, gate: threading.Event) -> None:
    client = make_client(ready=False)
    starting = client.get("/readyz")
    assert starting.status_code == 503 and starting.json()["status"] == "starting"
    assert client.get("/healthz").status_code == 200
    gate.set()
    wait_ready(client)


def test_health_answers_while_a_long_extraction_runs(client, gate: threading.Event) -> None:
    with ThreadPoolExecutor(1) as background:
        slow = background.submit(client.post, "/extract", json={"text": TEXT})
        wait_until(lambda: pending(client) == 1)
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert time.monotonic() - started < 1.0
        assert not slow.done()
        gate.set()
        assert slow.result(timeout=10).status_code == 200


def test_a_full_queue_answers_503_with_retry_after(make_client: ClientFactory, gate: threading.Event) -> None:
    gate.set()
    client = make_client(extract_threads=1, extract_queue=0)
    gate.clear()
    with ThreadPoolExecutor(1) as background:
        slow = background.submit(client.post, "/extract", json={"text": TEXT})
        wait_until(lambda: pending(client) == 1)
        refused = client.post("/extract", json={"text": TEXT + " "})
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert refused.headers["content-type"].startswith("application/problem+json")
        batch = client.post("/extract/batch", json={"documents": [{"id": "x", "text": TEXT + "  "}]})
        assert batch.status_code == 200 and batch.json()["results"][0]["status"] == 503
        assert batch.json()["results"][0]["id"] == "x"
        gate.set()
        assert slow.result(timeout=10).status_code == 200


def test_readyz_reports_an_unreachable_redis_as_degraded_but_200(make_client: ClientFactory) -> None:
    client = make_client(redis_url=f"redis://127.0.0.1:{free_port()}/0", redis_timeout=0.05)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["backend"] == "redis" and body["cache"]["redis"] != "ok"
    assert client.post("/extract", json={"text": TEXT}).headers["x-cache"] == "bypass"
