"""``POST /extract`` answered in front of the framework, for the requests that need nothing of it.

A request that is plainly acceptable (a valid Host, a JSON content type, a Content-Length
within the body limit, a valid key when keys are set, no ``Accept`` header or one that asks
for JSON, and a body that parses into a usable document) is answered here through
``Services.extract_one``, exactly as the handler answers it: same cache key, statuses, body
and headers, same problems for a full queue (503) or a failure (500). Everything else goes to
the framework untouched, its body replayed, so every refusal (400, 401, 406, 413, 415, 422 ...)
is still the framework's problem, in its order of checks, and CSV and GeoJSON are its answers.

``ParseMemo`` remembers what recent bodies parsed into (the result's cache key, the caller's
``id`` and ``url``) by the SHA-256 of their exact bytes, so a repeated request skips parsing,
validation and the document digest. It holds no results: the body of a hit always comes from
the result cache, under the key the document's own fields give, so a body can only ever be
answered with the Extraction of what it says.

Why: routing, guards, parameter parsing, validation and ``Response`` building cost several
times what a cache hit itself costs; here a repeated request costs a digest and a lookup.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import msgspec
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.exports import Format, negotiate
from service.extraction import Document
from service.runner import Overloaded, with_identity
from service.settings import Settings

from .body import BodyError, read_json
from .models import ExtractRequest, InvalidField, UnusableText, to_document
from .problem_details import PROBLEM_MEDIA_TYPE, ApiProblem, internal_error, log_unexpected, problem_bytes, refusal
from .routes import JSON, VARY, Services, bearer_key_check, unsupported_body, wants_refresh

PATH = "/extract"
# The request headers that decide the answer; a request repeating one goes to the framework.
_READ_HEADERS = frozenset(
    {
        b"host",
        b"content-type",
        b"content-encoding",
        b"content-length",
        b"authorization",
        b"cache-control",
        b"accept",
    }
)
_JSON = JSON.encode()
_VARY = [(name.lower().encode(), value.encode()) for name, value in VARY.items()]
# The characters Litestar's router allows in Host (RFC 3986's reg-name, IP literal and port
# characters); it refuses any other with 400. Kept here because its check is private API;
# tests/api/test_host_check.py checks both agree on every byte.
_VALID_HOST = re.compile(rb"[0-9A-Za-z!$&'()*+,;=\-._~:\[\]@%]*")


@dataclass(frozen=True, slots=True)
class Parsed:
    """What answering a body needs from it, short of the document itself."""

    key: str  # the result's cache key
    doc_id: str | None
    url: str | None


class ParseMemo:
    """The ``Parsed`` of recent bodies by the SHA-256 of their bytes; the least recently used go first."""

    def __init__(self, max_entries: int = 4096, max_identity_chars: int = 1024) -> None:
        self.max_entries = max_entries
        self.max_identity_chars = max_identity_chars  # a longer id and url are not worth the memory
        self._entries: OrderedDict[bytes, Parsed] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, digest: bytes) -> Parsed | None:
        parsed = self._entries.get(digest)
        if parsed is not None:
            self._entries.move_to_end(digest)
        return parsed

    def put(self, digest: bytes, parsed: Parsed) -> None:
        if len(parsed.doc_id or "") + len(parsed.url or "") > self.max_identity_chars:
            return
        self._entries[digest] = parsed
        if len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class ExtractFastPath:
    """ASGI wrapper: answers acceptable ``POST /extract`` requests itself, passes on all others."""

    def __init__(self, app: ASGIApp, *, settings: Settings, services: Services) -> None:
        self.app = app
        self.services = services
        self.max_body_bytes = settings.max_body_bytes
        self.max_text_chars = settings.max_text_chars
        self.authorized: Callable[[str], bool] | None = (
            bearer_key_check(settings.api_keys) if settings.api_keys else None
        )
        self.memo = ParseMemo()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        # Everything the fast path itself does runs inside this handler: whatever fails in it is
        # the framework's 500 problem, never a bare error from the server.
        sent = _Tracked(send)
        try:
            await self._serve(scope, receive, sent)
        except Exception as exc:
            log_unexpected(exc, path=PATH)
            if not sent.started:
                await _send_problem(sent, internal_error())

    async def _serve(self, scope: Scope, receive: Receive, send: _Tracked) -> None:
        headers = _headers_once(scope["headers"])
        if headers is None or not self._acceptable(headers):
            await self.app(scope, receive, send)
            return
        messages, body = await _receive_body(receive, self.max_body_bytes)
        parsed = self._recall_or_parse(body) if body is not None else None
        if body is None or parsed is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        refresh = wants_refresh(headers.get(b"cache-control", b"").decode("latin-1"))
        await self._answer(scope, send, body, parsed, refresh=refresh)

    def _acceptable(self, headers: dict[bytes, bytes]) -> bool:
        """What the framework checks before the handler runs: Host, API key, media type, size; and
        that the answer is JSON (CSV, GeoJSON and 406 are the framework's)."""
        host = headers.get(b"host")
        if host is not None and not _VALID_HOST.fullmatch(host):  # the framework refuses it (400)
            return False
        if self.authorized is not None and not self.authorized(headers.get(b"authorization", b"").decode("latin-1")):
            return False
        encoding = headers.get(b"content-encoding")
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if unsupported_body(content_type, None if encoding is None else encoding.decode("latin-1")) is not None:
            return False
        accept = headers.get(b"accept")
        if accept is not None and negotiate(accept.decode("latin-1")) is not Format.JSON:
            return False
        length = headers.get(b"content-length", b"")
        return length.isdigit() and int(length) <= self.max_body_bytes

    def _recall_or_parse(self, body: bytes) -> Parsed | None:
        """What ``body`` parses into, or None for whatever the framework must refuse."""
        digest = hashlib.sha256(body).digest()
        parsed = self.memo.get(digest)
        if parsed is None:
            try:
                # The framework's way exactly: the shared reader, then the same lax conversion.
                request = msgspec.convert(read_json(body), ExtractRequest, strict=False)
                document = to_document(request, max_text_chars=self.max_text_chars)
            except (BodyError, msgspec.ValidationError, UnusableText, InvalidField):
                return None  # malformed, wrong types, unusable text: the framework answers with the problem
            parsed = Parsed(self.services.result_key(document), request.id, request.url)
            self.memo.put(digest, parsed)
        return parsed

    def _document_of(self, body: bytes) -> Document:
        """The document of a body that parsed before: only a result to compute needs it again."""
        request = msgspec.convert(read_json(body), ExtractRequest, strict=False)
        return to_document(request, max_text_chars=self.max_text_chars)

    async def _answer(self, scope: Scope, send: Send, body: bytes, parsed: Parsed, *, refresh: bool) -> None:
        # What the access log and metrics read (the framework would set them on its way).
        scope["path_template"] = PATH
        scope.setdefault("state", {})["doc_count"] = 1
        try:
            extraction, status = await self.services.extract_one(
                parsed.key, partial(self._document_of, body), refresh=refresh
            )
        except Overloaded as exc:
            await _send_problem(send, refusal(exc))
            return
        answer = with_identity(extraction, parsed.doc_id, parsed.url)
        await _send(send, 200, _JSON, answer, [(b"x-cache", status.encode()), *_VARY])


class _Tracked:
    """A ``send`` that remembers whether the response has started (after which no problem can follow)."""

    __slots__ = ("send", "started")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)


def _headers_once(raw: list[tuple[bytes, bytes]]) -> dict[bytes, bytes] | None:
    """The headers the fast path reads, or None if one of them is repeated."""
    found: dict[bytes, bytes] = {}
    for name, value in raw:
        lowered = name.lower()
        if lowered in _READ_HEADERS:
            if lowered in found:
                return None
            found[lowered] = value
    return found


async def _receive_body(receive: Receive, limit: int) -> tuple[list[Message], bytes | None]:
    """The messages received and the whole body; None as body if the client left or sent too much."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        size += len(message.get("body", b""))
        if size > limit:
            return messages, None
        if not message.get("more_body", False):
            break
    if len(messages) == 1:
        return messages, messages[0].get("body", b"")
    return messages, b"".join(message.get("body", b"") for message in messages)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that first gives back the messages already taken, then reads on."""
    pending = deque(messages)

    async def replayed() -> Message:
        return pending.popleft() if pending else await receive()

    return replayed


async def _send_problem(send: Send, problem: ApiProblem) -> None:
    headers = [(name.lower().encode(), value.encode()) for name, value in problem.headers.items()]
    await _send(send, problem.status, PROBLEM_MEDIA_TYPE.encode(), problem_bytes(problem.to_problem()), headers)


async def _send(send: Send, status: int, media_type: bytes, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    headers += [(b"content-type", media_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
