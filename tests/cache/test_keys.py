import pytest

import service.cache.keys as keys
from service.cache import cache_key
from service.extraction.model import SCHEMA_VERSION
from service.extraction.resources import extractor_version

DIGEST = "ab" * 32


def test_key_names_namespace_schema_extractor_and_input() -> None:
    assert cache_key(DIGEST) == f"hadath:v{SCHEMA_VERSION}:{extractor_version()}:{DIGEST}"


def test_a_new_extractor_version_makes_a_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key(DIGEST)
    monkeypatch.setattr(keys, "extractor_version", lambda: "0123456789abcdef")
    assert cache_key(DIGEST) != before
    assert cache_key(DIGEST).endswith(f":0123456789abcdef:{DIGEST}")


def test_lock_key_is_distinct_from_the_entry() -> None:
    assert keys.lock_key(cache_key(DIGEST)) != cache_key(DIGEST)
