"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located incident or event.

An incident's feature carries the incident's fields as properties, plus its article's
``document_id``, ``source``, ``published_at`` and ``url``; an event's carries the event's
fields. The point is the most specific place that has coordinates ([longitude, latitude],
WGS 84, at most six decimals as RFC 7946 advises); what has none is left off the map.
Each feature's ``id`` is the event id the ACLED CSV gives the same row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

from service.extraction.model import Extraction

from .coding import event_id, has_coordinates, main_place, report_key
from .model import Event

MEDIA_TYPE = "application/geo+json"
OPEN = b'{"type":"FeatureCollection","features":['
CLOSE = b"]}"

_encoder = msgspec.json.Encoder()


def collection(features: Iterable[bytes]) -> bytes:
    return OPEN + b",".join(features) + CLOSE


def extraction_features(extraction: Extraction) -> Iterator[bytes]:
    """One encoded Feature per incident of ``extraction`` that has a place with coordinates."""
    article = {
        "document_id": extraction.id,
        "source": extraction.source,
        "published_at": extraction.published_at,
        "url": extraction.url,
    }
    for incident in extraction.incidents:
        place = main_place(incident)
        if place is None or not has_coordinates(place.lat, place.lon):
            continue
        properties = {**article, **msgspec.structs.asdict(incident)}
        feature_id = event_id(incident.country, [report_key(extraction, incident)])
        yield _feature(feature_id, place.lon, place.lat, properties)  # type: ignore[arg-type]


def event_features(event: Event) -> Iterator[bytes]:
    location = event.location
    if location is not None and has_coordinates(location.lat, location.lon):
        yield _feature(event.id, location.lon, location.lat, msgspec.structs.asdict(event))  # type: ignore[arg-type]


def extractions_geojson(extractions: Iterable[Extraction]) -> bytes:
    return collection(feature for extraction in extractions for feature in extraction_features(extraction))


def events_geojson(events: Iterable[Event]) -> bytes:
    return collection(feature for event in events for feature in event_features(event))


def _feature(feature_id: str, lon: float, lat: float, properties: dict[str, Any]) -> bytes:
    geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    return _encoder.encode({"type": "Feature", "id": feature_id, "geometry": geometry, "properties": properties})
