"""Extractions taken back as input must be whole: every field present, as the service writes them.

The OpenAPI document lists every field of an Extraction as required (the service always sends
them all); ``POST /aggregate`` holds the same line and refuses one that lacks a field rather
than filling it from a default.
"""

from __future__ import annotations

import copy

import msgspec
import pytest

from service.api.completeness import whole
from service.api.models import AggregateRequest, Problem
from service.extraction import Document, Extraction, extract

from ..conftest import shipped_knowledge

TEXT = "قصفت طائرات حربية قرية في ريف حلب الشمالي أمس، ما أدى إلى مقتل ثلاثة مدنيين."


@pytest.fixture(scope="module")
def extraction() -> dict:
    return msgspec.to_builtins(extract(Document(text=TEXT), shipped_knowledge()))


def without(extraction: dict, *path: str | int) -> dict:
    """A copy of ``extraction`` lacking the field at ``path``."""
    lacking = copy.deepcopy(extraction)
    holder = lacking
    for step in path[:-1]:
        holder = holder[step]
    del holder[path[-1]]
    return lacking


# Fields with a default in the contract's structs (the others msgspec requires anyway).
LACKING = [
    ("incidents", 0, "casualties", "killed"),
    ("incidents", 0, "locations", 0, "lat"),
    ("incidents", 0, "locations", 0, "admin2_en"),
]


@pytest.mark.parametrize("path", LACKING, ids=[".".join(map(str, path)) for path in LACKING])
def test_a_whole_decoder_refuses_what_the_lax_one_completes(extraction: dict, path: tuple) -> None:
    body = msgspec.json.encode({"extractions": [without(extraction, *path)]})
    msgspec.json.decode(body, type=AggregateRequest)  # msgspec fills the default in
    with pytest.raises(msgspec.ValidationError, match=f"missing required field `{path[-1]}`"):
        msgspec.json.decode(body, type=whole(AggregateRequest))


def test_a_whole_type_decodes_what_the_service_writes_and_keeps_the_constraints(extraction: dict) -> None:
    decoded = msgspec.json.decode(msgspec.json.encode({"extractions": [extraction]}), type=whole(AggregateRequest))
    assert msgspec.to_builtins(decoded) == {"extractions": [extraction]}
    with pytest.raises(msgspec.ValidationError, match="length >= 1"):
        msgspec.json.decode(b'{"extractions": []}', type=whole(AggregateRequest))
    assert whole(Problem) is not Problem and msgspec.json.decode(
        b'{"type":"t","title":"x","status":400,"detail":"d"}', type=whole(Problem)
    )
    assert msgspec.structs.fields(whole(Extraction))[0].required


def test_aggregate_refuses_an_extraction_that_lacks_a_field(client, extraction: dict) -> None:
    whole_answer = client.post("/aggregate", json={"extractions": [extraction]})
    assert whole_answer.status_code == 200
    lacking = client.post(
        "/aggregate", json={"extractions": [without(extraction, "incidents", 0, "casualties", "killed")]}
    )
    assert lacking.status_code == 400
    assert lacking.json()["detail"].endswith(
        "missing required field `killed` - at `$.extractions[0].incidents[0].casualties`"
    )
