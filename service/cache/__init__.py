"""The result cache: Redis when configured, an in-process LRU otherwise, same interface.

``cache_key(key_space(versions...), document_digest(doc))`` names a result; ``ResultCache.get_or_compute`` returns
the encoded body and how it was obtained (hit, miss, bypass). Redis trouble never fails a
request: see ``redis_store`` and ``breaker``.
"""

from __future__ import annotations

from .breaker import BreakerState, CircuitBreaker
from .keys import cache_key, key_space
from .memory import MemoryStore
from .redis_store import RedisStore
from .result_cache import CacheStatus, ResultCache

__all__ = [
    "BreakerState",
    "CacheStatus",
    "CircuitBreaker",
    "MemoryStore",
    "RedisStore",
    "ResultCache",
    "build_cache",
    "cache_key",
    "key_space",
]


def build_cache(
    *,
    redis_url: str | None,
    ttl_seconds: int,
    max_entry_bytes: int,
    memory_max_bytes: int,
    redis_timeout_seconds: float,
    secret: str | None = None,
    redis_password: str | None = None,
) -> ResultCache:
    """Redis-backed when ``redis_url`` is set (no connection is made here), in-memory otherwise."""
    store: RedisStore | MemoryStore = (
        RedisStore(redis_url, timeout_seconds=redis_timeout_seconds, password=redis_password)
        if redis_url
        else MemoryStore(memory_max_bytes)
    )
    return ResultCache(
        store,
        ttl_seconds=ttl_seconds,
        max_entry_bytes=max_entry_bytes,
        secret=secret.encode() if secret else None,
    )
