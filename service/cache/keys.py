"""Cache keys: what makes two requests share an answer, and nothing else."""

from __future__ import annotations

from service.extraction.model import SCHEMA_VERSION
from service.extraction.resources import extractor_version

NAMESPACE = "hadath"


def cache_key(input_sha256: str) -> str:
    """Key of one document's result; a new schema or extractor version starts a fresh key space."""
    return f"{NAMESPACE}:v{SCHEMA_VERSION}:{extractor_version()}:{input_sha256}"


def lock_key(key: str) -> str:
    """Key of the short cross-replica lock held while one replica computes ``key``."""
    return f"{key}:lock"
