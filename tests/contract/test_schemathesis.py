"""schemathesis against the committed document, in process: positive and negative data, all checks,
configured as the live-server run is (``schemathesis.toml``)."""

from __future__ import annotations

from collections import defaultdict

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection

from service.app import create_app
from service.settings import Settings

from ..conftest import REPO_ROOT
from .schemathesis_hooks import BATCH, HERE, batch_refuses_invalid_documents_in_place

schema = schemathesis.openapi.from_path(
    REPO_ROOT / "openapi" / "openapi.json", config=SchemathesisConfig.from_path(HERE / "schemathesis.toml")
)
app = create_app(Settings())
statuses_seen: dict[str, set[int]] = defaultdict(set)


@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_app_conforms_to_the_committed_document(case: schemathesis.Case) -> None:
    response = case.call(app=app)
    statuses_seen[case.operation.label].add(response.status_code)
    if case.operation.label == BATCH:  # documents that break the schema are refused in place
        case.validate_response(
            response,
            excluded_checks=[negative_data_rejection],
            additional_checks=[batch_refuses_invalid_documents_in_place],
        )
    else:
        case.validate_response(response)


def test_the_generated_cases_reached_success_and_error_responses() -> None:
    if not statuses_seen:
        pytest.skip("run together with test_app_conforms_to_the_committed_document")
    # 401, 413 and 503 need settings or loads that generated cases do not make: tests/api covers them.
    assert {200, 400, 405, 415, 422} <= statuses_seen["POST /extract"], statuses_seen
    assert {200, 400, 405, 415} <= statuses_seen["POST /extract/batch"], statuses_seen
    assert {200, 400, 405, 415} <= statuses_seen["POST /aggregate"], statuses_seen
