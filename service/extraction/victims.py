"""Groups of people who suffer violence: "رعاة الأغنام", "11 سائق شاحنة", "مدنيين", "أطفال".

The lexicon is ``data/victims.tsv``; the one rule of grammar applied here is the accusative
of a singular after numbers 11..99 ("12 طفلاً" -> "طفلا"), derived from the singular forms.
With the actor mentions at hand, fighters who belong to state forces are soldiers
("عناصر من قوات النظام").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple, Protocol

import msgspec

from .matcher import Matcher
from .model import VictimEntity, VictimGroup, project
from .resources import data_rows
from .text import NormalizedText

_ARTICLE = "ال"
_BLOCK = "none"  # rows of phrases that contain a victim word but name no people
_ACCUSATIVE = "\u0627"  # alif of the tanween fath: طفلاً -> طفلا once diacritics are gone
# endings that take no added alif: teh marbuta, alif, alif maksura, hamza, yeh with hamza
_NO_ACCUSATIVE_ALIF = ("\u0629", "\u0627", "\u0649", "\u0621", "\u0626")
_STATE_TYPES = frozenset({"state_forces", "external_forces"})
_PARTITIVE = ("", " من")  # "عناصر قوات النظام", "عناصر من قوات النظام"


class VictimMention(msgspec.Struct, frozen=True):
    """One victim group; ``start``/``end`` index the caller's original text."""

    start: int
    end: int
    norm_start: int
    norm_end: int
    text: str
    category: str
    civilian: bool

    def to_entity(self) -> VictimEntity:
        return project(self, VictimEntity)

    def to_group(self) -> VictimGroup:
        return project(self, VictimGroup)


class _Group(NamedTuple):
    category: str
    civilian: bool


class _ActorLike(Protocol):
    norm_start: int
    actor_type: str | None


def _forms(value: str) -> list[str]:
    return [f for f in value.split("|") if f and f != "-"]


@cache
def _matcher() -> Matcher[_Group]:
    keys: list[tuple[str, _Group]] = []
    for row in data_rows("victims.tsv"):
        group = _Group(row["category"], row["civilian"] == "1")
        singular = _forms(row["singular"])
        accusative = [s + _ACCUSATIVE for s in singular if not s.endswith(_NO_ACCUSATIVE_ALIF)]
        keys += [(form, group) for form in singular + accusative + _forms(row["forms"])]
    return Matcher(keys)


def matchers() -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (_matcher(),)


def find_victims(text: NormalizedText, actors: Sequence[_ActorLike] | None = None) -> list[VictimMention]:
    """Victim-group mentions in order. ``actors`` (ActorMention-like) turn state fighters into soldiers."""
    found = []
    for m in _matcher().find(text):
        group = m.values[0]
        if group.category == _BLOCK:
            continue
        start = m.start - len(_ARTICLE) if m.clitic.endswith(_ARTICLE) else m.start  # the article belongs to the noun
        o_start, o_end = text.to_original(start, m.end)
        found.append(
            VictimMention(o_start, o_end, start, m.end, text.original[o_start:o_end], group.category, group.civilian)
        )
    return _soldiers(text, found, actors) if actors else found


def _soldiers(text: NormalizedText, found: list[VictimMention], actors: Sequence[_ActorLike]) -> list[VictimMention]:
    state_starts = {a.norm_start for a in actors if a.actor_type in _STATE_TYPES}
    return [
        msgspec.structs.replace(v, category="soldiers", civilian=False)
        if v.category == "fighters" and _followed_by_state(text, v.norm_end, state_starts)
        else v
        for v in found
    ]


def _followed_by_state(text: NormalizedText, end: int, state_starts: set[int]) -> bool:
    for gap in _PARTITIVE:
        pos = end + len(gap) + 1
        if text.norm.startswith(gap + " ", end) and pos in state_starts:
            return True
    return False
