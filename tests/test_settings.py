"""HADATH_* variables: defaults, parsing, and errors that name the variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from service.settings import Settings, SettingsError

from .conftest import REPO_ROOT, venv_env


def test_defaults_without_any_variable() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert settings.redis_url is None and settings.api_keys == frozenset()
    assert (settings.cache_ttl, settings.max_text_chars, settings.max_batch) == (86_400, 100_000, 64)
    assert settings.log_level == "info"


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "HADATH_HOST": "0.0.0.0",
            "HADATH_PORT": "9000",
            "HADATH_WORKERS": "4",
            "HADATH_REDIS_URL": "redis://cache:6379/1",
            "HADATH_CACHE_TTL": "60",
            "HADATH_CACHE_MAX_ENTRY_BYTES": "1000",
            "HADATH_CACHE_MEMORY_BYTES": "0",
            "HADATH_REDIS_TIMEOUT": "0.5",
            "HADATH_REDIS_PASSWORD": "redis-pass",
            "HADATH_CACHE_SECRET": "sixteen-chars-or-more",
            "HADATH_MAX_TEXT_CHARS": "5000",
            "HADATH_MAX_BATCH": "8",
            "HADATH_API_KEYS": " key-one-0123456789, key-two-0123456789 ,,",
            "HADATH_LOG_LEVEL": "WARNING",
            "HADATH_EXTRACT_THREADS": "3",
            "HADATH_EXTRACT_QUEUE": "10",
        }
    )
    assert settings == Settings(
        host="0.0.0.0",
        port=9000,
        workers=4,
        redis_url="redis://cache:6379/1",
        cache_ttl=60,
        cache_max_entry_bytes=1000,
        cache_memory_bytes=0,
        redis_timeout=0.5,
        redis_password="redis-pass",
        cache_secret="sixteen-chars-or-more",
        max_text_chars=5000,
        max_batch=8,
        api_keys=frozenset({"key-one-0123456789", "key-two-0123456789"}),
        log_level="warning",
        extract_threads=3,
        extract_queue=10,
    )


def test_empty_values_keep_the_defaults() -> None:
    assert Settings.from_env({"HADATH_PORT": "", "HADATH_REDIS_URL": "  "}) == Settings()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HADATH_PORT", "eighty"),
        ("HADATH_PORT", "70000"),
        ("HADATH_PORT", "0"),
        ("HADATH_WORKERS", "1.5"),
        ("HADATH_WORKERS", "0"),
        ("HADATH_REDIS_URL", "localhost:6379"),
        ("HADATH_CACHE_TTL", "-1"),
        ("HADATH_REDIS_TIMEOUT", "soon"),
        ("HADATH_REDIS_TIMEOUT", "nan"),
        ("HADATH_MAX_TEXT_CHARS", "0"),
        ("HADATH_MAX_BATCH", "lots"),
        ("HADATH_API_KEYS", ", ,"),
        ("HADATH_API_KEYS", "short-key"),
        ("HADATH_API_KEYS", "ключ-доступа-0123456789"),  # not ASCII: a header could never carry it
        ("HADATH_API_KEYS", "a-good-key-0123456789,with space 0123456789"),
        ("HADATH_API_KEYS", "replace-with-a-long-random-key"),  # secret.env.example's placeholder
        ("HADATH_CACHE_SECRET", "replace-with-a-long-random-secret"),
        ("HADATH_REDIS_PASSWORD", "replace-with-the-redis-password"),
        ("HADATH_LOG_LEVEL", "verbose"),
        ("HADATH_CACHE_SECRET", "short"),
    ],
)
def test_a_bad_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})


def test_serve_stops_with_a_message_naming_the_variable() -> None:
    env = venv_env(HADATH_MAX_BATCH="many")
    result = subprocess.run(
        [sys.executable, "-m", "service", "serve"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "HADATH_MAX_BATCH" in result.stderr and "Traceback" not in result.stderr


def test_serve_flags_are_checked_like_the_variables() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service", "serve", "--port", "99999"],
        cwd=REPO_ROOT,
        env=venv_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "HADATH_PORT" in result.stderr


def test_secrets_stay_out_of_the_settings_repr() -> None:
    settings = Settings(redis_password="redis-pass-123", cache_secret="cache-secret-123456")
    assert "redis-pass-123" not in repr(settings) and "cache-secret-123456" not in repr(settings)
