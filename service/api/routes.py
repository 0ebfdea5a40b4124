"""The HTTP routes: the extraction and aggregation operations, and health, readiness and metrics.

Each documented operation answers JSON, ACLED CSV or GeoJSON as the ``Accept`` header asks
(406 when it accepts none of them); the cache keeps the JSON, the other formats are derived from it.

Routes are built per app from its settings (body limits, batch size, API keys) and its
``Services`` (the extraction pool and the result cache, opened in the app's lifespan).
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import ResponseHeader
from litestar.handlers import BaseRouteHandler
from litestar.openapi import ResponseSpec
from litestar.params import HeaderParameter, JSONBody
from litestar.types import Empty

from service.cache import CacheStatus, ResultCache, cache_key
from service.exports import Format, aggregate, negotiate
from service.exports.model import AggregateResult
from service.exports.render import events_as, extractions_as, media_type
from service.exports.writers import is_problem
from service.extraction import Document, Extraction, document_digest
from service.metrics import MEDIA_TYPE as METRICS_MEDIA_TYPE
from service.metrics import exposition
from service.runner import ExtractionPool, Overloaded, with_identity
from service.settings import Settings

from .body import BodyError, Limits, read_json
from .completeness import whole
from .models import (
    MAX_AGGREGATE_EXTRACTIONS,
    AggregateRequest,
    BatchRequest,
    BatchResponse,
    CacheReadiness,
    ExtractRequest,
    Health,
    InvalidField,
    QueueState,
    Readiness,
    UnusableText,
    to_document,
)
from .problem_details import ApiProblem, internal_error, invalid, log_unexpected, problem_bytes, refusal, unusable
from .problems import problem_responses

JSON = "application/json"
TAGS = ["extraction"]
OPERATIONS_TAGS = ["operations"]
# Health, readiness and metrics answer whatever HADATH_API_KEYS holds (the document's
# top-level security, optional bearer auth, applies to the extraction operations).
NO_AUTH: list[dict[str, list[str]]] = []
# Every documented answer depends on the Accept header (for shared caches between client and service).
VARY = {"Vary": "Accept"}


@dataclass
class Services:
    """What the handlers use, opened and closed by the app's lifespan.

    ``key_space`` holds the versions a cached answer depends on (schema, extractor, knowledge pack).
    """

    pool: ExtractionPool
    key_space: str
    versions: dict[str, str]
    cache: ResultCache | None = None
    warm_up: asyncio.Task[None] | None = field(default=None, repr=False)

    def open_cache(self) -> ResultCache:
        if self.cache is None:
            raise RuntimeError("the result cache is not open")
        return self.cache

    async def extract_one(
        self, key: str, document: Callable[[], Document], *, refresh: bool
    ) -> tuple[bytes, CacheStatus]:
        """The anonymous Extraction cached under ``key``, or that of ``document()``, computed and stored."""
        return await self.open_cache().get_or_compute(key, lambda: self.pool.extract_bytes(document()), refresh=refresh)

    def result_key(self, document: Document) -> str:
        """The cache key of ``document``'s Extraction: the fields the extractor reads, and the versions."""
        return cache_key(self.key_space, document_digest(document))


def _x_cache_header(description: str) -> list[ResponseHeader]:
    return [ResponseHeader(name="X-Cache", documentation_only=True, required=True, description=description)]


CacheControl = Annotated[
    str | None,
    HeaderParameter(
        name="Cache-Control",
        required=False,
        description="`no-cache` recomputes the result and overwrites the cached entry.",
    ),
]


def wants_refresh(cache_control: str | None) -> bool:
    if not cache_control:
        return False
    directives = (part.strip().lower() for part in cache_control.split(","))
    return "no-cache" in directives


JSON_LIMITS = "json_limits"  # a route's ``opt`` key: the ``Limits`` its body is read under


def batch_limits(settings: Settings) -> Limits:
    """A batch body holds at most ``max_batch`` documents and, to bound what decoding it allocates,
    ``VALUES_PER_DOCUMENT`` JSON values a document (a request with every field uses 20)."""
    return Limits("documents", settings.max_batch, 1024 + VALUES_PER_DOCUMENT * settings.max_batch)


VALUES_PER_DOCUMENT = 256


class BodyReadingRequest(Request):  # type: ignore[type-arg]
    """The framework's request, reading JSON bodies with the shared reader (``service.api.body``):
    the framework and the fast path accept and refuse the same bytes, with the same problems."""

    async def json(self) -> Any:
        if self._json is Empty:
            limits = self.route_handler.opt.get(JSON_LIMITS)
            try:
                self._json = read_json(await self.body() or b"null", limits)
            except BodyError as exc:
                raise ApiProblem(exc.status, exc.kind, exc.detail) from None
        return self._json


def build_routes(settings: Settings, services: Services) -> list[Any]:
    guards = [_api_key_guard(settings.api_keys)] if settings.api_keys else []

    cache = services.open_cache

    def prepare(request_body: ExtractRequest) -> Document:
        try:
            return to_document(request_body, max_text_chars=settings.max_text_chars)
        except UnusableText as exc:
            raise unusable(exc) from None
        except InvalidField as exc:
            raise invalid(exc) from None

    @post(
        "/extract",
        status_code=200,
        operation_id="extractIncidents",
        tags=TAGS,
        summary="Extract the incidents of one article",
        description=(
            "Analyses one Arabic news article and returns its incidents and every entity mention, with "
            "exact character offsets into `text`. Results are cached by the analysed fields and the "
            "extractor version; the `X-Cache` header says whether this answer came from the cache. "
            "`Accept: text/csv` answers ACLED CSV (one row per incident) and `Accept: application/geo+json` "
            "a GeoJSON FeatureCollection (one Point per located incident), both derived from the same result."
        ),
        response_description="The extraction (see the incident contract).",
        response_headers=_x_cache_header("`hit`, `miss` or `bypass` (the cache was unavailable)."),
        responses=problem_responses(400, 401, 406, 413, 415, 422, 500, 503),
        request_max_body_size=settings.max_body_bytes,
        guards=guards,
        before_request=require_json,
    )
    async def extract_incidents(
        request: Request,
        data: JSONBody[ExtractRequest],
        cache_control: CacheControl = None,
    ) -> Response[Extraction]:
        request.scope["state"]["doc_count"] = 1
        fmt = response_format(request)
        document = prepare(data)
        body, status = await services.extract_one(
            services.result_key(document), lambda: document, refresh=wants_refresh(cache_control)
        )
        return formatted(fmt, [with_identity(body, data.id, data.url)], {"X-Cache": status})  # type: ignore[return-value]

    @post(
        "/extract/batch",
        status_code=200,
        operation_id="extractBatch",
        tags=TAGS,
        summary="Extract the incidents of several articles",
        description=(
            "Analyses 1 to HADATH_MAX_BATCH articles independently, of at most HADATH_MAX_BATCH_CHARS code "
            "points of text and titles together. `results` has one item per document, "
            "in order: its Extraction, or a problem object (status 400, 422, 500 or 503) for that "
            "document alone. The request fails as a whole only when it is malformed, unauthorised or "
            "too large. `X-Cache` summarises the documents: `hit` when every one came from the cache, "
            "else `bypass` when any bypassed it (or none was looked up), else `miss`. With `Accept: text/csv` "
            "(ACLED CSV) or `application/geo+json` the answer holds the incidents of every document that could be "
            "analysed, and `X-Failed-Documents` lists the zero-based positions of those that gave a problem."
        ),
        response_description="One result per document, in order.",
        response_headers=_x_cache_header("`hit`, `miss` or `bypass`, for the documents as a whole."),
        responses=problem_responses(400, 401, 406, 413, 415, 500, 503),
        request_max_body_size=settings.max_batch_body_bytes,
        guards=guards,
        before_request=require_json,
        opt={JSON_LIMITS: batch_limits(settings)},
    )
    async def extract_batch(
        request: Request,
        data: JSONBody[BatchRequest],
        cache_control: CacheControl = None,
    ) -> Response[BatchResponse]:
        # At most settings.max_batch: the body reader refused a longer batch (413) while scanning it.
        request.scope["state"]["doc_count"] = len(data.documents)
        chars = sum(len(item.text) + len(item.title or "") for item in data.documents)
        if chars > settings.max_batch_chars:
            raise ApiProblem(
                413,
                "batch-too-long",
                f"the documents' text and titles have {chars} code points; the limit is {settings.max_batch_chars}",
            )
        fmt = response_format(request)
        results, statuses = await _run_batch(data.documents, refresh=wants_refresh(cache_control))
        headers = {"X-Cache": _summary(statuses)}
        if fmt is Format.JSON:
            body = b'{"results":[' + b",".join(results) + b"]}"
            return Response(content=body, media_type=JSON, headers={**headers, **VARY})  # type: ignore[return-value]
        failed = [index for index, result in enumerate(results) if is_problem(result)]
        if failed:
            headers["X-Failed-Documents"] = ",".join(map(str, failed))
        extractions = [result for result in results if not is_problem(result)]
        return formatted(fmt, extractions, headers)  # type: ignore[return-value]

    async def _run_batch(requests: Sequence[ExtractRequest], *, refresh: bool) -> tuple[list[bytes], list[str]]:
        """Each document's body (Extraction or problem) in order, and the cache statuses of those looked up."""
        results: list[bytes] = [b""] * len(requests)
        documents: dict[int, Document] = {}
        for index, item in enumerate(requests):
            try:
                documents[index] = prepare(item)
            except ApiProblem as exc:
                results[index] = problem_bytes(exc.to_problem(item.id))
        order = list(documents)
        keys = [services.result_key(documents[index]) for index in order]
        answers: Sequence[tuple[bytes, str] | ApiProblem]
        # The batch is admitted as a whole, by its characters (Overloaded: the whole request is 503).
        chars = sum(len(document.text) + len(document.title or "") for document in documents.values())
        with services.pool.admitted(chars):
            try:
                answers = await cache().get_or_compute_many(
                    keys, lambda i: services.pool.extract_bytes(documents[order[i]]), refresh=refresh
                )
            except Exception:
                # A document failed, or the pool filled up: answer each one on its own.
                lookups = (_one(documents[index], key, refresh) for index, key in zip(order, keys, strict=True))
                answers = await asyncio.gather(*lookups)
        statuses: list[str] = []
        for index, answer in zip(order, answers, strict=True):
            item = requests[index]
            if isinstance(answer, ApiProblem):
                results[index] = problem_bytes(answer.to_problem(item.id))
            else:
                body, status = answer
                results[index] = with_identity(body, item.id, item.url)
                statuses.append(status)
        return results, statuses

    async def _one(document: Document, key: str, refresh: bool) -> tuple[bytes, str] | ApiProblem:
        try:
            return await services.extract_one(key, lambda: document, refresh=refresh)
        except Overloaded as exc:
            return refusal(exc)
        except Exception as exc:
            log_unexpected(exc, path="/extract/batch")
            return internal_error()

    @post(
        "/aggregate",
        status_code=200,
        operation_id="aggregateEvents",
        tags=["aggregation"],
        summary="Merge the incidents of several articles into events",
        description=(
            "Takes Extractions (as /extract answers them) and merges the incidents of different articles "
            "that tell the same real-world event: the same kind of event, the same or a nearby place, "
            "overlapping dates, compatible actors and tolls. Each event lists every report with its "
            "source and quote, the conservative toll and an agreement score. Deterministic: the same "
            f"extractions give the same events, in any order. At most {MAX_AGGREGATE_EXTRACTIONS} extractions."
        ),
        response_description="The events, in order of their earliest report.",
        responses=problem_responses(400, 401, 406, 413, 415, 500, 503),
        request_max_body_size=settings.max_aggregate_body_bytes,
        guards=guards,
        before_request=require_strict_aggregate_request,
    )
    async def aggregate_events(request: Request, data: JSONBody[AggregateRequest]) -> Response[AggregateResult]:
        fmt = response_format(request)
        count = len(data.extractions)
        if count > MAX_AGGREGATE_EXTRACTIONS:
            raise ApiProblem(
                413, "too-many-extractions", f"{count} extractions; the limit is {MAX_AGGREGATE_EXTRACTIONS}"
            )
        events = await services.pool.run(aggregate, data.extractions)
        return Response(content=events_as(fmt, events), media_type=media_type(fmt), headers=VARY)  # type: ignore[return-value]

    @get(
        "/healthz",
        media_type=JSON,
        operation_id="health",
        tags=OPERATIONS_TAGS,
        summary="Liveness",
        description="The process is alive and its event loop answers (a liveness probe).",
        response_description="Alive.",
        security=NO_AUTH,
    )
    async def healthz() -> Health:
        return Health(status="ok")

    @get(
        "/readyz",
        media_type=JSON,
        operation_id="readiness",
        tags=OPERATIONS_TAGS,
        summary="Readiness",
        description=(
            "200 once this worker has loaded its knowledge pack (503, same body, before); a Redis that "
            "does not answer makes it `degraded`, still 200: requests then bypass the cache."
        ),
        response_description="Ready, possibly degraded.",
        responses={
            503: ResponseSpec(Readiness, description="Still loading the knowledge pack.", generate_examples=False)
        },
        security=NO_AUTH,
    )
    async def readyz() -> Response[Readiness]:
        cache_state = await cache().readiness() if services.cache else {"backend": "none", "redis": "not_configured"}
        redis_ok = cache_state.get("redis") in ("ok", "not_configured")
        ready = services.pool.ready
        body = Readiness(
            status=("ok" if redis_ok else "degraded") if ready else "starting",
            extractor="gazetteer and lexicons loaded" if ready else "loading",
            **services.versions,
            cache=CacheReadiness(**cache_state),
            queue=QueueState(pending=services.pool.pending),
        )
        return Response(content=body, status_code=200 if ready else 503, media_type=JSON)

    @get(
        "/metrics",
        media_type=METRICS_MEDIA_TYPE,
        operation_id="metrics",
        tags=OPERATIONS_TAGS,
        summary="Prometheus metrics",
        description=(
            "Prometheus text exposition: requests by route and status, latency, documents and incidents "
            "extracted, cache outcomes, and the `process_*` series of every worker."
        ),
        response_description="The metrics in Prometheus' text format.",
        security=NO_AUTH,
    )
    async def metrics_text() -> Response[str]:
        return Response(content=exposition(), media_type=METRICS_MEDIA_TYPE)  # type: ignore[arg-type]

    return [extract_incidents, extract_batch, aggregate_events, healthz, readyz, metrics_text]


def response_format(request: Request) -> Format:
    """The format the ``Accept`` header asks for; 406 when it accepts none the service gives."""
    fmt = negotiate(request.headers.get("accept"))
    if fmt is None:
        raise ApiProblem(
            406, "not-acceptable", "send Accept: application/json, text/csv (ACLED CSV) or application/geo+json"
        )
    return fmt


def formatted(fmt: Format, extractions: list[bytes], headers: dict[str, str]) -> Response[bytes]:
    """One Extraction as JSON (the body as cached), or Extractions as ACLED CSV or GeoJSON."""
    content = extractions[0] if fmt is Format.JSON else extractions_as(fmt, extractions)
    return Response(content=content, media_type=media_type(fmt), headers={**headers, **VARY})


def _summary(statuses: list[str]) -> str:
    """``hit`` when every document came from the cache; ``bypass`` if any (or all) went without it; else ``miss``."""
    if not statuses or "bypass" in statuses:
        return "bypass"
    return "miss" if "miss" in statuses else "hit"


async def require_json(request: Request) -> None:
    """415 unless the body is declared JSON (``application/json`` or a ``+json`` type), in UTF-8,
    without a content coding."""
    problem = unsupported_body(request.headers.get("content-type", ""), request.headers.get("content-encoding"))
    if problem is not None:
        raise problem


def unsupported_body(content_type: str, content_encoding: str | None) -> ApiProblem | None:
    """The 415 for a body that is not JSON, is in another charset than UTF-8, or is compressed
    (or otherwise coded): the service reads neither. None for a body it reads."""
    media_type = _media_type(content_type)
    if not is_json_media_type(media_type):
        shown = media_type or "none"
        return ApiProblem(415, "unsupported-media-type", f"content type {shown!r}; send application/json")
    charset = _charset(content_type)
    if charset is not None and charset not in ("utf-8", "utf8"):
        return ApiProblem(415, "unsupported-charset", f"charset {charset!r}; send the body in UTF-8")
    if content_encoding is not None:
        codings = [coding.strip().lower() for coding in content_encoding.split(",")]
        if any(coding not in ("identity", "") for coding in codings):
            shown = content_encoding.strip()[:64]
            return ApiProblem(
                415, "unsupported-content-encoding", f"content encoding {shown!r}; send the body uncompressed"
            )
    return None


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, lowercased and unquoted; None when absent."""
    for parameter in content_type.split(";")[1:]:
        name, _sep, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


# Whole: an extraction lacking a field (which the service always writes) is refused, not completed.
_aggregate_type = whole(AggregateRequest)


async def require_strict_aggregate_request(request: Request) -> None:
    """415 unless JSON; 400 unless the body is exactly an AggregateRequest. The framework's own
    decoding is lax (it reads 0 as false, "1" as 1, and fills a missing field from its default);
    extractions must match the contract as sent, every field present."""
    await require_json(request)
    value = await request.json()  # the shared reader: malformed, deep or non-UTF-8 bodies are 400 here
    try:
        msgspec.convert(value, _aggregate_type, strict=True)
    except msgspec.ValidationError as exc:
        raise ApiProblem(400, "invalid-request", f"not a valid aggregation request: {exc}") from None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def is_json_media_type(content_type: str) -> bool:
    """``application/json`` or an ``application/...+json`` type, parameters (charset) ignored."""
    media_type = _media_type(content_type)
    return media_type == JSON or (media_type.startswith("application/") and media_type.endswith("+json"))


def bearer_key_check(keys: frozenset[str]) -> Callable[[str], bool]:
    """Whether an ``Authorization`` header value carries one of ``keys`` as a Bearer token.

    Keys are printable ASCII (checked at start-up). Both paths hand the header over decoded as
    latin-1, which maps each byte to one character: encoding it back as latin-1 gives the exact
    bytes sent, compared with the key's bytes (encoding it as UTF-8 turned any byte above 0x7f
    into two, so a key with such a character could never match)."""
    encoded = [key.encode("ascii") for key in keys]

    def authorized(authorization: str) -> bool:
        scheme, _sep, token = authorization.partition(" ")
        candidate = token.strip().encode("latin-1")
        # Compare against every key so the time taken says nothing about which one nearly matched.
        matched = [hmac.compare_digest(candidate, key) for key in encoded]
        return scheme.lower() == "bearer" and any(matched)

    return authorized


def _api_key_guard(keys: frozenset[str]):  # type: ignore[no-untyped-def]
    authorized = bearer_key_check(keys)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if not authorized(connection.headers.get("authorization", "")):
            raise ApiProblem(
                401,
                "unauthorized",
                "send Authorization: Bearer <key> with a key from HADATH_API_KEYS",
                {"WWW-Authenticate": 'Bearer realm="hadath"'},
            )

    return guard
