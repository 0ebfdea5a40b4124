"""Incident assembly: group triggers per clause, link arguments, decide status and
background, merge what several sentences say of one event, score confidence."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from . import arguments as args
from .acled import AcledType
from .actors import ActorMention, to_role
from .clauses import trim
from .dates import DateMention, to_ref
from .events import Cue, Trigger
from .mention import Mention, within
from .model import AcledMapping, Casualties, Evidence, Incident, Span
from .places import PlaceMention, to_place
from .quantities import QuantityMention, to_count
from .sources import SourceMention, to_attribution
from .text import NormalizedText
from .victims import VictimMention, to_group

# Within one ACLED family the most specific type names the incident.
_TYPE_PRIORITY = (
    "suicide_bombing",
    "drone_strike",
    "airstrike",
    "explosion",
    "shelling",
    "territory_change",
    "armed_clash",
    "attack",
)
_OWN_GROUP = {"killing", "abduction", "arrest", "reinforcement", "recruitment", "military_operation", "agreement"}
_INSTRUMENT_UPGRADES = {
    "shelling": ("drone_strike", "airstrike"),
    "attack": ("drone_strike", "airstrike"),
    "airstrike": ("drone_strike",),
    "explosion": ("drone_strike",),
}
_CASUALTY_KINDS = ("killed", "injured", "abducted", "arrested")
_TYPE_CASUALTY = {"killing": "killed", "abduction": "abducted", "arrest": "arrested"}
_RECENT = dt.timedelta(days=14)
_SUBJECT_GAP = 3  # characters between a verb or verbal noun and the name that follows it
_NOUN_GAP = 3  # characters between a number and the noun it counts
_WORD = re.compile(r"\w+")
_COUNTED_NOUN = re.compile(r"\s*(?:من\s+)?")  # "11 سائق", "العديد من رعاة"
_CASUALTY_AFTER = 15  # characters from a count to "قتلوا"/"قتيلا" after its noun
_CASUALTY_REACH = 45  # characters between a count and the word that says what befell it
_SUBJECT_REACH = 60  # characters: how far before its verb a subject may stand
_SIDE_END = "من جهه"
_ARTICLE = "ال"
_HEADLINE_WORDS = 20
_LEAD_SENTENCES = 2
_ANAPHOR_REACH = 2  # sentences: how far back "هذه الغارات" or a plain repeat may point


@dataclass(slots=True)
class Mentions:
    """Everything the entity finders found, in normalized offsets."""

    places: list[PlaceMention]
    actors: list[ActorMention]
    dates: list[DateMention]
    quantities: list[QuantityMention]
    victims: list[VictimMention]
    sources: list[SourceMention]


@dataclass(slots=True)
class Candidate:
    trigger: Trigger
    type: str
    clause: tuple[int, int]
    sentence: int
    weight: float
    status: str = "occurred"
    background: bool = False
    roles: list[tuple[str, ActorMention]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    date: DateMention | None = None
    casualties: dict[str, QuantityMention] = field(default_factory=dict)
    victims: list[VictimMention] = field(default_factory=list)
    sources: list[SourceMention] = field(default_factory=list)
    evidence: tuple[int, int] = (0, 0)  # the clause, or its share of it when it tells several events
    anaphoric: bool = False  # "هذه الغارات": points back at an event already told
    definite: bool = False  # "التفجير", "الغارات": an event the reader already knows, if one was told


def family(event_type: str, acled: dict[str, AcledType]) -> str:
    return event_type if event_type in _OWN_GROUP else acled[event_type].event_type


@dataclass(frozen=True, slots=True)
class IncidentContext:
    """What the incident stage reads besides the text and its mentions."""

    acled: dict[str, AcledType]
    roles: args.RoleLexicon
    published: dt.date | None


def assemble(
    text: NormalizedText,
    clause_spans: list[tuple[int, int]],
    triggers: list[Trigger],
    cues: list[Cue],
    mentions: Mentions,
    setting: IncidentContext,
) -> list[Incident]:
    candidates: list[Candidate] = []
    trigger_starts, cue_starts = [t.start for t in triggers], [c.start for c in cues]
    for clause in clause_spans:
        in_clause = triggers[bisect_left(trigger_starts, clause[0]) : bisect_left(trigger_starts, clause[1])]
        if not in_clause:
            continue
        nearby = cues[bisect_left(cue_starts, clause[0]) : bisect_left(cue_starts, clause[1])]
        clause_cues = [c for c in nearby if c.end <= clause[1]]
        for group in _groups(in_clause, setting.acled):
            candidate = _build(text, group, clause, clause_cues, mentions, setting)
            if candidate is not None:
                candidates.append(candidate)
    _inherit_subjects(candidates)
    candidates = _drop_casualty_words([c for c in candidates if _anchored(c)])
    merged = _fold_headline(text, _merge_coreferent(text, candidates, setting.acled))
    _share_clauses(text.norm, merged)
    _inherit_places(text, merged, mentions)
    _inherit_dates(text, merged, mentions)
    return [_to_incident(text, i, c, setting.acled) for i, c in enumerate(merged, start=1)]


def _groups(triggers: list[Trigger], acled: dict[str, AcledType]) -> list[list[Trigger]]:
    """Triggers of one family in a clause name one event; generic words yield to specific ones."""
    if any(t.value.weight >= 1 for t in triggers):
        triggers = [t for t in triggers if t.value.weight >= 1]
    groups: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        groups.setdefault(family(trigger.value.type, acled), []).append(trigger)
    return list(groups.values())


def _main_type(group: list[Trigger]) -> tuple[Trigger, str]:
    ranked = sorted(group, key=lambda t: (_rank(t.value.type), t.start))
    return ranked[0], ranked[0].value.type


def _rank(event_type: str) -> int:
    return _TYPE_PRIORITY.index(event_type) if event_type in _TYPE_PRIORITY else len(_TYPE_PRIORITY)


def _build(
    text: NormalizedText,
    group: list[Trigger],
    clause: tuple[int, int],
    cues: list[Cue],
    mentions: Mentions,
    setting: IncidentContext,
) -> Candidate | None:
    trigger, event_type = _main_type(group)
    first = min(group, key=lambda t: t.start)
    event_type = _refine_type(event_type, trigger, cues, clause)
    weight = max(t.value.weight for t in group)
    candidate = Candidate(trigger, event_type, clause, text.sentence_index(trigger.start), weight, evidence=clause)
    if args.cues_of(cues, "generic", first, clause) or _speaks_in_general(text.norm, trigger, clause, mentions):
        return None
    sentence = text.sentences[candidate.sentence]
    candidate.roles = _roles(text.norm, setting.roles, within(mentions.actors, *clause), trigger, cues, clause)
    candidate.places = _specific_first(within(mentions.places, *clause))
    candidate.date = _first(within(mentions.dates, *clause)) or _first(within(mentions.dates, *sentence))
    victims = within(mentions.victims, *clause) or within(mentions.victims, *sentence)
    doers = [a for role, a in candidate.roles if role == "perpetrator"]
    candidate.victims = [v for v in victims if not any(a.start < v.end and v.start < a.end for a in doers)]
    candidate.casualties = _casualties(
        text.norm, candidate, cues, within(mentions.quantities, *clause), within(mentions.victims, *clause)
    )
    candidate.sources = within(mentions.sources, *sentence)
    candidate.status = _status(cues, first, clause)
    candidate.background = _is_background(cues, first, clause, candidate.date, setting.published)
    candidate.anaphoric = bool(args.cues_of(cues, "anaphor", first, clause)) and _adjacent_anaphor(
        text.norm, cues, first
    )
    candidate.definite = _is_definite(text.norm, first)
    return candidate


def _speaks_in_general(norm: str, trigger: Trigger, clause: tuple[int, int], mentions: Mentions) -> bool:
    """ "الحملات العسكرية التي أطلقتها" with no date or count names no event in particular."""
    if trigger.value.form != "plural" or not _is_definite(norm, trigger):
        return False
    return not within(mentions.dates, *clause) and not within(mentions.quantities, *clause)


def _is_definite(norm: str, trigger: Trigger) -> bool:
    return norm.startswith(_ARTICLE, trigger.start) or norm[max(0, trigger.start - 2) : trigger.start] == _ARTICLE


def _refine_type(event_type: str, trigger: Trigger, cues: list[Cue], clause: tuple[int, int]) -> str:
    for upgrade in _INSTRUMENT_UPGRADES.get(event_type, ()):
        if args.cues_of(cues, upgrade, trigger, clause):
            return upgrade
    return event_type


def _anchored(c: Candidate) -> bool:
    """A specific event names at least one of who, where, when or how many; a generic word
    needs a where or when and a who or how many."""
    who = bool(c.roles) or bool(c.victims) or bool(c.casualties)
    where_when = bool(c.places) or c.date is not None
    if c.anaphoric:
        return True
    if c.weight >= 1:
        return who or where_when
    return who and where_when


def _roles(
    norm: str,
    lexicon: args.RoleLexicon,
    actors: list[ActorMention],
    trigger: Trigger,
    cues: list[Cue],
    clause: tuple[int, int],
) -> list[tuple[str, ActorMention]]:
    """Who did it and to whom: names governed by a cue ("على يد", "ضد", "مواقع"), the two sides
    of "بين X وY", else the subject: the name right after a verb or a verbal noun, or the
    nearest name before the trigger. Names joined to a placed one by "و" share its role."""
    roles: dict[int, str] = {}
    previous_end = clause[0]
    for i, actor in enumerate(actors):
        governing = args.governing_cue(norm, cues, {"target", "agent", "control"}, actor.start, previous_end)
        if governing is not None:
            roles[i] = {"control": "skip", "target": "target", "agent": "perpetrator"}[governing.value.cue]
        previous_end = actor.end
    between = next(
        (i for i, a in enumerate(actors) if i not in roles and args.after_between(norm, a.start, clause[0])), None
    )
    if between is not None:
        _between_sides(norm, actors, between, roles, clause[1])
    elif not any(role == "perpetrator" for role in roles.values()):
        subject = _subject(norm, actors, roles, trigger)
        if subject is not None:
            roles[subject] = (
                "target"
                if trigger.value.form == "exposure" and actors[subject].start < trigger.start
                else "perpetrator"
            )
    _spread_to_coordinated(norm, lexicon, actors, roles)
    return _dedupe_roles([(roles[i], actors[i]) for i in sorted(roles) if roles[i] != "skip"])


def _subject(norm: str, actors: list[ActorMention], roles: dict[int, str], trigger: Trigger) -> int | None:
    free = [i for i in range(len(actors)) if i not in roles]
    after = [i for i in free if 0 <= actors[i].start - trigger.end <= _SUBJECT_GAP]
    if trigger.value.form in ("noun", "plural") and trigger.value.type not in _TYPE_CASUALTY:
        after += [i for i in free if args.agent_after_noun(norm, trigger.end, actors[i].start)]
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


def _spread_to_coordinated(
    norm: str, lexicon: args.RoleLexicon, actors: list[ActorMention], roles: dict[int, str]
) -> None:
    """Both ways: "داعش والميليشيات الإيرانية بذبح" makes both the subject."""
    joined = [args.coordinated(lexicon, norm, actors[i - 1], actors[i]) for i in range(1, len(actors))]
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


def _dedupe_roles(roles: list[tuple[str, ActorMention]]) -> list[tuple[str, ActorMention]]:
    seen: set[tuple[str, object]] = set()
    kept = []
    for role, actor in roles:
        key = (role, actor.value.actor_id or actor.text)
        if key not in seen:
            seen.add(key)
            kept.append((role, actor))
    return kept


def _specific_first(places: list[PlaceMention]) -> list[PlaceMention]:
    return sorted(places, key=lambda p: (-(p.value.admin_level or 0), p.start))


def _first(items: list[Mention[Any]]) -> Mention[Any] | None:
    return items[0] if items else None


def _casualties(
    norm: str, c: Candidate, cues: list[Cue], quantities: list[QuantityMention], victims: list[VictimMention]
) -> dict[str, QuantityMention]:
    """Counts of people tied to a casualty word: "مقتل 3 عناصر", "11 قتيلا", "ذبح 11 سائق";
    "عدة غارات" or "أحياء عدة" count no one. The count nearest its casualty word wins."""
    own = _TYPE_CASUALTY.get(c.type)
    casualty_cues = [cue for cue in cues if cue.value.cue in _CASUALTY_KINDS]
    best: dict[str, tuple[int, QuantityMention]] = {}
    for quantity in quantities:
        if not _counts_people(norm, quantity, victims, casualty_cues):
            continue
        for kind, distance in _casualty_links(quantity, casualty_cues, c, own):
            if kind not in best or distance < best[kind][0]:
                best[kind] = (distance, quantity)
    return {kind: quantity for kind, (_, quantity) in best.items()}


def _counts_people(norm: str, quantity: QuantityMention, victims: list[VictimMention], cues: list[Cue]) -> bool:
    """The counted noun is a person ("3 عناصر", "العديد من رعاة"), or the count stands right
    after a casualty word ("مقتل 5") or shortly before one ("11 قتيلا", "7 آخرين قتلوا")."""
    heads = [v.start for v in victims]
    if any(
        quantity.start <= h < quantity.end or (h >= quantity.end and _COUNTED_NOUN.fullmatch(norm, quantity.end, h))
        for h in heads
    ):
        return True
    return any(
        0 <= quantity.start - cue.end <= _NOUN_GAP
        or 0 <= cue.start - quantity.end <= _CASUALTY_AFTER
        or quantity.start <= cue.start < quantity.end
        for cue in cues
    )


def _casualty_links(quantity: QuantityMention, cues: list[Cue], c: Candidate, own: str | None) -> list[tuple[str, int]]:
    links = []
    if own and 0 <= quantity.start - c.trigger.end <= _NOUN_GAP * 4:
        links.append((own, 0))
    for cue in cues:
        distance = max(quantity.start - cue.end, cue.start - quantity.end)
        if distance <= _CASUALTY_REACH:
            links.append((cue.value.cue, max(distance, 0)))
    return links


def _status(cues: list[Cue], trigger: Trigger, clause: tuple[int, int]) -> str:
    for status in ("denied", "threatened", "planned"):
        if args.cues_of(cues, status, trigger, clause):
            return status
    return "occurred"


def _is_background(
    cues: list[Cue], trigger: Trigger, clause: tuple[int, int], date: DateMention | None, published: dt.date | None
) -> bool:
    if args.cues_of(cues, "background", trigger, clause):
        return True
    if date is None or date.start < clause[0] or date.end > clause[1]:
        return False
    ref = date.value
    if published is not None and ref.latest is not None:
        return published - ref.latest > _RECENT  # a difference never leaves the calendar (published near 0001-01-01)
    return published is None and ref.precision in ("month", "year")


def _adjacent_anaphor(norm: str, cues: list[Cue], trigger: Trigger) -> bool:
    return any(c.value.cue == "anaphor" and 0 <= trigger.start - c.end <= 1 for c in cues)


def _merge_coreferent(
    text: NormalizedText, candidates: list[Candidate], acled: dict[str, AcledType]
) -> list[Candidate]:
    """ "هذه الغارات" and a later toll refer back to an event already reported."""
    headline = _has_headline(text)  # a headline's event joins the body's, not the other way
    kept: list[Candidate] = []
    kept_by_family: dict[str, list[Candidate]] = {}  # only events of one family corefer
    for c in candidates:
        same_family = kept_by_family.setdefault(family(c.type, acled), [])
        earlier = _coreferent(same_family, c, headline)
        if earlier is None:
            kept.append(c)
            same_family.append(c)
        else:
            _absorb(earlier, c)
    return kept


def _coreferent(earlier: list[Candidate], later: Candidate, headline: bool) -> Candidate | None:
    """The latest of ``earlier`` (in text order) that ``later`` refers back to."""
    only_near = later.anaphoric or not later.definite  # only a definite noun reaches further back
    for k in reversed(earlier):
        if only_near and later.sentence - k.sentence > _ANAPHOR_REACH:
            return None
        if not (headline and k.sentence == 0) and _corefers(k, later):
            return k
    return None


def _corefers(earlier: Candidate, later: Candidate) -> bool:
    """``earlier`` is of ``later``'s family (``_merge_coreferent`` looks only there)."""
    if later.sentence == earlier.sentence:
        return False
    if later.anaphoric:
        return later.sentence - earlier.sentence <= _ANAPHOR_REACH
    if later.definite and not _new_doer(earlier, later):
        return True
    return (
        later.sentence - earlier.sentence <= _ANAPHOR_REACH
        and later.type == earlier.type
        and _compatible(earlier, later)
    )


def _new_doer(earlier: Candidate, later: Candidate) -> bool:
    """Doers (in a clash: sides) or days that share nothing tell another event."""
    sides, later_sides = _sides(earlier), _sides(later)
    return bool(sides and later_sides and not sides & later_sides) or _other_day(earlier, later)


def _sides(c: Candidate) -> set[str | None]:
    if c.type != "armed_clash":
        return _perpetrators(c)
    return {a.value.actor_id for _, a in c.roles if a.value.actor_id}


def _other_day(earlier: Candidate, later: Candidate) -> bool:
    if earlier.date is None or later.date is None:
        return False
    a, b = earlier.date.value, later.date.value
    if None in (a.earliest, a.latest, b.earliest, b.latest):
        return False
    return a.latest < b.earliest or b.latest < a.earliest


def _compatible(earlier: Candidate, later: Candidate) -> bool:
    """No conflicting perpetrator or governorate, and the later mention adds no new one."""
    perps, later_perps = _perpetrators(earlier), _perpetrators(later)
    admin1 = {p.value.admin1_pcode for p in earlier.places} - {None}
    later_admin1 = {p.value.admin1_pcode for p in later.places} - {None}
    if (later_perps and not later_perps <= perps) or _other_day(earlier, later):
        return False
    return not later_admin1 or later_admin1 <= admin1


def _absorb(into: Candidate, other: Candidate) -> None:
    into.roles = _dedupe_roles(into.roles + other.roles)
    into.places += [p for p in other.places if p.value.pcode not in {q.value.pcode for q in into.places}]
    into.date = into.date or other.date
    for kind, count in other.casualties.items():
        into.casualties.setdefault(kind, count)
    into.victims += [v for v in other.victims if v.value.category not in {w.value.category for w in into.victims}]
    into.sources += [s for s in other.sources if s not in into.sources]


def _drop_casualty_words(candidates: list[Candidate]) -> list[Candidate]:
    """ "قتل 18 شخصا ... في سقوط صاروخ": a bare "قتل"/"مقتل" beside another event is its toll."""
    hosts: dict[int, Candidate] = {}  # per sentence, its first event other than a killing
    for c in candidates:
        if c.type != "killing":
            hosts.setdefault(c.sentence, c)
    kept = []
    for c in candidates:
        host = hosts.get(c.sentence) if c.type == "killing" and c.weight < 1 else None
        if host is not None:
            _absorb(host, c)
        else:
            kept.append(c)
    return kept


def _inherit_subjects(candidates: list[Candidate]) -> None:
    """A verb with no subject of its own ("تزامنا مع إرسالها تعزيزات") continues the sentence's
    last named doer."""
    previous: Candidate | None = None
    for c in candidates:
        if previous is not None and previous.sentence == c.sentence and not _perpetrators(c):
            c.roles = [(r, a) for r, a in previous.roles if r == "perpetrator"] + c.roles
        previous = c


def _perpetrators(c: Candidate) -> set[str | None]:
    return {a.value.actor_id for r, a in c.roles if r == "perpetrator"}


def _fold_headline(text: NormalizedText, candidates: list[Candidate]) -> list[Candidate]:
    """A headline announces what the body reports: its event joins the body's account of it."""
    if not _has_headline(text):
        return candidates
    kept = []
    for c in candidates:
        body = None
        if c.sentence == 0:
            body = next((k for k in candidates if k.sentence > 0 and k.type == c.type and _compatible(k, c)), None)
        if body is not None:
            _absorb(body, c)
        else:
            kept.append(c)
    return kept


def _has_headline(text: NormalizedText) -> bool:
    """The text opens with a short line of its own, as a pasted article does."""
    if not text.sentences:
        return False
    start, end = text.sentences[0]
    ends_line = text.norm[end : end + 1] == "\n" and text.norm[end - 1] != "."  # a headline has no full stop
    return ends_line and text.norm.count(" ", start, end) < _HEADLINE_WORDS


def _share_clauses(norm: str, candidates: list[Candidate]) -> None:
    """Events told in one clause each get their part of it as evidence, cut at the last comma
    between their triggers, else two words before the later one ("، بهدف شن عملية")."""
    by_clause: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates:
        by_clause.setdefault(c.clause, []).append(c)
    for clause, group in by_clause.items():
        group.sort(key=lambda c: c.trigger.start)
        for a, b in itertools.pairwise(group):
            cut = _cut_between(norm, a.trigger.end, b.trigger.start)
            a.evidence = (a.evidence[0], cut)
            b.evidence = (cut, clause[1])
        for c in group:
            c.evidence = trim(norm, *c.evidence)


def _cut_between(norm: str, left: int, right: int) -> int:
    comma = norm.rfind(",", left, right)
    if comma >= 0:
        return comma + 1
    words = list(_WORD.finditer(norm, left, right))
    return words[-2].start() if len(words) >= 2 else right


def _inherit_places(text: NormalizedText, candidates: list[Candidate], mentions: Mentions) -> None:
    """An event with no place in its clause takes its sentence's, else the previous event's
    in the same paragraph: reports name the place once and go on."""
    previous: Candidate | None = None
    for c in candidates:
        if not c.places:
            sentence = text.sentences[c.sentence]
            c.places = _specific_first(within(mentions.places, *sentence))
        if not c.places and previous is not None and _same_paragraph(text, previous, c):
            c.places = list(previous.places)
        previous = c


def _inherit_dates(text: NormalizedText, candidates: list[Candidate], mentions: Mentions) -> None:
    """News is told about one day: an event with no date of its own takes the previous event's
    in its paragraph, else the day the lead names ("أمس"). Background keeps none."""
    lead = _lead_date(text, mentions)
    previous: Candidate | None = None
    for c in candidates:
        if c.date is None and not c.background:
            if previous is not None and previous.date is not None and _same_paragraph(text, previous, c):
                c.date = previous.date
            else:
                c.date = lead
        previous = c


def _lead_date(text: NormalizedText, mentions: Mentions) -> DateMention | None:
    lead_end = text.sentences[min(_LEAD_SENTENCES, len(text.sentences)) - 1][1] if text.sentences else 0
    days = [d for d in mentions.dates if d.end <= lead_end and d.value.precision == "day"]
    return days[0] if days else None


def _same_paragraph(text: NormalizedText, a: Candidate, b: Candidate) -> bool:
    return "\n" not in text.norm[a.clause[1] : b.clause[0]]


def _to_incident(text: NormalizedText, number: int, c: Candidate, acled: dict[str, AcledType]) -> Incident:
    return Incident(
        id=f"inc-{number}",
        type=c.type,  # type: ignore[arg-type]
        acled=_acled_mapping(c, acled[c.type]),
        status=c.status,  # type: ignore[arg-type]
        background=c.background,
        trigger=_span(text, c.trigger.start, c.trigger.end),
        evidence=Evidence(**_span_fields(text, *c.evidence), sentence_index=c.sentence),
        date=to_ref(c.date) if c.date else None,
        locations=[to_place(p) for p in c.places],
        actors=[to_role(a, role) for role, a in c.roles],
        casualties=Casualties(**{kind: to_count(q) for kind, q in c.casualties.items()}),
        victims=[to_group(v) for v in c.victims],
        sources=[to_attribution(s) for s in c.sources],
        country=next((p.value.country for p in c.places if p.value.country), None),
        confidence=_confidence(c),
    )


def _acled_mapping(c: Candidate, row: AcledType) -> AcledMapping:
    alternate = row.when == "state_perpetrator" and any(
        r == "perpetrator" and a.value.actor_type == "state_forces" for r, a in c.roles
    )
    alternate = alternate or (row.when == "civilian_target" and _civilian_target(c))
    if alternate:
        return AcledMapping(event_type=row.alt_event_type, sub_event_type=row.alt_sub_event_type)
    return AcledMapping(event_type=row.event_type, sub_event_type=row.sub_event_type)


def _civilian_target(c: Candidate) -> bool:
    armed_target = any(r == "target" and a.value.actor_type != "civilians" for r, a in c.roles)
    return not armed_target and any(v.value.civilian for v in c.victims)


def _confidence(c: Candidate) -> float:
    anchors = [bool(c.roles), bool(c.places), c.date is not None, bool(c.casualties or c.victims)]
    score = 0.35 + 0.12 * sum(anchors) + (0.1 if c.weight >= 1 else 0.0)
    return round(min(score, 0.95), 2)


def _span_fields(text: NormalizedText, start: int, end: int) -> dict[str, object]:
    a, b = text.to_original(start, end)
    return {"text": text.original[a:b], "start": a, "end": b}


def _span(text: NormalizedText, start: int, end: int) -> Span:
    return Span(**_span_fields(text, start, end))  # type: ignore[arg-type]
