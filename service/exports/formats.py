"""The output formats and choosing one from an HTTP ``Accept`` header (RFC 9110 content negotiation)."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    JSON = "jsonl"  # JSON over HTTP, one JSON document per line in the CLI
    ACLED_CSV = "acled-csv"
    GEOJSON = "geojson"


JSON_MEDIA_TYPE = "application/json"
CSV_MEDIA_TYPE = "text/csv"
GEOJSON_MEDIA_TYPE = "application/geo+json"

# In the server's order of preference, for ties in quality.
MEDIA_TYPES = {JSON_MEDIA_TYPE: Format.JSON, CSV_MEDIA_TYPE: Format.ACLED_CSV, GEOJSON_MEDIA_TYPE: Format.GEOJSON}


def negotiate(accept: str | None) -> Format | None:
    """The format to answer an ``Accept`` header with: JSON when there is none, None when nothing offered fits.

    Each offered type takes the quality of the most specific range that matches it
    (``text/csv`` over ``text/*`` over ``*/*``); the highest quality wins, ties going to JSON,
    then CSV, then GeoJSON. Unreadable parts of the header are ignored; a header with no
    readable part counts as absent.
    """
    ranges = _ranges(accept or "")
    if not ranges:
        return Format.JSON
    best: tuple[float, Format] | None = None
    for media_type, fmt in MEDIA_TYPES.items():
        quality = _quality(media_type, ranges)
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, fmt)
    return best[1] if best else None


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media_range, *parameters = (piece.strip() for piece in part.split(";"))
        media_range = media_range.lower()
        if media_range.count("/") != 1 or not all(media_range.split("/")):
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = _q_value(value.strip())
        if quality >= 0:
            ranges.append((media_range, quality))
    return ranges


def _q_value(text: str) -> float:
    """A qvalue (0 to 1, up to three decimals); -1 for one that is not valid."""
    try:
        value = float(text)
    except ValueError:
        return -1.0
    return value if 0.0 <= value <= 1.0 and len(text) <= 5 else -1.0


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    kind = media_type.split("/")[0]
    specific = [q for r, q in ranges if r == media_type]
    if specific:
        return max(specific)
    family = [q for r, q in ranges if r == f"{kind}/*"]
    if family:
        return max(family)
    anything = [q for r, q in ranges if r == "*/*"]
    return max(anything) if anything else 0.0
