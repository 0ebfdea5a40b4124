"""Prometheus metrics of the service, and the text exposition that /metrics serves.

With several uvicorn workers, ``serve`` points PROMETHEUS_MULTIPROC_DIR at a fresh folder
before any worker starts; every process then writes its samples there and /metrics adds
them up, whichever worker answers. Without it, metrics are those of the one process.
The cache's own metrics (``hadath_cache_*``) live in the same default registry.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "hadath_http_requests_total",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "hadath_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by route template.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DOCUMENTS_EXTRACTED = Counter(
    "hadath_documents_extracted_total",
    "Documents run through the extractor (cache misses and refreshes; hits are not counted).",
)
INCIDENTS_EXTRACTED = Counter(
    "hadath_incidents_extracted_total",
    "Incidents found by the extractor in those documents.",
)
EXTRACTION_SECONDS = Histogram(
    "hadath_extraction_seconds",
    "Time spent in extract() for one document, in the worker thread.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def record_extraction(seconds: float, incidents: int) -> None:
    DOCUMENTS_EXTRACTED.inc()
    INCIDENTS_EXTRACTED.inc(incidents)
    EXTRACTION_SECONDS.observe(seconds)


def record_request(route: str, method: str, status: int, seconds: float) -> None:
    counter, histogram = _request_series(route, method, status)
    counter.inc()
    histogram.observe(seconds)


# ``labels()`` checks its arguments and takes a lock: bound once per route, method and status.
_REQUEST_SERIES: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def _request_series(route: str, method: str, status: int) -> tuple[Counter, Histogram]:
    series = _REQUEST_SERIES.get((route, method, status))
    if series is None:
        series = REQUESTS.labels(route=route, method=method, status=str(status)), REQUEST_SECONDS.labels(route=route)
        _REQUEST_SERIES[(route, method, status)] = series
    return series


# The framework adds the charset itself.
MEDIA_TYPE = CONTENT_TYPE_LATEST.replace("; charset=utf-8", "")


def exposition() -> bytes:
    """The metrics text: every worker's samples in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def forget_process(pid: int) -> None:
    """Drop a stopped worker's live gauges (no-op outside multiprocess mode)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
