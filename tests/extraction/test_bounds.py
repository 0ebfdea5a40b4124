"""Date and number computations are bounded: no publication date and no run of digits makes
``extract()`` raise. A date outside the representable range is no date; a number too large is
no count (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.extraction import Document, extract
from service.extraction.model import DateEntity, Extraction, QuantityEntity

from ..conftest import shipped_knowledge

# Phrases that move a date away from publication, by days, weeks, months, years and holidays.
RELATIVE = [
    "أمس",
    "غدا",
    "بعد بكرة",
    "قبل أمس",
    "الأسبوع الماضي",
    "الأسبوع المقبل",
    "الشهر الماضي",
    "الشهر المقبل",
    "العام الماضي",
    "السنة المقبلة",
    "قبل عامين",
    "منذ 5 سنوات",
    "خلال الأسابيع الثلاثة القادمة",
    "في آب الماضي",
    "يوم الأحد المقبل",
    "يوم الخميس الماضي",
    "السبت السادس عشر",
    "الجمعة الأولى من الشهر المقبل",
    "آخر يوم من العام المقبل",
    "عيد الأضحى المقبل",
    "عيد الميلاد الماضي",
    "رأس السنة",
    "في رمضان",
    "في 12 من الشهر الجاري",
    "من 13 إلى 15 تموز",
    "مؤخرا",
]
EDGES = [dt.date.min, dt.date.min + dt.timedelta(days=3), dt.date.max, dt.date.max - dt.timedelta(days=3)]


def dated(extraction: Extraction) -> list[DateEntity]:
    return [e for e in extraction.entities if isinstance(e, DateEntity)]


@pytest.mark.parametrize("published", EDGES, ids=str)
@pytest.mark.parametrize("phrase", RELATIVE)
def test_relative_dates_at_the_ends_of_the_calendar(phrase: str, published: dt.date) -> None:
    extraction = extract(
        Document(text=f"قتل ثلاثة مدنيين {phrase} في قصف", published_at=published), shipped_knowledge()
    )
    for date in dated(extraction):
        assert date.earliest is None or dt.date.min <= date.earliest <= dt.date.max


@pytest.mark.parametrize(("phrase", "published"), [("أمس", dt.date.min), ("غدا", dt.date.max)])
def test_a_day_beyond_the_calendar_is_no_date(phrase: str, published: dt.date) -> None:
    assert dated(extract(Document(text=f"قتل رجل {phrase}", published_at=published), shipped_knowledge())) == []


@pytest.mark.parametrize("digits", [300, 400, 5000])
def test_a_number_too_large_is_no_count(digits: int) -> None:
    extraction = extract(Document(text=f"قتل {'9' * digits} مدنيا في القصف"), shipped_knowledge())
    assert [e for e in extraction.entities if isinstance(e, QuantityEntity)] == []
    assert all(i.casualties.killed is None for i in extraction.incidents)


WORDS = st.sampled_from([*RELATIVE, "قتل", "مدنيين", "ألف", "مليون", "مليار", "فاصلة", "سالب", "-", ".", ",", "٫", "٬"])
DIGITS = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=400)
TEXT = st.lists(st.one_of(WORDS, DIGITS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.one_of(st.none(), st.dates(dt.date.min, dt.date.max)))
def test_extract_never_raises_on_any_publication_date_or_digits(text: str, published: dt.date | None) -> None:
    extraction = extract(Document(text=text, published_at=published), shipped_knowledge())
    for entity in extraction.entities:
        if isinstance(entity, QuantityEntity) and entity.value is not None:
            assert 0 <= entity.value <= 10**15
