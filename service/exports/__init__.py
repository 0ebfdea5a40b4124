"""What analysts take away: ACLED CSV, GeoJSON and cross-article events, as pure functions.

Every function here reads ``Extraction`` structs (or their JSON) and returns bytes or
``Event`` structs; nothing reads a clock, a file beyond the two data tables, or the network,
so the same extractions always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.extraction.model import Extraction

from . import acled, geojson
from .aggregate import aggregate
from .coding import decode_extraction, events_of
from .formats import Format, negotiate
from .model import AggregateResult, Event

__all__ = [
    "AggregateResult",
    "Event",
    "Format",
    "acled_csv",
    "aggregate",
    "decode_extraction",
    "events_acled_csv",
    "events_geojson",
    "extractions_geojson",
    "negotiate",
]


def acled_csv(extractions: Iterable[Extraction]) -> bytes:
    """One row per incident of every extraction."""
    return acled.acled_csv(events_of(extractions))


def events_acled_csv(events: Iterable[Event]) -> bytes:
    return acled.acled_csv(events)


extractions_geojson = geojson.extractions_geojson
events_geojson = geojson.events_geojson
