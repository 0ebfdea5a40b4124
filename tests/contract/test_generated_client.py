"""Clients generated from the committed document: openapi-python-client's package calls the app in
process and type-checks under ``mypy --strict``; openapi-typescript's types compile under
``tsc --strict``. The calls are ``python_client/call.py`` and ``typescript/call.ts``."""

from __future__ import annotations

import functools
import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from openapi_python_client.strings import snake_case  # the generator's own naming

from service.app import create_app
from service.settings import Settings

from ..conftest import REPO_ROOT, SEED_PATH

PACKAGE = "hadath_client"
CONFIG = f"post_hooks: []\nproject_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\n"
DOCUMENT = REPO_ROOT / "openapi" / "openapi.json"
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the generated package (warnings fail the generation)."""
    folder = tmp_path_factory.mktemp("generated")
    (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
    generator = Path(sys.executable).parent / "openapi-python-client"
    command = [
        str(generator),
        "generate",
        "--path",
        str(DOCUMENT),
        "--meta",
        "none",
        "--output-path",
        str(folder / PACKAGE),
        "--overwrite",
        "--fail-on-warning",
        "--config",
        str(folder / "config.yaml"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def client_package(generated: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(generated))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(generated))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


async def call_extract(package: ModuleType, body: object):  # type: ignore[no-untyped-def]
    """POST /extract through the generated client, over httpx's ASGI transport, lifespan running."""
    extract_incidents = importlib.import_module(f"{PACKAGE}.api.extraction.extract_incidents")
    app = create_app(Settings())
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hadath.test") as http:
            client = package.Client(base_url="http://hadath.test").set_async_httpx_client(http)
            return await extract_incidents.asyncio_detailed(client=client, body=body)


async def test_seed_article_parses_as_an_extraction(client_package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    seed = SEED_PATH.read_text(encoding="utf-8")
    response = await call_extract(client_package, models.ExtractRequest(text=seed, id="seed", source="SY24"))
    assert response.status_code == 200
    assert isinstance(response.parsed, models.Extraction)
    assert response.parsed.id == "seed" and response.parsed.language == "ar"
    incidents = response.parsed.incidents
    assert {i.type_.value for i in incidents} >= {"airstrike", "recruitment", "killing", "reinforcement"}
    airstrike = next(i for i in incidents if i.type_.value == "airstrike")
    assert [a.actor_id for a in airstrike.actors if a.role.value == "perpetrator"] == ["russia"]
    assert seed[airstrike.evidence.start : airstrike.evidence.end] == airstrike.evidence.text
    assert response.headers["x-cache"] in ("miss", "bypass")


async def test_wrong_type_is_a_typed_400_problem(client_package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    response = await call_extract(client_package, models.ExtractRequest(text=12345))  # type: ignore[arg-type]
    assert response.status_code == 400
    assert isinstance(response.parsed, models.Problem)
    assert response.parsed.status == 400 and "text" in response.parsed.detail


async def test_text_without_arabic_is_a_typed_422_problem(client_package: ModuleType) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    response = await call_extract(client_package, models.ExtractRequest(text="English only"))
    assert response.status_code == 422
    assert isinstance(response.parsed, models.Problem)
    assert response.parsed.type_.endswith("no-arabic-text")


def test_one_model_per_component_schema(generated: Path) -> None:
    """No class a schema did not name (``ActorEntityActorTypeType1`` and the like): one per component."""
    components = json.loads(DOCUMENT.read_text(encoding="utf-8"))["components"]["schemas"]
    modules = {path.stem for path in (generated / PACKAGE / "models").glob("*.py")} - {"__init__"}
    assert modules == {snake_case(name) for name in components}


def test_a_plain_client_call_type_checks_under_mypy_strict(generated: Path) -> None:
    shutil.copy(HERE / "python_client" / "call.py", generated / "call.py")
    mypy = Path(sys.executable).parent / "mypy"
    command = [str(mypy), "--strict", "--cache-dir", str(generated / ".mypy_cache"), "call.py", PACKAGE]
    result = subprocess.run(command, cwd=generated, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_typescript_types_compile_a_call_under_tsc_strict(tmp_path: Path) -> None:
    """openapi-typescript and typescript from npm (versions in typescript/package-lock.json)."""
    for name in ("package.json", "package-lock.json", "tsconfig.json", "call.ts"):
        shutil.copy(HERE / "typescript" / name, tmp_path / name)
    npm = shutil.which("npm")
    assert npm, "npm is needed (make test installs Debian's nodejs and npm)"
    install = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"]
    run = functools.partial(subprocess.run, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    for command in (
        install,
        [str(tmp_path / "node_modules" / ".bin" / "openapi-typescript"), str(DOCUMENT), "-o", "schema.d.ts"],
        [str(tmp_path / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json"],
    ):
        result = run(command)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
    assert "⚠" not in result.stdout + result.stderr
