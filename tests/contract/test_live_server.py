"""schemathesis CLI against a live server started with the Dockerfile's CMD (tests/conftest.py): every check
(schemathesis.toml), the batch's own among them (schemathesis_hooks.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import REPO_ROOT, LiveServer, venv_env

HERE = Path(__file__).resolve().parent


def test_schemathesis_cli_finds_no_failure(live_server: LiveServer, tmp_path: Path) -> None:
    schemathesis = Path(sys.executable).parent / "schemathesis"
    command = [
        str(schemathesis),
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        str(REPO_ROOT / "openapi" / "openapi.json"),
        "--url",
        live_server.base_url,
        "--max-examples",
        "40",
        "--seed",
        "2024",
        # One worker: with two, schemathesis's generator threads call ast.parse at once, which
        # CPython 3.11 can fail with "AST constructor recursion depth mismatch" (a tool crash,
        # seen here once in about ten runs, not a finding about the server).
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--generation-database",
        "none",
        # An aggregation request holds whole Extractions: hypothesis finds their examples large and
        # slow to make, which is the generator's concern, not a finding about the server (the
        # in-process run in test_schemathesis.py suppresses every health check for that reason).
        "--suppress-health-check=all",
        "--no-color",
    ]
    # The batch's own check (schemathesis_hooks.py), importable from the repository root.
    env = venv_env(SCHEMATHESIS_HOOKS="tests.contract.schemathesis_hooks", PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout or "passed" in result.stdout
