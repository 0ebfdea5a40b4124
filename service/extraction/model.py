"""The incident contract as msgspec Structs (see docs/incident-schema.md).

Field names are fixed: API clients, the CLI's JSONL output and evaluation tools read
them. Adding a field is free; renaming or removing one bumps ``SCHEMA_VERSION``.
Every ``start``/``end`` is a code-point offset into the caller's original text.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeVar

import msgspec

SCHEMA_VERSION = "1.0"

IncidentType = Literal[
    "airstrike",
    "drone_strike",
    "shelling",
    "explosion",
    "suicide_bombing",
    "armed_clash",
    "territory_change",
    "attack",
    "killing",
    "abduction",
    "arrest",
    "reinforcement",
    "recruitment",
    "military_operation",
    "agreement",
    "looting_destruction",
    "protest",
    "riot",
]
Status = Literal["occurred", "planned", "threatened", "denied"]
Precision = Literal["day", "week", "month", "year", "unknown"]
Role = Literal["perpetrator", "target", "participant"]
ActorType = Literal[
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
]
SourceKind = Literal["local_sources", "resident", "official", "outlet", "monitor", "military_statement", "media"]


class Struct(msgspec.Struct, kw_only=True, omit_defaults=False):
    """Base for every contract type: keyword-only, absent values encoded as null."""


S = TypeVar("S", bound=msgspec.Struct)


def project(value: object, cls: type[S], **extra: object) -> S:
    """A ``cls`` from the same-named fields of ``value`` (a finder's mention), plus ``extra``."""
    if not extra:  # msgspec reads the attributes in C: half the cost, about 130 times per article
        return msgspec.convert(value, cls, from_attributes=True)
    fields = {name: getattr(value, name) for name in cls.__struct_fields__ if name not in extra}
    return cls(**fields, **extra)


class Document(Struct):
    """What the extraction core reads: the article and what anchors it."""

    text: str
    title: str | None = None
    published_at: dt.date | None = None
    source: str | None = None


class Span(Struct):
    text: str
    start: int
    end: int


class Evidence(Struct):
    text: str
    start: int
    end: int
    sentence_index: int


class DateRef(Struct):
    text: str
    start: int
    end: int
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: Precision = "unknown"


class Place(Struct):
    text: str
    start: int
    end: int
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
    country: str | None = None  # ISO 3166-1 alpha-3 of the country it lies in
    lat: float | None = None
    lon: float | None = None
    qualifier: str | None = None
    geo_precision: int | None = None
    geonames_id: int | None = None  # the GeoNames feature, for places abroad
    toponym: Span | None = None  # the name itself, as NER corpora mark it (مدينة حلب, not شمال مدينة حلب)


class ActorRef(Struct):
    """An actor mention: the catalogue entry it resolves to (null ids when it has none)."""

    actor_id: str | None
    name_en: str | None
    name_ar: str | None
    actor_type: ActorType | None
    text: str
    start: int
    end: int


class ActorRole(ActorRef):
    role: Role


class Count(Struct):
    min: int | None
    max: int | None
    text: str


class Casualties(Struct):
    killed: Count | None = None
    injured: Count | None = None
    abducted: Count | None = None
    arrested: Count | None = None


class VictimGroup(Struct):
    category: str
    text: str
    start: int
    end: int
    civilian: bool


class Attribution(Struct):
    kind: SourceKind
    text: str
    start: int
    end: int


class AcledMapping(Struct):
    event_type: str
    sub_event_type: str


class Incident(Struct):
    id: str
    type: IncidentType
    acled: AcledMapping
    status: Status
    background: bool
    trigger: Span
    evidence: Evidence
    date: DateRef | None
    locations: list[Place]
    actors: list[ActorRole]
    casualties: Casualties
    victims: list[VictimGroup]
    sources: list[Attribution]
    country: str | None  # ISO 3166-1 alpha-3 of where it happened, from its most specific place
    confidence: float


# Entities: every mention, resolved or not, tagged by ``kind``.


class PlaceEntity(Place, tag_field="kind", tag="place"):
    pass


class ActorEntity(ActorRef, tag_field="kind", tag="actor"):
    pass


class DateEntity(DateRef, tag_field="kind", tag="date"):
    pass


class QuantityEntity(Struct, tag_field="kind", tag="quantity"):
    text: str
    start: int
    end: int
    value: int | None
    min: int | None
    max: int | None
    number: float | None = None  # the number as stated, decimals and sign kept ("٠٫٧٧", "-5")


class SourceEntity(Struct, tag_field="kind", tag="source"):
    """An attribution; ``source_kind`` because ``kind`` tags the entity itself."""

    text: str
    start: int
    end: int
    source_kind: SourceKind


class VictimEntity(VictimGroup, tag_field="kind", tag="victim"):
    pass


Entity = PlaceEntity | ActorEntity | DateEntity | QuantityEntity | SourceEntity | VictimEntity


class Meta(Struct):
    schema_version: str
    extractor_version: str
    knowledge_version: str  # the knowledge pack's digest
    input_sha256: str
    elapsed_ms: float


class Extraction(Struct):
    id: str | None
    url: str | None
    source: str | None  # echoed from the request
    published_at: dt.date | None  # echoed from the request
    language: Literal["ar"]
    incidents: list[Incident]
    entities: list[Entity]
    meta: Meta
