"""Event detection: every trigger word becomes an event mention, typed in its context.

A trigger's type comes from the lexicon; its clause may sharpen it: an instrument word
("طائرة مسيرة", "صواريخ", "عبوة ناسفة") turns a generic shelling or attack into an air or drone
strike, and a weapon of direct fire (an anti-armour shell) makes a shelling an attack. Nothing is
decided here about whether the mention reports an event (eventiveness) or which incident it
belongs to (coreference): those are the next stages.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from .actors import ActorMention
from .arguments import cues_of
from .events import Cue, Trigger
from .mention import within
from .quantities import QuantityMention
from .spans import SpanIndex
from .text import NormalizedText, word_before_ends
from .victims import VictimMention

# The instrument that upgrades a generic type when a cue of its kind governs the trigger.
_INSTRUMENT_UPGRADES = {
    "shelling": ("drone_strike", "airstrike"),
    "attack": ("drone_strike", "airstrike", "shelling", "explosion"),
    "airstrike": ("drone_strike",),
    "explosion": ("drone_strike",),
}
# A weapon of direct fire ("بقذيفة الياسين 105", "آر بي جي", "مضاد للدروع") makes a strike an attack on
# its target, though a shell or a rocket names it: no shelling from afar, and no upgrade.
_DIRECT_FIRE = "attack"
_DIRECT_FIRE_TYPES = frozenset({"attack", "shelling"})
_ARTICLE = "ال"
_CLAUSE_REACH = 400  # characters each side of a trigger that its clause is read over


@dataclass(frozen=True, slots=True)
class EventMention:
    """One trigger word in its clause: the unit eventiveness and coreference decide on."""

    index: int  # position among the article's event mentions
    trigger: Trigger
    type: str  # the lexicon's type, sharpened by the clause
    clause: tuple[int, int]  # normalized span of the clause that holds it
    sentence: int
    cues: tuple[Cue, ...]  # every cue of the clause
    # The trigger's span, copied once (read far more often than made).
    start: int = field(init=False)
    end: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.trigger.start)
        object.__setattr__(self, "end", self.trigger.end)


_HIT = frozenset({"killed", "injured", "abducted", "arrested"})
_COUNTED_GAP = frozenset({"", "من", "عدد من"})  # what may stand between a casualty word and whom it counts


def names_the_hit(
    norm: str, trigger: Trigger, cues: list[Cue], people: SpanIndex, quantities: list[QuantityMention]
) -> bool:
    """A word for the doers of an event counted as its casualties names them, not the event:
    "قتل 3 انتحاريين في غارة" (bombers killed by an air strike), "إصابة 5 متظاهرين". ``people``:
    the spans of the victim words."""
    if not people.contains(trigger.start, trigger.end):
        return False
    for cue in cues:
        if cue.value.cue in _HIT and cue.end <= trigger.start <= cue.end + _CASUALTY_REACH:
            gap = norm[cue.end : trigger.start]
            for q in within(quantities, cue.end, trigger.start):
                gap = gap.replace(norm[q.start : q.end], " ")
            if " ".join(gap.split()).removesuffix("ال") in _COUNTED_GAP:
                return True
    return False


_CASUALTY_REACH = 30  # characters from a casualty word to the people it counts


def gatherings_of_fighters(
    norm: str,
    triggers: list[Trigger],
    cues: list[Cue],
    victims: Sequence[VictimMention],
    actors: Sequence[ActorMention],
) -> set[int]:
    """Where the generic words for a gathering (تجمع) start that name a troop concentration, not a
    protest: an attack hits it ("استهدف تجمعا", "غارة على تجمع": right after a trigger of another
    type or a target word) or fighters make it up ("تجمع لجنود العدو", "تجمع فيها مقاتلون": a
    combatant or an armed actor named right after it)."""
    gatherings = [t for t in triggers if t.value.type == _PROTEST and t.value.weight < 1]
    if not gatherings:
        return set()
    strikes = {t.end for t in triggers if t.value.type != _PROTEST} | {c.end for c in cues if c.value.cue == "target"}
    fighters = SpanIndex(
        [(v.start, v.end) for v in victims if v.value.category in _COMBATANTS]
        + [(a.start, a.end) for a in actors if a.value.actor_type in _ARMED]
    )
    found = set()
    for trigger in gatherings:
        start = trigger.start
        while start > 0 and norm[start - 1].isalpha():
            start -= 1  # a proclitic glued to it ("وتجمع")
        if word_before_ends(norm, start) in strikes or fighters.overlaps(trigger.end, trigger.end + _GATHERING_REACH):
            found.add(trigger.start)
    return found


_PROTEST = "protest"
_GATHERING_REACH = 20  # characters after a gathering word where the people it gathers are named
_COMBATANTS = frozenset({"fighters", "soldiers"})  # victim categories of people under arms
_ARMED = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia", "external_forces"})


def weapons_handled(
    text: NormalizedText, triggers: list[Trigger], cues: list[Cue], weapons: frozenset[str]
) -> set[int]:
    """Where the words for arms start that name things, not their use: right after a word of
    finding, seizing, making or buying ("عثرت القوات على سيارة مفخخة", "ضبط كميات من القذائف",
    "شراء منظومات صواريخ"; the cue kind equipment), or joined by و to such a word ("قذائف الهاون
    والعبوات الناسفة"). ``weapons``: the lemmas that name arms."""
    handled: set[int] = set()
    last_end = None
    for trigger in triggers:
        if trigger.value.lemma not in weapons:
            continue
        joined = last_end is not None and _JOINED.fullmatch(text.norm, last_end, trigger.start) is not None
        if joined or _after_handling(text, trigger, cues):
            handled.add(trigger.start)
            last_end = trigger.end
    return handled


def _after_handling(text: NormalizedText, trigger: Trigger, cues: list[Cue]) -> bool:
    first = text.token_index(trigger.start)
    for cue in cues:
        if cue.value.cue == _EQUIPMENT and cue.end <= trigger.start:
            gap = first - text.token_index(cue.end - 1) - 1
            if gap <= _HANDLED_GAP and not any(mark in text.norm[cue.end : trigger.start] for mark in _CLAUSE_MARKS):
                return True
    return False


_EQUIPMENT = "equipment"
_HANDLED_GAP = 3  # words between a word of handling and the arm it handles ("عثرت الشرطة على عبوة")
_CLAUSE_MARKS = (",", ".", "؛", ";", "\n")
# What joins two arms of one list: at most two words of the first (its adjective, "الهاون") and و.
_JOINED = re.compile(r"(?:\s+[^\s,.]+){0,2}\s*,?\s*و(?:ال)?")


def detect(
    text: NormalizedText, triggers: list[Trigger], cues: list[Cue], clauses: list[tuple[int, int]]
) -> list[EventMention]:
    """An event mention per trigger, with its clause and the cues of that clause."""
    found: list[EventMention] = []
    cue_starts = [c.start for c in cues]
    clause_starts = [c[0] for c in clauses]
    for trigger in triggers:
        clause = _within_reach(_clause_of(clauses, clause_starts, trigger), trigger)
        nearby = cues[bisect_left(cue_starts, clause[0]) : bisect_left(cue_starts, clause[1])]
        clause_cues = tuple(c for c in nearby if c.end <= clause[1])
        event_type = _in_context(trigger, clause_cues, clause)
        found.append(
            EventMention(len(found), trigger, event_type, clause, text.sentence_index(trigger.start), clause_cues)
        )
    return found


def _within_reach(clause: tuple[int, int], trigger: Trigger) -> tuple[int, int]:
    """A clause that runs on with no break (a pasted list, text without punctuation) is read
    ``_CLAUSE_REACH`` characters each side of its trigger: what lies further says nothing of it,
    and every mention reading the whole of it would cost the square of its length."""
    return max(clause[0], trigger.start - _CLAUSE_REACH), min(clause[1], trigger.end + _CLAUSE_REACH)


def _clause_of(clauses: list[tuple[int, int]], starts: list[int], trigger: Trigger) -> tuple[int, int]:
    i = bisect_left(starts, trigger.start + 1) - 1
    if i >= 0 and clauses[i][0] <= trigger.start < clauses[i][1]:
        return clauses[i]
    return (trigger.start, trigger.end)  # between clauses (a stray mark): the trigger alone


def _in_context(trigger: Trigger, cues: tuple[Cue, ...], clause: tuple[int, int]) -> str:
    event_type = trigger.value.type
    if event_type in _DIRECT_FIRE_TYPES and cues_of(cues, _DIRECT_FIRE, trigger, clause):
        return _DIRECT_FIRE
    for upgrade in _INSTRUMENT_UPGRADES.get(event_type, ()):
        if cues_of(cues, upgrade, trigger, clause):
            return upgrade
    return event_type


def is_definite(norm: str, trigger: Trigger) -> bool:
    """The trigger carries the article: "الغارة", "بالقصف"."""
    return norm.startswith(_ARTICLE, trigger.start) or norm[max(0, trigger.start - 2) : trigger.start] == _ARTICLE
