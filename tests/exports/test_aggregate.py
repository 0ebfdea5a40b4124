"""One event across many reports, on invented events reported for the tests (see conftest.REPORTS)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json

import msgspec
import pytest

from service.exports import aggregate
from service.exports.aggregate import distance_km, place_relation, tolls_compatible
from service.exports.formats import Format
from service.exports.model import Event
from service.exports.writers import render_events
from service.extraction import Extraction
from service.extraction.model import Place


def reports_of(events: list[Event]) -> list[list[str | None]]:
    return [[report.document_id for report in event.reports] for event in events]


def test_two_outlets_telling_one_strike_become_one_event(reports: dict[str, Extraction]) -> None:
    events = aggregate([reports["a"], reports["b"]])
    assert reports_of(events) == [["a", "b"]]
    [event] = events
    assert event.type == "airstrike" and event.location and event.location.name_en == "Sarmada"
    assert (event.date.earliest.isoformat(), event.date.precision) == ("2024-03-10", "day")  # type: ignore[union-attr]
    assert event.tolls.killed == 3  # the conservative figure: A says three, B four
    assert [report.killed for report in event.reports] == [3, 4]
    assert [report.source for report in event.reports] == ["Outlet A", "Outlet B"]
    assert event.reports[1].quote == reports["b"].incidents[0].evidence.text
    assert 0.5 < event.agreement < 1.0
    assert [actor.actor_id for actor in event.actors] == ["russia"]


def test_look_alikes_on_another_day_or_in_another_town_stay_apart(reports: dict[str, Extraction]) -> None:
    events = aggregate(reports.values())
    assert reports_of(events) == [["a", "b"], ["d"], ["c"]]  # in order of the earliest report


def test_the_result_depends_on_the_set_not_the_order(reports: dict[str, Extraction]) -> None:
    expected = msgspec.json.encode(aggregate(reports.values()))
    for order in itertools.permutations(reports.values()):
        assert msgspec.json.encode(aggregate(order)) == expected


def test_incidents_of_one_article_are_never_merged(reports: dict[str, Extraction]) -> None:
    a = reports["a"]
    doubled = msgspec.structs.replace(a, incidents=a.incidents * 2)
    assert reports_of(aggregate([doubled])) == [["a"], ["a"]]


def test_a_report_published_on_the_calendars_first_days(reports: dict[str, Extraction]) -> None:
    """An undated incident matches the days before publication, as many as the calendar has."""
    a = reports["a"]
    undated = [msgspec.structs.replace(i, date=None) for i in a.incidents]
    first_days = msgspec.structs.replace(a, published_at=dt.date(1, 1, 2), incidents=undated)
    again = msgspec.structs.replace(first_days, id="a-again")
    assert reports_of(aggregate([first_days, again])) == [["a", "a-again"]] * len(undated)


def test_a_single_report_is_its_incident_coded_alone(seed_extraction: Extraction) -> None:
    events = aggregate([seed_extraction])
    assert len(events) == len(seed_extraction.incidents)
    assert all(event.agreement == 1.0 and len(event.reports) == 1 for event in events)


def test_output_in_the_three_formats(reports: dict[str, Extraction]) -> None:
    events = aggregate(reports.values())
    lines = render_events(events, Format.JSON).decode().splitlines()
    assert [len(json.loads(line)["reports"]) for line in lines] == [2, 1, 1]
    rows = list(csv.DictReader(io.StringIO(render_events(events, Format.ACLED_CSV).decode(), newline="")))
    assert rows[0]["source"] == "Outlet A; Outlet B" and rows[0]["fatalities"] == "3"
    assert "2 reports" in rows[0]["notes"] and "Outlet B: " in rows[0]["notes"]
    assert len(json.loads(render_events(events, Format.GEOJSON))["features"]) == 3


def spot(name: str, lat: float, lon: float, **fields: object) -> Place:
    return Place(
        text=name, start=0, end=len(name), name_en=name, country="SYR", lat=lat, lon=lon, geo_precision=1, **fields
    )


def test_places_relate_by_unit_and_distance() -> None:
    sarmada, nearby, far = spot("Sarmada", 36.18, 36.70), spot("Dana", 36.21, 36.77), spot("Daraa", 32.62, 36.1)
    assert place_relation(sarmada, spot("Sarmada", 36.18, 36.70)) == 1.0
    assert place_relation(sarmada, nearby) == 0.5
    assert place_relation(sarmada, far) is None
    idleb = Place(
        text="إدلب", start=0, end=4, name_en="Idleb", pcode="SY07", admin_level=1, country="SYR", geo_precision=3
    )
    assert place_relation(spot("Sarmada", 36.18, 36.7, admin1_pcode="SY07"), idleb) == 0.5
    syria = Place(
        text="سوريا", start=0, end=5, name_en="Syria", pcode="SY", admin_level=0, country="SYR", geo_precision=3
    )
    assert place_relation(syria, syria) is None  # a whole country tells no two events apart
    assert place_relation(sarmada, msgspec.structs.replace(sarmada, country="TUR")) is None
    assert 390 < distance_km(36.18, 36.7, 32.62, 36.1) < 410


@pytest.mark.parametrize(
    ("a", "b", "expected"), [(3, 4, True), (10, 20, True), (10, 21, False), (1, 5, False), (None, 9, True)]
)
def test_tolls_within_reach(a: int | None, b: int | None, expected: bool) -> None:
    assert tolls_compatible(a, b) is expected
