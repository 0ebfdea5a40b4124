"""Issue 16, points 1 and 2 against the real server: 500s from input, and two paths (the fast
path with Content-Length, the framework when chunked) giving two answers."""

from __future__ import annotations

import json

import pytest

from .conftest import Served, parse_response

ARABIC = "قتل ثلاثة مدنيين في قصف على ريف إدلب"


def chunked(path: str, body: bytes) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
    return head.encode() + b"\r\n\r\n" + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"


def both_ways(server: Served, path: str, body: bytes) -> list[tuple[int, bytes]]:
    """The answer with Content-Length (the fast path's way in) and chunked (the framework's)."""
    with_length = server.post(path, body)
    without = parse_response(server.raw(chunked(path, body)))
    return [(with_length[0], with_length[2]), (without[0], without[2])]


BODIES = {
    "invalid-utf8-in-text": b'{"text":"\xd8\xa8\xff"}',
    "invalid-utf8-elsewhere": b'{"text":"\xd8\xa8","x":"\xff"}',
    "deep-nesting": b'{"text":"\xd8\xa8","x":' + b"[" * 5000 + b"]" * 5000 + b"}",
    "number-out-of-range": b'{"text":"\xd8\xa8","x":1e999}',
}


@pytest.mark.parametrize("name", list(BODIES))
def test_malformed_bodies_are_the_same_400_on_both_paths_and_routes(shared_server: Served, name: str) -> None:
    server = shared_server
    body = BODIES[name]
    for path, payload in (("/extract", body), ("/extract/batch", b'{"documents":[' + body + b"]}")):
        answers = both_ways(server, path, payload)
        assert answers[0] == answers[1], (path, answers)
        status, problem = answers[0]
        assert status == 400, (path, problem[:300])
        assert json.loads(problem)["type"] == "urn:hadath:problem:invalid-request"
    assert server.metric("hadath_http_requests_total", status="500") == 0


@pytest.mark.parametrize(
    ("published_at", "phrase"),
    [("0001-01-01", "أمس"), ("9999-12-31", "غدا"), ("0001-01-01", "العام الماضي"), ("9999-12-31", "العام المقبل")],
)
def test_dates_at_the_ends_of_the_calendar_are_answered(shared_server: Served, published_at: str, phrase: str) -> None:
    """Date overflow in the date stage was a 500 (and a 500 item in a batch)."""
    server = shared_server
    document = {"text": f"{ARABIC} {phrase}", "published_at": published_at}
    single = server.post("/extract", json.dumps(document, ensure_ascii=False).encode())
    assert single[0] == 200, single[2][:300]
    batch = server.post("/extract/batch", json.dumps({"documents": [document]}, ensure_ascii=False).encode())
    assert batch[0] == 200 and "incidents" in json.loads(batch[2])["results"][0], batch[2][:300]


def test_a_300_digit_number_before_a_casualty_noun_is_answered(shared_server: Served) -> None:
    """Float overflow in the quantity stage was a 500."""
    server = shared_server
    text = f"قتل {'9' * 300} مدنيا في قصف على ريف إدلب"
    status, _, body = server.post("/extract", json.dumps({"text": text}, ensure_ascii=False).encode())
    assert status == 200, body[:300]
    assert all(
        incident["casualties"]["killed"] is None or incident["casualties"]["killed"] < 10**15
        for incident in json.loads(body)["incidents"]
    )


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({"Content-Encoding": "gzip"}, "unsupported-content-encoding"),
        ({"Content-Type": "application/json; charset=iso-8859-6"}, "unsupported-charset"),
    ],
)
def test_content_encoding_and_charset_are_not_ignored(
    shared_server: Served, headers: dict[str, str], kind: str
) -> None:
    server = shared_server
    status, response_headers, body = server.post("/extract", json.dumps({"text": ARABIC}).encode(), headers)
    assert status == 415 and response_headers["content-type"] == "application/problem+json"
    assert json.loads(body)["type"] == f"urn:hadath:problem:{kind}"
