"""One event across many reports: incidents of different articles that tell the same event, merged.

Two incidents may tell the same event when they come from different articles and agree on
everything both state: the same kind of event (type family) and status, the same place or
one inside or near the other, dates that overlap, no contradicting actors (a doer named by
both is the same), and tolls within reach of each other (reports of a toll grow as it is
counted). An event gathers incidents that are all pairwise compatible (no chains of "A is
like B, B is like C"), at most one per article, and keeps the conservative toll (the lowest
any report gives). ``agreement`` is the mean, over pairs of reports, of how far they agree
on the fields both give. The result depends only on the set of extractions, not their order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from service.extraction.model import ActorRole, Extraction, Incident, Place

from .coding import event_id, has_coordinates, report_key, single_event
from .model import Event, Tolls, Victim, Window

# Kinds of event that different outlets may name differently; "attack" is read both ways.
FAMILIES: dict[str, frozenset[str]] = {
    "airstrike": frozenset({"air"}),
    "drone_strike": frozenset({"air"}),
    "shelling": frozenset({"shelling"}),
    "explosion": frozenset({"bombing"}),
    "suicide_bombing": frozenset({"bombing"}),
    "armed_clash": frozenset({"fighting"}),
    "territory_change": frozenset({"fighting"}),
    "attack": frozenset({"fighting", "killing"}),
    "killing": frozenset({"killing"}),
    "abduction": frozenset({"abduction"}),
    "arrest": frozenset({"arrest"}),
    "reinforcement": frozenset({"reinforcement"}),
    "recruitment": frozenset({"recruitment"}),
    "military_operation": frozenset({"operation"}),
    "agreement": frozenset({"agreement"}),
    "looting_destruction": frozenset({"looting"}),
    "protest": frozenset({"demonstration"}),
    "riot": frozenset({"demonstration"}),
}
# An undated incident an article reports as news happened within this many days before it.
RECENT_DAYS = 7
# A window wider than this cannot tell two events apart.
WIDEST_WINDOW_DAYS = 31
# Towns this close are the same spot, or near each other.
SAME_SPOT_KM = 2.0
NEARBY_KM = 20.0


@dataclass
class _Member:
    """One incident with what matching reads, precomputed."""

    order: tuple[str, str, str, str, int]
    document: str
    incident: Incident
    event: Event  # the incident coded alone
    key: str
    families: frozenset[str]
    window: tuple[dt.date, dt.date] | None
    doers: frozenset[str]
    targets: frozenset[str]
    everyone: frozenset[str]


@dataclass
class _Cluster:
    members: list[_Member] = field(default_factory=list)


def aggregate(extractions: Iterable[Extraction]) -> list[Event]:
    """The events that the extractions' incidents tell, in order of their earliest report."""
    members = sorted(_members(extractions), key=lambda member: member.order)
    clusters: list[_Cluster] = []
    by_family: dict[str, list[int]] = defaultdict(list)
    for member in members:
        chosen = _best_cluster(member, clusters, by_family)
        if chosen is None:
            chosen = len(clusters)
            clusters.append(_Cluster())
            for family in member.families:
                by_family[family].append(chosen)
        clusters[chosen].members.append(member)
    return [_event(cluster.members) for cluster in clusters]


def _members(extractions: Iterable[Extraction]) -> Iterable[_Member]:
    for extraction in extractions:
        document = f"{extraction.id or ''}\x00{extraction.meta.input_sha256}"
        for index, incident in enumerate(extraction.incidents):
            event = single_event(extraction, incident)
            ids = {
                role: frozenset(a.actor_id for a in incident.actors if a.role == role and a.actor_id)
                for role in ("perpetrator", "target")
            }
            published = extraction.published_at.isoformat() if extraction.published_at else "9999"
            yield _Member(
                order=(published, extraction.source or "", extraction.id or "", extraction.meta.input_sha256, index),
                document=document,
                incident=incident,
                event=event,
                key=report_key(extraction, incident),
                families=FAMILIES[incident.type],
                window=_match_window(event, extraction.published_at),
                doers=ids["perpetrator"],
                targets=ids["target"],
                everyone=frozenset(a.actor_id for a in incident.actors if a.actor_id),
            )


def _match_window(event: Event, published_at: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The days the incident may have happened on, for matching; None when too vague to match."""
    if event.date is not None:
        window = (event.date.earliest, event.date.latest)
    elif not event.background and published_at is not None:
        # the days before publication, as many as the calendar has (a report dated 0001-01-02)
        recent = min(RECENT_DAYS, (published_at - dt.date.min).days)
        window = (published_at - dt.timedelta(days=recent), published_at)
    else:
        return None
    return window if (window[1] - window[0]).days <= WIDEST_WINDOW_DAYS else None


def _best_cluster(member: _Member, clusters: list[_Cluster], by_family: dict[str, list[int]]) -> int | None:
    """The cluster every member of which is compatible with ``member`` and most alike it (first on ties)."""
    if member.window is None or member.event.location is None:
        return None
    best: tuple[float, int] | None = None
    candidates = sorted({index for family in member.families for index in by_family[family]})
    for index in candidates:
        others = clusters[index].members
        if any(other.document == member.document or not compatible(member, other) for other in others):
            continue
        score = sum(similarity(member, other) for other in others) / len(others)
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


def compatible(a: _Member, b: _Member) -> bool:
    """Whether the two incidents tell the same event: nothing either states contradicts the other,
    and enough agrees: at the same spot one more sign (the same day, a named actor, the toll), in
    the same area two."""
    if not (
        a.document != b.document
        and a.incident.status == b.incident.status
        and bool(a.families & b.families)
        and _overlap(a.window, b.window)
        and _actors_compatible(a, b)
        and tolls_compatible(a.event.tolls.killed, b.event.tolls.killed)
    ):
        return False
    place = place_relation(a.event.location, b.event.location)
    return place is not None and corroboration(a, b) >= (1 if place == 1.0 else 2)


def corroboration(a: _Member, b: _Member) -> int:
    """How many signs beyond the place say the two reports tell one event."""
    same_day = (
        a.event.date is not None and a.event.date == b.event.date and a.event.date.earliest == a.event.date.latest
    )
    same_actor = bool(a.doers & b.doers or a.targets & b.targets)
    if "fighting" in a.families & b.families:
        same_actor = bool(a.everyone & b.everyone)
    same_toll = a.event.tolls.killed is not None and a.event.tolls.killed == b.event.tolls.killed
    return same_day + same_actor + same_toll


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def place_relation(a: Place | None, b: Place | None) -> float | None:
    """1.0 for the same spot, 0.5 for the same area or one spot in or near the other, None otherwise.

    A spot is a named town (geo_precision 1) or a unit below the district; an area a
    governorate, district or region. A whole country is neither: it cannot tell two events apart.
    """
    if a is None or b is None or (a.country and b.country and a.country != b.country):
        return None
    kind_a, kind_b = _granularity(a), _granularity(b)
    if kind_a is None or kind_b is None:
        return None
    if kind_a == kind_b == "spot":
        if _same_unit(a, b) or (a.name_en and a.name_en == b.name_en):
            return 1.0
        distance = _distance(a, b)
        return 1.0 if distance <= SAME_SPOT_KM else 0.5 if distance <= NEARBY_KM else None
    if _same_unit(a, b) or (a.pcode and a.pcode in _ancestors(b)) or (b.pcode and b.pcode in _ancestors(a)):
        return 0.5
    return 0.5 if kind_a == kind_b == "area" and a.name_en and a.name_en == b.name_en else None


def _granularity(place: Place) -> str | None:
    if place.geo_precision == 1 or (place.admin_level or 0) >= 3:
        return "spot"
    if place.admin_level == 0:
        return None
    return "area"


def _same_unit(a: Place, b: Place) -> bool:
    """The same administrative unit (a country's code names the whole country, not the place)."""
    return bool(a.pcode) and a.pcode == b.pcode and (a.admin_level or 0) > 0


def _ancestors(place: Place) -> set[str]:
    return {code for code in (place.admin1_pcode, place.admin2_pcode, place.admin3_pcode) if code}


def _distance(a: Place, b: Place) -> float:
    if not (has_coordinates(a.lat, a.lon) and has_coordinates(b.lat, b.lon)):
        return math.inf
    return distance_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _actors_compatible(a: _Member, b: _Member) -> bool:
    """A side named by both reports is the same; in fighting, who is doer and who target may swap."""
    if "fighting" in a.families & b.families:
        return not (a.everyone and b.everyone) or bool(a.everyone & b.everyone)
    return all(not (x and y) or bool(x & y) for x, y in ((a.doers, b.doers), (a.targets, b.targets)))


def tolls_compatible(a: int | None, b: int | None) -> bool:
    """Tolls within reach: the higher at most the lower plus the larger of 3 and the lower."""
    if a is None or b is None:
        return True
    low, high = sorted((a, b))
    return high - low <= max(3, low)


def similarity(a: _Member, b: _Member) -> float:
    """The share of the fields both reports give on which they agree (partial agreement counts in part)."""
    scores = [1.0 if a.incident.type == b.incident.type else 0.5, place_relation(a.event.location, b.event.location)]
    if a.event.date is not None and b.event.date is not None:
        scores.append(_window_agreement(a.event.date, b.event.date))
    for x, y in ((a.doers, b.doers), (a.targets, b.targets)):
        if x and y:
            scores.append(len(x & y) / len(x | y))
    killed_a, killed_b = a.event.tolls.killed, b.event.tolls.killed
    if killed_a is not None and killed_b is not None:
        scores.append(1.0 if killed_a == killed_b else min(killed_a, killed_b) / max(killed_a, killed_b))
    present = [score for score in scores if score is not None]
    return sum(present) / len(present)


def _window_agreement(a: Window, b: Window) -> float:
    """Days both windows hold over days either holds."""
    common = (min(a.latest, b.latest) - max(a.earliest, b.earliest)).days + 1
    either = (max(a.latest, b.latest) - min(a.earliest, b.earliest)).days + 1
    return max(0, common) / either


def _event(members: list[_Member]) -> Event:
    if len(members) == 1:
        return members[0].event
    events = [member.event for member in members]
    kind = _majority_type(events)
    typed = next(event for event in events if event.type == kind)
    location = _most_specific([event.location for event in events if event.location is not None])
    country = (
        location.country if location and location.country else next((e.country for e in events if e.country), None)
    )
    pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    return Event(
        id=event_id(country, [member.key for member in members]),
        type=kind,
        acled=typed.acled,
        status=typed.status,
        background=all(event.background for event in events),
        date=_common_window([event.date for event in events if event.date is not None]),
        location=location,
        country=country,
        actors=_union_actors(events),
        tolls=_conservative_tolls([event.tolls for event in events]),
        victims=_union_victims(events),
        reports=[report for event in events for report in event.reports],
        agreement=round(sum(similarity(a, b) for a, b in pairs) / len(pairs), 3),
    )


def _majority_type(events: list[Event]) -> str:
    counts = Counter(event.type for event in events)
    top = max(counts.values())
    return next(event.type for event in events if counts[event.type] == top)


def _most_specific(locations: list[Place]) -> Place | None:
    """The location with the deepest administrative level, then the finest precision; the first on ties."""
    if not locations:
        return None
    return max(locations, key=lambda place: (place.admin_level or 0, -(place.geo_precision or 9)))


def _common_window(windows: list[Window]) -> Window | None:
    """The days every dated report allows, with the precision of the report that fixes them."""
    if not windows:
        return None
    earliest, latest = max(w.earliest for w in windows), min(w.latest for w in windows)
    if latest < earliest:  # cannot happen for pairwise overlapping windows; kept as a guard
        return None
    exact = next((w for w in windows if (w.earliest, w.latest) == (earliest, latest)), None)
    precision = exact.precision if exact else _precision_of((latest - earliest).days)
    return Window(earliest=earliest, latest=latest, precision=precision)


def _precision_of(days: int) -> str:
    return "day" if days == 0 else "week" if days <= 7 else "month" if days <= 31 else "unknown"


def _union_actors(events: list[Event]) -> list[ActorRole]:
    seen: dict[tuple[str, str], ActorRole] = {}
    for event in events:
        for actor in event.actors:
            seen.setdefault((actor.role, actor.actor_id or actor.text), actor)
    return list(seen.values())


def _conservative_tolls(tolls: list[Tolls]) -> Tolls:
    def lowest(name: str) -> int | None:
        values = [getattr(toll, name) for toll in tolls if getattr(toll, name) is not None]
        return min(values) if values else None

    return Tolls(
        killed=lowest("killed"), injured=lowest("injured"), abducted=lowest("abducted"), arrested=lowest("arrested")
    )


def _union_victims(events: list[Event]) -> list[Victim]:
    seen: dict[str, Victim] = {}
    for event in events:
        for victim in event.victims:
            seen.setdefault(victim.category, victim)
    return list(seen.values())
