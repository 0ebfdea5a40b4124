"""The Dockerfile without Docker: hadolint, its CMD serving until /readyz, its HEALTHCHECK, its stop."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

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
RUNTIME_PACKAGES = {
    "litestar",
    "msgspec",
    "numpy",
    "uvicorn",
    "uvloop",
    "httptools",
    "redis",
    "tqdm",
    "opentelemetry_sdk",
}
NOT_IN_THE_IMAGE = {"camel_tools", "pandas", "scipy", "scikit_learn", "torch", "transformers", "pytest", "hypothesis"}


def dockerfile_uv_sync() -> list[str]:
    """The arguments of the Dockerfile's ``RUN uv sync ...`` (the dependency layer)."""
    found = re.search(r"^RUN uv sync (.*)$", DOCKERFILE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert found, "no RUN uv sync in the Dockerfile"
    return ["sync", *found.group(1).split()]


def test_install_step_gives_the_runtime_alone(tmp_path: Path) -> None:
    """The Dockerfile's own ``uv sync`` into a fresh venv: runtime and tracing, no build or dev tools,
    and that is enough to serve and to extract."""
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    sync = dockerfile_uv_sync()
    assert {"--frozen", "--no-dev"} <= set(sync)
    result = subprocess.run(
        [*uv_command(), *sync, "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    site = next((tmp_path / ".venv" / "lib").glob("python3*/site-packages"))
    installed = {path.name.split("-")[0].lower() for path in site.glob("*.dist-info")}
    assert installed >= RUNTIME_PACKAGES, RUNTIME_PACKAGES - installed
    assert not installed & NOT_IN_THE_IMAGE, installed & NOT_IN_THE_IMAGE
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
