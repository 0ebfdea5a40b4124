"""What the generated OpenAPI document cannot say by itself, added to the app's document in place.

- Answers in other formats than JSON (ACLED CSV, GeoJSON) that content negotiation gives.
- Media-type examples: Litestar writes a request body ``Body(examples=...)`` as an ``allOf``
  wrapper around the model, which generated clients turn into an extra type; examples on the
  media type keep the plain ``$ref``.
- Headers: ``X-Cache`` (documented only, so without a schema) and ``X-Request-ID`` on every
  answer; ``X-Request-ID`` as an optional parameter of every operation; optional header
  parameters are strings, never ``null`` (a header is sent or it is not).
- Security: bearer auth is optional for the document (``[{bearerAuth: []}, {}]``, inherited by
  the extraction operations) and absent for health, readiness and metrics. Declared on an
  operation, even optional auth makes generators demand an authenticated client.
- Component schemas for clean clients: named enums, required lists, discriminators
  (``client_schemas``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

from litestar.openapi.spec import (
    Components,
    Example,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
)

from service.cache import CacheStatus
from service.exports.acled import COLUMNS
from service.exports.formats import CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE
from service.exports.model import AggregateResult
from service.extraction import Extraction, model
from service.request_id import REQUEST_ID_DESCRIPTION, REQUEST_ID_HEADER

from . import models
from .client_schemas import add_discriminators, literal_aliases, name_enums, require_sent_fields
from .examples import seed_request

OPERATIONS_TAG = "operations"
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
        "properties": Reference(ref="#/components/schemas/GeoJSONProperties"),
    },
)
# Named, so that a generated client has one type for it rather than one made up per use.
_PROPERTIES = Schema(
    type=OpenAPIType.OBJECT,
    description="An incident's fields and its article's document_id, source, published_at and url; "
    "or an event's fields.",
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
# The structs answers carry (BatchResponse, a dataclass, holds only Extraction and Problem).
RESPONSE_TYPES = (Extraction, AggregateResult, models.Problem, models.Health, models.Readiness)


def finish_openapi(document: OpenAPI) -> None:
    _add_seed_examples(document)
    _add_other_formats(document)
    _document_headers(document)
    for operation in _operations(document):
        if OPERATIONS_TAG in (operation.tags or ()):
            operation.security = []
    name_enums(document, literal_aliases(model, models) | {"CacheStatus": get_args(CacheStatus)})
    require_sent_fields(document, RESPONSE_TYPES)
    add_discriminators(document)


def _add_seed_examples(document: OpenAPI) -> None:
    seed = seed_request()
    _add_example(_post(document, "/extract"), "seed", Example(summary="The founding article (SY24)", value=seed))
    _add_example(
        _post(document, "/extract/batch"),
        "seed",
        Example(summary="The founding article (SY24) as a batch of one", value={"documents": [seed]}),
    )


def _document_headers(document: OpenAPI) -> None:
    components = document.components
    assert isinstance(components, Components)
    components.parameters = {
        REQUEST_ID_HEADER: Parameter(
            name=REQUEST_ID_HEADER,
            param_in="header",
            required=False,
            description=REQUEST_ID_DESCRIPTION,
            schema=Schema(type=OpenAPIType.STRING),
        )
    }
    components.headers = {
        REQUEST_ID_HEADER: OpenAPIHeader(
            schema=Schema(type=OpenAPIType.STRING),
            required=True,
            description="The request's id: the caller's `X-Request-ID` when usable, else one made for it.",
        )
    }
    for operation in _operations(document):
        parameters = [p for p in operation.parameters or () if isinstance(p, Parameter)]
        for parameter in parameters:
            if parameter.param_in == "header" and isinstance(parameter.schema, Schema) and parameter.schema.one_of:
                parameter.schema = Schema(type=OpenAPIType.STRING, description=parameter.schema.description)
        operation.parameters = [*parameters, Reference(ref=f"#/components/parameters/{REQUEST_ID_HEADER}")]
        for response in (operation.responses or {}).values():
            assert isinstance(response, OpenAPIResponse)
            headers = response.headers = response.headers or {}
            if "X-Cache" in headers:
                headers["X-Cache"].schema = Schema(type=OpenAPIType.STRING, enum=list(get_args(CacheStatus)))  # type: ignore[union-attr]
            headers[REQUEST_ID_HEADER] = Reference(ref=f"#/components/headers/{REQUEST_ID_HEADER}")


def _add_other_formats(document: OpenAPI) -> None:
    """ACLED CSV and GeoJSON beside JSON in each negotiated operation's 200 answer, and their schemas."""
    schemas = document.components.schemas  # type: ignore[union-attr]
    schemas.update(
        {
            "GeoJSONPoint": _POINT,
            "GeoJSONProperties": _PROPERTIES,
            "GeoJSONFeature": _FEATURE,
            "GeoJSONFeatureCollection": _FEATURE_COLLECTION,
        }
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


def _operations(document: OpenAPI) -> Iterator[Operation]:
    for path in (document.paths or {}).values():
        yield from (op for op in (path.get, path.post, path.put, path.delete, path.patch) if op is not None)


def _post(document: OpenAPI, path: str) -> Operation:
    operation = document.paths[path].post  # type: ignore[index]
    assert operation is not None
    return operation


def _add_example(operation: Operation, name: str, example: Example) -> None:
    body = operation.request_body
    assert body is not None and not isinstance(body, dict)
    media: OpenAPIMediaType = body.content["application/json"]  # type: ignore[union-attr]
    media.examples = {name: example}
