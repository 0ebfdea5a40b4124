"""Prometheus metrics of the service, and the text exposition that /metrics serves.

With several uvicorn workers, ``serve`` points PROMETHEUS_MULTIPROC_DIR at a fresh folder
before any worker starts; every process then writes its samples there and /metrics adds
them up, whichever worker answers. Without it, metrics are those of the one process.
The cache's own metrics (``hadath_cache_*``) live in the same default registry.

Multiprocess mode keeps only what processes write to that folder, so the ``process_*``
series (memory, CPU, file descriptors) would be lost: the worker that answers reads them from
``/proc`` for every live process of the server instead (the supervisor and each worker), one
series per process with a ``pid`` label; ``hadath_process_info{pid, role}`` says which is
which. The live processes are those with a ``hadath_process_info`` file in the folder
(prometheus_client removes a worker's when its lifespan ends; ``/proc`` tells which of the
remaining ones still run).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

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

READ_TIMEOUTS = Counter(
    "hadath_http_read_timeouts_total",
    "Requests answered 408 and closed because their headers or body did not arrive in time.",
    ["phase"],
)

# Its file in the multiprocess folder marks a live process of the server (see ``ServerProcesses``).
PROCESS_INFO = Gauge(
    "hadath_process_info",
    "1 for each live process of the server by role: a worker, or the supervisor of several workers "
    "(with several workers, a pid label ties it to the process_* series of the same process).",
    ["role"],
    multiprocess_mode="liveall",
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_LIVE_FILE = re.compile(r"gauge_liveall_(\d+)\.db")


def register_process(role: str) -> None:
    """Count this process among the server's (``worker`` or ``supervisor``)."""
    PROCESS_INFO.labels(role=role).set(1)


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
    folder = os.environ.get(MULTIPROC_ENV)
    if folder:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(ServerProcesses(Path(folder)))
        PlatformCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class ServerProcesses(Collector):
    """``process_*`` of every live process of the server, read from ``/proc``, labelled by ``pid``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def collect(self) -> Iterable[Metric]:
        merged: dict[str, Metric] = {}
        for pid in live_pids(self.folder):
            for family in _process_collector(pid).collect():
                target = merged.setdefault(family.name, Metric(family.name, family.documentation, family.type))
                for sample in family.samples:
                    target.add_sample(sample.name, {**sample.labels, "pid": str(pid)}, sample.value)
        return merged.values()


def _process_collector(pid: int) -> ProcessCollector:
    return ProcessCollector(pid=lambda: pid, registry=None)


def live_pids(folder: Path) -> list[int]:
    """The processes whose ``hadath_process_info`` file is in ``folder`` and that still run."""
    pids = {int(found.group(1)) for name in os.listdir(folder) if (found := _LIVE_FILE.fullmatch(name))}
    return sorted(pid for pid in pids if Path(f"/proc/{pid}").exists())


def forget_process(pid: int) -> None:
    """Drop a stopped worker's live gauges (no-op outside multiprocess mode)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
