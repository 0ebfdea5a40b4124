"""The cross-article contract: an ``Event`` is one real-world event and every report of it.

Incidents belong to one article and point into its text; an Event gathers the incidents of
several articles that tell the same event: each ``Report`` carries its article's identity and
the quote itself, and the event's place and actors keep the contract's shapes (``Place``,
``ActorRole``), their text and offsets those of the report they come from. One incident
exported alone is an Event with one report, so the ACLED CSV and GeoJSON of extractions and of
aggregates share one coding.
"""

from __future__ import annotations

import datetime as dt

from service.extraction.model import AcledMapping, ActorRole, IncidentType, Place, Precision, Status, Struct


class Window(Struct):
    """When the event happened: the days it may have fallen on."""

    earliest: dt.date
    latest: dt.date
    precision: Precision


class Victim(Struct):
    category: str
    civilian: bool


class Tolls(Struct):
    """The conservative figures: the lowest that any report gives (null when none gives one)."""

    killed: int | None = None
    injured: int | None = None
    abducted: int | None = None
    arrested: int | None = None


class Report(Struct):
    """One article's incident that tells the event."""

    document_id: str | None
    source: str | None
    published_at: dt.date | None
    url: str | None
    incident_id: str
    type: IncidentType
    quote: str  # the incident's evidence sentence, in the article's words
    trigger: str
    date: Window | None
    killed: int | None
    confidence: float


class Event(Struct):
    id: str  # ACLED-style event_id_cnty: the country's alpha-3 (XXX when unknown) and a number from the reports
    type: IncidentType
    acled: AcledMapping
    status: Status
    background: bool  # every report recalls it as background
    date: Window | None
    location: Place | None  # the most specific place any report gives
    country: str | None
    actors: list[ActorRole]  # every actor any report names, once per role
    tolls: Tolls
    victims: list[Victim]
    reports: list[Report]
    agreement: float  # 0..1: how far the reports agree on the fields they share (1.0 for one report)


class AggregateResult(Struct):
    events: list[Event]
