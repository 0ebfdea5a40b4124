"""Answers in each format for HTTP: from the JSON the cache keeps to the bytes and media type sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from . import acled, geojson
from .coding import decode_extraction, events_of
from .formats import JSON_MEDIA_TYPE, Format
from .model import AggregateResult, Event

MEDIA_TYPES = {Format.JSON: JSON_MEDIA_TYPE, Format.ACLED_CSV: acled.MEDIA_TYPE, Format.GEOJSON: geojson.MEDIA_TYPE}

_encoder = msgspec.json.Encoder()


def media_type(fmt: Format) -> str:
    return MEDIA_TYPES[fmt]


def extractions_as(fmt: Format, bodies: Sequence[bytes]) -> bytes:
    """The Extractions (their JSON, as cached) as ACLED CSV or GeoJSON."""
    extractions = [decode_extraction(body) for body in bodies]
    if fmt is Format.ACLED_CSV:
        return acled.acled_csv(events_of(extractions))
    if fmt is Format.GEOJSON:
        return geojson.extractions_geojson(extractions)
    raise ValueError(f"JSON answers are the cached bodies themselves, not rendered ({fmt})")


def events_as(fmt: Format, events: Iterable[Event]) -> bytes:
    if fmt is Format.ACLED_CSV:
        return acled.acled_csv(events)
    if fmt is Format.GEOJSON:
        return geojson.events_geojson(events)
    return _encoder.encode(AggregateResult(events=list(events)))
