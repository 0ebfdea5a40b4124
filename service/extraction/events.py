"""Event triggers and the cue words around them, from ``data/triggers.tsv`` and
``data/event_cues.tsv``. Offsets here are in normalized text; incidents.py maps them back."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from .matcher import Matcher
from .resources import data_rows
from .spans import SpanIndex
from .text import NormalizedText

# Pronouns glued to a verb or verbal noun: "استهدافها", "شنها". Not "ه": folded ة reads the same
# ("سيطرة" would be "سيطر" + "ه").
_ENCLITICS = ("ها", "هم", "هما", "هن", "ا", "وا")


class TriggerEntry(NamedTuple):
    type: str
    form: str  # verb | passive | noun | exposure
    weight: float


class Trigger(NamedTuple):
    start: int
    end: int
    type: str
    form: str
    weight: float


class CueEntry(NamedTuple):
    cue: str
    scope: str  # before | after | clause
    exempt: frozenset[str]  # incident types the cue does not apply to


class Cue(NamedTuple):
    start: int
    end: int
    cue: str
    scope: str
    exempt: frozenset[str] = frozenset()


@cache
def _trigger_matcher() -> Matcher[TriggerEntry]:
    rows = data_rows("triggers.tsv")
    return Matcher(
        ((r["phrase"], TriggerEntry(r["type"], r["form"], float(r["weight"]))) for r in rows), suffixes=_ENCLITICS
    )


@cache
def _cue_matcher() -> Matcher[CueEntry]:
    rows = data_rows("event_cues.tsv")
    return Matcher((r["phrase"], CueEntry(r["cue"], r["scope"], frozenset(r["except"].split()))) for r in rows)


def matchers() -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (_trigger_matcher(), _cue_matcher())


def find_triggers(text: NormalizedText, blocked: Iterable[tuple[int, int]] = ()) -> list[Trigger]:
    """Trigger words, except inside a name already found (``blocked``: "هيئة تحرير الشام")."""
    names = SpanIndex(blocked)
    triggers = []
    for match in _trigger_matcher().find(text):
        if names.contains(match.start, match.end):
            continue
        entry = max(match.values, key=lambda e: e.weight)
        triggers.append(Trigger(match.start, match.end, entry.type, entry.form, entry.weight))
    return triggers


def find_cues(text: NormalizedText) -> list[Cue]:
    cues = []
    for match in _cue_matcher().find(text):
        for entry in match.values:
            cues.append(Cue(match.start, match.end, entry.cue, entry.scope, entry.exempt))
    return cues
