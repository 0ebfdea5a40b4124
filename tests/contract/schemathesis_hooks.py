"""A schemathesis check for the one documented exception to "invalid data is refused".

``/extract/batch`` takes documents of the ``ExtractRequest`` schema. A document that breaks it
(no Arabic letter, a malformed ``published_at`` ...) is refused in its own place, with the
400 or 422 problem ``/extract`` would give, while the other documents get their extractions.
Schemathesis's generic ``negative_data_rejection`` expects the whole request refused, so for
that operation (``schemathesis.toml``) this check replaces it: a batch with schema-breaking
data is refused as a whole, or answers a 400 or 422 problem for at least one document.

Loaded by the CLI through ``SCHEMATHESIS_HOOKS`` and called by the in-process test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation

BATCH = "POST /extract/batch"
HERE = Path(__file__).resolve().parent


def cli_command(url: str, max_examples: int) -> list[str]:
    """The schemathesis CLI run against a live server, as the tests and bench/hardening_bench.py
    make it: every check of schemathesis.toml (this module's among them, through
    ``SCHEMATHESIS_HOOKS``), a fixed seed."""
    return [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        str(HERE.parents[1] / "openapi" / "openapi.json"),
        "--url",
        url,
        "--max-examples",
        str(max_examples),
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


@schemathesis.check
def batch_refuses_invalid_documents_in_place(ctx: Any, response: Any, case: schemathesis.Case) -> bool | None:
    if case.operation.label != BATCH or not body_is_negative(case):
        return None
    if response.status_code != 200:
        return True  # refused as a whole: the generic expectations hold (a 5xx fails elsewhere)
    statuses = [result.get("status") for result in json.loads(response.content)["results"]]
    if not {400, 422} & set(statuses):
        raise AssertionError(f"a batch with schema-breaking documents answered 200 with no 400/422 item: {statuses}")
    return True


def body_is_negative(case: schemathesis.Case) -> bool:
    component = case.meta.components.get(ParameterLocation.BODY) if case.meta is not None else None
    return component is not None and component.mode.is_negative
