"""Every error answer as an RFC 9457 ``application/problem+json`` body, and how each is documented.

Litestar's own exceptions (400 validation, 404, 405, 413 ...) and ours all pass through
``problem_response``; anything unexpected becomes a bare 500 problem whose detail says
nothing about the cause (the log has the exception's type and frames, never its message,
which might quote the article).
"""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import ResponseSpec

from service.runner import Overloaded, ShuttingDown

from .models import Problem
from .problem_details import (
    PROBLEM_MEDIA_TYPE,
    PROBLEM_TYPE_PREFIX,
    ApiProblem,
    internal_error,
    log_unexpected,
    overloaded,
    problem_bytes,
    shutting_down,
    status_phrase,
)


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        content=problem_bytes(problem),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def handle_api_problem(_: Request, exc: Exception) -> Response[bytes]:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc.to_problem(), exc.headers)


def handle_overloaded(_: Request, exc: Exception) -> Response[bytes]:
    problem = shutting_down() if isinstance(exc, ShuttingDown) else overloaded()
    return problem_response(problem.to_problem(), problem.headers)


def handle_http_exception(_: Request, exc: Exception) -> Response[bytes]:
    """Litestar's HTTP errors, keeping their headers (``Allow`` on a 405)."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    kind = "invalid-request" if isinstance(exc, ValidationException) else None
    problem = Problem(
        type=PROBLEM_TYPE_PREFIX + kind if kind else "about:blank",
        title=status_phrase(status),
        status=status,
        # A framework 5xx says no more than its status, like any other server failure.
        detail=_http_detail(exc) if status < 500 else status_phrase(status),
    )
    return problem_response(problem, dict(exc.headers or {}))


def _http_detail(exc: HTTPException) -> str:
    """The framework's message, or for validation errors each failing field and why."""
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        reasons = [
            f"{item['key']}: {item.get('message')}" if item.get("key") else str(item.get("message"))
            for item in exc.extra
            if isinstance(item, dict)
        ]
        if reasons:
            return "; ".join(reasons)
    return exc.detail or status_phrase(exc.status_code)


def handle_unexpected(request: Request, exc: Exception) -> Response[bytes]:
    log_unexpected(exc, path=request.url.path)
    return problem_response(internal_error().to_problem())


EXCEPTION_HANDLERS = {
    ApiProblem: handle_api_problem,
    Overloaded: handle_overloaded,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}

_DESCRIPTIONS = {
    400: "Malformed JSON (invalid UTF-8, a number out of range, nesting deeper than 64 levels included), "
    "a missing field, a wrong type or a badly formatted value.",
    401: "HADATH_API_KEYS is set and the request has no valid `Authorization: Bearer <key>` header.",
    413: "The body is larger than the server accepts, or a batch has more than HADATH_MAX_BATCH documents, "
    "more than HADATH_MAX_BATCH_CHARS code points of text and titles, or more than 256 JSON values a document "
    "(an aggregation more than its limit of extractions).",
    406: "The `Accept` header accepts none of application/json, text/csv (ACLED CSV) and application/geo+json.",
    415: "The body is not sent as `application/json` in UTF-8 (another `charset`), or is sent with a "
    "`Content-Encoding` (compressed): the service reads neither.",
    422: "The text is unusable: empty after trimming, without any Arabic letter, or longer than "
    "HADATH_MAX_TEXT_CHARS code points (or the title longer than its limit).",
    500: "An unexpected failure; the detail says nothing about its cause.",
    503: "The extraction queue is full, or this server is stopping; retry after the `Retry-After` seconds.",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the given error statuses, all ``application/problem+json``."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=_DESCRIPTIONS[status],
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in statuses
    }
