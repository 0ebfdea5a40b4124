"""Web tests use the API tests' app fixtures."""

from __future__ import annotations

from ..api.conftest import client, make_client, seed_text  # noqa: F401  (pytest fixtures)
