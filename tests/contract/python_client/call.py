"""Calls through the Python client generated from openapi/openapi.json, as a user writes them.

``test_generated_client.py`` type-checks this file with ``mypy --strict`` against the
generated package: a plain ``Client`` calls every operation, one request type serves both
extraction routes, fields always sent are never ``Unset``, every enum is one named type,
and the entity union narrows by class.
"""

from __future__ import annotations

from hadath_client import Client
from hadath_client.api.aggregation import aggregate_events
from hadath_client.api.extraction import extract_batch, extract_incidents
from hadath_client.api.operations import health, readiness
from hadath_client.models import (
    ActorType,
    AggregateRequest,
    AggregateResult,
    BatchRequest,
    BatchResponse,
    Count,
    Extraction,
    ExtractRequest,
    Health,
    IncidentType,
    PlaceEntity,
    Problem,
    Readiness,
    ReadinessStatus,
)


def extract(client: Client, article: ExtractRequest) -> Extraction | Problem | None:
    return extract_incidents.sync(client=client, body=article, x_request_id="call-1")


def extract_both_ways(client: Client, article: ExtractRequest) -> BatchResponse | Problem | None:
    extract(client, article)
    return extract_batch.sync(client=client, body=BatchRequest(documents=[article]))


def events_of(client: Client, extractions: list[Extraction]) -> AggregateResult | Problem | None:
    """The answers of /extract go back to /aggregate as they are: one Extraction type."""
    return aggregate_events.sync(client=client, body=AggregateRequest(extractions=extractions))


def killed(extraction: Extraction) -> list[Count | None]:
    return [incident.casualties.killed for incident in extraction.incidents]


def airstrikes(extraction: Extraction) -> int:
    return sum(incident.type_ is IncidentType.AIRSTRIKE for incident in extraction.incidents)


def doer_types(extraction: Extraction) -> list[ActorType | None]:
    return [actor.actor_type for incident in extraction.incidents for actor in incident.actors]


def pcodes(extraction: Extraction) -> list[str | None]:
    return [entity.pcode for entity in extraction.entities if isinstance(entity, PlaceEntity)]


def ready(client: Client) -> bool:
    alive = health.sync(client=client)
    state = readiness.sync(client=client)
    return isinstance(alive, Health) and isinstance(state, Readiness) and state.status is ReadinessStatus.OK
