"""Fixtures shared across test folders: the repository's paths, free ports, and a live server
started exactly as the Dockerfile's CMD starts it."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.extraction import Knowledge, load_knowledge

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = REPO_ROOT / "seeds" / "sy24-russia-deir-ez-zor.txt"
DOCKERFILE = REPO_ROOT / "Dockerfile"


@functools.cache
def shipped_knowledge() -> Knowledge:
    """The shipped knowledge pack, loaded once for the whole run (for helpers outside fixtures)."""
    return load_knowledge()


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return shipped_knowledge()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dockerfile_instruction(name: str) -> list[str]:
    """The exec-form (JSON array) command of the Dockerfile's last ``name`` instruction (CMD, HEALTHCHECK)."""
    logical_lines = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    commands = [line for line in logical_lines if line.split(maxsplit=1)[:1] == [name]]
    assert commands, f"no {name} in the Dockerfile"
    exec_form = re.search(r"\[.*\]\s*$", commands[-1])
    assert exec_form, f"{name} is not in exec form"
    return json.loads(exec_form.group())


def uv_command() -> list[str]:
    """How to run uv: ``UV`` as the Makefile passes it (``uv`` or ``python3 -m uv``), else ``uv`` on the PATH."""
    configured = os.environ.get("UV", "").split()
    found = configured or ([shutil.which("uv")] if shutil.which("uv") else [])
    assert found, "uv is needed (make test installs it): run the tests with make test, or put uv on the PATH"
    return [str(part) for part in found]


def venv_env(**variables: str) -> dict[str, str]:
    """The environment with this interpreter's bin folder first, as the image's PATH has /app/.venv/bin."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HADATH_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env | variables


def wait_for_status(
    url: str, status: int = 200, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None
) -> bytes:
    """The body of ``url`` once it answers ``status``; fails early if ``process`` (the server) exits."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == status:
                    return response.read()
                last = response.status
        except OSError as exc:  # refused while starting, or an HTTP error status
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer {status} within {timeout}s (last: {last})")


@dataclass
class LiveServer:
    base_url: str
    port: int
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The Dockerfile's CMD, run outside Docker with two workers on a free port, ready to serve."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("live-server") / "server.log"
    env = venv_env(HADATH_HOST="127.0.0.1", HADATH_PORT=str(port), HADATH_WORKERS="2")
    with log_path.open("wb") as log:
        process = subprocess.Popen(dockerfile_instruction("CMD"), cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    server = LiveServer(base_url=f"http://127.0.0.1:{port}", port=port, process=process)
    try:
        try:
            wait_for_status(f"{server.base_url}/readyz", timeout=90, process=process)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"{exc}\n{log_path.read_text(errors='replace')[-4000:]}") from None
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
