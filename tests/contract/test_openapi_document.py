"""The committed OpenAPI document is the app's, and says what clients need to know."""

from __future__ import annotations

import json

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


OPERATIONS = {"/extract": "extractIncidents", "/extract/batch": "extractBatch", "/aggregate": "aggregateEvents"}
FORMATS = {"application/json", "text/csv", "application/geo+json"}


def test_operations_have_ids_tags_and_descriptions(document: dict) -> None:
    operations = {path: item["post"] for path, item in document["paths"].items()}
    assert {path: op["operationId"] for path, op in operations.items()} == OPERATIONS
    declared_tags = {tag["name"] for tag in document["tags"]}
    for operation in operations.values():
        assert len(operation["tags"]) == 1 and operation["tags"][0] in declared_tags
        assert operation["summary"] and operation["description"]


def test_every_error_is_documented_as_problem_json(document: dict) -> None:
    for path, item in document["paths"].items():
        responses = item["post"]["responses"]
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
                    assert response["headers"]["X-Cache"]["schema"]["enum"] == ["hit", "miss", "bypass"]


def test_the_seed_article_is_the_request_example(document: dict) -> None:
    seed = (REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt").read_text(encoding="utf-8")
    body = document["paths"]["/extract"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ExtractRequest"}
    assert [example["value"]["text"] for example in body["examples"].values()] == [seed]


def test_request_schema_states_what_the_server_accepts(document: dict) -> None:
    text = document["components"]["schemas"]["ExtractRequest"]["properties"]["text"]
    assert text["minLength"] == 1 and text["maxLength"] == 100_000 and text["pattern"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
