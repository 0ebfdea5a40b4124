"""Choosing a format from the Accept header."""

from __future__ import annotations

import pytest

from service.exports import Format, negotiate


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, Format.JSON),
        ("", Format.JSON),
        ("*/*", Format.JSON),
        ("application/json", Format.JSON),
        ("text/csv", Format.ACLED_CSV),
        ("TEXT/CSV; charset=utf-8", Format.ACLED_CSV),
        ("application/geo+json", Format.GEOJSON),
        ("text/*", Format.ACLED_CSV),
        ("application/*", Format.JSON),
        ("application/json;q=0.5, text/csv", Format.ACLED_CSV),
        ("text/csv;q=0.2, application/geo+json;q=0.9, */*;q=0.1", Format.GEOJSON),
        ("*/*, application/json;q=0", Format.ACLED_CSV),
        ("text/html, application/xhtml+xml, */*;q=0.8", Format.JSON),
        ("text/csv;q=2, application/json", Format.JSON),  # an invalid q drops its range
        ("garbage", Format.JSON),  # nothing readable: as if absent
        ("text/html", None),
        ("application/json;q=0", None),
        ("image/*", None),
    ],
)
def test_negotiate(accept: str | None, expected: Format | None) -> None:
    assert negotiate(accept) is expected
