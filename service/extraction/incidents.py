"""Incident assembly: group triggers per clause, link arguments, decide status and
background, merge what several sentences say of one event, score confidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from . import arguments as args
from .arguments import Located
from .events import Cue, Trigger
from .model import AcledMapping, ActorRole, Casualties, Count, Evidence, Incident, Span
from .resources import data_rows
from .text import NormalizedText

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
_INSTRUMENT_UPGRADES = {"shelling": ("drone_strike", "airstrike"), "attack": ("drone_strike", "airstrike"),
                        "airstrike": ("drone_strike",), "explosion": ("drone_strike",)}
_CASUALTY_KINDS = ("killed", "injured", "abducted", "arrested")
_TYPE_CASUALTY = {"killing": "killed", "abduction": "abducted", "arrest": "arrested"}
_RECENT = dt.timedelta(days=14)


@dataclass(slots=True)
class Mentions:
    """Everything the entity finders found, in normalized offsets."""

    places: list[Located]
    actors: list[Located]
    dates: list[Located]
    quantities: list[Located]
    victims: list[Located]
    sources: list[Located]


@dataclass(slots=True)
class Candidate:
    trigger: Trigger
    type: str
    clause: tuple[int, int]
    sentence: int
    weight: float
    status: str = "occurred"
    background: bool = False
    roles: list[tuple[str, Located]] = field(default_factory=list)
    places: list[Located] = field(default_factory=list)
    date: Located | None = None
    casualties: dict[str, Located] = field(default_factory=dict)
    victims: list[Located] = field(default_factory=list)
    sources: list[Located] = field(default_factory=list)
    anaphoric: bool = False


@cache
def _acled() -> dict[str, dict[str, str]]:
    return {row["type"]: row for row in data_rows("acled.tsv")}


def family(event_type: str) -> str:
    return event_type if event_type in _OWN_GROUP else _acled()[event_type]["event_type"]


def assemble(
    text: NormalizedText, triggers: list[Trigger], cues: list[Cue], mentions: Mentions, published: dt.date | None
) -> list[Incident]:
    candidates: list[Candidate] = []
    for clause in args.clauses(text):
        in_clause = [t for t in triggers if clause[0] <= t.start < clause[1]]
        for group in _groups(in_clause):
            candidate = _build(text, group, clause, cues, mentions, published)
            if candidate is not None:
                candidates.append(candidate)
    merged = _merge_coreferent(text, candidates)
    _inherit_places(text, merged, mentions)
    return [_to_incident(text, i, c) for i, c in enumerate(merged, start=1)]


def _groups(triggers: list[Trigger]) -> list[list[Trigger]]:
    """Triggers of one family in a clause name one event; generic words yield to specific ones."""
    if any(t.weight >= 1 for t in triggers):
        triggers = [t for t in triggers if t.weight >= 1]
    groups: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        groups.setdefault(family(trigger.type), []).append(trigger)
    return list(groups.values())


def _main_type(group: list[Trigger]) -> tuple[Trigger, str]:
    ranked = sorted(group, key=lambda t: (_rank(t.type), t.start))
    return ranked[0], ranked[0].type


def _rank(event_type: str) -> int:
    return _TYPE_PRIORITY.index(event_type) if event_type in _TYPE_PRIORITY else len(_TYPE_PRIORITY)


def _build(
    text: NormalizedText,
    group: list[Trigger],
    clause: tuple[int, int],
    cues: list[Cue],
    mentions: Mentions,
    published: dt.date | None,
) -> Candidate | None:
    trigger, event_type = _main_type(group)
    first = min(group, key=lambda t: t.start)
    event_type = _refine_type(event_type, trigger, cues, clause)
    candidate = Candidate(trigger, event_type, clause, text.sentence_index(trigger.start), max(t.weight for t in group))
    if args.cues_of(cues, "generic", first, clause):
        return None
    sentence = text.sentences[candidate.sentence]
    candidate.roles = _roles(text.norm, args.within(mentions.actors, *clause), trigger, cues, clause)
    candidate.places = _specific_first(args.within(mentions.places, *clause))
    candidate.date = _first(args.within(mentions.dates, *clause)) or _first(args.within(mentions.dates, *sentence))
    candidate.victims = args.within(mentions.victims, *clause)
    candidate.casualties = _casualties(text.norm, candidate, cues, args.within(mentions.quantities, *sentence))
    candidate.sources = args.within(mentions.sources, *sentence)
    candidate.status = _status(cues, first, clause)
    candidate.background = _is_background(cues, first, clause, candidate.date, published)
    candidate.anaphoric = bool(args.cues_of(cues, "anaphor", first, clause)) and _adjacent_anaphor(text.norm, cues, first)
    return candidate if _anchored(candidate) else None


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
    norm: str, actors: list[Located], trigger: Trigger, cues: list[Cue], clause: tuple[int, int]
) -> list[tuple[str, Located]]:
    roles: list[tuple[str, Located]] = []
    between_side = None
    previous: Located | None = None
    for actor in actors:
        role = _role_of(norm, actor, previous, roles, trigger, cues, clause)
        if role == "between":
            between_side = "perpetrator"
            role = "perpetrator"
        elif between_side and previous is not None and role == "same":
            role = "target" if between_side == "perpetrator" and not _same_side(norm, previous, actor) else between_side
        if role == "same":
            role = roles[-1][0] if roles else "perpetrator"
        if role != "skip":
            roles.append((role, actor))
            between_side = role if between_side else None
        previous = actor
    return _dedupe_roles(roles)


def _role_of(
    norm: str,
    actor: Located,
    previous: Located | None,
    roles: list[tuple[str, Located]],
    trigger: Trigger,
    cues: list[Cue],
    clause: tuple[int, int],
) -> str:
    floor = previous.end if previous is not None else clause[0]
    governing = args.governing_cue(norm, cues, {"target", "agent", "control"}, actor.start, floor)
    if governing is not None and governing.cue == "control":
        return "skip"
    if previous is not None and roles and roles[-1][1] is previous and args.coordinated(norm, previous, actor):
        return "same"
    if args.after_between(norm, actor.start, floor):
        return "between"
    if governing is not None:
        return "target" if governing.cue == "target" else "perpetrator"
    if trigger.form == "exposure":
        return "target" if actor.start < trigger.start else "perpetrator"
    if not any(role == "perpetrator" for role, _ in roles):
        return "perpetrator"
    return "target" if actor.start > trigger.end else "participant"


def _same_side(norm: str, left: Located, right: Located) -> bool:
    """In "بين X وY" the second name is the other side unless "من جهة" groups them."""
    return "من جهه" not in norm[left.end : right.start] and "من جهه" in norm[right.end : right.end + 60]


def _dedupe_roles(roles: list[tuple[str, Located]]) -> list[tuple[str, Located]]:
    seen: set[tuple[str, object]] = set()
    kept = []
    for role, actor in roles:
        key = (role, actor.value.actor_id or actor.value.text)
        if key not in seen:
            seen.add(key)
            kept.append((role, actor))
    return kept


def _specific_first(places: list[Located]) -> list[Located]:
    return sorted(places, key=lambda p: (-(p.value.admin_level or 0), p.start))


def _first(items: list[Located]) -> Located | None:
    return items[0] if items else None


def _casualties(norm: str, c: Candidate, cues: list[Cue], quantities: list[Located]) -> dict[str, Located]:
    """Counts attached to a casualty word: "مقتل 3 عناصر", "11 قتيلا", "ذبح 11 سائق"."""
    found: dict[str, Located] = {}
    own = _TYPE_CASUALTY.get(c.type)
    for quantity in quantities:
        kind = _casualty_kind(quantity, cues, c, own)
        if kind and kind not in found:
            found[kind] = quantity
    return found


def _casualty_kind(quantity: Located, cues: list[Cue], c: Candidate, own: str | None) -> str | None:
    if own and 0 <= quantity.start - c.trigger.end <= 12:
        return own
    near = [
        cue
        for cue in cues
        if cue.cue in _CASUALTY_KINDS and (0 <= quantity.start - cue.end <= 25 or 0 <= cue.start - quantity.end <= 25)
    ]
    if not near:
        return None
    return min(near, key=lambda cue: min(abs(quantity.start - cue.end), abs(cue.start - quantity.end))).cue


def _status(cues: list[Cue], trigger: Trigger, clause: tuple[int, int]) -> str:
    for status in ("denied", "threatened", "planned"):
        if args.cues_of(cues, status, trigger, clause):
            return status
    return "occurred"


def _is_background(
    cues: list[Cue], trigger: Trigger, clause: tuple[int, int], date: Located | None, published: dt.date | None
) -> bool:
    if args.cues_of(cues, "background", trigger, clause):
        return True
    if date is None or date.start < clause[0] or date.end > clause[1]:
        return False
    ref = date.value
    if published is not None and ref.latest is not None:
        return ref.latest < published - _RECENT
    return published is None and ref.precision in ("month", "year")


def _adjacent_anaphor(norm: str, cues: list[Cue], trigger: Trigger) -> bool:
    return any(c.cue == "anaphor" and 0 <= trigger.start - c.end <= 1 for c in cues)


def _merge_coreferent(text: NormalizedText, candidates: list[Candidate]) -> list[Candidate]:
    """"هذه الغارات" and a later toll refer back to an event already reported."""
    kept: list[Candidate] = []
    for c in candidates:
        earlier = next((k for k in reversed(kept) if _corefers(k, c)), None)
        if earlier is None:
            kept.append(c)
        else:
            _absorb(earlier, c)
    return kept


def _corefers(earlier: Candidate, later: Candidate) -> bool:
    if family(earlier.type) != family(later.type) or later.sentence - earlier.sentence > 2:
        return False
    if later.anaphoric:
        return True
    return later.sentence != earlier.sentence and later.type == earlier.type and _compatible(earlier, later)


def _compatible(earlier: Candidate, later: Candidate) -> bool:
    """No conflicting perpetrator or governorate, and the later mention adds no new one."""
    perps = {a.value.actor_id for r, a in earlier.roles if r == "perpetrator"}
    later_perps = {a.value.actor_id for r, a in later.roles if r == "perpetrator"}
    admin1 = {p.value.admin1_pcode for p in earlier.places}
    later_admin1 = {p.value.admin1_pcode for p in later.places}
    if later_perps and not later_perps <= perps:
        return False
    return not later_admin1 or later_admin1 <= admin1


def _absorb(into: Candidate, other: Candidate) -> None:
    known = {(r, a.value.actor_id, a.value.text) for r, a in into.roles}
    into.roles += [(r, a) for r, a in other.roles if (r, a.value.actor_id, a.value.text) not in known]
    into.places += [p for p in other.places if p.value.pcode not in {q.value.pcode for q in into.places}]
    into.date = into.date or other.date
    for kind, count in other.casualties.items():
        into.casualties.setdefault(kind, count)
    into.victims += [v for v in other.victims if v.value.category not in {w.value.category for w in into.victims}]
    into.sources += [s for s in other.sources if s not in into.sources]


def _inherit_places(text: NormalizedText, candidates: list[Candidate], mentions: Mentions) -> None:
    """An event with no place in its clause takes its sentence's, else the previous event's
    in the same paragraph: reports name the place once and go on."""
    previous: Candidate | None = None
    for c in candidates:
        if not c.places:
            sentence = text.sentences[c.sentence]
            c.places = _specific_first(args.within(mentions.places, *sentence))
        if not c.places and previous is not None and _same_paragraph(text, previous, c):
            c.places = list(previous.places)
        previous = c


def _same_paragraph(text: NormalizedText, a: Candidate, b: Candidate) -> bool:
    return "\n" not in text.norm[a.clause[1] : b.clause[0]]


def _to_incident(text: NormalizedText, number: int, c: Candidate) -> Incident:
    return Incident(
        id=f"inc-{number}",
        type=c.type,  # type: ignore[arg-type]
        acled=_acled_mapping(c),
        status=c.status,  # type: ignore[arg-type]
        background=c.background,
        trigger=_span(text, c.trigger.start, c.trigger.end),
        evidence=Evidence(**_span_fields(text, *c.clause), sentence_index=c.sentence),
        date=c.date.value if c.date else None,
        locations=[p.value for p in c.places],
        actors=[_actor_role(role, a) for role, a in c.roles],
        casualties=Casualties(**{kind: _count(q) for kind, q in c.casualties.items()}),
        victims=[v.value for v in c.victims],
        sources=[s.value for s in c.sources],
        confidence=_confidence(c),
    )


def _acled_mapping(c: Candidate) -> AcledMapping:
    row = _acled()[c.type]
    alternate = row["when"] == "state_perpetrator" and any(
        r == "perpetrator" and a.value.actor_type == "state_forces" for r, a in c.roles
    )
    alternate = alternate or (row["when"] == "civilian_target" and _civilian_target(c))
    if alternate:
        return AcledMapping(event_type=row["alt_event_type"], sub_event_type=row["alt_sub_event_type"])
    return AcledMapping(event_type=row["event_type"], sub_event_type=row["sub_event_type"])


def _civilian_target(c: Candidate) -> bool:
    armed_target = any(r == "target" and a.value.actor_type != "civilians" for r, a in c.roles)
    return not armed_target and any(v.value.civilian for v in c.victims)


def _actor_role(role: str, actor: Located) -> ActorRole:
    a = actor.value
    return ActorRole(
        role=role,  # type: ignore[arg-type]
        actor_id=a.actor_id,
        name_en=a.name_en,
        name_ar=a.name_ar,
        actor_type=a.actor_type,
        text=a.text,
        start=a.start,
        end=a.end,
    )


def _count(quantity: Located) -> Count:
    q = quantity.value
    return Count(min=q.min, max=q.max, text=q.text)


def _confidence(c: Candidate) -> float:
    anchors = [bool(c.roles), bool(c.places), c.date is not None, bool(c.casualties or c.victims)]
    score = 0.35 + 0.12 * sum(anchors) + (0.1 if c.weight >= 1 else 0.0)
    return round(min(score, 0.95), 2)


def _span_fields(text: NormalizedText, start: int, end: int) -> dict[str, object]:
    a, b = text.to_original(start, end)
    return {"text": text.original[a:b], "start": a, "end": b}


def _span(text: NormalizedText, start: int, end: int) -> Span:
    return Span(**_span_fields(text, start, end))  # type: ignore[arg-type]
