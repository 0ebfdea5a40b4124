"""deploy/kubernetes without a cluster: the manifests agree with the app, the Dockerfile and each other."""

from __future__ import annotations

import dataclasses
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
import yaml
from litestar.testing import TestClient

from service.__main__ import GRACEFUL_SHUTDOWN_SECONDS
from service.app import create_app
from service.settings import PLACEHOLDER_PREFIX, Settings, SettingsError

from .api.conftest import wait_ready
from .conftest import DOCKERFILE, REPO_ROOT

DEPLOY_DIR = REPO_ROOT / "deploy" / "kubernetes"
SETTINGS_VARIABLES = {spec.metadata["env"] for spec in dataclasses.fields(Settings)}
QUANTITY = {"": 1, "m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((DEPLOY_DIR / name).read_text(encoding="utf-8"))


def kustomization() -> dict[str, Any]:
    return load("kustomization.yaml")


def manifests() -> dict[str, dict[str, Any]]:
    """The resources kustomization.yaml lists, by kind (one of each kind here)."""
    by_kind: dict[str, dict[str, Any]] = {}
    for name in kustomization()["resources"]:
        documents = [d for d in yaml.safe_load_all((DEPLOY_DIR / name).read_text(encoding="utf-8")) if d]
        for document in documents:
            assert document["kind"] not in by_kind, f"two {document['kind']} manifests"
            by_kind[document["kind"]] = document
    return by_kind


def pod_spec() -> dict[str, Any]:
    return manifests()["Deployment"]["spec"]["template"]["spec"]


def container() -> dict[str, Any]:
    [main] = pod_spec()["containers"]
    return main


def env_file(path: Path) -> dict[str, str]:
    """A kustomize env file: KEY=VALUE lines, # comments."""
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {key.strip(): value.strip() for key, *rest in pairs for value in rest if not key.lstrip().startswith("#")}


def secret_examples() -> dict[str, dict[str, str]]:
    """Per secretGenerator: the variables of its committed example file (``<env file>.example``)."""
    out = {}
    for generator in kustomization()["secretGenerator"]:
        values: dict[str, str] = {}
        for name in generator["envs"]:
            values |= env_file(DEPLOY_DIR / f"{name}.example")
        out[generator["name"]] = values
    return out


def configured_environment(*, filled: bool = True) -> dict[str, str]:
    """What the container's environment gets: the ConfigMap, the Secret's example, explicit env;
    ``filled``: with the example's placeholders replaced as whoever deploys must replace them."""
    env = dict(manifests()["ConfigMap"]["data"])
    for values in secret_examples().values():
        env |= values
    env |= {item["name"]: item["value"] for item in container().get("env", []) if "value" in item}
    if filled:
        env = {
            name: secrets.token_hex(32) if value.startswith(PLACEHOLDER_PREFIX) else value
            for name, value in env.items()
        }
    return env


def quantity(text: str | int) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-zA-Z]*)", str(text)).groups()  # type: ignore[union-attr]
    return float(number) * QUANTITY[unit]


def dockerfile(instruction: str) -> str:
    values = re.findall(rf"^{instruction}\s+(.+?)\s*$", DOCKERFILE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert values, f"no {instruction} in the Dockerfile"
    return values[-1]


def container_port(port: int | str) -> int:
    """A port number, or the number of the container port with that name."""
    if isinstance(port, int):
        return port
    [number] = [p["containerPort"] for p in container()["ports"] if p.get("name") == port]
    return number


# -- the folder and kustomization.yaml --------------------------------------------------------


def test_every_file_is_part_of_the_kustomization() -> None:
    k = kustomization()
    resources = set(k["resources"])
    generated = {name for generator in k.get("secretGenerator", []) for name in generator.get("envs", [])}
    generated |= {name for generator in k.get("configMapGenerator", []) for name in generator.get("envs", [])}
    expected = {"kustomization.yaml", "README.md"} | resources | {f"{name}.example" for name in generated}
    present = {path.name for path in DEPLOY_DIR.iterdir() if path.is_file()}
    assert present - generated == expected  # the real env files are made by whoever deploys, never committed
    assert all((DEPLOY_DIR / name).is_file() for name in resources)
    for name in generated:
        assert f"deploy/kubernetes/{name}" in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_expected_kinds_and_api_versions() -> None:
    versions = {kind: m["apiVersion"] for kind, m in manifests().items()}
    assert versions == {
        "ConfigMap": "v1",
        "Deployment": "apps/v1",
        "Service": "v1",
        "HorizontalPodAutoscaler": "autoscaling/v2",
        "PodDisruptionBudget": "policy/v1",
    }


def test_the_image_is_the_one_the_dockerfile_and_compose_build() -> None:
    compose = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert container()["image"] == compose["services"]["hadath"]["image"] == "hadath:latest"
    assert [image["name"] for image in kustomization()["images"]] == ["hadath"]
    assert "command" not in container() and "args" not in container()  # the image's CMD: python -m service serve


# -- settings ---------------------------------------------------------------------------------


def test_every_variable_the_manifests_set_is_a_setting_the_service_reads() -> None:
    names = set(configured_environment())
    assert names <= SETTINGS_VARIABLES, names - SETTINGS_VARIABLES
    assert {"HADATH_REDIS_URL", "HADATH_API_KEYS"} <= set(secret_examples()["hadath-secrets"])
    assert not {"HADATH_REDIS_URL", "HADATH_API_KEYS"} & set(manifests()["ConfigMap"]["data"])  # secrets stay secret


def test_the_configured_values_are_valid_settings() -> None:
    """The example secrets are placeholders the service refuses (an unedited copy must not run);
    filled in, everything the manifests configure is valid."""
    environment = configured_environment(filled=False)
    placeholders = {name for name, value in environment.items() if value.startswith(PLACEHOLDER_PREFIX)}
    assert placeholders == {"HADATH_API_KEYS", "HADATH_CACHE_SECRET", "HADATH_REDIS_PASSWORD"}
    for name in placeholders:
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: environment[name]})
    filled = environment | {name: secrets.token_hex(32) for name in placeholders}
    settings = Settings.from_env(filled)  # raises SettingsError naming a bad one
    assert settings.host == "0.0.0.0"
    assert settings.redis_url is not None and settings.api_keys and settings.cache_secret


def test_the_pod_reads_the_configmap_and_the_generated_secret() -> None:
    sources = container()["envFrom"]
    assert {"configMapRef": {"name": manifests()["ConfigMap"]["metadata"]["name"]}} in sources
    assert [s["secretRef"]["name"] for s in sources if "secretRef" in s] == list(secret_examples())


# -- ports, probes, the app's routes ----------------------------------------------------------


def test_one_port_from_the_dockerfile_to_the_service() -> None:
    exposed = int(dockerfile("EXPOSE").split("/")[0])
    [port] = container()["ports"]
    [service_port] = manifests()["Service"]["spec"]["ports"]
    assert port["containerPort"] == exposed
    assert container_port(service_port["targetPort"]) == exposed
    assert Settings.from_env(configured_environment()).port == exposed


def probes() -> dict[str, dict[str, Any]]:
    return {kind: container()[kind] for kind in ("startupProbe", "readinessProbe", "livenessProbe")}


def test_probes_are_routes_of_the_app_on_the_container_port() -> None:
    get_routes = {route.path for route in create_app(Settings()).routes if "GET" in getattr(route, "methods", ())}
    for kind, probe in probes().items():
        assert probe["httpGet"]["path"] in get_routes, kind
        assert container_port(probe["httpGet"]["port"]) == container()["ports"][0]["containerPort"], kind
    assert probes()["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert probes()["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_probes_answer_without_an_api_key_on_the_configured_app() -> None:
    """The kubelet sends no Authorization header: the probe paths must stay open with HADATH_API_KEYS set."""
    settings = dataclasses.replace(Settings.from_env(configured_environment()), redis_url=None)
    assert settings.api_keys
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        for kind, probe in probes().items():
            assert client.get(probe["httpGet"]["path"]).status_code == 200, kind
        assert client.post("/extract", json={"text": "قصفت طائرات حربية قرية."}).status_code == 401


def test_start_up_allows_for_the_data_load_and_a_busy_node() -> None:
    startup = probes()["startupProbe"]
    assert startup["httpGet"]["path"] == "/readyz"  # 503 until the gazetteer and lexicons are loaded
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 30


# -- resources, security, termination ---------------------------------------------------------


def test_one_cpu_core_requested_per_worker_process() -> None:
    workers = Settings.from_env(configured_environment()).workers
    resources = container()["resources"]
    assert quantity(resources["requests"]["cpu"]) == workers
    assert quantity(resources["limits"]["cpu"]) >= workers


def test_the_memory_limit_leaves_room_for_each_workers_in_process_cache() -> None:
    settings = Settings.from_env(configured_environment())
    resources = container()["resources"]
    requests, limits = quantity(resources["requests"]["memory"]), quantity(resources["limits"]["memory"])
    assert requests >= settings.workers * 150 * 2**20  # a worker is 150-153 MB resident once loaded
    assert limits >= requests + settings.workers * settings.cache_memory_bytes


def test_the_memory_limit_holds_each_workers_largest_accepted_request() -> None:
    """bench/hardening_bench.py: the largest batch the defaults accept (HADATH_MAX_BATCH_CHARS)
    takes a worker at most 95 MiB above its resident size; the limit holds that for every worker
    at once, on top of a loaded worker with its in-process cache full."""
    settings = Settings.from_env(configured_environment())
    assert settings.max_batch_chars == 1_000_000 and settings.max_batch_body_bytes < 7 * 10**6
    limits = quantity(container()["resources"]["limits"]["memory"])
    per_worker = 160 * 2**20 + settings.cache_memory_bytes + 16 * 2**20 + 96 * 2**20
    assert limits >= 64 * 2**20 + settings.workers * per_worker


def test_runs_as_the_dockerfiles_user_with_a_read_only_root() -> None:
    user, _, group = dockerfile("USER").partition(":")
    pod = pod_spec()["securityContext"]
    assert (pod["runAsUser"], pod["runAsGroup"], pod["runAsNonRoot"]) == (int(user), int(group or user), True)
    security = container()["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False and security["capabilities"]["drop"] == ["ALL"]


def test_tmp_is_writable_for_the_prometheus_multiprocess_folder() -> None:
    """``serve`` with several workers calls tempfile.mkdtemp(): /tmp must be a volume, the root is read-only."""
    assert "tempfile.mkdtemp(" in (REPO_ROOT / "service" / "__main__.py").read_text(encoding="utf-8")
    [mount] = [m for m in container()["volumeMounts"] if m["mountPath"] == "/tmp"]
    [volume] = [v for v in pod_spec()["volumes"] if v["name"] == mount["name"]]
    assert "emptyDir" in volume and not mount.get("readOnly", False)


def test_termination_waits_for_the_graceful_shutdown() -> None:
    pre_stop = container()["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    assert pod_spec()["terminationGracePeriodSeconds"] > int(pre_stop[1]) + GRACEFUL_SHUTDOWN_SECONDS
    assert "SIGTERM" in dockerfile("STOPSIGNAL")


# -- the objects point at each other ----------------------------------------------------------


def pod_labels() -> dict[str, str]:
    return manifests()["Deployment"]["spec"]["template"]["metadata"]["labels"]


@pytest.mark.parametrize(
    ("kind", "path"),
    [("Deployment", ("spec", "selector", "matchLabels")), ("Service", ("spec", "selector")),
     ("PodDisruptionBudget", ("spec", "selector", "matchLabels"))],
)  # fmt: skip
def test_selectors_match_the_pods(kind: str, path: tuple[str, ...]) -> None:
    selector: Any = manifests()[kind]
    for key in path:
        selector = selector[key]
    assert selector and selector.items() <= pod_labels().items()


def test_the_autoscaler_targets_the_deployment_on_cpu() -> None:
    hpa, deployment = manifests()["HorizontalPodAutoscaler"]["spec"], manifests()["Deployment"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": deployment["metadata"]["name"],
    }
    [metric] = hpa["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["type"] == "Utilization"
    assert "replicas" not in deployment["spec"]  # the autoscaler owns it
    budget = manifests()["PodDisruptionBudget"]["spec"]
    assert hpa["minReplicas"] > budget.get("maxUnavailable", 0)
