"""Event triggers and the cue words around them, from the pack's ``triggers.tsv`` and
``event_cues.tsv``: the words that name an event, and the words that change what it means
(how sure, when, what kind, who did it to whom)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import msgspec

from .matcher import Matcher
from .mention import Mention, mention
from .pack import Pack
from .spans import SpanIndex
from .text import NormalizedText

# Pronouns glued to a verb or verbal noun: "استهدافها", "شنها". Not "ه": folded ة reads the same
# ("سيطرة" would be "سيطر" + "ه").
_ENCLITICS = ("ها", "هم", "هما", "هن", "ا", "وا")
_FORMS = frozenset({"verb", "passive", "noun", "exposure", "plural"})
_SCOPES = frozenset({"before", "after", "clause"})


class TriggerInfo(msgspec.Struct, frozen=True):
    type: str  # the contract's incident type
    form: str  # verb | passive | noun | exposure | plural
    weight: float  # 1 a specific event word; 0.5 a generic one that needs an anchor


class CueInfo(msgspec.Struct, frozen=True):
    cue: str  # what it signals: planned, denied, target, killed, airstrike ...
    scope: str  # before | after | clause: where the trigger it governs stands
    exempt: frozenset[str] = frozenset()  # incident types the cue does not apply to


Trigger = Mention[TriggerInfo]
Cue = Mention[CueInfo]


class EventLexicon(NamedTuple):
    triggers: Matcher[TriggerInfo]
    cues: Matcher[CueInfo]


def build_event_lexicon(pack: Pack, types: Iterable[str]) -> EventLexicon:
    """``types``: the incident types the pack maps to ACLED; every trigger and exemption names one."""
    types = frozenset(types)
    triggers = pack.rows("triggers.tsv", columns=("phrase", "type", "form", "weight"))
    cues = pack.rows("event_cues.tsv", columns=("phrase", "cue", "scope", "except"))
    pack.check_refs(triggers, "type", types, what="incident type of acled.tsv")
    pack.check_refs(cues, "except", types, what="incident type of acled.tsv")
    for row in triggers:
        if row["form"] not in _FORMS or row["weight"] not in ("1", "0.5"):
            raise pack.fail(row, f"form {row['form']!r} or weight {row['weight']!r} is not allowed")
    for row in cues:
        if row["scope"] not in _SCOPES:
            raise pack.fail(row, f"scope {row['scope']!r} is not one of {', '.join(sorted(_SCOPES))}")
    return EventLexicon(
        triggers=Matcher(
            ((r["phrase"], TriggerInfo(r["type"], r["form"], float(r["weight"]))) for r in triggers),
            pack.normalizer,
            suffixes=_ENCLITICS,
        ),
        cues=Matcher(
            ((r["phrase"], CueInfo(r["cue"], r["scope"], frozenset(r["except"].split()))) for r in cues),
            pack.normalizer,
        ),
    )


def matchers(lexicon: EventLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.triggers, lexicon.cues)


def find_triggers(
    text: NormalizedText, lexicon: EventLexicon, blocked: Iterable[tuple[int, int]] = ()
) -> list[Trigger]:
    """Trigger words, except inside a name already found (``blocked``: "هيئة تحرير الشام")."""
    names = SpanIndex(blocked)
    triggers = []
    for match in lexicon.triggers.find(text):
        if names.contains(match.start, match.end):
            continue
        entry = max(match.values, key=lambda e: e.weight)
        triggers.append(mention(text, match.start, match.end, entry))
    return triggers


def find_cues(text: NormalizedText, lexicon: EventLexicon) -> list[Cue]:
    return [mention(text, m.start, m.end, entry) for m in lexicon.cues.find(text) for entry in m.values]
