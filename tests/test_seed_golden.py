"""The founding article: its incidents are pinned by seeds/*.expected.json.

An expected incident is found when a reported one has the same ACLED family and its evidence
overlaps the expected quote; its slots must then agree. Optional incidents may be reported or
not; nothing else may be reported as an event that happened, unless as background.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.extraction import Document, extract
from service.extraction.model import Incident

from .conftest import shipped_knowledge

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXPECTED = json.loads((SEEDS / "sy24-russia-deir-ez-zor.expected.json").read_text(encoding="utf-8"))
TEXT = (SEEDS / EXPECTED["text_file"]).read_text(encoding="utf-8")
FAMILIES = shipped_knowledge().families  # incident type -> the ACLED event types it may fall in


@pytest.fixture(scope="module")
def incidents() -> list[Incident]:
    return extract(Document(text=TEXT, source=EXPECTED["source"]), shipped_knowledge()).incidents


def quote_span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def match(expected: dict, incidents: list[Incident]) -> Incident | None:
    start, end = quote_span(expected["evidence_quote"])
    overlapping = [
        i
        for i in incidents
        if not FAMILIES[i.type].isdisjoint(FAMILIES[expected["type"]])
        and i.evidence.start < end
        and start < i.evidence.end
    ]
    return max(overlapping, key=lambda i: min(end, i.evidence.end) - max(start, i.evidence.start), default=None)


REQUIRED = [e for e in EXPECTED["incidents"] if not e.get("optional")]


@pytest.mark.parametrize("expected", REQUIRED, ids=[e["evidence_quote"][:30] for e in REQUIRED])
def test_expected_incident_is_found_with_its_slots(expected: dict, incidents: list[Incident]) -> None:
    found = match(expected, incidents)
    assert found is not None, f"missing {expected['type']}: {expected['evidence_quote']}"
    assert found.type == expected["type"]
    assert found.status == expected["status"]
    assert found.background == expected.get("background", False)
    perpetrators = {a.actor_id for a in found.actors if a.role == "perpetrator"}
    assert set(expected["perpetrators"]) <= perpetrators
    if expected["admin1_pcode"]:
        assert expected["admin1_pcode"] in {p.admin1_pcode for p in found.locations}
    if expected["killed"]:
        assert found.casualties.killed is not None and found.casualties.killed.min == expected["killed"]["min"]
    victims = {v.category for v in found.victims}
    assert set(expected["victims"]) <= victims


def test_nothing_else_is_reported_as_news(incidents: list[Incident]) -> None:
    """Past the expected incidents, what the article recalls as context may be reported, as
    background or as not having happened, but no other event of the day."""
    accounted = {id(match(e, incidents)) for e in EXPECTED["incidents"]}
    news = [i for i in incidents if i.status == "occurred" and not i.background]
    assert [(i.type, i.evidence.text) for i in news if id(i) not in accounted] == []


def test_every_span_points_into_the_text(incidents: list[Incident]) -> None:
    for incident in incidents:
        spans = [incident.trigger, incident.evidence, incident.date, *incident.locations, *incident.actors]
        for span in [*spans, *incident.victims, *incident.sources]:
            if span is not None:
                assert TEXT[span.start : span.end] == span.text
