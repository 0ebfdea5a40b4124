"""What the generated OpenAPI document cannot say by itself: media-type examples and header schemas.

Litestar writes a request body ``Body(examples=...)`` as an ``allOf`` wrapper around the
model, which generated clients turn into an extra type; examples on the media type keep
the plain ``$ref``. Response headers declared for documentation carry no schema.
"""

from __future__ import annotations

from litestar.openapi.spec import Example, OpenAPI, OpenAPIMediaType, Operation, Schema

from .examples import seed_request

CACHE_STATUSES = ["hit", "miss", "bypass"]


def finish_openapi(document: OpenAPI) -> None:
    """Add the seed article as request example and the ``X-Cache`` header's schema, in place."""
    seed = seed_request()
    _add_example(_post(document, "/extract"), "seed", Example(summary="The founding article (SY24)", value=seed))
    _add_example(
        _post(document, "/extract/batch"),
        "seed",
        Example(summary="The founding article (SY24) as a batch of one", value={"documents": [seed]}),
    )
    for path in ("/extract", "/extract/batch"):
        for response in (_post(document, path).responses or {}).values():
            headers = getattr(response, "headers", None) or {}
            if "X-Cache" in headers:
                headers["X-Cache"].schema = Schema(type="string", enum=CACHE_STATUSES)  # type: ignore[arg-type]


def _post(document: OpenAPI, path: str) -> Operation:
    operation = document.paths[path].post  # type: ignore[index]
    assert operation is not None
    return operation


def _add_example(operation: Operation, name: str, example: Example) -> None:
    body = operation.request_body
    assert body is not None and not isinstance(body, dict)
    media: OpenAPIMediaType = body.content["application/json"]  # type: ignore[union-attr]
    media.examples = {name: example}
