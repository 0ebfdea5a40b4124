"""hadath as users install it, away from the checkout: a wheel built from the repository and run
with ``uv tool run`` (what ``uvx --from <checkout>``, ``uv tool install`` and ``pipx install`` do).

uv installs the wheel with its runtime dependencies alone into a fresh environment. Running
there, from another folder, shows the wheel carries what the commands need (the knowledge pack,
the seed that the OpenAPI document shows) and that the runtime needs nothing from the build
group. (The wheel is built here rather than by ``uvx --from <checkout>``, which may reuse a
wheel it built from an earlier state of the checkout.)
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from .conftest import REPO_ROOT, uv_command, venv_env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    build = [*uv_command(), "build", "--wheel", "--out-dir", str(folder), str(REPO_ROOT)]
    result = subprocess.run(build, cwd=folder, env=venv_env(), capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    [built] = folder.glob("hadath-*.whl")
    return built


def uvx(wheel: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    command = [*uv_command(), "tool", "run", "--from", str(wheel), *args]
    return subprocess.run(command, cwd=cwd, env=venv_env(), capture_output=True, timeout=300)


def test_the_installed_console_script_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert uvx(wheel, "hadath", "--version", cwd=tmp_path).stdout.decode() == f"hadath {declared}\n"

    document = uvx(wheel, "hadath", "openapi", cwd=tmp_path)
    assert document.returncode == 0, document.stderr.decode()[-3000:]
    assert document.stdout.decode() == (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")

    examples = REPO_ROOT / "examples" / "articles.jsonl"
    extract = uvx(wheel, "hadath", "extract", str(examples), "--output", "out.jsonl", "--no-progress", cwd=tmp_path)
    assert extract.returncode == 0, extract.stderr.decode()[-3000:]
    answers = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [answer["id"] for answer in answers] == [
        json.loads(line)["id"] for line in examples.read_text(encoding="utf-8").splitlines()
    ]
    assert all(answer["incidents"] for answer in answers)


def test_the_installed_environment_has_the_runtime_alone(wheel: Path, tmp_path: Path) -> None:
    probe = "import importlib.util as u, json; print(json.dumps({m: bool(u.find_spec(m)) for m in %r}))"
    modules = ["numpy", "litestar", "camel_tools", "pandas", "opentelemetry", "pytest"]
    result = uvx(wheel, "python", "-c", probe % modules, cwd=tmp_path)
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


def test_the_service_uses_no_private_litestar_api() -> None:
    """Private modules (``litestar._*``) move between minor versions, which ``litestar<3`` allows."""
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in (REPO_ROOT / "service").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\blitestar\._|from litestar import _", line)
    ]
    assert not offenders
