"""Temporal expressions -> date windows: "12 آذار 2021", "في شهر آب الماضي", "مساء أمس", "منذ عدة أيام".

The words are in the pack's ``dates.tsv`` and the pack's ``dates_units.tsv`` (numbers in words come from
the pack's ``numbers.tsv``). Each word or number found in the text becomes an atom with a one-letter
symbol; the gaps between neighbouring atoms become symbols too ("_" a space, "o" the word من,
"/" "(" ")" "-" "," themselves, "&" a و glued to the next atom, "|" anything else). The grammar
of date expressions is then a handful of regular expressions over that string of symbols,
and each kind of expression has one function that turns its atoms into a window.

Resolution against ``published_at`` (p):
- a month name without a year is the latest such month that starts on or before p, or one at
  most a month ahead (an announced plan); with الماضي it is strictly before p's month, with
  المقبل strictly after (so "آب الماضي" in August means the August of the year before);
- a weekday is the latest such day on or before p (with الماضي strictly before p);
- weeks start on the pack's ``week_start`` (Saturday in the Syrian calendar week);
- Hijri dates are converted with the arithmetic (tabular, 30-year cycle) Islamic calendar; it
  can be one or two days off the sighted calendar that news follows;
- without p, relative expressions keep their span and precision and have no dates; explicit
  dates with a year are still resolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from itertools import pairwise
from math import ceil
from typing import Any, NamedTuple

import msgspec

from .matcher import Matcher
from .mention import Mention, mention
from .model import DateEntity, DateRef, Precision
from .pack import Pack, Row, week_start_before
from .text import NormalizedText

Window = tuple[dt.date | None, dt.date | None, Precision]
_PRECISIONS: dict[str, Precision] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "unknown": "unknown",
}


class DateInfo(msgspec.Struct, frozen=True):
    """The window a temporal expression stands for."""

    earliest: dt.date | None
    latest: dt.date | None
    precision: Precision
    relative: bool  # resolved against published_at (or unresolvable without it)


DateMention = Mention[DateInfo]


def to_ref(m: DateMention) -> DateRef:
    return m.project(DateRef)


def to_entity(m: DateMention) -> DateEntity:
    return m.project(DateEntity)


# --- lexicon ---------------------------------------------------------------------------

_SYMBOLS = {
    "month": "M",
    "hijri_month": "H",
    "weekday": "W",
    "day": "R",
    "daypart": "P",
    "day_word": "V",
    "month_word": "K",
    "year_word": "Y",
    "unit": "U",
    "anchor": "A",
    "this": "G",
    "part": "B",
    "season": "S",
    "recent": "X",
    "since": "Z",
    "ago": "Q",
    "during": "L",
    "approx": "~",
    "era": "T",
    "count": "C",
}
_NUMBER_KINDS = ("unit", "ten")  # single number words usable as counts ("قبل ثلاثة أيام")


class _Entry(NamedTuple):
    kind: str
    value: str
    extra: str


class _Units(NamedTuple):
    hours: dict[str, float]  # unit -> length in hours
    vague: dict[str, int]  # unit -> count a vague plural stands for


class DateLexicon(NamedTuple):
    matcher: Matcher[_Entry]
    units: _Units
    era_marks: dict[str, str]  # one-letter mark after a year -> its calendar ("م", "هـ")
    year_prepositions: frozenset[str]  # words after which a lone year stands: في 2019, منذ 2011
    week_start: int  # Python weekday the calendar week begins on


_WORD_KINDS = frozenset(_SYMBOLS) | {"era_mark", "year_preposition"}
_YEAR_PREPOSITION_KINDS = ("year_preposition", "since", "ago", "during")


def build_date_lexicon(pack: Pack, number_rows: list[Row]) -> DateLexicon:
    """``number_rows``: numbers.tsv, whose single number words also count periods ("ثلاثة أيام")."""
    rows = pack.rows("dates.tsv", columns=("key", "kind", "value", "extra"))
    for row in rows:
        if row["kind"] not in _WORD_KINDS:
            raise pack.fail(row, f"kind {row['kind']!r} is not a kind of date word")
    words = [r for r in rows if r["kind"] not in ("era_mark", "year_preposition")]
    entries = [(r["key"], _Entry(r["kind"], r["value"], r["extra"] or "")) for r in words]
    numbers = [(r["key"], _Entry("count", r["value"], "")) for r in number_rows if r["kind"] in _NUMBER_KINDS]
    unit_rows = pack.rows("dates_units.tsv", columns=("unit", "hours", "vague"))
    return DateLexicon(
        matcher=Matcher(entries + numbers, pack.normalizer),
        units=_Units(
            {r["unit"]: float(r["hours"]) for r in unit_rows}, {r["unit"]: int(r["vague"]) for r in unit_rows}
        ),
        era_marks={pack.key(r["key"]): r["value"] for r in rows if r["kind"] == "era_mark"},
        year_prepositions=year_prepositions(pack, rows),
        week_start=pack.region.week_start,
    )


def year_prepositions(pack: Pack, rows: list[Row]) -> frozenset[str]:
    """Words after which a lone four-digit number is a year (dates.tsv: year_preposition, since, ago, during)."""
    return frozenset(pack.key(r["key"]) for r in rows if r["kind"] in _YEAR_PREPOSITION_KINDS)


def matchers(lexicon: DateLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.matcher,)


def _days(units: _Units, count: float, unit: str) -> int:
    """Whole days that ``count`` units reach back (24 hours is one day)."""
    return ceil(count * units.hours[unit] / 24)


# --- atoms -------------------------------------------------------------------------------


class _Atom(NamedTuple):
    start: int  # norm offset of the word or number, after any proclitic
    end: int
    sym: str
    entry: _Entry
    clitic: str
    number: int | None = None  # digits, or the value of a number word
    date: dt.date | None = None  # a numeric full date


_DIGITS = re.compile(r"[0-9](?:[0-9]|[/.,:-](?=[0-9]))*")  # normalized digits are ASCII; this form scans fastest
_FULL_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})|(\d{4})([/.-])(\d{1,2})\6(\d{1,2})")
_NO_ENTRY = _Entry("", "", "")
_ARTICLE = "ال"
_NUMBER_CLITICS = "وفبل"  # one-letter proclitics a number may carry: "و2021-03-12", "ب2019"


def _number_atoms(norm: str, era_marks: dict[str, str]) -> list[_Atom]:
    atoms = []
    for m in _DIGITS.finditer(norm):
        start, end = m.span()
        article = _has_article(norm, start)
        if not article and not _word_start(norm, start):
            continue  # "SY24", or part of "1.5"
        era, end_with_era = _era_mark(norm, end, era_marks)
        if end < len(norm) and norm[end].isalnum() and not era:
            continue  # letters glued after the digits
        atoms.append(_number_atom(m[0], start, end, end_with_era, era, _ARTICLE if article else ""))
    return [a for a in atoms if a is not None]


def _number_atom(digits: str, start: int, end: int, end_with_era: int, era: str, clitic: str) -> _Atom | None:
    full = _FULL_DATE.fullmatch(digits)
    if full:
        day, month, year = full.group(1, 3, 4) if full[1] else full.group(8, 7, 5)
        date = _safe_date(int(year), int(month), int(day))
        return None if date is None else _Atom(start, end, "F", _NO_ENTRY, clitic, date=date)
    if not digits.isdigit():
        return _Atom(start, end, "#", _NO_ENTRY, clitic)  # "1,200", "10:30", "20-25"
    if len(digits) <= 2:
        return _Atom(start, end, "N", _NO_ENTRY, clitic, number=int(digits))
    if len(digits) == 4:
        entry = _Entry("era", era, "") if era else _NO_ENTRY
        return _Atom(start, end_with_era, "D", entry, clitic, number=int(digits))
    return _Atom(start, end, "#", _NO_ENTRY, clitic)


def _has_article(norm: str, start: int) -> bool:
    """Digits right after the article, its tatweel gone once normalized ("الساعات الـ٢٤")."""
    return norm.startswith(_ARTICLE, start - 2) and start >= 2 and _word_start(norm, start - 2)


def _word_start(norm: str, pos: int) -> bool:
    """Nothing glued before ``pos`` but perhaps one proclitic letter."""
    if pos == 0:
        return True
    before = norm[pos - 1]
    if before in _NUMBER_CLITICS:
        return pos == 1 or not norm[pos - 2].isalnum()
    return not before.isalnum() and before not in ".,:/-"


def _era_mark(norm: str, end: int, era_marks: dict[str, str]) -> tuple[str, int]:
    """The calendar of a mark right after a number ("2019م", "1442 هـ") and where the mark ends."""
    pos = end + 1 if norm.startswith(" ", end) else end
    era = era_marks.get(norm[pos : pos + 1], "")
    if era and (pos + 1 == len(norm) or not norm[pos + 1].isalnum()):
        return era, pos + 1
    return "", end


_MONTH_CLITICS = ("", "و", "ف")  # "باب" is a door, not ب + آب


def _word_atoms(text: NormalizedText, matcher: Matcher[_Entry]) -> list[_Atom]:
    atoms = []
    for match in matcher.find(text):
        entry = match.values[0]
        if entry.kind in ("month", "hijri_month") and match.clitic not in _MONTH_CLITICS:
            continue
        number = int(entry.value) if entry.kind == "count" and entry.value else None
        atoms.append(_Atom(match.start, match.end, _SYMBOLS[entry.kind], entry, match.clitic, number))
    return atoms


def _gap(norm: str, left: _Atom, right: _Atom) -> str:
    between = norm[left.end : right.start - len(right.clitic)]
    stripped = between.strip()
    if "\n" in between:
        return "|"
    if not stripped:
        return "&" if right.clitic.startswith("و") else "_"
    if stripped == "من":
        return "o"
    if stripped in ("/", "(", ")", "-", ","):
        return stripped
    return "|"


# --- grammar -----------------------------------------------------------------------------

_MONTHS = r"M(?:[/(]M)?"
_GRAMMAR = re.compile(
    "|".join(
        [
            r"(?P<full>(?:W[_,(])?F)",
            rf"(?P<day_month>(?:[PV]_)?(?:W[_,(])?N[_o]{_MONTHS}(?:[_)]D(?:_T)?|[_)]A)?)",
            r"(?P<day_hijri>(?:W[_,(])?N[_o]H(?:_D(?:_T)?|_A)?)",
            r"(?P<day_of_period>No(?:G_)?U(?:_A)?)",
            rf"(?P<month>(?:B_)?(?:K_)?{_MONTHS}(?:[_)]D(?:_T)?|[_)]A)?)",
            r"(?P<hijri_month>(?:B_)?(?:K_)?H(?:_D(?:_T)?|_A)?)",
            r"(?P<year>(?:[BS]_)?(?:Y_)?D(?:_T)?)",
            r"(?P<day>(?:P_)?(?:V_)?R(?:[_(,]W)?)",
            r"(?P<weekday>(?:P_)?(?:V_)?W(?:[-&/]W)?(?:_A)?)",
            r"(?P<period>(?:[BS]_)?(?:G_)?(?:[NC]_)?[UYKV](?:_[NC])?(?:_A)?)",
            r"(?P<recent>X)",
        ]
    )
)
_PREFIXES = "ZQL~"  # since, ago, during, approx: looked for before a match


class _Parse(NamedTuple):
    atoms: list[_Atom]
    prefix: str  # "Z" | "Q" | "L" | ""
    norm: str
    published: dt.date | None
    lexicon: DateLexicon


def find_dates(text: NormalizedText, lexicon: DateLexicon, published_at: dt.date | None) -> list[DateMention]:
    """Temporal expressions in text order, resolved against ``published_at``."""
    if isinstance(published_at, dt.datetime):
        published_at = published_at.date()
    norm = text.norm
    atoms = sorted(_word_atoms(text, lexicon.matcher) + _number_atoms(norm, lexicon.era_marks))
    if not atoms:
        return []
    symbols = "".join(a.sym + (_gap(norm, a, b)) for a, b in pairwise(atoms)) + atoms[-1].sym + "|"
    found: list[DateMention] = []
    pos = 0
    while (m := _GRAMMAR.search(symbols, pos)) is not None:
        first, last = m.start() // 2, (m.end() - 1) // 2
        first_with_prefix, prefix = _prefix(atoms, symbols, first)
        if prefix == "Q" and m.lastgroup != "period":
            first_with_prefix, prefix = first, ""  # "قبل الثلاثاء" is no date of its own
        parse = _Parse(atoms[first : last + 1], prefix, norm, published_at, lexicon)
        resolved = _RULES[m.lastgroup or ""](parse)
        if resolved is None:
            pos = m.start() + 2
            continue
        (earliest, latest, precision), relative = resolved
        found.append(_mention(text, atoms[first_with_prefix], atoms[last], earliest, latest, precision, relative))
        pos = m.end()
    return found


def _prefix(atoms: list[_Atom], symbols: str, first: int) -> tuple[int, str]:
    """Step back over "نحو", "أكثر من" and one of منذ / قبل / خلال directly before the match."""
    index, prefix = first, ""
    while index > 0 and symbols[2 * index - 1] == "_" and symbols[2 * index - 2] in _PREFIXES:
        index -= 1
        if atoms[index].sym != "~":
            prefix = atoms[index].sym
            break
    if not prefix:
        index = first  # an approximation word alone is not part of the date
    return index, prefix


def _mention(
    text: NormalizedText,
    first: _Atom,
    last: _Atom,
    earliest: dt.date | None,
    latest: dt.date | None,
    precision: Precision,
    relative: bool,
) -> DateMention:
    norm = text.norm
    start = _with_preposition(norm, first.start - (len(first.clitic) if first.clitic == "ال" else 0))
    end = last.end
    if norm.count("(", start, end) > norm.count(")", start, end):
        close = end  # the first ")" after the span, when only whitespace comes before it
        while close < len(norm) and norm[close].isspace():
            close += 1
        if norm.startswith(")", close):
            end = close + 1
    return mention(text, start, end, DateInfo(earliest, latest, precision, relative))


_PRECEDING_WORD = re.compile(r"(\w+) $")
_IN = ("في", "وفي", "ففي")


def _preceding_word(norm: str, pos: int) -> tuple[str, int]:
    m = _PRECEDING_WORD.search(norm, max(0, pos - 12), pos)
    if m is None or (m.start() > 0 and norm[m.start() - 1].isalnum()):
        return "", pos
    return m[1], m.start()


def _with_preposition(norm: str, start: int) -> int:
    """Start the span at a "في" right before it ("في شهر آب الماضي"), leaving a glued و out."""
    word, word_start = _preceding_word(norm, start)
    return word_start + len(word) - 2 if word in _IN else start


# --- rules: atoms -> window ----------------------------------------------------------------

Resolved = tuple[Window, bool] | None


def _of(parse: _Parse, *syms: str) -> list[_Atom]:
    return [a for a in parse.atoms if a.sym in syms]


def _one(parse: _Parse, sym: str) -> _Atom | None:
    return next((a for a in parse.atoms if a.sym == sym), None)


def _the(parse: _Parse, sym: str) -> _Atom:
    """The atom the grammar guarantees in this kind of expression."""
    return next(a for a in parse.atoms if a.sym == sym)


def _anchor(parse: _Parse) -> int | None:
    a = _one(parse, "A")
    if a is not None:
        return int(a.entry.value)
    return 0 if _one(parse, "G") is not None else None


def _rule_full(parse: _Parse) -> Resolved:
    date = _the(parse, "F").date
    return _since((date, date, "day"), parse, relative=False)


def _rule_day_month(parse: _Parse) -> Resolved:
    day = _the(parse, "N").number or 0
    month = int(_the(parse, "M").entry.value)
    if not 1 <= day <= 31:
        return None
    year_atom = _one(parse, "D")
    if year_atom is not None:
        if _era(year_atom, parse) == "hijri":
            return None
        date = _safe_date(year_atom.number or 0, month, day)
        return None if date is None else _since((date, date, "day"), parse, relative=False)
    if parse.published is None:
        return _since((None, None, "day"), parse)
    year = _year_of_month(month, _anchor(parse), parse.published)
    date = _safe_date(year, month, min(day, _month_length(year, month)))
    return _since((date, date, "day"), parse)


def _rule_day_hijri(parse: _Parse) -> Resolved:
    day = _the(parse, "N").number or 0
    month = int(_the(parse, "H").entry.value)
    if not 1 <= day <= 30:
        return None
    year_atom = _one(parse, "D")
    if year_atom is not None:
        if not _is_hijri_year(year_atom, parse):
            return None
        date = _from_hijri(year_atom.number or 0, month, day)
        return _since((date, date, "day"), parse, relative=False)
    if parse.published is None:
        return _since((None, None, "day"), parse)
    start, _ = _hijri_month_window(month, _anchor(parse), parse.published)
    date = start + dt.timedelta(days=day - 1)
    return _since((date, date, "day"), parse)


def _rule_day_of_period(parse: _Parse) -> Resolved:
    """A day of a month named relative to publication: "في 12 من الشهر الجاري"."""
    unit = _one(parse, "U")
    day = _the(parse, "N").number or 0
    anchor = _anchor(parse)
    if unit is None or unit.entry.value != "month" or anchor is None or not 1 <= day <= 31:
        return None
    if parse.published is None:
        return _since((None, None, "day"), parse)
    year, month = _shift_month(parse.published.year, parse.published.month, anchor)
    date = _safe_date(year, month, min(day, _month_length(year, month)))
    return _since((date, date, "day"), parse)


def _rule_month(parse: _Parse) -> Resolved:
    months = _of(parse, "M")
    month = int(months[0].entry.value)
    year_atom = _one(parse, "D")
    cued = len(months) > 1 or any(a.sym in "KDAB" for a in parse.atoms)
    if not cued and months[0].entry.extra == "cue":
        return None
    if year_atom is not None and _era(year_atom, parse) == "hijri":
        return None
    part = _one(parse, "B")
    if year_atom is not None:
        window = _part_of_month(year_atom.number or 0, month, part)
        return _since(window, parse, relative=False)
    if parse.published is None:
        return _since((None, None, _part_precision(part, "month")), parse)
    year = _year_of_month(month, _anchor(parse), parse.published)
    return _since(_part_of_month(year, month, part), parse)


def _rule_hijri_month(parse: _Parse) -> Resolved:
    month = int(_the(parse, "H").entry.value)
    year_atom = _one(parse, "D")
    if not any(a.sym in "KDAN" for a in parse.atoms):
        return None
    if year_atom is not None:
        if not _is_hijri_year(year_atom, parse):
            return None
        start = _from_hijri(year_atom.number or 0, month, 1)
        return _since((start, _hijri_month_end(year_atom.number or 0, month), "month"), parse, relative=False)
    if parse.published is None:
        return _since((None, None, "month"), parse)
    start, end = _hijri_month_window(month, _anchor(parse), parse.published)
    return _since((start, end, "month"), parse)


def _rule_year(parse: _Parse) -> Resolved:
    year_atom = _the(parse, "D")
    year = year_atom.number or 0
    era = _era(year_atom, parse)
    context = any(a.sym in "BSY" for a in parse.atoms) or era == "gregorian"
    if era == "hijri":
        return None
    if not context and not _bare_year(parse, year_atom):
        return None
    if not 1900 <= year <= 2100:
        return None
    return _since(_part_of_year(year, parse), parse, relative=False)


def _bare_year(parse: _Parse, atom: _Atom) -> bool:
    """A lone four-digit number after a preposition, ending a phrase: "في 2019،", "منذ 2011."."""
    if parse.prefix == "Z":
        preceded = True
    else:
        preceded = _preceding_word(parse.norm, atom.start - len(atom.clitic))[0] in parse.lexicon.year_prepositions
    after = parse.norm[atom.end : atom.end + 2].lstrip(" ")
    return preceded and (not after or not after[0].isalnum())


def _rule_day(parse: _Parse) -> Resolved:
    day = _one(parse, "R")
    assert day is not None
    if "ل" in day.clitic or "ك" in day.clitic:
        return None  # "لليوم السابع": a count of days, not today
    if int(day.entry.value) == 0 and day is parse.atoms[-1] and _followed_by_definite_word(parse.norm, day.end):
        return None  # "اليوم التالي", "اليوم الثالث": a day relative to the story, not to publication
    if parse.published is None:
        return _since((None, None, "day"), parse)
    date = parse.published + dt.timedelta(days=int(day.entry.value))
    return _since((date, date, "day"), parse)


def _followed_by_definite_word(norm: str, end: int) -> bool:
    return norm.startswith(" ال", end) or norm.startswith(" لل", end)


def _rule_weekday(parse: _Parse) -> Resolved:
    days = _of(parse, "W")
    after_day_word = any(a.sym in "PV" for a in parse.atoms)
    if any(d.entry.extra == "strict" for d in days) and not after_day_word:
        return None
    cued = after_day_word or len(days) > 1 or _one(parse, "A") is not None
    if not cued and days[0].entry.extra == "cue" and not _between_punctuation(parse.norm, days[0]):
        return None
    if parse.published is None:
        return _since((None, None, "day"), parse)
    anchor = _anchor(parse)
    last = _weekday_on_or_before(int(days[-1].entry.value), parse.published, strictly=anchor == -1)
    if anchor is not None and anchor > 0:
        last = _weekday_after(int(days[-1].entry.value), parse.published)
    first = last
    if len(days) > 1:
        first = last - dt.timedelta(days=(int(days[-1].entry.value) - int(days[0].entry.value)) % 7)
        part = _one(parse, "P")
        if part is not None and part.entry.extra == "after_midnight":
            first = last  # "بعد منتصف ليل الخميس - الجمعة" is Friday
    return _since((first, last, "day"), parse)


def _between_punctuation(norm: str, atom: _Atom) -> bool:
    before = atom.start - len(atom.clitic)  # past the spaces, without copying the text
    while before > 0 and norm[before - 1] == " ":
        before -= 1
    after = atom.end
    while after < len(norm) and norm[after] == " ":
        after += 1
    return (before == 0 or norm[before - 1] in ",(\n") or (after == len(norm) or norm[after] in ",.)\n")


def _rule_period(parse: _Parse) -> Resolved:
    """Units with an anchor, a count or a since/ago prefix: "الشهر الماضي", "منذ عدة أيام"."""
    unit_atom = _of(parse, "U", "Y", "K", "V")[0]
    if _labelled(parse, unit_atom):
        return None
    unit = _unit_of(unit_atom)
    count = _count(parse, unit_atom)
    anchor = _anchor(parse)
    season = _one(parse, "S")
    part = _one(parse, "B")
    singular = count == 1 and not _of(parse, "N", "C")
    if parse.prefix in ("Z", "Q") and anchor is None and part is None and season is None:
        return _duration(parse, unit, count)
    if singular and (anchor is not None or part is not None or season is not None):
        if season is not None and unit != "year":
            return None
        return _since(_calendar(parse, unit, anchor or 0, part, season), parse)
    if not singular and anchor == -1:
        return _since(_last(parse, unit, count), parse)
    return None


def _labelled(parse: _Parse, unit_atom: _Atom) -> bool:
    """A number after a singular unit names it ("الساعة 10"); after a plural it counts
    ("الساعات 24 الماضية")."""
    after = parse.atoms[parse.atoms.index(unit_atom) + 1 :]
    return _own_count(unit_atom) == 1 and any(a.sym in "NC" for a in after)


def _rule_recent(parse: _Parse) -> Resolved:
    entry = _the(parse, "X").entry
    precision = _PRECISIONS.get(entry.extra, "unknown")
    p = parse.published
    if p is None:
        return (None, None, precision), True
    earliest = p - dt.timedelta(days=int(entry.value)) if entry.value else None
    return (earliest, p, precision), True


_RULES: dict[str, Callable[[_Parse], Resolved]] = {
    "full": _rule_full,
    "day_month": _rule_day_month,
    "day_hijri": _rule_day_hijri,
    "day_of_period": _rule_day_of_period,
    "month": _rule_month,
    "hijri_month": _rule_hijri_month,
    "year": _rule_year,
    "day": _rule_day,
    "weekday": _rule_weekday,
    "period": _rule_period,
    "recent": _rule_recent,
}


# --- windows --------------------------------------------------------------------------------


def _since(window: Window, parse: _Parse, *, relative: bool = True) -> Resolved:
    """Apply a منذ prefix ("since E": from E to publication); other windows pass through."""
    earliest, _, precision = window
    if parse.prefix != "Z":
        return window, relative
    p = parse.published
    if earliest is None or p is None:
        return (earliest, None, "unknown" if earliest is not None else precision), True
    return (earliest, max(p, earliest), _precision_of_span(earliest, max(p, earliest))), True


def _duration(parse: _Parse, unit: str, count: int | None) -> Resolved:
    """With منذ from then to publication ("منذ 3 أيام"); with قبل that day, week, month or year ("قبل يومين")."""
    units = parse.lexicon.units
    vague = count is None
    n = units.vague[unit] if vague else count or 0
    p = parse.published
    if p is None:
        return (None, None, _unit_precision(unit) if parse.prefix == "Q" and not vague else "unknown"), True
    back = p - dt.timedelta(days=_days(units, n, unit))
    if parse.prefix == "Z":
        return (back, p, _precision_of_span(back, p)), True
    if vague:  # "قبل أيام": between a handful of units and one unit ago
        latest = p - dt.timedelta(days=int(units.hours[unit] // 24))
        return (back, latest, _precision_of_span(back, latest)), True
    if unit in ("hour", "day"):
        return (back, back if unit == "day" else p, "day"), True
    if unit == "week":
        return (back - dt.timedelta(days=3), back + dt.timedelta(days=3), "week"), True
    if unit == "month":
        year, month = _shift_month(p.year, p.month, -n)
        return _month_window(year, month), True
    return (dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31), "year"), True


def _calendar(parse: _Parse, unit: str, anchor: int, part: _Atom | None, season: _Atom | None) -> Window:
    """The calendar unit ``anchor`` steps from publication's: "الأسبوع الماضي", "مطلع العام الجاري"."""
    p = parse.published
    precision = _unit_precision(unit) if part is None and season is None else _part_precision(part, unit)
    if p is None:
        return None, None, precision
    if unit in ("day", "hour"):
        day = p + dt.timedelta(days=anchor)
        return day, day, "day"
    if unit == "week":
        start = week_start_before(p, parse.lexicon.week_start) + dt.timedelta(weeks=anchor)
        return start, _until_publication(start + dt.timedelta(days=6), p, anchor, part), "week"
    if unit == "month":
        year, month = _shift_month(p.year, p.month, anchor)
        earliest, latest, precision = _part_of_month(year, month, part)
        return earliest, _until_publication(latest, p, anchor, part), precision
    earliest, latest, precision = _year_window(p.year + anchor, part, season)
    return earliest, _until_publication(latest, p, anchor, part or season), precision


def _until_publication(latest: dt.date | None, p: dt.date, anchor: int, part: _Atom | None) -> dt.date | None:
    """The current unit ("الشهر الجاري") ends at publication: what is reported has happened by then."""
    if anchor == 0 and part is None and latest is not None:
        return min(latest, p)
    return latest


def _last(parse: _Parse, unit: str, count: int | None) -> Window:
    """The last ``count`` units up to publication: "خلال الساعات الماضية", "الأيام الأخيرة"."""
    units = parse.lexicon.units
    n = units.vague[unit] if count is None else count
    p = parse.published
    if p is None:
        return None, None, _precision_of_days(_days(units, n, unit))
    earliest = p - dt.timedelta(days=_days(units, n, unit))
    return earliest, p, _precision_of_span(earliest, p)


def _count(parse: _Parse, unit_atom: _Atom) -> int | None:
    """The number of units: a digit or number word, the dual of the unit, 1 for a singular; None if vague."""
    numbers = [a for a in _of(parse, "N", "C") if a is not unit_atom]
    if numbers:
        values = [a.number for a in numbers]
        return None if None in values else sum(v or 0 for v in values)
    return _own_count(unit_atom)


def _own_count(unit_atom: _Atom) -> int | None:
    """1 for a singular unit, 2 for a dual, None for a plural."""
    extra = unit_atom.entry.extra if unit_atom.sym == "U" else unit_atom.entry.value
    return int(extra) if extra else None


def _unit_of(atom: _Atom) -> str:
    return {"V": "day", "K": "month", "Y": "year"}.get(atom.sym) or atom.entry.value


def _part_of_month(year: int, month: int, part: _Atom | None) -> Window:
    last_day = _month_length(year, month)
    if part is None:
        return dt.date(year, month, 1), dt.date(year, month, last_day), "month"
    first, last = _part_range(part, 0)
    return dt.date(year, month, min(first, last_day)), dt.date(year, month, min(last, last_day)), "week"


def _part_of_year(year: int, parse: _Parse) -> Window:
    return _year_window(year, _one(parse, "B"), _one(parse, "S"))


def _year_window(year: int, part: _Atom | None, season: _Atom | None) -> Window:
    if season is not None:
        first, last = (int(x) for x in season.entry.value.split("-"))
        start_year = year - 1 if first > last else year  # winter: December of the year before
        end = dt.date(year, last, _month_length(year, last))
        return dt.date(start_year, first, 1), end, "month"
    if part is not None:
        first, last = _part_range(part, 1)
        return dt.date(year, first, 1), dt.date(year, last, _month_length(year, last)), "month"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _part_range(part: _Atom, which: int) -> tuple[int, int]:
    """Days of a month (which=0) or months of a year (which=1) that "أوائل"/"منتصف"/"أواخر" cover."""
    first, last = part.entry.extra.split(";")[which].split("-")
    return int(first), int(last)


def _part_precision(part: _Atom | None, unit: str) -> Precision:
    return "week" if unit == "month" and part is not None else "month"


def _unit_precision(unit: str) -> Precision:
    return "day" if unit == "hour" else _PRECISIONS[unit]


def _precision_of_span(earliest: dt.date, latest: dt.date) -> Precision:
    return _precision_of_days((latest - earliest).days)


def _precision_of_days(days: int) -> Precision:
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    if days <= 366:
        return "year"
    return "unknown"


# --- calendar arithmetic ------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_window(year: int, month: int) -> Window:
    return dt.date(year, month, 1), dt.date(year, month, _month_length(year, month)), "month"


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _year_of_month(month: int, anchor: int | None, p: dt.date) -> int:
    """The year of a month named without one (see the module docstring)."""
    if anchor is not None and anchor < 0:
        return p.year if month < p.month else p.year - 1
    if anchor is not None and anchor > 0:
        return p.year if month > p.month else p.year + 1
    if anchor == 0 or month <= p.month:
        return p.year
    ahead = (dt.date(p.year, month, 1) - p).days
    return p.year if ahead <= 31 else p.year - 1


def _weekday_on_or_before(weekday: int, p: dt.date, *, strictly: bool = False) -> dt.date:
    back = (p.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return p - dt.timedelta(days=back)


def _weekday_after(weekday: int, p: dt.date) -> dt.date:
    return p + dt.timedelta(days=(weekday - p.weekday()) % 7 or 7)


def _era(atom: _Atom, parse: _Parse) -> str:
    """The calendar ("gregorian" / "hijri") of a mark glued to the year or an era word after it; "" if none."""
    if atom.entry.kind == "era":
        return atom.entry.value
    index = parse.atoms.index(atom)
    after = parse.atoms[index + 1] if index + 1 < len(parse.atoms) else None
    return after.entry.value if after is not None and after.sym == "T" else ""


def _is_hijri_year(atom: _Atom, parse: _Parse) -> bool:
    return _era(atom, parse) != "gregorian" and 1300 <= (atom.number or 0) <= 1600


# Tabular Islamic calendar: 30-year cycle of 354/355-day years, epoch 1 Muharram 1 AH =
# 19 July 622 (proleptic Gregorian). Sighted months can start a day or two apart from it.
_HIJRI_EPOCH = dt.date(622, 7, 19).toordinal()


def _hijri_ordinal(year: int, month: int, day: int) -> int:
    return day + (59 * (month - 1) + 1) // 2 + (year - 1) * 354 + (3 + 11 * year) // 30 + _HIJRI_EPOCH - 1


def _from_hijri(year: int, month: int, day: int) -> dt.date:
    return dt.date.fromordinal(_hijri_ordinal(year, month, day))


def _to_hijri(date: dt.date) -> tuple[int, int, int]:
    ordinal = date.toordinal()
    year = (30 * (ordinal - _HIJRI_EPOCH) + 10646) // 10631
    month = min(12, ceil((ordinal - 29 - _hijri_ordinal(year, 1, 1)) / 29.5) + 1)
    return year, month, ordinal - _hijri_ordinal(year, month, 1) + 1


def _hijri_month_end(year: int, month: int) -> dt.date:
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _from_hijri(next_year, next_month, 1) - dt.timedelta(days=1)


def _hijri_month_window(month: int, anchor: int | None, p: dt.date) -> tuple[dt.date, dt.date]:
    """The Hijri month of that name nearest before publication (strictly before with الماضي)."""
    year, current, _ = _to_hijri(p)
    if anchor is not None and anchor > 0:
        year = year if month > current else year + 1
    elif (anchor is not None and anchor < 0 and month >= current) or month > current:
        year -= 1
    return _from_hijri(year, month, 1), _hijri_month_end(year, month)
