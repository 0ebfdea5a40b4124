"""Request and response types at the HTTP and JSONL edge, and their conversion to a ``Document``.

The extraction core knows nothing of these: ``ExtractRequest`` carries what a caller sends
(``id`` and ``url`` are only echoed back), ``to_document`` checks what JSON types cannot and
keeps what the core reads. The schema constraints here (``pattern``, ``maxLength``) describe
exactly what ``to_document`` accepts, so generated clients and schema-driven tests agree
with the server; they are checked in code to answer 422 rather than the decoder's 400.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from service.extraction import Document, Extraction
from service.settings import DEFAULT_MAX_BATCH, DEFAULT_MAX_TEXT_CHARS, MAX_TITLE_CHARS

# The letters of the Arabic alphabet and its extensions (Persian, Urdu ...), without
# diacritics, digits or tatweel. One string serves the schema (ECMA regex) and the check.
ARABIC_LETTER_PATTERN = r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]"
_ARABIC_LETTER = re.compile(ARABIC_LETTER_PATTERN)


def _schema(description: str, **extra: object) -> msgspec.Meta:
    """Field documentation (and schema-only constraints) in the form Litestar reads from msgspec."""
    return msgspec.Meta(extra_json_schema={"description": description, "extra": extra or None})


_DATE_OR_DATETIME = {
    "oneOf": None,
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "null"},
    ],
}


class ExtractRequest(msgspec.Struct, kw_only=True):
    """One article to analyse."""

    text: Annotated[
        str,
        _schema(
            "The article body, analysed as sent: every offset in the answer points into this string. "
            "It must contain at least one Arabic letter and at most HADATH_MAX_TEXT_CHARS code points "
            f"(default {DEFAULT_MAX_TEXT_CHARS}), otherwise 422.",
            minLength=1,
            maxLength=DEFAULT_MAX_TEXT_CHARS,
            pattern=ARABIC_LETTER_PATTERN,
        ),
    ]
    id: Annotated[str | None, _schema("The caller's document id, echoed back.")] = None
    title: Annotated[
        str | None,
        _schema(
            f"The headline, analysed too (offsets in it are not returned); at most {MAX_TITLE_CHARS} code points.",
            maxLength=MAX_TITLE_CHARS,
        ),
    ] = None
    published_at: Annotated[
        str | None,
        _schema(
            "Publication date (YYYY-MM-DD) or date-time (RFC 3339); anchors relative dates such as "
            "'yesterday' or 'last August'. A date-time counts by its own calendar date.",
            **_DATE_OR_DATETIME,
        ),
    ] = None
    source: Annotated[str | None, _schema("The outlet's name, e.g. SY24.")] = None
    url: Annotated[str | None, _schema("The article's address, echoed back.")] = None


class BatchRequest(msgspec.Struct, kw_only=True):
    """Several articles, analysed independently."""

    documents: Annotated[
        list[ExtractRequest],
        msgspec.Meta(min_length=1),
        _schema(
            f"1 to HADATH_MAX_BATCH documents (default {DEFAULT_MAX_BATCH}); more answer 413. Each is what "
            "/extract takes; one that /extract would refuse (400 or 422) gets a problem object in its place "
            "among the results, and the other documents their extractions.",
            maxItems=DEFAULT_MAX_BATCH,
        ),
    ]


MAX_AGGREGATE_EXTRACTIONS = 1000


class AggregateRequest(msgspec.Struct, kw_only=True):
    """Extractions of several articles, to merge into events."""

    extractions: Annotated[
        list[Extraction],
        msgspec.Meta(min_length=1),
        _schema(
            f"1 to {MAX_AGGREGATE_EXTRACTIONS} Extractions, as /extract answers them or the CLI writes them; "
            "more answer 413.",
            maxItems=MAX_AGGREGATE_EXTRACTIONS,
        ),
    ]


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem: an error answer, or one document's failure inside a batch or CLI run."""

    type: Annotated[str, _schema("A URI naming the kind of problem; about:blank for plain HTTP errors.")]
    title: Annotated[str, _schema("A short summary of the kind of problem.")]
    status: Annotated[int, _schema("The HTTP status code this problem has or would have.")]
    detail: Annotated[str, _schema("What went wrong with this request (never the article text).")]
    id: Annotated[str | None, _schema("The document's id, when the problem concerns one document that had one.")] = None


@dataclass
class BatchResponse:
    """The results in the order of the documents: an Extraction, or a Problem for that document alone.

    Schema only: the handler writes the body from the cached Extraction bytes directly.
    """

    results: list[Extraction | Problem]


class Health(msgspec.Struct, kw_only=True):
    """The process answers (liveness)."""

    status: Literal["ok"]


ReadinessStatus = Literal["ok", "degraded", "starting"]


class CacheReadiness(msgspec.Struct, kw_only=True):
    backend: Annotated[str, _schema("`memory` (in process) or `redis`.")]
    redis: Annotated[
        str, _schema("`ok`, `unreachable`, `circuit_open` (calls suspended after failures) or `not_configured`.")
    ]


class QueueState(msgspec.Struct, kw_only=True):
    pending: Annotated[int, _schema("Documents being extracted or waiting for a thread in this worker.")]


class Readiness(msgspec.Struct, kw_only=True):
    """Whether this worker serves extractions, and the versions its answers carry."""

    status: Annotated[
        ReadinessStatus,
        _schema("`starting` until the knowledge pack is loaded (503); `degraded` when Redis does not answer."),
    ]
    extractor: Annotated[str, _schema("What the extractor is doing: loading, or loaded.")]
    schema_version: str
    extractor_version: str
    knowledge_version: str
    cache: CacheReadiness
    queue: QueueState


class UnusableText(Exception):
    """The request is well formed but its text cannot be analysed (422)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


class InvalidField(Exception):
    """A field holds a value of the right JSON type in the wrong format (400)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def to_document(request: ExtractRequest, *, max_text_chars: int) -> Document:
    """The core's input, or an exception saying why there is none (messages never quote the text)."""
    text = request.text
    if not text.strip():
        raise UnusableText("empty-text", "text is empty after trimming white space")
    if len(text) > max_text_chars:
        raise UnusableText("text-too-long", f"text has {len(text)} code points; the limit is {max_text_chars}")
    if request.title is not None and len(request.title) > MAX_TITLE_CHARS:
        raise UnusableText(
            "title-too-long", f"title has {len(request.title)} code points; the limit is {MAX_TITLE_CHARS}"
        )
    if not _ARABIC_LETTER.search(text):
        raise UnusableText("no-arabic-text", "text contains no Arabic letter; only Arabic articles are analysed")
    return Document(
        text=text,
        title=request.title,
        published_at=parse_published_at(request.published_at),
        source=request.source,
    )


def parse_published_at(value: str | None) -> dt.date | None:
    """A date, or the calendar date a date-time names in its own offset."""
    if value is None:
        return None
    for kind in (dt.date, dt.datetime):
        try:
            parsed = msgspec.convert(value, kind)
        except msgspec.ValidationError:
            continue
        return parsed.date() if isinstance(parsed, dt.datetime) else parsed
    raise InvalidField("published_at: expected a date (YYYY-MM-DD) or an RFC 3339 date-time")
