"""The contract's incident types in ACLED's taxonomy (the pack's ``acled.tsv``): each type's
event and sub-event type, the alternative a condition on the actors selects, and whether the
type may report people killed or injured."""

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
    harm: bool = True  # may report people killed or injured (an arrest or an agreement does not)


_TEXT_FIELDS = AcledType._fields[:-1]
_HARM_DEFAULT = "1"  # a pack without the column reports every toll its types' clauses give


def build_acled(pack: Pack) -> dict[str, AcledType]:
    columns = ("type", *_TEXT_FIELDS)
    table = {}
    for row in pack.rows("acled.tsv", columns=columns):
        if row["when"] not in _CONDITIONS:
            raise pack.fail(row, f"when {row['when']!r} is not one of {', '.join(sorted(_CONDITIONS - {''}))}")
        if row["when"] and not row["alt_event_type"]:
            raise pack.fail(row, "a condition needs an alternative event type")
        harm = row.get("harm", _HARM_DEFAULT)
        if harm not in ("0", "1"):
            raise pack.fail(row, f"harm {harm!r} is not 0 or 1")
        table[row["type"]] = AcledType(*(row[c] for c in _TEXT_FIELDS), harm=harm == "1")
    return table
