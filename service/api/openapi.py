"""What the generated OpenAPI document cannot say by itself: media-type examples, header schemas and
the answers in other formats than JSON (ACLED CSV, GeoJSON) that content negotiation gives.

Litestar writes a request body ``Body(examples=...)`` as an ``allOf`` wrapper around the
model, which generated clients turn into an extra type; examples on the media type keep
the plain ``$ref``. Response headers declared for documentation carry no schema.
"""

from __future__ import annotations

from litestar.openapi.spec import Example, OpenAPI, OpenAPIHeader, OpenAPIMediaType, Operation, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

from service.exports.acled import COLUMNS
from service.exports.formats import CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE

from .examples import seed_request

CACHE_STATUSES = ["hit", "miss", "bypass"]
NEGOTIATED = ("/extract", "/extract/batch", "/aggregate")

_CSV = Schema(
    type=OpenAPIType.STRING,
    description="ACLED CSV (RFC 4180, UTF-8, header row): one row per incident or event, ACLED's columns in "
    "ACLED's order: " + ", ".join(COLUMNS) + ". A column with no value is empty.",
)
_POINT = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "coordinates"],
    properties={
        "type": Schema(type=OpenAPIType.STRING, enum=["Point"]),
        "coordinates": Schema(
            type=OpenAPIType.ARRAY,
            items=Schema(type=OpenAPIType.NUMBER),
            min_items=2,
            max_items=2,
            description="[longitude, latitude], WGS 84 (RFC 7946).",
        ),
    },
)
_FEATURE = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "id", "geometry", "properties"],
    properties={
        "type": Schema(type=OpenAPIType.STRING, enum=["Feature"]),
        "id": Schema(type=OpenAPIType.STRING, description="The event id (the ACLED CSV's event_id_cnty)."),
        "geometry": Reference(ref="#/components/schemas/GeoJSONPoint"),
        "properties": Schema(
            type=OpenAPIType.OBJECT,
            description="An incident's fields and its article's document_id, source, published_at and url; "
            "or an event's fields.",
        ),
    },
)
_FEATURE_COLLECTION = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "features"],
    description="A GeoJSON FeatureCollection (RFC 7946): one Point per incident or event that has a located place.",
    properties={
        "type": Schema(type=OpenAPIType.STRING, enum=["FeatureCollection"]),
        "features": Schema(type=OpenAPIType.ARRAY, items=Reference(ref="#/components/schemas/GeoJSONFeature")),
    },
)


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
    _add_other_formats(document)


def _add_other_formats(document: OpenAPI) -> None:
    """ACLED CSV and GeoJSON beside JSON in each negotiated operation's 200 answer, and their schemas."""
    schemas = document.components.schemas  # type: ignore[union-attr]
    schemas.update(
        {"GeoJSONPoint": _POINT, "GeoJSONFeature": _FEATURE, "GeoJSONFeatureCollection": _FEATURE_COLLECTION}
    )
    for path in NEGOTIATED:
        ok = (_post(document, path).responses or {})["200"]
        ok.content[CSV_MEDIA_TYPE] = OpenAPIMediaType(schema=_CSV)  # type: ignore[union-attr,index]
        ok.content[GEOJSON_MEDIA_TYPE] = OpenAPIMediaType(  # type: ignore[union-attr,index]
            schema=Reference(ref="#/components/schemas/GeoJSONFeatureCollection")
        )
    batch = (_post(document, "/extract/batch").responses or {})["200"]
    batch.headers["X-Failed-Documents"] = OpenAPIHeader(  # type: ignore[union-attr,index]
        schema=Schema(type=OpenAPIType.STRING, pattern="^[0-9]+(,[0-9]+)*$"),
        description="With ACLED CSV or GeoJSON: the zero-based positions of the documents that gave a problem "
        "(comma-separated); absent when every document was analysed.",
        required=False,
    )


def _post(document: OpenAPI, path: str) -> Operation:
    operation = document.paths[path].post  # type: ignore[index]
    assert operation is not None
    return operation


def _add_example(operation: Operation, name: str, example: Example) -> None:
    body = operation.request_body
    assert body is not None and not isinstance(body, dict)
    media: OpenAPIMediaType = body.content["application/json"]  # type: ignore[union-attr]
    media.examples = {name: example}
