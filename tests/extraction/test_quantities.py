"""Quantities: digits, number words and compounds, vague amounts, modifiers, duals, exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.extraction.model import Count, QuantityEntity
from service.extraction.quantities import find_quantities, to_count, to_entity

from .support import flat, normalize, shipped_knowledge

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"


def quantities(text: str) -> list:
    norm = normalize(text)
    found = [flat(q) for q in find_quantities(norm, shipped_knowledge().numbers)]
    for q in found:
        assert text[q.start : q.end] == q.text
        assert norm.original_text(q.norm_start, q.norm_end) == q.text
    return found


def only(text: str) -> tuple[str, int | None, int | None, int | None]:
    found = quantities(text)
    assert len(found) == 1, found
    q = found[0]
    return q.text, q.value, q.min, q.max


def noun(text: str) -> str | None:
    """The word the single quantity in ``text`` counts."""
    norm = normalize(text)
    (q,) = quantities(text)
    if q.noun_start is None:
        return None
    return norm.norm[q.noun_start :].split(" ")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits, with thousands separators; decimals only before a multiplier
        ("ذبح 11 سائق شاحنة", ("11", 11, 11, 11)),
        ("قتل ٢٨ شخصا", ("٢٨", 28, 28, 28)),
        ("نزح 1,200 شخص", ("1,200", 1200, 1200, 1200)),
        ("نزح 1.200 شخص", ("1.200", 1200, 1200, 1200)),
        ("نزح 2.5 مليون سوري", ("2.5 مليون", 2500000, 2500000, 2500000)),
        ("قتل 350 ألف شخص", ("350 ألف", 350000, 350000, 350000)),
        ("بقي 135 ألفا من السكان", ("135 ألفا", 135000, 135000, 135000)),
        # units and tens, masculine and feminine, compounds
        ("قتل ثلاثة مدنيين", ("ثلاثة", 3, 3, 3)),
        ("أصيبت ثلاث نساء", ("ثلاث", 3, 3, 3)),
        ("قتل شخص واحد", ("واحد", 1, 1, 1)),
        ("قتل عشرة عناصر", ("عشرة", 10, 10, 10)),
        ("قتل أحد عشر عنصرا", ("أحد عشر", 11, 11, 11)),
        ("قتلت إحدى عشرة امرأة", ("إحدى عشرة", 11, 11, 11)),
        ("اعتقل اثنا عشر شابا", ("اثنا عشر", 12, 12, 12)),
        ("قتل ثلاثة عشر مدنيا", ("ثلاثة عشر", 13, 13, 13)),
        ("قتل عشرون شخصا", ("عشرون", 20, 20, 20)),
        ("قتل عشرين شخصا", ("عشرين", 20, 20, 20)),
        ("قتل ثلاثة وعشرون شخصا", ("ثلاثة وعشرون", 23, 23, 23)),
        ("قتل خمس وأربعين امرأة", ("خمس وأربعين", 45, 45, 45)),
        ("قتل مئة شخص", ("مئة", 100, 100, 100)),
        ("قتل مائة شخص", ("مائة", 100, 100, 100)),
        ("قتل مئتان", ("مئتان", 200, 200, 200)),
        ("قتل مئتين وخمسين شخصا", ("مئتين وخمسين", 250, 250, 250)),
        ("قتل ثلاثمئة شخص", ("ثلاثمئة", 300, 300, 300)),
        ("قتل ثلاث مئة شخص", ("ثلاث مئة", 300, 300, 300)),
        ("قتل مئة وخمسة وعشرون", ("مئة وخمسة وعشرون", 125, 125, 125)),
        ("نزح ألف شخص", ("ألف", 1000, 1000, 1000)),
        ("نزح ألفان", ("ألفان", 2000, 2000, 2000)),
        ("نزح ثلاثة آلاف شخص", ("ثلاثة آلاف", 3000, 3000, 3000)),
        ("نزح الف و500 شخص", ("الف و500", 1500, 1500, 1500)),
        ("نزح أحد عشر ألفا", ("أحد عشر ألفا", 11000, 11000, 11000)),
        ("بين القتلى الثلاثة", ("الثلاثة", 3, 3, 3)),
        # vague amounts (contract: العديد / عدد من 2..null, عشرات 10..99)
        ("نفذت عدة غارات", ("عدة", None, 2, None)),
        ("ذبح العديد من الرعاة", ("العديد", None, 2, None)),
        ("اعتقل عدد من الشبان", ("عدد من", None, 2, None)),
        ("سقط عشرات القتلى", ("عشرات", None, 10, 99)),
        ("سقط العشرات", ("العشرات", None, 10, 99)),
        ("نزح مئات المدنيين", ("مئات", None, 100, 999)),
        ("نزح آلاف المدنيين", ("آلاف", None, 1000, 9999)),
        ("نزح عشرات الآلاف", ("عشرات الآلاف", None, 10000, 99999)),
        ("اعتقل بضعة شبان", ("بضعة", None, 3, 9)),
        # modifiers
        ("قتل نحو 100 مقاتل", ("نحو 100", 100, 100, 100)),
        ("قتل حوالي خمسين شخصا", ("حوالي خمسين", 50, 50, 50)),
        ("أصيب أكثر من 70 شخصا", ("أكثر من 70", 70, 70, None)),
        ("قصف بأكثر من 80 غارة", ("أكثر من 80", 80, 80, None)),
        ("نفذ ما يزيد عن 20 غارة", ("ما يزيد عن 20", 20, 20, None)),
        ("قتل ما لا يقل عن 12 مدنيا", ("ما لا يقل عن 12", 12, 12, None)),
        ("قتل 12 على الأقل", ("12 على الأقل", 12, 12, None)),
        ("قتل 39 شخصاً على الأقل", ("39 شخصاً على الأقل", 39, 39, None)),
        ("قتل أقل من عشرة", ("أقل من عشرة", 10, None, 10)),
        ("قتل بين 10 و15 شخصا", ("بين 10 و15", None, 10, 15)),
        ("قتل ما بين عشرين وثلاثين", ("ما بين عشرين وثلاثين", None, 20, 30)),
        ("قتل ثلاثة أو أربعة أشخاص", ("ثلاثة أو أربعة", None, 3, 4)),
        ("قتل 20-25 شخصا", ("20-25", None, 20, 25)),
        # duals: 2 only where -ين cannot be a plural
        ("قتل عنصرين من الفصيل", ("عنصرين", 2, 2, 2)),
        ("قتل طفلين", ("طفلين", 2, 2, 2)),
        ("قتل شخصين", ("شخصين", 2, 2, 2)),
        ("قتل جنديان", ("جنديان", 2, 2, 2)),
        ("سقط قتيلان", ("قتيلان", 2, 2, 2)),
        ("نفذت غارتين", ("غارتين", 2, 2, 2)),
        ("أصيب مدنيان", ("مدنيان", 2, 2, 2)),
        ("قتل 28 قتيلا", ("28", 28, 28, 28)),
        # digits glued to an Arabic word (scraped text loses spaces) stand apart from it
        ("قال إن26 مدنيا قتلوا", ("26", 26, 26, 26)),
        ("أوقعت13 قتيلا", ("13", 13, 13, 13)),
        ("لقي 15مسلحا مصرعهم", ("15", 15, 15, 15)),
    ],
)
def test_amounts(text: str, expected: tuple[str, int | None, int | None, int | None]) -> None:
    assert only(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قتل مدنيين",  # a plural, not a dual
        "هاجم مقاتلين",
        "قتل مسلحين",
        "قتل في عام 2019",  # years
        "قتل في العام 2017",
        "بداية 2018 اقتتال",
        "في آذار 2018 قتل",
        "منذ 2011.",
        "في 2019، قتل",
        "الفرقة 25",  # labels
        "واللواء 93",
        "رقم 5",
        "في الساعة 10",  # a time of day
        "12 آذار",  # dates
        "في 12/3/2021",
        "في 15 رمضان",
        "الحادي عشر من سبتمبر",  # an ordinal
        "قبل ثلاثة أيام",  # durations and ages
        "منذ 5 سنوات",
        "قال شاب (38 عاماً)",
        "أحد سكان المنطقة",  # "one of"
        "إحدى الغارات",
        "قائد ميداني وأحد العناصر",
        "الحصار على SY24",  # digits inside a word
        "طائرات F16",
        "في عام2015",  # a year glued to its word is still a year
        "يوم الاثنين",  # Monday
    ],
)
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ذبح 11 سائق شاحنة", "سايق"),
        ("نفذت عدة غارات جوية", "غارات"),
        ("ذبح العديد من رعاة الأغنام", "رعاه"),  # past a partitive من
        ("قتل 3 من عناصر اللواء", "عناصر"),
        ("قتل عنصرين", "عنصرين"),  # a dual counts itself
        ("نفذ الطيران غارات عدة، على المدينة", None),  # the noun comes first
        ("قتل 5 في القصف", None),
    ],
)
def test_noun_start(text: str, expected: str | None) -> None:
    assert noun(text) == expected


def test_several_quantities_in_a_sentence() -> None:
    found = quantities("قتل 18 مدنيا بينهم 6 أطفال و5 نساء وخمسة مدنيين وعشرة مقاتلين")
    assert [(q.text, q.value) for q in found] == [("18", 18), ("6", 6), ("5", 5), ("خمسة", 5), ("عشرة", 10)]


def test_conversions() -> None:
    (q,) = quantities("قتل أكثر من 70 شخصا")
    assert to_count(q.mention) == Count(min=70, max=None, text="أكثر من 70")
    entity = to_entity(q.mention)
    assert isinstance(entity, QuantityEntity)
    assert (entity.value, entity.min, entity.max, entity.start, entity.end) == (70, 70, None, q.start, q.end)


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    norm = normalize(text)
    found = quantities(text)
    assert [(q.text, q.value, q.min, q.max) for q in found] == [
        ("عدة", None, 2, None),
        ("العديد", None, 2, None),
        ("عدة", None, 2, None),
        ("11", 11, 11, 11),
    ]
    nouns = [norm.norm[q.noun_start :].split(" ")[0] if q.noun_start is not None else None for q in found]
    assert nouns == ["غارات", "رعاه", "هجمات", "سايق"]
    eleven = found[-1]
    assert text[eleven.start : eleven.end] == "11"
    assert norm.original_text(eleven.noun_start, eleven.noun_start + 4) == "سائق"
