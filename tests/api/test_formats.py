"""Content negotiation over HTTP: JSON, ACLED CSV and GeoJSON from one cached result; POST /aggregate."""

from __future__ import annotations

import csv
import io
import json

import pytest

from service.api.models import MAX_AGGREGATE_EXTRACTIONS

from ..exports.conftest import REPORTS
from .test_fast_path import framework_requests

CSV = {"Accept": "text/csv"}
GEOJSON = {"Accept": "application/geo+json"}


def request_of(doc_id: str) -> dict[str, str]:
    source, day, text = REPORTS[doc_id]
    return {"id": doc_id, "source": source, "published_at": day, "text": text}


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_cached_result_in_three_formats(client, seed_text: str) -> None:
    body = {"id": "seed", "text": seed_text, "source": "SY24", "published_at": "2021-11-10"}
    as_json = client.post("/extract", json=body)
    as_csv = client.post("/extract", json=body, headers=CSV)
    as_geojson = client.post("/extract", json=body, headers=GEOJSON)
    assert [r.status_code for r in (as_json, as_csv, as_geojson)] == [200, 200, 200]
    assert [r.headers["x-cache"] for r in (as_json, as_csv, as_geojson)] == ["miss", "hit", "hit"]
    assert all(r.headers["vary"] == "Accept" for r in (as_json, as_csv, as_geojson))
    assert as_csv.headers["content-type"].startswith("text/csv") and "charset=utf-8" in as_csv.headers["content-type"]
    assert as_geojson.headers["content-type"] == "application/geo+json"
    incidents = as_json.json()["incidents"]
    rows = csv_rows(as_csv.text)
    assert len(rows) == len(incidents) and all(row["source"] == "SY24" for row in rows)
    features = as_geojson.json()["features"]
    assert {feature["properties"]["id"] for feature in features} <= {incident["id"] for incident in incidents}
    assert {feature["id"] for feature in features} <= {row["event_id_cnty"] for row in rows}


def test_the_fast_path_steps_aside_for_other_formats(client) -> None:
    seen = framework_requests(client)
    body = request_of("a")
    client.post("/extract", json=body, headers={"Accept": "application/json"})
    client.post("/extract", json=body, headers={"Accept": "*/*"})
    assert seen == []
    answer = client.post("/extract", json=body, headers=CSV)
    assert seen == ["/extract"] and answer.status_code == 200 and len(csv_rows(answer.text)) == 1


@pytest.mark.parametrize("path", ["/extract", "/extract/batch", "/aggregate"])
def test_an_accept_header_that_fits_no_format_is_a_406_problem(client, path: str) -> None:
    bodies = {
        "/extract": request_of("a"),
        "/extract/batch": {"documents": [request_of("a")]},
        "/aggregate": {"extractions": [client.post("/extract", json=request_of("a")).json()]},
    }
    answer = client.post(path, json=bodies[path], headers={"Accept": "text/html"})
    assert answer.status_code == 406
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == "urn:hadath:problem:not-acceptable"


def test_batch_in_csv_names_the_documents_that_failed(client) -> None:
    documents = [request_of("a"), {"id": "english", "text": "no Arabic here"}, request_of("d")]
    answer = client.post("/extract/batch", json={"documents": documents}, headers=CSV)
    assert answer.status_code == 200 and answer.headers["x-failed-documents"] == "1"
    assert [row["source"] for row in csv_rows(answer.text)] == ["Outlet A", "Outlet D"]
    complete = client.post("/extract/batch", json={"documents": documents[:1]}, headers=GEOJSON)
    assert "x-failed-documents" not in complete.headers
    assert [f["properties"]["document_id"] for f in complete.json()["features"]] == ["a"]


def test_aggregate_merges_reports_of_one_event(client) -> None:
    extractions = [client.post("/extract", json=request_of(doc_id)).json() for doc_id in "abcd"]
    answer = client.post("/aggregate", json={"extractions": extractions})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    events = answer.json()["events"]
    assert [[report["document_id"] for report in event["reports"]] for event in events] == [["a", "b"], ["d"], ["c"]]
    assert events[0]["tolls"]["killed"] == 3
    rows = csv_rows(client.post("/aggregate", json={"extractions": extractions}, headers=CSV).text)
    assert [row["source"] for row in rows] == ["Outlet A; Outlet B", "Outlet D", "Outlet C"]
    geo = client.post("/aggregate", json={"extractions": extractions}, headers=GEOJSON).json()
    assert [len(feature["properties"]["reports"]) for feature in geo["features"]] == [2, 1, 1]


def test_aggregate_refuses_what_is_not_extractions(client) -> None:
    assert client.post("/aggregate", json={"extractions": []}).status_code == 400
    assert client.post("/aggregate", json={"extractions": [{"id": "x"}]}).status_code == 400
    assert client.post("/aggregate", content=b"{", headers={"Content-Type": "application/json"}).status_code == 400
    extraction = client.post("/extract", json=request_of("a")).json()
    too_many = {"extractions": [extraction] * (MAX_AGGREGATE_EXTRACTIONS + 1)}
    answer = client.post("/aggregate", content=json.dumps(too_many), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413 and answer.json()["type"] == "urn:hadath:problem:too-many-extractions"
