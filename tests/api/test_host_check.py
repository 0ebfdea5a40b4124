"""The fast path's Host check is the framework's, without its private API.

Litestar's router answers 400 to a Host header with a character outside RFC 3986's reg-name,
IP-literal and port characters; the fast path must send exactly those requests on to it (a
request it answered itself would get 200). Its check is private (``litestar._asgi.utils``), so
the fast path keeps its own: these tests compare the two through the framework's public
behaviour on every byte value and on generated values, and fail if Litestar's rule moves.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from service.api.fast_path import ExtractFastPath
from service.app import create_app
from service.settings import Settings

app = create_app(Settings())
fast_path = app.asgi_handler.app  # type: ignore[attr-defined]  # RequestTelemetry wraps it
assert isinstance(fast_path, ExtractFastPath)
HOST_BYTES = st.binary(max_size=24) | st.lists(st.sampled_from([bytes([b]) for b in range(256)]), max_size=24).map(
    b"".join
)


def framework_status(host: bytes) -> int:
    """The framework's status for ``GET /healthz`` with this Host (the fast path passes GETs on)."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/healthz",
        "raw_path": b"/healthz",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", host)],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return next(message["status"] for message in sent if message["type"] == "http.response.start")


def fast_path_takes(host: bytes) -> bool:
    return fast_path._acceptable({b"host": host, b"content-type": b"application/json", b"content-length": b"20"})


def test_every_byte_is_judged_alike() -> None:
    for value in range(256):
        for host in (bytes([value]), b"example.org" + bytes([value]) + b":8000"):
            assert framework_status(host) in (200, 400)
            assert fast_path_takes(host) == (framework_status(host) == 200), host


@settings(max_examples=300, deadline=None)
@given(HOST_BYTES)
def test_generated_hosts_are_judged_alike(host: bytes) -> None:
    assert fast_path_takes(host) == (framework_status(host) == 200)
