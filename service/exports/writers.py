"""Output in each format, written as answers arrive: the CLI's ``extract --format`` and ``aggregate``.

An answer is one line's JSON: an Extraction, or a problem object for a line that could not be
analysed. JSON Lines keeps both; CSV and GeoJSON have no place for a problem, so the writer
passes it to ``problems`` (stderr in the CLI) instead of dropping it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Protocol

import msgspec

from service.extraction.model import Extraction

from . import acled, geojson
from .coding import decode_extraction, events_of
from .formats import Format
from .model import Event


def is_problem(body: bytes) -> bool:
    """Whether an answer is a problem object (an Extraction starts with its ``id``)."""
    return body.startswith(b'{"type":')


class AnswerWriter(Protocol):
    def start(self) -> bytes: ...
    def answer(self, body: bytes) -> bytes: ...
    def end(self) -> bytes: ...


class JsonLinesWriter:
    def start(self) -> bytes:
        return b""

    def answer(self, body: bytes) -> bytes:
        return body + b"\n"

    def end(self) -> bytes:
        return b""


class _ExtractionWriter:
    """Decodes each Extraction answer; hands problem answers to ``problems``."""

    def __init__(self, problems: IO[bytes]) -> None:
        self.problems = problems

    def extraction(self, body: bytes) -> Extraction | None:
        if is_problem(body):
            self.problems.write(body + b"\n")
            self.problems.flush()
            return None
        return decode_extraction(body)


class AcledCsvWriter(_ExtractionWriter):
    def start(self) -> bytes:
        return acled.header()

    def answer(self, body: bytes) -> bytes:
        extraction = self.extraction(body)
        return acled.rows(events_of([extraction])) if extraction is not None else b""

    def end(self) -> bytes:
        return b""


class GeoJsonWriter(_ExtractionWriter):
    """One FeatureCollection, its features written as they come."""

    def __init__(self, problems: IO[bytes]) -> None:
        super().__init__(problems)
        self.written = 0

    def start(self) -> bytes:
        return geojson.OPEN

    def answer(self, body: bytes) -> bytes:
        extraction = self.extraction(body)
        if extraction is None:
            return b""
        features = list(geojson.extraction_features(extraction))
        separator = b"," if self.written and features else b""
        self.written += len(features)
        return separator + b",".join(features)

    def end(self) -> bytes:
        return geojson.CLOSE + b"\n"


def answer_writer(fmt: Format, problems: IO[bytes]) -> AnswerWriter:
    if fmt is Format.ACLED_CSV:
        return AcledCsvWriter(problems)
    if fmt is Format.GEOJSON:
        return GeoJsonWriter(problems)
    return JsonLinesWriter()


def render_events(events: Iterable[Event], fmt: Format) -> bytes:
    """Events in a format: one JSON object a line, ACLED CSV, or a GeoJSON FeatureCollection."""
    if fmt is Format.ACLED_CSV:
        return acled.acled_csv(events)
    if fmt is Format.GEOJSON:
        return geojson.events_geojson(events) + b"\n"
    encoder = msgspec.json.Encoder()
    return b"".join(encoder.encode(event) + b"\n" for event in events)
