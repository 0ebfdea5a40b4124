"""OpenTelemetry tracing: which OTEL_* settings turn it on, that it is absent when off, and the
spans a real server sends to an OTLP/HTTP collector that this test runs."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from service.settings import SettingsError
from service.tracing import exporters_requested

from .conftest import REPO_ROOT, free_port, venv_env, wait_for_status

TEXT = "قصفت طائرات حربية قرية في ريف حلب الشمالي."
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


@pytest.mark.parametrize(
    ("environ", "exporters"),
    [
        ({}, []),
        ({"OTEL_SERVICE_NAME": "x", "OTEL_TRACES_SAMPLER": "always_on"}, []),
        ({"OTEL_TRACES_EXPORTER": "none"}, []),
        ({"OTEL_TRACES_EXPORTER": "otlp"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "console, otlp"}, ["console", "otlp"]),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_EXPORTER": "none"}, []),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}, []),
    ],
)
def test_tracing_is_on_only_when_the_otel_variables_ask(environ: dict[str, str], exporters: list[str]) -> None:
    assert exporters_requested(environ) == exporters


@pytest.mark.parametrize(
    "environ",
    [
        {"OTEL_TRACES_EXPORTER": "zipkin"},
        {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
        {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"},
    ],
)
def test_a_setting_the_service_cannot_honour_stops_it(environ: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match="OTEL_"):
        exporters_requested(environ)


def test_serve_refuses_it_in_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = venv_env(OTEL_TRACES_EXPORTER="jaeger", HADATH_PORT=str(free_port()))
    result = subprocess.run(
        [sys.executable, "-m", "service", "serve"], cwd=tmp_path, env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines() == [
        "hadath: configuration error: OTEL_TRACES_EXPORTER='jaeger' is not supported: use otlp, console"
    ]


def test_off_by_default_nothing_is_traced_or_set_up() -> None:
    """No tracer on either request path, and the service imports none of the tracing SDK (redis-py
    imports OpenTelemetry's metrics API when it is installed: that much is not the service's)."""
    probe = (
        "import sys, service.app; app = service.app.create_app(); telemetry = app.asgi_handler; "
        "print(telemetry.tracing, telemetry.app.services.pool.tracing, "
        "[m for m in ('opentelemetry.sdk.trace', 'opentelemetry.propagate') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, env=venv_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None None []"


# -- a real server and a collector ----------------------------------------------------------


class Collector(ThreadingHTTPServer):
    """An OTLP/HTTP trace receiver: keeps every span it is sent, with its resource's attributes."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _CollectorHandler)
        self.spans: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def wait_for(self, request_ids: set[str], extractions: int, timeout: float = 20) -> list[dict[str, Any]]:
        """The spans received once those of ``request_ids`` and ``extractions`` extract spans are in."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                spans = list(self.spans)
            seen = {span["attributes"].get("hadath.request_id") for span in spans}
            if seen >= request_ids and sum(span["name"] == "extract" for span in spans) >= extractions:
                return spans
            time.sleep(0.05)
        raise TimeoutError(f"spans received: {[span['name'] for span in self.spans]}")


class _CollectorHandler(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        assert self.path == "/v1/traces", self.path
        request = ExportTraceServiceRequest.FromString(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            for resource_spans in request.resource_spans:
                resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    self.server.spans += [_span(span, resource) for span in scope_spans.spans]
        body = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _span(span: Any, resource: dict[str, str]) -> dict[str, Any]:
    attributes = {}
    for attribute in span.attributes:
        value = attribute.value
        attributes[attribute.key] = getattr(value, value.WhichOneof("value"))
    return {
        "name": span.name,
        "trace_id": span.trace_id.hex(),
        "span_id": span.span_id.hex(),
        "parent": span.parent_span_id.hex(),
        "kind": span.kind,
        "attributes": attributes,
        "service": resource.get("service.name"),
    }


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def call(url: str, body: object | None = None, **headers: str) -> urllib.request.addinfourl:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    headers = headers | ({"Content-Type": "application/json"} if data else {})
    return urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=30)


def test_a_traced_server_sends_one_server_span_per_request_and_one_per_extraction(
    collector: Collector, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    env = venv_env(
        HADATH_HOST="127.0.0.1",
        HADATH_PORT=str(port),
        OTEL_EXPORTER_OTLP_ENDPOINT=collector.endpoint,
        OTEL_SERVICE_NAME="hadath-under-test",
        OTEL_BSP_SCHEDULE_DELAY="100",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_status(f"{base}/readyz", timeout=90, process=server)
        traceparent = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
        fast = call(f"{base}/extract", {"text": TEXT}, **{"X-Request-ID": "fast-1", "traceparent": traceparent})
        assert (fast.status, fast.headers["X-Cache"]) == (200, "miss")
        batch = call(f"{base}/extract/batch", {"documents": [{"text": TEXT + " أمس"}]}, **{"X-Request-ID": "batch-1"})
        assert batch.status == 200
        health = call(f"{base}/healthz", **{"X-Request-ID": "health-1"})
        assert health.headers["X-Request-ID"] == "health-1"
        spans = collector.wait_for({"fast-1", "batch-1", "health-1"}, extractions=2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    servers = {s["attributes"].get("hadath.request_id"): s for s in spans if s["kind"] == 2}  # SERVER
    extracts = [s for s in spans if s["name"] == "extract"]
    assert {s["service"] for s in spans} == {"hadath-under-test"}

    fast_span = servers["fast-1"]
    assert fast_span["name"] == "POST /extract" and (fast_span["trace_id"], fast_span["parent"]) == (
        CALLER_TRACE,
        CALLER_SPAN,
    )  # the caller's trace goes on
    assert (
        fast_span["attributes"].items()
        >= {
            "http.request.method": "POST",
            "http.route": "/extract",
            "http.response.status_code": 200,
            "hadath.cache": "miss",
            "hadath.documents": 1,
            "hadath.served_by": "fast_path",
        }.items()
    )
    batch_span, health_span = servers["batch-1"], servers["health-1"]
    assert batch_span["name"] == "POST /extract/batch" and batch_span["attributes"]["hadath.served_by"] == "framework"
    assert health_span["name"] == "GET /healthz" and health_span["attributes"]["hadath.served_by"] == "framework"
    assert batch_span["trace_id"] != CALLER_TRACE  # a request without traceparent starts its own trace

    parents = sorted(s["parent"] for s in extracts)
    assert parents == sorted([fast_span["span_id"], batch_span["span_id"]])
    for span in extracts:
        assert span["attributes"]["hadath.incidents"] >= 1 and span["attributes"]["hadath.extract_ms"] > 0
