import logging

import pytest

from service.cache import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def open_breaker(breaker: CircuitBreaker) -> None:
    for _ in range(breaker.failure_threshold):
        assert breaker.allow()
        breaker.record_failure(ConnectionError())


def test_opens_after_consecutive_failures_only(clock: Clock) -> None:
    breaker = CircuitBreaker(failure_threshold=3, cooldown_seconds=5, clock=clock)
    breaker.record_failure(ConnectionError())
    breaker.record_failure(ConnectionError())
    breaker.record_success()  # the streak is broken
    breaker.record_failure(ConnectionError())
    breaker.record_failure(ConnectionError())
    assert breaker.state is BreakerState.CLOSED
    breaker.record_failure(ConnectionError())
    assert breaker.state is BreakerState.OPEN
    assert not breaker.allow()


def test_half_open_lets_one_probe_through_after_the_cooldown(clock: Clock) -> None:
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=5, clock=clock)
    open_breaker(breaker)
    clock.now += 4.9
    assert not breaker.allow()
    clock.now += 0.2
    assert breaker.allow()
    assert breaker.state is BreakerState.HALF_OPEN
    assert not breaker.allow()  # the probe is in flight: everyone else bypasses


def test_a_successful_probe_closes_a_failed_one_reopens(clock: Clock) -> None:
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=5, clock=clock)
    open_breaker(breaker)
    clock.now += 5
    assert breaker.allow()
    breaker.record_failure(TimeoutError())
    assert breaker.state is BreakerState.OPEN
    assert not breaker.allow()
    clock.now += 5
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.allow()


def test_an_abandoned_probe_frees_the_slot(clock: Clock) -> None:
    breaker = CircuitBreaker(failure_threshold=1, cooldown_seconds=5, clock=clock)
    open_breaker(breaker)
    clock.now += 5
    assert breaker.allow()
    breaker.abandon()
    assert breaker.state is BreakerState.OPEN
    assert breaker.allow()  # the next caller probes at once


def test_one_log_line_per_state_change(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=5, clock=clock)
    with caplog.at_level(logging.INFO, logger="hadath.cache"):
        open_breaker(breaker)
        for _ in range(10):
            breaker.allow()
            breaker.record_failure(ConnectionError())  # late failures of calls already in flight
        clock.now += 5
        breaker.allow()
        breaker.record_success()
        breaker.record_success()
    messages = [record.getMessage() for record in caplog.records if record.name == "hadath.cache"]
    assert [message.split(":")[0] for message in messages] == [
        "cache circuit open",
        "cache circuit half-open",
        "cache circuit closed",
    ]
