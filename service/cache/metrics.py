"""Prometheus metrics of the cache (default registry; the service's /metrics exposes them).

Shared by every ResultCache in the process: a replica runs one.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

RESULTS = ("hit", "miss", "bypass", "error")

REQUESTS = Counter(
    "hadath_cache_requests",
    "Cache lookups by outcome; error means a Redis call failed during the lookup (the caller got a computed body).",
    ["result"],
)
BREAKER_STATE = Gauge(
    "hadath_cache_breaker_state",
    "Redis circuit breakers, one for reads and one for writes (a Redis refusing writes, full under "
    "noeviction, still serves reads): 0 closed, 1 half-open (probing), 2 open (Redis not called).",
    ["operation"],
    multiprocess_mode="livemax",  # with several workers: the worst live one
)
CORRUPT_ENTRIES = Counter(
    "hadath_cache_corrupt_entries",
    "Cached values that failed validation and were recomputed.",
)
REJECTED_ENTRIES = Counter(
    "hadath_cache_rejected_entries",
    "Cached values refused (a miss) by why: damaged (checksum, length, format), misplaced (sealed for "
    "another key: another document or version), unsigned (no valid HMAC under HADATH_CACHE_SECRET).",
    ["reason"],
)
OVERSIZE_SKIPS = Counter(
    "hadath_cache_oversize_skips",
    "Computed bodies not stored because they exceed the maximum entry size.",
)

# Bound once: ``labels()`` is a lookup under a lock, paid on every request otherwise.
REQUESTS_BY_RESULT = {result: REQUESTS.labels(result=result) for result in RESULTS}
REJECTED_BY_REASON = {reason: REJECTED_ENTRIES.labels(reason=reason) for reason in ("damaged", "misplaced", "unsigned")}
