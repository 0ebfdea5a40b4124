"""Victim groups: lexicon forms, accusative after numbers, blocks, state fighters as soldiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.extraction.actors import find_actors
from service.extraction.model import VictimEntity, VictimGroup
from service.extraction.victims import find_victims, to_entity, to_group

from .support import flat, normalize, shipped_knowledge

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"


def victims(text: str, *, with_actors: bool = False) -> list:
    knowledge = shipped_knowledge()
    norm = normalize(text)
    actors = find_actors(norm, knowledge.actors) if with_actors else ()
    found = [flat(v) for v in find_victims(norm, knowledge.victims, actors)]
    for v in found:
        assert text[v.start : v.end] == v.text
    return found


def groups(text: str) -> list[tuple[str, str, bool]]:
    return [(v.text, v.category, v.civilian) for v in victims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ذبح العديد من رعاة الأغنام", ("رعاة الأغنام", "shepherds", True)),
        ("قتل راعي أغنام", ("راعي أغنام", "shepherds", True)),
        ("ذبح 11 سائق شاحنة", ("سائق شاحنة", "truck_drivers", True)),
        ("استهدف سائقي الصهاريج", ("سائقي الصهاريج", "truck_drivers", True)),
        ("مقتل خمسة مدنيين", ("مدنيين", "civilians", True)),
        ("قتل 39 شخصاً", ("شخصاً", "civilians", True)),
        ("أصيب مواطنان", ("مواطنان", "civilians", True)),
        ("بينهم 12 طفلاً", ("طفلاً", "children", True)),
        ("قتلت طفلتان", ("طفلتان", "children", True)),
        ("وجرحت امرأتان", ("امرأتان", "women", True)),
        ("أصيب صحفي", ("صحفي", "journalists", True)),
        ("اعتقال عدد من المسعفين", ("المسعفين", "medics", True)),
        ("قتل مزارعون", ("مزارعون", "farmers", True)),
        ("تعذيب المعتقلين", ("المعتقلين", "detainees", True)),
        ("قصف خيام النازحين", ("النازحين", "displaced", True)),
        ("مقتل 17 مقاتلاً", ("مقاتلاً", "fighters", False)),
        # fighters as their enemies name them, counted
        ("مقتل 14 جهادياً", ("جهادياً", "fighters", False)),
        ("قتل 12 مسلحاً", ("مسلحاً", "fighters", False)),
        ("مقتل 9 متشددين", ("متشددين", "fighters", False)),
        ("قتل جنديان", ("جنديان", "soldiers", False)),
        ("أسر ضباط", ("ضباط", "soldiers", False)),
    ],
)
def test_victim_forms(text: str, expected: tuple[str, str, bool]) -> None:
    assert groups(text) == [expected]


def test_the_article_belongs_to_the_span() -> None:
    assert groups("وقتل المقاتلين") == [("المقاتلين", "fighters", False)]


def test_the_longest_phrase_wins() -> None:
    assert groups("رعاة الماشية") == [("رعاة الماشية", "shepherds", True)]
    assert groups("عناصر الأمن") == [("عناصر الأمن", "soldiers", False)]


def test_phrases_that_name_no_people_are_blocked() -> None:
    assert groups("انتشلت فرق الدفاع المدني الجثث") == []
    assert groups("يتحمل المسؤول عن الهجوم") == []


def test_a_singular_that_is_also_a_verb_is_not_listed() -> None:
    assert groups("طالب الأهالي بالحماية") == [("الأهالي", "civilians", True)]
    assert groups("أسر عناصر الفصيل") == [("عناصر", "fighters", False)]  # أسر: captured, not families


def test_an_imam_is_not_the_preposition_in_front_of() -> None:
    assert groups("تجمعوا أمام المسجد") == []
    assert groups("قتل إمام مسجد") == [("إمام مسجد", "clergy", True)]


def test_a_definite_adjective_stays_in_the_phrase() -> None:
    assert groups("قال الناشط الإعلامي") == [("الناشط الإعلامي", "journalists", True)]


def test_fighters_of_state_forces_are_soldiers() -> None:
    found = victims("قتل ثلاثة عناصر من قوات النظام", with_actors=True)
    assert [(v.text, v.category, v.civilian) for v in found] == [("عناصر", "soldiers", False)]
    found = victims("قتل ثلاثة عناصر من فصائل المعارضة", with_actors=True)
    assert [(v.text, v.category) for v in found] == [("عناصر", "fighters")]
    # "على الأقل" between, or the name read from the members' noun on ("عناصر قوات النظام")
    found = victims("قتل 36 عنصرا على الأقل من قوات النظام", with_actors=True)
    assert [(v.text, v.category) for v in found] == [("عنصرا", "soldiers")]
    found = victims("قتل عدد من عناصر قوات النظام", with_actors=True)
    assert [(v.text, v.category) for v in found] == [("عناصر", "soldiers")]


def test_protesters_are_a_group_of_their_own() -> None:
    assert groups("قتل اثنان من المحتجين وأصيب متظاهر") == [
        ("المحتجين", "protesters", True),
        ("متظاهر", "protesters", True),
    ]


def test_the_ranks_of_a_side_name_its_members() -> None:
    found = victims("سقط قتلى وجرحى في صفوف قوات النظام قرب المطار", with_actors=True)
    assert [(v.text, v.category) for v in found] == [("صفوف قوات النظام", "soldiers")]
    found = victims("أوقع الكمين إصابات في صفوف هيئة تحرير الشام", with_actors=True)
    assert [(v.text, v.category) for v in found] == [("صفوف هيئة تحرير الشام", "fighters")]
    assert victims("تقف قوات النظام في الصفوف الأولى", with_actors=True) == []


def test_casualties_of_a_side_are_its_members() -> None:
    knowledge = shipped_knowledge()
    for text, expected in [
        ("أفادت مصادر بسقوط قتلى من قوات النظام قرب المطار", ("قتلى من قوات النظام", "soldiers")),
        ("سقط جرحى من هيئة تحرير الشام في الكمين", ("جرحى من هيئة تحرير الشام", "fighters")),
    ]:
        norm = normalize(text)
        found = find_victims(norm, knowledge.victims, find_actors(norm, knowledge.actors), knowledge.roles.self_counts)
        assert [(norm.original_text(v.start, v.end), v.value.category) for v in found] == [expected]


def test_conversion_to_contract_types() -> None:
    [v] = victims("مقتل 3 مدنيين")
    assert to_entity(v.mention) == VictimEntity(text="مدنيين", start=7, end=13, category="civilians", civilian=True)
    assert to_group(v.mention) == VictimGroup(category="civilians", text="مدنيين", start=7, end=13, civilian=True)


def test_seed_article_victims() -> None:
    found = victims(SEED.read_text(encoding="utf-8"))
    assert [(v.text, v.category) for v in found] == [
        ("زعماء عشائر", "officials"),
        ("مقاتلين", "fighters"),
        ("سكان المنطقة", "civilians"),
        ("رعاة الأغنام", "shepherds"),
        ("أهالي", "civilians"),
        ("سائق شاحنة", "truck_drivers"),
    ]
