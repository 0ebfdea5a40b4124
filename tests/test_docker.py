"""The Dockerfile without Docker: hadolint, its CMD serving until /readyz, its HEALTHCHECK, its stop."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from .conftest import (
    DOCKERFILE,
    REPO_ROOT,
    LiveServer,
    dockerfile_instruction,
    free_port,
    uv_command,
    venv_env,
    wait_for_status,
)


def test_hadolint_passes() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(hadolint), str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_runs_as_a_numeric_non_root_user_and_stops_on_sigterm() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users and re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1])
    assert re.search(r"^STOPSIGNAL\s+SIGTERM$", text, flags=re.MULTILINE)
    assert len(re.findall(r"^FROM\s", text, flags=re.MULTILINE)) >= 2
    assert "uv sync --frozen --no-dev" in text
    assert dockerfile_instruction("CMD") == ["python", "-m", "service", "serve"]


def test_cmd_serves_until_ready_with_two_workers(live_server: LiveServer) -> None:
    ready = json.loads(wait_for_status(f"{live_server.base_url}/readyz"))
    assert ready["extractor"] == "gazetteer and lexicons loaded"
    request = urllib.request.Request(
        f"{live_server.base_url}/extract",
        data=json.dumps({"text": "قصفت طائرات حربية قرية في ريف حلب."}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and json.loads(response.read())["language"] == "ar"


def test_metrics_add_up_across_workers(live_server: LiveServer) -> None:
    """Multiprocess mode: whichever worker answers /metrics counts every worker's requests."""
    for _ in range(6):
        wait_for_status(f"{live_server.base_url}/healthz")
    text = urllib.request.urlopen(f"{live_server.base_url}/metrics", timeout=5).read().decode()
    counts = re.findall(r'hadath_http_requests_total\{method="GET",route="/healthz",status="200"\} ([\d.]+)', text)
    assert counts and float(counts[0]) >= 6


def samples(text: str, name: str) -> list[tuple[dict[str, str], float]]:
    """The samples of metric ``name`` in a Prometheus text exposition: (labels, value)."""
    found = []
    for labels, value in re.findall(rf"^{name}\{{([^}}]*)\}} (\S+)$", text, flags=re.MULTILINE):
        found.append((dict(re.findall(r'(\w+)="([^"]*)"', labels)), float(value)))
    return found


def worker_pids(server: LiveServer) -> set[int]:
    """The server's worker processes: its children started by multiprocessing's spawn."""
    tasks = Path(f"/proc/{server.process.pid}/task")
    children = [int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()]
    return {pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}


def test_metrics_keep_the_process_series_of_every_process(live_server: LiveServer) -> None:
    """Multiprocess mode: process_* (memory, CPU, descriptors) of the supervisor and of each worker,
    whichever worker answers, told apart by pid."""
    workers = worker_pids(live_server)
    assert len(workers) == 2
    for _ in range(4):  # several scrapes: each may reach either worker
        text = urllib.request.urlopen(f"{live_server.base_url}/metrics", timeout=5).read().decode()
        roles = {int(labels["pid"]): labels["role"] for labels, value in samples(text, "hadath_process_info")}
        assert roles == {live_server.process.pid: "supervisor"} | dict.fromkeys(workers, "worker")
        for name in ("process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds"):
            found = {int(labels["pid"]): value for labels, value in samples(text, name)}
            assert set(found) == set(roles) and all(value > 0 for value in found.values()), name
        resident = {int(labels["pid"]): value for labels, value in samples(text, "process_resident_memory_bytes")}
        for pid, value in resident.items():  # what /proc says of each process (it moves between the two reads)
            assert abs(value - proc_resident_bytes(pid)) < 64 * 1024 * 1024


def proc_resident_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.MULTILINE).group(1)) * 1024  # type: ignore[union-attr]


def test_healthcheck_command_succeeds_against_the_server(live_server: LiveServer) -> None:
    command = dockerfile_instruction("HEALTHCHECK")
    env = venv_env(HADATH_PORT=str(live_server.port))
    assert subprocess.run(command, env=env, timeout=10).returncode == 0
    env_down = venv_env(HADATH_PORT=str(free_port()))
    assert subprocess.run(command, env=env_down, capture_output=True, timeout=10).returncode != 0


def test_sigterm_stops_the_server_gracefully() -> None:
    port = free_port()
    env = venv_env(HADATH_HOST="127.0.0.1", HADATH_PORT=str(port), HADATH_WORKERS="1")
    process = subprocess.Popen(dockerfile_instruction("CMD"), cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE)
    try:
        wait_for_status(f"http://127.0.0.1:{port}/readyz", timeout=90, process=process)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    # uvicorn finishes its shutdown, then re-raises the signal it caught.
    assert process.returncode in (0, -signal.SIGTERM)
    lines = [json.loads(line) for line in stderr.decode().splitlines()]
    assert all({"ts", "level", "logger", "msg"} <= set(line) for line in lines)
    assert "Application shutdown complete." in [line["msg"] for line in lines]


# What the image must hold, and what it must not: the build group (camel-tools and its
# scientific stack), the models camel-tools declares, and every test tool.
RUNTIME_PACKAGES = {"litestar", "msgspec", "numpy", "uvicorn", "uvloop", "httptools", "redis", "tqdm"}
NOT_IN_THE_IMAGE = {"camel_tools", "pandas", "scipy", "scikit_learn", "torch", "transformers", "pytest", "hypothesis"}


def dockerfile_uv_sync() -> str:
    """The shell command of the Dockerfile's ``RUN uv sync ...`` (the dependency layer)."""
    found = re.search(r"^RUN (uv sync .*)$", DOCKERFILE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert found, "no RUN uv sync in the Dockerfile"
    return found.group(1)


@pytest.mark.parametrize("extras", ["", "tracing"], ids=["default", "tracing"])
def test_install_step_gives_the_runtime_alone(tmp_path: Path, extras: str) -> None:
    """The Dockerfile's own ``uv sync`` (with its HADATH_EXTRAS build argument) into a fresh venv:
    no build or dev tools, OpenTelemetry only when asked for, and that is enough to serve and extract."""
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    sync = dockerfile_uv_sync()
    assert "--frozen" in sync and "--no-dev" in sync
    uv = " ".join(shlex.quote(part) for part in uv_command())
    env = venv_env(HADATH_EXTRAS=extras)  # a build argument is an environment variable to RUN
    result = subprocess.run(
        ["sh", "-c", sync.replace("uv sync", f"{uv} sync", 1) + " --quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    site = next((tmp_path / ".venv" / "lib").glob("python3*/site-packages"))
    installed = {path.name.split("-")[0].lower() for path in site.glob("*.dist-info")}
    assert installed >= RUNTIME_PACKAGES, RUNTIME_PACKAGES - installed
    assert not installed & NOT_IN_THE_IMAGE, installed & NOT_IN_THE_IMAGE
    assert ("opentelemetry_sdk" in installed) == (extras == "tracing")
    runtime_python = tmp_path / ".venv" / "bin" / "python"
    check = subprocess.run(
        [str(runtime_python), "-c", "import service.app; service.app.create_app()"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr[-3000:]
    line = json.dumps({"id": "x", "text": "قصفت طائرات حربية قرية في ريف حلب الشمالي."}, ensure_ascii=False)
    extract = subprocess.run(
        [str(runtime_python), "-m", "service", "extract", "-", "--no-progress"],
        cwd=REPO_ROOT,
        input=line.encode(),
        capture_output=True,
        timeout=120,
    )
    assert extract.returncode == 0, extract.stderr.decode()[-3000:]
    assert json.loads(extract.stdout)["incidents"][0]["type"] == "airstrike"


def test_compose_runs_the_service_with_redis() -> None:
    compose = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text(encoding="utf-8"))
    hadath, redis = compose["services"]["hadath"], compose["services"]["redis"]
    assert hadath["build"] == "."
    assert hadath["environment"]["HADATH_REDIS_URL"].startswith("redis://redis:")
    assert redis["image"] == "redis:7-alpine"


def test_compose_redis_requires_the_password_hadath_sends() -> None:
    """Redis in compose asks for a password (requirepass); Hadath gets the same one, and a cache
    secret to sign entries; compose refuses to start while either is unset."""
    compose = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text(encoding="utf-8"))
    hadath, redis = compose["services"]["hadath"], compose["services"]["redis"]
    command = redis["command"]
    password = command[command.index("--requirepass") + 1]
    assert password.startswith("${HADATH_REDIS_PASSWORD:?")
    assert hadath["environment"]["HADATH_REDIS_PASSWORD"] == password
    assert hadath["environment"]["HADATH_CACHE_SECRET"].startswith("${HADATH_CACHE_SECRET:?")
    assert redis["environment"]["REDISCLI_AUTH"] == "${HADATH_REDIS_PASSWORD}"
