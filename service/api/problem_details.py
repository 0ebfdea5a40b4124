"""RFC 9457 problem details without the web framework: the failures this service names, and
how each becomes a ``Problem`` body. Shared by the HTTP layer (``problems.py``) and the CLI,
which thus answers bad lines without importing Litestar (0.3 s per worker process)."""

from __future__ import annotations

import logging
import traceback
from http import HTTPStatus

import msgspec

from service.runner import ShuttingDown

from .models import InvalidField, Problem, UnusableText

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:hadath:problem:"

log = logging.getLogger("service.api")


class ApiProblem(Exception):
    """A failure this service names itself: a status, a problem type and a detail for the caller."""

    def __init__(self, status: int, kind: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.headers = headers or {}

    def to_problem(self, doc_id: str | None = None) -> Problem:
        return Problem(
            type=PROBLEM_TYPE_PREFIX + self.kind,
            title=status_phrase(self.status),
            status=self.status,
            detail=self.detail,
            id=doc_id,
        )


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def overloaded() -> ApiProblem:
    return ApiProblem(503, "overloaded", "the extraction queue is full; retry later", {"Retry-After": "1"})


def shutting_down() -> ApiProblem:
    return ApiProblem(
        503, "shutting-down", "this server is stopping; retry (another replica answers)", {"Retry-After": "1"}
    )


def refusal(exc: Exception) -> ApiProblem:
    """The 503 for an ``Overloaded`` (the queue is full) or its ``ShuttingDown`` (stopping)."""
    return shutting_down() if isinstance(exc, ShuttingDown) else overloaded()


def unusable(exc: UnusableText) -> ApiProblem:
    return ApiProblem(422, exc.kind, exc.detail)


def invalid(exc: InvalidField) -> ApiProblem:
    return ApiProblem(400, "invalid-request", exc.detail)


def internal_error() -> ApiProblem:
    return ApiProblem(500, "internal-error", "the server failed to process this request")


def problem_bytes(problem: Problem) -> bytes:
    return msgspec.json.encode(problem)


def log_unexpected(exc: BaseException, **fields: object) -> None:
    """The exception's type and stack frames only: its message may quote the article."""
    frames = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(exc.__traceback__)]
    log.error("unhandled exception", extra={"fields": {"error": type(exc).__name__, "frames": frames, **fields}})
