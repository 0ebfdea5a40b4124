"""The one loader of the data files in ``service/data/`` (lexicons, gazetteer, tables).

Files are read once per process and callers keep what they build from them in
``functools.cache``-d, immutable structures. Lines starting with ``#`` are provenance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "packs" / "default"
CODE_DIR = Path(__file__).resolve().parent


def data_lines(name: str) -> Iterator[str]:
    """Non-empty, non-comment lines of a data file, without the line break."""
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line


def data_rows(name: str) -> list[dict[str, str]]:
    """A TSV data file as dicts keyed by its header row (the first non-comment line)."""
    lines = data_lines(name)
    header = next(lines).split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines]


@cache
def extractor_version() -> str:
    """A digest of the extraction code and every data file: changes whenever either does."""
    digest = hashlib.sha256()
    files = sorted(CODE_DIR.rglob("*.py")) + sorted(p for p in DATA_DIR.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(CODE_DIR.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
