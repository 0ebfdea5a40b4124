"""The extraction core: ``extract(document) -> Extraction``, a pure function.

No I/O beyond loading the data files once per process, no state that changes between
calls, the same output for the same input. The HTTP layer, the cache and the CLI are
shells around it (``meta.elapsed_ms`` is left at 0 here and filled in by them).
"""

from __future__ import annotations

import gc
import hashlib
import threading

import msgspec

from .model import SCHEMA_VERSION, Document, Extraction, Meta
from .pipeline import analyse
from .resources import extractor_version

__all__ = ["SCHEMA_VERSION", "Document", "Extraction", "document_digest", "extract", "extractor_version", "warm_up"]


def document_digest(document: Document) -> str:
    """SHA-256 of the fields that affect the output, in a canonical encoding."""
    return hashlib.sha256(msgspec.json.encode(document, order="sorted")).hexdigest()


_LOADED = threading.Event()
_LOADING = threading.Lock()


def warm_up() -> None:
    """Load the gazetteer and lexicons once per process. Threads that arrive while another
    loads wait for it rather than build a second copy (each loader is cached, not locked)."""
    if _LOADED.is_set():
        return
    with _LOADING:
        if not _LOADED.is_set():
            analyse(Document(text="قصفت قوات النظام بلدة في ريف حلب أمس."))
            gc.freeze()  # the loaded tables live for the process: keep them out of collections
            _LOADED.set()


def extract(document: Document, *, doc_id: str | None = None, url: str | None = None) -> Extraction:
    warm_up()
    incidents, entities = analyse(document)
    meta = Meta(
        schema_version=SCHEMA_VERSION,
        extractor_version=extractor_version(),
        input_sha256=document_digest(document),
        elapsed_ms=0.0,
    )
    return Extraction(id=doc_id, url=url, language="ar", incidents=incidents, entities=entities, meta=meta)
