"""Real servers for the cache tests: a ``redis-server`` process and a blackhole, plus a counting compute."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import redis

from service.cache import ResultCache
from service.cache.keys import cache_key, key_space

REDIS_SERVER = shutil.which("redis-server")

CacheFactory = Callable[..., ResultCache]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A ``redis-server`` process on a fixed port that a test may stop and start again."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert REDIS_SERVER, "redis-server is not installed"
        self._process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if self.client().ping():
                    return
            time.sleep(0.02)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def client(self) -> redis.Redis:
        """A plain synchronous client for setting up and inspecting what the cache stored."""
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def command_calls(self, command: str) -> int:
        """How many times the server ran ``command`` since the last CONFIG RESETSTAT."""
        stats = self.client().info("commandstats")
        return int(stats.get(f"cmdstat_{command.lower()}", {}).get("calls", 0))


class Blackhole:
    """A TCP server that accepts connections and never reads or answers."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def accepted(self) -> int:
        return len(self._held)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = self._listener.accept()
                self._held.append(connection)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        for connection in self._held:
            connection.close()
        self._listener.close()


class Computation:
    """A compute() callable that counts its calls and takes a while, like an extraction."""

    def __init__(self, body: bytes, *, seconds: float = 0.0, error: Exception | None = None) -> None:
        self.body = body
        self.seconds = seconds
        self.error = error
        self.calls = 0

    async def __call__(self) -> bytes:
        self.calls += 1
        if self.seconds:
            await asyncio.sleep(self.seconds)
        if self.error is not None:
            raise self.error
        return self.body


TEST_SPACE = key_space("v-test", "code", "pack")


def key(name: str, space: str = TEST_SPACE) -> str:
    """The cache key of a named test document in a key space."""
    return cache_key(space, name.encode().hex().ljust(64, "0"))
