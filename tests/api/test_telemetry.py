"""Logs (JSON lines, one per request, never the article text) and Prometheus metrics."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import pytest

import service.runner
from service.logging import JsonFormatter

SECRET_TEXT = "خبر سري جدا عن قصف قرية الزعفرانة في ريف حمص"


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """Every record logged so far in the test, formatted as the service writes it."""
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()
    return lambda: [formatter.format(record) for record in caplog.records]


def access_entries(lines: list[str]) -> list[dict]:
    entries = [json.loads(line) for line in lines]
    return [entry for entry in entries if entry["logger"] == "service.access"]


def test_one_json_line_per_request_with_its_outcome(client, log_lines) -> None:
    client.post("/extract", json={"id": "doc-1", "text": SECRET_TEXT})
    client.post("/extract/batch", json={"documents": [{"text": SECRET_TEXT}, {"text": "no Arabic"}]})
    client.get("/no-such-path")
    entries = access_entries(log_lines())
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/extract", 200),
        ("POST", "/extract/batch", 200),
        ("GET", "/no-such-path", 404),
    ]
    assert [(e["cache"], e["docs"]) for e in entries] == [("miss", 1), ("hit", 2), (None, None)]
    assert all(e["level"] == "info" and e["duration_ms"] >= 0 for e in entries)


def test_logs_never_contain_article_text(client, log_lines, monkeypatch: pytest.MonkeyPatch) -> None:
    client.post("/extract", json={"text": SECRET_TEXT, "title": SECRET_TEXT})
    client.post("/extract", json={"text": SECRET_TEXT, "published_at": "not a date"})

    def leaky_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError(f"could not parse {document.text}")

    monkeypatch.setattr(service.runner, "extract", leaky_extract)
    assert client.post("/extract", json={"text": SECRET_TEXT + "!"}).status_code == 500
    client.post("/extract/batch", json={"documents": [{"text": SECRET_TEXT + "?"}]})
    lines = log_lines()
    errors = [json.loads(line) for line in lines if json.loads(line)["level"] == "error"]
    assert errors and errors[0]["error"] == "ValueError" and errors[0]["frames"]
    for word in SECRET_TEXT.split():
        assert not any(word in line for line in lines), word


def test_metrics_count_requests_latency_incidents_and_cache(client) -> None:
    client.post("/extract", json={"text": SECRET_TEXT})
    client.post("/extract", json={"text": SECRET_TEXT})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert re.search(r'hadath_http_requests_total\{method="POST",route="/extract",status="200"\} \d', text)
    assert 'hadath_http_request_duration_seconds_bucket{le="0.001",route="/extract"}' in text
    assert "hadath_incidents_extracted_total" in text
    assert "hadath_documents_extracted_total" in text
    assert "hadath_cache_requests_total" in text


def test_metrics_and_health_are_not_in_the_openapi_document(client) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert set(paths) == {"/extract", "/extract/batch", "/aggregate"}
