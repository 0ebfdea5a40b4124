"""The stored form of a body cached in Redis: it proves which entry it is, and with a secret who wrote it.

(The in-process store needs none: it hands back the very object it was given.)

A cache key names one document (its digest) under one schema, extractor and knowledge-pack
version (``keys.cache_key``). The envelope carries that key, so an entry copied or written under
another key, another document's answer or another version's, does not open there. Without a
secret, a checksum (CRC-32 over the key and the body) catches damage: a truncated write, a
stray ``SET``, an old format. With ``HADATH_CACHE_SECRET`` set, an HMAC-SHA256 under the secret
replaces it: whoever can write to Redis but does not hold the secret cannot make an entry that
opens, so cannot choose the answers.

Layout: 4-byte magic (``HDC2`` checksum, ``HDS2`` HMAC), 2-byte key length, 4-byte body length,
the tag (4 bytes of CRC-32 or 32 of HMAC) over everything else, then the key and the body.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
import zlib
from typing import Literal

CHECKSUM_MAGIC = b"HDC2"
SIGNED_MAGIC = b"HDS2"
_HEADER = struct.Struct(">4sHI")
HEADER_SIZE = _HEADER.size
_CRC = struct.Struct(">I")

Rejection = Literal["damaged", "misplaced", "unsigned"]


class Sealer:
    """Seals bodies under their key, and opens only what was sealed under the same key (and secret)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or None
        self.magic = SIGNED_MAGIC if self._secret else CHECKSUM_MAGIC
        self.tag_size = hashlib.sha256().digest_size if self._secret else _CRC.size

    def seal(self, key: str, body: bytes) -> bytes:
        encoded = key.encode()
        header = _HEADER.pack(self.magic, len(encoded), len(body))
        return header + self._tag(header, encoded, body) + encoded + body

    def open(self, key: str, stored: bytes) -> tuple[bytes | None, Rejection | None]:
        """The body in ``stored`` if it was sealed under ``key`` (and this secret); else None and why."""
        if len(stored) < HEADER_SIZE:
            return None, "damaged"
        magic, key_length, body_length = _HEADER.unpack_from(stored)
        if magic != self.magic:
            # The other kind of seal: written without the secret this reader has, or with one it lacks.
            return None, "unsigned" if magic in (CHECKSUM_MAGIC, SIGNED_MAGIC) else "damaged"
        start = HEADER_SIZE + self.tag_size
        if len(stored) != start + key_length + body_length:
            return None, "damaged"
        header, tag = stored[:HEADER_SIZE], stored[HEADER_SIZE:start]
        stored_key, body = stored[start : start + key_length], stored[start + key_length :]
        if not hmac.compare_digest(tag, self._tag(header, stored_key, body)):
            return None, "unsigned" if self._secret else "damaged"
        if stored_key != key.encode():
            return None, "misplaced"
        return body, None

    def _tag(self, header: bytes, key: bytes, body: bytes) -> bytes:
        if self._secret is None:
            return _CRC.pack(zlib.crc32(body, zlib.crc32(key, zlib.crc32(header))))
        mac = hmac.new(self._secret, header, hashlib.sha256)
        mac.update(key)
        mac.update(body)
        return mac.digest()
