"""ACLED CSV: one row per event, ACLED's columns in ACLED's order and spelling.

Each value comes from the event's fields; a column with no value stays empty (``fatalities``
too: an article that gives no toll is not a report of zero dead). ``tags`` holds what ACLED
has no column for: ``planned``, ``threatened`` or ``denied`` for events that did not (yet)
happen as reported, and ``background`` for events an article recalls rather than reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

from service.extraction.model import ActorRole, Place

from .model import Event, Window
from .tables import Country, acled_actor_names, country

COLUMNS = (
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
)

MEDIA_TYPE = "text/csv; header=present"  # the framework adds "; charset=utf-8"

# ACLED's inter codes by the contract's actor types.
INTER_CODES = {
    "state_forces": 1,
    "rebel_group": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external_forces": 8,
}
CIVILIANS = 7

# ACLED's disorder type of each event type; the sub-event types that belong to two.
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_TWO_DISORDERS = {"Mob violence", "Excessive force against protesters"}
# Where ACLED names civilian victims as actor 2 ("Civilians (Syria)") when no target is named.
_VIOLENCE = {"Violence against civilians", "Explosions/Remote violence"}

TYPE_LABELS = {
    "airstrike": "Air strike",
    "drone_strike": "Drone strike",
    "shelling": "Shelling",
    "explosion": "Explosion",
    "suicide_bombing": "Suicide bombing",
    "armed_clash": "Armed clash",
    "territory_change": "Change of territorial control",
    "attack": "Attack",
    "killing": "Killing",
    "abduction": "Abduction",
    "arrest": "Arrests",
    "reinforcement": "Reinforcements",
    "recruitment": "Recruitment",
    "military_operation": "Military operation",
    "agreement": "Agreement",
    "looting_destruction": "Looting or destruction of property",
    "protest": "Protest",
    "riot": "Riot",
}
_BETWEEN_TYPES = {"armed_clash", "agreement"}
_STATUS_NOTES = {
    "planned": "Planned; not reported as carried out.",
    "threatened": "Threatened; not reported as carried out.",
    "denied": "Reported and denied.",
}
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SPACES = re.compile(r"\s+")


def acled_csv(events: Iterable[Event]) -> bytes:
    """The header and one row per event, CRLF line ends (RFC 4180), UTF-8."""
    return header() + rows(events)


def header() -> bytes:
    return _encode([list(COLUMNS)])


def rows(events: Iterable[Event]) -> bytes:
    return _encode(row(event) for event in events)


def _encode(lines: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8")


def row(event: Event) -> list[str]:
    """The event's values in COLUMNS order, as text ("" for none)."""
    place_country = country(event.country)
    side1, assoc1, side2, assoc2 = _sides(event)
    inter1, inter2 = _inter(side1), _inter(side2)
    actor2 = _actor_name(side2, place_country) if side2 else ""
    if side2 is None and _civilian_victims(event) and event.acled.event_type in _VIOLENCE:
        actor2, inter2 = _name_for_type("civilians", place_country), str(CIVILIANS)
    event_date, precision = _acled_date(event.date)
    location = event.location
    values = {
        "event_id_cnty": event.id,
        "event_date": event_date.isoformat() if event_date else "",
        "year": str(event_date.year) if event_date else "",
        "time_precision": precision,
        "disorder_type": disorder_type(event.acled.event_type, event.acled.sub_event_type),
        "event_type": event.acled.event_type,
        "sub_event_type": event.acled.sub_event_type,
        "actor1": _actor_name(side1, place_country) if side1 else "",
        "assoc_actor_1": "; ".join(filter(None, (_actor_name(actor, place_country) for actor in assoc1))),
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "; ".join(filter(None, (_actor_name(actor, place_country) for actor in assoc2))),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if _targets_civilians(event, inter2) else "",
        "iso": place_country.numeric if place_country else "",
        "region": place_country.region if place_country else "",
        "country": place_country.name if place_country else "",
        "admin1": (location and location.admin1_en) or "",
        "admin2": (location and location.admin2_en) or "",
        "admin3": (location and location.admin3_en) or "",
        "location": (location and location.name_en) or "",
        "latitude": _coordinate(location.lat) if location else "",
        "longitude": _coordinate(location.lon) if location else "",
        "geo_precision": str(location.geo_precision) if location and location.geo_precision is not None else "",
        "source": "; ".join(sources(event)),
        "source_scale": "",
        "notes": notes(event, place_country),
        "fatalities": str(event.tolls.killed) if event.tolls.killed is not None else "",
        "tags": "; ".join(tags(event)),
        "timestamp": "",
    }
    return [_safe_cell(values[column]) for column in COLUMNS]


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type in _TWO_DISORDERS:
        return "Political violence; Demonstrations"
    return _DISORDER.get(event_type, "")


def interaction(inter1: str, inter2: str) -> str:
    """ACLED's interaction code: the two inter codes, lower first; ``X0`` for an actor acting alone."""
    if not inter1:
        return ""
    if not inter2:
        return f"{inter1}0"
    low, high = sorted((int(inter1), int(inter2)))
    return f"{low}{high}"


def _sides(event: Event) -> tuple[ActorRole | None, list[ActorRole], ActorRole | None, list[ActorRole]]:
    """Actor 1 and its associates (the doers), actor 2 and its associates (their targets)."""
    by_role: dict[str, list[ActorRole]] = {"perpetrator": [], "target": [], "participant": []}
    for actor in _distinct(event.actors):
        by_role[actor.role].append(actor)
    doers, targets, participants = by_role["perpetrator"], by_role["target"], by_role["participant"]
    if doers:
        first, second = doers + participants, targets
    else:  # sides named only as participants (a clash, an agreement): the first two face each other
        first, second = participants[:1], targets or participants[1:]
    return (first[0] if first else None), first[1:], (second[0] if second else None), second[1:]


def _distinct(actors: list[ActorRole]) -> list[ActorRole]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for actor in actors:
        key = (actor.role, actor.actor_id or actor.text)
        if key not in seen:
            seen.add(key)
            kept.append(actor)
    return kept


def _inter(actor: ActorRole | None) -> str:
    code = INTER_CODES.get(actor.actor_type) if actor and actor.actor_type else None
    return str(code) if code else ""


def _actor_name(actor: ActorRole, place_country: Country | None) -> str:
    """ACLED's name for the actor when known, else the catalogue's English name, else nothing."""
    acled_name = acled_actor_names().get(actor.actor_id or f"@{actor.actor_type}")
    if acled_name:
        return _with_country(acled_name, place_country)
    return actor.name_en or ""


def _name_for_type(actor_type: str, place_country: Country | None) -> str:
    return _with_country(acled_actor_names()[f"@{actor_type}"], place_country)


def _with_country(name: str, place_country: Country | None) -> str:
    if place_country is None:
        return name.replace(" ({country})", "").replace("{country}", "")
    return name.replace("{country}", place_country.name)


def _civilian_victims(event: Event) -> bool:
    return any(victim.civilian for victim in event.victims)


def _targets_civilians(event: Event, inter2: str) -> bool:
    """ACLED's civilian targeting: violence against civilians, or remote violence aimed at them."""
    if event.acled.event_type == "Violence against civilians":
        return True
    return event.acled.event_type == "Explosions/Remote violence" and inter2 == str(CIVILIANS)


def _acled_date(window: Window | None) -> tuple[dt.date | None, str]:
    """ACLED's event date and time precision: the day (1), the middle of a week (2) or of a month (3).

    A window wider than a month gives neither: ACLED would not code the event to a date.
    """
    if window is None:
        return None, ""
    days = (window.latest - window.earliest).days
    precision = "1" if days == 0 else "2" if days <= 7 else "3" if days <= 31 else ""
    if not precision:
        return None, ""
    return window.earliest + dt.timedelta(days=days // 2), precision


def _coordinate(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def sources(event: Event) -> list[str]:
    """The outlets that report the event, each once, in report order."""
    return list(dict.fromkeys(report.source for report in event.reports if report.source))


def tags(event: Event) -> list[str]:
    found = [event.status] if event.status != "occurred" else []
    return [*found, "background"] if event.background else found


def notes(event: Event, place_country: Country | None) -> str:
    """A short English sentence generated from the fields, then each report's Arabic evidence."""
    quotes = [_one_line(report.quote) for report in event.reports]
    if len(event.reports) > 1:
        quotes = [
            f"{report.source or report.document_id or 'report'}: {quote}"
            for report, quote in zip(event.reports, quotes, strict=True)
        ]
    return f"{summary(event, place_country)} Evidence: {' | '.join(quotes)}"


def summary(event: Event, place_country: Country | None) -> str:
    side1, assoc1, side2, assoc2 = _sides(event)
    first = _names([side1, *assoc1] if side1 else [], place_country)
    second = _names([side2, *assoc2] if side2 else [], place_country)
    sentence = TYPE_LABELS[event.type]
    if event.type in _BETWEEN_TYPES and first and second:
        sentence += f" between {first} and {second}"
    else:
        sentence += (f" by {first}" if first else "") + (f" against {second}" if second else "")
    where = _place_phrase(event.location, place_country)
    sentence += f" in {where}" if where else ""
    sentence += _when_phrase(event.date) + "."
    parts = [sentence]
    tolls = [
        f"{value} {label}"
        for label, value in (
            ("killed", event.tolls.killed),
            ("injured", event.tolls.injured),
            ("abducted", event.tolls.abducted),
            ("arrested", event.tolls.arrested),
        )
        if value is not None
    ]
    if tolls:
        parts.append(", ".join(tolls).capitalize() + ".")
    if event.status in _STATUS_NOTES:
        parts.append(_STATUS_NOTES[event.status])
    if event.background:
        parts.append("Recalled as background.")
    if len(event.reports) > 1:
        parts.append(f"{len(event.reports)} reports, agreement {event.agreement:.2f}.")
    return " ".join(parts)


def _names(actors: list[ActorRole], place_country: Country | None) -> str:
    names = list(dict.fromkeys(filter(None, (_actor_name(actor, place_country) for actor in actors))))
    return " and ".join(names)


def _place_phrase(location: Place | None, place_country: Country | None) -> str:
    names = [location.name_en] if location and location.name_en else []
    if location and location.admin1_en and location.admin1_en not in names:
        names.append(location.admin1_en)
    if place_country:
        names.append(place_country.name)
    return ", ".join(dict.fromkeys(names))


def _when_phrase(window: Window | None) -> str:
    if window is None:
        return ""
    if window.earliest == window.latest:
        return f" on {window.earliest.isoformat()}"
    return f" between {window.earliest.isoformat()} and {window.latest.isoformat()}"


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _safe_cell(value: str) -> str:
    """A text cell a spreadsheet will show, not run: a leading formula character gets a quote."""
    if value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
