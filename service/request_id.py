"""Each HTTP request's id: the caller's ``X-Request-ID`` when usable, else one made here.

``RequestTelemetry`` (``service.logging``) sets it for the request, whichever path serves it,
returns it in the ``X-Request-ID`` response header, and every log line written while the
request runs carries it (``current_request_id``, which the extraction threads inherit).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_DESCRIPTION = (
    "An id for this request, echoed in the `X-Request-ID` response header and written in every "
    "log line about it. Up to 128 visible ASCII characters are used as sent; a missing or other "
    "value gets a generated id."
)
_HEADER_NAME = b"x-request-id"
# Visible ASCII without spaces: it cannot break a log line or a response header.
_USABLE = re.compile(rb"[\x21-\x7e]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("hadath_request_id", default=None)


def request_id_of(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The first ``X-Request-ID`` header when usable, else 32 random hex digits."""
    for name, value in headers:
        if name.lower() == _HEADER_NAME:
            if _USABLE.fullmatch(value):
                return value.decode("ascii")
            break
    return os.urandom(16).hex()  # 128 random bits
