"""JSON-lines logs on stderr, and the one-line-per-request access log with its metrics.

Nothing here ever sees a request body: the access log records method, path, status,
duration, cache status and document count, so article text cannot reach the logs.
Structured fields travel in ``extra={"fields": {...}}``. Every line written while a request
runs carries its ``request_id`` (``service.request_id``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the CLI logs without importing the web framework
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

    from service.tracing import Tracing

from service import metrics
from service.request_id import current_request_id, request_id_of
from service.shutdown import DRAIN

READ_TIMEOUT_SCOPE_KEY = "hadath.read_timeout"  # set by service.http_protocol when a body timed out

access_log = logging.getLogger("service.access")

_make_record = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Every record remembers the id of the request it was written in, whenever it is formatted."""
    record = _make_record(*args, **kwargs)
    record.request_id = current_request_id.get()
    return record


logging.setLogRecordFactory(_record_with_request_id)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            entry["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: an exception's message may quote the article.
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(level: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the service and uvicorn (also in worker processes)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "service.logging.JsonFormatter"}},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level.upper(), "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level.upper(), "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure_logging(level: str) -> None:
    import logging.config

    logging.config.dictConfig(logging_config(level))
    logging.captureWarnings(True)
    sys.stderr.reconfigure(line_buffering=True)  # type: ignore[union-attr]


CLIENT_CLOSED = 499  # nginx's "client closed request": counted apart from the server's errors


class DisconnectWatch:
    """A request's ``receive``, watched: once the whole body has been read, a task waits for the
    connection to end; if it ends before the answer is complete, the request's task is cancelled.
    A request still queued for an extraction thread thus never starts it, and a batch stops
    between documents (the one in work finishes, the queued ones are dropped)."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._task = asyncio.current_task()
        self._watcher: asyncio.Task[Message] | None = None
        self.aborted = False  # the connection ended before the answer
        self.started = False  # the answer has begun
        self.complete = False  # the answer has been sent in full
        self._cancelled = False

    async def receive(self) -> Message:
        if self._watcher is not None:  # the body was read: later calls share the watcher's message
            return await asyncio.shield(self._watcher)
        message = await self._receive()
        if message["type"] == "http.disconnect":
            self.aborted = True  # while the body was read: whatever the app answers goes nowhere
        elif not message.get("more_body", False):
            self._watcher = asyncio.ensure_future(self._watch())
        return message

    async def _watch(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.disconnect" and not self.complete:
            self.aborted = True
            if self._task is not None and not self._task.done():
                self._cancelled = True
                self._task.cancel()
        return message

    def answered(self) -> None:
        self.complete = True

    def cancelled_it(self) -> bool:
        """Whether the cancellation under way is this watch's; if so it is absorbed here."""
        if self._cancelled and self._task is not None and self._task.cancelling():
            self._task.uncancel()
            return True
        return False

    def close(self) -> None:
        if self._watcher is not None and not self._watcher.done():
            self._watcher.cancel()


async def _send_stopping(send: Send) -> None:
    """The shutting-down 503 problem, sent without the framework (the server is stopping)."""
    from service.api.problem_details import PROBLEM_MEDIA_TYPE, problem_bytes, shutting_down

    problem = shutting_down()
    body = problem_bytes(problem.to_problem())
    headers = [(name.lower().encode(), value.encode()) for name, value in problem.headers.items()]
    headers += [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class RequestTelemetry:
    """ASGI wrapper around the whole app, both request paths: gives every HTTP request its id
    (``X-Request-ID``), times it, logs it once, counts it, and traces it when tracing is on."""

    def __init__(self, app: ASGIApp, tracing: Tracing | None = None) -> None:
        self.app = app
        self.tracing = tracing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope["headers"])
        request_id_header = (b"x-request-id", request_id.encode())
        token = current_request_id.set(request_id)
        response: dict[str, Any] = {"status": 500, "cache": None}
        watch = DisconnectWatch(receive)

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                watch.started = True
                response["status"] = message["status"]
                headers = message["headers"] = [*message.get("headers", ()), request_id_header]
                for name, value in headers:
                    if name.lower() == b"x-cache":
                        response["cache"] = value.decode("latin-1")
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                watch.answered()
            await send(message)

        try:
            if self.tracing is None:
                await self.app(scope, watch.receive, capture)
            else:
                await self._traced(scope, watch.receive, capture, response, request_id)
        except asyncio.CancelledError:
            if watch.cancelled_it():
                pass  # the client left: nothing to answer
            elif DRAIN.draining and not watch.started and not watch.aborted:
                # uvicorn's graceful-shutdown deadline: a 503 the client can retry elsewhere,
                # rather than uvicorn's plain-text 500.
                current = asyncio.current_task()
                if current is not None:
                    current.uncancel()
                await _send_stopping(capture)
            else:
                raise
        finally:
            watch.close()
            if scope.get(READ_TIMEOUT_SCOPE_KEY):
                response["status"] = 408  # the body did not arrive in time (service.http_protocol)
            elif watch.aborted:
                # The connection ended before the answer: the client left (or uvicorn refused
                # its malformed body with its own 400). Not a server error: 499, as nginx logs it.
                response["status"] = CLIENT_CLOSED
            self._record(scope, response, time.perf_counter() - started)
            current_request_id.reset(token)

    async def _traced(
        self, scope: Scope, receive: Receive, send: Send, response: dict[str, Any], request_id: str
    ) -> None:
        """The request inside a server span, named by its route once the route is known."""
        assert self.tracing is not None
        method = scope["method"]
        attributes = {"http.request.method": method, "url.path": scope["path"], "hadath.request_id": request_id}
        with self.tracing.server_span(method, scope["headers"], attributes) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                state = scope.get("state") or {}
                route = scope.get("path_template")
                span.update_name(f"{method} {route}" if route else method)
                outcome = {
                    "http.route": route,
                    "http.response.status_code": response["status"],
                    "hadath.cache": response["cache"],
                    "hadath.documents": state.get("doc_count"),
                    "hadath.served_by": state.get("served_by", "fast_path"),
                }
                span.set_attributes({key: value for key, value in outcome.items() if value is not None})
                if response["status"] >= 500:
                    from opentelemetry.trace import StatusCode

                    span.set_status(StatusCode.ERROR)

    @staticmethod
    def _record(scope: Scope, response: dict[str, Any], seconds: float) -> None:
        route = scope.get("path_template") or "unmatched"
        status = response["status"]
        metrics.record_request(route, scope["method"], status, seconds)
        if not access_log.isEnabledFor(logging.INFO):
            return
        state = scope.get("state") or {}
        access_log.info(
            "request",
            extra={
                "fields": {
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "cache": response["cache"],
                    "docs": state.get("doc_count"),
                }
            },
        )
