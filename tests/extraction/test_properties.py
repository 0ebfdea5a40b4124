"""Properties of extract() on any input: it never raises, and every span points into the text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.extraction import Document, extract
from service.extraction.model import Extraction

from ..conftest import shipped_knowledge

# Words the lexicons know, so that generated text reaches the incident stage too.
VOCABULARY = [
    "قصفت",
    "قوات",
    "النظام",
    "غارات",
    "جوية",
    "على",
    "ريف",
    "دير",
    "الزور",
    "الغربي",
    "مقتل",
    "11",
    "مدنيين",
    "أمس",
    "داعش",
    "في",
    "بلدة",
    "سرمدا",
    "بهدف",
    "شن",
    "عملية",
    "عسكرية",
    "اشتباكات",
    "بين",
    "و",
    "الفصائل",
    "،",
    ".",
    "\n",
    "آب",
    "الماضي",
    "عدة",
    "طائرة",
    "مسيرة",
    "ذبح",
    "سائق",
    "شاحنة",
    "«",
    "»",
    "“",
    "”",
    "ـ",
    "َ",
    "ّ",
    "٣",
    "ﻻ",
    "\u200c",
    "  ",
]
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(VOCABULARY), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=3)), max_size=60).map("".join),
)


def spans(value: Any) -> Iterator[Any]:
    """Every struct with start/end/text inside an Extraction."""
    if isinstance(value, list):
        for item in value:
            yield from spans(item)
    elif hasattr(value, "__struct_fields__"):
        if {"start", "end", "text"} <= set(value.__struct_fields__):
            yield value
        for name in value.__struct_fields__:
            yield from spans(getattr(value, name))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))))
def test_every_span_points_into_the_callers_text(text: str, published: dt.date | None) -> None:
    extraction = extract(Document(text=text, published_at=published), shipped_knowledge())
    assert isinstance(extraction, Extraction)
    for span in spans(extraction):
        assert text[span.start : span.end] == span.text


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_extraction_is_deterministic(text: str) -> None:
    assert extract(Document(text=text), shipped_knowledge()) == extract(Document(text=text), shipped_knowledge())
