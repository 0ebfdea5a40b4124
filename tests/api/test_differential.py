"""One answer whichever path serves a request: generated bodies and headers are sent to the app
as it runs (fast path in front of the framework) and to the same app with the framework alone,
and must get the same status and body. Hypothesis looks for bodies where the fast path accepts
what the framework refuses, or where either answers 500.

Bodies are built to reach the corners: invalid UTF-8 inside strings and inside fields the schema
does not name, numbers out of range, deep nesting, wrong types, truncations; headers vary the
content type, its charset, the content coding, Accept and Cache-Control.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings

from .conftest import wait_ready

ARABIC = st.text(alphabet="بتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣", min_size=1, max_size=30)
PLAIN = st.text(max_size=12)

# Raw JSON fragments, valid or not, for values the schema names and fields it does not.
RAW_VALUES = st.one_of(
    st.sampled_from(
        [
            b"1e999",
            b"-1e999",
            b"12345678901234567890123456789012345678901234567890",
            b'"\xff"',
            b'"\xd8\xa8\xff"',
            b'"\xed\xa0\x80"',  # a UTF-8-encoded surrogate
            b'"\\ud800"',  # an escaped lone surrogate
            b"null",
            b"true",
            b"[]",
            b"{}",
            b"0",
            b'"2024-02-30"',
            b'"0001-01-01"',
            b'"9999-12-31T23:59:59Z"',
        ]
    ),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    PLAIN.map(lambda value: json.dumps(value).encode()),
    st.integers().map(lambda value: str(value).encode()),
)

FIELDS = st.sampled_from(["text", "id", "title", "published_at", "source", "url", "x", "documents"])


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    members = [b'"text":' + json.dumps(draw(ARABIC), ensure_ascii=draw(st.booleans())).encode()]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        members.append(json.dumps(draw(FIELDS)).encode() + b":" + draw(RAW_VALUES))
    if draw(st.booleans()):
        members.reverse()
    body = b"{" + b",".join(members) + b"}"
    mutation = draw(st.sampled_from(["none", "none", "truncate", "insert", "wrap"]))
    if mutation == "truncate":
        body = body[: draw(st.integers(min_value=0, max_value=len(body)))]
    elif mutation == "insert":
        at = draw(st.integers(min_value=0, max_value=len(body)))
        body = body[:at] + draw(st.binary(min_size=1, max_size=3)) + body[at:]
    elif mutation == "wrap":
        body = b"[" + body + b"]"
    return body


HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "content-type": st.sampled_from(
            [
                "application/json",
                "application/json; charset=utf-8",
                "application/json; charset=UTF-8",
                'application/json; charset="utf-8"',
                "application/json; charset=iso-8859-1",
                "application/problem+json",
                "text/plain",
                "APPLICATION/JSON",
            ]
        ),
        "content-encoding": st.sampled_from(["gzip", "identity", "br", "deflate, gzip", ""]),
        "accept": st.sampled_from(["application/json", "*/*", "text/csv", "image/png", "application/geo+json"]),
        "cache-control": st.sampled_from(["no-cache", "max-age=0"]),
    },
)


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[TestClient, TestClient]]:
    both = [TestClient(create_app(Settings(), fast_path=fast)) for fast in (True, False)]
    for client in both:
        client.__enter__()
        wait_ready(client)
    yield both[0], both[1]
    for client in both:
        client.__exit__(None, None, None)


def comparable(body: bytes) -> object:
    """The answer without what differs between two computations of it (the time taken)."""
    try:
        value = json.loads(body)
    except ValueError:
        return body
    if isinstance(value, dict) and isinstance(value.get("meta"), dict):
        value["meta"].pop("elapsed_ms", None)
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies(), headers=HEADERS)
def test_both_paths_answer_alike(clients: tuple[TestClient, TestClient], body: bytes, headers: dict[str, str]) -> None:
    with_fast_path, framework_only = clients
    fast = with_fast_path.post("/extract", content=body, headers=headers)
    slow = framework_only.post("/extract", content=body, headers=headers)
    assert fast.status_code < 500, fast.text
    assert (fast.status_code, comparable(fast.content)) == (slow.status_code, comparable(slow.content))
    if fast.status_code >= 400:
        assert fast.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        b'{"text":"\xd8\xa8\xff"}',
        b'{"text":"\xd8\xa8","x":"\xff"}',
        b'{"text":"\xd8\xa8","x":1e999}',
        b'{"text":"\xd8\xa8","x":' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
    ids=["invalid-utf8-in-text", "invalid-utf8-elsewhere", "number-out-of-range", "deep"],
)
def test_bodies_the_issue_names_are_400_on_both_paths(clients: tuple[TestClient, TestClient], body: bytes) -> None:
    for client in clients:
        for content in (body, iter([body])):  # with Content-Length (the fast path's) and chunked
            answer = client.post("/extract", content=content, headers={"content-type": "application/json"})
            assert answer.status_code == 400, answer.text
            assert answer.json()["type"] == "urn:hadath:problem:invalid-request"


def test_a_failure_after_the_fast_path_computed_is_a_problem(
    clients: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """with_identity runs inside the fast path's error handling: its failure is the 500 problem."""
    import service.api.fast_path as fast_path

    def broken(*_: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(fast_path, "with_identity", broken)
    answer = clients[0].post("/extract", json={"text": "قصف على حلب", "id": "a"})
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:hadath:problem:internal-error"


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({"content-type": "application/json; charset=iso-8859-1"}, "unsupported-charset"),
        ({"content-type": "application/json", "content-encoding": "gzip"}, "unsupported-content-encoding"),
    ],
)
def test_unreadable_bodies_are_415(clients: tuple[TestClient, TestClient], headers: dict[str, str], kind: str) -> None:
    for client in clients:
        for path in ("/extract", "/extract/batch", "/aggregate"):
            answer = client.post(path, content=b'{"text":"\xd8\xa8"}', headers=headers)
            assert answer.status_code == 415, (path, answer.text)
            assert answer.json()["type"] == f"urn:hadath:problem:{kind}"
