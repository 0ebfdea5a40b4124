"""Who did it to whom: the cues that govern a name, agent phrases, coordination, "بين X وY".

Everything here is in normalized offsets. The generic head nouns that may stand before a
coordinated name come from the actor lexicon (the pack's ``actor_references.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .events import Cue, Trigger
from .mention import Mention

_BETWEEN = re.compile(r"\bبين\s*$|\bبين\s+\S+\s*$")
_WINDOW = 40  # characters: how far back a cue may govern a name
_AGENT_FROM = re.compile(r"\W*(?:\w+\W+){0,2}من\W*$")


class RoleLexicon(NamedTuple):
    # Names joined by "و" or a comma, perhaps after an adjective of the first ("لواء القدس
    # الفلسطيني وميليشيا الفيلق الخامس"), and a generic head before the second, are one side.
    coordination: re.Pattern[str]


def build_role_lexicon(heads: Iterable[str]) -> RoleLexicon:
    """``heads``: normalized generic nouns that stand before a name ("ميليشيا", "قوات")."""
    alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    coordination = re.compile(rf"^[\s,\"'()]*(?:\S+ي(?:ه|ين|ون)?[\s\"'()]*)?(?:و|او)?\s*(?:{alternatives})?[\s\"'()]*$")
    return RoleLexicon(coordination)


def cues_of(cues: Sequence[Cue], kind: str, trigger: Trigger, clause: tuple[int, int]) -> list[Cue]:
    """The cues of one kind that govern a trigger within its clause."""
    found = []
    for cue in cues:
        info = cue.value
        if info.cue != kind or cue.start < clause[0] or cue.end > clause[1] or trigger.value.type in info.exempt:
            continue
        if info.scope == "before" and cue.end > trigger.start:
            continue
        if info.scope == "after" and (cue.start < trigger.end or cue.start - trigger.end > _WINDOW):
            continue
        found.append(cue)
    return found


def governing_cue(norm: str, cues: Sequence[Cue], kinds: set[str], pos: int, floor: int) -> Cue | None:
    """The cue of ``kinds`` that governs a name at ``pos``: the nearest before it since ``floor``
    (the previous name), except that a target cue anywhere there wins ("مواقع تابعة لـ X": X
    is hit, though "تابعة" alone marks a doer, as in "طائرات تابعة لـ X")."""
    governing = [c for c in cues if c.value.cue in kinds and floor <= c.end <= pos and pos - c.end <= _WINDOW]
    targets = [c for c in governing if c.value.cue == "target"]
    return max(targets or governing, key=lambda c: c.end, default=None)


def agent_after_noun(norm: str, trigger_end: int, pos: int) -> bool:
    """ "لهجوم واسع من قوات النظام": a name after "من" right behind a verbal noun did it."""
    return bool(_AGENT_FROM.match(norm, trigger_end, pos))


def coordinated(lexicon: RoleLexicon, norm: str, left: Mention[Any], right: Mention[Any]) -> bool:
    """Two names joined only by "و" or a comma: "لواء القدس وميليشيا الفيلق الخامس"."""
    return bool(lexicon.coordination.match(norm[left.end : right.start]))


def after_between(norm: str, pos: int, floor: int) -> bool:
    return bool(_BETWEEN.search(norm, max(floor, pos - 30), pos))
