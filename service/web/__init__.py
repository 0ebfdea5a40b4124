"""The page at ``/`` and the offline OpenAPI pages: everything a browser loads is served from here.

``GET /`` is a page where a person pastes an article (or opens the seed) and sees its incidents:
the text with their spans highlighted, a table and a map. It calls the documented API itself
(``POST /extract``, as JSON and as GeoJSON), so it shows exactly what a client gets. Scripts,
styles and map outlines are vendored npm files under ``static/vendor`` (see its README); no
route here is part of the OpenAPI document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import (
    JsonRenderPlugin,
    OpenAPIRenderPlugin,
    SwaggerRenderPlugin,
    YamlRenderPlugin,
)
from litestar.static_files import create_static_files_router

from service.api.examples import SEED_ID, seed_request

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PATH = "/static"
VENDOR = f"{STATIC_PATH}/vendor"
# The page loads only what this service serves; scripts and styles come from files, never inline.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_NO_FAVICON = "<link rel='icon' href='data:,'>"  # Litestar's default favicon is fetched from a CDN


def docs_render_plugins() -> list[OpenAPIRenderPlugin]:
    """The OpenAPI pages under /schema, loading their bundles from this service instead of a CDN."""
    # Swagger UI only: Redoc's bundle fetches its "powered by" logo from a CDN whatever it is told.
    return [
        SwaggerRenderPlugin(
            path=["/", "/swagger"],
            js_url=f"{VENDOR}/swagger-ui-dist@5.36.0/swagger-ui-bundle.js",
            css_url=f"{VENDOR}/swagger-ui-dist@5.36.0/swagger-ui.css",
            standalone_preset_js_url=f"{VENDOR}/swagger-ui-dist@5.36.0/swagger-ui-standalone-preset.js",
            favicon=_NO_FAVICON,
        ),
        JsonRenderPlugin(),
        YamlRenderPlugin(path=["/openapi.yaml", "/openapi.yml"]),
    ]


@get("/", include_in_schema=False, media_type="text/html", sync_to_thread=False)
def page() -> Response[bytes]:
    return Response(
        content=(STATIC_DIR / "index.html").read_bytes(),
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"},
    )


@get("/examples/seed", include_in_schema=False, sync_to_thread=False)
def seed_example() -> dict[str, Any]:
    """The founding article as a request body, for the page's "open the seed" button."""
    return {**seed_request(), "id": SEED_ID}


def web_routes() -> list[Any]:
    static = create_static_files_router(
        path=STATIC_PATH,
        directories=[STATIC_DIR],
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=3600),
        name="static",
    )
    return [page, seed_example, static]
