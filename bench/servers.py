"""Helpers shared by the HTTP benchmarks: ports, a throwaway Redis, the real server, RSS.

The server is started the way the Dockerfile starts it, ``python -m service serve`` configured
only through ``HADATH_*`` variables, so a benchmark measures what a deployment runs (uvicorn
workers, JSON access log, metrics) rather than an app assembled for the occasion.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


# -- Redis ------------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway ``redis-server`` on a free port, no persistence; yields its URL."""
    executable = shutil.which("redis-server")
    if executable is None:
        sys.exit("redis-server not found: apt-get install redis-server")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hadath-bench-redis-") as directory:
        command = [executable, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        command += ["--dir", directory, "--logfile", str(Path(directory) / "redis.log")]
        process = subprocess.Popen(command)
        try:
            _wait_for_port(port, timeout=10)
            yield f"redis://{HOST}:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def redis_command(url: str, *args: str) -> bytes:
    """One command over raw RESP (no client library needed): a simple reply's line (``+OK``,
    ``:12``), or a bulk reply's content (``INFO``)."""
    host, port = url.removeprefix("redis://").split("/")[0].split(":")
    request = f"*{len(args)}\r\n" + "".join(f"${len(arg.encode())}\r\n{arg}\r\n" for arg in args)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request.encode())
        reply = sock.makefile("rb")
        line = reply.readline().rstrip()
        return reply.read(int(line[1:]) + 2)[:-2] if line.startswith(b"$") and line != b"$-1" else line


def redis_calls(url: str, command: str) -> int:
    """How many times Redis ran ``command`` since start or the last ``CONFIG RESETSTAT``."""
    for line in redis_command(url, "INFO", "commandstats").decode().splitlines():
        if line.startswith(f"cmdstat_{command.lower()}:"):
            return int(line.split("calls=")[1].split(",")[0])
    return 0


def _wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        if time.monotonic() > deadline:
            sys.exit(f"nothing listens on port {port} after {timeout:g} s")
        time.sleep(0.05)


# -- the service ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        """The processes that run the app: with one worker uvicorn runs it in the main process;
        with more, in spawned children (the multiprocessing resource tracker is not one)."""
        children = [pid for pid in child_pids(self.process.pid) if "spawn_main" in _cmdline(pid)]
        return children or [self.process.pid]

    def warm_up_failed(self) -> bool:
        with contextlib.suppress(OSError):
            return b'"warm-up failed"' in self.log_path.read_bytes()
        return False

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's log, less the access log (one line per request)."""
        with contextlib.suppress(OSError):
            text = self.log_path.read_text(errors="replace").splitlines()
            return "\n".join([line for line in text if '"service.access"' not in line][-lines:])
        return ""


@contextlib.contextmanager
def service_server(
    *, workers: int, redis_url: str | None = None, env: Mapping[str, str] | None = None, ready_timeout: float = 120
) -> Iterator[Server]:
    """``python -m service serve`` on a free port, as the Dockerfile runs it; yields once
    ``/readyz`` is 200 (the server answers at once but loads its data in the background).
    Its stderr (JSON logs, one line per request at ``info``) goes to a file, kept out of the table."""
    port = free_port()
    variables = {"HADATH_HOST": HOST, "HADATH_PORT": str(port), "HADATH_WORKERS": str(workers)}
    if redis_url:
        variables["HADATH_REDIS_URL"] = redis_url
    variables |= dict(env or {})
    with tempfile.TemporaryDirectory(prefix="hadath-bench-server-") as directory:
        log_path = Path(directory) / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "service", "serve"],
                cwd=REPO_ROOT,
                env=clean_env() | variables,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so its workers can be stopped with it
            )
        server = Server(process, port, log_path)
        try:
            wait_ready(server, ready_timeout, workers)
            yield server
        finally:
            stop(server)


def clean_env() -> dict[str, str]:
    """This environment without ``HADATH_*`` settings or a metrics folder the caller may have set."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HADATH_")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def wait_ready(server: Server, timeout: float, workers: int) -> None:
    """Every worker loads its own data and any of them may answer a probe, so several 200s in a
    row (each on a fresh connection) are needed before all of them count as ready."""
    deadline = time.monotonic() + timeout
    in_a_row = 0
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            sys.exit(f"the server exited with code {server.process.returncode}:\n{server.log_tail()}")
        if server.warm_up_failed():  # the server stays up, unready, after this: no point waiting
            sys.exit(f"the server's warm-up failed:\n{server.log_tail()}")
        in_a_row = in_a_row + 1 if _ready(server.url) else 0
        if in_a_row >= (1 if workers == 1 else 8 * workers):
            return
        time.sleep(0.02 if in_a_row else 0.1)
    sys.exit(f"{server.url}/readyz not 200 after {timeout:g} s:\n{server.log_tail()}")


def _ready(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(url + "/readyz", timeout=2) as response:
        return response.status == 200
    return False


def stop(server: Server) -> None:
    """SIGTERM, as Docker stops it (uvicorn drains, then stops its workers); SIGKILL to the
    group only if that takes longer than the service's own graceful-shutdown bound."""
    if server.process.poll() is None:
        server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        print(f"warning: the server ignored SIGTERM for 15 s; killing it:\n{server.log_tail(5)}", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=5)


# -- requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    x_cache: str | None
    body: bytes


def post_json(url: str, payload: Mapping[str, object]) -> Reply:
    """One POST on a fresh connection (urllib): a check outside the measured load."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.headers.get("X-Cache"), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers.get("X-Cache"), error.read())


# -- processes --------------------------------------------------------------------------------


def proc_status_kib(pid: int, name: str = "VmRSS") -> int:
    """A size from /proc/<pid>/status in KiB: VmRSS (resident now), VmHWM (resident at peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {name} for process {pid}")


def child_pids(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            children += [int(child) for child in (task / "children").read_text().split()]
    return children


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""
