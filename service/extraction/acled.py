"""The contract's incident types in ACLED's taxonomy (the pack's ``acled.tsv``): each type's
event and sub-event type, the alternative a condition on the actors selects, whether the
type may report people killed or injured, and the other event types whose incidents a mention
of the type may tell again."""

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
    # ACLED event types besides its own whose incidents a later mention of the type may tell again
    # (a generic word: "الهجوم" after "غارات" is the air strike)
    retells: frozenset[str] = frozenset()


_TEXT_FIELDS = AcledType._fields[: AcledType._fields.index("harm")]  # the columns read as written
_HARM_DEFAULT = "1"  # a pack without the column reports every toll its types' clauses give


def build_acled(pack: Pack) -> dict[str, AcledType]:
    columns = ("type", *_TEXT_FIELDS)
    rows = pack.rows("acled.tsv", columns=columns)
    table = {}
    for row in rows:
        if row["when"] not in _CONDITIONS:
            raise pack.fail(row, f"when {row['when']!r} is not one of {', '.join(sorted(_CONDITIONS - {''}))}")
        if row["when"] and not row["alt_event_type"]:
            raise pack.fail(row, "a condition needs an alternative event type")
        harm = row.get("harm", _HARM_DEFAULT)
        if harm not in ("0", "1"):
            raise pack.fail(row, f"harm {harm!r} is not 0 or 1")
        retells = frozenset(row.get("retells", "").split("|")) - {""}
        table[row["type"]] = AcledType(*(row[c] for c in _TEXT_FIELDS), harm=harm == "1", retells=retells)
    event_types = {t.event_type for t in table.values()} | {t.alt_event_type for t in table.values()}
    for row in rows:
        if unknown := table[row["type"]].retells - event_types:
            raise pack.fail(row, f"retells {', '.join(sorted(unknown))}: no type falls in it")
    return table
