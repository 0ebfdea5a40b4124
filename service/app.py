"""``create_app(settings)``: the Litestar app with its routes, problem handlers, OpenAPI and lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, Contact, License, SecurityScheme, Tag
from litestar.types import ASGIApp, Receive, Scope, Send

from service import tracing, version
from service.api.fast_path import ExtractFastPath
from service.api.openapi import OPERATIONS_TAG, finish_openapi
from service.api.problems import EXCEPTION_HANDLERS
from service.api.routes import BodyReadingRequest, Services, build_routes
from service.cache import build_cache, key_space
from service.extraction import DEFAULT_PACK, SCHEMA_VERSION, extractor_version, pack_version
from service.logging import RequestTelemetry
from service.metrics import forget_process, register_process
from service.runner import ExtractionPool, KnowledgeLoader
from service.settings import Settings
from service.shutdown import DRAIN
from service.web import docs_render_plugins, web_routes

log = logging.getLogger("service.app")

DESCRIPTION = """\
Hadath turns Arabic news about the conflict in Syria into structured incidents: what happened
(ACLED-style types), where (OCHA P-codes), when, who, to whom, how many, and who says so,
each with exact character offsets into the text sent.

Every operation answers JSON, or as `Accept` asks, ACLED CSV (`text/csv`) or GeoJSON
(`application/geo+json`). Errors are RFC 9457 `application/problem+json` objects. When the
server sets HADATH_API_KEYS, the extraction and aggregation operations require
`Authorization: Bearer <key>`; otherwise they take no credentials. Every answer carries an
`X-Request-ID` header, the caller's when usable.

The code is MIT licensed. The gazetteer comes from the OCHA Syria Common Operational Datasets
(CC BY 3.0 IGO, credit "OCHA Syria CODs") and Open-Syria's data-geography (CC BY 4.0).
"""


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Hadath",
        version=version(),
        description=DESCRIPTION,
        contact=Contact(name="The Hadath developers"),
        license=License(name="MIT", identifier="MIT"),
        tags=[
            Tag(name="extraction", description="Incidents and entities from Arabic news articles."),
            Tag(name="aggregation", description="One event across many reports: incidents of several articles merged."),
            Tag(name=OPERATIONS_TAG, description="Liveness, readiness and metrics, for probes and scrapers."),
        ],
        # Optional: with HADATH_API_KEYS unset the operations take no credentials. Declared for the
        # document rather than per operation, where generators would demand an authenticated client.
        security=[{"bearerAuth": []}, {}],
        components=Components(
            security_schemes={
                "bearerAuth": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="One of the keys in HADATH_API_KEYS; required only when the server sets it.",
                )
            }
        ),
        use_handler_docstrings=False,
        create_examples=False,
        render_plugins=docs_render_plugins(),
    )


def create_app(settings: Settings | None = None, *, fast_path: bool = True) -> Litestar:
    """The app; ``fast_path=False`` serves every request through the framework (the differential
    tests compare both)."""
    settings = settings or Settings.from_env()
    register_process("worker")
    traces = tracing.from_env()
    pack = settings.knowledge_pack or DEFAULT_PACK
    versions = {
        "schema_version": SCHEMA_VERSION,
        "extractor_version": extractor_version(),
        "knowledge_version": pack_version(pack),
    }
    pool = ExtractionPool(
        threads=settings.extract_threads,
        queue_limit=settings.extract_queue,
        queue_chars=settings.extract_queue_chars,
        knowledge=KnowledgeLoader(pack),
        tracing=traces,
    )
    space = key_space(f"v{SCHEMA_VERSION}", versions["extractor_version"], versions["knowledge_version"])
    services = Services(pool=pool, key_space=space, versions=versions)

    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        services.pool.start()
        # Stopping: admit nothing new, and drop what has not started a second before the deadline.
        DRAIN.configure(settings.shutdown_grace)
        DRAIN.on_shed(services.pool.shed)
        services.cache = build_cache(
            redis_url=settings.redis_url,
            ttl_seconds=settings.cache_ttl,
            max_entry_bytes=settings.cache_max_entry_bytes,
            memory_max_bytes=settings.cache_memory_bytes,
            redis_timeout_seconds=settings.redis_timeout,
            secret=settings.cache_secret,
            redis_password=settings.redis_password,
        )
        # Warm up in the background: the server answers /healthz at once, /readyz once loaded.
        services.warm_up = asyncio.create_task(services.pool.warm_up())
        try:
            yield
        finally:
            DRAIN.forget(services.pool.shed)
            services.warm_up.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await services.warm_up
            await services.cache.aclose()
            services.pool.close()
            forget_process(os.getpid())
            if traces is not None:
                traces.shutdown()

    app = Litestar(
        route_handlers=[*build_routes(settings, services), *web_routes()],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        request_class=BodyReadingRequest,
        openapi_config=openapi_config(),
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        debug=False,
        logging_config=None,  # logging is configured by the CLI (service.logging), not per app
    )
    finish_openapi(app.openapi_schema)
    framework = app.asgi_handler if traces is None else _marked_as_framework(app.asgi_handler)
    # Acceptable POST /extract requests skip the framework; the others reach it unchanged.
    served = ExtractFastPath(framework, settings=settings, services=services) if fast_path else framework
    # Outermost, so unmatched paths and 405s are logged, counted and traced too.
    app.asgi_handler = RequestTelemetry(served, traces)
    return app


def _marked_as_framework(app: ASGIApp) -> ASGIApp:
    """With tracing on: a request's span says which path served it (the fast path's are unmarked)."""

    async def framework(scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})["served_by"] = "framework"  # type: ignore[typeddict-unknown-key]
        await app(scope, receive, send)

    return framework
