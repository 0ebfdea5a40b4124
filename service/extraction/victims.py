"""Groups of people who suffer violence: "رعاة الأغنام", "11 سائق شاحنة", "مدنيين", "أطفال".

The lexicon is the pack's ``victims.tsv``; the one rule of grammar applied here is the accusative
of a singular after numbers 11..99 ("12 طفلاً" -> "طفلا"), derived from the singular forms.
With the actor mentions at hand, fighters who belong to state forces are soldiers
("عناصر من قوات النظام"), and "في صفوف X" names X's members.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import msgspec

from .actors import ActorMention
from .matcher import Matcher
from .mention import Mention, Projection, mention
from .model import VictimEntity, VictimGroup
from .pack import Pack
from .text import NormalizedText

_ARTICLE = "ال"
_BLOCK = "none"  # rows of phrases that contain a victim word but name no people
_ACCUSATIVE = "\u0627"  # alif of the tanween fath: طفلاً -> طفلا once diacritics are gone
# endings that take no added alif: teh marbuta, alif, alif maksura, hamza, yeh with hamza
_NO_ACCUSATIVE_ALIF = ("\u0629", "\u0627", "\u0649", "\u0621", "\u0626")
_STATE_TYPES = frozenset({"state_forces", "external_forces"})
# "عناصر قوات النظام", "عناصر من قوات النظام", "عنصرا على الأقل من قوات النظام" (normalized)
_PARTITIVE = ("", " من", " علي الاقل من")
_RANKS = "صفوف "  # "قتلى في صفوف قوات النظام": the victims are the named side's members
_ARMED_TYPES = frozenset({"state_forces", "external_forces", "rebel_group", "political_militia", "identity_militia"})


class VictimInfo(msgspec.Struct, frozen=True):
    """Which group of people a victim mention names."""

    category: str
    civilian: bool
    single: bool = False  # one person ("طفل", "مدني"): a casualty word before it counts one
    accusative: bool = False  # the accusative singular ("جنديا"): many after a number, one after "إن"


VictimMention = Mention[VictimInfo]


_VICTIM_ENTITY = Projection(VictimInfo, VictimEntity)


def to_entity(m: VictimMention) -> VictimEntity:
    return _VICTIM_ENTITY(m)


_VICTIM_GROUP = Projection(VictimInfo, VictimGroup)


def to_group(m: VictimMention) -> VictimGroup:
    return _VICTIM_GROUP(m)


class VictimLexicon(NamedTuple):
    matcher: Matcher[VictimInfo]


def _forms(value: str) -> list[str]:
    return [f for f in value.split("|") if f and f != "-"]


def build_victim_lexicon(pack: Pack) -> VictimLexicon:
    keys: list[tuple[str, VictimInfo]] = []
    for row in pack.rows("victims.tsv", columns=("category", "civilian", "singular", "forms")):
        if row["civilian"] not in ("0", "1", "-"):
            raise pack.fail(row, f"civilian {row['civilian']!r} is not 0, 1 or -")
        group = VictimInfo(row["category"], row["civilian"] == "1")
        one = VictimInfo(row["category"], row["civilian"] == "1", single=True)
        counted = VictimInfo(row["category"], row["civilian"] == "1", accusative=True)
        singular = _forms(row["singular"])
        # the accusative singular follows numbers 11-99 ("12 طفلا"): many people, not one
        accusative = [s + _ACCUSATIVE for s in singular if not s.endswith(_NO_ACCUSATIVE_ALIF)]
        keys += [(form, one) for form in singular]
        keys += [(form, counted) for form in accusative]
        keys += [(form, group) for form in _forms(row["forms"])]
    return VictimLexicon(Matcher(keys, pack.normalizer))


def matchers(lexicon: VictimLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.matcher,)


def find_victims(
    text: NormalizedText,
    lexicon: VictimLexicon,
    actors: Sequence[ActorMention] = (),
    casualty_nouns: Iterable[str] = (),
) -> list[VictimMention]:
    """Victim-group mentions in order; ``actors`` turn state fighters into soldiers, and a side
    named after "في صفوف" or a casualty noun and من (``casualty_nouns``: "قتلى من X") names its
    members."""
    found = []
    for m in lexicon.matcher.find(text):
        group = m.values[0]
        if group.category == _BLOCK:
            continue
        start = m.start - len(_ARTICLE) if m.clitic.endswith(_ARTICLE) else m.start  # the article belongs to the noun
        found.append(mention(text, start, m.end, group))
    if not actors:
        return found
    ranks = (_RANKS, *(f"{noun} من " for noun in casualty_nouns))
    return sorted([*_soldiers(text, found, actors), *_in_the_ranks(text, actors, ranks)], key=lambda v: v.start)


_SOLDIERS = VictimInfo("soldiers", civilian=False)
_SOLDIER = VictimInfo("soldiers", civilian=False, single=True)
_FIGHTERS = VictimInfo("fighters", civilian=False)


def _soldiers(text: NormalizedText, found: list[VictimMention], actors: Sequence[ActorMention]) -> list[VictimMention]:
    """Fighters of a state's forces are soldiers: named before them ("عناصر من قوات النظام") or
    as the start of their name ("عناصر قوات النظام" read as one actor)."""
    state_starts = {a.start for a in actors if a.value.actor_type in _STATE_TYPES}
    return [
        msgspec.structs.replace(v, value=_SOLDIER if v.value.single else _SOLDIERS)
        if v.value.category == "fighters" and (v.start in state_starts or _followed_by_state(text, v.end, state_starts))
        else v
        for v in found
    ]


def _in_the_ranks(text: NormalizedText, actors: Sequence[ActorMention], ranks: Sequence[str]) -> list[VictimMention]:
    """ "في صفوف X", "قتلى من X": X's soldiers when X is a state's forces, its fighters when an
    armed group."""
    found = []
    ranks = tuple(ranks)
    for actor in actors:
        at = actor.start
        # (One ``endswith`` for all the words first: most names follow none of them.)
        if actor.value.actor_type not in _ARMED_TYPES or not text.norm.endswith(ranks, 0, at):
            continue
        words = next((w for w in ranks if at >= len(w) and text.norm.startswith(w, at - len(w))), None)
        if words is not None:
            state = actor.value.actor_type in _STATE_TYPES
            found.append(mention(text, at - len(words), actor.end, _SOLDIERS if state else _FIGHTERS))
    return found


def _followed_by_state(text: NormalizedText, end: int, state_starts: set[int]) -> bool:
    for gap in _PARTITIVE:
        pos = end + len(gap) + 1
        if text.norm.startswith(gap + " ", end) and pos in state_starts:
            return True
    return False
