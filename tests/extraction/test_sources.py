"""Attributions: source phrases, heads with names, residents' names, references back."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.extraction import Document, extract
from service.extraction.model import Attribution, SourceEntity
from service.extraction.sources import find_sources, to_attribution, to_entity

from .support import flat, normalize, shipped_knowledge

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"


def sources(text: str) -> list:
    found = [flat(s) for s in find_sources(normalize(text), shipped_knowledge().sources)]
    for s in found:
        assert text[s.start : s.end] == s.text
    return found


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.kind) for s in sources(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وذكرت مصادر محلية أن", ("مصادر محلية", "local_sources")),
        ("وتحدثت مصادر أهلية من ريف الرقة", ("مصادر أهلية", "local_sources")),
        ("وقال ناشطون إن", ("ناشطون", "local_sources")),
        ("أفاد المرصد السوري لحقوق الإنسان بأن", ("المرصد السوري لحقوق الإنسان", "monitor")),
        ("وثقت الشبكة السورية لحقوق الإنسان", ("الشبكة السورية لحقوق الإنسان", "monitor")),
        ("بحسب ما نقلت وكالة سانا", ("وكالة سانا", "outlet")),
        ("وفق وكالة فرانس برس", ("وكالة فرانس برس", "outlet")),
        ("ذكرت رويترز", ("رويترز", "outlet")),
        ("وقال في حديث خاص لمنصة SY24", ("منصة SY24", "outlet")),
        ("وقال مراسل SY24 إن", ("مراسل SY24", "outlet")),
        ("قالت وزارة الدفاع الروسية في بيان", ("وزارة الدفاع الروسية", "military_statement")),
        ("أعلن الدفاع المدني", ("الدفاع المدني", "official")),
        ("نشرت وسائل إعلام موالية", ("وسائل إعلام موالية", "media")),
        ("قال شهود عيان", ("شهود عيان", "resident")),
    ],
)
def test_source_phrases(text: str, expected: tuple[str, str]) -> None:
    assert kinds(text) == [expected]


def test_a_statement_is_an_official_source() -> None:
    assert kinds("وجاء في بيان أن") == [("بيان", "official")]


def test_a_channel_right_after_a_source_belongs_to_it() -> None:
    assert kinds("وقال المرصد السوري في تقرير له") == [("المرصد السوري", "monitor")]
    assert kinds("نشر تقرير عن الأوضاع") == []


def test_a_head_joins_the_outlet_named_after_it() -> None:
    assert kinds("نقلت شبكة “صدى الوادي” المحلية") == [("شبكة “صدى الوادي”", "outlet")]
    assert kinds("بحسب موقع Deir24") == [("موقع Deir24", "outlet")]
    assert kinds("وفق شبكة عين الفرات") == [("شبكة عين الفرات", "outlet")]


def test_a_reporter_names_the_outlet_after_it() -> None:
    assert kinds("وأفاد مراسل الميادين بسقوط قذائف") == [("مراسل الميادين", "outlet")]
    assert kinds("وأفاد مراسلنا في الميادين بسقوط قذائف") == [("مراسلنا", "outlet")]  # a town after في
    assert kinds("قال موقع الحادث") == []  # only a reporter takes a definite word as its outlet


def test_a_channels_sources_glued_to_its_name_are_the_outlet_not_the_town() -> None:
    """Crawled text glues them ("مصادرالميادين"); set apart, the channel's sources stay an outlet,
    and the town of the same name is no place of the incident."""
    assert kinds("وأكدت مصادرالميادين سقوط قذائف على البلدة") == [("مصادرالميادين", "outlet")]
    [incident] = extract(
        Document(text="وأكدت مصادرالميادين سقوط قذائف على بلدة كفرنبل في ريف إدلب"), shipped_knowledge()
    ).incidents
    assert [place.text for place in incident.locations] == ["بلدة كفرنبل", "ريف إدلب"]


def test_a_position_is_not_an_outlet() -> None:
    assert kinds("قصفت موقع عسكري") == []


def test_a_source_inside_a_body_takes_the_body_kind() -> None:
    assert kinds("وقال مصدر في الدفاع المدني لفرانس برس") == [
        ("مصدر في الدفاع المدني", "official"),
        ("فرانس برس", "outlet"),
    ]


def test_a_bare_source_of_shells_is_no_attribution() -> None:
    assert kinds("مصدر القذائف مواقع الفصائل") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال أحمد، أحد سكان المنطقة، إن", "أحمد، أحد سكان المنطقة"),
        ("وأشار “أحمد” وهو أحد سكان المنطقة، إلى أن", "“أحمد” وهو أحد سكان المنطقة"),
        ("وقال محمد العلي أحد أهالي القرية إن", "محمد العلي أحد أهالي القرية"),
        ("وقال أبو خالد، أحد سكان الحي", "أبو خالد، أحد سكان الحي"),
        ("خالد، من سكان البلدة، قال", "خالد، من سكان البلدة"),
        ("وأفاد “سامر” (اسم مستعار)، وهو من سكان البلدة، بأن", "“سامر” (اسم مستعار)، وهو من سكان البلدة"),
    ],
)
def test_a_named_resident_joins_the_descriptor(text: str, expected: str) -> None:
    assert kinds(text) == [(expected, "resident")]


def test_a_descriptor_without_a_name() -> None:
    assert kinds("وقال أحد سكان المنطقة إن") == [("أحد سكان المنطقة", "resident")]
    assert kinds("وقال في حديث لمنصتنا، أحد سكان المدينة") == [("أحد سكان المدينة", "resident")]


def test_these_sources_take_the_kind_of_the_last_source() -> None:
    found = sources("أفاد المرصد السوري بمقتل شخصين. وذكرت هذه المصادر أن")
    assert [(s.text, s.kind, s.generic) for s in found] == [
        ("المرصد السوري", "monitor", False),
        ("هذه المصادر", "monitor", True),
    ]
    assert kinds("وأضاف المصدر أن") == []


def test_conversion_to_contract_types() -> None:
    [s] = sources("ذكرت مصادر محلية")
    assert to_entity(s.mention) == SourceEntity(text="مصادر محلية", start=5, end=16, source_kind="local_sources")
    assert to_attribution(s.mention) == Attribution(kind="local_sources", text="مصادر محلية", start=5, end=16)


def test_seed_article_sources() -> None:
    found = sources(SEED.read_text(encoding="utf-8"))
    assert [(s.text, s.kind) for s in found] == [
        ("SY24", "outlet"),
        ("مصادر أهلية", "local_sources"),
        ("هذه المصادر", "local_sources"),
        ("مصادر محلية", "local_sources"),
        ("“أحمد” وهو أحد سكان المنطقة", "resident"),
        ("منصة SY24", "outlet"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('وذكر موقع "والا" الإسرائيلي أن الوزير وصل.', [('موقع "والا"', "outlet")]),
        ('وقال قائد ميداني لموقع "عنب بلدي" إن القصف استمر.', [('موقع "عنب بلدي"', "outlet")]),
        ('وبحسب موقع "سويداء 24" فإن القصف استمر.', [('موقع "سويداء 24"', "outlet")]),
        ('ونشر على موقع "يوتيوب" شريطا مصورا.', [('موقع "يوتيوب"', "outlet")]),
        # a position the fighting is about, not a website
        ('وقصفت المقاومة موقع "المرج" العسكري بقذائف المدفعية.', []),
        ('واستهدف المقاتلون تجمعا للجنود قرب موقع "المطلة".', []),
        ('وشن الجيش هجوما على موقع "الراهب" قرب الحدود.', []),
    ],
)
def test_a_site_is_an_outlet_only_where_a_report_is_attributed_to_it(text: str, expected: list) -> None:
    assert kinds(text) == expected
