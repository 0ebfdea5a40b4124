"""Temporal expressions -> date windows: "12 آذار 2021", "الرابع من نيسان", "أول جمعة من رمضان", "مساء امبارح".

The words are in the pack's ``dates.tsv``, ``dates_units.tsv``, ``ordinals.tsv`` and ``holidays.tsv``
(numbers in words come from ``numbers.tsv``). Each word or number found in the text becomes an atom
with a one-letter symbol; the gaps between neighbouring atoms become symbols too ("_" a space, "o"
the word من, "t" إلى/حتى, "=" في/الموافق, "&" و, "/" "(" ")" "-" "," themselves, "|" anything
else). The grammar of date expressions is a list of regular expressions over that string of
symbols, one per family (see ``_FAMILIES``), and each family has one rule that turns its atoms
into a window; where a family matches but its rule finds no date, the next family that matches
at the same place is tried.

Resolution against ``published_at`` (p), in the readings of news:
- a month name without a year is the latest such month that starts on or before p, or one at
  most a month ahead (an announced plan); with الماضي it is strictly before p's month, with
  المقبل strictly after (so "آب الماضي" in August means the August of the year before); a weekday
  given with the date picks, among the neighbouring years, the one where the date falls on it;
- a weekday is the latest such day on or before p (with الماضي strictly before p); a weekday
  with a day number but no month is the latest such date on or before p;
- a range of months ("من آذار إلى أيار") ends with the last month read as above and starts with
  the latest of the first month's name before it; a range of years needs من/بين, إلى, or a dual
  year word ("عامي 2014 و2015");
- a day and month in digits ("12/3") is a date only beside a weekday, يوم or an anchor;
- a holiday is resolved like a month name: the latest one that started on or before p, or one
  starting at most a month ahead; with الماضي the last one over, with المقبل the next one;
- "خلال" + a duration is the window that ends at p ("قتل مئة خلال أسبوعين"); with المقبل the
  window that starts at p;
- weeks start on the pack's ``week_start`` (Saturday in the Syrian calendar week); "the n-th
  week" of a month is its days 7n-6 to 7n;
- Hijri dates are Umm al-Qura (``calendars.py``);
- without p, relative expressions keep their span and precision and have no dates; explicit
  dates with a year are still resolved;
- a date outside the representable range (years 1-9999, Umm al-Qura's 1343-1500 AH) is no date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from itertools import pairwise
from math import ceil
from typing import Any, NamedTuple

import msgspec

from .calendars import (
    HijriCalendar,
    Window,
    add_days,
    month_length,
    month_window,
    nth_weekday,
    safe_date,
    shift_month,
    umm_al_qura,
    weekday_after,
    weekday_on_or_before,
)
from .matcher import Matcher
from .mention import Mention, Projection, mention
from .model import DateEntity, DateRef, Precision
from .pack import Pack, Row, week_start_before
from .text import NormalizedText

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


_DATE_REF = Projection(DateInfo, DateRef)


def to_ref(m: DateMention) -> DateRef:
    return _DATE_REF(m)


_DATE_ENTITY = Projection(DateInfo, DateEntity)


def to_entity(m: DateMention) -> DateEntity:
    return _DATE_ENTITY(m)


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
    "ordinal": "O",
    "holiday": "E",
}
_NUMBER_KINDS = ("unit", "ten")  # single number words usable as counts ("قبل ثلاثة أيام")
_GAP_KINDS = {"through": "t", "apposition": "="}  # words between two atoms, read as one gap symbol
_SET_KINDS = ("era_mark", "year_preposition", "range_start", "label", "number_sense", *_GAP_KINDS)  # word sets


class _Entry(NamedTuple):
    kind: str
    value: str
    extra: str


class _Units(NamedTuple):
    hours: dict[str, float]  # unit -> length in hours
    vague: dict[str, int]  # unit -> count a vague plural stands for


class DateOffset(NamedTuple):
    """Where the event named after a phrase lies from its sentence's own event, in days."""

    first: int
    last: int


OffsetMention = Mention[DateOffset]


class DateLexicon(NamedTuple):
    matcher: Matcher[_Entry]
    units: _Units
    era_marks: dict[str, str]  # one-letter mark after a year -> its calendar ("م", "هـ")
    year_prepositions: frozenset[str]  # words after which a lone year stands: في 2019, منذ 2011
    week_start: int  # Python weekday the calendar week begins on
    gaps: dict[str, str]  # normalized words between two atoms -> gap symbol ("من" o, "الي" t, "و" &)
    range_starts: frozenset[str]  # words that open a range and belong to its span: من, بين
    labels: frozenset[str]  # words after which digits are a number, not a date: رقم
    # Words before / after which الاثنين, الأحد are "both", "the one": كلا الاثنين, الاثنين معا
    number_sense: tuple[frozenset[str], frozenset[str]]
    hijri: HijriCalendar
    offsets: Matcher[DateOffset] | None = None  # date_offsets.tsv: "غداة", "بعد أربعة أيام على"


_WORD_KINDS = frozenset(_SYMBOLS) - {"ordinal", "holiday"} | set(_SET_KINDS)
_YEAR_PREPOSITION_KINDS = ("year_preposition", "since", "ago", "during")


def build_date_lexicon(pack: Pack, number_rows: list[Row]) -> DateLexicon:
    """``number_rows``: numbers.tsv, whose single number words also count periods ("ثلاثة أيام")
    and whose tens make the ordinals above ten ("العشرين")."""
    rows = pack.rows("dates.tsv", columns=("key", "kind", "value", "extra"))
    for row in rows:
        if row["kind"] not in _WORD_KINDS:
            raise pack.fail(row, f"kind {row['kind']!r} is not a kind of date word")
    words = [r for r in rows if r["kind"] not in _SET_KINDS]
    entries = [(r["key"], _Entry(r["kind"], r["value"], r["extra"] or "")) for r in words]
    numbers = [(r["key"], _Entry("count", r["value"], "")) for r in number_rows if r["kind"] in _NUMBER_KINDS]
    tens = [(r["key"], int(r["value"])) for r in number_rows if r["kind"] == "ten"]
    unit_rows = pack.rows("dates_units.tsv", columns=("unit", "hours", "vague"))
    gaps = {pack.key(r["key"]): _GAP_KINDS[r["kind"]] for r in rows if r["kind"] in _GAP_KINDS}
    return DateLexicon(
        matcher=Matcher(entries + numbers + _ordinals(pack, tens) + _holidays(pack), pack.normalizer),
        units=_Units(
            {r["unit"]: float(r["hours"]) for r in unit_rows}, {r["unit"]: int(r["vague"]) for r in unit_rows}
        ),
        era_marks={pack.key(r["key"]): r["value"] for r in rows if r["kind"] == "era_mark"},
        year_prepositions=year_prepositions(pack, rows),
        week_start=pack.region.week_start,
        gaps={"من": "o", "و": "&"} | gaps,
        range_starts=_keys_of(pack, rows, "range_start"),
        labels=_keys_of(pack, rows, "label"),
        number_sense=_number_sense(pack, rows),
        hijri=umm_al_qura(),
        offsets=_offsets(pack),
    )


_OFFSETS = "date_offsets.tsv"


def _offsets(pack: Pack) -> Matcher[DateOffset] | None:
    """The phrases of ``date_offsets.tsv`` (a pack may ship none)."""
    if not (pack.path / _OFFSETS).exists():
        return None
    entries = []
    for row in pack.rows(_OFFSETS, columns=("phrase", "from", "to")):
        try:
            first, last = int(row["from"]), int(row["to"])
        except ValueError:
            raise pack.fail(row, f"days {row['from']!r}-{row['to']!r} are not whole numbers") from None
        if first > last:
            raise pack.fail(row, f"from {first} is after to {last}")
        entries.append((row["phrase"], DateOffset(first, last)))
    return Matcher(entries, pack.normalizer)


def _keys_of(pack: Pack, rows: list[Row], kind: str) -> frozenset[str]:
    return frozenset(pack.key(r["key"]) for r in rows if r["kind"] == kind)


def _number_sense(pack: Pack, rows: list[Row]) -> tuple[frozenset[str], frozenset[str]]:
    sides = {"before": set(), "after": set()}
    for row in rows:
        if row["kind"] == "number_sense":
            if row["extra"] not in sides:
                raise pack.fail(row, f"number_sense side {row['extra']!r} is not before or after")
            sides[row["extra"]].add(pack.key(row["key"]))
    return frozenset(sides["before"]), frozenset(sides["after"])


def _ordinals(pack: Pack, tens: list[tuple[str, int]]) -> list[tuple[str, _Entry]]:
    """Ordinal words 1-99 from ordinals.tsv and the tens of numbers.tsv: "الثالث", "الثالثة عشرة",
    "العشرين", "الحادي والعشرين", and the construct forms "ثاني", "ثالث" ("ثاني جمعة")."""
    rows = pack.rows("ordinals.tsv", columns=("key", "value", "gender", "form"))
    found: list[tuple[str, _Entry]] = []
    for row in rows:
        if row["gender"] not in ("m", "f") or row["form"] not in ("alone", "compound", "both"):
            raise pack.fail(row, "gender must be m or f, form alone, compound or both")
        key, value, gender = row["key"], int(row["value"]), row["gender"]
        if row["form"] != "compound":
            found.append((key, _Entry("ordinal", str(value), gender)))
            if value > 1:
                found.append((key.removeprefix("ال"), _Entry("ordinal", str(value), "")))
        if row["form"] != "alone":
            found += [(f"{key} {teen}", _Entry("ordinal", str(value + 10), gender)) for teen in ("عشر", "عشرة")]
            found += [(f"{key} وال{ten}", _Entry("ordinal", str(value + n), gender)) for ten, n in tens]
    return found + [(f"ال{ten}", _Entry("ordinal", str(n), "")) for ten, n in tens]


_CALENDARS = ("gregorian", "hijri")


def _holidays(pack: Pack) -> list[tuple[str, _Entry]]:
    """holidays.tsv: each name an atom whose value is its calendar, extra "month-day-days"."""
    rows = pack.rows("holidays.tsv", columns=("key", "calendar", "month", "day", "days"))
    found = []
    for row in rows:
        numbers = (row["month"], row["day"], row["days"])
        if row["calendar"] not in _CALENDARS or not all(n.isdigit() for n in numbers) or not 1 <= int(numbers[0]) <= 12:
            raise pack.fail(row, "calendar must be gregorian or hijri; month 1-12, day and days whole numbers")
        found.append((row["key"], _Entry("holiday", row["calendar"], "-".join(numbers))))
    return found


def year_prepositions(pack: Pack, rows: list[Row]) -> frozenset[str]:
    """Words after which a lone four-digit number is a year (dates.tsv: year_preposition, since, ago, during)."""
    return frozenset(pack.key(r["key"]) for r in rows if r["kind"] in _YEAR_PREPOSITION_KINDS)


def matchers(lexicon: DateLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.matcher,) if lexicon.offsets is None else (lexicon.matcher, lexicon.offsets)


# --- a date told by another event ("غداة", "بعد أربعة أيام على") ------------------------


def find_offsets(text: NormalizedText, lexicon: DateLexicon) -> list[OffsetMention]:
    """The phrases that date the event after them by their sentence's own event, in text order."""
    if lexicon.offsets is None:
        return []
    return [mention(text, m.start, m.end, m.values[0]) for m in lexicon.offsets.find(text)]


_OFFSET_GAP = 2  # characters between an offset phrase and the event word it dates


def dated_by_another(
    text: NormalizedText,
    trigger_start: int,
    clause: tuple[int, int],
    offsets: list[OffsetMention],
    dates: list[DateMention],
    published: dt.date | None,
) -> DateMention | None:
    """The date of an event named right after an offset phrase and dated by no word of its own
    clause after it: the offset from the sentence's own day, the last date named before the
    phrase ("قصفت ... أمس، غداة هجوم"), else the news day (publication or the day before). The
    span is the phrase's."""
    offset = next((o for o in offsets if 0 <= trigger_start - o.end <= _OFFSET_GAP), None)
    if offset is None or any(trigger_start < d.start < clause[1] for d in dates):
        return None
    start, _ = text.sentences[text.sentence_index(trigger_start)]
    anchors = [d for d in dates if start <= d.start and d.end <= offset.start and d.value.earliest and d.value.latest]
    if anchors:
        earliest, latest = anchors[-1].value.earliest, anchors[-1].value.latest
    elif published is not None:
        earliest, latest = published - dt.timedelta(days=1), published
    else:
        return None
    assert earliest is not None and latest is not None
    first = earliest + dt.timedelta(days=offset.value.first)
    last = latest + dt.timedelta(days=offset.value.last)
    info = DateInfo(earliest=first, latest=last, precision=_precision_of(last - first), relative=True)
    return mention(text, offset.start, offset.end, info)


def _precision_of(width: dt.timedelta) -> Precision:
    return "day" if width.days <= 1 else "week" if width.days <= 7 else "month"


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
    number: int | None = None  # digits, or the value of a number word; the first day of a range
    date: dt.date | None = None  # a numeric full date, or the first day of a numeric month
    upto: int | None = None  # the last day of a numeric range ("13-15")
    month: int | None = None  # the month of a numeric day and month ("12/3")


_DIGITS = re.compile(r"[0-9](?:[0-9]|[/.,:-](?=[0-9]))*")  # normalized digits are ASCII; this form scans fastest
_FULL_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})|(\d{4})([/.-])(\d{1,2})\6(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})|(\d{4})/(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")
_DAY_RANGE = re.compile(r"(\d{1,2})-(\d{1,2})")
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
    if digits.isdigit():
        if len(digits) <= 2:
            return _Atom(start, end, "N", _NO_ENTRY, clitic, number=int(digits))
        if len(digits) == 4:
            entry = _Entry("era", era, "") if era else _NO_ENTRY
            return _Atom(start, end_with_era, "D", entry, clitic, number=int(digits))
        return _Atom(start, end, "#", _NO_ENTRY, clitic)
    full = _FULL_DATE.fullmatch(digits)
    if full:
        day, month, year = full.group(1, 3, 4) if full[1] else full.group(8, 7, 5)
        date = safe_date(int(year), int(month), int(day))
        return None if date is None else _Atom(start, end, "F", _NO_ENTRY, clitic, date=date)
    month_year = _MONTH_YEAR.fullmatch(digits)
    if month_year:
        month, year = month_year.group(1, 2) if month_year[1] else month_year.group(4, 3)
        first = safe_date(int(year), int(month), 1)
        return None if first is None else _Atom(start, end, "m", _NO_ENTRY, clitic, date=first)
    day_month = _DAY_MONTH.fullmatch(digits)
    if day_month and 1 <= int(day_month[1]) <= 31 and 1 <= int(day_month[2]) <= 12:
        return _Atom(start, end, "d", _NO_ENTRY, clitic, number=int(day_month[1]), month=int(day_month[2]))
    days = _DAY_RANGE.fullmatch(digits)
    if days and 1 <= int(days[1]) < int(days[2]) <= 31:
        return _Atom(start, end, "r", _NO_ENTRY, clitic, number=int(days[1]), upto=int(days[2]))
    return _Atom(start, end, "#", _NO_ENTRY, clitic)  # "1,200", "10:30", "20-45"


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
        number = int(entry.value) if entry.kind in ("count", "ordinal") and entry.value else None
        atoms.append(_Atom(match.start, match.end, _SYMBOLS[entry.kind], entry, match.clitic, number))
    return atoms


def _gap(norm: str, left: _Atom, right: _Atom, gaps: dict[str, str]) -> str:
    between = norm[left.end : right.start - len(right.clitic)]
    if "\n" in between:
        return "|"
    stripped = between.strip()
    if not stripped:
        return "&" if right.clitic.startswith("و") else "_"
    if stripped in ("/", "(", ")", "-", ","):
        return stripped
    return gaps.get(stripped, "|")


# --- grammar: one regular expression per family, tried in this order -----------------------

_MONTHS = r"M(?:[/(]M)?"  # "آذار/مارس", "أيار (مايو)"
_DAY = "[NO]"  # a day of the month: digits or an ordinal word
# "... 2019", "... 1440 هـ", "... الماضي", "... من عام 2016", "... من العام الماضي"
_YEAR_AFTER = r"(?:[_)]D(?:_T)?|[_)]A|o(?:Y_)?D(?:_T)?|oY_A)?"
# What "the n-th ... of" and "the last ... of" reach into: a month (named, Hijri, or relative),
# or a year.
_OF = rf"(?:(?:K_)?(?:{_MONTHS}|H){_YEAR_AFTER}|(?:G_)?U(?:_A)?|Y(?:_A|_D(?:_T)?)?|D(?:_T)?)"
_FAMILIES: tuple[tuple[str, str], ...] = (
    ("full", r"(?:W[_,(=])?F"),
    ("nth", rf"(?:[OB]_[WUVR]|[WUVR]_[OA])o{_OF}"),
    (
        "day_range",
        rf"(?:V_)?(?:{_DAY}(?:_{_MONTHS})?[t&-]{_DAY}|r)[_o](?:K_)?{_MONTHS}{_YEAR_AFTER}|(?:K_)?{_MONTHS}_r",
    ),
    ("year_range", r"(?:[YU]_)?D[t&](?:Y_)?D"),
    ("month_range", rf"(?:K_)?{_MONTHS}(?:_D)?[t&](?:K_)?{_MONTHS}{_YEAR_AFTER}"),
    ("day_month", rf"(?:[PV]_)?(?:W[_,(=])?{_DAY}[_o](?:K_)?{_MONTHS}{_YEAR_AFTER}"),
    ("numeric_day", r"(?:[PV]_)?(?:V_)?W[_,(=]d\)?(?:_A)?|(?:P_)?V_d(?:_A)?|d_A"),
    ("day_hijri", rf"(?:[PV]_)?(?:W[_,(=])?{_DAY}[_o](?:K_)?H(?:_D(?:_T)?|_A)?"),
    # "الخامس من الشهر الجاري", "غرة الشهر" (an ordinal in construct, no من)
    ("day_of_period", rf"(?:[PV]_)?(?:W[_,(=])?(?:{_DAY}o|O_)(?:G_)?U(?:_A)?"),
    ("holiday", r"(?:(?:[OB]_U|[PV])_)?E(?:_A|_Y_D(?:_T)?|_D(?:_T)?)?"),
    ("numeric_month", r"(?:K_)?m|K_[NC](?:_A)?|U_O"),
    ("weekday_day", r"(?:[PV]_)?(?:V_)?W_O"),
    ("month", rf"(?:B[_o])?(?:K_)?{_MONTHS}{_YEAR_AFTER}"),
    ("hijri_month", r"(?:B[_o])?(?:K_)?H(?:_D(?:_T)?|_A)?"),
    ("year", r"(?:[BS][_o])?(?:Y_)?D(?:_T)?"),
    ("day", r"(?:P_)?(?:V_)?R(?:[_(,]W)?"),
    # "ليل الاثنين الثلاثاء": a night named by the two days it joins, with no dash between them
    ("weekday", r"P_(?:V_)?W_W(?:_A)?|(?:P_)?(?:V_)?W(?:[-&/t]W)?(?:_A)?"),
    ("period", r"(?:[BS][_o])?(?:G_)?(?:[NC]_)?[UYKV](?:_[NC])?(?:_A)?"),
    ("recent", r"X"),
)
_GRAMMAR = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _FAMILIES))
_FAMILY = {name: re.compile(pattern) for name, pattern in _FAMILIES}
_NAMES = [name for name, _ in _FAMILIES]
_NAME_INDEX = {name: index for index, name in enumerate(_NAMES)}
_PREFIXES = "ZQL~"  # since, ago, during, approx: looked for before a match
_JOINS = frozenset("t&-r")  # a range: its span takes a من or بين before it


class _Parse(NamedTuple):
    atoms: list[_Atom]
    symbols: str  # the matched symbols: atoms at even positions, gaps between them
    prefix: str  # "Z" | "Q" | "L" | ""
    norm: str
    published: dt.date | None
    lexicon: DateLexicon


def publication_day(published_at: dt.date | None) -> dt.date | None:
    """The calendar day of a publication date (a caller's datetime keeps only its day)."""
    return published_at.date() if isinstance(published_at, dt.datetime) else published_at


def find_dates(text: NormalizedText, lexicon: DateLexicon, published_at: dt.date | None) -> list[DateMention]:
    """Temporal expressions in text order, resolved against ``published_at``."""
    published_at = publication_day(published_at)
    norm = text.norm
    atoms = sorted(_word_atoms(text, lexicon.matcher) + _number_atoms(norm, lexicon.era_marks))
    if not atoms:
        return []
    gaps = lexicon.gaps
    symbols = "".join(a.sym + _gap(norm, a, b, gaps) for a, b in pairwise(atoms)) + atoms[-1].sym + "|"
    found: list[DateMention] = []
    pos = 0
    while (m := _GRAMMAR.search(symbols, pos)) is not None:
        resolved = _first_resolved(symbols, m, atoms, norm, published_at, lexicon)
        if resolved is None:
            pos = m.start() + 2
            continue
        end, first_with_prefix, info = resolved
        span = symbols[m.start() : end]
        found.append(_mention(text, lexicon, atoms[first_with_prefix], atoms[(end - 1) // 2], span, info))
        pos = end
    return found


def _first_resolved(
    symbols: str,
    found: re.Match[str],
    atoms: list[_Atom],
    norm: str,
    published: dt.date | None,
    lexicon: DateLexicon,
) -> tuple[int, int, DateInfo] | None:
    """The first family, from the one the grammar ``found`` on, that matches where it starts and
    whose rule finds a date: (end of its symbols, index of its first atom with a prefix, what it
    stands for)."""
    start, family = found.start(), found.lastgroup or ""
    first = start // 2
    for name in _NAMES[_NAME_INDEX[family] :]:
        m = found if name == family else _FAMILY[name].match(symbols, start)
        if m is None:
            continue
        last = (m.end() - 1) // 2
        first_with_prefix, prefix = _prefix(atoms, symbols, first)
        if prefix == "Q" and name != "period":
            first_with_prefix, prefix = first, ""  # "قبل الثلاثاء" is no date of its own
        parse = _Parse(atoms[first : last + 1], symbols[start : m.end()], prefix, norm, published, lexicon)
        if _story_relative(parse):
            continue
        try:
            resolved = _RULES[name](parse)
        except (OverflowError, ValueError):  # a date outside the representable range is no date
            resolved = None
        if resolved is not None:
            (earliest, latest, precision), relative = resolved
            return m.end(), first_with_prefix, DateInfo(earliest, latest, precision, relative)
    return None


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


def _story_relative(parse: _Parse) -> bool:
    """السابق / التالي before ل + a noun count from the story's events: "الأسبوع السابق للهجوم"."""
    last = parse.atoms[-1]
    return last.sym == "A" and last.entry.extra == "relational" and parse.norm.startswith(" ل", last.end)


def _mention(
    text: NormalizedText, lexicon: DateLexicon, first: _Atom, last: _Atom, symbols: str, info: DateInfo
) -> DateMention:
    norm = text.norm
    start = first.start - (len(first.clitic) if first.clitic == "ال" else 0)
    start = _with_preposition(norm, start, lexicon.range_starts if _JOINS.intersection(symbols) else frozenset())
    end = last.end
    if norm.count("(", start, end) > norm.count(")", start, end):
        close = end  # the first ")" after the span, when only whitespace comes before it
        while close < len(norm) and norm[close].isspace():
            close += 1
        if norm.startswith(")", close):
            end = close + 1
    return mention(text, start, end, info)


_PRECEDING_WORD = re.compile(r"(\w+) $")
_IN = ("في", "وفي", "ففي")


def _preceding_word(norm: str, pos: int) -> tuple[str, int]:
    m = _PRECEDING_WORD.search(norm, max(0, pos - 12), pos)
    if m is None or (m.start() > 0 and norm[m.start() - 1].isalnum()):
        return "", pos
    return m[1], m.start()


def _with_preposition(norm: str, start: int, range_starts: frozenset[str]) -> int:
    """Start the span at a "في" right before it ("في شهر آب الماضي"), leaving a glued و out, and
    a range at the من or بين that opens it ("من 13 إلى 15 تموز")."""
    word, word_start = _preceding_word(norm, start)
    if word in range_starts:
        return word_start
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


def _day_number(atom: _Atom | None) -> int:
    """The day an N or O atom names (0 when there is none)."""
    return (atom.number or 0) if atom is not None else 0


# explicit days and months ------------------------------------------------------------------


def _rule_full(parse: _Parse) -> Resolved:
    date = _the(parse, "F").date
    return _since((date, date, "day"), parse, relative=False)


def _rule_day_month(parse: _Parse) -> Resolved:
    return _day_of_month(parse, _day_number(_one_of(parse, "NO")), int(_the(parse, "M").entry.value))


def _rule_numeric_day(parse: _Parse) -> Resolved:
    """ "الثلاثاء 12/3", "يوم 12/3", "في 12/3 الماضي": a day and month in digits, read as one only
    beside a weekday, يوم or an anchor (alone, "12/3" may be a score or a ratio)."""
    numeric = _the(parse, "d")
    return _day_of_month(parse, numeric.number or 0, numeric.month or 0)


def _day_of_month(parse: _Parse, day: int, month: int) -> Resolved:
    if not 1 <= day <= 31:
        return None
    year_atom = _one(parse, "D")
    if year_atom is not None:
        if _era(year_atom, parse) == "hijri":
            return None
        date = safe_date(year_atom.number or 0, month, day)
        return None if date is None else _since((date, date, "day"), parse, relative=False)
    if parse.published is None:
        return _since((None, None, "day"), parse)
    year = _year_of_month(month, _anchor(parse), parse.published, _of_year(parse))
    weekday = _one(parse, "W")
    if weekday is not None and _anchor(parse) is None:
        year = _year_of_weekday(year, month, day, int(weekday.entry.value))
    date = safe_date(year, month, min(day, month_length(year, month)))
    return _since((date, date, "day"), parse)


def _one_of(parse: _Parse, syms: str) -> _Atom | None:
    return next((a for a in parse.atoms if a.sym in syms), None)


def _year_of_weekday(year: int, month: int, day: int, weekday: int) -> int:
    """Of ``year`` and the years either side, the first where the date falls on ``weekday``."""
    for candidate in (year, year - 1, year + 1):
        date = safe_date(candidate, month, day)
        if date is not None and date.weekday() == weekday:
            return candidate
    return year


def _rule_day_hijri(parse: _Parse) -> Resolved:
    day = _day_number(_one_of(parse, "NO"))
    month = int(_the(parse, "H").entry.value)
    if not 1 <= day <= 30:
        return None
    hijri = parse.lexicon.hijri
    year_atom = _one(parse, "D")
    if year_atom is not None:
        if not _is_hijri_year(year_atom, parse):
            return None
        date = hijri.from_hijri(year_atom.number or 0, month, day)
        return None if date is None else _since((date, date, "day"), parse, relative=False)
    if parse.published is None:
        return _since((None, None, "day"), parse)
    window = _hijri_month_window(hijri, month, _anchor(parse), parse.published)
    date = add_days(window[0], day - 1) if window is not None else None
    return None if date is None else _since((date, date, "day"), parse)


def _rule_day_of_period(parse: _Parse) -> Resolved:
    """A day of a month named relative to publication: "في 12 من الشهر الجاري", "في العاشر من الشهر".
    News tells what has happened: a day of the current month after publication ("في 20 من الشهر
    الحالي" on the 1st, "في 26 من الشهر نفسه" on the 8th) is the month before's, the phrase kept
    from an earlier report or pointing back at the month told."""
    unit = _one(parse, "U")
    day = _day_number(_one_of(parse, "NO"))
    anchor = _anchor(parse)
    if unit is None or unit.entry.value != "month" or _own_count(unit) != 1 or not 1 <= day <= 31:
        return None
    if parse.published is None:
        return _since((None, None, "day"), parse)
    p = parse.published
    if not anchor and day > p.day:
        anchor = -1  # a day of "this month" still to come was told last month ("في 20 من الشهر الحالي")
    year, month = shift_month(p.year, p.month, anchor or 0)
    date = safe_date(year, month, min(day, month_length(year, month)))
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
    year = _year_of_month(month, _anchor(parse), parse.published, _of_year(parse))
    return _since(_part_of_month(year, month, part), parse)


def _rule_hijri_month(parse: _Parse) -> Resolved:
    month = int(_the(parse, "H").entry.value)
    year_atom = _one(parse, "D")
    if not any(a.sym in "KDANB" for a in parse.atoms) and not _after_preposition(parse):
        return None  # "رمضان" alone is also a name
    hijri = parse.lexicon.hijri
    if year_atom is not None:
        if not _is_hijri_year(year_atom, parse):
            return None
        window = hijri.month_window(year_atom.number or 0, month)
        return None if window is None else _since((*window, "month"), parse, relative=False)
    if parse.published is None:
        return _since((None, None, "month"), parse)
    window = _hijri_month_window(hijri, month, _anchor(parse), parse.published)
    return None if window is None else _since((*window, "month"), parse)


def _after_preposition(parse: _Parse) -> bool:
    """The first atom follows في, منذ, خلال ...: "في رمضان"."""
    first = parse.atoms[0]
    word = _preceding_word(parse.norm, first.start - len(first.clitic))[0]
    return parse.prefix in ("Z", "L") or word in parse.lexicon.year_prepositions


def _rule_year(parse: _Parse) -> Resolved:
    year_atom = _the(parse, "D")
    year = year_atom.number or 0
    era = _era(year_atom, parse)
    context = any(a.sym in "BSY" for a in parse.atoms) or era == "gregorian"
    if era == "hijri":
        return None
    if not context and not _bare_year(parse, year_atom):
        return None
    if not _PLAUSIBLE_YEARS[0] <= year <= _PLAUSIBLE_YEARS[1]:
        return None
    return _since(_part_of_year(year, parse), parse, relative=False)


_PLAUSIBLE_YEARS = (1900, 2100)  # a four-digit number outside is a count or a label, not a year


def _bare_year(parse: _Parse, atom: _Atom) -> bool:
    """A lone four-digit number after a preposition, ending a phrase: "في 2019،", "منذ 2011."."""
    if parse.prefix == "Z":
        preceded = True
    else:
        preceded = _preceding_word(parse.norm, atom.start - len(atom.clitic))[0] in parse.lexicon.year_prepositions
    after = parse.norm[atom.end : atom.end + 2].lstrip(" ")
    return preceded and (not after or not after[0].isalnum())


# ranges ---------------------------------------------------------------------------------------


def _rule_day_range(parse: _Parse) -> Resolved:
    """Days of one month or two: "من 13 إلى 15 تموز", "يوليو 13-15", "من 28 شباط إلى 2 آذار"."""
    split = _join(parse)
    head, tail = parse.atoms[:split], parse.atoms[split:]
    numeric = _one(parse, "r")
    if numeric is not None:
        days = (numeric.number or 0, numeric.upto or 0)
    else:
        days = (_day_number(_first(head, "NO")), _day_number(_first(tail, "NO")))
    end_month = int(_of(parse, "M")[-1].entry.value)
    start_month = int(head_month.entry.value) if (head_month := _first(head, "M")) and numeric is None else end_month
    year_atom = _one(parse, "D")
    if year_atom is not None and _era(year_atom, parse) == "hijri":
        return None
    relative = year_atom is None
    if relative and parse.published is None:
        return _since((None, None, "day"), parse)
    end_year = (
        year_atom.number or 0 if year_atom is not None else _year_of_month(end_month, _anchor(parse), parse.published)
    )  # type: ignore[arg-type]
    start_year = end_year - 1 if start_month > end_month else end_year
    first, last = safe_date(start_year, start_month, days[0]), safe_date(end_year, end_month, days[1])
    if first is None or last is None or first >= last:
        return None
    return _since((first, last, "day"), parse, relative=relative)


def _join(parse: _Parse) -> int:
    """Index of the first atom after the range's join (إلى, و, -), or of the numeric range itself."""
    for index in range(len(parse.atoms) - 1):
        if parse.symbols[2 * index + 1] in "t&-":
            return index + 1
    return len(parse.atoms)


def _first(atoms: list[_Atom], syms: str) -> _Atom | None:
    return next((a for a in atoms if a.sym in syms), None)


def _rule_year_range(parse: _Parse) -> Resolved:
    """ "من 2014 إلى 2017", "بين 2011 و2013": a range needs its من/بين or an إلى."""
    first, last = (a.number or 0 for a in _of(parse, "D"))
    # "عامي 2014 و2015", "العامين 2011 و2015": a dual year word names both years and those between
    dual = any(a.entry.value == "2" if a.sym == "Y" else a.entry.extra == "2" for a in _of(parse, "Y", "U"))
    if not (dual or _a_range(parse)) or not _PLAUSIBLE_YEARS[0] <= first < last <= _PLAUSIBLE_YEARS[1]:
        return None
    return _since((dt.date(first, 1, 1), dt.date(last, 12, 31), "year"), parse, relative=False)


def _a_range(parse: _Parse) -> bool:
    """Two ends joined by إلى, or by و after من/بين: "في آذار وأيار" names two months, not those between."""
    opened = _preceding_word(parse.norm, parse.atoms[0].start)[0] in parse.lexicon.range_starts
    return opened or "t" in parse.symbols


def _rule_month_range(parse: _Parse) -> Resolved:
    """Whole months, the first up to the last: "من آذار إلى أيار", "بين تشرين الأول 2015 وآذار 2016".
    The last is read as a month alone is; the first is the latest of its name before it."""
    split = _join(parse)
    head, tail = parse.atoms[:split], parse.atoms[split:]
    start_month, end_month = (int(_first(part, "M").entry.value) for part in (head, tail))  # type: ignore[union-attr]
    head_year, tail_year = _first(head, "D"), _first(tail, "D")
    if not _a_range(parse) or any(y is not None and _era(y, parse) == "hijri" for y in (head_year, tail_year)):
        return None
    backwards = start_month > end_month  # "من تشرين الثاني إلى شباط": the turn of a year
    if tail_year is not None:
        end_year = tail_year.number or 0
    elif head_year is not None:
        end_year = (head_year.number or 0) + backwards
    elif parse.published is None:
        return _since((None, None, "month"), parse)
    else:
        end_year = _year_of_month(end_month, _anchor(parse), parse.published)
    start_year = head_year.number or 0 if head_year is not None else end_year - backwards
    first = safe_date(start_year, start_month, 1)
    last = safe_date(end_year, end_month, month_length(end_year, end_month))
    if first is None or last is None or first >= last:
        return None
    return _since((first, last, "month"), parse, relative=head_year is None and tail_year is None)


# the n-th or last of a period -----------------------------------------------------------------


def _rule_nth(parse: _Parse) -> Resolved:
    """The n-th or last weekday, day, week or month of a period: "الجمعة الأولى من آذار", "آخر يوم من
    شباط", "الأسبوع الأول من آذار", "الشهر الثامن من العام الماضي", "ثاني سبت من الشهر الماضي"."""
    thing, rank = (parse.atoms[0], parse.atoms[1]) if parse.atoms[0].sym in "WUVR" else (parse.atoms[1], parse.atoms[0])
    n = _rank(rank)
    kind = _nth_kind(thing)
    if n is None or kind is None:
        return None
    of = parse.atoms[2:]
    relative = not any(a.sym == "D" for a in of)
    precision: Precision = "day" if kind in ("weekday", "day") else kind  # type: ignore[assignment]
    if relative and parse.published is None:
        return _since((None, None, precision), parse)
    period = _period_of(parse, of)
    if period is None:
        return None
    first, last, unit = period
    if kind == "weekday":
        day = _weekday_of(int(thing.entry.value), first, last, n, parse.atoms[0] is thing and rank.sym == "O")
        return None if day is None else _since((day, day, "day"), parse, relative=relative)
    window = _nth_of(kind, first, last, unit, n)
    return None if window is None else _since((*window, precision), parse, relative=relative)


def _rank(atom: _Atom) -> int | None:
    """1, 2 ... for an ordinal and for أول; -1 for آخر and الأخير; None for any other word."""
    if atom.sym == "O":
        return atom.number
    if atom.sym == "B":
        return {"early": 1, "late": -1}.get(atom.entry.value)
    return -1 if atom.entry.extra == "last" else None


def _nth_kind(atom: _Atom) -> str | None:
    """What is counted: a weekday, a day (اليوم، يوم), or a week or month."""
    if atom.sym == "W":
        return "weekday"
    if atom.sym == "V" or (atom.sym == "R" and atom.entry.value == "0"):
        return "day"
    if atom.sym == "U" and _own_count(atom) == 1 and atom.entry.value in ("week", "month"):
        return atom.entry.value
    return None


def _period_of(parse: _Parse, of: list[_Atom]) -> tuple[dt.date, dt.date, str] | None:
    """The month or year that "of ..." names: (first day, last day, "month" | "year")."""
    p = parse.published
    year_atom = next((a for a in of if a.sym == "D"), None)
    anchor_atom = next((a for a in of if a.sym in "AG"), None)
    anchor = (int(anchor_atom.entry.value) if anchor_atom.sym == "A" else 0) if anchor_atom is not None else None
    head = of[0] if of[0].sym != "K" else of[1]
    window: tuple[dt.date, dt.date] | None
    if head.sym == "M":
        month = int(head.entry.value)
        year = year_atom.number or 0 if year_atom is not None else _year_of_month(month, anchor, p)  # type: ignore[arg-type]
        window = month_window(year, month)
        return None if window is None else (*window, "month")
    if head.sym == "H":
        month = int(head.entry.value)
        if year_atom is not None:
            window = parse.lexicon.hijri.month_window(year_atom.number or 0, month)
        else:
            window = _hijri_month_window(parse.lexicon.hijri, month, anchor, p)  # type: ignore[arg-type]
        return None if window is None else (*window, "month")
    if head.sym == "U" or (head.sym == "G" and of[-1].sym == "U"):
        unit = of[-1] if head.sym == "G" else head
        if unit.entry.value != "month" or _own_count(unit) != 1:
            return None
        window = month_window(*shift_month(p.year, p.month, anchor or 0))  # type: ignore[union-attr]
        return None if window is None else (*window, "month")
    year = year_atom.number or 0 if year_atom is not None else p.year + (anchor or 0)  # type: ignore[union-attr]
    return (dt.date(year, 1, 1), dt.date(year, 12, 31), "year") if dt.MINYEAR <= year <= dt.MAXYEAR else None


def _weekday_of(weekday: int, first: dt.date, last: dt.date, n: int, may_be_day: bool) -> dt.date | None:
    """The n-th weekday of the period; "الخميس الثالث من كانون الثاني" is the 3rd of January when that
    is a Thursday (or when no month has that many Thursdays), else the third Thursday."""
    if may_be_day and n > 0:
        day = add_days(first, n - 1)
        if day is not None and day <= last and (day.weekday() == weekday or n > _MAX_WEEKDAYS_IN_MONTH):
            return day
    return nth_weekday(weekday, first, last, n)


_MAX_WEEKDAYS_IN_MONTH = 5


def _nth_of(kind: str, first: dt.date, last: dt.date, unit: str, n: int) -> tuple[dt.date, dt.date] | None:
    """The n-th (or, for -1, the last) day, week or month between ``first`` and ``last``."""
    if kind == "day":
        day = last if n < 0 else add_days(first, n - 1)
        return None if day is None or day > last else (day, day)
    if kind == "week":
        start = add_days(last, -6) if n < 0 else add_days(first, 7 * (n - 1))
        return None if start is None or start > last else (start, min(last, start + dt.timedelta(days=6)))
    if unit != "year" or not -1 <= n <= 12 or n == 0:
        return None  # a month of a month
    return month_window(first.year, 12 if n < 0 else n)


# days named by a weekday and a number, numeric months, holidays --------------------------------


def _rule_weekday_day(parse: _Parse) -> Resolved:
    """ "السبت السادس عشر": the latest 16th on or before publication that is a Saturday."""
    weekday, ordinal = _the(parse, "W"), _the(parse, "O")
    day = ordinal.number or 0
    if ordinal.entry.extra == "f" or not 1 <= day <= 31:
        return None  # "الجمعة الثانية": the second Friday of a series, not a day of the month
    if parse.published is None:
        return _since((None, None, "day"), parse)
    year, month = parse.published.year, parse.published.month
    for back in range(_MONTHS_SEARCHED):
        y, m = shift_month(year, month, -back)
        date = safe_date(y, m, day)
        if date is not None and date <= parse.published and date.weekday() == int(weekday.entry.value):
            return _since((date, date, "day"), parse)
    return None


_MONTHS_SEARCHED = 14  # every day number 1-31 falls on every weekday within 14 months


def _rule_numeric_month(parse: _Parse) -> Resolved:
    """A month by its number: "في 2/2013", "شهر ثلاثة", "شهر 8 الماضي", "في الشهر الثامن"."""
    numeric = _one(parse, "m")
    if numeric is not None:
        if _preceding_word(parse.norm, parse.atoms[0].start)[0] in parse.lexicon.labels:
            return None  # "القرار رقم 2/2013"
        window = month_window(numeric.date.year, numeric.date.month)  # type: ignore[union-attr]
        return None if window is None else _since((*window, "month"), parse, relative=False)
    number = _one_of(parse, "NCO")
    month = (number.number or 0) if number is not None else 0
    if number is None or not (1 if number.sym == "N" else 2) <= month <= 12:
        return None  # "شهر واحد" is a duration
    if number.sym == "O" and not _month_by_ordinal(parse, number):
        return None
    if parse.published is None:
        return _since((None, None, "month"), parse)
    window = month_window(_year_of_month(month, _anchor(parse), parse.published), month)
    return None if window is None else _since((*window, "month"), parse)


def _month_by_ordinal(parse: _Parse, ordinal: _Atom) -> bool:
    """ "الشهر الثامن" names August after في, خلال, منذ ..., and not as a count ("للشهر الثامن على
    التوالي") or in a story's own time ("الشهر الثاني من ولايته")."""
    unit = parse.atoms[0]
    if unit.entry.value != "month" or _own_count(unit) != 1 or "ل" in unit.clitic.removesuffix("ال"):
        return False
    after = parse.norm[ordinal.end : ordinal.end + 6].lstrip(" ")
    return _after_preposition(parse) and not after.startswith(("من ", "علي "))


def _rule_holiday(parse: _Parse) -> Resolved:
    """ "عيد الأضحى", "ثاني أيام عيد الفطر", "ليلة رأس السنة", "عيد الفطر عام 2018"."""
    holiday = _the(parse, "E")
    month, day, days = (int(n) for n in holiday.entry.extra.split("-"))
    year_atom = _one(parse, "D")
    precision: Precision = "day" if days == 1 or parse.atoms[0] is not holiday else "week"
    if year_atom is None and parse.published is None:
        return _since((None, None, precision), parse)
    starts = _holiday_starts(parse, holiday.entry.value, month, day, year_atom)
    start = _occurrence(starts, days, _anchor(parse), parse.published, by_year=year_atom is not None)
    if start is None:
        return None
    window = _day_of_holiday(parse, holiday, start, days)
    return None if window is None else _since((*window, precision), parse, relative=year_atom is None)


def _holiday_starts(parse: _Parse, calendar_name: str, month: int, day: int, year_atom: _Atom | None) -> list[dt.date]:
    """First days of the holiday in the years around publication, or in the year named."""
    hijri = parse.lexicon.hijri
    if year_atom is not None and calendar_name == "hijri" and _is_hijri_year(year_atom, parse):
        date = hijri.from_hijri(year_atom.number or 0, month, day)
        return [date] if date is not None else []
    if year_atom is not None and _era(year_atom, parse) == "hijri":
        return []  # a Christian holiday in a Hijri year
    around = dt.date(year_atom.number or 0, 7, 1) if year_atom is not None else parse.published
    assert around is not None
    if calendar_name == "gregorian":
        found = [safe_date(around.year + step, month, day) for step in (-1, 0, 1)]
    else:
        current = hijri.to_hijri(around)
        found = [hijri.from_hijri(current[0] + step, month, day) for step in (-1, 0, 1)] if current else []
    if year_atom is not None:
        found = [d for d in found if d is not None and d.year == year_atom.number][:1]
    return [d for d in found if d is not None]


_AHEAD_DAYS = 31  # a holiday that starts within a month after publication is the one meant


def _occurrence(
    starts: list[dt.date], days: int, anchor: int | None, p: dt.date | None, *, by_year: bool
) -> dt.date | None:
    """Which of the holiday's first days the text means (see the module docstring)."""
    if by_year or p is None:
        return starts[0] if starts else None
    if anchor is not None and anchor < 0:
        return max((s for s in starts if s + dt.timedelta(days=days - 1) < p), default=None)
    if anchor is not None and anchor > 0:
        return min((s for s in starts if s > p), default=None)
    ahead = [s for s in starts if p < s <= p + dt.timedelta(days=_AHEAD_DAYS)]
    return min(ahead) if ahead else max((s for s in starts if s <= p), default=None)


def _day_of_holiday(parse: _Parse, holiday: _Atom, start: dt.date, days: int) -> tuple[dt.date, dt.date] | None:
    """The whole holiday, or the day the words before it pick: "ثاني أيام", "يوم", "صباح", "ليلة"."""
    first = parse.atoms[0]
    if first is holiday:
        return start, start + dt.timedelta(days=days - 1)
    if first.sym in "OB":
        n = _rank(first)
        if n is None or n > days:
            return None
        day = start + dt.timedelta(days=n - 1 if n > 0 else days - 1)
        return day, day
    eve = add_days(start, -1) if first.entry.extra == "eve" else start
    return None if eve is None else (eve, eve)


# days and weekdays relative to publication ------------------------------------------------------


def _rule_day(parse: _Parse) -> Resolved:
    day = _one(parse, "R")
    assert day is not None
    if "ل" in day.clitic or "ك" in day.clitic:
        return None  # "لليوم السابع": a count of days, not today
    if day.entry.extra == "cue" and not any(a.sym in "PVW" for a in parse.atoms):
        return None  # "صحيفة الغد" (a newspaper); "صباح الغد", "يوم غد الجمعة" are tomorrow
    if int(day.entry.value) == 0 and day is parse.atoms[-1] and _followed_by_definite_word(parse.norm, day.end):
        return None  # "اليوم التالي", "اليوم الثالث": a day relative to the story, not to publication
    if parse.published is None:
        return _since((None, None, "day"), parse)
    date = add_days(parse.published, int(day.entry.value))
    weekday = _one(parse, "W")
    if date is not None and weekday is not None and date.weekday() != int(weekday.entry.value):
        # "اليوم الجمعة" in an article dated Saturday: written on Friday, dated after midnight
        named = weekday_on_or_before(int(weekday.entry.value), date)
        if named is not None and (date - named).days <= _WEEKDAY_SLACK:
            date = named
    return None if date is None else _since((date, date, "day"), parse)


_WEEKDAY_SLACK = 1  # days a weekday named with "اليوم"/"أمس" may lie before the day the word counts


def _followed_by_definite_word(norm: str, end: int) -> bool:
    return norm.startswith(" ال", end) or norm.startswith(" لل", end)


def _rule_weekday(parse: _Parse) -> Resolved:
    days = _of(parse, "W")
    after_day_word = any(a.sym in "PV" for a in parse.atoms)
    if any(d.entry.extra == "strict" for d in days) and not after_day_word:
        return None
    cued = after_day_word or len(days) > 1 or _one(parse, "A") is not None
    if not cued and days[0].entry.extra == "cue" and _reads_as_number(parse, days[0]):
        return None
    if parse.published is None:
        return _since((None, None, "day"), parse)
    anchor = _anchor(parse)
    weekday = int(days[-1].entry.value)
    if anchor is not None and anchor > 0:
        last = weekday_after(weekday, parse.published)
    else:
        last = weekday_on_or_before(weekday, parse.published, strictly=anchor == -1)
    if last is None:
        return None
    first = last
    if len(days) > 1:
        first = last - dt.timedelta(days=(weekday - int(days[0].entry.value)) % 7)
        part = _one(parse, "P")
        if part is not None and part.entry.extra == "after_midnight":
            first = last  # "بعد منتصف ليل الخميس - الجمعة" is Friday
    return _since((first, last, "day"), parse)


def _reads_as_number(parse: _Parse, atom: _Atom) -> bool:
    """ "كلا الاثنين", "الاثنين معا": a number-sense word beside the weekday makes it "both"/"the one"."""
    before_words, after_words = parse.lexicon.number_sense
    norm = parse.norm
    if _preceding_word(norm, atom.start - len(atom.clitic))[0] in before_words:
        return True
    end = norm.find(" ", atom.end + 1)
    return norm[atom.end + 1 : len(norm) if end < 0 else end].rstrip(".,") in after_words


# periods relative to publication, durations ------------------------------------------------------


def _rule_period(parse: _Parse) -> Resolved:
    """Units with an anchor, a count or a since/ago/during prefix: "الشهر الماضي", "منذ عدة أيام",
    "خلال أسبوعين", "الأسابيع الثلاثة القادمة"."""
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
    if parse.prefix == "L" and anchor is None and part is None and season is None:
        return _during(parse, unit_atom, unit, count)
    if singular and (anchor is not None or part is not None or season is not None):
        if season is not None and unit != "year":
            return None
        return _since(_calendar(parse, unit, anchor or 0, part, season), parse)
    if not singular and anchor == -1:
        return _since(_last(parse, unit, count), parse)
    if not singular and anchor == 1:
        return _last(parse, unit, count, direction=1), True
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
    earliest = add_days(p, -int(entry.value)) if entry.value else None
    if entry.value and earliest is None:
        return None
    return (earliest, p, precision), True


_RULES: dict[str, Callable[[_Parse], Resolved]] = {
    "full": _rule_full,
    "nth": _rule_nth,
    "day_range": _rule_day_range,
    "year_range": _rule_year_range,
    "month_range": _rule_month_range,
    "day_month": _rule_day_month,
    "numeric_day": _rule_numeric_day,
    "day_hijri": _rule_day_hijri,
    "day_of_period": _rule_day_of_period,
    "holiday": _rule_holiday,
    "numeric_month": _rule_numeric_month,
    "weekday_day": _rule_weekday_day,
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
        window = month_window(*shift_month(p.year, p.month, -n))
        return None if window is None else ((*window, "month"), True)
    return (dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31), "year"), True


def _during(parse: _Parse, unit_atom: _Atom, unit: str, count: int | None) -> Resolved:
    """ "خلال أسبوعين", "خلال ثلاثة أيام": the window that ends at publication. "خلال الشهر" (a
    definite unit without an anchor) is no duration."""
    if parse.norm.startswith(_ARTICLE, unit_atom.start - len(unit_atom.clitic)) or count is None:
        return None
    return _last(parse, unit, count), True


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
        year, month = shift_month(p.year, p.month, anchor)
        earliest, latest, precision = _part_of_month(year, month, part)
        return earliest, _until_publication(latest, p, anchor, part), precision
    earliest, latest, precision = _year_window(p.year + anchor, part, season)
    return earliest, _until_publication(latest, p, anchor, part or season), precision


def _until_publication(latest: dt.date | None, p: dt.date, anchor: int, part: _Atom | None) -> dt.date | None:
    """The current unit ("الشهر الجاري") ends at publication: what is reported has happened by then."""
    if anchor == 0 and part is None and latest is not None:
        return min(latest, p)
    return latest


def _last(parse: _Parse, unit: str, count: int | None, direction: int = -1) -> Window:
    """The last ``count`` units up to publication ("خلال الساعات الماضية", "الأيام الأخيرة"), or with
    ``direction`` 1 the next ones from it ("الأسابيع الثلاثة القادمة", "الأيام المقبلة")."""
    units = parse.lexicon.units
    days = _days(units, units.vague[unit] if count is None else count, unit)
    p = parse.published
    if p is None:
        return None, None, _precision_of_days(days)
    other = p + dt.timedelta(days=direction * days)
    earliest, latest = sorted((p, other))
    return earliest, latest, _precision_of_span(earliest, latest)


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
    last_day = month_length(year, month)
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
        end = dt.date(year, last, month_length(year, last))
        return dt.date(start_year, first, 1), end, "month"
    if part is not None:
        first, last = _part_range(part, 1)
        return dt.date(year, first, 1), dt.date(year, last, month_length(year, last)), "month"
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


# --- calendar choices ----------------------------------------------------------------------------


def _of_year(parse: _Parse) -> bool:
    """The anchor qualifies a year word ("من العام الماضي"), not the month."""
    return any(a.sym == "Y" for a in parse.atoms)


def _year_of_month(month: int, anchor: int | None, p: dt.date, of_year: bool = False) -> int:
    """The year of a month named without one (see the module docstring); ``of_year``: the anchor
    counts years from publication ("في 9 يناير من العام الماضي")."""
    if anchor is not None and of_year:
        return p.year + anchor
    if anchor is not None and anchor < 0:
        return p.year if month < p.month else p.year - 1
    if anchor is not None and anchor > 0:
        return p.year if month > p.month else p.year + 1
    if anchor == 0 or month <= p.month:
        return p.year
    start = safe_date(p.year, month, 1)
    return p.year if start is not None and (start - p).days <= _AHEAD_DAYS else p.year - 1


def _era(atom: _Atom, parse: _Parse) -> str:
    """The calendar ("gregorian" / "hijri") of a mark glued to the year or an era word after it; "" if none."""
    if atom.entry.kind == "era":
        return atom.entry.value
    index = parse.atoms.index(atom)
    after = parse.atoms[index + 1] if index + 1 < len(parse.atoms) else None
    return after.entry.value if after is not None and after.sym == "T" else ""


def _is_hijri_year(atom: _Atom, parse: _Parse) -> bool:
    return _era(atom, parse) != "gregorian" and 1300 <= (atom.number or 0) <= 1600


def _hijri_month_window(
    hijri: HijriCalendar, month: int, anchor: int | None, p: dt.date
) -> tuple[dt.date, dt.date] | None:
    """The Hijri month of that name nearest before publication (strictly before with الماضي)."""
    today = hijri.to_hijri(p)
    if today is None:
        return None
    year, current, _ = today
    if anchor is not None and anchor > 0:
        year = year if month > current else year + 1
    elif (anchor is not None and anchor < 0 and month >= current) or month > current:
        year -= 1
    return hijri.month_window(year, month)
