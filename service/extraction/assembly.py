"""Assembly: each chain of mentions becomes one ``Incident`` of the contract.

The incident's evidence is the clause of its first mention (the headline's only when the body
never tells it); its type the most specific its mentions name; its arguments those of its
mentions, completed from the article where none names them (the place of the sentence, then of
the previous incident in the paragraph; the doers of the previous incident in the paragraph; the
date of the previous incident in the paragraph, then the lead's day). Events told in one clause
share it as evidence. The ACLED mapping and a confidence close the incident.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from .acled import AcledType
from .actors import to_role
from .arguments import Arguments, lead_date, merge, specific_first
from .clauses import trim
from .dates import DateMention, to_ref
from .events import Trigger
from .features import Observed
from .mention import Mentions, within
from .model import AcledMapping, Casualties, Evidence, Incident, Span
from .places import PlaceMention, main_country, main_unit, to_place
from .quantities import to_count
from .sources import to_attribution
from .status import RECENT
from .text import NormalizedText
from .victims import VictimInfo, VictimMention, to_group

# Within one family the most specific type names the incident: an instrument refines a strike, a clash
# an attack. Ground taken is no refinement of the clash that took it (ACLED codes a battle's outcome as
# its own sub-event only when the report says it): the lead's word decides (cross-validated on
# corpus2/train, type accuracy 0.859 -> 0.870 when territory_change left this ranking).
_TYPE_PRIORITY = (
    "suicide_bombing",
    "drone_strike",
    "airstrike",
    "explosion",
    "shelling",
    "armed_clash",
    "attack",
)
_WORD = re.compile(r"\w+")
_CIVILIANS = "civilians"


@dataclass(slots=True)
class Draft:
    """An incident being assembled: its chain, the mention that states it, what it says."""

    chain: list[Observed]
    lead: Observed  # the mention whose clause is the evidence
    type: str
    args: Arguments
    confidence: float
    evidence: tuple[int, int] = (0, 0)
    background: bool = False


def drafts(
    chains: Sequence[list[Observed]], probabilities: dict[int, float], support: dict[int, list[Observed]]
) -> list[Draft]:
    """An incident per chain; ``support``: by chain, mentions that add what they say to it."""
    out = []
    for number, chain in enumerate(chains):
        body = [o for o in chain if not o.headline]
        lead = (body or chain)[0]
        out.append(
            Draft(
                chain=chain,
                lead=lead,
                type=_most_specific(chain, lead),
                args=merge(
                    [o.args for o in sorted([*chain, *_not_history(support.get(number, ()), lead)], key=_position)]
                ),
                confidence=round(max(probabilities[o.mention.index] for o in chain), 2),
                evidence=lead.mention.clause,
                background=lead.background,
            )
        )
    out.sort(key=lambda d: d.lead.mention.start)
    return out


def _not_history(support: Sequence[Observed], lead: Observed) -> list[Observed]:
    """The supporting mentions of an incident of the news that are no history: a toll its clause
    recalls ("وكان ... قد" weeks before, "في العام الماضي") is another event's, not this one's."""
    return [o for o in support if lead.background or not o.background]


def _position(obs: Observed) -> int:
    return obs.mention.start


def _most_specific(chain: list[Observed], lead: Observed) -> str:
    """The most specific type the chain names, unless the lead's own clause names the instrument
    of its type ("قصفت بالمدفعية": a later "القصف" read as an air strike does not change it)."""
    ranked = [o.type for o in chain if o.type in _TYPE_PRIORITY]
    if lead.type not in _TYPE_PRIORITY or not ranked or _by_its_instrument(lead):
        return lead.type
    return min(ranked, key=_TYPE_PRIORITY.index)


def _by_its_instrument(obs: Observed) -> bool:
    return any(cue.value.cue == obs.type for cue in obs.mention.cues)


def complete(text: NormalizedText, drafts: list[Draft], mentions: Mentions, published: dt.date | None) -> None:
    """What no mention of an incident names, from the article around it: the place of its
    sentence, of the place the clause points back at ("المدينة": the last one named), or of the
    previous incident in the paragraph, and when these name no first-level unit (or only a
    country), the unit the article's places name most often; the doers of the previous incident
    in the paragraph (a sentence naming none goes on with the story's); the date of the previous
    incident in the paragraph or the lead's day (else the first day the article names around
    publication). An incident its own date puts weeks before publication, or that has gone on
    since then, is background."""
    lead_day = lead_date(text, mentions.dates, published)
    units = _ArticleUnits(mentions.places)
    previous: Draft | None = None
    for draft in drafts:
        args, lead = draft.args, draft.lead
        draft.background = draft.background or _long_before(args.date, published)
        if not args.places:
            args.places = specific_first(within(mentions.places, *text.sentences[lead.sentence]))
        if not args.places and any(c.value.cue == "place_anaphor" for c in lead.mention.cues):
            args.places = _last_place_before(mentions, lead.mention.clause[0])
        same_paragraph = previous is not None and _same_paragraph(text, previous, draft)
        if not args.places and same_paragraph:
            args.places = list(previous.args.places)  # type: ignore[union-attr]
        if not any(p.value.admin1_pcode for p in args.places):
            args.places += units.for_places(args.places)
        if same_paragraph and not args.actors("perpetrator") - {None}:
            args.roles = [*[(r, a) for r, a in previous.args.roles if r == "perpetrator"], *args.roles]  # type: ignore[union-attr]
        if args.date is None and not draft.background:
            inherited = previous.args.date if same_paragraph else None  # type: ignore[union-attr]
            args.date = inherited or lead_day
        previous = draft


class _ArticleUnits:
    """The first-level unit an incident placed in none (nowhere, or only in a country: "في سوريا")
    lies in: the one the article's places of its country name most often. Worked out once per
    article and country, however many incidents ask."""

    def __init__(self, places: list[PlaceMention]) -> None:
        self.places = places
        self.country = main_country(places)
        self.units: dict[str | None, PlaceMention | None] = {}

    def for_places(self, named: list[PlaceMention]) -> list[PlaceMention]:
        country = next((p.value.country for p in named if p.value.country), None) or self.country
        if country not in self.units:
            self.units[country] = main_unit(self.places, country)
        unit = self.units[country]
        return [unit] if unit is not None else []


_LONG_ONGOING = dt.timedelta(days=28)  # going on since longer than this: a campaign told as context


def _long_before(date: DateMention | None, published: dt.date | None) -> bool:
    """Days before publication, or going on for weeks ("منذ 19 حزيران"): told as context."""
    if date is None or published is None or date.value.earliest is None or date.value.latest is None:
        return False
    return published - date.value.latest > RECENT or published - date.value.earliest > _LONG_ONGOING


def _last_place_before(mentions: Mentions, position: int) -> list[PlaceMention]:
    named = [p for p in within(mentions.places, 0, position) if p.value.pcode or p.value.country]
    return named[-1:]


def _same_paragraph(text: NormalizedText, a: Draft, b: Draft) -> bool:
    return "\n" not in text.norm[a.lead.mention.clause[1] : b.lead.mention.clause[0]]


def share_clauses(norm: str, drafts: list[Draft]) -> None:
    """Events told in one clause each get their part of it as evidence, cut at the last comma
    between their triggers, else two words before the later one ("، بهدف شن عملية")."""
    by_clause: dict[tuple[int, int], list[Draft]] = {}
    for draft in drafts:
        by_clause.setdefault(draft.evidence, []).append(draft)
    for clause, group in by_clause.items():
        group.sort(key=lambda d: d.lead.mention.start)
        for a, b in itertools.pairwise(group):
            cut = _cut_between(norm, a.lead.mention.end, b.lead.mention.start)
            a.evidence = (a.evidence[0], cut)
            b.evidence = (cut, clause[1])
        for draft in group:
            draft.evidence = trim(norm, *draft.evidence)


def _cut_between(norm: str, left: int, right: int) -> int:
    comma = norm.rfind(",", left, right)
    if comma >= 0:
        return comma + 1
    words = list(_WORD.finditer(norm, left, right))
    return words[-2].start() if len(words) >= 2 else right


def to_incident(
    text: NormalizedText, number: int, draft: Draft, acled: dict[str, AcledType], main_country: str | None
) -> Incident:
    """The contract's Incident; ``main_country``: where an incident no place of its own locates
    happened (the country the article's places lie in most often)."""
    args, lead = draft.args, draft.lead
    trigger = lead.mention.trigger
    return Incident(
        id=f"inc-{number}",
        type=draft.type,  # type: ignore[arg-type]
        acled=acled_mapping(draft, acled[draft.type]),
        status=lead.status,  # type: ignore[arg-type]
        background=draft.background,
        trigger=Span(**_span_fields(text, trigger.start, trigger.end)),  # type: ignore[arg-type]
        evidence=Evidence(**_span_fields(text, *draft.evidence), sentence_index=lead.sentence),  # type: ignore[arg-type]
        date=_date(args.date),
        locations=[to_place(p) for p in args.places],
        actors=[to_role(a, role) for role, a in args.roles],  # type: ignore[arg-type]
        casualties=_casualties(args, acled[draft.type]),
        victims=[to_group(v) for v in _nested(_hit(args.victims, draft))],
        sources=[to_attribution(s) for s in args.sources],
        country=next((p.value.country for p in args.places if p.value.country), main_country),
        confidence=draft.confidence,
    )


_HARM = frozenset({"killed", "injured"})


def _casualties(args: Arguments, row: AcledType) -> Casualties:
    """The tolls the incident's type may report: a toll in an arrest's clause is another event's."""
    return Casualties(**{kind: to_count(q) for kind, q in args.casualties.items() if row.harm or kind not in _HARM})


# The people an incident type's own participants are: they take part in it, they are not hit.
_PARTICIPANTS = {"protest": "protesters", "riot": "protesters"}


def _hit(victims: list[VictimMention], draft: Draft) -> list[VictimMention]:
    """The victims but the incident's participants ("تظاهر مئات المحتجين": no victims) and its
    doers: a word that names the event names them ("انتحاري" of a suicide bombing), and so does
    the subject inside a verb phrase ("فجر انتحاري نفسه"، "أطلق مسلحون النار")."""
    participants = _PARTICIPANTS.get(draft.type)
    doers = [_doer_span(obs.mention.trigger) for obs in draft.chain]
    return [
        v
        for v in victims
        if v.value.category != participants and not any(start <= v.start and v.end <= end for start, end in doers)
    ]


def _doer_span(trigger: Trigger) -> tuple[int, int]:
    """The trigger word, with the subject a verb phrase holds after it."""
    return trigger.start, max(trigger.end, trigger.value.subject_end)


def _nested(victims: list[VictimMention]) -> list[VictimMention]:
    """Children, women, medics ... are civilians too: report both levels (the civilians group on
    the span of the first more specific one)."""
    if any(v.value.category == _CIVILIANS for v in victims):
        return victims
    specific = next((v for v in victims if v.value.civilian), None)
    if specific is None:
        return victims
    civilians = msgspec.structs.replace(specific, value=VictimInfo(_CIVILIANS, civilian=True))
    return [*victims, civilians]


def _date(date: DateMention | None):  # type: ignore[no-untyped-def]
    return to_ref(date) if date is not None else None


def acled_mapping(draft: Draft, row: AcledType) -> AcledMapping:
    roles, victims = draft.args.roles, draft.args.victims
    state_doer = any(r == "perpetrator" and a.value.actor_type == "state_forces" for r, a in roles)
    armed_target = any(r == "target" and a.value.actor_type != "civilians" for r, a in roles)
    civilian_target = not armed_target and any(v.value.civilian for v in victims)
    if (row.when == "state_perpetrator" and state_doer) or (row.when == "civilian_target" and civilian_target):
        return AcledMapping(event_type=row.alt_event_type, sub_event_type=row.alt_sub_event_type)
    return AcledMapping(event_type=row.event_type, sub_event_type=row.sub_event_type)


def _span_fields(text: NormalizedText, start: int, end: int) -> dict[str, object]:
    a, b = text.to_original(start, end)
    return {"text": text.original[a:b], "start": a, "end": b}
