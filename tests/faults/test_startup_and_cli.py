"""Issue 16, points 4 and 11: the bulk CLI stopped at one bad line (with two workers, nothing
written); a non-ASCII API key was accepted silently; the example's placeholder key worked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPO_ROOT, venv_env


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HADATH_API_KEYS", "مفتاح-سري-طويل-بما-يكفي"),
        ("HADATH_API_KEYS", "replace-with-a-long-random-key"),
        ("HADATH_CACHE_SECRET", "replace-with-a-long-random-secret"),
    ],
)
def test_the_server_refuses_to_start_with_an_unusable_secret(variable: str, value: str) -> None:
    env = venv_env(HADATH_PORT="1", **{variable: value})
    result = subprocess.run(
        [sys.executable, "-m", "service", "serve"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"hadath: configuration error: {variable}="), result.stderr[-500:]


def test_the_cli_answers_every_line_with_two_workers(tmp_path: Path) -> None:
    good = [json.dumps({"id": f"good-{i}", "text": "قصفت طائرات حربية قرية في ريف حلب"}).encode() for i in range(5)]
    bad = [b'{"id":"x","text":"\xd8\xa8\xff"}', b"[" * 5000 + b"]" * 5000]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([*good[:3], *bad, *good[3:]]) + b"\n")
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "service", "extract", str(source), "-o", str(output), "--workers", "2"]
    result = subprocess.run(
        [*command, "--no-progress"], cwd=REPO_ROOT, env=venv_env(), capture_output=True, timeout=120
    )
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    lines = [json.loads(line) for line in output.read_bytes().splitlines()]
    assert [line.get("id") for line in lines] == ["good-0", "good-1", "good-2", None, None, "good-3", "good-4"]
    assert [line.get("status") for line in lines] == [None, None, None, 400, 400, None, None]
