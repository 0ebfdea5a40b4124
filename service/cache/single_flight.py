"""Single flight: concurrent callers asking for the same key share one computation."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class _LeaderGone(Exception):
    """The caller running the work was cancelled: a waiting caller takes over."""


class SingleFlight(Generic[T]):
    """The first caller for a key runs ``work`` itself (no task is created, so a flight costs
    little); callers arriving meanwhile wait for its result or its error. If the first caller
    is cancelled (its client went away), one of the waiting callers runs the work instead."""

    def __init__(self) -> None:
        self._flights: dict[Hashable, asyncio.Future[T]] = {}

    async def run(self, key: Hashable, work: Callable[[], Awaitable[T]]) -> T:
        while (flight := self._flights.get(key)) is not None:
            try:
                return await asyncio.shield(flight)  # shielded: a waiter's cancellation stays its own
            except _LeaderGone:
                continue
        flight = asyncio.get_running_loop().create_future()
        self._flights[key] = flight
        try:
            result = await work()
        except asyncio.CancelledError:
            self._land(key, flight, error=_LeaderGone())
            raise
        except BaseException as error:
            self._land(key, flight, error=error)
            raise
        self._land(key, flight, result=result)
        return result

    def in_flight(self) -> int:
        return len(self._flights)

    def _land(
        self, key: Hashable, flight: asyncio.Future[T], *, result: T | None = None, error: BaseException | None = None
    ) -> None:
        del self._flights[key]
        if error is None:
            flight.set_result(result)  # type: ignore[arg-type]
        else:
            flight.set_exception(error)
            flight.exception()  # retrieved: no "never retrieved" warning when nobody was waiting
