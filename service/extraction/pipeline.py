"""The stages in order: normalize, scan the lexicons, find mentions, find events, assemble.

Every finder returns ``Mention`` values (``mention.py``); the incident stage reads them, and
``entities`` turns them into the response's ``Entity`` values. The title is analysed as
context only: its offsets are not returned.
"""

from __future__ import annotations

import msgspec

from . import actors, dates, places, quantities, sources, victims
from .actors import find_actors, find_adjective_actors
from .clauses import clauses
from .dates import find_dates
from .events import find_cues, find_triggers
from .incidents import IncidentContext, Mentions, assemble
from .knowledge import Knowledge
from .model import Document, Entity, Incident
from .places import find_places
from .quantities import find_quantities
from .sources import find_sources
from .spans import SpanIndex
from .text import NormalizedText
from .victims import find_victims


def analyse(document: Document, knowledge: Knowledge) -> tuple[list[Incident], list[Entity]]:
    text = normalize(knowledge, document.text)
    title = normalize(knowledge, document.title) if document.title else None
    scan_lexicons(knowledge, text, title)
    mentions = find_mentions(text, knowledge, document, title)
    blocked = [(m.start, m.end) for m in (*mentions.actors, *mentions.places, *mentions.sources)]
    triggers = find_triggers(text, knowledge.events, blocked)
    event_nouns = [(t.start, t.end) for t in triggers]
    by_adjective = find_adjective_actors(text, knowledge.actors, event_nouns, mentions.actors)
    if by_adjective:
        mentions.actors = sorted([*mentions.actors, *by_adjective], key=lambda m: m.start)
    context = IncidentContext(knowledge.acled, knowledge.roles, document.published_at)
    clause_spans = clauses(text, knowledge.clauses)
    incidents = assemble(text, clause_spans, triggers, find_cues(text, knowledge.events), mentions, context)
    return place_unplaced(incidents, mentions.places), entities(mentions)


def place_unplaced(incidents: list[Incident], found_places: list[places.PlaceMention]) -> list[Incident]:
    """An incident its text gives no country (no place, or none with a country) happened in the
    article's main country: the one its places lie in most often."""
    if all(incident.country for incident in incidents):
        return incidents
    country = places.main_country(found_places)
    if country is None:
        return incidents
    return [i if i.country else msgspec.structs.replace(i, country=country) for i in incidents]


def normalize(knowledge: Knowledge, raw: str) -> NormalizedText:
    return knowledge.normalizer(raw)


def scan_lexicons(knowledge: Knowledge, *texts: NormalizedText | None) -> None:
    """Find every lexicon's keys in each text in one pass; the finders then read their matches."""
    for text in texts:
        if text is not None:
            knowledge.scan.scan(text)


def find_mentions(
    text: NormalizedText, knowledge: Knowledge, document: Document, title: NormalizedText | None
) -> Mentions:
    found_places = find_places(text, knowledge.places, title=title)
    found_actors = find_actors(text, knowledge.actors, found_places)
    names = SpanIndex((a.start, a.end) for a in found_actors)  # "القدس" in "لواء القدس" is no city
    return Mentions(
        places=[p for p in found_places if not names.contains(p.start, p.end, longer=True)],
        actors=found_actors,
        dates=find_dates(text, knowledge.dates, document.published_at),
        quantities=find_quantities(text, knowledge.numbers),
        victims=find_victims(text, knowledge.victims, found_actors),
        sources=find_sources(text, knowledge.sources),
    )


def entities(mentions: Mentions) -> list[Entity]:
    """Every mention, in text order."""
    found: list[Entity] = [
        *map(places.to_entity, mentions.places),
        *map(actors.to_entity, mentions.actors),
        *map(dates.to_entity, mentions.dates),
        *map(quantities.to_entity, mentions.quantities),
        *map(victims.to_entity, mentions.victims),
        *map(sources.to_entity, mentions.sources),
    ]
    return sorted(found, key=lambda e: (e.start, e.end, type(e).__name__))
