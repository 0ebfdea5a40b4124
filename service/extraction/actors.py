"""Armed actors named in the text: catalogue lookup, qualified names, generic references.

The catalogue (the pack's ``actors.tsv``) says who the actors are and what reporting calls them;
the pack's ``actor_references.tsv`` says how a text points at them without a name ("التنظيم",
"الأخيرة") and which generic nouns can stand before a name ("ميليشيا “لواء القدس”").
Everything is matched with one automaton; what this module adds is the order of decisions:

1. the longest catalogue name wins (a block phrase such as "النظام الدولي" cancels its match);
2. a generic head directly before a name joins it ("ميليشيا" + "“الفيلق الخامس”");
   a head before a quoted name or one definite word the catalogue lacks makes an unknown actor;
3. with the article, a generic noun refers back to the last actor of its class ("التنظيم"),
   and "الأخيرة"/"الأخير" to the last actor of that gender in the same or previous sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import msgspec

from .matcher import LONGEST_PROCLITIC, PROCLITICS, Match, Matcher
from .mention import Mention, Projection, mention
from .model import ActorEntity, ActorRole, ActorType, Role
from .pack import Pack, Row
from .places import PlaceMention, main_country
from .spans import SpanIndex
from .text import NormalizedText, word_before_ends

Gender = Literal["f", "m"]
_ARTICLE = "ال"
_QUOTE = '"'
_MAX_QUOTED = 60  # longest quoted organisation name we accept, in characters


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    actor_id: str
    contract_id: str | None
    name_en: str
    name_ar: str
    actor_type: ActorType | None
    gender: Gender
    needs_agency: bool
    classes: frozenset[str]


class ActorInfo(msgspec.Struct, frozen=True):
    """Who an actor mention names (null ids for an organisation the catalogue lacks)."""

    actor_id: str | None  # the contract id it rolls up to
    specific_id: str | None  # the catalogue entry
    name_en: str | None
    name_ar: str | None
    actor_type: ActorType | None
    gender: Gender | None
    generic: bool = False  # a generic reference resolved to an earlier mention
    needs_agency: bool = False  # a country name: an actor only where the text makes it act
    adjective: bool = False  # named by a nationality adjective on an event or weapon noun: the doer
    of_people: bool = False  # a nationality adjective on people ("جندي تركي"): their side


ActorMention = Mention[ActorInfo]


_ACTOR_ENTITY = Projection(ActorInfo, ActorEntity)


def to_entity(m: ActorMention) -> ActorEntity:
    return _ACTOR_ENTITY(m)


_ACTOR_ROLE = Projection(ActorInfo, ActorRole)


def to_role(m: ActorMention, role: Role) -> ActorRole:
    return _ACTOR_ROLE(m, role=role)


# Payloads of the automaton: what a matched key is.
class _Name(NamedTuple):
    entry: CatalogueEntry
    gender: Gender  # what the alias's first word makes it ("قوات ..." f), else the entry's
    classes: frozenset[str]  # the entry's classes plus the one the first word implies ("ميليشيا X")


class _Head(NamedTuple):
    gender: Gender
    unknown: str  # yes | quoted | no: see actor_references.tsv
    cls: str | None  # the class a name after this head belongs to ("ميليشيا" -> militia)


class _RefClass(NamedTuple):
    cls: str
    default: str | None
    construct: bool = False  # "قوات الحكومة": definite through its last word, refers without the article


class _RefGender(NamedTuple):
    gender: Gender
    clitics: frozenset[str]


class _Block(NamedTuple):
    pass


class _Ally(NamedTuple):
    """The allies of the force named just before ("القوات التركية والفصائل الموالية لها")."""


class ActorLexicon(NamedTuple):
    matcher: Matcher[Any]
    entries: dict[str, CatalogueEntry]  # the catalogue by actor_id
    adjectives: Matcher[tuple[str, bool]]  # nationality adjectives -> (actor_id, names the doer alone)
    heads: frozenset[str]  # generic nouns that stand before a name ("ميليشيا", "قوات")
    members: frozenset[str]  # nouns of a force's members before its name ("مقاتلو", "عناصر")
    weapons: frozenset[str]  # nouns a nationality adjective can qualify as an event noun ("طائرات")
    aircraft: frozenset[str]  # the weapons only states fly: any nationality on them names its forces
    home_country: str  # the pack's: the article's country where its places name none more than another
    # A ref_class that names a different force in each country (its government's forces; "الجيش
    # الوطني": the SNA in Syria, the government's army in Yemen): class -> country -> actor_id
    # (the role of actor_references.tsv)
    by_country: dict[str, dict[str, str]]
    allies: dict[str, str]  # actor_id (or its contract_id) -> the actor_id of the forces allied to it
    loyal: re.Pattern[str] | None  # "الفصائل (السورية) الموالية ل": forces loyal to the name that follows

    @property
    def governments(self) -> dict[str, str]:
        """Country (ISO 3166 alpha-3) -> the actor_id of its government's forces."""
        return self.by_country[_GOVERNMENT]


def _dash(value: str) -> str | None:
    return None if value in ("", "-") else value


def _forms(value: str) -> list[str]:
    return [f for f in value.split("|") if f and f != "-"]


def _strip_article(word: str) -> str:
    return word[len(_ARTICLE) :] if word.startswith(_ARTICLE) and len(word) > len(_ARTICLE) + 1 else word


def _aircraft_row(row: dict[str, str]) -> bool:
    return row["role"] == "weapon" and row["value"] == _AIRCRAFT


def _ref_class_key(form: str, cls: str, default: str | None) -> tuple[str, _RefClass]:
    """A generic reference with the article is matched after it ("القوات الحكومية"); a construct
    whose first word has none ("قوات الحكومة") as written."""
    stripped = _strip_article(form)
    return (stripped, _RefClass(cls, default)) if stripped != form else (form, _RefClass(cls, default, construct=True))


def has_article(clitic: str) -> bool:
    """Whether the proclitics before a match hold the definite article (ال, وال, لل ...)."""
    return clitic.endswith(_ARTICLE) or clitic.endswith("لل")


def article_start(start: int, clitic: str) -> int:
    """Where a span begins when the article the Matcher counted as a proclitic belongs to the
    word ("الأخيرة", "والمقاتلين" -> "المقاتلين"); لل stays outside, as the Matcher has it."""
    return start - len(_ARTICLE) if clitic.endswith(_ARTICLE) else start


def _spellings(pack: Pack, phrase: str, variants: dict[str, tuple[str, ...]]) -> list[str]:
    """The phrase in every spelling the variant table allows, word by word."""
    options = []
    for word in pack.key(phrase).split(" "):
        bare = _strip_article(word)
        prefix = word[: len(word) - len(bare)]
        options.append(tuple(prefix + v for v in variants.get(bare, (bare,))))
    return [" ".join(words) for words in itertools.product(*options)]


def _quoted(phrase: str, heads: frozenset[str]) -> str | None:
    """'تنظيم "الدولة"' for 'تنظيم الدولة': reporting often quotes the name after its head."""
    head, _, rest = phrase.partition(" ")
    return f'{head} "{rest}"' if rest and head in heads else None


_AIRCRAFT = "aircraft"  # the value of the weapon rows that name warplanes
_GOVERNMENT = "government"
_BY_COUNTRY = (_GOVERNMENT, "national_army")  # roles of actor_references.tsv: a force of each country
_ROLES = frozenset(
    {"variant", "head", "member", "gender", "ref_class", "ref_gender", "block", "weapon", "ally", "allies_of"}
    | {"loyal_noun", "loyal_word"}
    | set(_BY_COUNTRY)
)
# A ref_class default or an adjective's actor: the government forces of the article's country.
_OF_THE_COUNTRY = "@country"
_ACTOR_TYPES = frozenset(
    {
        "state_forces",
        "rebel_group",
        "political_militia",
        "identity_militia",
        "rioters",
        "protesters",
        "civilians",
        "external_forces",
    }
)


def build_actor_lexicon(pack: Pack) -> ActorLexicon:
    refs = pack.rows("actor_references.tsv", columns=("role", "forms", "value", "default", "clitics"))
    actors = pack.rows("actors.tsv", columns=("actor_id", "contract_id", "name_ar", "actor_type", "gender", "aliases"))
    adjectives = pack.rows("actor_adjectives.tsv", columns=("adjective", "actor", "alone"))
    _check(pack, refs, actors, adjectives)
    variants: dict[str, tuple[str, ...]] = {}
    for row in refs:
        if row["role"] == "variant":
            group = tuple(dict.fromkeys(_strip_article(pack.key(f)) for f in _forms(row["forms"])))
            variants.update((form, group) for form in group)

    def spelled(row: dict[str, str]) -> list[str]:
        return [s for f in _forms(row["forms"]) for s in _spellings(pack, f, variants)]

    word_gender: dict[str, Gender] = {}
    word_class: dict[str, str] = {}
    for row in refs:
        if row["role"] in ("head", "gender"):
            word_gender.update((_strip_article(s), row["value"]) for s in spelled(row))  # type: ignore[misc]
        elif row["role"] == "ref_class":
            word_class.update((_strip_article(s), row["value"]) for s in spelled(row))

    keys: list[tuple[str, Any]] = []
    heads: set[str] = set()
    for row in refs:
        role, forms = row["role"], spelled(row)
        if role == "head":
            heads.update(forms)
            keys += [(s, _Head(row["value"], row["default"], word_class.get(s))) for s in forms]  # type: ignore[arg-type]
        elif role == "ref_class":
            keys += [_ref_class_key(s, row["value"], _dash(row["default"])) for s in forms]
        elif role == "ref_gender":
            clitics = frozenset(_forms(row["clitics"]))
            keys += [(_strip_article(s), _RefGender(row["value"], clitics)) for s in forms]  # type: ignore[arg-type]
        elif role == "block":
            keys += [(s, _Block()) for s in forms]
        elif role == "ally":  # each form with each of the words that bind it to its patron ("لها")
            binders = _forms(row["value"]) if _dash(row["value"]) else [""]
            keys += [(f"{s} {b}".strip(), _Ally()) for s in forms for b in binders]

    entries: dict[str, CatalogueEntry] = {}
    for row in actors:
        entry = CatalogueEntry(
            actor_id=row["actor_id"],
            contract_id=_dash(row["contract_id"]),
            name_en=row["name_en"],
            name_ar=row["name_ar"],
            actor_type=_dash(row["actor_type"]),  # type: ignore[arg-type]
            gender=row["gender"],  # type: ignore[arg-type]
            needs_agency=row["needs_agency"] == "1",
            classes=frozenset(_forms(row["classes"].replace(",", "|"))),
        )
        entries[entry.actor_id] = entry
        for alias in [row["name_ar"], *_forms(row["aliases"])]:
            for spelling in _spellings(pack, alias, variants):
                first = _strip_article(spelling.partition(" ")[0])
                implied = word_class.get(first)
                classes = entry.classes | {implied} if implied else entry.classes
                name = _Name(entry, word_gender.get(first, entry.gender), classes)
                keys.append((spelling, name))
                quoted = _quoted(spelling, frozenset(heads))
                if quoted:
                    keys.append((quoted, name))
    return ActorLexicon(
        matcher=Matcher(keys, pack.normalizer),
        entries=entries,
        adjectives=Matcher(
            ((row["adjective"], (row["actor"], row["alone"] == "yes")) for row in adjectives), pack.normalizer
        ),
        heads=frozenset(_strip_article(form) for form in heads),
        members=frozenset(s for row in refs if row["role"] == "member" for s in spelled(row)),
        weapons=frozenset(_strip_article(s) for row in refs if row["role"] == "weapon" for s in spelled(row)),
        aircraft=frozenset(_strip_article(s) for row in refs if _aircraft_row(row) for s in spelled(row)),
        home_country=pack.region.home_country,
        by_country={role: _of_each_country(refs, role) for role in _BY_COUNTRY},
        allies={patron: row["value"] for row in refs if row["role"] == "allies_of" for patron in _forms(row["forms"])},
        loyal=_loyal_pattern(
            [s for r in refs if r["role"] == "loyal_noun" for s in spelled(r)],
            [s for r in refs if r["role"] == "loyal_word" for s in spelled(r)],
        ),
    )


def _loyal_pattern(nouns: list[str], words: list[str]) -> re.Pattern[str] | None:
    """Forces, perhaps an adjective of theirs, a word of allegiance, then ل before the patron's
    name (perhaps after a title: "للرئيس"): "مقاتلون مؤيدون لدمشق", "الفصائل السورية الموالية لأنقرة"."""
    if not nouns or not words:
        return None
    either = "|".join(sorted({re.escape(n) for n in nouns}, key=len, reverse=True))
    loyal = "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))
    return re.compile(rf"(?<!\w)[وف]?(?P<forces>(?:{either})(?:\s+\w+)?\s+(?:{loyal}))(?!\w)")


_TO_THE_PATRON = re.compile(r"\s+لل?(?:\w+\s+)?")  # "لأنقرة", "للحكومة", "للرئيس هادي"
_PATRON_REACH = 20  # characters between the word of allegiance and the patron's name, at most


def _of_each_country(refs: list[Row], role: str) -> dict[str, str]:
    return {country: row["value"] for row in refs if row["role"] == role for country in _forms(row["forms"])}


def _check(pack: Pack, refs: list, actors: list, adjectives: list) -> None:
    """Roles, types and genders are known; every id referred to is in the catalogue."""
    ids = {row["actor_id"] for row in actors}
    for row in refs:
        if row["role"] not in _ROLES:
            raise pack.fail(row, f"role {row['role']!r} is not one of {', '.join(sorted(_ROLES))}")
    for row in actors:
        if row["actor_type"] not in _ACTOR_TYPES | {"-"}:
            raise pack.fail(row, f"actor_type {row['actor_type']!r} is not an ACLED actor type")
        if row["gender"] not in ("f", "m"):
            raise pack.fail(row, f"gender {row['gender']!r} is not f or m")
    defaults = [r for r in refs if r["role"] == "ref_class" and r["default"] != _OF_THE_COUNTRY]
    pack.check_refs(defaults, "default", ids, what="actor_id")
    pack.check_refs([r for r in refs if r["role"] in (*_BY_COUNTRY, "allies_of")], "value", ids, what="actor_id")
    forces = ids | {row["contract_id"] for row in actors}
    pack.check_refs([r for r in refs if r["role"] == "allies_of"], "forms", forces, what="actor_id or contract_id")
    pack.check_refs([r for r in adjectives if r["actor"] != _OF_THE_COUNTRY], "actor", ids, what="actor_id")


class _Raw(NamedTuple):
    """A match with the one reading chosen for it."""

    start: int  # norm offset, proclitics excluded
    end: int
    clitic: str
    what: Any


class _Found(NamedTuple):
    """A mention with what anaphora needs to know about it."""

    mention: ActorMention
    genders: frozenset[str]
    classes: frozenset[str]


def _reading(values: tuple[Any, ...], clitic: str) -> Any | None:
    """Which of a key's payloads applies, given the proclitics before it."""
    if len(values) == 1 and isinstance(values[0], _Name):  # the common case
        return values[0]
    names = [v for v in values if isinstance(v, _Name)]
    if names:  # an ambiguous name: the armed actor before the country
        return min(names, key=lambda v: v.entry.needs_agency)
    # A phrase read whole (no name there, or the allies of the force before it) outranks a reference.
    phrases = [v for v in values if isinstance(v, (_Block, _Ally))]
    if phrases:
        return phrases[0]
    if has_article(clitic):
        refs = [v for v in values if isinstance(v, (_RefClass, _RefGender))]
        return refs[0] if refs else None
    constructs = [v for v in values if isinstance(v, _RefClass) and v.construct]
    if constructs:
        return constructs[0]
    heads = [v for v in values if isinstance(v, _Head)]
    return heads[0] if heads else None


def find_actors(text: NormalizedText, lexicon: ActorLexicon, places: Sequence[PlaceMention] = ()) -> list[ActorMention]:
    """Actor mentions in order, generic references resolved, unknown organisations kept.

    ``places``: the place finder's mentions; an actor name inside a longer place name is dropped.
    """
    country = main_country(places) or lexicon.home_country
    raws = []
    for m in lexicon.matcher.find(text):
        what = _reading(m.values, m.clitic)
        if what is not None and not isinstance(what, _Block):
            raws.append(_Raw(m.start, m.end, m.clitic, what))
    found: list[_Found] = []
    unknown: list[ActorMention] = []
    i = 0
    while i < len(raws):
        raw, nxt = raws[i], raws[i + 1] if i + 1 < len(raws) else None
        i += 1
        if isinstance(raw.what, _Name):
            found.append(_named(text, raw.start, raw.end, raw.what))
        elif isinstance(raw.what, _Ally):
            allies = _allies(text, lexicon, raw, found)
            if allies is not None:
                found.append(allies)
        elif isinstance(raw.what, _Head):
            joined = _join_head(text, raw, nxt)
            if joined is not None and nxt is not None:
                found.append(_named(text, raw.start, joined, nxt.what, head=raw.what))
                i += 1
                continue
            end = _unknown_organisation(text, raw)
            if end is not None and (nxt is None or nxt.start >= end):
                unknown.append(_mention(text, raw.start, end, None, raw.what.gender))
        else:
            resolved = _resolve(text, lexicon, raw, found, country)
            if resolved is not None:
                found.append(resolved)
    found = _loyal_to_a_name(text, lexicon, found)
    mentions = sorted([f.mention for f in found] + unknown, key=lambda m: m.start)
    return _outside_places(mentions, places) if places else mentions


def _loyal_to_a_name(text: NormalizedText, lexicon: ActorLexicon, found: list[_Found]) -> list[_Found]:
    """Forces loyal to a name are its allies (the pack's allies_of), else its own side ("القوات
    الموالية لهادي" fight for Hadi); the name is their backer, no party of its own, and a
    catalogue name inside the phrase ("القوات الموالية") yields to the whole."""
    if lexicon.loyal is None:
        return found
    norm = text.norm
    for match in lexicon.loyal.finditer(norm):
        start, end = match.span("forces")
        patron = next(
            (
                f
                for f in found
                if end < f.mention.start <= end + _PATRON_REACH and _TO_THE_PATRON.fullmatch(norm, end, f.mention.start)
            ),
            None,
        )
        specific = patron.mention.value.specific_id if patron is not None else None
        if patron is None or specific is None:
            continue
        name_end = patron.mention.end
        ally = lexicon.allies.get(specific) or lexicon.allies.get(patron.mention.value.actor_id or "") or specific
        entry = lexicon.entries[ally]
        inside = [f for f in found if start <= f.mention.start < name_end]
        loyal = _Found(_mention(text, start, name_end, entry, entry.gender), frozenset({entry.gender}), entry.classes)
        found = [f for f in found if f not in inside] + [loyal]
    return found


def _join_head(text: NormalizedText, head: _Raw, name: _Raw | None) -> int | None:
    """Where 'head name' or 'head "name"' ends when a catalogue name follows the head."""
    if name is None or not isinstance(name.what, _Name) or name.clitic:
        return None
    gap = text.norm[head.end : name.start]
    if gap not in (" ", ' "'):
        return None
    end = name.end
    if gap.endswith(_QUOTE) and text.norm.startswith(_QUOTE, end):
        end += 1
    return end


def _unknown_organisation(text: NormalizedText, head: _Raw) -> int | None:
    """Where "head X" ends when X names an organisation the catalogue lacks, else None."""
    if head.what.unknown == "no" or has_article(head.clitic):
        return None
    norm = text.norm
    pos = head.end + 1
    if norm[head.end : pos] != " " or pos >= len(norm):
        return None
    if norm[pos] == _QUOTE:
        close = norm.find(_QUOTE, pos + 1, pos + 1 + _MAX_QUOTED)
        inner = norm[pos + 1 : close]
        if close < 0 or "\n" in inner or not any(c.isalpha() for c in inner):
            return None
        return close + 1
    if head.what.unknown != "yes":
        return None
    word_end = pos
    while word_end < len(norm) and norm[word_end].isalnum():
        word_end += 1
    word = norm[pos:word_end]
    definite = word.startswith(_ARTICLE) and len(word) > len(_ARTICLE) + 2
    return word_end if definite or word.isdigit() else None


def _named(text: NormalizedText, start: int, end: int, name: _Name, head: _Head | None = None) -> _Found:
    gender = head.gender if head else name.gender
    classes = name.classes | {head.cls} if head and head.cls else name.classes
    named = _mention(text, start, end, name.entry, gender)
    return _Found(named, frozenset({gender, name.entry.gender}), classes)


def _mention(
    text: NormalizedText,
    start: int,
    end: int,
    entry: CatalogueEntry | None,
    gender: Gender | None,
    *,
    generic: bool = False,
    adjective: bool = False,
    of_people: bool = False,
) -> ActorMention:
    info = ActorInfo(
        actor_id=entry.contract_id if entry else None,
        specific_id=entry.actor_id if entry else None,
        name_en=entry.name_en if entry else None,
        name_ar=entry.name_ar if entry else None,
        actor_type=entry.actor_type if entry else None,
        gender=gender,
        generic=generic,
        needs_agency=entry.needs_agency if entry else False,
        adjective=adjective,
        of_people=of_people,
    )
    return mention(text, start, end, info)


def _resolve(
    text: NormalizedText, lexicon: ActorLexicon, raw: _Raw, before: list[_Found], country: str | None
) -> _Found | None:
    """A generic reference bound to the earlier mention it points at (or to its default; with
    ``country``, the article's, a default of the country's government forces)."""
    start = article_start(raw.start, raw.clitic)
    if isinstance(raw.what, _RefClass):
        antecedent = next((f for f in reversed(before) if raw.what.cls in f.classes), None)
        default = raw.what.default
        if default == _OF_THE_COUNTRY:  # the country's own force first: Turkey's forces in Syria are not it
            default = lexicon.by_country.get(raw.what.cls, lexicon.governments).get(country or "")
            antecedent = None if default else antecedent
        if antecedent is not None:
            entry = lexicon.entries[antecedent.mention.value.specific_id or ""]
            gender, classes = antecedent.mention.value.gender, antecedent.classes
        elif default:
            entry = lexicon.entries[default]
            gender, classes = entry.gender, entry.classes
        else:
            return None
        reference = _mention(text, start, raw.end, entry, gender, generic=True)
        return _Found(reference, frozenset({gender, entry.gender}), classes)
    if raw.clitic not in raw.what.clitics or _after_definite_noun(text, raw.start - len(raw.clitic)):
        return None
    sentence = text.sentence_index(start)
    for f in reversed(before):
        if text.sentence_index(f.mention.start) < sentence - 1:
            break
        if raw.what.gender in f.genders:
            entry = lexicon.entries[f.mention.value.specific_id or ""]
            reference = _mention(text, start, raw.end, entry, raw.what.gender, generic=True)
            return _Found(reference, f.genders, f.classes)
    return None


def _allies(text: NormalizedText, lexicon: ActorLexicon, raw: _Raw, before: list[_Found]) -> _Found | None:
    """The allies of the force named last before them in their sentence, when the pack knows whom
    that force fights beside (the Syrian government's militias, Turkey's Syrian factions)."""
    if not before or text.sentence_index(before[-1].mention.start) != text.sentence_index(raw.start):
        return None
    patron = before[-1].mention.value
    ally = lexicon.allies.get(patron.specific_id or "") or lexicon.allies.get(patron.actor_id or "")
    if ally is None:
        return None
    entry = lexicon.entries[ally]
    allied = _mention(text, article_start(raw.start, raw.clitic), raw.end, entry, entry.gender)
    return _Found(allied, frozenset({entry.gender}), entry.classes)


def _after_definite_noun(text: NormalizedText, pos: int) -> bool:
    """Whether the word before ``pos`` is definite: "الأخيرة" is then an adjective ("الفترة الأخيرة")."""
    norm = text.norm
    end = word_before_ends(norm, pos) or pos
    start = end
    while start > 0 and norm[start - 1].isalnum():
        start -= 1
    word = norm[start:end]
    return word.startswith("لل") or any(word.startswith(p + _ARTICLE) for p in ("", "و", "ف", "ب", "ك", "وب"))


def _outside_places(mentions: list[ActorMention], places: Sequence[Mention[Any]]) -> list[ActorMention]:
    """Drop a mention that lies inside a longer place name (a village or quarter named so)."""
    names = SpanIndex((p.start, p.end) for p in places)
    return [m for m in mentions if not names.contains(m.start, m.end, longer=True)]


def matchers(lexicon: ActorLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.matcher, lexicon.adjectives)


# Between an event noun and its nationality: nothing, or one adjective of the nisba form
# ("غارات جوية روسية", "طائرات حربية تركية"), not a noun ("قصف القاعدة الأميركية").
# ... or to the adjective it is believed to be: "غارة جوية يرجح أنها روسية" (normalized)
_NOUN_TO_ADJECTIVE = re.compile(
    r"\s+(?:(\w+ي(?:ه|ين|ون|ات)?)\s+)?(?:(?:يرجح|يعتقد|يشتبه|يبدو)\s+(?:ب|علي\s+)?انه(?:ا|م)?\s+)?"
)
_ADJECTIVE_REACH = 40  # characters from the end of the noun to its adjective


def find_adjective_actors(
    text: NormalizedText,
    lexicon: ActorLexicon,
    event_nouns: Sequence[tuple[int, int]],
    known: Sequence[ActorMention] = (),
    places: Sequence[PlaceMention] = (),
    people: Sequence[tuple[int, int, bool]] = (),
) -> list[ActorMention]:
    """Doers named by a nationality adjective on an event or weapon noun: "غارات روسية" and
    "طائرات حربية تركية" are Russia's and Turkey's; "القصف الجوي الحكومي" the government forces of
    the country the ``places`` lie in most. ``event_nouns`` are norm spans of triggers and weapon
    words; an adjective already inside a name is skipped. On people (``people``: victim nouns
    as start, end, civilian) the adjective names no doer: on soldiers or fighters ("مقتل جندي
    تركي") it names their side (``of_people``), on civilians no one."""
    government = lexicon.governments.get(main_country(places) or lexicon.home_country)
    names = SpanIndex((m.start, m.end) for m in known)
    nouns = {end: start for start, end in event_nouns}
    people_before = {end: civilian for _, end, civilian in people}
    found = []
    for run in _coordinated_runs(text.norm, lexicon.adjectives.find(text)):
        first = run[0]
        civilian = _people_before(text.norm, first.match.start - len(first.match.clitic), people_before)
        definite, on_aircraft = has_article(first.match.clitic), False
        if civilian is None:
            weapons = _weapons_before(text.norm, first.start, lexicon.weapons)
            if not _qualifies_a_noun(text, first.start, definite, weapons, nouns):
                continue
            on_aircraft = _on_aircraft(text, lexicon, first.start, definite, weapons)
        elif civilian:
            continue
        for adjective in run:
            actor_id, alone = adjective.match.values[0]
            actor_id = government if actor_id == _OF_THE_COUNTRY else actor_id
            named = alone or len(run) > 1 or on_aircraft
            if not actor_id or names.overlaps(adjective.start, adjective.match.end) or not named:
                continue
            entry = lexicon.entries[actor_id]
            start, end = adjective.start, adjective.match.end
            side = civilian is not None
            found.append(_mention(text, start, end, entry, entry.gender, adjective=not side, of_people=side))
    return found


def _on_aircraft(
    text: NormalizedText, lexicon: ActorLexicon, start: int, definite: bool, weapons: dict[int, int]
) -> bool:
    """The adjective at ``start`` qualifies one of the weapons before it that only states fly."""
    aircraft = {end: at for end, at in weapons.items() if _strip_article(text.norm[at:end]) in lexicon.aircraft}
    return bool(aircraft) and _qualifies_a_noun(text, start, definite, aircraft, {})


def _people_before(norm: str, word_start: int, people_before: dict[int, bool]) -> bool | None:
    """Whether the people noun right before ``word_start`` (blanks between) are civilians; None
    where no people noun stands there."""
    end = word_before_ends(norm, word_start)
    return None if end is None else people_before.get(end)


class _Adjective(NamedTuple):
    match: Match[tuple[str, bool]]
    start: int  # where it begins, its article included


def _coordinated_runs(norm: str, matches: Iterable[Match[tuple[str, bool]]]) -> list[list[_Adjective]]:
    """The adjectives in runs joined by "و" ("الروسية والسورية"): the first of a run qualifies
    the noun, the others share it."""
    runs: list[list[_Adjective]] = []
    for match in matches:
        adjective = _Adjective(match, article_start(match.start, match.clitic))
        word_start = match.start - len(match.clitic)
        joined = runs and match.clitic.startswith("و") and not norm[runs[-1][-1].match.end : word_start].strip()
        if joined:
            runs[-1].append(adjective)
        else:
            runs.append([adjective])
    return runs


_WORD = re.compile(r"\w+")
_WEAPON_REACH = 30  # characters before an adjective where its noun may stand


def _weapons_before(norm: str, start: int, weapons: frozenset[str]) -> dict[int, int]:
    """Weapon nouns among the two words before ``start`` ("طائرات حربية تركية"), as end -> start."""
    words = list(_WORD.finditer(norm, max(0, start - _WEAPON_REACH), start))[-2:]
    found = {}
    for word in words:
        text = word[0]
        # The proclitics it may start with, longest first: one set look-up per length (a word
        # starts with one proclitic of each length at most) instead of one startswith each.
        for length in range(min(LONGEST_PROCLITIC, len(text)), -1, -1):
            if text[:length] in PROCLITICS and _strip_article(text[length:]) in weapons:
                found[word.end()] = word.start() + length
                break
    return found


def _qualifies_a_noun(
    text: NormalizedText, start: int, definite: bool, weapons: dict[int, int], nouns: dict[int, int]
) -> bool:
    """The adjective at ``start`` follows a weapon or event noun (both by end -> start; a weapon
    word first where both end at one place) and agrees with it (and with the word between) in
    definiteness: "الغارات الجوية الروسية", "غارات جوية روسية"; in "قصف القاعدة الأميركية" it
    qualifies the base, which was hit, not the shelling."""
    norm = text.norm
    for end in range(max(0, start - _ADJECTIVE_REACH), start):  # a look-up a character: no scan of every noun
        noun_start = weapons.get(end, nouns.get(end))
        if noun_start is None or not (gap := _NOUN_TO_ADJECTIVE.fullmatch(norm, end, start)):
            continue
        noun_definite = _definite(norm, text.word_starts[noun_start], noun_start)
        between = gap.group(1)
        if noun_definite == definite and (between is None or between.startswith(_ARTICLE) == definite):
            return True
    return False


def _definite(norm: str, word_start: int, stem_start: int) -> bool:
    """Whether the word beginning at ``word_start`` carries the article before ``stem_start``
    (the matcher may count it as a proclitic) or begins with it."""
    return (
        has_article(norm[word_start:stem_start])
        or norm.startswith(_ARTICLE, stem_start)
        or norm.startswith(_ARTICLE, word_start)
    )
