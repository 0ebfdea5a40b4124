"""GeoJSON: a valid RFC 7946 FeatureCollection, one Point per located incident or event."""

from __future__ import annotations

import json

import geojson as geojson_lib
import msgspec

from service.exports import acled_csv, aggregate, events_geojson, extractions_geojson
from service.exports.coding import main_place
from service.extraction import Extraction


def assert_rfc7946(data: bytes) -> dict:
    """Valid per the geojson library's checks, and what RFC 7946 adds: no crs, [lon, lat] in range."""
    parsed = geojson_lib.loads(data.decode())
    assert parsed.is_valid, parsed.errors()
    document = json.loads(data)
    assert document["type"] == "FeatureCollection" and "crs" not in document
    for feature in document["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["id"], str)
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(len(str(value).split(".")[-1]) <= 6 for value in (lon, lat))
    return document


def test_one_point_per_located_incident_with_its_fields(seed_extraction: Extraction) -> None:
    document = assert_rfc7946(extractions_geojson([seed_extraction]))
    located = [incident for incident in seed_extraction.incidents if main_place(incident) is not None]
    assert len(document["features"]) == len(located) > 0
    for feature, incident in zip(document["features"], located, strict=True):
        properties = feature["properties"]
        assert properties["id"] == incident.id and properties["type"] == incident.type
        assert properties["evidence"]["text"] == incident.evidence.text
        assert (properties["document_id"], properties["source"], properties["published_at"]) == (
            "seed",
            "SY24",
            "2021-11-10",
        )
        place = main_place(incident)
        assert feature["geometry"]["coordinates"] == [round(place.lon, 6), round(place.lat, 6)]


def test_feature_ids_are_the_acled_event_ids(seed_extraction: Extraction) -> None:
    features = json.loads(extractions_geojson([seed_extraction]))["features"]
    rows = acled_csv([seed_extraction]).decode().splitlines()[1:]
    assert {feature["id"] for feature in features} <= {row.split(",")[0] for row in rows}


def test_places_without_usable_coordinates_are_left_off_the_map(seed_extraction: Extraction) -> None:
    incidents = [
        msgspec.structs.replace(
            incident,
            locations=[msgspec.structs.replace(place, lat=None if i % 2 else 91.0) for place in incident.locations],
        )
        for i, incident in enumerate(seed_extraction.incidents)
    ]
    broken = msgspec.structs.replace(seed_extraction, incidents=incidents)
    document = assert_rfc7946(extractions_geojson([broken]))
    assert document["features"] == []


def test_events_as_geojson(reports: dict[str, Extraction]) -> None:
    events = aggregate(reports.values())
    document = assert_rfc7946(events_geojson(events))
    merged = next(feature for feature in document["features"] if len(feature["properties"]["reports"]) == 2)
    assert {report["source"] for report in merged["properties"]["reports"]} == {"Outlet A", "Outlet B"}
