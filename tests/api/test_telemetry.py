"""Logs (JSON lines, one per request, never the article text, each with the request's id),
request ids on both request paths, and Prometheus metrics."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable

import pytest

import service.runner
from service.extraction import extract
from service.logging import JsonFormatter
from service.request_id import request_id_of

from ..conftest import REPO_ROOT
from .test_fast_path import framework_requests

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


def test_the_served_document_is_the_committed_one(client) -> None:
    committed = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    assert client.get("/schema/openapi.json").json() == committed


# -- request ids ---------------------------------------------------------------------------


def test_every_answer_on_both_paths_carries_the_callers_request_id(client, log_lines) -> None:
    reached_framework = framework_requests(client)
    calls = [
        ("POST", "/extract", {"json": {"text": SECRET_TEXT}}),  # the fast path
        ("POST", "/extract", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
        ("POST", "/extract/batch", {"json": {"documents": [{"text": SECRET_TEXT}]}}),
        ("GET", "/healthz", {}),
        ("GET", "/no-such-path", {}),
    ]
    for number, (method, path, options) in enumerate(calls):
        request_id = f"caller-{number}"
        headers = {**options.pop("headers", {}), "X-Request-ID": request_id}
        response = client.request(method, path, headers=headers, **options)
        assert response.headers["x-request-id"] == request_id, path
    assert reached_framework == ["/extract", "/extract/batch", "/healthz", "/no-such-path"]  # the first did not
    entries = access_entries(log_lines())
    assert [(entry["path"], entry["request_id"]) for entry in entries] == [
        (path, f"caller-{number}") for number, (_, path, _) in enumerate(calls)
    ]


@pytest.mark.parametrize(
    "sent",
    [None, "", "has space", "x" * 129, "caf\u00e9", "line\nbreak"],
    ids=["absent", "empty", "space", "too-long", "non-ascii", "newline"],
)
def test_an_unusable_request_id_is_replaced_by_a_generated_one(client, sent: str | None) -> None:
    headers = {} if sent is None else {"X-Request-ID": sent.encode()}
    if sent is not None and "\n" in sent:
        # No HTTP client sends a newline in a header: hand the app the raw bytes.
        assert request_id_of([(b"x-request-id", sent.encode())]) != sent
        return
    made = {client.get("/healthz", headers=headers).headers["x-request-id"] for _ in range(3)}
    assert len(made) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", value) for value in made)


def test_log_lines_from_the_extraction_thread_carry_the_request_id(
    client, log_lines, monkeypatch: pytest.MonkeyPatch
) -> None:
    def noisy_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        logging.getLogger("service.test").warning("extracting in %s", threading.current_thread().name)
        return extract(document, knowledge, **kwargs)

    monkeypatch.setattr(service.runner, "extract", noisy_extract)
    client.post("/extract", json={"text": SECRET_TEXT + "؟"}, headers={"X-Request-ID": "from-the-thread"})
    [line] = [json.loads(line) for line in log_lines() if "extracting in" in line]
    assert line["msg"].startswith("extracting in extract") and line["request_id"] == "from-the-thread"
    outside = json.loads(JsonFormatter().format(logging.LogRecord("x", logging.INFO, "", 0, "after", None, None)))
    assert "request_id" not in outside  # the request's id ends with the request
