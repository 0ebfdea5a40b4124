"""Running the pure extractor for the shells: timed, encoded, and off the event loop.

``timed_extract`` fills in ``meta.elapsed_ms`` (the core leaves it at 0). ``ExtractionPool``
runs it in a bounded thread pool so the event loop keeps answering health checks while a
long article is analysed, and refuses work (``Overloaded``, a 503) once the queue is full
rather than letting latency grow without bound.

Cached bodies are anonymous (``id`` and ``url`` null) because the cache key covers only
what the extractor reads; ``with_identity`` writes the caller's id and url into a copy.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import msgspec

from service import metrics
from service.extraction import Document, Extraction, extract
from service.extraction import warm_up as load_extraction_data

log = logging.getLogger("service.runner")
T = TypeVar("T")


_encoder = msgspec.json.Encoder()


class Overloaded(Exception):
    """The pool's queue is full: the caller should retry later (HTTP 503)."""


_ANONYMOUS_PREFIX = b'{"id":null,"url":null,'


def timed_extract(document: Document, *, doc_id: str | None = None, url: str | None = None) -> Extraction:
    started = time.perf_counter()
    extraction = extract(document, doc_id=doc_id, url=url)
    seconds = time.perf_counter() - started
    meta = msgspec.structs.replace(extraction.meta, elapsed_ms=round(seconds * 1000, 3))
    return msgspec.structs.replace(extraction, meta=meta)


def warm_up() -> None:
    """Load the gazetteer and lexicons now, not inside a timed call."""
    load_extraction_data()


def _extract_anonymous(document: Document) -> tuple[bytes, int, float]:
    extraction = timed_extract(document)
    return _encoder.encode(extraction), len(extraction.incidents), extraction.meta.elapsed_ms / 1000


def with_identity(body: bytes, doc_id: str | None, url: str | None) -> bytes:
    """The anonymous Extraction ``body`` with the caller's ``id`` and ``url`` in place."""
    if doc_id is None and url is None:
        return body
    if body.startswith(_ANONYMOUS_PREFIX):
        head = b'{"id":' + _encoder.encode(doc_id) + b',"url":' + _encoder.encode(url) + b","
        return head + body[len(_ANONYMOUS_PREFIX) :]
    extraction = msgspec.json.decode(body, type=Extraction)
    return _encoder.encode(msgspec.structs.replace(extraction, id=doc_id, url=url))


class ExtractionPool:
    """A thread pool with a bounded queue, used from one event loop."""

    def __init__(self, *, threads: int, queue_limit: int) -> None:
        self._threads = threads
        self._capacity = threads + queue_limit
        self._pending = 0
        self._executor: ThreadPoolExecutor | None = None
        self.ready = False

    @property
    def pending(self) -> int:
        return self._pending

    def start(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="extract")

    async def warm_up(self) -> None:
        """Load the gazetteer and lexicons (the first extract() does) before reporting ready."""
        try:
            await self._run(warm_up)
        except Exception as exc:
            log.error("warm-up failed", extra={"fields": {"error": type(exc).__name__}})
            raise
        self.ready = True

    async def extract_bytes(self, document: Document) -> bytes:
        """The anonymous Extraction of ``document``, encoded; ``Overloaded`` when the queue is full."""
        body, incidents, seconds = await self._run(_extract_anonymous, document)
        metrics.record_extraction(seconds, incidents)
        return body

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        if self._executor is None:
            raise RuntimeError("the extraction pool is not started")
        if self._pending >= self._capacity:
            raise Overloaded()
        self._pending += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, function, *args)
        finally:
            self._pending -= 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self.ready = False
