"""``Knowledge``: everything the extraction core knows, loaded once from a pack folder.

A pack is a folder of data files (lexicons, gazetteers, calendars, learned weights), each
starting with ``#`` lines that say where it came from, plus ``pack.toml`` (its name and the
region's settings). ``load_knowledge(path)`` reads and checks it; the result is immutable
and is passed to ``extract(document, knowledge)``: no stage reads a file or a module-level cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PACK = Path(__file__).resolve().parent.parent / "packs" / "default"
CODE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Knowledge:
    name: str
    path: Path
    version: str  # digest of the pack's files: changes whenever one does
    extractor_version: str  # digest of the code that loaded it, reported beside it in every answer


def load_knowledge(path: Path = DEFAULT_PACK) -> Knowledge:
    path = Path(path)
    return Knowledge(name=path.name, path=path, version=pack_version(path), extractor_version=extractor_version())


def pack_version(path: Path = DEFAULT_PACK) -> str:
    """A digest of every file in the pack folder (names and contents)."""
    return _digest(Path(path), sorted(p for p in Path(path).rglob("*") if p.is_file()))


def extractor_version() -> str:
    """A digest of the extraction code: changes whenever the code does."""
    return _digest(CODE_DIR, sorted(CODE_DIR.rglob("*.py")))


def _digest(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
