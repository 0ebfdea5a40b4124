"""The fault and abuse suite: each numbered point of issue 16, reproduced against the real server
(``python -m service serve``, started here on a free port) and, where it matters, real Redis.

``serve(**variables)`` starts a server with those ``HADATH_*`` settings and yields a ``Served``
with helpers to send raw bytes, read ``/metrics`` and read its log.

The issue's points, and where each is reproduced:

1. 500s from input (invalid UTF-8, deep nesting, dates at the ends of the calendar, a 300-digit
   number, the same in a batch): ``test_inputs.py``
2. two paths, two answers (Content-Length vs chunked; ``with_identity`` outside the fast path's
   error handling is in ``tests/api/test_differential.py``): ``test_inputs.py``
3. the cache trusts what Redis holds: ``test_cache.py``
4. the CLI stops at one bad line: ``test_startup_and_cli.py``
5. memory of a 43 MB batch body: ``test_admission.py``
6. a queue bounded by count, not work (the extraction's own cost per input size is the core's):
   ``test_admission.py``
7. abandoned work runs on: ``test_cancellation.py``
8. no read timeouts: ``test_timeouts_and_shutdown.py``
9. metrics count aborts and uvicorn's 400s as 500: ``test_cancellation.py``
10. shutdown loses work: ``test_timeouts_and_shutdown.py``
11. a full Redis stops reads (``test_cache.py``); non-ASCII and placeholder keys
    (``test_startup_and_cli.py``); Content-Encoding and charset ignored (``test_inputs.py``)
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..cache.support import RedisServer
from ..conftest import REPO_ROOT, free_port, venv_env, wait_for_status


@dataclass
class Served:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connect(self, timeout: float = 30) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def raw(self, request: bytes, timeout: float = 30) -> bytes:
        """Send ``request`` as is on a fresh connection; the whole answer (until the server closes
        or one response is complete)."""
        with self.connect(timeout) as sock:
            sock.sendall(request)
            return read_response(sock)

    def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        lines = [f"POST {path} HTTP/1.1", "Host: localhost", f"Content-Length: {len(body)}", "Connection: close"]
        given = {"Content-Type": "application/json"} | (headers or {})
        lines += [f"{name}: {value}" for name, value in given.items()]
        answer = self.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        return parse_response(answer)

    def post_expecting(self, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        """POST with ``Expect: 100-continue``: the body is sent only if the server asks for it, so a
        refusal on the headers alone (413 by Content-Length) is read rather than cut by a reset."""
        head = f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
        with self.connect(60) as sock:
            sock.sendall(head.encode())
            first = sock.recv(65536)
            if not first.startswith(b"HTTP/1.1 100"):
                sock.settimeout(5)
                return parse_response(first + read_response(sock))
            sock.sendall(body)
            return parse_response(read_response(sock))

    def metric(self, name: str, **labels: str) -> float:
        """The sum of the samples of ``name`` whose labels include ``labels``."""
        with urllib.request.urlopen(self.url + "/metrics", timeout=10) as response:
            text = response.read().decode()
        total = 0.0
        for line in text.splitlines():
            match = re.fullmatch(r"([a-zA-Z_:]+)(?:\{(.*)\})? (\S+)", line)
            if not match or match.group(1) != name:
                continue
            found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
            if all(found.get(key) == value for key, value in labels.items()):
                total += float(match.group(3))
        return total

    def log(self) -> list[dict]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        out = []
        for line in lines:
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
        return out


def post_request(path: str, body: bytes, content_type: str = "application/json") -> bytes:
    """A whole HTTP/1.1 POST, as bytes to send on a socket."""
    head = f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}"
    return head.encode() + b"\r\n\r\n" + body


def read_response(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return data
        if not chunk:
            return data
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if length and len(body) >= int(length.group(1)):
                return data


def parse_response(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def start_server(directory: Path, **variables: str) -> Served:
    """``python -m service serve`` with one worker and ``variables`` on a free port, once ready."""
    port = free_port()
    log_path = directory / f"server-{port}.log"
    env = venv_env(HADATH_HOST="127.0.0.1", HADATH_PORT=str(port), HADATH_WORKERS="1") | variables
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"], cwd=REPO_ROOT, env=env, stdout=log, stderr=log
        )
    served = Served(port, process, log_path)
    try:
        wait_for_status(f"{served.url}/readyz", timeout=90, process=process)
    except (RuntimeError, TimeoutError) as exc:
        stop_server(served)
        raise RuntimeError(f"{exc}\n{log_path.read_text(errors='replace')[-3000:]}") from None
    return served


def stop_server(served: Served) -> None:
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
        try:
            served.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """``serve(**HADATH_variables)``: a server of the test's own, stopped afterwards."""
    started: list[Served] = []

    def start(**variables: str) -> Served:
        started.append(start_server(tmp_path, **variables))
        return started[-1]

    yield start
    for served in started:
        stop_server(served)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server with the default settings for a module's tests that change nothing in it."""
    served = start_server(tmp_path_factory.mktemp("faults-server"))
    yield served
    stop_server(served)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own (it may set a password or a memory limit on it)."""
    (tmp_path / "redis").mkdir()
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()
