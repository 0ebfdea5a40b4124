import ast
from pathlib import Path

import service.cache.keys as keys
from service.cache import cache_key, key_space

DIGEST = "ab" * 32
CACHE_DIR = Path(keys.__file__).resolve().parent


def test_key_names_namespace_versions_and_input() -> None:
    assert cache_key(key_space("v1.0", "code", "pack"), DIGEST) == f"hadath:v1.0:code:pack:{DIGEST}"


def test_a_new_version_of_any_part_makes_a_new_key() -> None:
    before = cache_key(key_space("v1.0", "code", "pack"), DIGEST)
    assert cache_key(key_space("v1.0", "code2", "pack"), DIGEST) != before
    assert cache_key(key_space("v1.0", "code", "pack2"), DIGEST) != before


def test_lock_key_is_distinct_from_the_entry() -> None:
    key = cache_key(key_space("v1.0"), DIGEST)
    assert keys.lock_key(key) != key


def test_the_cache_imports_nothing_of_the_extractor() -> None:
    """The versions a key depends on are handed in by the app."""
    imported = set()
    for path in CACHE_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if name.startswith("service.extraction")}
