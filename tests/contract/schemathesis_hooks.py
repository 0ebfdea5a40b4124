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
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation

BATCH = "POST /extract/batch"


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
