"""Temporal expressions: explicit dates, month names, weekdays, relative phrases, Hijri dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from service.extraction.dates import find_dates, to_entity, to_ref
from service.extraction.model import DateEntity, DateRef

from .support import flat, normalize, shipped_knowledge

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"
WEDNESDAY = dt.date(2021, 11, 10)  # a Wednesday


def dates(text: str, published: dt.date | None = WEDNESDAY) -> list:
    norm = normalize(text)
    found = [flat(d) for d in find_dates(norm, shipped_knowledge().dates, published)]
    for d in found:
        assert text[d.start : d.end] == d.text
        assert norm.original_text(d.norm_start, d.norm_end) == d.text
    return found


def only(text: str, published: dt.date | None = WEDNESDAY):  # type: ignore[no-untyped-def]
    found = dates(text, published)
    assert len(found) == 1, found
    return found[0]


def window(text: str, published: dt.date | None = WEDNESDAY) -> tuple[str, str | None, str | None, str]:
    d = only(text, published)
    return d.text, _iso(d.earliest), _iso(d.latest), d.precision


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # explicit dates: numeric, day-month-year, paired month names, weekday before a date
        ("قصفت الطائرات البلدة في 12/3/2021 مساء", ("في 12/3/2021", "2021-03-12", "2021-03-12", "day")),
        ("وقع الانفجار 2021-03-12 قرب السوق", ("2021-03-12", "2021-03-12", "2021-03-12", "day")),
        ("قتل الرجل في 12 آذار 2021 برصاص مجهولين", ("في 12 آذار 2021", "2021-03-12", "2021-03-12", "day")),
        ("في 12 آذار/مارس 2021 بدأت المعركة", ("في 12 آذار/مارس 2021", "2021-03-12", "2021-03-12", "day")),
        ("في 3 أيار (مايو) 2019 انسحبت القوات", ("في 3 أيار (مايو) 2019", "2019-05-03", "2019-05-03", "day")),
        ("الثلاثاء 12 أكتوبر 2021 هاجم التنظيم", ("الثلاثاء 12 أكتوبر 2021", "2021-10-12", "2021-10-12", "day")),
        ("في 7 من أغسطس (آب)، قتل", ("في 7 من أغسطس (آب)", "2021-08-07", "2021-08-07", "day")),
        ("في 8 من الشهر الجاري", ("في 8 من الشهر الجاري", "2021-11-08", "2021-11-08", "day")),
        # a day of this month after publication was told last month
        ("في 12 من الشهر الجاري", ("في 12 من الشهر الجاري", "2021-10-12", "2021-10-12", "day")),
        ("في 20 من الشهر الماضي", ("في 20 من الشهر الماضي", "2021-10-20", "2021-10-20", "day")),
        # months: Levantine, Egyptian/Gulf and Maghrebi spellings; parts of a month
        ("في كانون الثاني 2020 تقدمت القوات", ("في كانون الثاني 2020", "2020-01-01", "2020-01-31", "month")),
        ("خلال تشرين الأول 2019", ("خلال تشرين الأول 2019", "2019-10-01", "2019-10-31", "month")),
        ("في أغسطس 2018", ("في أغسطس 2018", "2018-08-01", "2018-08-31", "month")),
        ("في اغسطس 2018", ("في اغسطس 2018", "2018-08-01", "2018-08-31", "month")),
        ("في يوليوز 2018", ("في يوليوز 2018", "2018-07-01", "2018-07-31", "month")),
        ("في فبرایر 2018", ("في فبرایر 2018", "2018-02-01", "2018-02-28", "month")),
        ("في ديسمبر 2017", ("في ديسمبر 2017", "2017-12-01", "2017-12-31", "month")),
        ("منتصف آذار 2020", ("منتصف آذار 2020", "2020-03-11", "2020-03-20", "week")),
        ("منتصف آذار", ("منتصف آذار", "2021-03-11", "2021-03-20", "week")),
        ("أواخر الشهر الماضي", ("أواخر الشهر الماضي", "2021-10-21", "2021-10-31", "week")),
        ("أوائل الشهر", ("أوائل الشهر", "2021-11-01", "2021-11-10", "week")),
        # a month without a year: the latest one on or before publication, a month ahead at most
        ("سيطرت القوات على المدينة في آذار", ("في آذار", "2021-03-01", "2021-03-31", "month")),
        ("بدأت الحملة في تموز", ("في تموز", "2021-07-01", "2021-07-31", "month")),
        ("سيعقد المؤتمر في كانون الأول", ("في كانون الأول", "2021-12-01", "2021-12-31", "month")),
        # years
        ("قتل عام 2019 في قصف", ("عام 2019", "2019-01-01", "2019-12-31", "year")),
        ("في العام 2017 اندلعت", ("في العام 2017", "2017-01-01", "2017-12-31", "year")),
        ("بداية 2018 اقتتال", ("بداية 2018", "2018-01-01", "2018-04-30", "month")),
        ("مطلع العام 2016", ("مطلع العام 2016", "2016-01-01", "2016-04-30", "month")),
        ("خريف 2015 تدخلت", ("خريف 2015", "2015-09-01", "2015-11-30", "month")),
        ("العام الماضي", ("العام الماضي", "2020-01-01", "2020-12-31", "year")),
        ("هذا العام", ("هذا العام", "2021-01-01", "2021-11-10", "year")),
        ("نهاية العام الماضي", ("نهاية العام الماضي", "2020-09-01", "2020-12-31", "month")),
        ("قتل في 2019، في غارة", ("في 2019", "2019-01-01", "2019-12-31", "year")),
        ("في عام 2015م", ("في عام 2015م", "2015-01-01", "2015-12-31", "year")),
        # weekdays: the latest such day on or before publication (a Wednesday)
        ("قصفت الطائرات يوم الثلاثاء القرية", ("يوم الثلاثاء", "2021-11-09", "2021-11-09", "day")),
        ("قصفت الطائرات، الثلاثاء، القرية", ("الثلاثاء", "2021-11-09", "2021-11-09", "day")),
        ("هاجم التنظيم الحاجز الأربعاء", ("الأربعاء", "2021-11-10", "2021-11-10", "day")),
        ("يوم الأربعاء الماضي", ("يوم الأربعاء الماضي", "2021-11-03", "2021-11-03", "day")),
        ("يوم الأحد المقبل", ("يوم الأحد المقبل", "2021-11-14", "2021-11-14", "day")),
        ("فجر الجمعة", ("فجر الجمعة", "2021-11-05", "2021-11-05", "day")),
        ("ليل الخميس - الجمعة", ("ليل الخميس - الجمعة", "2021-11-04", "2021-11-05", "day")),
        ("بعد منتصف ليل الخميس - الجمعة", ("بعد منتصف ليل الخميس - الجمعة", "2021-11-05", "2021-11-05", "day")),
        ("يومي السبت والأحد", ("يومي السبت والأحد", "2021-11-06", "2021-11-07", "day")),
        ("يوم الاثنين", ("يوم الاثنين", "2021-11-08", "2021-11-08", "day")),
        ("اليوم (الأربعاء)", ("اليوم (الأربعاء)", "2021-11-10", "2021-11-10", "day")),
        ("أمس الثلاثاء", ("أمس الثلاثاء", "2021-11-09", "2021-11-09", "day")),
        # days relative to publication
        ("اليوم", ("اليوم", "2021-11-10", "2021-11-10", "day")),
        ("قتل أمس في القصف", ("أمس", "2021-11-09", "2021-11-09", "day")),
        ("وقع بالأمس", ("الأمس", "2021-11-09", "2021-11-09", "day")),
        ("أمس الأول", ("أمس الأول", "2021-11-08", "2021-11-08", "day")),
        ("أول أمس", ("أول أمس", "2021-11-08", "2021-11-08", "day")),
        ("فجر اليوم", ("فجر اليوم", "2021-11-10", "2021-11-10", "day")),
        ("مساء أمس", ("مساء أمس", "2021-11-09", "2021-11-09", "day")),
        ("صباح اليوم", ("صباح اليوم", "2021-11-10", "2021-11-10", "day")),
        ("ليلة أمس", ("ليلة أمس", "2021-11-09", "2021-11-09", "day")),
        ("صباح يوم أمس", ("صباح يوم أمس", "2021-11-09", "2021-11-09", "day")),
        ("يعقد الاجتماع غداً", ("غداً", "2021-11-11", "2021-11-11", "day")),
        # periods relative to publication (weeks start on Saturday)
        ("الأسبوع الماضي", ("الأسبوع الماضي", "2021-10-30", "2021-11-05", "week")),
        ("الأسبوع الجاري", ("الأسبوع الجاري", "2021-11-06", "2021-11-10", "week")),
        ("الأسبوع قبل الماضي", ("الأسبوع قبل الماضي", "2021-10-23", "2021-10-29", "week")),
        ("الشهر الماضي", ("الشهر الماضي", "2021-10-01", "2021-10-31", "month")),
        ("الشهر الجاري", ("الشهر الجاري", "2021-11-01", "2021-11-10", "month")),
        ("هذا الشهر", ("هذا الشهر", "2021-11-01", "2021-11-10", "month")),
        ("السنة الماضية", ("السنة الماضية", "2020-01-01", "2020-12-31", "year")),
        ("منذ بداية العام", ("منذ بداية العام", "2021-01-01", "2021-11-10", "year")),
        ("منذ مطلع الشهر الجاري", ("منذ مطلع الشهر الجاري", "2021-11-01", "2021-11-10", "month")),
        # windows back from publication
        ("منذ أيام", ("منذ أيام", "2021-11-03", "2021-11-10", "week")),
        ("منذ عدة أيام", ("منذ عدة أيام", "2021-11-03", "2021-11-10", "week")),
        ("منذ ثلاثة أيام", ("منذ ثلاثة أيام", "2021-11-07", "2021-11-10", "week")),
        ("منذ نحو شهر", ("منذ نحو شهر", "2021-10-10", "2021-11-10", "month")),
        ("منذ الثلاثاء", ("منذ الثلاثاء", "2021-11-09", "2021-11-10", "day")),
        ("خلال الساعات الـ24 الماضية", ("خلال الساعات الـ24 الماضية", "2021-11-09", "2021-11-10", "day")),
        ("خلال الـ48 ساعة الماضية", ("خلال الـ48 ساعة الماضية", "2021-11-08", "2021-11-10", "week")),
        ("خلال الأيام الثلاثة الماضية", ("خلال الأيام الثلاثة الماضية", "2021-11-07", "2021-11-10", "week")),
        ("في الأيام الأخيرة", ("في الأيام الأخيرة", "2021-11-03", "2021-11-10", "week")),
        ("في الساعات الأخيرة", ("في الساعات الأخيرة", "2021-11-09", "2021-11-10", "day")),
        # a point back from publication
        ("قبل يومين", ("قبل يومين", "2021-11-08", "2021-11-08", "day")),
        ("قبل ثلاثة أيام", ("قبل ثلاثة أيام", "2021-11-07", "2021-11-07", "day")),
        ("قبل 5 أيام", ("قبل 5 أيام", "2021-11-05", "2021-11-05", "day")),
        ("قبل أيام", ("قبل أيام", "2021-11-03", "2021-11-09", "week")),
        ("قبل أسبوع", ("قبل أسبوع", "2021-10-31", "2021-11-06", "week")),
        ("قبل شهرين", ("قبل شهرين", "2021-09-01", "2021-09-30", "month")),
        ("قبل عامين", ("قبل عامين", "2019-01-01", "2019-12-31", "year")),
        # vague
        ("مؤخراً", ("مؤخراً", "2021-10-11", "2021-11-10", "unknown")),
        ("في الآونة الأخيرة", ("في الآونة الأخيرة", "2021-10-11", "2021-11-10", "unknown")),
        # Hijri: Umm al-Qura (the tabular calendar put Dhu al-Hijjah 1440 and Muharram 1443 a day late)
        ("في 15 رمضان 1442 هـ", ("في 15 رمضان 1442 هـ", "2021-04-27", "2021-04-27", "day")),
        ("في ذي الحجة 1440", ("في ذي الحجة 1440", "2019-08-02", "2019-08-30", "month")),
        ("خلال شهر رمضان الماضي", ("خلال شهر رمضان الماضي", "2021-04-13", "2021-05-12", "month")),
        ("في 1 محرم 1443هـ", ("في 1 محرم 1443هـ", "2021-08-09", "2021-08-09", "day")),
    ],
)
def test_windows(text: str, expected: tuple[str, str | None, str | None, str]) -> None:
    assert window(text) == expected


@pytest.mark.parametrize(
    ("published", "earliest", "latest"),
    [
        (dt.date(2021, 11, 10), "2021-08-01", "2021-08-31"),  # August has passed: the same year
        (dt.date(2021, 3, 1), "2020-08-01", "2020-08-31"),  # not yet: the year before
        (dt.date(2021, 8, 20), "2020-08-01", "2020-08-31"),  # in August "آب الماضي" is last year's
    ],
)
def test_named_month_with_past_anchor(published: dt.date, earliest: str, latest: str) -> None:
    assert window("أعلنت روسيا في شهر آب الماضي إطلاق عملية", published) == (
        "في شهر آب الماضي",
        earliest,
        latest,
        "month",
    )


def test_weekday_on_publication_day_and_strictly_before_with_anchor() -> None:
    assert window("قتل الأربعاء،", dt.date(2021, 11, 10))[1] == "2021-11-10"
    assert window("يوم الأربعاء الماضي", dt.date(2021, 11, 10))[1] == "2021-11-03"


def test_datetime_published_at_is_read_as_its_date() -> None:
    assert window("أمس", dt.datetime(2021, 11, 10, 23, 30))[1] == "2021-11-09"


@pytest.mark.parametrize(
    ("text", "precision"),
    [("مؤخراً", "unknown"), ("في شهر آب الماضي", "month"), ("أمس", "day"), ("الأسبوع الماضي", "week")],
)
def test_relative_without_publication_keeps_span_and_precision(text: str, precision: str) -> None:
    d = only(text, None)
    assert (d.earliest, d.latest, d.precision, d.relative) == (None, None, precision, True)


@pytest.mark.parametrize(
    ("text", "earliest"),
    [("في 12 آذار 2021", "2021-03-12"), ("عام 2019", "2019-01-01"), ("12/3/2021", "2021-03-12")],
)
def test_explicit_dates_are_known_without_publication(text: str, earliest: str) -> None:
    d = only(text, None)
    assert (_iso(d.earliest), d.relative) == (earliest, False)


def test_since_an_explicit_year_without_publication_has_an_open_end() -> None:
    d = only("منذ 2011.", None)
    assert (_iso(d.earliest), d.latest) == ("2011-01-01", None)


@pytest.mark.parametrize(
    "text",
    [
        "قتل 12 شخصا",  # a bare number is no date
        "في الساعة 10 صباحا",  # a time of day is no year
        "قبل الساعة 10",  # nor a duration
        "قتل 2000 شخص",  # a four-digit count is no year
        "في 2019 غارة",  # nor after في when a noun follows
        "اللواء 93",
        "مارس ضغوطا على الحكومة",  # مارس is also a verb
        "التقى رمضان قديروف",  # Hijri months are names too
        "تم إحصاء الأيام",  # a unit alone
        "في اليوم التالي",  # a day relative to the story
        "لليوم السابع على التوالي",
        "قتل الاثنين معا",  # "both"
        "احتمال من اثنين",
        "حي باب توما",  # ب + آب is a door
        "الحملات العسكرية السابقة",
        "هذه الأيام",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


def test_offsets_point_into_text_with_diacritics() -> None:
    text = "قُتِلَ رجلٌ أمسِ في 12 آذارَ 2021، بحسب مصادر"
    found = dates(text)
    assert [d.text for d in found] == ["أمسِ", "في 12 آذارَ 2021"]


def test_conversions() -> None:
    d = only("في 12 آذار 2021")
    ref = to_ref(d.mention)
    assert isinstance(ref, DateRef) and not isinstance(ref, DateEntity)
    assert (ref.text, ref.start, ref.end, ref.earliest, ref.precision) == (d.text, d.start, d.end, d.earliest, "day")
    entity = to_entity(d.mention)
    assert isinstance(entity, DateEntity) and entity.latest == dt.date(2021, 3, 12)


def seed_dates(published: dt.date | None) -> list[tuple[str, str | None, str | None, str, bool]]:
    found = dates(SEED.read_text(encoding="utf-8"), published)
    return [(d.text, _iso(d.earliest), _iso(d.latest), d.precision, d.relative) for d in found]


def test_seed_article() -> None:
    found = seed_dates(WEDNESDAY)
    assert [f[0] for f in found] == ["مؤخرا", "في شهر آب الماضي"]
    recently, august = found
    assert recently[2] == "2021-11-10" and recently[1] is not None and recently[1] < "2021-11-10"
    assert recently[3] in ("week", "unknown") and recently[4]
    assert august == ("في شهر آب الماضي", "2021-08-01", "2021-08-31", "month", True)
    assert seed_dates(dt.date(2021, 3, 1))[1][1:3] == ("2020-08-01", "2020-08-31")
    assert [(f[1], f[2]) for f in seed_dates(None)] == [(None, None), (None, None)]
