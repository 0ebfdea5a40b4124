"""The stored form of a body cached in Redis: a small header that lets a reader reject damaged bytes.

(The in-process store needs none: it hands back the very object it was given.)

Layout: 4-byte magic, 4-byte body length, 4-byte CRC-32 of the body, then the body as given.
A value written by anything else (an old format, a stray ``SET``, a truncated write) fails
one of the three checks and is treated as a miss.
"""

from __future__ import annotations

import struct
import zlib

MAGIC = b"HDC1"
_HEADER = struct.Struct(">4sII")
HEADER_SIZE = _HEADER.size


def seal(body: bytes) -> bytes:
    return _HEADER.pack(MAGIC, len(body), zlib.crc32(body)) + body


def unseal(stored: bytes) -> bytes | None:
    """The body inside ``stored``, or None if it is not an intact envelope."""
    if len(stored) < HEADER_SIZE:
        return None
    magic, length, checksum = _HEADER.unpack_from(stored)
    body = stored[HEADER_SIZE:]
    if magic != MAGIC or length != len(body) or zlib.crc32(body) != checksum:
        return None
    return body
