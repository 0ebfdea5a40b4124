"""The extraction core: ``extract(document, knowledge) -> Extraction``, a pure function.

``knowledge`` is loaded once per process by ``load_knowledge`` (a pack folder) and passed in;
the core reads no file and keeps no state between calls: the same document and knowledge give
the same output. The HTTP layer, the cache and the CLI are shells around it
(``meta.elapsed_ms`` is left at 0 here and filled in by them).
"""

from __future__ import annotations

import hashlib

import msgspec

from .knowledge import DEFAULT_PACK, Knowledge, extractor_version, load_knowledge, pack_version
from .model import SCHEMA_VERSION, Document, Extraction, Meta
from .pipeline import analyse

__all__ = [
    "DEFAULT_PACK",
    "SCHEMA_VERSION",
    "Document",
    "Extraction",
    "Knowledge",
    "document_digest",
    "extract",
    "extractor_version",
    "load_knowledge",
    "pack_version",
]


def document_digest(document: Document) -> str:
    """SHA-256 of the fields that affect the output, in a canonical encoding."""
    return hashlib.sha256(msgspec.json.encode(document, order="sorted")).hexdigest()


def extract(
    document: Document, knowledge: Knowledge, *, doc_id: str | None = None, url: str | None = None
) -> Extraction:
    incidents, entities = analyse(document, knowledge)
    meta = Meta(
        schema_version=SCHEMA_VERSION,
        extractor_version=knowledge.extractor_version,
        knowledge_version=knowledge.version,
        input_sha256=document_digest(document),
        elapsed_ms=0.0,
    )
    return Extraction(
        id=doc_id,
        url=url,
        source=document.source,
        published_at=document.published_at,
        language="ar",
        incidents=incidents,
        entities=entities,
        meta=meta,
    )
