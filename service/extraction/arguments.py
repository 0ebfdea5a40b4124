"""Clauses, and who, where, when and how many for each event trigger in them.

Everything here is in normalized offsets. A clause is a stretch of a sentence between
connectives that start a new report ("، في حين", "بينما", "كما", "وذلك"...): an event's
arguments are looked for in its clause first, then in its sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

from .events import Cue, Trigger
from .matcher import Matcher
from .resources import data_rows
from .text import NormalizedText

# Names joined by "و" or a comma, perhaps after an adjective of the first ("لواء القدس
# الفلسطيني وميليشيا الفيلق الخامس"), and a generic head before the second, are one side.
_COORDINATION = re.compile(
    r"^[\s,\"'()]*(?:\S+ي(?:ه|ين|ون)?[\s\"'()]*)?(?:و|او)?\s*(?:ميليشيا|ميليشيات|قوات|فصائل)?[\s\"'()]*$"
)
_BETWEEN = re.compile(r"\bبين\s*$|\bبين\s+\S+\s*$")
_CONNECTIVE_CLITICS = frozenset({"", "و", "ف"})
_WINDOW = 40  # characters: how far back a cue may govern a name
_AGENT_FROM = re.compile(r"\W*(?:\w+\W+){0,2}من\W*$")


class Located(NamedTuple):
    """A mention in normalized offsets with the contract value it becomes."""

    start: int
    end: int
    value: Any


def clauses(text: NormalizedText) -> list[tuple[int, int]]:
    """Each sentence cut at its clause breaks (``data/clause_breaks.tsv``, and ; :)."""
    breaks = _breaks(text)
    spans: list[tuple[int, int]] = []
    i = 0
    for s_start, s_end in text.sentences:
        start = s_start
        while i < len(breaks) and breaks[i][0] < s_start:
            i += 1  # between sentences, or one that reached past its sentence's end
        while i < len(breaks) and breaks[i][2] <= s_end:
            b_start, b_end, _ = breaks[i]
            if b_start > start:
                spans.append((start, b_start))
            start = b_end
            i += 1
        if s_end > start:
            spans.append((start, s_end))
    return [(a, b) for a, b in (trim(text.norm, a, b) for a, b in spans) if b > a]


class _Connective(NamedTuple):
    after_comma: bool
    after_space: bool


@cache
def _connectives() -> Matcher[_Connective]:
    rows = data_rows("clause_breaks.tsv")
    return Matcher(
        (r["phrase"], _Connective(r["after"] in ("comma", "both"), r["after"] in ("space", "both"))) for r in rows
    )


def matchers() -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (_connectives(),)


def _breaks(text: NormalizedText) -> list[tuple[int, int, int]]:
    """Where clauses break, in order: (start, end) of the text that goes to neither side, and
    how far the break looks (it holds only in a sentence that reaches that far)."""
    norm = text.norm
    found = [(i, i + 1, i + 1) for mark in ";:" for i in _positions(norm, mark)]
    for m in _connectives().find(text):
        if m.clitic not in _CONNECTIVE_CLITICS:
            continue
        word_start = m.start - len(m.clitic)
        comma = word_start - 1
        while comma >= 0 and norm[comma] == " ":
            comma -= 1
        connective: _Connective = m.values[0]
        if connective.after_comma and comma >= 0 and norm[comma] == ",":
            found.append((comma, word_start, m.end))  # ", حيث": the comma and the space go
        elif connective.after_space and norm[word_start - 1 : word_start] == " " and norm[m.end : m.end + 1] == " ":
            found.append((word_start - 1, word_start, m.end + 1))
    return sorted(found)


def _positions(text: str, char: str) -> Iterator[int]:
    pos = text.find(char)
    while pos >= 0:
        yield pos
        pos = text.find(char, pos + 1)


def trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not norm[start].isalnum():
        start += 1
    while end > start and norm[end - 1] in " ,":
        end -= 1
    return start, end


def within(items: Sequence[Located], start: int, end: int) -> list[Located]:
    """The items (in text order) that lie inside [start, end)."""
    first = bisect_left(items, (start,))  # (start,) sorts before every item starting there
    found = []
    for item in items[first:]:
        if item.start >= end:
            break
        if item.end <= end:
            found.append(item)
    return found


def cues_of(cues: Sequence[Cue], kind: str, trigger: Trigger, clause: tuple[int, int]) -> list[Cue]:
    """The cues of one kind that govern a trigger within its clause."""
    found = []
    for cue in cues:
        if cue.cue != kind or cue.start < clause[0] or cue.end > clause[1] or trigger.type in cue.exempt:
            continue
        if cue.scope == "before" and cue.end > trigger.start:
            continue
        if cue.scope == "after" and (cue.start < trigger.end or cue.start - trigger.end > _WINDOW):
            continue
        found.append(cue)
    return found


def governing_cue(norm: str, cues: Sequence[Cue], kinds: set[str], pos: int, floor: int) -> Cue | None:
    """The cue of ``kinds`` that governs a name at ``pos``: the nearest before it since ``floor``
    (the previous name), except that a target cue anywhere there wins ("مواقع تابعة لـ X": X
    is hit, though "تابعة" alone marks a doer, as in "طائرات تابعة لـ X")."""
    governing = [c for c in cues if c.cue in kinds and floor <= c.end <= pos and pos - c.end <= _WINDOW]
    targets = [c for c in governing if c.cue == "target"]
    return max(targets or governing, key=lambda c: c.end, default=None)


def agent_after_noun(norm: str, trigger_end: int, pos: int) -> bool:
    """ "لهجوم واسع من قوات النظام": a name after "من" right behind a verbal noun did it."""
    return bool(_AGENT_FROM.match(norm, trigger_end, pos))


def coordinated(norm: str, left: Located, right: Located) -> bool:
    """Two names joined only by "و" or a comma: "لواء القدس وميليشيا الفيلق الخامس"."""
    return bool(_COORDINATION.match(norm[left.end : right.start]))


def after_between(norm: str, pos: int, floor: int) -> bool:
    return bool(_BETWEEN.search(norm, max(floor, pos - 30), pos))
