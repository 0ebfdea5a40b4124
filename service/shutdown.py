"""Graceful shutdown, per worker process: stop admitting, finish what fits in the grace period,
answer the rest 503.

uvicorn, on SIGTERM, stops listening and asks every connection to finish (``shutdown()`` on
its protocol, see ``service.http_protocol``), waits up to its graceful-shutdown timeout
(``HADATH_SHUTDOWN_GRACE``), then cancels what still runs; a request cancelled before it
answered got uvicorn's plain-text 500. Here:

- the first connection told to finish starts the drain: from then on the extraction pool
  admits nothing new (503 ``shutting-down``, with ``Retry-After``: a replica elsewhere answers);
- one second before the deadline, extractions still queued (not started) are dropped and their
  requests answered 503 at once, so only the documents in work at that moment are left;
- a request that uvicorn still cancels at the deadline is answered 503 by ``RequestTelemetry``
  (``service.logging``) rather than 500.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

SHED_BEFORE_DEADLINE_SECONDS = 1.0


class Drain:
    def __init__(self) -> None:
        self.started_at: float | None = None
        self.grace_seconds = 8.0
        self._on_shed: list[Callable[[], None]] = []

    @property
    def draining(self) -> bool:
        return self.started_at is not None

    def configure(self, grace_seconds: float) -> None:
        self.grace_seconds = grace_seconds

    def on_shed(self, callback: Callable[[], None]) -> None:
        """``callback()`` runs shortly before the deadline (drop what has not started)."""
        self._on_shed.append(callback)

    def forget(self, callback: Callable[[], None]) -> None:
        if callback in self._on_shed:
            self._on_shed.remove(callback)

    def begin(self) -> None:
        """The server stops: called from the event loop, once (later calls do nothing)."""
        if self.started_at is not None:
            return
        self.started_at = time.monotonic()
        delay = max(0.0, self.grace_seconds - SHED_BEFORE_DEADLINE_SECONDS)
        asyncio.get_running_loop().call_later(delay, self._shed)

    def _shed(self) -> None:
        for callback in list(self._on_shed):
            callback()

    def reset(self) -> None:
        """For tests: back to serving."""
        self.started_at = None


DRAIN = Drain()
