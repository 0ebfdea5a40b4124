"""hadath as users install it: ``uvx --from <checkout> hadath ...``, away from the checkout.

uv builds the wheel from the repository and installs it with its runtime dependencies alone
into a fresh environment, as ``uv tool install`` and ``pipx install`` do. Running there, from
another folder, shows the wheel carries what the commands need (the knowledge pack, the seed
that the OpenAPI document shows) and that the runtime needs nothing from the build group.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import REPO_ROOT, uv_command, venv_env


def uvx(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # --refresh-package: build this checkout as it is now, not a wheel cached from an earlier state.
    command = [*uv_command(), "tool", "run", "--refresh-package", "hadath", "--from", str(REPO_ROOT), *args]
    return subprocess.run(command, cwd=cwd, env=venv_env(), input=stdin, capture_output=True, timeout=300)


def test_the_installed_console_script_works_outside_the_checkout(tmp_path: Path) -> None:
    document = uvx("hadath", "openapi", cwd=tmp_path)
    assert document.returncode == 0, document.stderr.decode()[-3000:]
    assert document.stdout.decode() == (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")

    examples = REPO_ROOT / "examples" / "articles.jsonl"
    extract = uvx("hadath", "extract", str(examples), "--output", "out.jsonl", "--no-progress", cwd=tmp_path)
    assert extract.returncode == 0, extract.stderr.decode()[-3000:]
    answers = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [answer["id"] for answer in answers] == [
        json.loads(line)["id"] for line in examples.read_text(encoding="utf-8").splitlines()
    ]
    assert all(answer["incidents"] for answer in answers)


def test_the_installed_environment_has_the_runtime_alone(tmp_path: Path) -> None:
    probe = "import importlib.util as u, json; print(json.dumps({m: bool(u.find_spec(m)) for m in %r}))"
    modules = ["numpy", "litestar", "camel_tools", "pandas", "opentelemetry", "pytest"]
    result = uvx("python", "-c", probe % modules, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    found = json.loads(result.stdout)
    assert found == {
        "numpy": True,
        "litestar": True,
        "camel_tools": False,
        "pandas": False,
        "opentelemetry": False,
        "pytest": False,
    }
