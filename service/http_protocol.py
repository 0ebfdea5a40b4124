"""uvicorn's httptools protocol with read timeouts, and the start of a graceful shutdown.

uvicorn bounds idle keep-alive connections but not a request being read: partial headers or a
body sent a byte at a time held a connection (and, for a body, a request in the app) open
indefinitely (1,000 slow connections for 22 s, single ones for 75 s and more). Here a request's
headers must arrive within ``HADATH_HEADER_TIMEOUT`` seconds of its first byte (or of the
connection, for the first), and its body within ``HADATH_BODY_TIMEOUT`` of its headers;
otherwise the server answers 408 (an RFC 9457 problem) and closes the connection. A body timed
out while the app reads it is recorded as 408 too (``RequestTelemetry``). When uvicorn starts
a graceful shutdown it tells each connection to finish: the first such call starts the drain
(``service.shutdown``).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service import metrics
from service.logging import READ_TIMEOUT_SCOPE_KEY
from service.settings import Settings
from service.shutdown import DRAIN

_PROBLEM = (
    b'{"type":"urn:hadath:problem:request-timeout","title":"Request Timeout","status":408,'
    b'"detail":"the request was not received in time"}'
)
_RESPONSE_408 = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/problem+json\r\n"
    b"content-length: " + str(len(_PROBLEM)).encode() + b"\r\nconnection: close\r\n\r\n" + _PROBLEM
)


@functools.cache
def read_timeouts() -> tuple[float, float]:
    """(headers, body) seconds, from the environment the worker was started with."""
    settings = Settings.from_env()
    return settings.header_timeout, settings.body_timeout


class TimedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("headers")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm("headers")

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._arm("body")

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        DRAIN.begin()
        super().shutdown()

    def _arm(self, phase: str) -> None:
        self._disarm()
        headers, body = read_timeouts()
        self._read_timer = self.loop.call_later(headers if phase == "headers" else body, self._expired, phase)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _expired(self, phase: str) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        metrics.READ_TIMEOUTS.labels(phase=phase).inc()
        cycle = self.cycle
        if phase == "body" and cycle is not None:
            cycle.scope[READ_TIMEOUT_SCOPE_KEY] = True  # type: ignore[literal-required]
        if cycle is None or not cycle.response_started:
            self.transport.write(_RESPONSE_408)
        self.transport.close()
