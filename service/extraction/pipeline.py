"""The stages in order: normalize, find mentions, find events, link arguments, assemble.

Each finder returns its own mention type; here they become ``Located`` values (normalized
offsets plus the contract object) for the incident stage, and ``Entity`` values for the
response. The title is analysed as context only: its offsets are not returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from . import actors, arguments, dates, events, places, quantities, sources, victims
from .actors import find_actors, find_adjective_actors
from .arguments import Located
from .dates import find_dates
from .events import find_cues, find_triggers
from .incidents import Mentions, assemble
from .knowledge import Knowledge
from .matcher import MatcherSet
from .model import Document, Entity, Incident
from .places import find_places
from .quantities import find_quantities
from .sources import find_sources
from .spans import SpanIndex
from .text import NormalizedText, normalize
from .victims import find_victims


def analyse(document: Document, knowledge: Knowledge) -> tuple[list[Incident], list[Entity]]:
    text = normalize(document.text)
    title = normalize(document.title) if document.title else None
    scan_lexicons(text, title)
    mentions = find_mentions(text, document, title)
    blocked = [(m.start, m.end) for m in (*mentions.actors, *mentions.places, *mentions.sources)]
    triggers = find_triggers(text, blocked)
    by_adjective = find_adjective_actors(text, [(t.start, t.end) for t in triggers], [a.value for a in mentions.actors])
    if by_adjective:
        mentions.actors = sorted([*mentions.actors, *_located(by_adjective)], key=lambda m: m.start)
    incidents = assemble(text, triggers, find_cues(text), mentions, document.published_at)
    return incidents, entities(mentions)


@cache
def lexicons() -> MatcherSet:
    """Every finder's lexicons in one automaton: the article is scanned once for all of them."""
    modules = (places, actors, dates, quantities, victims, sources, events, arguments)
    return MatcherSet([matcher for module in modules for matcher in module.matchers()])


def scan_lexicons(*texts: NormalizedText | None) -> None:
    """Find every lexicon's keys in each text in one pass; the finders then read their matches."""
    for text in texts:
        if text is not None:
            lexicons().scan(text)


def find_mentions(text: NormalizedText, document: Document, title: NormalizedText | None) -> Mentions:
    places = find_places(text, title=title)
    actors = find_actors(text, places)
    names = SpanIndex((a.start, a.end) for a in actors)  # "القدس" in "لواء القدس" is no city
    return Mentions(
        places=_located(p for p in places if not names.contains(p.start, p.end, longer=True)),
        actors=_located(actors),
        dates=_located(find_dates(text, document.published_at)),
        quantities=_located(find_quantities(text)),
        victims=_located(find_victims(text, actors)),
        sources=_located(find_sources(text)),
    )


def _located(mentions: Iterable[Any]) -> list[Located]:
    return [Located(m.norm_start, m.norm_end, m) for m in mentions]


def entities(mentions: Mentions) -> list[Entity]:
    """Every mention, in text order."""
    groups = (mentions.places, mentions.actors, mentions.dates, mentions.quantities, mentions.victims, mentions.sources)
    found = [m.value.to_entity() for group in groups for m in group]
    return sorted(found, key=lambda e: (e.start, e.end, type(e).__name__))
