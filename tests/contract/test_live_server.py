"""schemathesis CLI against a live server started with the Dockerfile's CMD (tests/conftest.py): every check
(schemathesis.toml), the batch's own among them (schemathesis_hooks.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..conftest import REPO_ROOT, LiveServer, venv_env
from .schemathesis_hooks import cli_command


def test_schemathesis_cli_finds_no_failure(live_server: LiveServer, tmp_path: Path) -> None:
    command = cli_command(live_server.base_url, 40)
    # The batch's own check (schemathesis_hooks.py), importable from the repository root.
    env = venv_env(SCHEMATHESIS_HOOKS="tests.contract.schemathesis_hooks", PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout or "passed" in result.stdout
