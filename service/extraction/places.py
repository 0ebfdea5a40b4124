"""Place mentions: gazetteer lookup, qualifiers, disambiguation.

A place phrase is a name from the gazetteer (the pack's ``gazetteer.tsv``, the pack's ``places_extra.tsv``)
with the words around it that say what kind of place it is and which part of it is meant
(the pack's ``place_qualifiers.tsv``): "ريف دير الزور الغربي" is Deir ez-Zor governorate with
qualifier ``western_countryside``; "مدينة البوكمال" is the town, not the district.

Names repeat across governorates and some are common words. A name that is also a frequent
word (the pack's ``place_stopwords.tsv``) counts only after a place cue, a preposition when it is
not too frequent, or next to a unit that contains it ("الجديدة بريف دير الزور"). A name that
stays ambiguous keeps its text and gets no P-code rather than a guess: the context that
decides is the governorates, districts and countries named unambiguously in the same
sentence, in the article and in its title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field
from itertools import pairwise
from operator import attrgetter

import msgspec

from .matcher import Match, Matcher
from .mention import Mention, mention
from .model import Place, PlaceEntity
from .pack import Pack, Region
from .spans import SpanIndex
from .text import NormalizedText

# A stop-listed name this frequent (Zipf) needs a place cue or context, not just "في".
_WEAK_CUE_ZIPF = 3.9
_MIN_NAME_LENGTH = 3  # normalized letters: two-letter names are mostly particles
_ANCHOR_GAP = 12  # characters between a name and the unit that locates it ("X، بريف Y")
_UNKNOWN_CUES = frozenset({"city", "town", "village", "neighbourhood", "camp"})


class PlaceInfo(msgspec.Struct, frozen=True, kw_only=True):
    """What a place phrase resolved to: the contract's Place fields but its span."""

    name_ar: str | None = None
    name_en: str | None = None
    pcode: str | None = None
    admin_level: int | None = None
    admin1_pcode: str | None = None
    admin1_en: str | None = None
    admin2_pcode: str | None = None
    admin2_en: str | None = None
    admin3_pcode: str | None = None
    admin3_en: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    qualifier: str | None = None
    geo_precision: int | None = None


PlaceMention = Mention[PlaceInfo]


def to_place(m: PlaceMention) -> Place:
    return m.project(Place)


def to_entity(m: PlaceMention) -> PlaceEntity:
    return m.project(PlaceEntity)


# --- the data, loaded once per pack ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One gazetteer unit or hand-listed place."""

    kind: str  # admin | syria | country | city | region | world | feature | facility
    pcode: str | None
    admin_level: int | None
    name_ar: str
    name_en: str
    admin1: tuple[str, ...]  # the governorates it lies in (Syria), or its country's ISO code
    admin2: str | None
    admin3: str | None
    lat: float | None
    lon: float | None
    qualifier: str | None
    geo_precision: int | None
    region: InitVar[Region]
    # Derived from the fields above once, at load: resolution reads them for every candidate.
    level_tag: str = field(init=False, compare=False, repr=False)
    group: str = field(init=False, compare=False, repr=False)
    regions: tuple[str, ...] = field(init=False, compare=False, repr=False)
    region_set: frozenset[str] = field(init=False, compare=False, repr=False)
    certain_regions: frozenset[str] = field(init=False, compare=False, repr=False)
    is_local: bool = field(init=False, compare=False, repr=False)
    rank_regional: int = field(init=False, compare=False, repr=False)
    rank_bare: int = field(init=False, compare=False, repr=False)

    def __post_init__(self, region: Region) -> None:
        level_tag = self._level_tag()
        derived = {
            "level_tag": level_tag,
            "group": self._group(),
            "regions": self._regions(),
            "is_local": self.admin_level == 4 or self.kind in ("city", "facility"),
            "rank_regional": region.rank(level_tag, regional=True),
            "rank_bare": region.rank(level_tag, regional=False),
        }
        derived["region_set"] = frozenset(derived["regions"])
        derived["certain_regions"] = derived["region_set"] if len(self.admin1) <= 1 else frozenset()
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def _level_tag(self) -> str:
        """What a cue's ``levels`` name: an admin level ("1".."4") or a kind."""
        return str(self.admin_level) if self.kind == "admin" else self.kind

    def _group(self) -> str:
        """Records of one group are the same place at different levels or its parts."""
        if self.kind in ("city", "region", "country") and self.pcode:
            return self.pcode
        if len(self.admin1) == 1:
            return self.admin1[0]
        return self.name_en

    def _regions(self) -> tuple[str, ...]:
        """The codes under which context counts this place: its units and its country.
        (``certain_regions``: the same, or none for a place in several governorates.)"""
        codes = [*self.admin1, self.admin2, self.admin3, self.pcode]
        return tuple(dict.fromkeys(c for c in codes if c))


@dataclass(frozen=True, slots=True)
class QualifierRule:
    phrase: str
    position: str  # cue | before | after | bare | weak
    qualifier: str | None
    precision_town: int | None
    precision_region: int | None
    levels: frozenset[str]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    records: tuple[PlaceRecord, ...]
    names: Matcher[int]
    keys: frozenset[str]  # every normalized name
    qualifiers: Matcher[QualifierRule]
    after: tuple[tuple[str, QualifierRule], ...]  # longest first
    countryside_words: tuple[str, ...]  # ريف: a name starting so is a countryside (ريف دمشق)
    locatives: frozenset[str]  # the 'weak' prepositions: في
    stopwords: dict[str, float]
    name_prefixes: frozenset[str]
    name_suffixes: frozenset[str]
    cue_nonnames: frozenset[str]
    admin1_en: dict[str, str]
    by_pcode: dict[str, int]
    home_country: str  # ISO 3166-1 alpha-3 of the gazetteer's administrative units


_GAZETTEER = ("pcode", "admin_level", "name_ar", "name_en", "admin1_pcode", "admin2_pcode", "admin3_pcode", "aliases")
_EXTRA = ("id", "kind", "pcode", "admin_level", "name_ar", "name_en", "admin1_pcode", "aliases", "qualifier")
_KINDS = frozenset({"home", "country", "city", "region", "world", "feature", "facility"})


def build_gazetteer(pack: Pack) -> Gazetteer:
    rows = pack.rows("gazetteer.tsv", columns=_GAZETTEER)
    extra = pack.rows("places_extra.tsv", columns=_EXTRA)
    _check(pack, rows, extra)
    region = pack.region
    records = [_admin_record(r, region) for r in rows] + [_extra_record(r, region) for r in extra]
    names = [[n for n in {r["name_ar"], *r["aliases"].split("|")} if n and not n.isascii()] for r in rows + extra]
    normalized = iter(pack.keys([n for group in names for n in group]))
    keys = sorted(
        {
            (key, i)
            for i, group in enumerate(names)
            for key in (next(normalized) for _ in group)
            if len(key.replace(" ", "")) >= _MIN_NAME_LENGTH
        }
    )
    rules = [_rule(row) for row in pack.rows("place_qualifiers.tsv")]
    parts = pack.rows("place_name_parts.tsv", columns=("word", "role"))
    admin1_en = {r["pcode"]: r["name_en"] for r in rows if r["admin_level"] == "1"}
    normalizer = pack.normalizer
    return Gazetteer(
        records=tuple(records),
        names=Matcher(keys, normalizer, glued=True),
        keys=frozenset(key for key, _ in keys),
        qualifiers=Matcher([(r.phrase, r) for r in rules if r.position != "after"], normalizer),
        after=tuple(
            sorted(((pack.key(r.phrase), r) for r in rules if r.position == "after"), key=lambda item: -len(item[0]))
        ),
        countryside_words=tuple(
            pack.key(r.phrase) + " " for r in rules if r.position == "before" and r.qualifier == "countryside"
        ),
        locatives=frozenset(pack.key(r.phrase) for r in rules if r.position == "weak"),
        stopwords={row["form"]: _zipf(pack, row) for row in pack.rows("place_stopwords.tsv", columns=("form", "zipf"))},
        name_prefixes=frozenset(pack.key(p["word"]) for p in parts if p["role"] == "prefix"),
        name_suffixes=frozenset(pack.key(p["word"]) for p in parts if p["role"] == "suffix"),
        cue_nonnames=frozenset(pack.key(r["word"]) for r in pack.rows("place_cue_nonnames.tsv", columns=("word",))),
        admin1_en=admin1_en,
        by_pcode={r.pcode: i for i, r in enumerate(records) if r.pcode and r.kind == "admin"},
        home_country=region.home_country,
    )


def matchers(gaz: Gazetteer) -> tuple[Matcher[int], Matcher[QualifierRule]]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (gaz.names, gaz.qualifiers)


def _check(pack: Pack, rows: list, extra: list) -> None:
    """Levels are numbers, kinds known, and every governorate, district or subdistrict named exists."""
    for row in rows:
        if row["admin_level"] not in ("1", "2", "3", "4"):
            raise pack.fail(row, f"admin_level {row['admin_level']!r} is not 1-4")
    for level in (1, 2, 3):
        units = {r["pcode"] for r in rows if r["admin_level"] == str(level)}
        pack.check_refs(rows, f"admin{level}_pcode", units, what=f"admin level {level} P-code")
    for row in extra:
        if row["kind"] not in _KINDS:
            raise pack.fail(row, f"kind {row['kind']!r} is not one of {', '.join(sorted(_KINDS))}")
    local = [r for r in extra if r["kind"] in ("feature", "facility")]
    pack.check_refs(local, "admin1_pcode", {r["pcode"] for r in rows if r["admin_level"] == "1"}, what="governorate")


def _zipf(pack: Pack, row: dict) -> float:
    try:
        return float(row["zipf"])
    except ValueError:
        raise pack.fail(row, f"zipf {row['zipf']!r} is not a number") from None  # type: ignore[arg-type]


def _admin_record(row: dict[str, str], region: Region) -> PlaceRecord:
    return PlaceRecord(
        kind="admin",
        pcode=row["pcode"],
        admin_level=int(row["admin_level"]),
        name_ar=row["name_ar"],
        name_en=row["name_en"],
        admin1=(row["admin1_pcode"],),
        admin2=row["admin2_pcode"] or None,
        admin3=row["admin3_pcode"] or None,
        lat=_float(row["lat"]),
        lon=_float(row["lon"]),
        qualifier=None,
        geo_precision=None,
        region=region,
    )


def _extra_record(row: dict[str, str], region: Region) -> PlaceRecord:
    return PlaceRecord(
        kind=row["kind"],
        pcode=row["pcode"] or None,
        admin_level=int(row["admin_level"]) if row["admin_level"] else None,
        name_ar=row["name_ar"],
        name_en=row["name_en"],
        admin1=tuple(a for a in row["admin1_pcode"].split("|") if a),
        admin2=None,
        admin3=None,
        lat=_float(row["lat"]),
        lon=_float(row["lon"]),
        qualifier=row["qualifier"] or None,
        geo_precision=int(row["geo_precision"]) if row["geo_precision"] else None,
        region=region,
    )


def _rule(row: dict[str, str]) -> QualifierRule:
    return QualifierRule(
        phrase=row["phrase"],
        position=row["position"],
        qualifier=row["qualifier"] or None,
        precision_town=int(row["precision_town"]) if row["precision_town"] else None,
        precision_region=int(row["precision_region"]) if row["precision_region"] else None,
        levels=frozenset(v for v in row["levels"].split(",") if v),
    )


def _float(value: str) -> float | None:
    return float(value) if value else None


# --- phrases ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Phrase:
    """A place phrase being built: its span in ``norm`` and what qualifies its name."""

    start: int
    end: int
    name_start: int
    candidates: tuple[PlaceRecord, ...]  # the records its name may be
    sentence: int
    cue: QualifierRule | None = None
    before: QualifierRule | None = None
    after: QualifierRule | None = None
    bare: QualifierRule | None = None  # a bare qualifier standing for the last governorate
    word_start: int = -1  # where the name's word starts, with its clitic
    zipf: float = 0.0  # > 0: the name is also a frequent word
    weak_cue: bool = False
    chosen: PlaceRecord | None = None
    partial: tuple[str, ...] = ()  # admin1 codes all candidates share, when unresolved
    anchor: _Phrase | None = None  # the next phrase, when it follows within a few characters
    admin1_choice: str | None = None  # for a place in several governorates: the one context names

    @property
    def rule(self) -> QualifierRule | None:
        return self.after or self.before or self.bare or self.cue


def find_places(text: NormalizedText, gaz: Gazetteer, title: NormalizedText | None = None) -> list[PlaceMention]:
    """Every place phrase in ``text``, resolved where the text allows it.

    ``title``: the headline, whose places count as context for the whole article.
    """
    phrases = _phrases(text, gaz)
    context = _Context.build(phrases, _phrases(title, gaz) if title is not None else [])
    _link_anchors(phrases, text.norm, gaz)
    kept = []
    for phrase in reversed(phrases):  # an anchor follows its phrase: resolve it first
        _resolve(phrase, context, gaz)
        if _keep(phrase):
            kept.append(phrase)
        else:
            phrase.chosen = None
    phrases = kept[::-1]
    _resolve_bare(phrases, gaz)
    return [_mention(text, p, gaz) for p in phrases]


def _phrases(text: NormalizedText, gaz: Gazetteer) -> list[_Phrase]:
    norm = text.norm
    qualifiers = gaz.qualifiers.find(text)
    names = [m for m in gaz.names.find(text) if not m.clitic or _proper_clitic(m, norm, gaz)]
    name_spans = SpanIndex((m.start - len(m.clitic), m.end) for m in names)
    names_at: dict[tuple[int, int], Match[int]] = {}
    for m in names:
        names_at.setdefault((m.start, m.end), m)
    qualifiers = [
        q
        for q in qualifiers
        if not name_spans.overlaps(q.start - len(q.clitic), q.end) or _qualifier_wins(q, names_at, gaz, norm)
    ]
    q_spans = SpanIndex((q.start - len(q.clitic), q.end) for q in qualifiers)
    names = [m for m in names if not q_spans.overlaps(m.start - len(m.clitic), m.end)]
    q_by_end = {q.end: q for q in qualifiers}
    used: set[int] = set()
    absorbed: set[int] = set()  # starts of words taken into a longer name
    phrases = []
    for m in names:
        records = tuple(map(gaz.records.__getitem__, m.values))
        phrase = _Phrase(m.start, m.end, m.start, records, text.sentence_index(m.start))
        phrase.word_start = m.start - len(m.clitic)
        surface, name = norm[m.start - len(m.clitic) : m.end], norm[m.start : m.end]
        phrase.zipf = max(gaz.stopwords.get(surface, 0.0), gaz.stopwords.get(name, 0.0))
        # Most names stand alone: each step is called only where its first test can pass.
        if phrase.word_start > 0 and norm[phrase.word_start - 1] in " \n" and phrase.word_start - 1 in q_by_end:
            _attach_before(phrase, m, q_by_end, norm, used)
        if phrase.before is not None or norm.startswith(gaz.countryside_words, phrase.name_start):
            _attach_after(phrase, norm, gaz)
        if phrase.cue is not None:
            _attach_suffix(phrase, norm, gaz, absorbed)
        phrases.append(phrase)
    phrases += _unknown_names(text, qualifiers, names, used, absorbed, gaz)
    phrases = [p for p in phrases if p.word_start not in absorbed]
    phrases += [
        _Phrase(q.start, q.end, q.start, (), text.sentence_index(q.start), bare=q.values[0])
        for q in qualifiers
        if q.values[0].position == "bare" and id(q) not in used
    ]
    return sorted(phrases, key=lambda p: p.start)


def _proper_clitic(m: Match[int], norm: str, gaz: Gazetteer) -> bool:
    """A name without the article takes none: "الروسية" is an adjective, not روسية."""
    if m.clitic.endswith("لل"):
        return "ال" + norm[m.start : m.end] in gaz.keys
    return "ال" not in m.clitic


def _qualifier_wins(
    q: Match[QualifierRule], names_at: dict[tuple[int, int], Match[int]], gaz: Gazetteer, norm: str
) -> bool:
    """A word that is both a qualifier and a frequent-word name ("المدينة") is the qualifier."""
    m = names_at.get((q.start, q.end))
    return m is not None and norm[m.start - len(m.clitic) : m.end] in gaz.stopwords


def _attach_before(phrase: _Phrase, m: Match[int], q_by_end: dict[int, Match], norm: str, used: set[int]) -> None:
    """Walk back over cues, a qualifier and a preposition: "في أطراف بلدة X", "قضاء مدينة X",
    "الريف الغربي لـX". A cue or qualifier with the article ("القضاء"، "الشرق") is another word."""
    pos, clitic = m.start - len(m.clitic), m.clitic
    while (q := _previous(q_by_end, norm, pos)) is not None:
        rule: QualifierRule = q.values[0]
        if rule.position == "weak":
            phrase.weak_cue = phrase.weak_cue or not clitic
            return
        if rule.position == "bare" and clitic in ("ل", "لل") and phrase.before is None:
            phrase.before = rule
        elif "ال" in q.clitic or clitic:
            return
        elif rule.position == "cue" and phrase.before is None:
            phrase.cue = phrase.cue or rule  # the cue next to the name says what kind it is
        elif rule.position == "before" and phrase.before is None:
            phrase.before = rule
        else:
            return
        used.add(id(q))
        phrase.start = q.start
        pos, clitic = q.start - len(q.clitic), q.clitic


def _previous(q_by_end: dict[int, Match], norm: str, pos: int) -> Match | None:
    """The qualifier that ends one space before ``pos``."""
    if pos > 0 and norm[pos - 1] in " \n":
        return q_by_end.get(pos - 1)
    return None


def _attach_after(phrase: _Phrase, norm: str, gaz: Gazetteer) -> None:
    """ "ريف X الغربي" (also glued: "ريف دير الزورالغربي"): the direction refines ريف."""
    countryside = phrase.before is not None and phrase.before.qualifier == "countryside"
    if not countryside and not norm.startswith(gaz.countryside_words, phrase.name_start):
        return
    pos = phrase.end + 1 if norm.startswith(" ", phrase.end) else phrase.end
    for key, rule in gaz.after:
        end = pos + len(key)
        if norm.startswith(key, pos) and (end == len(norm) or not norm[end].isalnum()):
            phrase.after = rule
            phrase.end = end
            return


def _attach_suffix(phrase: _Phrase, norm: str, gaz: Gazetteer, absorbed: set[int]) -> None:
    """After a town cue, a name-final adjective belongs to the name ("قرية المسمية الكبيرة"),
    and a name that is only a first word takes the next one ("قرية كفر سابا": not كفر)."""
    if phrase.cue is None or phrase.cue.qualifier not in _UNKNOWN_CUES or phrase.after is not None:
        return
    words = _words_after(norm, phrase.end, 1)
    if not words or not _name_like(words[0][2], gaz):
        return
    if norm[phrase.name_start : phrase.end] in gaz.name_prefixes:
        phrase.candidates = ()
        absorbed.add(words[0][0])
    elif words[0][2] not in gaz.name_suffixes:
        return
    phrase.end = words[0][1]


def _unknown_names(
    text: NormalizedText,
    qualifiers: list[Match],
    names: list[Match],
    used: set[int],
    absorbed: set[int],
    gaz: Gazetteer,
) -> list[_Phrase]:
    """ "قرية X" with X in no gazetteer: a place all the same, kept unresolved."""
    norm = text.norm
    name_starts = {m.start - len(m.clitic) for m in names}
    out = []
    for q in qualifiers:
        rule: QualifierRule = q.values[0]
        if rule.position != "cue" or rule.qualifier not in _UNKNOWN_CUES or id(q) in used or "ال" in q.clitic:
            continue
        words = _words_after(norm, q.end, 2)
        if not words or words[0][0] in name_starts or not _name_like(words[0][2], gaz):
            continue
        end = words[0][1]
        if (
            len(words) == 2
            and _name_like(words[1][2], gaz)
            and (words[0][2] in gaz.name_prefixes or words[1][2] in gaz.name_suffixes)
        ):
            end = words[1][1]
            absorbed.add(words[1][0])  # "قرية كفر عانة": عانة is no place of its own here
        used.add(id(q))
        out.append(_Phrase(q.start, end, words[0][0], (), text.sentence_index(q.start), cue=rule))
    return out


def _words_after(norm: str, pos: int, count: int) -> list[tuple[int, int, str]]:
    words = []
    while len(words) < count and pos < len(norm) and norm[pos] == " ":
        start = end = pos + 1
        while end < len(norm) and norm[end].isalpha():
            end += 1
        if end == start:
            break
        words.append((start, end, norm[start:end]))
        pos = end
    return words


def _name_like(word: str, gaz: Gazetteer) -> bool:
    return len(word) >= 2 and not word.isascii() and word not in gaz.cue_nonnames


# --- context and resolution --------------------------------------------------------------


_NONE: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Context:
    """Units named without ambiguity: per sentence, in the article, in the title."""

    by_sentence: dict[int, set[str]]
    article: set[str]
    title: set[str]

    @classmethod
    def build(cls, phrases: list[_Phrase], title_phrases: list[_Phrase]) -> _Context:
        by_sentence: dict[int, set[str]] = {}
        article: set[str] = set()
        for p in phrases:
            regions = _certain_regions(p)
            by_sentence.setdefault(p.sentence, set()).update(regions)
            article.update(regions)
        title: set[str] = set()
        for p in title_phrases:
            title.update(_certain_regions(p))
        return cls(by_sentence, article, title)

    def score(self, record: PlaceRecord, phrase: _Phrase) -> float:
        sentence = self.by_sentence.get(phrase.sentence, _NONE)
        anchored = phrase.anchor is not None and _contains(phrase.anchor, record)
        total = 10.0 * anchored
        article, title = self.article, self.title
        for code in record.regions:
            total += 3.0 * (code in sentence) + 1.0 * (code in article) + 1.0 * (code in title)
        return total


def _certain_regions(phrase: _Phrase) -> frozenset[str]:
    """The codes a phrase names for sure: all its candidates agree on them (the Euphrates,
    in several governorates, names none)."""
    if not phrase.candidates or phrase.zipf:
        return _NONE
    shared = phrase.candidates[0].certain_regions
    for record in phrase.candidates[1:]:
        shared = shared & record.certain_regions
    return shared


def _contains(anchor: _Phrase, record: PlaceRecord) -> bool:
    """Does the anchor phrase name a unit that contains ``record``?"""
    chosen = anchor.chosen
    if chosen is not None:
        if chosen.kind == "admin":
            named = chosen.pcode in record.region_set
        else:
            named = not record.region_set.isdisjoint(chosen.admin1)
        return named and chosen.pcode != record.pcode
    return False


def _link_anchors(phrases: list[_Phrase], norm: str, gaz: Gazetteer) -> None:
    """ "X في ريف Y", "X بريف Y", "X، Y": the phrase after X may say where X is."""
    for phrase, following in pairwise(phrases):
        if following.start - phrase.end > _ANCHOR_GAP:
            continue  # the common case, decided without copying the gap
        gap = norm[phrase.end : following.start]
        attached = gap.endswith(" ب") or gap.endswith(" وب")  # بريف، بمدينة
        words = gap.replace(",", " , ").split()
        if attached:
            words = words[:-1]
        if len(gap) <= _ANCHOR_GAP and (attached or words) and all(w == "," or w in gaz.locatives for w in words):
            phrase.anchor = following


def _keep(phrase: _Phrase) -> bool:
    """A frequent-word name stays only with a cue, a preposition, or a unit locating it."""
    if not phrase.zipf or phrase.cue or phrase.before or phrase.after:
        return True
    if phrase.weak_cue and phrase.zipf < _WEAK_CUE_ZIPF:
        return True
    anchor = phrase.anchor
    return anchor is not None and any(_contains(anchor, record) for record in phrase.candidates)


def _resolve(phrase: _Phrase, context: _Context, gaz: Gazetteer) -> None:
    if not phrase.candidates:
        return
    if len(phrase.candidates) == 1:  # the common case: one group, one rank, nothing to weigh
        phrase.chosen = phrase.candidates[0]
        if len(phrase.chosen.admin1) > 1:
            phrase.admin1_choice = _admin1_by_context(phrase.chosen, phrase, context)
        return
    records = list(phrase.candidates)
    if phrase.cue and phrase.cue.levels:
        narrowed = [r for r in records if r.level_tag in phrase.cue.levels]
        records = narrowed or records
    groups: dict[str, list[PlaceRecord]] = {}
    for r in records:
        groups.setdefault(r.group, []).append(r)
    if len(groups) > 1:
        prior = _prominent(records)
        scores = {g: max(context.score(r, phrase) + (r in prior) * 0.5 for r in rs) for g, rs in groups.items()}
        best = max(scores.values())
        winners = [g for g, s in scores.items() if s == best]
        if best <= 0 or len(winners) > 1:
            phrase.partial = _shared_admin1(records)
            return
        records = groups[winners[0]]
    rank = attrgetter("rank_regional" if phrase.before is not None or phrase.after is not None else "rank_bare")
    ranked = sorted(records, key=rank)
    best_rank = rank(ranked[0])
    top = [r for r in ranked if rank(r) == best_rank]
    if len(top) > 1:
        scores = [context.score(r, phrase) for r in top]
        if scores.count(max(scores)) > 1:
            phrase.partial = _shared_admin1(top)
            return
        top = [top[scores.index(max(scores))]]
    phrase.chosen = top[0]
    if len(phrase.chosen.admin1) > 1:
        phrase.admin1_choice = _admin1_by_context(phrase.chosen, phrase, context)


def _admin1_by_context(record: PlaceRecord, phrase: _Phrase, context: _Context) -> str | None:
    """For a feature in several governorates (the Euphrates), the one the text is about."""
    for named_codes in (context.by_sentence.get(phrase.sentence, _NONE), context.title, context.article):
        named = [code for code in record.admin1 if code in named_codes]
        if len(named) == 1:
            return named[0]
        if named:
            return None
    return None


def _prominent(records: list[PlaceRecord]) -> list[PlaceRecord]:
    """Without context, a country or a world region outranks a village of the same name
    (تركيا), and a foreign city does when the Syrian namesakes are only villages (القدس)."""
    villages_only = all(r.admin_level == 4 for r in records if r.kind == "admin")
    return [
        r for r in records if r.kind in ("country", "home", "world", "region") or (r.kind == "city" and villages_only)
    ]


def _shared_admin1(records: Sequence[PlaceRecord]) -> tuple[str, ...]:
    sets = [set(r.admin1) for r in records if r.kind in ("admin", "feature", "facility")]
    if not sets or len(sets) != len(records):
        return ()
    shared = set.intersection(*sets)
    return tuple(sorted(shared)) if len(shared) == 1 else ()


def _resolve_bare(phrases: list[_Phrase], gaz: Gazetteer) -> None:
    """ "الريف الغربي" with no name: the governorate the article named last."""
    last: str | None = None
    for phrase in phrases:
        if phrase.bare is not None and not phrase.candidates:
            if last is not None:
                phrase.chosen = gaz.records[gaz.by_pcode[last]]
            continue
        record = phrase.chosen
        if record is not None and len(record.admin1) == 1 and record.admin1[0] in gaz.by_pcode:
            last = record.admin1[0]


def _mention(text: NormalizedText, phrase: _Phrase, gaz: Gazetteer) -> PlaceMention:
    record = phrase.chosen
    rule = phrase.rule
    qualifier = rule.qualifier if rule is not None and rule.qualifier else None
    if record is None:
        admin1 = phrase.partial[0] if phrase.partial else None
        unresolved = PlaceInfo(
            admin1_pcode=admin1,
            admin1_en=gaz.admin1_en.get(admin1 or ""),
            country=gaz.home_country if admin1 else None,
            qualifier=qualifier,
        )
        return mention(text, phrase.start, phrase.end, unresolved)
    admin1 = _admin1_of(record, phrase)
    local_feature = record.kind in ("feature", "facility")  # its most specific code: the governorate
    info = PlaceInfo(
        name_ar=record.name_ar,
        name_en=record.name_en,
        pcode=record.pcode or (admin1 if local_feature else None),
        admin_level=record.admin_level if record.pcode else (1 if admin1 and local_feature else None),
        admin1_pcode=admin1,
        admin1_en=gaz.admin1_en.get(admin1 or ""),
        admin2_pcode=record.admin2,
        admin2_en=_name_en(gaz, record.admin2),
        admin3_pcode=record.admin3,
        admin3_en=_name_en(gaz, record.admin3),
        country=gaz.home_country if record.kind in _HOME_KINDS else None,
        lat=record.lat,
        lon=record.lon,
        qualifier=qualifier or record.qualifier,
        geo_precision=_precision(record, rule),
    )
    return mention(text, phrase.start, phrase.end, info)


_HOME_KINDS = frozenset({"admin", "home", "feature", "facility"})  # records that lie in the home country


def _name_en(gaz: Gazetteer, pcode: str | None) -> str | None:
    index = gaz.by_pcode.get(pcode) if pcode else None
    return None if index is None else gaz.records[index].name_en


def _admin1_of(record: PlaceRecord, phrase: _Phrase) -> str | None:
    if record.kind in ("admin", "feature", "facility") and len(record.admin1) == 1:
        return record.admin1[0]
    return phrase.admin1_choice


def _precision(record: PlaceRecord, rule: QualifierRule | None) -> int:
    if rule is not None and rule.precision_town is not None:
        return rule.precision_town if record.is_local else (rule.precision_region or 3)
    if record.geo_precision is not None:
        return record.geo_precision
    return 1 if record.is_local else 3
