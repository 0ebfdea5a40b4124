"""Cache keys: what makes two requests share an answer, and nothing else.

The versions come from the app (the contract's schema, the extractor's code and the knowledge
pack it loaded), so the cache knows nothing of the extractor itself.
"""

from __future__ import annotations

NAMESPACE = "hadath"


def key_space(*versions: str) -> str:
    """The prefix of every key computed under ``versions``: a new version starts a fresh key space."""
    return ":".join((NAMESPACE, *versions))


def cache_key(space: str, input_sha256: str) -> str:
    """Key of one document's result in a key space."""
    return f"{space}:{input_sha256}"


def lock_key(key: str) -> str:
    """Key of the short cross-replica lock held while one replica computes ``key``."""
    return f"{key}:lock"
