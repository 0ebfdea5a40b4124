import asyncio

import pytest

from service.cache.single_flight import SingleFlight


async def test_concurrent_callers_share_one_run() -> None:
    flights: SingleFlight[int] = SingleFlight()
    runs = 0

    async def work() -> int:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.02)
        return 42

    assert await asyncio.gather(*(flights.run("k", work) for _ in range(20))) == [42] * 20
    assert runs == 1
    assert flights.in_flight() == 0
    assert await flights.run("k", work) == 42 and runs == 2  # finished flights are not a cache


async def test_errors_reach_every_caller() -> None:
    flights: SingleFlight[int] = SingleFlight()

    async def work() -> int:
        await asyncio.sleep(0.01)
        raise ValueError("boom")

    results = await asyncio.gather(*(flights.run("k", work) for _ in range(3)), return_exceptions=True)
    assert all(isinstance(result, ValueError) for result in results)


async def test_a_cancelled_waiter_does_not_disturb_the_flight() -> None:
    flights: SingleFlight[str] = SingleFlight()
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.05)
        return "done"

    leader = asyncio.create_task(flights.run("k", work))
    waiter = asyncio.create_task(flights.run("k", work))
    await asyncio.sleep(0.01)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert await leader == "done" and runs == 1


async def test_a_waiter_takes_over_when_the_leader_is_cancelled() -> None:
    flights: SingleFlight[str] = SingleFlight()
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.05)
        return "done"

    leader = asyncio.create_task(flights.run("k", work))
    waiters = [asyncio.create_task(flights.run("k", work)) for _ in range(3)]
    await asyncio.sleep(0.01)
    leader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await leader
    assert await asyncio.gather(*waiters) == ["done"] * 3
    assert runs == 2  # the cancelled run, and one waiter's
    assert flights.in_flight() == 0
