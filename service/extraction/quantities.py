"""Numbers in digits and words, vague amounts and duals: "11 سائق", "ثلاثة وعشرون", "عشرات", "قتيلان".

The words are in the pack's ``numbers.tsv``; what is code here is how they combine:
- a compound is units before tens joined by و ("ثلاثة وعشرون"), a unit then عشر/عشرة for the
  teens ("ثلاثة عشر", "أحد عشر"), a number then a multiplier ("ثلاث مئة", "135 ألفا", "ثلاثة
  آلاف"), a larger part then و and a smaller one ("ألف و500", "مئة وخمسون"); a dual in construct
  counts two of its unit before its noun ("ألفا شخص", "مليوني لاجئ"); a fraction takes its share of
  the unit after it or, after و, of the one before it ("نصف مليون", "مليون ونصف", "ألفين ونصف");
- digits may carry thousands separators ("1,200", "1.200", "١٢٬٣٤٥": groups of three digits) and a
  decimal part ("1.1", "2,5", "٠٫٧٧", "12,500.75", "1.234.567,89"); the Arabic separators are read
  in the caller's text, since normalization folds ٫ to "." and ٬ to ",": "١٫٢٥٠" is 1.25, "1.250"
  1250. A spoken decimal point joins two numbers ("1 فاصلة 5", "ثلاثة فاصلة خمسة"); a minus sign
  glued to digits or سالب makes a number negative;
- dialect forms are number words like any other (حداشر, تلتمية, متين, اتنين مليون); a word that is
  also an ordinary word (متين "solid") is a number only before a counted noun, and "X واحد"
  counts X ("حداشر واحد": eleven people);
- "نحو X" is X..X, "أكثر من X" and "X على الأقل" are X..open (ACLED codes the stated figure,
  not X+1), "أقل من X" is open..X, "بين X و Y" / "X أو Y" / "X-Y" are X..Y;
- a dual noun counts 2 only when its -ين form cannot be a plural (see numbers.tsv);
- a number that labels something or measures time is no count: after عام/الساعة/اللواء/رقم,
  before a month name, a time unit or a percent sign, a year ending a phrase ("منذ 2011."), a
  month name that is also a number word ("12 صفر 1445").
``number`` is the number as stated, decimals and sign kept (None for vague amounts and ranges);
``value`` is the count it gives: a whole number from 0 to 10^15 (None for a decimal, a negative,
a vague amount or a range); a number of more than 15 digits is no number. ``noun_start`` is the
norm offset of the word the number counts when that word follows it ("11 سائق شاحنة").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

import msgspec

from .dates import year_prepositions
from .matcher import Matcher, without_proclitics
from .mention import Mention, Projection, mention
from .model import Count, QuantityEntity
from .pack import Pack, Row
from .text import NormalizedText


class QuantityInfo(msgspec.Struct, frozen=True):
    """How many: the stated number, or the range a vague or bounded amount stands for."""

    value: int | None
    min: int | None
    max: int | None
    noun_start: int | None  # norm offset of the counted noun when it follows the number
    number: float | None = None  # the number as stated, decimals and sign kept


QuantityMention = Mention[QuantityInfo]


_QUANTITY_ENTITY = Projection(QuantityInfo, QuantityEntity)


def to_entity(m: QuantityMention) -> QuantityEntity:
    return _QUANTITY_ENTITY(m)


def to_count(m: QuantityMention) -> Count:
    return Count(min=m.value.min, max=m.value.max, text=m.text)


# --- lexicon -------------------------------------------------------------------------------

_NUMERIC = frozenset({"unit", "teen_head", "ten", "hundred", "round", "multiplier", "digits"})
# The kinds a number may start with (a multiplier only continues one: "خمسون ألفا").
_STARTS = ("unit", "ten", "hundred", "round", "digits")
_MODIFIERS = frozenset({"about", "at_least", "more_than", "less_than", "between", "minus"})
_MATCHED = _NUMERIC | _MODIFIERS | {"vague", "dual", "at_least_after", "decimal_point", "fraction", "construct"}
_TWO = Decimal(2)
_THOUSAND = Decimal(1000)
_MAX_DIGITS = 15  # a longer run of digits is no number (a number too large is no count)


class _Entry(NamedTuple):
    kind: str
    value: Decimal
    max: int | None = None


class NumberLexicon(NamedTuple):
    matcher: Matcher[_Entry]
    not_after: frozenset[str]  # words after which a number is a label
    not_before: tuple[str, ...]  # words / phrases before which a number is no count
    function: frozenset[str]  # words that are no counted noun
    year_words: frozenset[str]  # prepositions before a lone year
    percent: tuple[str, ...]  # "في المئة", "%": the number before is a percentage, no count
    at_least_after: tuple[str, ...]  # "على الأقل", which may follow the counted noun
    after_window: int  # characters after a number that the checks on it read
    noun_only: frozenset[str]  # number words that are numbers only before a noun: متين
    month_names: frozenset[str]  # number words that also name a month: صفر
    anchors: frozenset[str]  # date words after a month name: الماضي, المقبل


_DUALS = frozenset({"dual_singular", "dual_an_only", "dual_possessed"})
_KINDS = _MATCHED | _DUALS | {"not_after", "not_before", "percent", "function", "noun_only"}


def build_number_lexicon(pack: Pack, rows: list[Row], date_rows: list[Row]) -> NumberLexicon:
    """``rows``: numbers.tsv; ``date_rows``: dates.tsv, whose month and period words end a count."""
    entries: list[tuple[str, _Entry]] = []
    for row in rows:
        kind = row["kind"]
        if kind not in _KINDS:
            raise pack.fail(row, f"kind {kind!r} is not a kind of number word")
        if kind in _DUALS:
            forms = _dual_forms(pack, row["key"], kind != "dual_an_only")
            forms += _possessed_duals(pack, row["key"]) if kind == "dual_possessed" else []
            entries += [(form, _Entry("dual", _TWO)) for form in forms]
        elif kind in _MATCHED:
            value = Decimal(row["value"]) if row["value"] else Decimal(0)
            entries.append((row["key"], _Entry(kind, value, int(row["max"]) if row["max"] else None)))
    keys = {
        kind: frozenset(pack.key(r["key"]) for r in rows if r["kind"] == kind)
        for kind in ("not_after", "function", "noun_only")
    }
    number_words = frozenset(pack.key(r["key"]) for r in rows if r["kind"] in _NUMERIC)
    percent = tuple(sorted(pack.key(r["key"]) for r in rows if r["kind"] == "percent"))
    not_before = tuple(
        sorted(
            {pack.key(r["key"]) for r in rows if r["kind"] == "not_before"}
            | _month_words(pack, date_rows)
            | set(percent)
        )
    )
    year_words = frozenset(pack.key(r["key"]) for r in date_rows if r["kind"] == "year_word")
    return NumberLexicon(
        matcher=Matcher(entries, pack.normalizer),
        not_after=keys["not_after"] | _date_words(pack, date_rows),
        not_before=not_before,
        percent=percent,
        function=keys["function"],
        year_words=year_prepositions(pack, date_rows) | year_words,
        at_least_after=tuple(pack.key(r["key"]) for r in rows if r["kind"] == "at_least_after"),
        after_window=max(map(len, not_before), default=0) + len(_ARTICLE),
        noun_only=keys["noun_only"],
        month_names=number_words & _month_words(pack, date_rows),
        anchors=frozenset(pack.key(r["key"]) for r in date_rows if r["kind"] == "anchor"),
    )


def matchers(lexicon: NumberLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.matcher,)


_FOLDED_TEH_MARBUTA = "\u0647"  # teh marbuta is matched folded to heh
_TEH = "\u062a"  # ة becomes ت before a suffix: غارة -> غارتان


def _dual_forms(pack: Pack, singular: str, with_oblique: bool) -> list[str]:
    """Dual forms: غارة -> غارتان, غارتين; مدني -> مدنيان only (مدنيين is also the plural)."""
    stem = _dual_stem(pack, singular)
    return [stem + "ان", stem + "ين"] if with_oblique else [stem + "ان"]


def _dual_stem(pack: Pack, singular: str) -> str:
    """The stem the dual endings follow: ة becomes ت (غارة -> غارت)."""
    stem = pack.key(singular)
    return stem[:-1] + _TEH if stem.endswith(_FOLDED_TEH_MARBUTA) else stem


# A dual in construct drops its ن and takes a possessive pronoun: طفلاه، طفليها، طفلتيهما.
_CONSTRUCT_DUAL_ENDINGS = ("ا", "ي")
_POSSESSIVE_PRONOUNS = ("ه", "ها", "هما", "هم")


def _possessed_duals(pack: Pack, singular: str) -> list[str]:
    """The possessed dual forms of a kin noun: طفل -> طفلاه, طفليه, طفليها, طفليهما ..."""
    stem = _dual_stem(pack, singular)
    return [stem + ending + pronoun for ending in _CONSTRUCT_DUAL_ENDINGS for pronoun in _POSSESSIVE_PRONOUNS]


def _month_words(pack: Pack, date_rows: list[Row]) -> set[str]:
    """First words of month names (dates.tsv): "12 آذار" is a date, "كانون" starts "كانون الثاني"."""
    kinds = ("month", "hijri_month")
    return {pack.key(r["key"]).split(" ")[0] for r in date_rows if r["kind"] in kinds}


def _date_words(pack: Pack, date_rows: list[Row]) -> frozenset[str]:
    """Words of dates.tsv a year follows ("بداية 2018", "خريف 2015", "آذار 2018", "كانون الثاني 2019")."""
    kinds = ("month", "hijri_month", "part", "season", "year_word")
    return frozenset(pack.key(r["key"]).split(" ")[-1] for r in date_rows if r["kind"] in kinds)


# --- atoms ----------------------------------------------------------------------------------


class _Atom(NamedTuple):
    start: int  # norm offset after any proclitic
    end: int
    entries: dict[str, _Entry]  # by kind: a word may be several ("آلاف": a multiplier and a vague amount)
    clitic: str

    def kind(self, *kinds: str) -> _Entry | None:
        for kind in kinds:
            if kind in self.entries:
                return self.entries[kind]
        return None


def _by_kind(*entries: _Entry) -> dict[str, _Entry]:
    return {e.kind: e for e in reversed(entries)}  # the first entry of a kind wins


_DIGITS = re.compile(r"[0-9](?:[0-9]|[.,/:-](?=[0-9]))*")  # normalized digits are ASCII; this form scans fastest
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_RANGE = re.compile(r"(\d+)-(\d+)")
_MINUS_SIGNS = "-\u2212"
_ARABIC_DECIMAL, _ARABIC_THOUSANDS = "\u066b", "\u066c"  # folded to "." and "," by normalization
_ARTICLE = "ال"
_DIGIT_CLITICS = "وفبل"


def _digit_atoms(text: NormalizedText) -> Iterable[_Atom]:
    norm = text.norm
    for m in _DIGITS.finditer(norm):
        start, end = m.span()
        token = m[0]
        signed = start > 0 and norm[start - 1] in _MINUS_SIGNS and not _after_number(norm, start - 1)
        if signed and not (start == 1 or norm[start - 2] in " (\n"):
            continue  # a dash inside a word or a longer token
        clitic = "" if signed or _after_number(norm, start - 1) else _digit_clitic(norm, start)
        if clitic is None or (end < len(norm) and norm[end].isalpha() and not _arabic(norm[end])):
            continue
        if not signed and (r := _RANGE.fullmatch(token)) and int(r[1]) < int(r[2]) and len(token) <= _MAX_DIGITS:
            yield _Atom(start, end, _by_kind(_Entry("range", Decimal(r[1]), int(r[2]))), clitic)
            continue
        number = _digits_value(token, text.original_text(start, end) if not token.isdigit() else token)
        if number is not None:
            yield _Atom(start - signed, end, _by_kind(_Entry("digits", -number if signed else number)), clitic)


def _after_number(norm: str, sign: int) -> bool:
    """Whether a dash at ``sign`` follows digits and a space: "4 -6" is a range, not minus six."""
    return sign >= 2 and norm[sign] in _MINUS_SIGNS and norm[sign - 1] == " " and norm[sign - 2].isdigit()


def _digits_value(token: str, original: str) -> Decimal | None:
    """The value of digits with separators: "1,200", "1.1", "12,500.75", "١٠٬٠٠٠٫٠٠" (``original``
    is the caller's spelling, which tells ٫ and ٬ apart); None for a time, a date or a longer run
    than ``_MAX_DIGITS``."""
    if token.isdigit():
        return Decimal(token) if len(token) <= _MAX_DIGITS else None
    if any(c in ":/-" for c in token):
        return None
    if len(original) != len(token):
        original = token
    separators = [i for i, c in enumerate(token) if not c.isdigit()]
    point: int | None = original.find(_ARABIC_DECIMAL)
    if point == -1:
        point = None
        if _ARABIC_THOUSANDS not in original:
            point = _latin_point(token, separators)
            if point == -1:
                return None
    whole, fraction = (token, "") if point is None else (token[:point], token[point + 1 :])
    if not (whole.isdigit() or _THOUSANDS.fullmatch(whole)) or not (fraction.isdigit() or not fraction):
        return None
    digits = "".join(c for c in whole if c.isdigit())
    if len(digits) + len(fraction) > _MAX_DIGITS:
        return None
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def _latin_point(token: str, separators: list[int]) -> int | None:
    """Where the decimal point is among "." and ",": the last separator when both kinds occur
    ("12,500.75", "1.234.567,89"); none when all are thousands ("1,200", "1.234.567"); the one
    separator otherwise ("1.5", "2,5"); -1 when the token is no number ("1.2.3")."""
    if len({token[i] for i in separators}) == 2:
        return separators[-1]
    if _THOUSANDS.fullmatch(token):
        return None
    return separators[0] if len(separators) == 1 else -1


def _digit_clitic(norm: str, start: int) -> str | None:
    """The proclitic glued to digits ("و500", or the article), "" for none or for an Arabic word
    the digits are glued to (scraped text loses spaces: "أن26 مدنيا", "أوقعت13 قتيلا"), None
    inside a Latin token ("F16")."""
    if start == 0 or not norm[start - 1].isalnum():
        return "" if start == 0 or norm[start - 1] not in ".,/:-" else None
    for clitic in (_ARTICLE, *_DIGIT_CLITICS):
        begin = start - len(clitic)
        if norm.startswith(clitic, begin) and (begin == 0 or not norm[begin - 1].isalnum()):
            return clitic
    return "" if _arabic(norm[start - 1]) else None


def _arabic(char: str) -> bool:
    """An Arabic letter: no Arabic word holds digits, so digits beside one stand apart from it."""
    return "\u0621" <= char <= "\u064a"


def _atoms(text: NormalizedText, lexicon: NumberLexicon) -> list[_Atom]:
    words = [_Atom(m.start, m.end, _by_kind(*m.values), m.clitic) for m in lexicon.matcher.find(text)]
    return sorted(words + list(_digit_atoms(text)), key=_start)


def _start(atom: _Atom) -> int:
    return atom.start


# --- phrases ----------------------------------------------------------------------------------


class _Amount(NamedTuple):
    first: int  # atom indexes, inclusive
    last: int
    value: int | None  # the count
    min: int | None
    max: int | None
    number: Decimal | None = None  # the number as stated


_MAX_COUNT = 10**_MAX_DIGITS


def _count_of(number: Decimal) -> int | None:
    """A whole number from 0 to 10^15 as a count; None for a decimal, a negative or a larger one."""
    if number != number.to_integral_value() or not 0 <= number <= _MAX_COUNT:
        return None
    return int(number)


def find_quantities(text: NormalizedText, lexicon: NumberLexicon) -> list[QuantityMention]:
    """Quantities in text order."""
    norm = text.norm
    atoms = _atoms(text, lexicon)
    found: list[QuantityMention] = []
    i = 0
    while i < len(atoms):
        amount = _amount_at(text, lexicon, atoms, i)
        if amount is None:
            i += 1
            continue
        amount = _with_modifiers(norm, atoms, amount)
        quantity = _mention(text, lexicon, atoms, amount)
        if quantity is not None:
            found.append(quantity)
        i = amount.last + 1
        if amount.value is not None and amount.value > 1 and _one_after(norm, atoms, amount.last):
            i += 1  # "حداشر واحد": واحد is the counted "one", not a number
    return found


def _one_after(norm: str, atoms: list[_Atom], last: int) -> bool:
    if last + 1 >= len(atoms) or _gap(norm, atoms[last], atoms[last + 1]) != " ":
        return False
    unit = atoms[last + 1].kind("unit")
    return unit is not None and unit.value == 1


def _amount_at(text: NormalizedText, lexicon: NumberLexicon, atoms: list[_Atom], i: int) -> _Amount | None:
    norm = text.norm
    atom = atoms[i]
    if atom.kind("dual"):
        return _Amount(i, i, 2, 2, 2, _TWO)
    if (rng := atom.kind("range")) is not None:
        return _Amount(i, i, None, int(rng.value), rng.max) if _is_count(text, lexicon, atoms, i, i) else None
    if atom.kind(*_NUMERIC, "fraction", "construct") and not (atom.kind("multiplier") and atom.kind("vague")):
        number = _number(norm, atoms, i)
        if number is not None:
            last, value = number
            if last == i and _adjective(lexicon, norm, atom):
                return None
            if _is_count(text, lexicon, atoms, i, last):
                count = _count_of(value)
                return _Amount(i, last, count, count, count, value)
            if _before_percent(norm, lexicon, atoms[last].end):
                return _Amount(i, last, None, None, None, value)  # "٠٫٧٧ في المئة": a number, no count
            return _Amount(i, last, None, None, None)  # consumed but dropped (a year, an hour)
    if (vague := atom.kind("vague")) is not None:
        return _Amount(i, i, None, int(vague.value), vague.max)
    return None


def _before_percent(norm: str, lexicon: NumberLexicon, end: int) -> bool:
    after = _text_after(norm, end, lexicon.after_window)
    return after.startswith(lexicon.percent) and _ends_at_boundary(after, lexicon.percent)


def _adjective(lexicon: NumberLexicon, norm: str, atom: _Atom) -> bool:
    """A word like متين with no counted noun after it is an adjective: "جدار متين"."""
    return norm[atom.start : atom.end] in lexicon.noun_only and _noun_after(lexicon, norm, atom.end) is None


def _number(norm: str, atoms: list[_Atom], i: int) -> tuple[int, Decimal] | None:
    """The longest well-formed number starting at atom ``i``: (last atom index, value)."""
    first = atoms[i]
    if first.clitic and (_ARTICLE in first.clitic) and not _definite_ok(first):
        return None
    total, group, last_kind, limit = Decimal(0), Decimal(0), "", Decimal(0)
    j = i
    head = first.kind("teen_head")
    if (fraction := first.kind("fraction")) is not None:
        return _fraction_of(norm, atoms, i, fraction.value)
    if head is not None:
        if not (i + 1 < len(atoms) and _is_ten_word(atoms[i + 1]) and _gap(norm, first, atoms[i + 1]) == " "):
            return None
        group, last_kind, j = head.value + 10, "teen", i + 1
    else:
        entry = _construct(norm, atoms, i) or first.kind(*_STARTS)
        if entry is None:
            return None
        group, last_kind = _start_group(entry)
        if entry.kind == "round" and entry.value >= 1000:
            total, group, last_kind, limit = entry.value, Decimal(0), "mult", entry.value
    state = (total, group, last_kind, limit)
    j, state = _extend(norm, atoms, j, state)
    fraction = _spoken_fraction(norm, atoms, j)
    if fraction is not None and state[2] != "mult":
        total, group, _, limit = state
        j, state = _extend(norm, atoms, j + 2, (total, group + fraction, "digits", limit))
    value = state[0] + state[1]
    return j, value


_State = tuple[Decimal, Decimal, str, Decimal]  # total so far, the group being built, its kind, the last multiplier


def _extend(norm: str, atoms: list[_Atom], j: int, state: _State) -> tuple[int, _State]:
    """Take in the atoms after ``j`` that continue the number ("وعشرون", "ألف", "مليون")."""
    while j + 1 < len(atoms):
        step = _step(atoms[j + 1], _gap(norm, atoms[j], atoms[j + 1]), *state[1:])
        if step is None:
            break
        state = _apply(step, *state)
        j += 1
    return j, state


def _construct(norm: str, atoms: list[_Atom], i: int) -> _Entry | None:
    """A dual in construct read as one when a word follows it that is its noun: "ألفا شخص" (2000),
    not "ألفا من المسلحين" or "مليونا ونصف مليون" (the singular)."""
    entry = atoms[i].kind("construct")
    if entry is None or (i + 1 < len(atoms) and atoms[i + 1].start - len(atoms[i + 1].clitic) == atoms[i].end + 1):
        return None
    m = _NEXT_WORD.match(norm, atoms[i].end)
    if m is None or m.start(1) != atoms[i].end + 1 or not m[1][0].isalpha() or m[1] == _PARTITIVE.strip():
        return None
    return _Entry("round", entry.value)


def _fraction_of(norm: str, atoms: list[_Atom], i: int, fraction: Decimal) -> tuple[int, Decimal] | None:
    """ "نصف مليون", "ربع مليون": a fraction of the thousand, million or billion right after it."""
    if i + 1 >= len(atoms) or _gap(norm, atoms[i], atoms[i + 1]) != " ":
        return None
    whole = atoms[i + 1].kind("round", "multiplier")
    if whole is None or whole.value < _THOUSAND:
        return None
    return i + 1, fraction * whole.value


def _spoken_fraction(norm: str, atoms: list[_Atom], j: int) -> Decimal | None:
    """The part after a spoken decimal point at ``j + 1``: "فاصلة 25" is .25, "فاصلة خمسة" .5."""
    if j + 2 >= len(atoms) or not atoms[j + 1].kind("decimal_point"):
        return None
    after = atoms[j + 2]
    if _gap(norm, atoms[j], atoms[j + 1]) != " " or _gap(norm, atoms[j + 1], after) != " " or after.clitic:
        return None
    digits = norm[after.start : after.end]
    if not digits.isdigit():
        entry = after.kind("unit", "ten")
        if entry is None:
            return None
        digits = str(int(entry.value))
    return Decimal(f"0.{digits}")


def _definite_ok(atom: _Atom) -> bool:
    """A number with the article: "الثلاثة" is a count; "الاثنين" is Monday, "المئة" belongs to "في المئة"."""
    entry = atom.kind("unit", "ten")
    return entry is not None and entry.value != _TWO


def _is_ten_word(atom: _Atom) -> bool:
    entry = atom.kind("unit")
    return entry is not None and entry.value == 10 and not atom.clitic


def _start_group(entry: _Entry) -> tuple[Decimal, str]:
    if entry.kind == "unit":
        return entry.value, "unit" if entry.value < 10 else "teen"
    if entry.kind in ("hundred", "round") and entry.value < 1000:
        return entry.value, "hundred"
    return entry.value, entry.kind  # ten, digits


def _step(nxt: _Atom, gap: str, group: Decimal, last_kind: str, limit: Decimal) -> tuple[str, Decimal] | None:
    """How the next atom extends the number, as (operation, value), or None where it stops."""
    if last_kind == "fraction":  # "مليون ونصف مليون": the unit said again
        whole = nxt.kind("multiplier", "round")
        again = whole is not None and _thousands(whole.value) == _thousands(limit)
        return ("again", limit) if gap == " " and again else None
    if gap == " ":
        if last_kind == "unit" and _is_ten_word(nxt):
            return "teen", Decimal(10)
        mult = nxt.kind("multiplier", "round")
        if mult is None or nxt.clitic or mult.value < 100:
            return None
        if mult.value == 100:
            return ("times", mult.value) if last_kind in ("unit", "digits") and group < 10 else None
        return ("scale", mult.value) if last_kind in ("unit", "teen", "ten", "hundred", "digits") else None
    if gap != "و":
        return None
    if last_kind == "mult" and (fraction := nxt.kind("fraction")) is not None:
        return "fraction", fraction.value * _thousands(limit)  # "مليون ونصف", "ألفين ونصف" (2500)
    entry = nxt.kind("unit", "ten", "hundred", "round", "digits")
    if entry is None or (entry.kind == "round" and entry.value >= 1000):
        return None
    if last_kind == "unit" and entry.kind == "ten":
        return "add", entry.value
    if last_kind == "hundred" and entry.value < 100:
        return "add", entry.value
    if last_kind == "mult" and entry.value < limit:
        return "add", entry.value
    return None


def _thousands(value: Decimal) -> Decimal:
    """The power of a thousand a multiplier counts in: 1000 for ألف and ألفين, a million for مليونين."""
    unit = _THOUSAND
    while unit * _THOUSAND <= value:
        unit *= _THOUSAND
    return unit


def _apply(step: tuple[str, Decimal], total: Decimal, group: Decimal, last_kind: str, limit: Decimal) -> _State:
    operation, value = step
    if operation == "teen":
        return total, group + value, "teen", limit
    if operation == "times":
        return total, group * value, "hundred", limit
    if operation == "scale":
        return total + (group or 1) * value, Decimal(0), "mult", value
    if operation == "fraction":
        return total, group + value, "fraction", limit
    if operation == "again":
        return total, group, "done", limit
    return total, group + value, _kind_of_part(value), limit


def _kind_of_part(value: Decimal) -> str:
    """What a number added after و may still take: a unit a ten, a hundred anything below 100."""
    if value < 10:
        return "unit"
    if value < 20:
        return "teen"
    return "ten" if value < 100 else "hundred"


def _gap(norm: str, left: _Atom, right: _Atom) -> str:
    """A plain space as " ", an and (glued or alone) as "و", else the text between."""
    between = norm[left.end : right.start - len(right.clitic)]
    if right.clitic == "و" and between == " ":
        return "و"
    if between == " و ":
        return "و" if not right.clitic else between
    return " " if between == " " and not right.clitic else between


# --- context: is it a count, and what modifies it ------------------------------------------------


def _is_count(text: NormalizedText, words: NumberLexicon, atoms: list[_Atom], first: int, last: int) -> bool:
    norm = text.norm
    start, end = atoms[first].start - len(atoms[first].clitic), atoms[last].end
    previous = _previous_word(norm, start)
    if not words.not_after.isdisjoint(_bare_forms(previous)):
        return False
    after = _text_after(norm, end, words.after_window)
    if _one_of(text, atoms[first], atoms[last], after):
        return False
    if after.startswith(words.not_before) and _ends_at_boundary(after, words.not_before):
        return False
    if _unit_ten_after_ordinal(atoms[first], previous):
        return False
    if first == last and norm[start:end] in words.month_names and _in_a_date(previous, after, words):
        return False
    return not _looks_like_year(atoms[first], atoms[last], previous, after, words)


def _in_a_date(previous: str, after: str, words: NumberLexicon) -> bool:
    """A number word that names a month sits in a date: "12 صفر", "صفر 1445", "صفر الماضي"."""
    return previous.isdigit() or after[:1].isdigit() or after.split(" ", 1)[0] in words.anchors


def _text_after(norm: str, end: int, window: int) -> str:
    """``norm[end:].lstrip(" ")`` cut to ``window`` characters (no copy of the rest of the text)."""
    pos = end
    while pos < len(norm) and norm[pos] == " ":
        pos += 1
    return norm[pos : pos + window]


def _looks_like_year(first: _Atom, last: _Atom, previous: str, after: str, words: NumberLexicon) -> bool:
    entry = first.kind("digits")
    if first is not last or entry is None or not 1900 <= entry.value <= 2100 or first.end - first.start != 4:
        return False
    return not after or not after[0].isalpha() or previous in words.year_words


def _unit_ten_after_ordinal(atom: _Atom, previous: str) -> bool:
    """عشر after a definite word is part of an ordinal: "الحادي عشر"."""
    return _is_ten_word(atom) and previous.startswith(_ARTICLE)


def _ends_at_boundary(after: str, phrases: tuple[str, ...]) -> bool:
    for phrase in phrases:
        if after.startswith(phrase):
            rest = after[len(phrase) : len(phrase) + 1]
            if not rest or not rest.isalnum() or not phrase[-1].isalnum():
                return True
    return False


_LAST_WORD = re.compile(r"(\w+)\W*$")
_NEXT_WORD = re.compile(r"\s*(\w+)")


def _previous_word(norm: str, pos: int) -> str:
    m = _LAST_WORD.search(norm, max(0, pos - 16), pos)
    return m[1] if m and norm[m.end(1) : pos].strip() == "" else ""


def _bare_forms(word: str) -> set[str]:
    """The word and what it is without each proclitic it may carry ("واللواء" -> "اللواء")."""
    forms = {word}
    for clitic, rest in without_proclitics(word):
        forms.add(rest)
        if clitic.endswith(("ال", "لل")):
            forms.add(_ARTICLE + rest)
    return forms


_HAMZA_ALEF = ("أ", "إ")


def _one_of(text: NormalizedText, first: _Atom, last: _Atom, after: str) -> bool:
    """وأحد normalizes to "واحد": it is و + أحد ("one of") when written with a hamza
    (واحد never is) or when a definite noun follows."""
    entry = first.kind("unit")
    if first is not last or entry is None or entry.value != 1:
        return False
    return after.startswith(_ARTICLE) or any(h in text.original_text(first.start, first.end) for h in _HAMZA_ALEF)


_DASHES = ("-", " -", " - ", "- ")  # "4 -6", "20 - 25": a range written with a dash and spaces


def _with_modifiers(norm: str, atoms: list[_Atom], amount: _Amount) -> _Amount:
    """Widen the amount over "نحو", "أكثر من", "سالب", "بين X و Y", "X أو Y" and "على الأقل" around it."""
    first, last, value = amount.first, amount.last, amount.value
    before = atoms[first - 1] if first > 0 else None
    modifier = before.kind(*_MODIFIERS) if before and _gap(norm, before, atoms[first]) == " " else None
    if modifier is not None and modifier.kind == "minus" and amount.number is not None:
        return _Amount(first - 1, last, None, None, None, -amount.number)
    if value is None:
        return amount
    lo: int | None = value
    hi: int | None = value
    if modifier is not None and modifier.kind == "between":
        upper = _second_number(norm, atoms, last, ("و", *_DASHES))
        if upper is not None and upper[1] > value:
            return _Amount(first - 1, upper[0], None, value, upper[1])
        modifier = None
    if modifier is not None and modifier.kind != "minus":
        first -= 1
        lo, hi = {
            "about": (value, value),
            "at_least": (value, None),
            "more_than": (value, None),
            "less_than": (None, value),
        }[modifier.kind]
    elif (upper := _second_number(norm, atoms, last, (" او ", *_DASHES))) is not None and upper[1] > value:
        return _Amount(first, upper[0], None, value, upper[1])
    after = atoms[last + 1] if last + 1 < len(atoms) else None
    if after is not None and after.kind("at_least_after") and _gap(norm, atoms[last], after) == " ":
        return _Amount(first, last + 1, value, value, None, amount.number)
    return _Amount(first, last, value, lo, hi, amount.number)


def _second_number(norm: str, atoms: list[_Atom], last: int, joins: tuple[str, ...]) -> tuple[int, int] | None:
    """The whole number after "و" / "أو" / a dash that closes a range: (last atom index, value)."""
    if last + 1 >= len(atoms) or _gap(norm, atoms[last], atoms[last + 1]) not in joins:
        return None
    nxt = atoms[last + 1]
    if nxt.clitic not in ("", "و") or not nxt.kind(*_NUMERIC):
        return None
    number = _number(norm, atoms, last + 1)
    count = _count_of(number[1]) if number is not None else None
    return None if number is None or count is None else (number[0], count)


# --- the mention --------------------------------------------------------------------------------

_PARTITIVE = "من "


def _mention(text: NormalizedText, words: NumberLexicon, atoms: list[_Atom], amount: _Amount) -> QuantityMention | None:
    if amount.min is None and amount.max is None and amount.number is None:
        return None
    norm = text.norm
    first, last = atoms[amount.first], atoms[amount.last]
    start = first.start - (len(first.clitic) if first.clitic == _ARTICLE else 0)
    end = last.end
    noun = first.start if first.kind("dual") else _noun_after(words, norm, end)
    value, lo, hi = amount.value, amount.min, amount.max
    if noun is not None and noun != first.start and value is not None and hi == value:
        extended = _at_least_after_noun(words, norm, noun)
        if extended is not None:
            end, hi = extended, None
    number = float(amount.number) if amount.number is not None else None
    return mention(text, start, end, QuantityInfo(value=value, min=lo, max=hi, noun_start=noun, number=number))


def _noun_after(words: NumberLexicon, norm: str, end: int) -> int | None:
    """Where the counted noun starts: the next word, past a partitive من ("3 من عناصر")."""
    pos = end + 1 if norm.startswith(" ", end) else end
    if norm.startswith(_PARTITIVE, pos):
        pos += len(_PARTITIVE)
    m = _NEXT_WORD.match(norm, pos)
    if m is None or m.start(1) != pos or not m[1][0].isalpha():
        return None
    word = m[1]
    if word in words.function or word in words.not_after:
        return None
    return pos


def _at_least_after_noun(words: NumberLexicon, norm: str, noun: int) -> int | None:
    """The end of the phrase when "على الأقل" follows the counted noun: "39 شخصا على الأقل"."""
    m = _NEXT_WORD.match(norm, noun)
    if m is None or not norm.startswith(" ", m.end()):
        return None
    for phrase in words.at_least_after:
        after = norm[m.end() + 1 : m.end() + 2 + len(phrase)]
        if norm.startswith(phrase, m.end() + 1) and _ends_at_boundary(after, (phrase,)):
            return m.end() + 1 + len(phrase)
    return None
