"""The stages in order, from the caller's text to incidents:

1. normalize            text.py         folded text with a map back to the original
2. scan the lexicons    matcher.py      one automaton pass for every lexicon of the pack
3. find mentions        places, actors, dates, quantities, victims, sources (``Mention`` values)
4. detect events        events.py, detection.py   a typed event mention per trigger word
5. observe              arguments.py, status.py   what each mention's clause says
6. type in context      typing_in_context.py      learned: which type the mention names
7. eventiveness         eventiveness.py           learned: does the mention report an event?
8. coreference          coreference.py            learned: which mentions tell one incident
9. assemble             assembly.py               one Incident per chain, arguments completed

Stages 1-5 are ``observe``: the training script (``scripts/train_models.py``) reads the same
observations the learned stages decide on. The title is analysed as context only: its offsets
are not returned.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from . import actors, dates, places, quantities, sources, victims
from .acled import AcledType
from .actors import ActorMention, find_actors, find_adjective_actors
from .arguments import clause_arguments, specific_first
from .assembly import complete, drafts, share_clauses, to_incident
from .clauses import clauses
from .coreference import chains, supporting
from .dates import OffsetMention, dated_by_another, find_dates, find_offsets, publication_day
from .detection import EventMention, detect, gatherings_of_fighters, is_definite, names_the_hit, weapons_handled
from .eventiveness import eventive_mentions, score_sentences
from .events import find_cues, find_triggers
from .features import Article, Observed, is_short_text, name_tokens
from .knowledge import Knowledge, Models
from .mention import Mentions, within
from .model import Document, Entity, Incident
from .places import PlaceMention, find_places, main_country
from .quantities import find_quantities
from .sources import SourceMention, find_sources, speaks
from .spans import SpanIndex
from .status import is_anaphoric, is_background, status_of
from .text import NormalizedText, word_before_ends
from .typing_in_context import retype
from .victims import VictimMention, find_victims

_HEADLINE_WORDS = 20


@dataclass(frozen=True, slots=True)
class Observation:
    """An article up to the learned decisions: its text, mentions and observed event mentions."""

    text: NormalizedText
    mentions: Mentions  # what locates, dates and counts the events (landmarks aside)
    article: Article
    published: dt.date | None
    landmarks: list[PlaceMention]  # places named as reference points ("تطل على X"): entities only


def analyse(document: Document, knowledge: Knowledge) -> tuple[list[Incident], list[Entity]]:
    seen = observe(document, knowledge)
    return decide(seen, knowledge.models, knowledge.acled), entities(seen.mentions, seen.landmarks)


def decide(seen: Observation, models: Models, acled: dict[str, AcledType]) -> list[Incident]:
    """Stages 6-9: each mention's type in context, which report events, which tell one incident,
    the incidents."""
    article = retype(seen.article, models.typing)
    short = is_short_text(article.text)
    scores = score_sentences(article, models.sentences) if short and models.sentences is not None else {}
    probabilities, eventive = eventive_mentions(article, models.eventiveness, acled, scores, short=short)
    incidents = chains(article, eventive, models.coreference)
    support = supporting(article, incidents, models.coreference)
    found = drafts(incidents, dict(enumerate(probabilities)), support)
    complete(seen.text, found, seen.mentions, seen.published)
    share_clauses(seen.text.norm, found)
    country = main_country(seen.mentions.places)
    return [to_incident(seen.text, i, d, acled, country) for i, d in enumerate(found, start=1)]


def observe(document: Document, knowledge: Knowledge) -> Observation:
    text = normalize(knowledge, document.text)
    title = normalize(knowledge, document.title) if document.title else None
    scan_lexicons(knowledge, text, title)
    mentions = find_mentions(text, knowledge, document, title)
    # A trigger word inside a name or a date is no trigger: "هيئة تحرير الشام", "فجر الجمعة" (dawn).
    names = (*mentions.actors, *mentions.places, *mentions.sources, *mentions.dates)
    blocked = [(m.start, m.end) for m in names]
    cues = find_cues(text, knowledge.events)
    landmarks = places.landmarks(text.norm, mentions.places, cues)
    if landmarks:
        mentions.places = [p for p in mentions.places if p not in landmarks]
    victim_words = SpanIndex((v.start, v.end) for v in mentions.victims)
    found = find_triggers(text, knowledge.events, blocked)
    # arms as things ("عثرت على سيارة مفخخة") and troops as a gathering ("استهدف تجمعا") name no event
    things = weapons_handled(text, found, cues, knowledge.events.weapons) | gatherings_of_fighters(
        text.norm, found, cues, mentions.victims, mentions.actors
    )
    triggers = [
        t
        for t in found
        if t.start not in things and not names_the_hit(text.norm, t, cues, victim_words, mentions.quantities)
    ]
    event_nouns = [(t.start, t.end) for t in triggers]
    people = [(v.start, v.end, v.value.civilian) for v in mentions.victims]
    by_adjective = find_adjective_actors(text, knowledge.actors, event_nouns, mentions.actors, mentions.places, people)
    if by_adjective:
        mentions.actors = sorted([*mentions.actors, *by_adjective], key=lambda m: m.start)
    events = detect(text, triggers, cues, clauses(text, knowledge.clauses))
    published = publication_day(document.published_at)
    offsets = find_offsets(text, knowledge.dates)
    quoted = _QuotedNames(text.norm, mentions)
    observed = [_observed(text, knowledge, mentions, m, published, offsets, quoted) for m in events]
    _continue_subjects(observed)
    names = name_tokens(text, _names(mentions))
    article = Article(text, observed, knowledge.families, names, retells=knowledge.retells)
    return Observation(text, mentions, article, published, landmarks)


def _names(mentions: Mentions) -> list[tuple[int, int, str]]:
    kinds = {"place": mentions.places, "actor": mentions.actors, "date": mentions.dates, "source": mentions.sources}
    spans = [(m.start, m.end, kind) for kind, of_kind in kinds.items() for m in of_kind]
    return spans + [(m.start, m.end, "number") for m in mentions.quantities]


def _observed(
    text: NormalizedText,
    knowledge: Knowledge,
    mentions: Mentions,
    m: EventMention,
    published: dt.date | None,
    offsets: list[OffsetMention],
    quoted: _QuotedNames,
) -> Observed:
    args = clause_arguments(text, knowledge.roles, m.trigger, m.type, m.clause, m.cues, mentions)
    if offsets:  # "غداة هجوم": the attack's day is told by the sentence's own
        args.date = dated_by_another(text, m.trigger.start, m.clause, offsets, mentions.dates, published) or args.date
    return Observed(
        mention=m,
        args=args,
        status=status_of(m.cues, m.trigger, m.clause),
        background=is_background(m.cues, m.trigger, m.clause, args.date, published, within(mentions.dates, *m.clause)),
        anaphoric=is_anaphoric(text.norm, m.cues, m.trigger),
        definite=is_definite(text.norm, m.trigger),
        headline=m.sentence == 0 and _has_headline(text),
        places=args.places or specific_first(within(mentions.places, *text.sentences[m.sentence])),
        quoted=quoted(m.clause),
    )


_QUOTED = re.compile(r'["«“]\s*([^"«»“”\n]{2,30}?)\s*["»”]')
_QUOTED_WORDS = 3  # a name in quotes has a few words; more is a quoted statement


class _QuotedNames:
    """The short names in quotes in a clause that are no place, actor or source the finders know:
    a military position, a weapon, an operation ("ثكنة «برانيت»"). Each clause is read once,
    however many mentions it holds."""

    def __init__(self, norm: str, mentions: Mentions) -> None:
        self.norm = norm
        self.known = SpanIndex(
            (m.start, m.end) for kind in (mentions.places, mentions.actors, mentions.sources) for m in kind
        )
        self.by_clause: dict[tuple[int, int], frozenset[str]] = {}

    def __call__(self, clause: tuple[int, int]) -> frozenset[str]:
        found = self.by_clause.get(clause)
        if found is None:
            found = self.by_clause[clause] = frozenset(
                match.group(1)
                for match in _QUOTED.finditer(self.norm, *clause)
                if match.group(1).count(" ") < _QUOTED_WORDS and not self.known.overlaps(match.start(1), match.end(1))
            )
        return found


def _continue_subjects(observed: list[Observed]) -> None:
    """A verb with no subject of its own ("تزامنا مع إرسالها تعزيزات") continues the sentence's
    last named doer."""
    for previous, obs in itertools.pairwise(observed):
        if previous.sentence == obs.sentence and not obs.args.actors("perpetrator") - {None}:
            doers = [(r, a) for r, a in previous.args.roles if r == "perpetrator"]
            obs.args.roles = doers + obs.args.roles


def _has_headline(text: NormalizedText) -> bool:
    """The text opens with a short line of its own, as a pasted article does."""
    if not text.sentences:
        return False
    start, end = text.sentences[0]
    ends_line = text.norm[end : end + 1] == "\n" and text.norm[end - 1] != "."  # a headline has no full stop
    return ends_line and text.norm.count(" ", start, end) < _HEADLINE_WORDS


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
    found_sources = find_sources(text, knowledge.sources)
    outlets = [(s.start, s.end) for s in found_sources if s.value.kind == "outlet"]
    # "القدس" in "لواء القدس" is no city, "الميادين" in "الميادين نت" no town
    names = SpanIndex([*((a.start, a.end) for a in found_actors), *outlets])
    found_victims = _victims(text, knowledge, found_actors, found_sources)
    people_ends = {v.end for v in found_victims}
    return Mentions(
        places=[
            p
            for p in found_places
            if not names.contains(p.start, p.end, longer=True) and not _nationality(text.norm, p, people_ends)
        ],
        actors=found_actors,
        dates=find_dates(text, knowledge.dates, document.published_at),
        quantities=find_quantities(text, knowledge.numbers),
        victims=found_victims,
        sources=found_sources,
    )


def _victims(
    text: NormalizedText, knowledge: Knowledge, actors: list[ActorMention], sources: list[SourceMention]
) -> list[VictimMention]:
    """The victim nouns but the official who speaks ("قال مسؤول"): a source, not a victim."""
    speaking = (s for s in sources if speaks(text.norm, knowledge.sources, s))
    speakers = SpanIndex((s.start, s.end) for s in speaking)
    found = find_victims(text, knowledge.victims, actors, knowledge.roles.self_counts)
    return [v for v in found if not speakers.overlaps(v.start, v.end)]


def _nationality(norm: str, place: PlaceMention, people_ends: set[int]) -> bool:
    """A country's name right after people is their nationality, no place: the accusative
    "جنديا تركيا", "سائحا اسبانيا" reads as the country's name."""
    return place.value.admin_level == 0 and word_before_ends(norm, place.start) in people_ends


def entities(mentions: Mentions, landmarks: list[PlaceMention]) -> list[Entity]:
    """Every mention, in text order."""
    found: list[Entity] = [
        *map(places.to_entity, [*mentions.places, *landmarks]),
        *map(actors.to_entity, mentions.actors),
        *map(dates.to_entity, mentions.dates),
        *map(quantities.to_entity, mentions.quantities),
        *map(victims.to_entity, mentions.victims),
        *map(sources.to_entity, mentions.sources),
    ]
    return sorted(found, key=lambda e: (e.start, e.end, type(e).__name__))
