"""POST /extract in front of the framework: the same answers, and the framework for everything else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.testing import TestClient

import service.app
import service.runner
from service.api.fast_path import ExtractFastPath, Parsed, ParseMemo
from service.api.routes import Services
from service.cache import build_cache
from service.extraction import extract
from service.runner import ExtractionPool
from service.settings import Settings

from .conftest import ClientFactory

TEXT = "قصفت طائرات حربية قرية في ريف حلب الشمالي أمس."
OTHER_TEXT = "قصفت طائرات حربية قرية في ريف إدلب الجنوبي أمس."
JSON_HEADERS = {"Content-Type": "application/json"}
MEMORY_CACHE = {
    "redis_url": None,
    "ttl_seconds": 60,
    "max_entry_bytes": 1 << 20,
    "memory_max_bytes": 1 << 20,
    "redis_timeout_seconds": 0.1,
}


def framework_requests(client: TestClient) -> list[str]:
    """The paths of the requests that reach the framework from now on (the fast path passed them on)."""
    fast_path = client.app.asgi_handler.app  # type: ignore[attr-defined]  # RequestTelemetry wraps it
    assert isinstance(fast_path, ExtractFastPath)
    seen: list[str] = []
    framework = fast_path.app

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"])
        await framework(scope, receive, send)

    fast_path.app = counting
    return seen


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every document the extractor runs on."""
    calls: list[str] = []

    def counting_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(document.text)
        return extract(document, knowledge, **kwargs)

    monkeypatch.setattr(service.runner, "extract", counting_extract)
    return calls


@pytest.fixture
def framework_only(make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch) -> ClientFactory:
    """``make_client`` for apps without the fast path: every request goes through the framework."""

    def make(**overrides: Any) -> TestClient:
        with monkeypatch.context() as patch:
            patch.setattr(service.app, "ExtractFastPath", lambda app, **_: app)
            return make_client(**overrides)

    return make


def test_miss_hit_and_refresh_are_answered_without_the_framework(client, extractions: list[str]) -> None:
    seen = framework_requests(client)
    first = client.post("/extract", json={"id": "a", "text": TEXT})
    second = client.post("/extract", json={"id": "b", "url": "u", "text": TEXT})
    refreshed = client.post("/extract", json={"text": TEXT}, headers={"Cache-Control": "no-cache"})
    assert [r.headers["x-cache"] for r in (first, second, refreshed)] == ["miss", "hit", "miss"]
    assert (second.json()["id"], second.json()["url"]) == ("b", "u")
    assert second.json()["incidents"] == first.json()["incidents"]
    assert len(extractions) == 2
    assert seen == []


def test_a_different_body_never_gets_another_bodys_answer(client, extractions: list[str]) -> None:
    first = client.post("/extract", json={"id": "a", "text": TEXT})
    other = client.post("/extract", json={"id": "a", "text": OTHER_TEXT})
    assert (first.headers["x-cache"], other.headers["x-cache"]) == ("miss", "miss")
    assert first.json()["entities"] != other.json()["entities"]
    # The same fields written differently share the result, each with its own id and url.
    spaced = json.dumps({"text": TEXT, "url": "v", "id": "c"}, indent=2).encode()
    again = client.post("/extract", content=spaced, headers=JSON_HEADERS)
    assert again.headers["x-cache"] == "hit"
    assert again.json() == first.json() | {"id": "c", "url": "v"}
    assert client.post("/extract", json={"id": "a", "text": OTHER_TEXT}).json() == other.json()
    assert extractions == [TEXT, OTHER_TEXT]


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({}, {"id": "x", "url": "https://example.org/x", "text": TEXT}),
        ({"Content-Type": "application/vnd.hadath+json; charset=utf-8"}, {"text": TEXT}),
        ({"Cache-Control": "max-age=0, no-cache"}, {"text": TEXT}),
        ({"Content-Type": "text/plain"}, {"text": TEXT}),
        ({}, {"text": "no Arabic here"}),
        ({}, {"text": TEXT, "published_at": "10/11/2021"}),
        ({}, {"text": TEXT, "id": 7}),
        ({}, {"title": TEXT}),
        ({}, {"text": "ب" * 21}),
        ({}, {"text": TEXT + " " * 200}),
    ],
)
def test_answers_equal_the_frameworks(
    make_client: ClientFactory, framework_only: ClientFactory, headers: dict[str, str], body: dict[str, Any]
) -> None:
    fast = make_client(max_text_chars=100)
    framework = framework_only(max_text_chars=100)
    assert not isinstance(framework.app.asgi_handler.app, ExtractFastPath)  # type: ignore[attr-defined]
    passed_on = framework_requests(fast)
    content = json.dumps(body, ensure_ascii=False).encode()
    for _ in range(2):  # a miss, then a hit
        answers = [c.post("/extract", content=content, headers={**JSON_HEADERS, **headers}) for c in (fast, framework)]
        assert answers[0].status_code == answers[1].status_code
        assert answers[0].headers.get("x-cache") == answers[1].headers.get("x-cache")
        assert answers[0].headers["content-type"] == answers[1].headers["content-type"]
        assert without_timing(answers[0].json()) == without_timing(answers[1].json())
    assert len(passed_on) == (0 if answers[0].status_code == 200 else 2)


def without_timing(answer: dict[str, Any]) -> dict[str, Any]:
    if "meta" in answer:
        answer["meta"].pop("elapsed_ms")
    return answer


def test_refusals_are_the_frameworks_problems(make_client: ClientFactory) -> None:
    client = make_client(max_text_chars=10, api_keys=frozenset({"key"}))
    seen = framework_requests(client)
    authorized = {"Authorization": "Bearer key"}
    refusals = [
        client.post("/extract", json={"text": "ب"}),
        client.post("/extract", content=b'{"text": "\xd8\xa8"}', headers={"Content-Type": "text/plain", **authorized}),
        client.post(
            "/extract", content=b'{"text": "' + b"\\u0628" * 20_000 + b'"}', headers={**JSON_HEADERS, **authorized}
        ),
        client.post("/extract", content=b"{not json", headers={**JSON_HEADERS, **authorized}),
        client.post("/extract", json={"text": "English"}, headers=authorized),
    ]
    assert [r.status_code for r in refusals] == [401, 415, 413, 400, 422]
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in refusals)
    assert len(seen) == len(refusals)
    assert client.post("/extract", json={"text": "ب"}, headers=authorized).status_code == 200
    assert len(seen) == len(refusals)  # an authorised, acceptable request stays on the fast path


def test_a_chunked_body_reaches_the_framework_intact(client) -> None:
    seen = framework_requests(client)
    content = json.dumps({"id": "chunked", "text": TEXT}, ensure_ascii=False).encode()
    # Without Content-Length the framework reads (and limits) the body itself.
    response = client.post("/extract", content=iter([content[:7], content[7:]]), headers=JSON_HEADERS)
    assert (response.status_code, response.json()["id"]) == (200, "chunked")
    assert seen == ["/extract"]


async def test_a_repeated_header_goes_to_the_framework_untouched() -> None:
    """Which of two values counts is the framework's call (test clients merge repeated headers)."""
    reached: list[Any] = []

    async def framework(scope: Any, receive: Any, send: Any) -> None:
        reached.append(await receive())

    body = json.dumps({"text": TEXT}).encode()

    async def receive() -> Any:
        return {"type": "http.request", "body": body, "more_body": False}

    services = Services(
        pool=ExtractionPool(threads=1, queue_limit=0),
        key_space="hadath:test",
        versions={},
        cache=build_cache(**MEMORY_CACHE),
    )
    fast_path = ExtractFastPath(framework, settings=Settings(), services=services)
    length = str(len(body)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", length), (b"cache-control", b"max-age=0")]
    for repeated in (b"cache-control", b"Content-Type"):
        scope = {"type": "http", "method": "POST", "path": "/extract", "headers": [*headers, (repeated, b"x")]}
        await fast_path(scope, receive, None)  # type: ignore[arg-type]
    assert [message["body"] for message in reached] == [body, body]


async def test_a_body_it_cannot_use_is_replayed_to_the_framework_message_by_message() -> None:
    reached: list[Any] = []

    async def framework(scope: Any, receive: Any, send: Any) -> None:
        reached.extend([await receive(), await receive(), await receive()])

    body = json.dumps({"text": "English only"}).encode()  # unusable: the framework answers 422
    first, rest = body[:5], body[5:]
    parts = iter([first, rest, None])

    async def receive() -> Any:
        part = next(parts)
        if part is None:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": part, "more_body": part is first}

    services = Services(
        pool=ExtractionPool(threads=1, queue_limit=0),
        key_space="hadath:test",
        versions={},
        cache=build_cache(**MEMORY_CACHE),
    )
    fast_path = ExtractFastPath(framework, settings=Settings(), services=services)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await fast_path({"type": "http", "method": "POST", "path": "/extract", "headers": headers}, receive, None)  # type: ignore[arg-type]
    assert [message.get("body") for message in reached] == [first, rest, None]
    assert [message.get("more_body") for message in reached[:2]] == [True, False]


def test_other_routes_go_to_the_framework(client) -> None:
    seen = framework_requests(client)
    client.get("/healthz")
    client.get("/extract")
    client.post("/extract/batch", json={"documents": [{"text": TEXT}]})
    assert seen == ["/healthz", "/extract", "/extract/batch"]


def test_parse_memo_keeps_the_most_recent_bodies_and_skips_long_identities() -> None:
    memo = ParseMemo(max_entries=2, max_identity_chars=10)
    for name in (b"a", b"b", b"c"):
        memo.put(name, Parsed(key=name.decode(), doc_id=None, url=None))
    assert (memo.get(b"a"), len(memo)) == (None, 2)
    assert memo.get(b"b") is not None  # b is now the most recent
    memo.put(b"d", Parsed(key="d", doc_id="id", url=None))
    assert (memo.get(b"c"), memo.get(b"b") is not None) == (None, True)
    memo.put(b"e", Parsed(key="e", doc_id="i" * 6, url="u" * 5))
    assert memo.get(b"e") is None
