"""Place mentions: gazetteer lookup, qualifiers, disambiguation.

A place phrase is a name from the gazetteer (the pack's ``gazetteer.tsv``, the home country's
administrative units; ``world_countries.tsv``, ``world_admin1.tsv`` and ``world_cities.tsv``,
the world's countries, first-level units and towns from GeoNames, corrected by
``place_aliases.tsv``; and the hand-written ``places_extra.tsv``) with the words around it
that say what kind of place it is and which part of it is meant
(the pack's ``place_qualifiers.tsv``): "ريف دير الزور الغربي" is Deir ez-Zor governorate with
qualifier ``western_countryside``; "مدينة البوكمال" is the town, not the district.

Names repeat across governorates and some are common words. A name that is also a frequent
word (the pack's ``place_stopwords.tsv``) counts only after a place cue, a preposition when it is
not too frequent, or next to a unit that contains it ("الجديدة بريف دير الزور"). A name that
stays ambiguous keeps its text and gets no P-code rather than a guess: the context that
decides is the governorates, districts and countries named unambiguously in the same
sentence, in the article and in its title.

Context also decides the country. A village of the home country or a small foreign town is a
place only when the article names its country (a country, a first-level unit, a known town) or
the phrase says it is a place ("قرية X", "X، بريف Y"); a name right after a word that makes it
part of a person's or organisation's name ("الملك عبدالله", "نادي الوحدة") is none, and a state
named as a backer ("الموالية لروسيا") is no place (the pack's ``place_blockers.tsv``).

Each mention keeps the whole phrase as its span and gives the name's own span as ``toponym``,
as NER corpora mark it: with a class noun that belongs to the name ("مدينة حلب"), without
directions and qualifiers ("شمال"، "ريف"، "الغربي").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import InitVar, dataclass, field
from itertools import pairwise
from operator import attrgetter
from typing import overload

import msgspec

from .events import Cue
from .matcher import Match, Matcher
from .mention import Mention, Projection, mention
from .model import Place, PlaceEntity, Span
from .pack import Pack, PackError, Region, Row
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
    geonames_id: int | None = None
    toponym: Span | None = None


PlaceMention = Mention[PlaceInfo]


_PLACE = Projection(PlaceInfo, Place)


def to_place(m: PlaceMention) -> Place:
    return _PLACE(m)


_PLACE_ENTITY = Projection(PlaceInfo, PlaceEntity)


def to_entity(m: PlaceMention) -> PlaceEntity:
    return _PLACE_ENTITY(m)


def main_country(mentions: Sequence[PlaceMention]) -> str | None:
    """The country the article's places lie in most often (strictly more than any other), or None."""
    ranked = Counter(m.value.country for m in mentions if m.value.country).most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def main_unit(mentions: Sequence[PlaceMention], country: str | None) -> PlaceMention | None:
    """The first-level unit of ``country`` the article's places lie in most often (strictly more
    than any other), as the mention that names the unit itself, else the first place in it."""
    if country is None:
        return None
    inside = [m for m in mentions if m.value.country == country and m.value.admin1_pcode]
    ranked = Counter(m.value.admin1_pcode for m in inside).most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    unit = ranked[0][0]
    of_unit = [m for m in inside if m.value.admin1_pcode == unit]
    return next((m for m in of_unit if m.value.pcode == unit), of_unit[0])


# --- the data, loaded once per pack ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One gazetteer unit, world place or hand-listed place."""

    kind: str  # admin | home | country | admin1 | city | region | world | feature | facility
    pcode: str | None  # the code of its most specific unit: OCHA P-code, ISO 3166-2, ISO 3166-1 alpha-2
    admin_level: int | None
    name_ar: str
    name_en: str
    admin1: tuple[str, ...]  # the first-level units it lies in (several for a Syrian feature)
    admin2: str | None
    admin3: str | None
    country: str | None  # ISO 3166-1 alpha-3; None for a sea or a world region
    geonames_id: int | None
    lat: float | None
    lon: float | None
    qualifier: str | None
    geo_precision: int | None
    needs_context: bool  # a village or small town: a place only where its country is named
    region: InitVar[Region]
    # Derived from the fields above once, at load: resolution reads them for every candidate.
    level_tag: str = field(init=False, compare=False, repr=False)
    group: str = field(init=False, compare=False, repr=False)
    regions: tuple[str, ...] = field(init=False, compare=False, repr=False)
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
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def certain_regions(self) -> frozenset[str]:
        """``regions``, or none for a place in several governorates (made when asked: a set per
        record held for good would cost 3.5 MB for the few records texts name)."""
        return frozenset(self.regions) if len(self.admin1) <= 1 else frozenset()

    def _level_tag(self) -> str:
        """What a cue's ``levels`` and the pack's ranks name: an admin level ("1".."4") or a kind."""
        return str(self.admin_level) if self.kind == "admin" else self.kind

    def _group(self) -> str:
        """Records of one group are the same place at different levels or its parts (a foreign
        first-level unit and its towns)."""
        if self.kind in ("city", "region", "country", "admin1") and self.pcode:
            return self.pcode
        if len(self.admin1) == 1:
            return self.admin1[0]
        return self.name_en

    def _regions(self) -> tuple[str, ...]:
        """The codes under which context counts this place: its units and its country.
        (``certain_regions``: the same, or none for a place in several governorates.)"""
        codes = [*self.admin1, self.admin2, self.admin3, self.pcode, self.country]  # the country last
        return tuple(dict.fromkeys(c for c in codes if c))


@dataclass(frozen=True, slots=True)
class QualifierRule:
    phrase: str
    position: str  # cue | before | after | bare | weak | territory
    qualifier: str | None
    precision_town: int | None
    precision_region: int | None
    levels: frozenset[str]
    in_name: bool  # a class noun NER corpora take into the name (مدينة حلب), not a qualifier
    heads_list: bool = False  # a plural or dual class noun: each name joined by و is of its kind


@dataclass(frozen=True, slots=True)
class Gazetteer:
    records: _Records
    names: Matcher[int]
    keys: frozenset[str]  # every normalized name
    qualifiers: Matcher[QualifierRule]
    blockers: Matcher[str]  # words that make the name next to them no place (place_blockers.tsv)
    adjectives: Matcher[str]  # nationality adjectives -> the country (ISO 3166-1 alpha-3) they name
    after: tuple[tuple[str, QualifierRule], ...]  # longest first
    countryside_words: tuple[str, ...]  # ريف: a name starting so is a countryside (ريف دمشق)
    locatives: frozenset[str]  # the 'weak' prepositions: في
    stopwords: dict[str, float]
    context_words: frozenset[str]  # home unit names that are words too (التل): home places only in context
    surrounding: dict[str, str]  # a city-governorate -> the governorate around it (pack.toml [region])
    name_prefixes: frozenset[str]
    name_suffixes: frozenset[str]
    cue_nonnames: frozenset[str]
    admin1_en: dict[str, str]  # first-level unit code -> English name (home and world)
    by_pcode: dict[str, int]
    home_country: str  # ISO 3166-1 alpha-3 of the gazetteer's administrative units
    capitals: frozenset[int] = frozenset()  # GeoNames ids of the capitals: a country's point is its capital's
    prepositions: frozenset[str] = frozenset()  # normalized, place_blockers.tsv's "governs" words


_GAZETTEER = ("pcode", "admin_level", "name_ar", "name_en", "admin1_pcode", "admin2_pcode", "admin3_pcode", "aliases")
_EXTRA = ("id", "kind", "pcode", "admin_level", "name_ar", "name_en", "admin1_pcode", "aliases", "qualifier")
_WORLD = ("id", "code", "geonames_id", "country", "admin1", "name_en", "name_ar", "aliases", "lat", "lon", "population")
_WORLD_FILES = {"country": "world_countries.tsv", "admin1": "world_admin1.tsv", "city": "world_cities.tsv"}
_KINDS = frozenset({"home", "country", "city", "region", "world", "feature", "facility"})
_LOCAL_KINDS = frozenset({"feature", "facility"})  # hand-listed places of the home country
_AROUND = frozenset({"near", "outskirts"})  # qualifiers of what lies around a place, not in it
_FOREIGN_KINDS = frozenset({"city", "region"})  # hand-listed places abroad
_ACTING = frozenset({"backer", "agent", "stance", "seat"})  # a state there is no place
_GOVERNS = "governs"  # place_blockers.tsv's prepositions: read apart, they block nothing
_BLOCKS = frozenset({"name", _GOVERNS, *_ACTING})  # the kinds place_blockers.tsv may give
_PARTICLE = "قد "  # "أن تركيا قد واصلت": the verb after the particle
_OBJECT_PRONOUNS = ("ه", "ها", "هم")  # attached to a verb: "شنتها" (launched it)
_HOME_KINDS = frozenset({"admin", "home", "feature", "facility"})  # records that lie in the home country
# A town of fewer people needs its country named (pack.toml [places] context_free_population).
_DEFAULT_CONTEXT_FREE_POPULATION = 100_000


def build_gazetteer(pack: Pack) -> Gazetteer:
    rows = pack.rows("gazetteer.tsv", columns=_GAZETTEER)
    extra = pack.rows("places_extra.tsv", columns=_EXTRA)
    world = _World.read(pack)
    _check(pack, rows, extra, world)
    region = pack.region
    alpha3 = {cells[_CODE]: cells[_COUNTRY] for kind, cells in world.rows if kind == "country"}
    alpha3[_alpha2_of_home(extra)] = region.home_country
    built = [_admin_record(r, region) for r in rows] + [_extra_record(r, region, alpha3) for r in extra]
    context_free = _ContextFree.read(pack, world.known)
    # Each world row kept as its one line until a text names it: a third of its cells' memory.
    raw = [(kind, "\t".join(cells)) for kind, cells in world.rows]
    records = _Records(
        built, raw, lambda kind, line: _world_record(kind, tuple(line.split("\t")), region, alpha3, context_free)
    )
    names = [_arabic_names(r["name_ar"], r["aliases"]) for r in rows + extra]
    names += [_arabic_names(cells[_NAME_AR], cells[_ALIASES]) for _, cells in world.rows]
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
    blockers = _blockers(pack)
    parts = pack.rows("place_name_parts.tsv", columns=("word", "role"))
    admin1_en = {r["pcode"]: r["name_en"] for r in rows if r["admin_level"] == "1"}
    admin1_en |= {cells[_CODE]: cells[_NAME_EN] for kind, cells in world.rows if kind == "admin1"}
    normalizer = pack.normalizer
    return Gazetteer(
        records=records,
        names=Matcher(keys, normalizer, glued=True),
        keys=frozenset(key for key, _ in keys),
        qualifiers=Matcher([(r.phrase, r) for r in rules if r.position != "after"], normalizer),
        blockers=Matcher([(phrase, blocks) for phrase, blocks in blockers if blocks != _GOVERNS], normalizer),
        adjectives=Matcher(_adjectives(pack), normalizer),
        after=tuple(
            sorted(((pack.key(r.phrase), r) for r in rules if r.position == "after"), key=lambda item: -len(item[0]))
        ),
        countryside_words=tuple(
            pack.key(r.phrase) + " " for r in rules if r.position == "before" and r.qualifier == "countryside"
        ),
        locatives=frozenset(pack.key(r.phrase) for r in rules if r.position == "weak"),
        stopwords={row["form"]: _zipf(pack, row) for row in pack.rows("place_stopwords.tsv", columns=("form", "zipf"))},
        context_words=frozenset(r["form"] for r in pack.rows("place_context_words.tsv", columns=("form",)))
        if _optional(pack, "place_context_words.tsv")
        else frozenset(),
        surrounding=pack.region.surrounding,
        name_prefixes=frozenset(pack.key(p["word"]) for p in parts if p["role"] == "prefix"),
        name_suffixes=frozenset(pack.key(p["word"]) for p in parts if p["role"] == "suffix"),
        cue_nonnames=frozenset(pack.key(r["word"]) for r in pack.rows("place_cue_nonnames.tsv", columns=("word",))),
        admin1_en=admin1_en,
        by_pcode={r.pcode: i for i, r in enumerate(built) if r.pcode and r.kind == "admin"},
        home_country=region.home_country,
        capitals=_capitals(world),
        prepositions=frozenset(pack.keys([phrase for phrase, blocks in blockers if blocks == _GOVERNS])),
    )


def _capitals(world: _World) -> frozenset[int]:
    """The towns at their country's point (world_countries.tsv places a country at its capital)."""
    points = {(cells[_COUNTRY], cells[_LAT], cells[_LON]) for kind, cells in world.rows if kind == "country"}
    return frozenset(
        int(cells[_GEONAMES_ID])
        for kind, cells in world.rows
        if kind == "city" and cells[_LAT] and (cells[_COUNTRY], cells[_LAT], cells[_LON]) in points
    )


def matchers(gaz: Gazetteer) -> tuple[Matcher[int], Matcher[QualifierRule], Matcher[str], Matcher[str]]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (gaz.names, gaz.qualifiers, gaz.blockers, gaz.adjectives)


class _Records(Sequence[PlaceRecord]):
    """The gazetteer's records by index: the home units and hand-listed places, built at load,
    then the world places, each built the first time a text names it (most never are: building
    all 14,000 would double the pack's load time). Safe across threads: a record built twice is
    built the same."""

    __slots__ = ("_built", "_make", "_raw")

    def __init__(
        self,
        built: list[PlaceRecord],
        raw: list[tuple[str, str]],  # (kind, its world row's line)
        make: Callable[[str, str], PlaceRecord],
    ) -> None:
        self._built: list[PlaceRecord | None] = [*built, *([None] * len(raw))]
        self._raw = [None] * len(built) + raw
        self._make = make

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, index: int) -> PlaceRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[PlaceRecord]: ...
    def __getitem__(self, index: int | slice) -> PlaceRecord | list[PlaceRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        record = self._built[index]
        if record is None:
            record = self._built[index] = self._make(*self._raw[index])  # type: ignore[misc]
        return record

    def pick(self, indexes: Sequence[int]) -> tuple[PlaceRecord, ...]:
        """The records at ``indexes``: read straight from the built ones when all are (a name's
        records mostly are), else built as ``__getitem__`` builds them."""
        built = tuple(map(self._built.__getitem__, indexes))
        if all(built):
            return built  # type: ignore[return-value]  # all() rules out None
        return tuple(self[i] for i in indexes)


def _optional(pack: Pack, name: str) -> bool:
    """World files, aliases and blockers are optional: a pack may know its home country only."""
    return (pack.path / name).is_file()


# Column positions of the world files (their header must be _WORLD).
_ID, _CODE, _GEONAMES_ID, _COUNTRY, _ADMIN1, _NAME_EN, _NAME_AR, _ALIASES, _LAT, _LON, _POPULATION = range(11)


@dataclass(slots=True)
class _World:
    """The generated world files, as compact rows (kind, cells), with the hand corrections of
    ``place_aliases.tsv`` merged in; ``lines`` keeps each row's file and line for messages."""

    rows: list[tuple[str, tuple[str, ...]]]
    lines: list[tuple[str, int]]  # (file, line) of each row
    known: frozenset[str] = frozenset()  # ids of the towns known by name (place_aliases.tsv)

    @classmethod
    def read(cls, pack: Pack) -> _World:
        rows, lines = [], []
        for kind, name in _WORLD_FILES.items():
            if not _optional(pack, name):
                continue
            path = str(pack.path / name)
            numbered = iter(pack.lines(name))
            first = next(numbered, (1, ""))
            if tuple(first[1].split("\t")) != _WORLD:
                raise PackError(f"{path}:{first[0]}: header must be {' '.join(_WORLD)}")
            for number, line in numbered:
                cells = tuple(line.split("\t"))
                if len(cells) != len(_WORLD):
                    raise PackError(f"{path}:{number}: {len(cells)} cells where the header has {len(_WORLD)}")
                rows.append((kind, cells))
                lines.append((path, number))
        world = cls(rows, lines)
        if _optional(pack, "place_aliases.tsv"):
            fixes = pack.rows("place_aliases.tsv", columns=("id", "name_en", "name_ar", "aliases", "drop", "known"))
            world._merge(pack, fixes)
            world.known = frozenset(fix["id"] for fix in fixes if fix["known"] == "1")
        return world

    def _merge(self, pack: Pack, fixes: list[Row]) -> None:
        at = {cells[_ID]: i for i, (_, cells) in enumerate(self.rows)}
        for fix in fixes:
            i = at.get(fix["id"])
            if i is None:
                raise pack.fail(fix, f"id {fix['id']!r} is in no world_*.tsv file")
            kind, cells = self.rows[i]
            dropped = set(fix["drop"].split("|"))
            names = [fix["name_ar"], cells[_NAME_AR], *cells[_ALIASES].split("|"), *fix["aliases"].split("|")]
            names = [n for n in dict.fromkeys(names) if n and n not in dropped] or [""]
            fixed = list(cells)
            fixed[_NAME_AR], fixed[_ALIASES] = names[0], "|".join(names[1:])
            fixed[_NAME_EN] = fix["name_en"] or cells[_NAME_EN]
            self.rows[i] = (kind, tuple(fixed))

    def fail(self, index: int, message: str) -> PackError:
        path, number = self.lines[index]
        return PackError(f"{path}:{number}: {message}")


def _arabic_names(name_ar: str, aliases: str) -> list[str]:
    return [n for n in {name_ar, *aliases.split("|")} if n and not n.isascii()]


def _blockers(pack: Pack) -> list[tuple[str, str]]:
    if not _optional(pack, "place_blockers.tsv"):
        return []
    rows = pack.rows("place_blockers.tsv", columns=("phrase", "blocks"))
    for row in rows:
        if row["blocks"] not in _BLOCKS:
            raise pack.fail(row, f"blocks {row['blocks']!r} is not one of {', '.join(sorted(_BLOCKS))}")
    keys = [(r["phrase"], r["blocks"]) for r in rows]
    # A verb that acts takes its object as a pronoun before its subject: "غارة شنتها إسرائيل".
    keys += [(r["phrase"] + suffix, "agent") for r in rows if r["blocks"] == "agent" for suffix in _OBJECT_PRONOUNS]
    return keys


@dataclass(frozen=True, slots=True)
class _ContextFree:
    """Which towns are places without their country named: those known by name, and those of
    at least ``population`` people in the ``near`` countries (pack.toml [places])."""

    population: int
    near: frozenset[str]  # ISO 3166-1 alpha-3; empty: every country
    known: frozenset[str]  # ids of place_aliases.tsv's towns known by name

    @classmethod
    def read(cls, pack: Pack, known: frozenset[str]) -> _ContextFree:
        settings = pack.settings.get("places", {})
        where = f"{pack.path / 'pack.toml'} [places]"
        population = settings.get("context_free_population", _DEFAULT_CONTEXT_FREE_POPULATION)
        near = settings.get("near_countries", [])
        if not isinstance(population, int) or population < 0:
            raise PackError(f"{where}: context_free_population must be a whole number")
        if not isinstance(near, list) or not all(isinstance(c, str) and len(c) == 3 for c in near):
            raise PackError(f"{where}: near_countries must be a list of ISO 3166-1 alpha-3 codes")
        return cls(population, frozenset(near), known)

    def __call__(self, cells: tuple[str, ...]) -> bool:
        if cells[_ID] in self.known:
            return True
        population = int(cells[_POPULATION]) if cells[_POPULATION] else 0
        return population >= self.population and (not self.near or cells[_COUNTRY] in self.near)


def _adjectives(pack: Pack) -> list[tuple[str, str]]:
    if not _optional(pack, "place_adjectives.tsv"):
        return []
    rows = pack.rows("place_adjectives.tsv", columns=("adjective", "country"))
    for row in rows:
        if len(row["country"]) != 3 or not row["country"].isupper():
            raise pack.fail(row, f"country {row['country']!r} is no ISO 3166-1 alpha-3 code")
    return [(r["adjective"], r["country"]) for r in rows]


def _alpha2_of_home(extra: list[Row]) -> str:
    return next((r["pcode"] for r in extra if r["kind"] == "home"), "")


def _check(pack: Pack, rows: list, extra: list, world: _World) -> None:
    """Levels are numbers, kinds known, and every unit named exists: governorates, districts and
    subdistricts at home, first-level units and countries abroad."""
    for row in rows:
        if row["admin_level"] not in ("1", "2", "3", "4"):
            raise pack.fail(row, f"admin_level {row['admin_level']!r} is not 1-4")
    for level in (1, 2, 3):
        units = {r["pcode"] for r in rows if r["admin_level"] == str(level)}
        pack.check_refs(rows, f"admin{level}_pcode", units, what=f"admin level {level} P-code")
    for row in extra:
        if row["kind"] not in _KINDS:
            raise pack.fail(row, f"kind {row['kind']!r} is not one of {', '.join(sorted(_KINDS))}")
    local = [r for r in extra if r["kind"] in _LOCAL_KINDS]
    pack.check_refs(local, "admin1_pcode", {r["pcode"] for r in rows if r["admin_level"] == "1"}, what="governorate")
    world_units = {cells[_CODE] for kind, cells in world.rows if kind == "admin1"}
    countries = {cells[_CODE] for kind, cells in world.rows if kind == "country"}
    if countries:
        foreign = [r for r in extra if r["kind"] in _FOREIGN_KINDS]
        pack.check_refs(foreign, "pcode", countries, what="country code of world_countries.tsv")
        pack.check_refs(foreign, "admin1_pcode", world_units, what="first-level unit of world_admin1.tsv")
    prefixes = {"country": "country:", "admin1": "admin1:", "city": "geonames:"}
    for i, (kind, cells) in enumerate(world.rows):
        if cells[_ADMIN1] and cells[_ADMIN1] not in world_units:
            raise world.fail(i, f"admin1 {cells[_ADMIN1]!r} is no first-level unit of world_admin1.tsv")
        if not cells[_ID].startswith(prefixes[kind]):
            raise world.fail(i, f"id {cells[_ID]!r} does not start with {prefixes[kind]!r}")


def _zipf(pack: Pack, row: Row) -> float:
    try:
        return float(row["zipf"])
    except ValueError:
        raise pack.fail(row, f"zipf {row['zipf']!r} is not a number") from None


def _admin_record(row: Row, region: Region) -> PlaceRecord:
    level = int(row["admin_level"])
    return PlaceRecord(
        kind="admin",
        pcode=row["pcode"],
        admin_level=level,
        name_ar=row["name_ar"],
        name_en=row["name_en"],
        admin1=(row["admin1_pcode"],),
        admin2=row["admin2_pcode"] or None,
        admin3=row["admin3_pcode"] or None,
        country=region.home_country,
        geonames_id=None,
        lat=_float(row["lat"]),
        lon=_float(row["lon"]),
        qualifier=None,
        geo_precision=None,
        needs_context=level == 4,
        region=region,
    )


def _extra_record(row: Row, region: Region, alpha3: dict[str, str]) -> PlaceRecord:
    kind = row["kind"]
    admin1 = tuple(a for a in row["admin1_pcode"].split("|") if a)
    foreign_unit = kind in _FOREIGN_KINDS and len(admin1) == 1  # its most specific code: the unit's
    return PlaceRecord(
        kind=kind,
        pcode=admin1[0] if foreign_unit else row["pcode"] or None,
        admin_level=1 if foreign_unit else int(row["admin_level"]) if row["admin_level"] else None,
        name_ar=row["name_ar"],
        name_en=row["name_en"],
        admin1=admin1,
        admin2=None,
        admin3=None,
        country=region.home_country if kind in _HOME_KINDS else alpha3.get(row["pcode"]),
        geonames_id=None,
        lat=_float(row["lat"]),
        lon=_float(row["lon"]),
        qualifier=row["qualifier"] or None,
        geo_precision=int(row["geo_precision"]) if row["geo_precision"] else None,
        needs_context=False,  # hand-listed: known by name
        region=region,
    )


def _world_record(
    kind: str, cells: tuple[str, ...], region: Region, alpha3: dict[str, str], context_free: _ContextFree
) -> PlaceRecord:
    """A country (pcode: ISO 3166-1 alpha-2, level 0), a first-level unit (pcode: its code, level
    1) or a town (pcode: its unit's code, level 1, or its country's, level 0)."""
    unit = cells[_ADMIN1]
    pcode = cells[_CODE] if kind != "city" else unit or _alpha2(alpha3, cells[_COUNTRY])
    return PlaceRecord(
        kind=kind,
        pcode=pcode or None,
        admin_level=0 if kind == "country" or not unit else 1,
        name_ar=cells[_NAME_AR],
        name_en=cells[_NAME_EN],
        admin1=(unit,) if unit else (),
        admin2=None,
        admin3=None,
        country=cells[_COUNTRY],
        geonames_id=int(cells[_GEONAMES_ID]) if cells[_GEONAMES_ID] else None,
        lat=_float(cells[_LAT]),
        lon=_float(cells[_LON]),
        qualifier=None,
        geo_precision=1 if kind == "city" else 3,
        needs_context=kind == "city" and not context_free(cells),
        region=region,
    )


def _alpha2(alpha3: dict[str, str], code: str) -> str | None:
    """A town without a unit: its country's alpha-2 code stands as its most specific code (rare)."""
    return next((a2 for a2, a3 in alpha3.items() if a3 == code), None)


def _rule(row: dict[str, str]) -> QualifierRule:
    return QualifierRule(
        phrase=row["phrase"],
        position=row["position"],
        qualifier=row["qualifier"] or None,
        precision_town=int(row["precision_town"]) if row["precision_town"] else None,
        precision_region=int(row["precision_region"]) if row["precision_region"] else None,
        levels=frozenset(v for v in row["levels"].split(",") if v),
        in_name=row.get("in_name") == "1",
        heads_list=row.get("list") == "1",
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
    name_end: int = -1  # the name's end, before a qualifier that follows it (ريف X الغربي)
    toponym_start: int = -1  # the name's start, or its class noun's when NER takes it in (مدينة X)
    blocked: str | None = None  # "name", "backer", "agent", "stance" or "seat": the word before makes the name no place
    says: str | None = None  # the country a nationality adjective after it names (X التركية)
    common: bool = False  # the name is a frequent word too: even a home district needs context (التل)

    @property
    def rule(self) -> QualifierRule | None:
        return self.after or self.before or self.bare or self.cue


_LANDMARK = "landmark"  # the event cue of a word of nearness (event_cues.tsv)
_TO_LANDMARK = re.compile(r"\s*(?:لل|ل)?")  # "المحاذية لمرتفعات", "المتاخمة للعاصمة", "تطل على هضبة"


def landmarks(norm: str, places: list[PlaceMention], cues: Sequence[Cue]) -> list[PlaceMention]:
    """The places named right after a word of nearness ("تطل على", "المحاذية ل", "المتاخمة ل"):
    reference points, not where an event happened ("سيطرت على تلة تطل على هضبة الجولان"); the
    clause's other places, or the context's, locate it."""
    ends = [cue.end for cue in cues if cue.value.cue == _LANDMARK]
    if not ends:
        return []
    return [p for p in places if any(end <= p.start and _TO_LANDMARK.fullmatch(norm, end, p.start) for end in ends)]


def find_places(text: NormalizedText, gaz: Gazetteer, title: NormalizedText | None = None) -> list[PlaceMention]:
    """Every place phrase in ``text``, resolved where the text allows it.

    ``title``: the headline, whose places count as context for the whole article.
    """
    phrases = _phrases(text, gaz)
    title_phrases = _phrases(title, gaz) if title is not None else []
    _link_anchors(phrases, text.norm, gaz)
    countries = _Countries.build(phrases, title_phrases, [text, title], gaz)
    phrases = [p for p in phrases if _screen(p, countries, gaz.capitals)]
    context = _Context.build(phrases, [p for p in title_phrases if _screen(p, countries, gaz.capitals, in_title=True)])
    kept = []
    for phrase in reversed(phrases):  # an anchor follows its phrase: resolve it first
        _resolve(phrase, context, gaz)
        if _keep(phrase):
            kept.append(phrase)
        else:
            phrase.chosen = None
    phrases = kept[::-1]
    _resolve_bare(phrases, gaz)
    return [_mention(text, p, gaz, countries) for p in phrases]


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
    blockers = gaz.blockers.find(text)
    blocked_at = _blocked_at(blockers, norm)
    verbs_at = {b.start for b in blockers if b.values[0] == "agent" and not b.clitic}
    adjectives = gaz.adjectives.find(text)
    adjective_at = {a.start - len(a.clitic): a for a in adjectives if "ال" in a.clitic}
    nisba_at = {a.start: a for a in adjectives if not a.clitic}  # indefinite: "محافظة تركية"
    used: set[int] = set()
    absorbed: set[int] = set()  # starts of words taken into a longer name
    phrases = []
    for m in names:
        records = gaz.records.pick(m.values)
        phrase = _Phrase(m.start, m.end, m.start, records, text.sentence_index(m.start))
        phrase.word_start = m.start - len(m.clitic)
        phrase.name_end, phrase.toponym_start = m.end, m.start
        phrase.blocked = blocked_at.get(phrase.word_start - 1)
        if phrase.blocked == "backer+":
            phrase.blocked = "backer" if m.clitic.startswith("و") else None
        if phrase.blocked is None and verbs_at and _subject_of_verb(phrase, m.clitic, norm, verbs_at, gaz):
            phrase.blocked = "agent"
        surface, name = norm[m.start - len(m.clitic) : m.end], norm[m.start : m.end]
        phrase.zipf = max(gaz.stopwords.get(surface, 0.0), gaz.stopwords.get(name, 0.0))
        phrase.common = surface in gaz.context_words or name in gaz.context_words
        # Most names stand alone: each step is called only where its first test can pass.
        if phrase.word_start > 0 and norm[phrase.word_start - 1] in " \n" and phrase.word_start - 1 in q_by_end:
            _attach_before(phrase, m, q_by_end, norm, used)
        if phrase.before is not None or norm.startswith(gaz.countryside_words, phrase.name_start):
            _attach_after(phrase, norm, gaz)
        if phrase.cue is not None:
            _attach_suffix(phrase, norm, gaz, absorbed)
        phrases.append(phrase)
    _share_cue_over_lists(phrases, norm)
    if nisba_at:
        phrases += _cues_of_a_country(text, qualifiers, nisba_at, used)
    if adjective_at:
        phrases += _territories(text, qualifiers, adjective_at)
    phrases += _unknown_names(text, qualifiers, names, used, absorbed, gaz)
    phrases = [p for p in phrases if p.word_start not in absorbed]
    if adjective_at:
        for phrase in phrases:
            _read_adjective(phrase, adjective_at.get(phrase.end + 1))
    phrases += [
        _Phrase(q.start, q.end, q.start, (), text.sentence_index(q.start), bare=q.values[0])
        for q in qualifiers
        if q.values[0].position == "bare" and id(q) not in used
    ]
    return sorted(phrases, key=lambda p: p.start)


def _blocked_at(blockers: Sequence[Match[str]], norm: str) -> dict[int, str]:
    """Where a blocker ends (one space before the name it blocks). After a backer the next word
    but one is blocked too when و joins it ("الموالية للنظام وروسيا": "backer+")."""
    found: dict[int, str] = {}
    for b in blockers:
        if not norm.startswith(" ", b.end):
            continue
        found[b.end] = b.values[0]
        if b.values[0] == "backer":
            after = norm.find(" ", b.end + 1)
            if after > 0:
                found.setdefault(after, "backer+")
    return found


def _subject_of_verb(phrase: _Phrase, clitic: str, norm: str, verbs_at: set[int], gaz: Gazetteer) -> bool:
    """ "الولايات المتحدة تدين", "أن تركيا قد واصلت": a verb of acting right after the name (or
    after قد) makes it its subject, unless a preposition governs the name ("في سوريا تستمر")."""
    after = phrase.end + 1
    if norm.startswith(_PARTICLE, after):
        after += len(_PARTICLE)
    if after not in verbs_at or not norm.startswith(" ", phrase.end) or clitic.strip("وف"):
        return False
    before = norm.rfind(" ", 0, max(phrase.word_start - 1, 0))
    return norm[before + 1 : phrase.word_start - 1] not in gaz.prepositions


def _read_adjective(phrase: _Phrase, adjective: Match[str] | None) -> None:
    """ "مدينة سوروتش التركية": the adjective narrows the name's readings to its country; one
    that fits none of them qualifies something else ("المقبرة التركية")."""
    if adjective is None:
        return
    country = adjective.values[0]
    if phrase.candidates:
        readings = tuple(r for r in phrase.candidates if r.country == country)
        if not readings:
            return
        phrase.candidates = readings
    phrase.says = country


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
            if rule.in_name and phrase.toponym_start == phrase.start:
                phrase.toponym_start = q.start
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
    word = words[0][2]
    if norm[phrase.name_start : phrase.end] in gaz.name_prefixes or _second_name_word(word, phrase, gaz):
        phrase.candidates = ()
        absorbed.add(words[0][0])
    elif word not in gaz.name_suffixes:
        return
    phrase.end = phrase.name_end = words[0][1]


def _share_cue_over_lists(phrases: list[_Phrase], norm: str) -> None:
    """ "محافظات عمران وحجة وإب"، "بلدتي الجنينة والهرموشية": a plural or dual class noun names the
    kind of each name joined to the first by و, as if it stood before each (a name that is also
    a common word, حجة, is then a place too). Before a common word that no name follows, it
    heads no list ("مدن البلاد"، "بلدات عديدة")."""
    listed: set[int] = set()
    for previous, phrase in pairwise(phrases):
        if (
            previous.cue is not None
            and previous.cue.heads_list
            and phrase.cue is None
            and phrase.before is None
            and phrase.word_start == previous.end + 1
            and norm[previous.end] == " "
            and norm.startswith("و", phrase.word_start)
            and phrase.word_start < phrase.name_start
        ):
            phrase.cue = previous.cue
            listed.update((id(previous), id(phrase)))
    for phrase in phrases:
        if phrase.cue is not None and phrase.cue.heads_list and phrase.zipf and id(phrase) not in listed:
            phrase.cue = None


def _cues_of_a_country(
    text: NormalizedText, qualifiers: list[Match], nisba_at: dict[int, Match], used: set[int]
) -> list[_Phrase]:
    """ "في 13 محافظة تركية", "قرية لبنانية": a cue and a nationality adjective name a place of
    that country, whose name is not given (no toponym)."""
    out = []
    for q in qualifiers:
        rule: QualifierRule = q.values[0]
        adjective = nisba_at.get(q.end + 1)
        if adjective is None or rule.position != "cue" or id(q) in used or "ال" in q.clitic:
            continue
        if text.norm[q.end] != " ":
            continue
        used.add(id(q))
        sentence = text.sentence_index(q.start)
        out.append(_Phrase(q.start, adjective.end, q.start, (), sentence, cue=rule, says=adjective.values[0]))
    return out


def _territories(text: NormalizedText, qualifiers: list[Match], adjective_at: dict[int, Match]) -> list[_Phrase]:
    """ "الأراضي اليمنية", "الأجواء التركية": a territory noun with the article and a nationality
    adjective name the adjective's country (the toponym is both words, as NER corpora mark it)."""
    out = []
    for q in qualifiers:
        rule: QualifierRule = q.values[0]
        adjective = adjective_at.get(q.end + 1)
        if adjective is None or rule.position != "territory" or not q.clitic.endswith("ال"):
            continue
        start = q.start - len("ال")
        phrase = _Phrase(start, adjective.end, start, (), text.sentence_index(start), cue=rule, name_end=adjective.end)
        phrase.toponym_start, phrase.says = start, adjective.values[0]
        out.append(phrase)
    return out


def _second_name_word(word: str, phrase: _Phrase, gaz: Gazetteer) -> bool:
    """ "قرية كوكب الهوا": after a cue, a village's name followed by a definite word that is no
    place, no adjective (the nisba -ي/-ية: الحدودية) and no frequent place word makes one longer
    name the gazetteer lacks."""
    return (
        word.startswith("ال")
        and len(word) > 4
        and not word.endswith(("ي", "يه", "يين", "يون"))
        and word not in gaz.keys
        and word not in gaz.stopwords
        and word not in gaz.name_suffixes
        and all(r.needs_context for r in phrase.candidates)
    )


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
        words = _words_after(norm, q.end, 3)
        if not words or words[0][0] in name_starts or not _name_like(words[0][2], gaz):
            continue
        end = words[0][1]
        if (
            len(words) >= 2
            and _name_like(words[1][2], gaz)
            and (words[0][2] in gaz.name_prefixes or words[1][2] in gaz.name_suffixes)
        ):
            end = words[1][1]
            absorbed.add(words[1][0])  # "قرية كفر عانة": عانة is no place of its own here
            if len(words) == 3 and words[0][2] in gaz.name_prefixes and words[2][2] in gaz.name_suffixes:
                end = words[2][1]  # "قرية عين حوض المدمرة"
        used.add(id(q))
        phrase = _Phrase(q.start, end, words[0][0], (), text.sentence_index(q.start), cue=rule, name_end=end)
        phrase.toponym_start = q.start if rule.in_name else words[0][0]
        out.append(phrase)
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
_PROMINENCE = 0.5  # a region or large town over a village of the same name, without context
_STATE = 10.0  # a country over a village of its name, with all the village's context
_COUNTRY_CONTEXT = 0.4  # the place's country named: less than prominence (القدس in a Syrian article)
# A governorate over a village of its name though another governorate is named around it (the
# village's own unit named after it, "X بريف Y", weighs more).
_GOVERNORATE = 5.0


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
        country = record.country
        for code in record.regions:
            if code != country:
                total += 3.0 * (code in sentence) + 1.0 * (code in article) + 1.0 * (code in title)
        if country is not None and (country in sentence or country in article or country in title):
            total += _COUNTRY_CONTEXT
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
    return chosen is not None and _within(record, chosen)


def _within(record: PlaceRecord, unit: PlaceRecord) -> bool:
    """Does ``unit`` contain ``record`` (a governorate its village, a country its town)?"""
    if unit.kind in ("country", "home"):
        return unit.country == record.country and record is not unit
    if unit.kind in ("admin", "admin1"):
        named = unit.pcode in record.regions
    else:
        named = any(code in record.regions for code in unit.admin1)
    return named and unit.pcode != record.pcode


@dataclass(slots=True)
class _Countries:
    """The countries an article (text and title) names for sure: by places (a country, a
    first-level unit, a known town, or a place a cue marks, when every reading of it lies in one
    country) and by nationality adjectives ("القوات التركية"). The country its places name most
    (more often than any other; the title's count double) is its main country."""

    named: set[str]
    by_sentence: dict[int, set[str]]
    main: str | None

    @classmethod
    def build(
        cls, phrases: list[_Phrase], title_phrases: list[_Phrase], texts: list[NormalizedText | None], gaz: Gazetteer
    ) -> _Countries:
        counts: Counter[str] = Counter()
        by_sentence: dict[int, set[str]] = {}
        for weight, group in ((1, phrases), (2, title_phrases)):
            for phrase in group:
                country = _certain_country(phrase)
                if country is not None:
                    counts[country] += weight
                    if weight == 1:
                        by_sentence.setdefault(phrase.sentence, set()).add(country)
        named = set(counts)
        for text in texts:
            if text is not None:
                named.update(a.values[0] for a in gaz.adjectives.find(text))
        ranked = counts.most_common(2)
        main = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        return cls(named, by_sentence, main)

    def around(self, phrase: _Phrase, in_title: bool = False) -> set[str]:
        """The countries a small place may lie in: the main country and those its sentence (not
        the title's: the body's sentences are counted) or an adjective after it names; every
        country the article names when it has no main one."""
        if self.main is None:
            return self.named
        here = {self.main}
        if not in_title:
            here.update(self.by_sentence.get(phrase.sentence, _NONE))
        if phrase.says is not None:
            here.add(phrase.says)
        return here

    def of_unknown(self, phrase: _Phrase) -> str | None:
        """The country of a place the gazetteer lacks ("بلدة ميفدون"): the adjective after it,
        else the article's main country, else the one country its sentence names."""
        if phrase.says is not None or self.main is not None:
            return phrase.says or self.main
        here = self.by_sentence.get(phrase.sentence, _NONE)
        return next(iter(here)) if len(here) == 1 else None


def _certain_country(phrase: _Phrase) -> str | None:
    """The country every reading of the phrase lies in, counting a village only after a cue."""
    marked = phrase.cue is not None or phrase.says is not None
    if not phrase.candidates or phrase.blocked or (phrase.zipf and not marked):
        return None
    countries = {r.country for r in phrase.candidates if marked or not _needs_context(r, phrase)}
    return countries.pop() if len(countries) == 1 else None


def _needs_context(record: PlaceRecord, phrase: _Phrase) -> bool:
    """A village or small town, or a home unit whose name is a frequent word (التل)."""
    return record.needs_context or (phrase.common and record.kind == "admin")


def _screen(phrase: _Phrase, countries: _Countries, capitals: frozenset[int], in_title: bool = False) -> bool:
    """Drop the readings the text rules out; False when none is left (the phrase is no place).

    A word before the name can make it part of a person's or organisation's name (a village's
    name there is no place), a backer or an organisation's seat (a state there is no place). A
    village or small town needs its country named in the article, a unit after it that holds
    it, or a cue. The home
    gazetteer lists every village, so many foreign names are also home villages': a home
    village needs more, its country to be the article's main one (any it names when it has
    none) or named in its sentence or by an adjective after it (a Syrian village's name in an
    article about Yemen is no Syrian village because Syria is named in another paragraph).
    """
    if not phrase.candidates:
        return True
    candidates = phrase.candidates
    if phrase.blocked in _ACTING:
        if any(r.kind in ("country", "home") or r.geonames_id in capitals for r in candidates):
            return False  # the state (or its capital) acts, backs or seats ("أكدت تركيا"، "ومقره لندن")
        candidates = tuple(r for r in candidates if r.kind not in ("country", "home"))
    elif phrase.blocked == "name":
        candidates = tuple(r for r in candidates if not _needs_context(r, phrase))
    anchor = phrase.anchor
    around = countries.around(phrase, in_title)
    placed = tuple(
        r
        for r in candidates
        if not _needs_context(r, phrase)
        or r.country in (around if r.kind in _HOME_KINDS else countries.named)
        or (anchor is not None and any(_within(r, unit) for unit in anchor.candidates))
    )
    # A cue says a name is a place, not which: it keeps small places only when nothing else is
    # left ("قرية زرعين" with no country named), and only those of a country the article names
    # (else the place is one the gazetteer lacks, in the article's country). A qualifier does
    # not ("شرقي المدينة").
    marked = phrase.cue is not None or phrase.says is not None
    if placed or not marked:
        phrase.candidates = placed
        return bool(placed)
    phrase.candidates = tuple(r for r in candidates if r.country in countries.named)
    return bool(phrase.candidates) or phrase.cue is not None


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
        scores = {g: max(context.score(r, phrase) + _prior(r, prior) for r in rs) for g, rs in groups.items()}
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


def _prior(record: PlaceRecord, prominent: list[PlaceRecord]) -> float:
    """A state's name is the state, whatever the context of villages named so ("تركيا"), unless
    a prominent place shares it (عمان: Oman or Amman); other prominent places weigh less than
    the context of their namesakes."""
    if record not in prominent:
        return 0.0
    if record.kind in ("country", "home") and all(r.kind in ("country", "home") for r in prominent):
        return _STATE
    if record.kind == "admin" and record.admin_level == 1:
        return _GOVERNORATE
    return _PROMINENCE


def _prominent(records: list[PlaceRecord]) -> list[PlaceRecord]:
    """Without context, a country, a world region or a foreign first-level unit outranks a
    village of the same name (تركيا), a home unit above a village outranks a foreign town, and
    a large foreign town outranks home namesakes that are only villages (القدس)."""
    villages_only = all(r.admin_level == 4 for r in records if r.kind == "admin")
    return [
        r
        for r in records
        if r.kind in ("country", "home", "world", "region", "admin1")
        or (r.kind == "admin" and r.admin_level != 4 and any(o.kind == "city" for o in records))
        or (r.kind == "admin" and r.admin_level == 1)
        or (r.kind == "city" and villages_only and not r.needs_context)
    ]


_UNIT_KINDS = frozenset({"admin", "admin1", "city", "feature", "facility"})  # records that lie in known units


def _shared_admin1(records: Sequence[PlaceRecord]) -> tuple[str, ...]:
    sets = [set(r.admin1) for r in records if r.kind in _UNIT_KINDS]
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


def _mention(text: NormalizedText, phrase: _Phrase, gaz: Gazetteer, countries: _Countries) -> PlaceMention:
    record = phrase.chosen
    rule = phrase.rule
    qualifier = rule.qualifier if rule is not None and rule.qualifier else None
    toponym = _toponym(text, phrase)
    if record is None:
        admin1 = phrase.partial[0] if phrase.partial else None
        readings = {r.country for r in phrase.candidates}
        if not phrase.candidates and phrase.cue is not None:
            country = countries.of_unknown(phrase)
        else:
            country = readings.pop() if len(readings) == 1 else None
        unit = _anchor_unit(phrase) if not phrase.candidates else None
        if unit is not None:  # "بلدة X في ريف Y", "بلدة X جنوب لبنان" with X in no gazetteer: it lies in Y
            admin1 = unit.admin1[0] if len(unit.admin1) == 1 else admin1
            country = unit.country or country
        unresolved = PlaceInfo(
            admin1_pcode=admin1,
            admin1_en=gaz.admin1_en.get(admin1 or ""),
            country=country,
            qualifier=qualifier,
            toponym=toponym,
        )
        return mention(text, phrase.start, phrase.end, unresolved)
    admin1 = _admin1_of(record, phrase)
    if qualifier in _AROUND and admin1 in gaz.surrounding:
        admin1 = gaz.surrounding[admin1]  # "قرب دمشق": the governorate around the city
    local_feature = record.kind in _LOCAL_KINDS  # its most specific code: the governorate
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
        country=record.country,
        lat=record.lat,
        lon=record.lon,
        qualifier=qualifier or record.qualifier,
        geo_precision=_precision(record, rule),
        geonames_id=record.geonames_id,
        toponym=toponym,
    )
    return mention(text, phrase.start, phrase.end, info)


def _anchor_unit(phrase: _Phrase) -> PlaceRecord | None:
    """The place the phrase's anchor names (a unit or a country that holds it)."""
    return phrase.anchor.chosen if phrase.anchor is not None else None


def _toponym(text: NormalizedText, phrase: _Phrase) -> Span | None:
    """The name's own span in the caller's text (none for a bare qualifier: الريف الغربي)."""
    if phrase.name_end < 0:
        return None
    start, end = text.to_original(phrase.toponym_start, phrase.name_end)
    return Span(text=text.original[start:end], start=start, end=end)


def _name_en(gaz: Gazetteer, pcode: str | None) -> str | None:
    index = gaz.by_pcode.get(pcode) if pcode else None
    return None if index is None else gaz.records[index].name_en


def _admin1_of(record: PlaceRecord, phrase: _Phrase) -> str | None:
    if len(record.admin1) == 1:
        return record.admin1[0]
    return phrase.admin1_choice


def _precision(record: PlaceRecord, rule: QualifierRule | None) -> int:
    if rule is not None and rule.precision_town is not None:
        return rule.precision_town if record.is_local else (rule.precision_region or 3)
    if record.geo_precision is not None:
        return record.geo_precision
    return 1 if record.is_local else 3
