"""A circuit breaker: stop calling a failing Redis for a while, then let one call probe it."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable

from . import metrics

log = logging.getLogger("hadath.cache")


class BreakerState(enum.IntEnum):
    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


class CircuitBreaker:
    """Opens after ``failure_threshold`` consecutive failures; after ``cooldown_seconds`` one
    caller is let through as a probe (half-open); its success closes the breaker, its
    failure opens it again for another cool-down."""

    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        cooldown_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        name: str = "reads",
    ) -> None:
        self.name = name
        self._gauge = metrics.BREAKER_STATE.labels(operation=name)
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._consecutive_failures = 0
        self._opened_at = 0.0
        self._gauge.set(BreakerState.CLOSED)

    @property
    def state(self) -> BreakerState:
        return self._state

    def allow(self) -> bool:
        """Whether a call may go to Redis now; the call must then report back."""
        if self._state is BreakerState.CLOSED:
            return True
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.cooldown_seconds:
            self._change(BreakerState.HALF_OPEN, "cool-down over, probing Redis")
            return True
        return False

    def record_success(self) -> None:
        self._consecutive_failures = 0
        if self._state is not BreakerState.CLOSED:
            self._change(BreakerState.CLOSED, "Redis answers again")

    def record_failure(self, error: BaseException) -> None:
        self._consecutive_failures += 1
        if self._state is BreakerState.HALF_OPEN:
            self._open(f"probe failed ({type(error).__name__})")
        elif self._state is BreakerState.CLOSED and self._consecutive_failures >= self.failure_threshold:
            self._open(f"{self._consecutive_failures} consecutive failures (last: {type(error).__name__})")

    def abandon(self) -> None:
        """A call ended without a verdict (cancelled): free the probe slot so the next call probes."""
        if self._state is BreakerState.HALF_OPEN:
            self._change(BreakerState.OPEN, "probe cancelled")
            self._opened_at = self._clock() - self.cooldown_seconds

    def _open(self, reason: str) -> None:
        self._opened_at = self._clock()
        self._change(BreakerState.OPEN, reason)

    def _change(self, state: BreakerState, reason: str) -> None:
        self._state = state
        self._gauge.set(state)
        level = logging.INFO if state is BreakerState.CLOSED else logging.WARNING
        log.log(level, "cache circuit %s: %s: %s", state.name.lower().replace("_", "-"), self.name, reason)


def twin(breaker: CircuitBreaker, name: str) -> CircuitBreaker:
    """A breaker like ``breaker`` (same threshold, cool-down and clock) for other calls."""
    return CircuitBreaker(
        failure_threshold=breaker.failure_threshold,
        cooldown_seconds=breaker.cooldown_seconds,
        clock=breaker._clock,
        name=name,
    )
