"""Reads asked for in the same event-loop turn, sent to the backend as one multi-key read.

Under load many requests reach their cache read together. Redis answers an MGET of ten
keys about as fast as one, and most of a Redis hit's cost is the client library's work
per command, so one round trip per turn serves them all. A lone read waits one loop turn
(microseconds). Every caller gets its own keys' values, or the batch's error: a timeout or
a refused call then makes each of them a bypass, as it would have one by one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

Values = list[bytes | None]


class CoalescedReads:
    def __init__(self, read: Callable[[list[str]], Awaitable[Values]]) -> None:
        self._read = read
        self._waiting: list[tuple[Sequence[str], asyncio.Future[Values]]] = []
        self._sending: set[asyncio.Task[None]] = set()  # referenced until done (the loop keeps weak ones)

    async def get_many(self, keys: Sequence[str]) -> Values:
        loop = asyncio.get_running_loop()
        if not self._waiting:
            loop.call_soon(self._flush)
        future: asyncio.Future[Values] = loop.create_future()
        self._waiting.append((keys, future))
        return await future

    def _flush(self) -> None:
        batch, self._waiting = self._waiting, []
        task = asyncio.get_running_loop().create_task(self._send(batch))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[tuple[Sequence[str], asyncio.Future[Values]]]) -> None:
        keys = list(dict.fromkeys(key for wanted, _ in batch for key in wanted))
        try:
            values = dict(zip(keys, await self._read(keys), strict=True))
        except asyncio.CancelledError:
            for _, future in batch:
                future.cancel()
            raise
        except BaseException as error:
            for _, future in batch:
                if not future.done():  # a caller that went away cancelled its own
                    future.set_exception(error)
            return
        for wanted, future in batch:
            if not future.done():
                future.set_result([values[key] for key in wanted])
