"""The one JSON body reader: every path that reads a request body (the fast path, the framework's
handlers, the bulk CLI) decodes it here, so the same bytes get the same answer whichever reads them.

``read_json`` accepts only what it can decode safely and refuses the rest with a ``BodyError``
(a 400, or a 413 for a batch that holds too much), never an unexpected exception:

- valid UTF-8 everywhere, inside strings too, and in fields the schema does not name (a typed
  decode skips those unchecked, so one path accepted ``"x":"\\xff"`` that another refused);
- numbers within range everywhere (``1e999`` is malformed JSON for every reader);
- nesting at most ``MAX_DEPTH`` deep, checked by a scan before decoding, so decoding never meets
  Python's recursion limit (which would make the answer depend on how deep the caller's stack is);
- with ``limits``: at most ``limits.documents`` values in the array under the top-level key
  ``limits.key``, and at most ``limits.values`` JSON values in the whole body, counted by the scan
  and refused as soon as one is exceeded, before anything is decoded: a 43 MB body of 3.5 million
  empty documents costs a scan of its first documents, not gigabytes of objects.

The scan walks the body's structural tokens with one regular expression (strings are skipped
whole, in C); ``bytes.count`` first tells whether a body can be deep at all, so a plain article
costs two byte counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import msgspec

# Deep enough for any body the service takes (a batch is 3 deep, an aggregation about 8), and far
# below the depth at which the decoder would exhaust Python's recursion limit.
MAX_DEPTH = 64

# A JSON string (whole, its escapes included), or one structural character.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')
_OPENERS = frozenset(b"[{")
_CLOSERS = frozenset(b"]}")
_OPEN_ARRAY = ord("[")
_COMMA = ord(",")

_decoder = msgspec.json.Decoder()


class BodyError(Exception):
    """A body that cannot be read: ``status`` 400 (malformed) or 413 (too much), a problem ``kind``
    and a ``detail`` that never quotes the body."""

    def __init__(self, status: int, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Limits:
    """What a batch body may hold: ``documents`` values under the top-level ``key``, ``values`` in all."""

    key: str
    documents: int
    values: int


def read_json(body: bytes, limits: Limits | None = None) -> Any:
    """The JSON value of ``body`` (dicts, lists, str, int, float, bool, None), or ``BodyError``."""
    if limits is not None or body.count(b"[") + body.count(b"{") > MAX_DEPTH:
        _scan(body, limits)
    try:
        return _decoder.decode(body)
    except UnicodeDecodeError:
        raise BodyError(400, "invalid-request", "the body is not valid UTF-8") from None
    except RecursionError:  # not reached after the scan; kept so no input can become a 500
        raise BodyError(400, "invalid-request", f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except msgspec.DecodeError as exc:  # malformed JSON, or a number out of range
        raise BodyError(400, "invalid-request", f"malformed JSON: {exc}") from None


def _scan(body: bytes, limits: Limits | None) -> None:
    """Depth, and with ``limits`` the counts, checked token by token; stops at the first excess."""
    depth = 0
    tokens = 0
    documents = 0  # in the arrays under ``key`` closed so far
    key = b'"' + limits.key.encode() + b'"' if limits is not None else None
    last_top_string = b""  # the last string seen directly in the top-level object: a key before its value
    array_start = -1  # where the open array under ``key`` starts, -1 outside it
    commas = 0  # separators met directly in that array
    for match in _TOKENS.finditer(body):
        token = match.group()
        first = token[0]
        if first in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise BodyError(400, "invalid-request", f"JSON nested deeper than {MAX_DEPTH} levels")
            if depth == 2 and first == _OPEN_ARRAY and last_top_string == key:
                array_start, commas = match.end(), 0
        elif first in _CLOSERS:
            if depth == 2 and array_start >= 0:
                # n separators part n + 1 values; none part one value, or none in an empty array
                documents += commas + 1 if commas or body[array_start : match.start()].strip() else 0
                array_start = -1
            depth -= 1
        elif first == _COMMA:
            if depth == 2 and array_start >= 0:
                commas += 1
        elif depth == 1:
            last_top_string = token
        if limits is None:
            continue
        tokens += 1
        if documents + (commas + 1 if array_start >= 0 else 0) > limits.documents:
            raise BodyError(
                413, "too-many-documents", f"more than {limits.documents} documents; the limit is {limits.documents}"
            )
        if tokens > limits.values:
            raise BodyError(413, "too-many-values", f"more than {limits.values} JSON values in the body")
