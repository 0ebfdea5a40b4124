"""Configuration: the ``HADATH_*`` environment, parsed once into a typed, frozen object.

A bad value raises :class:`SettingsError` naming the variable, so start-up stops with a
message an operator can act on instead of a traceback from deep inside the server.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

LogLevel = Literal["debug", "info", "warning", "error", "critical"]
LOG_LEVELS: tuple[LogLevel, ...] = ("debug", "info", "warning", "error", "critical")

DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_MAX_BATCH = 64
DEFAULT_MAX_BATCH_CHARS = 1_000_000
MAX_TITLE_CHARS = 1_000
DEFAULT_SHUTDOWN_GRACE = 8.0

T = TypeVar("T")


class SettingsError(ValueError):
    """An environment variable holds a value the service cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = field(default="127.0.0.1", metadata={"env": "HADATH_HOST"})
    port: int = field(default=8000, metadata={"env": "HADATH_PORT", "min": 1, "max": 65535})
    workers: int = field(default=1, metadata={"env": "HADATH_WORKERS", "min": 1, "max": 64})
    redis_url: str | None = field(default=None, metadata={"env": "HADATH_REDIS_URL"})
    cache_ttl: int = field(default=86_400, metadata={"env": "HADATH_CACHE_TTL", "min": 1})
    cache_max_entry_bytes: int = field(
        default=2 * 1024 * 1024, metadata={"env": "HADATH_CACHE_MAX_ENTRY_BYTES", "min": 1}
    )
    cache_memory_bytes: int = field(default=48 * 1024 * 1024, metadata={"env": "HADATH_CACHE_MEMORY_BYTES", "min": 0})
    redis_timeout: float = field(default=0.25, metadata={"env": "HADATH_REDIS_TIMEOUT", "min": 0.001})
    # Redis AUTH (requirepass), kept out of the URL so it can come from a secret of its own.
    redis_password: str | None = field(default=None, repr=False, metadata={"env": "HADATH_REDIS_PASSWORD"})
    # Signs cache entries (HMAC-SHA256): whoever can write to Redis without it cannot choose answers.
    cache_secret: str | None = field(default=None, repr=False, metadata={"env": "HADATH_CACHE_SECRET"})
    max_text_chars: int = field(default=DEFAULT_MAX_TEXT_CHARS, metadata={"env": "HADATH_MAX_TEXT_CHARS", "min": 1})
    max_batch: int = field(default=DEFAULT_MAX_BATCH, metadata={"env": "HADATH_MAX_BATCH", "min": 1, "max": 10_000})
    # The text and titles of one batch, all documents together: bounds a batch's work (about 3 s
    # of extraction) and memory (its body, decoded, and its answers: see README, Performance).
    max_batch_chars: int = field(default=DEFAULT_MAX_BATCH_CHARS, metadata={"env": "HADATH_MAX_BATCH_CHARS", "min": 1})
    api_keys: frozenset[str] = field(default=frozenset(), metadata={"env": "HADATH_API_KEYS"})
    log_level: LogLevel = field(default="info", metadata={"env": "HADATH_LOG_LEVEL"})
    # One: the extractor is pure Python and holds the GIL, so a second thread adds no throughput,
    # it only interleaves two documents (both finish later; p99 of misses 29 ms -> 18 ms with one).
    extract_threads: int = field(default=1, metadata={"env": "HADATH_EXTRACT_THREADS", "min": 1, "max": 256})
    extract_queue: int = field(default=256, metadata={"env": "HADATH_EXTRACT_QUEUE", "min": 0})
    # Characters of text waiting or in work per worker before requests get 503: ten documents of
    # the largest size, about a second of extraction; 200 concurrent 10k-character articles no
    # longer wait 11 s, the excess is shed at once.
    extract_queue_chars: int = field(default=1_000_000, metadata={"env": "HADATH_EXTRACT_QUEUE_CHARS", "min": 1})
    # A request's headers within this many seconds of its first byte, its body within
    # body_timeout of its headers; else 408 and the connection is closed.
    header_timeout: float = field(default=10.0, metadata={"env": "HADATH_HEADER_TIMEOUT", "min": 0.1})
    body_timeout: float = field(default=30.0, metadata={"env": "HADATH_BODY_TIMEOUT", "min": 0.1})
    # Seconds a stopping worker gives requests in flight (Docker's stop timeout is 10 s).
    shutdown_grace: float = field(
        default=DEFAULT_SHUTDOWN_GRACE, metadata={"env": "HADATH_SHUTDOWN_GRACE", "min": 1, "max": 600}
    )
    # None: the pack that ships with the service (service/packs/default).
    knowledge_pack: Path | None = field(default=None, metadata={"env": "HADATH_KNOWLEDGE_PACK"})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every ``HADATH_*`` variable; unset or empty ones keep their defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            name = spec.metadata["env"]
            raw = env.get(name, "").strip()
            if raw:
                values[spec.name] = _parse(name, raw, _PARSERS[spec.name], spec.metadata)
        return cls(**values)

    @property
    def max_body_bytes(self) -> int:
        """Largest single-document body: every code point may arrive as a 6-byte \\uXXXX escape."""
        return (self.max_text_chars + MAX_TITLE_CHARS) * 6 + 64 * 1024

    @property
    def max_batch_body_bytes(self) -> int:
        """Largest batch body: its characters as 6-byte escapes, and room for each document's other fields."""
        return (self.max_batch_chars + self.max_batch * MAX_TITLE_CHARS) * 6 + self.max_batch * 4096 + 64 * 1024

    @property
    def max_aggregate_body_bytes(self) -> int:
        """Largest aggregation body (extractions are larger than the articles they come from)."""
        return self.max_body_bytes * self.max_batch


def _parse(name: str, raw: str, parser: Callable[[str], T], limits: Mapping[str, Any]) -> T:
    try:
        value = parser(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not valid: {exc}") from None
    low, high = limits.get("min"), limits.get("max")
    if low is not None and value < low:  # type: ignore[operator]
        raise SettingsError(f"{name}={raw!r} is not valid: must be at least {low}")
    if high is not None and value > high:  # type: ignore[operator]
        raise SettingsError(f"{name}={raw!r} is not valid: must be at most {high}")
    return value


def _integer(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError("expected a whole number") from None


def _number(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("expected a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("expected a finite number")
    return value


def _log_level(raw: str) -> LogLevel:
    level = raw.lower()
    if level not in LOG_LEVELS:
        raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}")
    return level  # type: ignore[return-value]


def _redis_url(raw: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("expected a redis://, rediss:// or unix:// URL")
    return raw


# The example files (deploy/kubernetes/secret.env.example) ship values starting with this: a
# copy left unedited must stop the service, not leave it open to whoever reads the example.
PLACEHOLDER_PREFIX = "replace-with-"
MIN_API_KEY_CHARS = 16


def _not_placeholder(raw: str) -> None:
    if raw.lower().startswith(PLACEHOLDER_PREFIX):
        raise ValueError("still the example's placeholder: set a real value (e.g. openssl rand -hex 32)")


def _api_keys(raw: str) -> frozenset[str]:
    """Comma-separated keys; blanks between commas are ignored. Each key is printable ASCII (an
    HTTP header carries bytes: a non-ASCII key could never be matched), 16 characters or more,
    and not the example's placeholder."""
    keys = frozenset(key.strip() for key in raw.split(",") if key.strip())
    if not keys:
        raise ValueError("expected one or more comma-separated keys")
    for number, key in enumerate(sorted(keys), start=1):
        if not all("!" <= char <= "~" for char in key):
            raise ValueError(f"key {number} has a character outside printable ASCII (no spaces either)")
        if len(key) < MIN_API_KEY_CHARS:
            raise ValueError(f"key {number} is shorter than {MIN_API_KEY_CHARS} characters")
        _not_placeholder(key)
    return keys


def _redis_password(raw: str) -> str:
    _not_placeholder(raw)
    return raw


MIN_CACHE_SECRET_CHARS = 16


def _cache_secret(raw: str) -> str:
    _not_placeholder(raw)
    if len(raw) < MIN_CACHE_SECRET_CHARS:
        raise ValueError(f"expected at least {MIN_CACHE_SECRET_CHARS} characters (a random string)")
    return raw


def _pack_folder(raw: str) -> Path:
    path = Path(raw)
    if not (path / "pack.toml").is_file():
        raise ValueError("expected a knowledge pack folder (one holding pack.toml)")
    return path


_PARSERS: dict[str, Callable[[str], Any]] = {
    "host": str,
    "port": _integer,
    "workers": _integer,
    "redis_url": _redis_url,
    "cache_ttl": _integer,
    "cache_max_entry_bytes": _integer,
    "cache_memory_bytes": _integer,
    "redis_timeout": _number,
    "redis_password": _redis_password,
    "cache_secret": _cache_secret,
    "max_text_chars": _integer,
    "max_batch": _integer,
    "max_batch_chars": _integer,
    "api_keys": _api_keys,
    "log_level": _log_level,
    "extract_threads": _integer,
    "extract_queue": _integer,
    "extract_queue_chars": _integer,
    "header_timeout": _number,
    "body_timeout": _number,
    "shutdown_grace": _number,
    "knowledge_pack": _pack_folder,
}
