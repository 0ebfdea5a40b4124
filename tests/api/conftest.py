"""An app per test, with its lifespan running, and helpers to wait for readiness."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings

from ..conftest import SEED_PATH

ClientFactory = Callable[..., TestClient]


def wait_ready(client: TestClient, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return
        time.sleep(0.02)
    raise TimeoutError("the app did not become ready")


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    """``make_client(**settings)``: a started, warmed-up TestClient for an app with those settings."""
    clients: list[TestClient] = []

    def make(*, ready: bool = True, **overrides: object) -> TestClient:
        client = TestClient(create_app(Settings(**overrides)))  # type: ignore[arg-type]
        client.__enter__()
        clients.append(client)
        if ready:
            wait_ready(client)
        return client

    yield make
    for client in reversed(clients):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")
