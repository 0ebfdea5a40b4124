"""The committed OpenAPI document is the app's, and says what clients need to know."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from service.__main__ import openapi_document

from ..conftest import REPO_ROOT

COMMITTED = REPO_ROOT / "openapi" / "openapi.json"
REGENERATE = "regenerate it with: make openapi (python -m service openapi --output openapi/openapi.json)"


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_committed_document_matches_the_app() -> None:
    assert openapi_document() == COMMITTED.read_text(encoding="utf-8"), f"openapi/openapi.json is stale; {REGENERATE}"


EXTRACTION_PATHS = ("/extract", "/extract/batch", "/aggregate")
OPERATIONS_PATHS = ("/healthz", "/readyz", "/metrics")
FORMATS = {"application/json", "text/csv", "application/geo+json"}


def operations(document: dict) -> dict[str, dict]:
    return {path: operation for path, item in document["paths"].items() for operation in item.values()}


def schemas_in(node: object) -> Iterator[dict]:
    """Every schema-like dict inside ``node`` (depth first)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from schemas_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from schemas_in(item)


def reachable(document: dict, roots: set[str]) -> set[str]:
    """Component schemas reachable from ``roots`` through $ref."""
    components, seen, pending = document["components"]["schemas"], set(), list(roots)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending += [node["$ref"].rsplit("/", 1)[1] for node in schemas_in(components[name]) if "$ref" in node]
    return seen


def test_operations_have_ids_tags_and_descriptions(document: dict) -> None:
    found = operations(document)
    assert set(found) == {*EXTRACTION_PATHS, *OPERATIONS_PATHS}
    assert {path: op["operationId"] for path, op in found.items()} == {
        "/extract": "extractIncidents",
        "/extract/batch": "extractBatch",
        "/aggregate": "aggregateEvents",
        "/healthz": "health",
        "/readyz": "readiness",
        "/metrics": "metrics",
    }
    declared_tags = {tag["name"] for tag in document["tags"]}
    for path, operation in found.items():
        assert len(operation["tags"]) == 1 and operation["tags"][0] in declared_tags
        assert (operation["tags"] == ["operations"]) == (path in OPERATIONS_PATHS)
        assert operation["summary"] and operation["description"]


def test_every_error_is_documented_as_problem_json(document: dict) -> None:
    for path in EXTRACTION_PATHS:
        responses = document["paths"][path]["post"]["responses"]
        expected = {"400", "401", "406", "413", "415", "500", "503"} | ({"422"} if path == "/extract" else set())
        assert expected <= set(responses), path
        for status, response in responses.items():
            media_types = set(response.get("content", {}))
            if status.startswith(("4", "5")):
                assert media_types == {"application/problem+json"}, (path, status)
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }
            else:
                assert media_types == FORMATS, (path, status)
                assert response["content"]["application/geo+json"]["schema"] == {
                    "$ref": "#/components/schemas/GeoJSONFeatureCollection"
                }
                if path != "/aggregate":
                    assert response["headers"]["X-Cache"]["schema"] == {"$ref": "#/components/schemas/CacheStatus"}


def test_every_enum_is_a_named_component(document: dict) -> None:
    components = document["components"]["schemas"]
    named = {name for name, schema in components.items() if "enum" in schema}
    assert named >= {"IncidentType", "Status", "Precision", "Role", "ActorType", "SourceKind", "CacheStatus"}
    inline = [node for name, schema in components.items() if name not in named for node in schemas_in(schema)]
    inline += list(schemas_in(document["paths"]))
    assert not [node for node in inline if len(node.get("enum", ())) > 1]


def test_a_nullable_value_is_one_type_or_null(document: dict) -> None:
    for node in schemas_in(document):
        assert not (isinstance(node.get("type"), list) and "enum" in node), node
        alternatives = node.get("oneOf", node.get("anyOf", []))
        if {"type": "null"} in alternatives and "$ref" in str(alternatives):
            assert len(alternatives) == 2, node


def test_answers_require_every_field_they_always_send(document: dict) -> None:
    components = document["components"]["schemas"]
    answers = reachable(document, {"Extraction", "AggregateResult", "Health", "Readiness"})
    assert {"Casualties", "Place", "DateRef", "PlaceEntity", "Meta", "Event", "Tolls"} <= answers
    for name in answers - {"IncidentType", "Status", "Precision", "Role", "ActorType", "SourceKind", "ReadinessStatus"}:
        schema = components[name]
        assert set(schema.get("required", ())) == set(schema["properties"]), name
    assert set(components["Problem"]["required"]) == {"type", "title", "status", "detail"}  # id only when known


def test_entities_are_discriminated_by_kind(document: dict) -> None:
    entities = document["components"]["schemas"]["Extraction"]["properties"]["entities"]["items"]
    discriminator = entities["discriminator"]
    assert discriminator["propertyName"] == "kind"
    assert sorted(discriminator["mapping"].values()) == sorted(member["$ref"] for member in entities["oneOf"])
    for kind, reference in discriminator["mapping"].items():
        member = document["components"]["schemas"][reference.rsplit("/", 1)[1]]
        assert member["properties"]["kind"] == {"type": "string", "const": kind}


def test_single_and_batch_requests_share_one_document_schema(document: dict) -> None:
    components = document["components"]["schemas"]
    assert components["BatchRequest"]["properties"]["documents"]["items"] == {
        "$ref": "#/components/schemas/ExtractRequest"
    }
    assert not [name for name in components if "Document" in name]


def test_auth_is_optional_and_health_metrics_need_none(document: dict) -> None:
    assert document["security"] == [{"bearerAuth": []}, {}]
    found = operations(document)
    for path in EXTRACTION_PATHS:  # declared on an operation, generators would demand an authenticated client
        assert "security" not in found[path], path
    for path in OPERATIONS_PATHS:
        assert found[path]["security"] == [], path


def test_header_parameters_are_plain_optional_strings(document: dict) -> None:
    for path, operation in operations(document).items():
        names = [parameter.get("name") or parameter["$ref"].rsplit("/", 1)[1] for parameter in operation["parameters"]]
        assert "X-Request-ID" in names, path
    headers = [
        parameter for operation in operations(document).values() for parameter in operation["parameters"]
    ] + list(document["components"]["parameters"].values())
    for parameter in headers:
        if "$ref" in parameter:
            continue
        assert parameter["in"] == "header" and parameter["required"] is False
        assert parameter["schema"]["type"] == "string" and "default" not in parameter["schema"], parameter


def test_every_answer_says_its_request_id(document: dict) -> None:
    for path, operation in operations(document).items():
        for status, response in operation["responses"].items():
            assert response["headers"]["X-Request-ID"] == {"$ref": "#/components/headers/X-Request-ID"}, (path, status)


def test_licence_and_contact(document: dict) -> None:
    assert document["info"]["license"] == {"name": "MIT", "identifier": "MIT"}
    assert document["info"]["contact"]["name"]


def test_the_seed_article_is_the_request_example(document: dict) -> None:
    seed = (REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt").read_text(encoding="utf-8")
    body = document["paths"]["/extract"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ExtractRequest"}
    assert [example["value"]["text"] for example in body["examples"].values()] == [seed]


def test_request_schema_states_what_the_server_accepts(document: dict) -> None:
    text = document["components"]["schemas"]["ExtractRequest"]["properties"]["text"]
    assert text["minLength"] == 1 and text["maxLength"] == 100_000 and text["pattern"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
