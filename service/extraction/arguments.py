"""Arguments: who did it to whom, where, when, how many, to whom it happened, who says so.

``clause_arguments`` reads them for one event mention from its clause (and its sentence for
dates, victims and sources); ``incident_arguments`` gathers them over an incident's mentions
and, for what none of them names, from the article around them (the previous incident of the
paragraph, the lead's date). Everything here is in normalized offsets. The generic head nouns
that may stand before a coordinated name come from the actor lexicon (the pack's
``actor_references.tsv``).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from .actors import ActorMention
from .dates import DateMention
from .events import CASUALTY_CUES, Cue, Trigger
from .mention import Mention, Mentions, mention, within
from .places import PlaceMention
from .quantities import QuantityInfo, QuantityMention
from .sources import SourceMention
from .text import NormalizedText
from .victims import VictimMention

_BETWEEN = re.compile(r"\bبين\s*$|\bبين\s+\S+\s*$")
_WINDOW = 40  # characters: how far back a cue may govern a name
_NEXT = 10  # characters from a trigger to an adjective of it (scope next: "هجوم بري وشيك")
_PROCLITIC_GAP = 4  # a space and the trigger's proclitics (scope just_before: "جاهزة للتفجير")
_AGENT_FROM = re.compile(r"\W*(?:\w+\W+){0,2}من\W*$")
# "الحملة العسكرية البرية للجيش السوري", "هجوم مرتقب لقوات النظام": the doer in ل after a verbal
# noun and up to three words that qualify it (no preposition: "على مواقع لقوات النظام" is hit)
_PREPOSITIONS = "علي|في|ضد|الي|من|عن|مع|قرب|داخل|بين|عبر"  # normalized
_DOER_OF_NOUN = re.compile(rf"(?:\s+(?!(?:{_PREPOSITIONS})\s)\S+){{0,3}}\s+لل?")
_SUBJECT_GAP = 3  # characters between a verb or verbal noun and the name that follows it
_SUBJECT_REACH = 60  # characters: how far before its verb a subject may stand
_SIDE_END = "من جهه"
_NOUN_GAP = 3  # characters between a number and the noun it counts
_COUNTED_NOUN = re.compile(r"\s*(?:من\s+)?")  # "11 سائق", "العديد من رعاة"
_CASUALTY_AFTER = 15  # characters from a count to "قتلوا"/"قتيلا" after its noun
# "جنديا تركيا قتل": one adjective of the nisba form between a person and a casualty word
_NISBA_BETWEEN = re.compile(r"\s+\w{2,}ي(?:ا|ه|ين|ون|ان|تان)?\s+")
_AFTER_INNA = re.compile(r"(?:^|\s)ل?ان\s+$")  # "إن جنديا": the accusative of one person
_LETTERS = re.compile(r"\w*")
_IN_IT = "(?:فيه|فيها|خلاله|خلالها)"  # "قتل فيها": in the event just named
# "مقتل أحد عناصر", "قتل فيها أحد قادته": "one of" between a casualty word and the people it befell
_ONE_OF = re.compile(rf"\s+(?:{_IN_IT}\s+)?(احدي?)\s+")
_CASUALTY_REACH = 45  # characters between a count and the word that says what befell it
_TOTAL = "total"  # the cue of a running total ("لترتفع بذلك حصيلة ... إلى")
_TOTAL_REACH = 80  # characters from it to the total it raises ("حصيلة قتلى العملية العسكرية في محافظة درعا إلى")
_AND = "و"
CASUALTY_KINDS = CASUALTY_CUES
_MIXED = "mixed"  # "قتلى وجرحى": killed and injured told as one figure, which is neither
_TOLL_CUES = frozenset({*CASUALTY_KINDS, _MIXED})
TYPE_CASUALTY = {"killing": "killed", "abduction": "abducted", "arrest": "arrested"}
_LEAD_SENTENCES = 2

Role = str  # perpetrator | target
# The role a name takes from the cue that governs it ("ally" becomes a doer once the subject is found).
_GOVERNED_ROLE = {"control": "skip", "target": "target", "agent": "perpetrator", "ally": "ally"}
_CIVILIANS = "civilians"  # the ACLED actor type of bodies that never strike (rescuers, medics)
_CLAIMED = "claimed"  # a claim of responsibility right after a name: "أعلن X مسؤوليته عن"
_BESIDE_THE_DOER = frozenset({"adjective", "ally"})


class RoleLexicon(NamedTuple):
    # Names joined by "و" or a comma, perhaps after an adjective of the first ("لواء القدس
    # الفلسطيني وميليشيا الفيلق الخامس"), and a generic head before the second, are one side.
    coordination: re.Pattern[str]
    # Event nouns whose genitive is the one they befall ("استهداف القوات الأميركية", "اغتيال
    # القائد"), not the doer as in "هجوم التنظيم": lemmas of event_lemmas.tsv with role patient.
    patient_nouns: frozenset[str] = frozenset()
    # Between a verb and its subject, the noun of the force's members or "in it": "استهدف مقاتلو
    # X", "سيطر خلالها X".
    members: re.Pattern[str] = re.compile(r"(?!)")
    # Between a casualty word and the force some of whom it befell: "مقتل 3 من عناصر X", "قتل
    # فيها أحد قادة X".
    befallen: re.Pattern[str] = re.compile(r"(?!)")
    # Casualty nouns that count by their own number where no count does ("سقوط قتيل": one,
    # "قتلى": at least two): normalized noun -> (its cue, min, max).
    self_counts: Mapping[str, tuple[str, int, int | None]] = MappingProxyType({})


def build_role_lexicon(
    heads: Iterable[str],
    patient_nouns: Iterable[str] = (),
    members: Iterable[str] = (),
    self_counts: dict[str, tuple[str, int, int | None]] | None = None,
) -> RoleLexicon:
    """``heads``: normalized generic nouns that stand before a name ("ميليشيا", "قوات");
    ``members``: the nouns of its members ("مقاتلو", "عناصر")."""
    alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    coordination = re.compile(rf"^[\s,\"'()]*(?:\S+ي(?:ه|ين|ون)?[\s\"'()]*)?(?:و|او)?\s*(?:{alternatives})?[\s\"'()]*$")
    member_words = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True)) or "(?!)"
    befallen = rf"\s+(?:{_IN_IT}\s+)?(?:احدي?|\d+)\s+(?:من\s+)?(?:(?:{member_words})\s+(?:من\s+)?)?"
    return RoleLexicon(
        coordination,
        frozenset(patient_nouns),
        re.compile(rf"\s+(?:{_IN_IT}\s+)?(?:(?:{member_words})(?:\s+من)?\s+)?"),
        re.compile(befallen),
        self_counts or {},
    )


@dataclass(slots=True)
class Arguments:
    """What a mention's clause, or an incident's mentions, say of the event."""

    roles: list[tuple[Role, ActorMention]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)  # most specific first
    date: DateMention | None = None
    casualties: dict[str, QuantityMention] = field(default_factory=dict)
    victims: list[VictimMention] = field(default_factory=list)
    sources: list[SourceMention] = field(default_factory=list)

    def actors(self, role: Role) -> set[str | None]:
        return {a.value.actor_id for r, a in self.roles if r == role}


# -- one mention, from its clause ------------------------------------------------------------


def clause_arguments(
    text: NormalizedText,
    lexicon: RoleLexicon,
    trigger: Trigger,
    event_type: str,
    clause: tuple[int, int],
    cues: Sequence[Cue],
    mentions: Mentions,
) -> Arguments:
    """Arguments of the event ``trigger`` names, from its clause (dates, victims and sources
    from its sentence when the clause has none)."""
    sentence = text.sentences[text.sentence_index(trigger.start)]
    in_clause = within(mentions.victims, *clause)
    roles = find_roles(text.norm, lexicon, within(mentions.actors, *clause), trigger, cues, clause, in_clause)
    in_sentence = within(mentions.dates, *sentence)
    dates = within(mentions.dates, *clause) or in_sentence
    doers = [a for role, a in roles if role == "perpetrator"]
    victims = in_clause or within(mentions.victims, *sentence)
    if doers:  # a victim word inside a doer's name, or its members' ("مقاتلو X"), names no victim
        victims = [v for v in victims if not any(_of_the_doer(text.norm, lexicon, trigger, v, a) for a in doers)]
    casualties = find_casualties(
        text, trigger, event_type, cues, within(mentions.quantities, *clause), in_clause, lexicon.self_counts
    )
    return Arguments(
        roles=roles,
        places=specific_first(within(mentions.places, *clause)),
        date=_heading_date(text.norm, in_sentence, sentence[0]) or _bounded_nearest(dates, trigger),
        casualties=casualties,
        victims=victims,
        sources=within(mentions.sources, *sentence),
    )


_BULLETS = " -*•·\n"


def _heading_date(norm: str, dates: list[DateMention], sentence_start: int) -> DateMention | None:
    """A chronology's entry: a date that opens its sentence, then a colon ("8 سبتمبر 2016: شن
    الجيش غارات ..."), dates every event the entry tells."""
    if not dates or norm[sentence_start : dates[0].start].strip(_BULLETS):
        return None
    return dates[0] if norm[dates[0].end : dates[0].end + 3].lstrip().startswith(":") else None


def _of_the_doer(norm: str, lexicon: RoleLexicon, trigger: Trigger, victim: VictimMention, doer: ActorMention) -> bool:
    """A victim word inside the doer's name, or its members as a verb's subject ("هاجم عناصر من X")."""
    if doer.start < victim.end and victim.start < doer.end:
        return True
    between = trigger.end <= victim.start and victim.end <= doer.start
    return between and _members_after_verb(norm, lexicon, trigger, doer)


def _bounded_nearest(dates: list[DateMention], trigger: Trigger) -> DateMention | None:
    """Of the dates that pin a window ("اليوم" in "في وقت سابق اليوم"; without a publication date,
    "أمس" does too), the one nearest the trigger, else the first date. A date before the trigger
    counts as twice as far as one after it: the event's date follows its verb ("قصفت الطائرات
    الليلة الماضية"), while one before it
    is often the reporting verb's ("أفاد المرصد أمس بأن ...") or another clause's ("قبل أسبوعين")."""
    bounded = [d for d in dates if _pins_a_window(d)]
    if not bounded:
        return dates[0] if dates else None
    return min(bounded, key=lambda d: _date_reach(d, trigger))


_BEFORE_WEIGHT = 2


def _pins_a_window(date: DateMention) -> bool:
    """A window known, or one told relative to a publication date the caller did not give ("أمس")."""
    info = date.value
    return (info.earliest is not None and info.latest is not None) or (info.relative and info.precision != "unknown")


def _date_reach(date: DateMention, trigger: Trigger) -> int:
    if date.end <= trigger.start:
        return (trigger.start - date.end) * _BEFORE_WEIGHT
    return max(0, date.start - trigger.end)


def specific_first(places: Iterable[PlaceMention]) -> list[PlaceMention]:
    """The places, the most specific first, then in text order (a new list)."""
    found = list(places)
    if len(found) > 1:  # most clauses name one place or none
        found.sort(key=_specificity)
    return found


def _specificity(place: PlaceMention) -> tuple[int, int]:
    return -(place.value.admin_level or 0), place.start


# -- who did it to whom ----------------------------------------------------------------------


def find_roles(
    norm: str,
    lexicon: RoleLexicon,
    actors: list[ActorMention],
    trigger: Trigger,
    cues: Sequence[Cue],
    clause: tuple[int, int],
    people: Sequence[VictimMention] = (),
) -> list[tuple[Role, ActorMention]]:
    """Who did it and to whom: names governed by a cue ("على يد", "ضد", "مواقع"), the two sides
    of "بين X وY", else the subject: the name right after a verb or a verbal noun, or the
    nearest name before the trigger. Names joined to a placed one by "و" share its role. A
    country or nationality named right after people (``people``: the victim nouns) is theirs:
    "جنديا تركيا", "مقتل جندي تركي" are the soldiers hit; so are the people a casualty word
    befalls ("مقتل أحد عناصر قوات النظام"). ``cues``: a mention's, in text order and
    disjoint (a lexicon's matches), so ordered by their ends too."""
    if not actors:
        return []  # about a fifth of clauses name no one
    roles: dict[int, str] = {}
    after_people = {v.end for v in people}
    previous_end = clause[0]
    role_cues = [c for c in cues if c.value.cue in _GOVERNED_ROLE]  # ordered by end, as all cues (``cues``)
    ends = [c.end for c in role_cues]
    claims = [c.start for c in cues if c.value.cue == _CLAIMED]
    casualty_cues = [c for c in cues if c.value.cue in CASUALTY_KINDS]  # (most clauses have none)
    for i, actor in enumerate(actors):
        if _the_other_side(norm, trigger, actor):
            roles[i] = _OTHER_SIDE
            previous_end = actor.end
            continue
        placed = _role_by_its_words(norm, trigger, actor, claims, after_people)
        if placed is not None:
            roles[i] = placed
            previous_end = actor.end
            continue
        nationality = actor.value.needs_agency or actor.value.of_people
        if (nationality and actor.start - 1 in after_people) or (
            casualty_cues and _befallen(norm, lexicon, casualty_cues, actor)
        ):
            roles[i] = "target"
            previous_end = actor.end
            continue
        if actor.value.adjective:  # "غارات روسية": the adjective names a doer, whatever precedes it
            # ... but on what a verbal noun befell it names the side hit ("استهداف دبابات إسرائيلية")
            roles[i] = "target" if _on_the_patient(norm, lexicon, trigger, actor, cues) else "adjective"
            previous_end = actor.end
            continue
        governing = governing_cue(role_cues, ends, actor.start, previous_end)
        if governing is not None and _takes_ground(norm, governing, trigger, actor):
            governing = None  # the taking of ground itself: in "سيطرة X على" X took it (not "مناطق سيطرة X")
        if governing is not None and _members_after_verb(norm, lexicon, trigger, actor):
            governing = None  # "هاجم عناصر من التنظيم حاجزا": the members are the verb's subject
        if governing is not None and governing.value.cue == "agent" and _of_a_civilian_body(actors, governing):
            governing = None  # "مركز الدفاع المدني التابع للمعارضة": whose the rescuers are, not who struck
        if (
            governing is not None
            and governing.value.cue == "target"
            and governing.end <= trigger.start
            and _genitive_doer(lexicon, trigger, actor)
        ):
            governing = None  # "على محاور القتال بعد ضربات الجيش": the strikes' own doer
        if governing is not None and not after_between(norm, actor.start, clause[0]):  # "بين مقاتلي X": a side
            roles[i] = _GOVERNED_ROLE[governing.value.cue]
        previous_end = actor.end
    between = next(
        (i for i, a in enumerate(actors) if i not in roles and after_between(norm, a.start, clause[0])), None
    )
    if between is not None:
        _between_sides(norm, actors, between, roles, clause[1])
    elif not any(role == "perpetrator" for role in roles.values()):  # an adjective's doer leaves room for one
        subject = _subject(norm, lexicon, actors, roles, trigger)
        if (
            subject is not None
            and _befalls(lexicon, trigger)
            and actors[subject].start >= trigger.end
            and not _L_OBJECT.match(norm, actors[subject].end)
        ):
            roles[subject] = "target"  # "أعلنت X استهداف Y": Y was hit; the doer is sought before
            subject = _subject(norm, lexicon, actors, roles, trigger)
        if subject is not None:
            exposed = actors[subject].start < trigger.start and (
                trigger.value.form == "exposure" or _exposed_to(norm, trigger, cues, clause)
            )
            roles[subject] = "target" if exposed else "perpetrator"
    _spread_to_coordinated(norm, lexicon, actors, roles)
    # The side a clash is fought with is hit by the clause's doer; with no doer named, those the
    # clause counts fell to it ("قتل جندي في اشتباكات مع التنظيم"): it is the doer.
    # (An adjective's doer and an ally, "بمساندة X", fight beside the subject: ``_FINAL_ROLES``.)
    final = _FINAL_ROLES["perpetrator" in roles.values()]
    assigned = ((final.get(roles[i], roles[i]), actors[i]) for i in sorted(roles))
    return dedupe_roles([(role, actor) for role, actor in assigned if role != "skip"])


_OTHER_SIDE = "other_side"
# The roles names end with, by whether the clause names a doer: the other side of a clash is then
# hit, else it is the doer; an adjective's doer and an ally are doers.
_FINAL_ROLES = {
    doer: {_OTHER_SIDE: "target" if doer else "perpetrator", **dict.fromkeys(_BESIDE_THE_DOER, "perpetrator")}
    for doer in (False, True)
}
_CLASH = "armed_clash"
_WITH = re.compile(r"[^.,:؛،\n]{0,40}\sمع\s*")  # "اشتباكات عنيفة مع", "اشتبك مسلحون مع"


_ON_WHAT_IS_TAKEN = re.compile(r"[^.,:؛،\n]{0,40}?\sعل[يى]\s")  # "سيطرة X (وحلفائها) على"


def _takes_ground(norm: str, cue: Cue, trigger: Trigger, actor: ActorMention) -> bool:
    """The control word is the trigger and "على" names the ground taken after the name: the name
    took it, it is no controller of an area ("مناطق سيطرة X")."""
    inside = trigger.start <= cue.start and cue.end <= trigger.end
    return cue.value.cue == "control" and inside and _ON_WHAT_IS_TAKEN.match(norm, actor.end) is not None


def _the_other_side(norm: str, trigger: Trigger, actor: ActorMention) -> bool:
    """The name after "مع" that follows a clash word: the side it is fought with."""
    if trigger.value.type != _CLASH or actor.start < trigger.end:
        return False
    return _WITH.fullmatch(norm, trigger.end, actor.start) is not None


def _of_a_civilian_body(actors: list[ActorMention], cue: Cue) -> bool:
    """An agent cue right after the name of a civilian body ("الدفاع المدني التابع لـ X") says
    whose that body is, not who did the deed."""
    return any(a.value.actor_type == _CIVILIANS and 0 <= cue.start - a.end <= 1 for a in actors)


def _role_by_its_words(
    norm: str, trigger: Trigger, actor: ActorMention, claims: list[int], after_people: set[int]
) -> str | None:
    """A role the words right around a name settle, before any cue is read: a claim after it
    ("أعلن X مسؤوليته عن الهجوم") makes a doer; a locative before a country's name ("وفي العراق
    أصابت الغارات أهدافا") a place, no one; "من" after a verb of taking ground ("انتزع المقاتلون
    من قوات داعش السيطرة على المعبر") the side that lost it."""
    if claims and any(0 <= start - actor.end <= _SUBJECT_GAP for start in claims):
        return "perpetrator"
    if actor.value.needs_agency and _after_locative(norm, actor.start):
        return "skip"
    if _lost_to(norm, trigger, actor, after_people):
        return "target"
    return None


_EXPOSED_REACH = 60  # characters from "تعرض" to the event noun it governs (its subject may stand between)
_TO = re.compile(r"(?:ل|الي\s+)(?:ال)?$")  # "لهجوم", "للقصف", "إلى استهداف" (normalized)


def _exposed_to(norm: str, trigger: Trigger, cues: Sequence[Cue], clause: tuple[int, int]) -> bool:
    """The event noun is what a verb of suffering governs, with ل or إلى: "تعرضت القوات
    الأميركية لهجوم", "القاعدة تعرضت إلى استهداف" (the exposure phrases of the lexicon hold
    only the verb right before its noun)."""
    if _TO.search(norm, max(0, trigger.start - 6), trigger.start) is None:
        return False
    return any(trigger.start - c.end <= _EXPOSED_REACH for c in cues_of(cues, "exposed", trigger, clause))


# Prepositions and directions before a country's name that make it the place where (normalized).
_LOCATIVES = frozenset({"في", "داخل", "الي", "نحو", "عبر", "قرب", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي"})
_LOCATIVES |= {"شرقي", "غربي", "انحاء", "اراضي"}


def _after_locative(norm: str, start: int) -> bool:
    """The word before ``start`` (perhaps with و or ف) is a locative."""
    words = norm[max(0, start - 10) : start].split()
    if not words:
        return False
    word = words[-1]
    return word in _LOCATIVES or (word[0] in _CONJUNCTIONS and word[1:] in _LOCATIVES)


_CONJUNCTIONS = "وف"


_TERRITORY = "territory_change"
# "من" and what it was taken out of: "من يد", "من أيدي", "من قبضة", "من سيطرة" (normalized)
_TAKEN_FROM = re.compile(r"\sمن(?:\s+(?:يد|ايدي|قبضه|سيطره))?\s+$")


def _lost_to(norm: str, trigger: Trigger, actor: ActorMention, after_people: set[int]) -> bool:
    """The side a place is taken from: "من" + a name after a verb of taking ground ("استعاد
    الجيش البلدة من داعش"); not the group some people are of ("مقاتلون من الجيش الحر")."""
    if trigger.value.type != _TERRITORY or actor.start < trigger.end:
        return False
    taken = _TAKEN_FROM.search(norm, max(trigger.end - 1, actor.start - 20), actor.start)
    return taken is not None and taken.start() not in after_people


def _befallen(norm: str, lexicon: RoleLexicon, casualty_cues: Sequence[Cue], actor: ActorMention) -> bool:
    """Some of a force a casualty word befalls: "مقتل أحد عناصر قوات النظام", "إصابة 3 من عناصر
    الجيش", "سقوط قتلى من جيش النظام" (a casualty noun and من). Without the count or the noun the
    name may be the verb's doer ("اختطف مسلحون مجهولون"). ``casualty_cues``: the clause's cues of
    a casualty kind."""
    return any(
        0 < actor.start - cue.end <= _WINDOW
        and (lexicon.befallen.fullmatch(norm, cue.end, actor.start) or _of_force(norm, lexicon, cue, actor))
        for cue in casualty_cues
    )


_FROM = re.compile(r"\s+من(?=\s)")


def _of_force(norm: str, lexicon: RoleLexicon, cue: Cue, actor: ActorMention) -> bool:
    """ "قتلى من X", "جرحى من عناصر X": a casualty noun, من, and perhaps the force's members."""
    after = _FROM.match(norm, cue.end) if norm[cue.start : cue.end] in lexicon.self_counts else None
    return after is not None and lexicon.members.fullmatch(norm, after.end(), actor.start) is not None


def _members_after_verb(norm: str, lexicon: RoleLexicon, trigger: Trigger, actor: ActorMention) -> bool:
    """The force's members (and "من") right after a verb, before its name: its subject ("هاجم
    عناصر من التنظيم"), where after a verbal noun they are what it befell ("استهداف عناصر من X")."""
    verb = trigger.value.form in ("verb", "passive")
    return verb and actor.start > trigger.end and lexicon.members.fullmatch(norm, trigger.end, actor.start) is not None


def _genitive_doer(lexicon: RoleLexicon, trigger: Trigger, actor: ActorMention) -> bool:
    """The name right after an event noun that does not take the one it befalls as genitive:
    "ضربات الجيش", "هجوم التنظيم" name the doer."""
    nominal = trigger.value.form in ("noun", "plural")
    return nominal and 0 <= actor.start - trigger.end <= _SUBJECT_GAP and not _befalls(lexicon, trigger)


# Up to three words, none a preposition, between a verbal noun and an adjective of its object.
_OBJECT_WORDS = re.compile(rf"(?:\s+(?!(?:{_PREPOSITIONS}|ب\S*)\s)\S+){{1,3}}\s+")


# "استهداف قوات النظام لبلدة": with its object after ل, a verbal noun's genitive is its doer.
_L_OBJECT = re.compile(r"\s+لل?(?!ا\s)\w{2,}")


def _on_the_patient(
    norm: str, lexicon: RoleLexicon, trigger: Trigger, actor: ActorMention, cues: Sequence[Cue]
) -> bool:
    """A nationality adjective inside the object of a verbal noun whose genitive is the one hit
    ("استهداف 8 دبابات إسرائيلية"); not on an instrument, which is the doer's ("استهداف طائرات
    سورية بلدة")."""
    if not _befalls(lexicon, trigger) or _OBJECT_WORDS.fullmatch(norm, trigger.end, actor.start) is None:
        return False
    return not any(c.value.cue in _INSTRUMENTS and trigger.end <= c.start < actor.start for c in cues)


_INSTRUMENTS = frozenset({"airstrike", "drone_strike", "shelling", "explosion", "attack"})  # cues that name a weapon


def _befalls(lexicon: RoleLexicon, trigger: Trigger) -> bool:
    """A verbal noun whose following name is the one hit: "اغتيال X", "اعتقال X", "استهداف X"."""
    info = trigger.value
    return info.form == "noun" and (info.type in TYPE_CASUALTY or info.lemma in lexicon.patient_nouns)


def _subject(
    norm: str, lexicon: RoleLexicon, actors: list[ActorMention], roles: dict[int, str], trigger: Trigger
) -> int | None:
    free = [i for i in range(len(actors)) if i not in roles]
    # "قصف الطيران السوري": a trigger phrase that ends inside the definite name of its doer (in
    # "حشد مقاتلين عشائريين" the fighters are mobilised)
    after = [
        i
        for i in free
        if trigger.start < actors[i].start < trigger.end < actors[i].end and norm.startswith("ال", actors[i].start)
    ]
    after += [
        i
        for i in free
        if 0 <= actors[i].start - trigger.end <= _SUBJECT_GAP
        or lexicon.members.fullmatch(norm, trigger.end, actors[i].start)
    ]
    if trigger.value.form in ("noun", "plural") and trigger.value.type not in TYPE_CASUALTY:
        after += [
            i
            for i in free
            if _AGENT_FROM.match(norm, trigger.end, actors[i].start)
            or _DOER_OF_NOUN.fullmatch(norm, trigger.end, actors[i].start)
        ]
    if after:
        return min(after)
    before = [i for i in free if 0 <= trigger.start - actors[i].end <= _SUBJECT_REACH]
    return before[-1] if before else None


def _between_sides(norm: str, actors: list[ActorMention], first: int, roles: dict[int, str], clause_end: int) -> None:
    """ "بين X وY": X's side did it, Y's side was hit; "من جهة" marks where the first side ends,
    else the first name is one side alone."""
    divider = norm.find(_SIDE_END, actors[first].end, clause_end)
    roles[first] = "perpetrator"
    for i in range(first + 1, len(actors)):
        if i not in roles:
            roles[i] = "perpetrator" if divider >= 0 and actors[i].end <= divider else "target"


def _spread_to_coordinated(norm: str, lexicon: RoleLexicon, actors: list[ActorMention], roles: dict[int, str]) -> None:
    """Both ways: "داعش والميليشيات الإيرانية بذبح" makes both the subject."""
    placed = roles.values()
    if len(actors) < 2 or ("perpetrator" not in placed and "target" not in placed):
        return  # no side to spread (no name joined to a doer or a target is tested)
    joined = [coordinated(lexicon, norm, actors[i - 1], actors[i]) for i in range(1, len(actors))]
    changed = True
    while changed:
        changed = False
        for i in range(1, len(actors)):
            if not joined[i - 1]:
                continue
            for src, dst in ((i - 1, i), (i, i - 1)):
                if dst not in roles and roles.get(src) in ("perpetrator", "target"):
                    roles[dst] = roles[src]
                    changed = True


def dedupe_roles(roles: Iterable[tuple[Role, ActorMention]]) -> list[tuple[Role, ActorMention]]:
    seen: set[tuple[str, object]] = set()
    kept = []
    for role, actor in roles:
        key = (role, actor.value.actor_id or actor.text)
        if key not in seen:
            seen.add(key)
            kept.append((role, actor))
    return kept


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
        if info.scope == "means" and cue.start < trigger.end:
            continue
        if info.scope == "next" and not 0 <= cue.start - trigger.end <= _NEXT:
            continue
        if info.scope == "just_before" and not 0 <= trigger.start - cue.end <= _PROCLITIC_GAP:
            continue
        found.append(cue)
    return found


def governing_cue(cues: Sequence[Cue], ends: Sequence[int], pos: int, floor: int) -> Cue | None:
    """The cue that governs a name at ``pos``: the nearest before it since ``floor`` (the
    previous name), except that a target cue anywhere there wins ("مواقع تابعة لـ X": X is hit,
    though "تابعة" alone marks a doer, as in "طائرات تابعة لـ X") unless an agent word stands
    right before the name ("شنها X"), and an ally cue nearest wins. ``cues`` are the role cues,
    ordered by where they end (``ends``): only those in reach are read."""
    lo = bisect_left(ends, max(floor, pos - _WINDOW))
    hi = bisect_right(ends, pos)
    if lo == hi:
        return None
    # The nearest: the first of those that end last (as ``max`` by end would pick it).
    nearest = cues[bisect_left(ends, ends[hi - 1], lo, hi)]
    if nearest.value.cue == "ally":  # "على القرية بمساندة X": X fought, not hit
        return nearest
    if nearest.value.cue == "agent" and pos - nearest.end == 1:
        return nearest  # "قتلوا على الأقل بغارات شنها X": the word right before X (one space) names its doer
    target = None  # the first of the target cues that end last
    for i in range(lo, hi):
        cue = cues[i]
        if cue.value.cue == "target" and (target is None or cue.end > target.end):
            target = cue
    return nearest if target is None else target


def coordinated(lexicon: RoleLexicon, norm: str, left: Mention[Any], right: Mention[Any]) -> bool:
    """Two names joined only by "و" or a comma: "لواء القدس وميليشيا الفيلق الخامس"."""
    return bool(lexicon.coordination.match(norm[left.end : right.start]))


def after_between(norm: str, pos: int, floor: int) -> bool:
    return bool(_BETWEEN.search(norm, max(floor, pos - 30), pos))


# -- how many ------------------------------------------------------------------------------


def find_casualties(
    text: NormalizedText,
    trigger: Trigger,
    event_type: str,
    cues: Sequence[Cue],
    quantities: list[QuantityMention],
    victims: list[VictimMention],
    self_counts: Mapping[str, tuple[str, int, int | None]] | None = None,
) -> dict[str, QuantityMention]:
    """Counts of people, each tied to the one casualty word that governs it: the nearest with no
    other casualty word between them ("مقتل 3 عناصر", "11 قتيلا", "ذبح 11 سائق"; in "قتل 4
    مدنيين وأصيب آخرون" the 4 were killed, not injured). "عدة غارات" counts no one; a single
    victim right after a casualty word is one ("مقتل طفل"); "50 قتيلا وجريحا" counts neither the
    killed nor the injured. The count nearest its word wins, with
    the counts "و" joins to it under the same word ("قتل 16 طفلا وأربع نساء": 20); a vague amount
    joined to none yields to a stated number ("سقط عدد من القتلى، وقال المرصد إن 16 شخصا قتلوا"),
    and a count of some of them ("بينهم 5 أطفال") is never the toll. Where nothing counts, a
    casualty noun counts by its own number (``self_counts``: "سقوط قتلى", "بين قتيل وجريح")."""
    norm = text.norm
    own = TYPE_CASUALTY.get(event_type)
    casualty_cues = [cue for cue in cues if cue.value.cue in _TOLL_CUES]  # in text order, as all cues
    best: dict[str, tuple[int, QuantityMention]] = {}  # the count nearest its word, by kind
    stated: dict[str, tuple[int, QuantityMention]] = {}  # ... of those that state a number
    totals = [cue.end for cue in cues if cue.value.cue == _TOTAL and event_type not in cue.value.exempt]
    parts = _parts(norm, quantities)
    for quantity in quantities:
        if quantity.value.min is None and quantity.value.max is None:
            continue  # a decimal or a negative number counts no one
        if not _counts_people(norm, quantity, victims, casualty_cues):
            continue
        if any(0 <= quantity.start - end <= _TOTAL_REACH for end in totals):
            continue  # "لترتفع بذلك الحصيلة إلى 1517": a campaign's running total, no incident's toll
        link = _governing(norm, quantity, casualty_cues, trigger, own, victims)
        if link is None or (link[1] > _NOUN_GAP and id(quantity) in parts):
            continue  # "بينهم 5 أطفال" counts some of them; "بينهم 4 قتلى" says what befell those 4
        for ranks in (best, stated) if not is_vague(quantity) else (best,):
            known = ranks.get(link[0])
            if known is None or link[1] < known[0]:
                ranks[link[0]] = (link[1], quantity)
    found = {}
    for kind, (_, quantity) in best.items():
        counts = _Counts(text, kind, quantities, victims, casualty_cues, trigger, own)
        count = _with_joined(counts, _first_joined(counts, quantity))
        if count is quantity and kind in stated and is_vague(quantity):
            # a stated number before a vague amount alone ("سقط عدد من القتلى ... إن 16 شخصا قتلوا")
            count = _with_joined(counts, stated[kind][1])
        found[kind] = count
    for kind, one in _single_victims(text, casualty_cues, victims):
        joined = found.get(kind) or _joined_after(norm, one, quantities, victims)
        if joined is not None and joined.start > one.end and _JOIN.fullmatch(norm, one.end, joined.start):
            found[kind] = _sum(text, [one, joined])  # "مقتل امرأة وثلاثة من أطفالها": 4
        else:
            found.setdefault(kind, one)
    found.pop(_MIXED, None)  # the count of "50 قتيلا وجريحا" says how many were hurt or killed
    for cue in casualty_cues:
        if cue.value.cue in CASUALTY_KINDS and cue.value.cue not in found:
            pronoun = _pronoun_count(text, cue)
            if pronoun is not None:
                found[cue.value.cue] = pronoun
    for cue in casualty_cues:
        if not _counted_before(norm, cue, quantities):
            for kind, count in _self_counted(text, cue, self_counts or {}):
                found.setdefault(kind, count)
    return found


def _self_counted(
    text: NormalizedText, cue: Cue, self_counts: Mapping[str, tuple[str, int, int | None]]
) -> list[tuple[str, QuantityMention]]:
    """The counts a casualty noun gives by its own number: "قتلى" at least two; each word of a
    pair told as one ("بين قتيل وجريح": one killed, one hurt)."""
    words = [(cue.start, cue.end)]
    if cue.value.cue == _MIXED:
        words = [(m.start() + cue.start, m.end() + cue.start) for m in _WORD.finditer(text.norm[cue.start : cue.end])]
    out = []
    for start, end in words:
        if text.norm[start:end] not in self_counts and text.norm.startswith(_AND, start):
            start += len(_AND)  # "وجريح"
        kind, low, high = self_counts.get(text.norm[start:end], ("", 0, None))
        if kind and (kind == cue.value.cue or cue.value.cue == _MIXED):
            value = low if high == low else None  # a plural states no number
            out.append((kind, mention(text, start, end, QuantityInfo(value=value, min=low, max=high, noun_start=None))))
    return out


_WORD = re.compile(r"\w+")


def _counted_before(norm: str, cue: Cue, quantities: list[QuantityMention]) -> bool:
    """A count right before the noun counts it, whatever it befell ("50 قتيلا وجريحا")."""
    return any(0 <= cue.start - q.end <= _NOUN_GAP for q in quantities)


# The object pronoun a casualty word ends in, as written (a teh marbuta is no pronoun: "حصيلة"),
# and how many people it stands for: "لقي حتفه", "مقتلها" one, "مصرعهما" two ("مصرعهم": many).
_PRONOUNS = (("هما", 2), ("ها", 1), ("ه", 1))
_DIACRITICS = re.compile("[\u064b-\u0652]")


def _pronoun_count(text: NormalizedText, cue: Cue) -> QuantityMention | None:
    """A casualty word whose pronoun tells how many it befell, when no count does."""
    word = _DIACRITICS.sub("", text.original_text(cue.start, _word_end(text.norm, cue.end))).rstrip()
    for pronoun, count in _PRONOUNS:
        if word.endswith(pronoun) and not word.endswith("هم"):
            info = QuantityInfo(value=count, min=count, max=count, noun_start=None)
            return mention(text, cue.start, cue.end, info)
    return None


def is_vague(quantity: QuantityMention) -> bool:
    """An amount that states no number: "عدد من", "العشرات", "عدة"."""
    return quantity.value.value is None and quantity.value.number is None and quantity.value.max != quantity.value.min


_PART = re.compile(r"(?:بينهم|بينهن|بينهما|بينها|منهم|منهن|منهما|ضمنهم|ضمنهن)\s*$")  # "قتل العشرات بينهم 5 أطفال"


def _parts(norm: str, quantities: Sequence[QuantityMention]) -> set[int]:
    """The counts (by id) of some of the people counted before them, never the toll itself: the
    count after "بينهم" and each "و" joins on to it ("بينهم ثلاث نساء وأربعة أطفال")."""
    out: set[int] = set()
    part_end: int | None = None  # where the previous count ends, when it was a part
    for quantity in quantities:
        joined = part_end is not None and _JOIN.fullmatch(norm, part_end, quantity.start)
        is_part = bool(joined or _PART.search(norm, max(0, quantity.start - 12), quantity.start))
        if is_part:
            out.add(id(quantity))
        part_end = quantity.end if is_part else None
    return out


class _Counts(NamedTuple):
    """What decides which counts of a clause "و" joins under one casualty word."""

    text: NormalizedText
    kind: str  # the casualty kind of the word
    quantities: list[QuantityMention]
    victims: list[VictimMention]
    cues: list[Cue]
    trigger: Trigger
    own: str | None  # the casualty kind the trigger itself names


def _with_joined(counts: _Counts, first: QuantityMention) -> QuantityMention:
    """``first`` and the counts of people "و" joins to it, one after another, each right after the
    noun the previous one counts ("16 طفلا وأربع نساء", "7 من عناصر الجيش و71 مسلحا", "عدد من
    الجنود، واثنين من المدنيين") and governed by the same casualty word: the text sums them.
    "5 مدنيين بينهم امرأة و3 أطفال" sums nothing: the 3 are among the 5."""
    text, kind, quantities, victims, cues, trigger, own = counts
    norm, joined = text.norm, [first]
    for quantity in quantities:
        last = joined[-1]
        if quantity.start <= last.end or quantity.value.min is None:
            continue
        counted = _casualty_noun_after(norm, last, cues)  # "عشرة قتلى في صفوف X، مقابل سبعة"
        if not _joined_after_noun(norm, last, quantity, victims, counted) or any(
            last.end <= c.start < quantity.start and c is not counted for c in cues
        ):
            break
        if not (_counts_people(norm, quantity, victims, cues) or _PARTITIVE.match(norm, quantity.end)):
            break  # "و19 من الجيش": a part of a group, as the count it is joined to
        link = _governing(norm, quantity, cues, trigger, own, victims)
        if link is None or link[0] != kind:
            break
        joined.append(quantity)
    return first if len(joined) == 1 else _sum(text, joined)


def _first_joined(counts: _Counts, quantity: QuantityMention) -> QuantityMention:
    """The first of the counts "و" joins that ``quantity`` ends: the count nearest a casualty word
    told after its subjects is their last ("7 من عناصر الجيش و71 مسلحا قتلوا": 78 were killed)."""
    norm, cues, victims = counts.text.norm, counts.cues, counts.victims
    for earlier in counts.quantities:
        if earlier.end > quantity.start:
            break
        if earlier.value.min is None or not _counts_people(norm, earlier, victims, cues):
            continue
        link = _governing(norm, earlier, cues, counts.trigger, counts.own, victims)
        if link is None or link[0] != counts.kind:
            continue  # "قتل 4 مدنيين و3 جرحى": the 4 were killed, not hurt
        joined = _with_joined(counts, earlier)
        if joined.end >= quantity.end:
            return earlier
    return quantity


# "و", or "مقابل" between the two sides' dead ("12 عنصرا من قوات النظام مقابل 8 من الفصائل")
_SIDES_JOIN = r"(?:و|مقابل\s)"
_JOIN = re.compile(rf"\s*(?:[^\s,]+\s*)?,?\s*{_SIDES_JOIN}\s*")  # "مصريا و", "المصري، و": an adjective, then "و"
# ... or whose members they are: "23 مقاتلا من الحوثيين و19", "7 عناصر من قوات النظام و"
_JOIN_AFTER_GROUP = re.compile(rf"\s*(?:من|في صفوف)\s+[^\s,]+(?:\s+[^\s,]+)?\s*,?\s*{_SIDES_JOIN}\s*")
_PARTITIVE = re.compile(r"\s+(?:من|في صفوف)\s")


def _joined_after_noun(
    norm: str, last: QuantityMention, nxt: QuantityMention, victims: list[VictimMention], counted: Cue | None = None
) -> bool:
    """Between two counts: the noun the first counts, perhaps an adjective or the group they are of
    ("من الحوثيين"), and "و" or "مقابل"; with no noun, or a casualty noun (``counted``), the group
    ("10 من الفصائل و7 من قوات النظام", "عشرة قتلى في صفوف الفصائل، مقابل سبعة")."""
    if counted is not None:  # "32 قتيلا و100 جريح" sums nothing: only the two sides' dead add up
        return counted.end <= nxt.start and bool(_JOIN_AFTER_GROUP.fullmatch(norm, counted.end, nxt.start))
    noun = next((v for v in victims if v.start >= last.end and _COUNTED_NOUN.fullmatch(norm, last.end, v.start)), None)
    if noun is None:
        return bool(_JOIN_AFTER_GROUP.fullmatch(norm, last.end, nxt.start))
    if noun.end > nxt.start:
        return False
    return bool(_JOIN.fullmatch(norm, noun.end, nxt.start) or _JOIN_AFTER_GROUP.fullmatch(norm, noun.end, nxt.start))


def _casualty_noun_after(norm: str, count: QuantityMention, cues: list[Cue]) -> Cue | None:
    """The casualty noun a count counts, right after it ("عشرة قتلى")."""
    return next(
        (c for c in cues if c.value.cue in CASUALTY_KINDS and _COUNTED_NOUN.fullmatch(norm, count.end, c.start)), None
    )


def _sum(text: NormalizedText, counts: list[QuantityMention]) -> QuantityMention:
    values = [c.value for c in counts]
    total_min = sum(v.min or 0 for v in values)
    total_max = None if any(v.max is None for v in values) else sum(v.max or 0 for v in values)
    total = None if any(v.value is None for v in values) else sum(v.value or 0 for v in values)
    # a sum with a stated number in it states one: "عدد من الجنود واثنين" is no vague amount
    stated = None if all(v.number is None for v in values) else float(total_min)
    info = QuantityInfo(value=total, min=total_min, max=total_max, noun_start=values[0].noun_start, number=stated)
    return mention(text, counts[0].start, counts[-1].end, info)


def _counts_people(norm: str, quantity: QuantityMention, victims: list[VictimMention], cues: list[Cue]) -> bool:
    """The counted noun is a person ("3 عناصر", "العديد من رعاة", "مدنيين اثنين"), or the count stands right
    after a casualty word ("مقتل 5") or shortly before one ("11 قتيلا", "7 آخرين قتلوا"), or before
    one further on when "من" names the group they are of ("اثنان من كبار قادة الجيش مصرعهما")."""
    heads = [v.start for v in victims]
    if any(
        quantity.start <= h < quantity.end or (h >= quantity.end and _COUNTED_NOUN.fullmatch(norm, quantity.end, h))
        for h in heads
    ):
        return True
    if any(_adjacent(norm, v.end, quantity.start) for v in victims):
        return True  # the number after its noun: "مدنيين اثنين"
    reach = _CASUALTY_REACH if _PARTITIVE.match(norm, quantity.end) else _CASUALTY_AFTER
    return any(
        0 <= quantity.start - cue.end <= _NOUN_GAP
        or 0 <= cue.start - quantity.end <= reach
        or quantity.start <= cue.start < quantity.end
        for cue in cues
    )


def _governing(
    norm: str,
    quantity: QuantityMention,
    cues: list[Cue],
    trigger: Trigger,
    own: str | None,
    victims: Sequence[VictimMention] = (),
) -> tuple[str, int] | None:
    """The casualty kind of the word nearest the count on either side, with no other casualty
    word between them; the trigger's own kind when the count follows it ("ذبح 11"). A word after
    the count that "و" joins on opens the next clause: in "قتل مدنيين اثنين وأصيب 5" the two
    were killed. Past the reach, the last casualty word before a count of people governs it when
    none follows and no one is named between them."""
    before = [c for c in cues if c.end <= quantity.start]
    between = [c for c in before if c.start >= trigger.end]
    if own and 0 <= quantity.start - trigger.end <= _NOUN_GAP * 4 and not between:
        return own, 0
    after = [c for c in cues if c.start >= quantity.end]
    inside = [c for c in cues if quantity.start <= c.start < quantity.end]  # "قتيلان"
    if inside:
        return inside[0].value.cue, 0
    candidates = []
    if before and quantity.start - before[-1].end <= _CASUALTY_REACH:
        candidates.append((before[-1].value.cue, quantity.start - before[-1].end))
    if after and after[0].start - quantity.end <= _CASUALTY_REACH and not _conjoined(norm, after[0].start):
        candidates.append((after[0].value.cue, after[0].start - quantity.end))
    if not candidates and before and not after and _subject_later(quantity, before[-1], victims):
        # "قتل في الغارات والقصف ... على المنطقة أكثر من 100 شخص": the subject of a verb told first
        candidates.append((before[-1].value.cue, quantity.start - before[-1].end))
    return min(candidates, key=lambda c: c[1]) if candidates else None


def _subject_later(quantity: QuantityMention, cue: Cue, victims: Sequence[VictimMention]) -> bool:
    """The count of people, however far after the last casualty word of its clause, is what befell
    them when no one is named between: the word's subject comes last."""
    return quantity.value.noun_start is not None and not any(cue.end <= v.start < quantity.start for v in victims)


def _conjoined(norm: str, start: int) -> bool:
    """The word at ``start`` carries the conjunction "و" ("وأصيب")."""
    return start >= 1 and norm[start - 1] == _AND and (start == 1 or norm[start - 2].isspace())


def _joined_after(
    norm: str, one: QuantityMention, quantities: list[QuantityMention], victims: list[VictimMention]
) -> QuantityMention | None:
    """A count of people "و" joins to a single victim, too far from the casualty word to be
    governed by it alone: "مقتل سيدة وطفليها" (the dual counts 2)."""
    starts = {v.start for v in victims}
    return next(
        (
            q
            for q in quantities
            if q.start > one.end
            and q.start in starts
            and q.value.min is not None
            and _JOIN.fullmatch(norm, one.end, q.start)
        ),
        None,
    )


def _single_victims(
    text: NormalizedText, cues: list[Cue], victims: list[VictimMention]
) -> list[tuple[str, QuantityMention]]:
    """ "مقتل طفل", "إصابة مدني": a casualty word and the one person right after it; else the one
    person right before it ("لقي رجل مصرعه", "جندي قتل"), unless a casualty word stands right
    before that person and so already says what befell them. "مقتل أحد عناصر الفصيل" is one
    of a group: one person too."""
    norm, out = text.norm, []
    for cue in cues:
        one_of = next((o for v in victims if (o := _ONE_OF.fullmatch(norm, cue.end, v.start))), None)
        if one_of is not None:
            out.append((cue.value.cue, _one(text, one_of.start(1), _word_end(norm, one_of.end()))))
            continue
        victim = next((v for v in victims if _adjacent(norm, cue.end, v.start) or _in_it(norm, cue.end, v.start)), None)
        if victim is None:
            victim = next((v for v in victims if _before_casualty(norm, v.end, cue.start)), None)
            if victim is not None and any(_adjacent(norm, c.end, victim.start) for c in cues):
                victim = None
        if victim is not None and (victim.value.single or _one_accusative(norm, victim)):
            out.append((cue.value.cue, _one(text, victim.start, victim.end)))
    return out


_IN_IT_BETWEEN = re.compile(rf"\s+{_IN_IT}\s+")


def _in_it(norm: str, end: int, start: int) -> bool:
    """ "قتل فيه ضابط": only "in it" (the event just named) between a casualty word and the person."""
    return _IN_IT_BETWEEN.fullmatch(norm, end, start) is not None


def _adjacent(norm: str, end: int, start: int) -> bool:
    """Only blanks, and at most ``_NOUN_GAP`` of them, between ``end`` and ``start``."""
    return 0 <= start - end <= _NOUN_GAP and norm[end:start].strip() == ""


def _one_accusative(norm: str, victim: VictimMention) -> bool:
    """An accusative singular after "إن" or "أن" is one person ("إن جنديا قتل"); after a number
    it is many ("12 جنديا")."""
    return victim.value.accusative and bool(_AFTER_INNA.search(norm, max(0, victim.start - 6), victim.start))


def _before_casualty(norm: str, end: int, cue_start: int) -> bool:
    """A person right before a casualty word, perhaps with their nationality between: "جندي
    قتل", "جنديا تركيا قتل"."""
    return _adjacent(norm, end, cue_start) or bool(_NISBA_BETWEEN.fullmatch(norm, end, cue_start))


def _word_end(norm: str, pos: int) -> int:
    """Where the letters from ``pos`` on end: the end of the word ``pos`` is in."""
    return _LETTERS.match(norm, pos).end()  # type: ignore[union-attr]  # \w* always matches


def _one(text: NormalizedText, start: int, end: int) -> QuantityMention:
    """A count of one, spanning the words that name the person."""
    return mention(text, start, end, QuantityInfo(value=1, min=1, max=1, noun_start=start))


# -- an incident, over its mentions ------------------------------------------------------------


def merge(parts: Sequence[Arguments]) -> Arguments:
    """An incident's arguments from its mentions' (in text order): the first mention that names
    a date gives it; roles, places, victims and sources are gathered; each casualty kind comes
    from the first mention that counts it."""
    merged = Arguments()
    for part in parts:
        merged.roles = dedupe_roles([*merged.roles, *part.roles])
        known = {p.value.pcode for p in merged.places}
        merged.places += [p for p in part.places if p.value.pcode not in known]
        merged.date = merged.date or part.date
        for kind, count in part.casualties.items():
            known = merged.casualties.get(kind)
            if known is None or (is_vague(known) and not is_vague(count)):
                merged.casualties[kind] = count  # a stated number tells more than "عدد من" before it
        categories = {v.value.category for v in merged.victims}
        merged.victims += [v for v in part.victims if v.value.category not in categories]
        merged.sources += [s for s in part.sources if s not in merged.sources]
    merged.places = specific_first(merged.places)
    merged.roles = _hit_over_nearest(merged.roles, parts[0].roles if parts else [])
    return merged


def _hit_over_nearest(
    roles: list[tuple[Role, ActorMention]], lead: list[tuple[Role, ActorMention]]
) -> list[tuple[Role, ActorMention]]:
    """One name is never both sides of an incident: a name one mention reads as hit (after a
    target word or a verbal noun that befalls it) is no doer because it stands nearest another
    mention's trigger ("استهداف القوات الأميركية ... بطائرتين مسيرتين"); but the doer of the first
    mention (``lead``) stays the doer whatever a later one reads ("هاجم عناصر من X ... ما أدى إلى
    مقتل": "عناصر" marks what "مقتل" befell)."""
    doers = {(a.start, a.end) for role, a in lead if role == "perpetrator"}
    hit = {(a.start, a.end) for role, a in roles if role == "target"} - doers
    return [(role, a) for role, a in roles if (a.start, a.end) not in (hit if role == "perpetrator" else doers)]


def lead_date(text: NormalizedText, dates: list[DateMention], published: dt.date | None = None) -> DateMention | None:
    """The day the lead names ("أمس"): news is told about one day; of two, the earlier, the
    event's rather than its report's ("أفاد المرصد الخميس ... صباح الأربعاء"). A lead that names
    none (a headline and a sentence of context) leaves the news day to the first day the article
    names at most ``NEWS_DAYS`` before publication ("اليوم" further down)."""
    if not text.sentences:
        return None
    lead_end = text.sentences[min(_LEAD_SENTENCES, len(text.sentences)) - 1][1]
    days = [d for d in dates if d.value.precision == "day"]
    lead = [d for d in days if d.end <= lead_end]
    if lead or published is None:
        return min(lead, key=lambda d: (d.value.latest or dt.date.max, d.start)) if lead else None
    return next((d for d in days if _news_day(d, published)), None)


NEWS_DAYS = 2  # days before publication the day of the news may lie: "أمس", "أول من أمس"


def _news_day(date: DateMention, published: dt.date) -> bool:
    latest = date.value.latest
    return latest is not None and 0 <= (published - latest).days <= NEWS_DAYS
