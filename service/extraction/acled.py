"""The contract's incident types in ACLED's taxonomy (the pack's ``acled.tsv``): each type's
event and sub-event type, and the alternative a condition on the actors selects."""

from __future__ import annotations

from typing import NamedTuple

from .pack import Pack

_CONDITIONS = frozenset({"", "state_perpetrator", "civilian_target"})


class AcledType(NamedTuple):
    event_type: str
    sub_event_type: str
    when: str  # "" | state_perpetrator | civilian_target: when the alternative applies
    alt_event_type: str
    alt_sub_event_type: str


def build_acled(pack: Pack) -> dict[str, AcledType]:
    columns = ("type", *AcledType._fields)
    table = {}
    for row in pack.rows("acled.tsv", columns=columns):
        if row["when"] not in _CONDITIONS:
            raise pack.fail(row, f"when {row['when']!r} is not one of {', '.join(sorted(_CONDITIONS - {''}))}")
        if row["when"] and not row["alt_event_type"]:
            raise pack.fail(row, "a condition needs an alternative event type")
        table[row["type"]] = AcledType(*(row[c] for c in AcledType._fields))
    return table
