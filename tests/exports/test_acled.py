"""ACLED CSV: ACLED's columns, values coded from the fields, nothing invented."""

from __future__ import annotations

import csv
import datetime as dt
import io

import msgspec

from service.exports import acled_csv, events_acled_csv
from service.exports.acled import COLUMNS, interaction
from service.exports.coding import events_of
from service.exports.model import Event, Report, Tolls, Victim, Window
from service.extraction import Extraction
from service.extraction.model import AcledMapping, ActorRole, Place

# As the issue lists them, from ACLED's codebook.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def parse(data: bytes) -> list[dict[str, str]]:
    assert data.endswith(b"\r\n")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_columns_are_acleds_in_acleds_order() -> None:
    assert list(COLUMNS) == ACLED_COLUMNS
    assert acled_csv([]).decode().splitlines() == [",".join(ACLED_COLUMNS)]


def test_seed_rows_are_coded_from_the_incidents(seed_extraction: Extraction) -> None:
    rows = parse(acled_csv([seed_extraction]))
    assert len(rows) == len(seed_extraction.incidents)
    by_id = {incident.id: row for incident, row in zip(seed_extraction.incidents, rows, strict=True)}
    airstrike = by_id["inc-2"]  # "غارات جوية"
    assert (airstrike["event_type"], airstrike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert airstrike["disorder_type"] == "Political violence"
    assert (airstrike["actor1"], airstrike["inter1"]) == ("Military Forces of Russia (2000-)", "8")
    assert (airstrike["actor2"], airstrike["inter2"], airstrike["interaction"]) == ("Islamic State", "2", "28")
    assert (airstrike["iso"], airstrike["region"], airstrike["country"]) == ("760", "Middle East", "Syria")
    assert (airstrike["admin1"], airstrike["location"], airstrike["geo_precision"]) == ("Ar-Raqqa", "Ar-Raqqa", "3")
    # "مؤخرا": the month before publication, coded to its middle at ACLED's month precision.
    assert (airstrike["event_date"], airstrike["year"], airstrike["time_precision"]) == ("2021-10-26", "2021", "3")
    assert airstrike["source"] == "SY24" and airstrike["fatalities"] == ""
    assert airstrike["notes"].startswith("Air strike by Military Forces of Russia (2000-) against Islamic State in")
    assert airstrike["notes"].endswith(seed_extraction.incidents[1].evidence.text)
    slaughter = by_id["inc-4"]  # "بذبح العديد من رعاة الأغنام": many, at least 2
    assert slaughter["fatalities"] == "2" and slaughter["civilian_targeting"] == "Civilian targeting"
    assert (slaughter["actor2"], slaughter["inter2"]) == ("Civilians (Syria)", "7")
    assert "background" in slaughter["tags"].split("; ")
    planned = next(row for row in rows if row["tags"] == "planned")
    assert planned["disorder_type"] == "Strategic developments" and "Planned" in planned["notes"]
    for row in rows:
        assert row["source_scale"] == row["timestamp"] == ""  # nothing in the article says them
        assert row["event_id_cnty"][:3] in {"SYR", "XXX"} and row["event_id_cnty"][3:].isdigit()
    assert len({row["event_id_cnty"] for row in rows}) == len(rows)


def test_the_same_extractions_give_the_same_bytes(seed_extraction: Extraction) -> None:
    again = msgspec.json.decode(msgspec.json.encode(seed_extraction), type=Extraction)
    assert acled_csv([seed_extraction]) == acled_csv([again])
    other = msgspec.structs.replace(seed_extraction, id="other")
    first, second = parse(acled_csv([seed_extraction])), parse(acled_csv([other]))
    assert {row["event_id_cnty"] for row in first}.isdisjoint(row["event_id_cnty"] for row in second)


def test_interaction_codes() -> None:
    assert (interaction("8", "2"), interaction("2", "8"), interaction("1", ""), interaction("", "7")) == (
        "28",
        "28",
        "10",
        "",
    )


def event(**changes: object) -> Event:
    base = Event(
        id="SYR1",
        type="killing",
        acled=AcledMapping(event_type="Violence against civilians", sub_event_type="Attack"),
        status="occurred",
        background=False,
        date=Window(earliest=dt.date(2024, 3, 1), latest=dt.date(2024, 3, 7), precision="week"),
        location=Place(
            text="سرمدا", start=0, end=5, name_en="Sarmada", admin1_en="Idleb", country="SYR", lat=36.18, lon=36.7
        ),
        country="SYR",
        actors=[
            ActorRole(
                role="perpetrator",
                actor_id=None,
                name_en=None,
                name_ar=None,
                actor_type=None,
                text="مسلحون",
                start=0,
                end=6,
            )
        ],
        tolls=Tolls(killed=0),
        victims=[Victim(category="civilians", civilian=True)],
        reports=[
            Report(
                document_id="x",
                source="=HYPERLINK(1)",
                published_at=None,
                url=None,
                incident_id="inc-1",
                type="killing",
                quote="قتل\nمدني",
                trigger="قتل",
                date=None,
                killed=0,
                confidence=0.5,
            )
        ],
        agreement=1.0,
    )
    return msgspec.structs.replace(base, **changes)


def test_values_without_a_source_stay_empty_and_text_cannot_run_as_a_formula() -> None:
    [row] = parse(events_acled_csv([event()]))
    assert row["actor1"] == "" and row["inter1"] == "" and row["interaction"] == ""  # unnamed doers
    assert row["actor2"] == "Civilians (Syria)" and row["inter2"] == "7"
    assert (row["event_date"], row["time_precision"]) == ("2024-03-04", "2")  # the middle of the week
    assert row["fatalities"] == "0"  # a report of none killed is a figure
    assert row["source"] == "'=HYPERLINK(1)"
    assert row["notes"].endswith("Evidence: قتل مدني")
    assert (row["latitude"], row["longitude"]) == ("36.1800", "36.7000")


def test_a_window_wider_than_a_month_is_not_coded_to_a_day() -> None:
    wide = Window(earliest=dt.date(2024, 1, 1), latest=dt.date(2024, 12, 31), precision="year")
    [row] = parse(events_acled_csv([event(date=wide, country=None, location=None)]))
    assert row["event_date"] == row["year"] == row["time_precision"] == ""
    assert row["iso"] == row["region"] == row["country"] == row["latitude"] == ""
    assert row["actor2"] == "Civilians"


def test_disorder_types_follow_acleds_rule() -> None:
    mob = event(type="riot", acled=AcledMapping(event_type="Riots", sub_event_type="Mob violence"))
    protest = event(type="protest", acled=AcledMapping(event_type="Protests", sub_event_type="Peaceful protest"))
    rows = parse(events_acled_csv([mob, protest]))
    assert [row["disorder_type"] for row in rows] == ["Political violence; Demonstrations", "Demonstrations"]


def test_every_row_of_an_extraction_stream_has_every_column(seed_extraction: Extraction) -> None:
    events = list(events_of([seed_extraction, seed_extraction]))
    rows = list(csv.reader(io.StringIO(events_acled_csv(events).decode(), newline="")))
    assert {len(row) for row in rows} == {len(ACLED_COLUMNS)}
