"""Reading the JSONL that ``extract`` writes, for ``aggregate``: Extractions, and what is not one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

import msgspec

from service.extraction.model import Extraction

from .coding import decode_extraction
from .writers import is_problem


def read_extractions(lines: Iterable[bytes], problems: IO[bytes]) -> list[Extraction]:
    """The Extractions among ``lines``. Problem objects (lines extract could not analyse) are
    passed over; a line that is neither is reported to ``problems`` with its number, and skipped."""
    extractions = []
    for number, line in enumerate(lines, start=1):
        body = line.strip()
        if not body or is_problem(body):
            continue
        try:
            extractions.append(decode_extraction(body))
        except msgspec.DecodeError as exc:  # ValidationError is a DecodeError
            problems.write(f"hadath: line {number} is not an Extraction: {exc}\n".encode())
    return extractions
