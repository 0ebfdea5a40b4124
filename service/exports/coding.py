"""From an article's incident to an ``Event`` of one report: the coding every export shares.

Nothing is guessed here: a value the incident lacks stays null, and each export leaves the
matching column or property empty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import msgspec

from service.extraction.model import Count, DateRef, Extraction, Incident, Place

from .model import Event, Report, Tolls, Victim, Window

UNKNOWN_COUNTRY = "XXX"  # ISO 3166 reserves X.. codes for users: no country's code

_extraction_decoder = msgspec.json.Decoder(Extraction)


def decode_extraction(body: bytes) -> Extraction:
    """An Extraction from its JSON (as the service answers it); ``msgspec.DecodeError`` (or its
    subclass ``ValidationError``) for anything else."""
    return _extraction_decoder.decode(body)


def report_key(extraction: Extraction, incident: Incident) -> str:
    """What tells a report apart from every other: its article (id and content) and its incident."""
    return f"{extraction.id or ''}\x00{extraction.meta.input_sha256}\x00{incident.id}"


def event_id(country: str | None, keys: Iterable[str]) -> str:
    """ACLED-style ``event_id_cnty``: the country code and a number fixed by the reports' keys."""
    digest = hashlib.sha256("\x01".join(sorted(keys)).encode()).hexdigest()
    return f"{country or UNKNOWN_COUNTRY}{int(digest[:12], 16)}"


def window_of(date: DateRef | None) -> Window | None:
    if date is None or date.earliest is None or date.latest is None or date.latest < date.earliest:
        return None
    return Window(earliest=date.earliest, latest=date.latest, precision=date.precision)


def main_place(incident: Incident) -> Place | None:
    """Where the incident happened: its first place (the extractor lists the most specific first) in the
    incident's country, preferring one with coordinates; a place elsewhere (a country an actor comes
    from) only when none is in that country."""
    places = incident.locations
    if incident.country:
        places = [place for place in places if place.country == incident.country] or places
    located = [place for place in places if has_coordinates(place.lat, place.lon)]
    return (located or places or [None])[0]


def has_coordinates(lat: float | None, lon: float | None) -> bool:
    """Coordinates a map can show: both present, finite and within the globe's ranges."""
    return lat is not None and lon is not None and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def conservative(count: Count | None) -> int | None:
    """The lowest figure a count allows (ACLED codes the most conservative report)."""
    if count is None:
        return None
    return count.min if count.min is not None else count.max


def tolls_of(incident: Incident) -> Tolls:
    casualties = incident.casualties
    return Tolls(
        killed=conservative(casualties.killed),
        injured=conservative(casualties.injured),
        abducted=conservative(casualties.abducted),
        arrested=conservative(casualties.arrested),
    )


def report_of(extraction: Extraction, incident: Incident) -> Report:
    return Report(
        document_id=extraction.id,
        source=extraction.source,
        published_at=extraction.published_at,
        url=extraction.url,
        incident_id=incident.id,
        type=incident.type,
        quote=incident.evidence.text,
        trigger=incident.trigger.text,
        date=window_of(incident.date),
        killed=conservative(incident.casualties.killed),
        confidence=incident.confidence,
    )


def victims_of(incident: Incident) -> list[Victim]:
    seen: dict[str, Victim] = {}
    for group in incident.victims:
        seen.setdefault(group.category, Victim(category=group.category, civilian=group.civilian))
    return list(seen.values())


def single_event(extraction: Extraction, incident: Incident) -> Event:
    """The incident as an Event told by its one article."""
    place = main_place(incident)
    return Event(
        id=event_id(incident.country, [report_key(extraction, incident)]),
        type=incident.type,
        acled=incident.acled,
        status=incident.status,
        background=incident.background,
        date=window_of(incident.date),
        location=place,
        country=incident.country,
        actors=list(incident.actors),
        tolls=tolls_of(incident),
        victims=victims_of(incident),
        reports=[report_of(extraction, incident)],
        agreement=1.0,
    )


def events_of(extractions: Iterable[Extraction]) -> Iterator[Event]:
    """Every incident of every extraction as an Event of one report, in order."""
    for extraction in extractions:
        for incident in extraction.incidents:
            yield single_event(extraction, incident)
