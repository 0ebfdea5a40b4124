"""Running the pure extractor for the shells: its knowledge loaded once, timed, encoded, off the event loop.

``KnowledgeLoader`` loads a pack once per process (the first caller loads, others wait).
``timed_extract`` fills in ``meta.elapsed_ms`` (the core leaves it at 0). ``ExtractionPool``
runs it in a bounded thread pool so the event loop keeps answering health checks while a
long article is analysed, and refuses work (``Overloaded``, a 503) once the queue is full
rather than letting latency grow without bound.

Cached bodies are anonymous (``id`` and ``url`` null) because the cache key covers only
what the extractor reads; ``with_identity`` writes the caller's id and url into a copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from service import metrics
from service.extraction import DEFAULT_PACK, Document, Extraction, Knowledge, extract, load_knowledge
from service.shutdown import DRAIN

if TYPE_CHECKING:
    from service.tracing import Tracing

log = logging.getLogger("service.runner")
T = TypeVar("T")


_encoder = msgspec.json.Encoder()


class Overloaded(Exception):
    """The pool's queue is full: the caller should retry later (HTTP 503)."""


class ShuttingDown(Overloaded):
    """The worker is stopping: it admits nothing new and drops what has not started (HTTP 503)."""


_ANONYMOUS_PREFIX = b'{"id":null,"url":null,'
# Set while a request admitted as a whole (a batch) runs: its documents are not counted again.
_ADMITTED: contextvars.ContextVar[bool] = contextvars.ContextVar("hadath_admitted", default=False)


class KnowledgeLoader:
    """One knowledge pack, loaded by the first thread that asks; the others wait for it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or DEFAULT_PACK
        self._knowledge: Knowledge | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._knowledge is not None

    def get(self) -> Knowledge:
        knowledge = self._knowledge
        if knowledge is None:
            with self._lock:
                if self._knowledge is None:
                    self._knowledge = load_knowledge(self.path)
                    gc.freeze()  # the loaded tables live for the process: keep them out of collections
                knowledge = self._knowledge
        return knowledge


def timed_extract(
    document: Document, knowledge: Knowledge, *, doc_id: str | None = None, url: str | None = None
) -> Extraction:
    started = time.perf_counter()
    extraction = extract(document, knowledge, doc_id=doc_id, url=url)
    seconds = time.perf_counter() - started
    meta = msgspec.structs.replace(extraction.meta, elapsed_ms=round(seconds * 1000, 3))
    return msgspec.structs.replace(extraction, meta=meta)


def _extract_anonymous(knowledge: KnowledgeLoader, document: Document) -> tuple[bytes, int, float]:
    extraction = timed_extract(document, knowledge.get())
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

    def __init__(
        self,
        *,
        threads: int,
        queue_limit: int,
        knowledge: KnowledgeLoader | None = None,
        tracing: Tracing | None = None,
        queue_chars: int | None = None,
    ) -> None:
        self.knowledge = knowledge or KnowledgeLoader()
        self.tracing = tracing
        self._threads = threads
        self._capacity = threads + queue_limit
        self._pending = 0
        # Work, not only count: extraction time grows with the text, so the queue is bounded by
        # the characters it holds too. An idle pool admits any one document, however long.
        self._char_capacity = queue_chars
        self._pending_chars = 0
        self._jobs: set[Future[Any]] = set()
        self._shedding = False
        self._executor: ThreadPoolExecutor | None = None
        self.ready = False

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def pending_chars(self) -> int:
        return self._pending_chars

    def start(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="extract")

    async def warm_up(self) -> None:
        """Load the knowledge pack (gazetteer, lexicons, models) before reporting ready."""
        try:
            await self._run(self.knowledge.get)
        except Exception as exc:
            log.error("warm-up failed", extra={"fields": {"error": type(exc).__name__}})
            raise
        self.ready = True

    async def extract_bytes(self, document: Document) -> bytes:
        """The anonymous Extraction of ``document``, encoded; ``Overloaded`` when the queue is full."""
        chars = len(document.text) + len(document.title or "")
        if self.tracing is None:
            body, incidents, seconds = await self._run(_extract_anonymous, self.knowledge, document, chars=chars)
        else:  # a span from the request's turn in the queue to its answer
            with self.tracing.tracer.start_as_current_span("extract") as span:
                body, incidents, seconds = await self._run(_extract_anonymous, self.knowledge, document, chars=chars)
                span.set_attributes(
                    {
                        "hadath.text_chars": len(document.text),
                        "hadath.incidents": incidents,
                        "hadath.extract_ms": seconds * 1000,
                    }
                )
        metrics.record_extraction(seconds, incidents)
        return body

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` on an extraction thread, admitted like an extraction (``Overloaded`` when full)."""
        return await self._run(function, *args)

    async def _run(self, function: Callable[..., T], *args: Any, chars: int = 0) -> T:
        if self._executor is None:
            raise RuntimeError("the extraction pool is not started")
        if self._pending >= self._capacity:
            raise Overloaded()
        if _ADMITTED.get():
            chars = 0  # counted once for the whole request (``admitted``)
        self._admit(chars)
        self._pending += 1
        self._pending_chars += chars
        # In the caller's context: log lines from the thread carry the request's id.
        job = self._executor.submit(contextvars.copy_context().run, function, *args)
        self._jobs.add(job)
        try:
            return await asyncio.wrap_future(job)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self._shedding and job.cancelled() and task is not None and not task.cancelling():
                raise ShuttingDown() from None  # dropped by ``shed``, not by the caller
            raise
        finally:
            self._jobs.discard(job)
            self._pending -= 1
            self._pending_chars -= chars

    def shed(self) -> None:
        """Stopping: drop every extraction that has not started; their callers get ``ShuttingDown``."""
        self._shedding = True
        for job in list(self._jobs):
            job.cancel()  # only those still queued: one in work runs to its end

    @contextlib.contextmanager
    def admitted(self, chars: int) -> Iterator[None]:
        """Admit a request of several documents as a whole: its ``chars`` count against the queue
        until it is answered, and its documents are not counted again one by one. ``Overloaded``
        unless they fit (or the pool is idle)."""
        self._admit(chars)
        self._pending_chars += chars
        token = _ADMITTED.set(True)
        try:
            yield
        finally:
            _ADMITTED.reset(token)
            self._pending_chars -= chars

    def _admit(self, chars: int) -> None:
        if DRAIN.draining:
            raise ShuttingDown()
        capacity = self._char_capacity
        if capacity is not None and chars and self._pending_chars and self._pending_chars + chars > capacity:
            raise Overloaded()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self.ready = False
