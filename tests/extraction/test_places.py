"""Place phrases: gazetteer names, qualifiers, cues, ambiguity and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.extraction import DEFAULT_PACK
from service.extraction.model import Place, PlaceEntity
from service.extraction.pack import Pack
from service.extraction.places import find_places, to_entity, to_place

from ..conftest import shipped_knowledge

PACK = Pack(DEFAULT_PACK)
data_rows = PACK.rows

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"

QUALIFIERS = {
    "countryside", "western_countryside", "eastern_countryside", "northern_countryside",
    "southern_countryside", "northwestern_countryside", "northeastern_countryside",
    "southwestern_countryside", "southeastern_countryside", "city", "town", "village",
    "neighbourhood", "camp", "desert", "east_bank", "west_bank", "outskirts", "near",
    "north_of", "south_of", "east_of", "west_of", "northeast_of", "northwest_of",
    "southeast_of", "southwest_of",
}  # fmt: skip


def places(text: str, title: str | None = None) -> list[PlaceEntity]:
    """Place mentions as the response's entities (offsets into ``text``)."""
    knowledge = shipped_knowledge()
    normalize = knowledge.normalizer
    found = find_places(normalize(text), knowledge.places, title=normalize(title) if title else None)
    for p in found:
        assert text[p.orig_start : p.orig_end] == p.text
    return [to_entity(p) for p in found]


def only(text: str, title: str | None = None) -> PlaceEntity:
    found = places(text, title)
    assert len(found) == 1, [p.text for p in found]
    return found[0]


# The data


def test_gazetteer_holds_every_admin_unit_once() -> None:
    rows = data_rows("gazetteer.tsv")
    levels = [r["admin_level"] for r in rows]
    assert (levels.count("1"), levels.count("2"), levels.count("3")) == (14, 62, 270)
    assert levels.count("4") > 7500
    assert len({r["pcode"] for r in rows}) == len(rows)


def test_data_files_say_where_they_come_from() -> None:
    for name in ("gazetteer.tsv", "places_extra.tsv", "place_qualifiers.tsv", "place_stopwords.tsv"):
        first = (DEFAULT_PACK / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#"), name


def test_qualifier_lexicon_uses_known_values() -> None:
    rules = data_rows("place_qualifiers.tsv")
    assert {r["qualifier"] for r in rules if r["qualifier"]} <= QUALIFIERS
    assert {r["position"] for r in rules} == {"cue", "before", "after", "bare", "weak"}


def test_countries_use_iso_codes() -> None:
    countries = data_rows("world_countries.tsv")
    assert len(countries) >= 240
    assert all(len(r["code"]) == 2 and r["code"].isupper() and len(r["country"]) == 3 for r in countries)
    assert all(r["id"] == f"country:{r['code']}" for r in countries)
    [home] = [r for r in data_rows("places_extra.tsv") if r["kind"] == "home"]
    assert home["pcode"] == "SY"


# Governorates, towns and the cues that tell them apart


def test_bare_governorate_name_is_the_governorate() -> None:
    p = only("اشتباكات عنيفة في دير الزور")
    assert (p.pcode, p.admin_level, p.admin1_pcode, p.geo_precision) == ("SY09", 1, "SY09", 3)
    assert p.admin1_en == "Deir-ez-Zor" and p.lat and p.lon


def test_city_cue_picks_the_town_not_the_governorate() -> None:
    p = only("سقطت قذائف على مدينة دير الزور")
    assert (p.text, p.pcode, p.admin_level, p.qualifier, p.geo_precision) == (
        "مدينة دير الزور",
        "C5086",
        4,
        "city",
        1,
    )


def test_city_cue_picks_the_town_not_the_district() -> None:
    p = only("غارة على مدينة البوكمال")
    assert (p.text, p.pcode, p.admin2_pcode, p.qualifier) == ("مدينة البوكمال", "C5167", "SY0902", "city")


def test_bare_district_seat_is_the_town() -> None:
    p = only("دخلت الدورية إلى الميادين")
    assert (p.pcode, p.admin_level, p.geo_precision) == ("C5192", 4, 1)


def test_governorate_cue() -> None:
    p = only("أعلنت السلطات في محافظة الرقة حظر التجول")
    assert (p.text, p.pcode, p.geo_precision) == ("محافظة الرقة", "SY11", 3)


def test_village_cue_and_compound_name() -> None:
    p = only("نزح الأهالي من قرية كفر عويد")
    assert (p.text, p.pcode, p.admin1_pcode, p.qualifier) == ("قرية كفر عويد", "C4062", "SY07", "village")


def test_names_written_as_one_word() -> None:
    p = only("جرت المعارك في مدينة كفرنبل")
    assert (p.pcode, p.name_en) == ("C4068", "Kafr Nobol")
    assert only("تسعى لتجنيد أبناء ديرالزور").pcode == "SY09"


def test_spelling_variants_fold_to_one_unit() -> None:
    assert only("قصف على إدلب").pcode == only("قصف على ادلب").pcode == "SY07"


def test_unknown_name_after_a_cue_is_kept_unresolved() -> None:
    p = only("نزحت العائلات من قرية زمزمون")
    assert (p.text, p.pcode, p.qualifier) == ("قرية زمزمون", None, "village")


def test_cue_followed_by_an_adjective_is_no_place() -> None:
    assert places("يعيش في مدينة كبيرة") == []


# Qualified regions


@pytest.mark.parametrize(
    ("text", "phrase", "pcode", "qualifier", "precision"),
    [
        ("تعزيزات إلى ريف الرقة الجنوبي", "ريف الرقة الجنوبي", "SY11", "southern_countryside", 2),
        ("اجتماع مع عشائر ريف دير الزور الغربي", "ريف دير الزور الغربي", "SY09", "western_countryside", 2),
        ("أبناء ريف دير الزورالغربي يعرفون المنطقة", "ريف دير الزورالغربي", "SY09", "western_countryside", 2),
        ("قصفت الطائرات ريف إدلب", "ريف إدلب", "SY07", "countryside", 3),
        ("قصف مدفعي شرق حلب", "شرق حلب", "SY02", "east_of", 2),
        ("هجوم في بادية دير الزور", "بادية دير الزور", "SY09", "desert", 3),
        ("اشتباكات في ريف دمشق الغربي", "ريف دمشق الغربي", "SY03", "western_countryside", 2),
        ("انفجار في الريف الغربي لدير الزور", "الريف الغربي لدير الزور", "SY09", "western_countryside", 2),
    ],
)
def test_qualified_regions(text: str, phrase: str, pcode: str, qualifier: str, precision: int) -> None:
    p = only(text)
    assert (p.text, p.pcode, p.qualifier, p.geo_precision) == (phrase, pcode, qualifier, precision)


def test_outskirts_of_a_town() -> None:
    p = only("سقطت قذيفة على أطراف بلدة سرمدا")
    assert (p.text, p.pcode, p.qualifier, p.geo_precision) == ("أطراف بلدة سرمدا", "C4121", "outskirts", 2)


def test_bare_countryside_is_the_governorate_named_last() -> None:
    found = places("وصلت تعزيزات إلى بادية حمص. وقال مصدر إن أهالي الريف الشرقي نزحوا")
    assert [(p.text, p.pcode, p.qualifier) for p in found] == [
        ("بادية حمص", "SY04", "desert"),
        ("الريف الشرقي", "SY04", "eastern_countryside"),
    ]


def test_bare_countryside_with_no_governorate_before_stays_unresolved() -> None:
    p = only("نزح أهالي الريف الغربي")
    assert (p.pcode, p.qualifier) == (None, "western_countryside")


def test_regional_features() -> None:
    found = places("حقول في سهل الغاب وجبل الزاوية ومعبر مع الضفة الشرقية لنهر الفرات")
    assert [(p.text, p.pcode, p.qualifier) for p in found] == [
        ("سهل الغاب", "SY05", None),
        ("جبل الزاوية", "SY07", None),
        ("الضفة الشرقية لنهر الفرات", None, "east_bank"),
    ]
    assert all(p.geo_precision == 3 for p in found)


def test_feature_in_several_governorates_takes_the_one_in_context() -> None:
    p = places("وصلت قوات إلى دير الزور عبر الضفة الشرقية للفرات")[-1]
    assert (p.qualifier, p.admin1_pcode) == ("east_bank", "SY09")


def test_syrian_desert_is_a_desert() -> None:
    p = only("خلايا التنظيم في البادية السورية")
    assert (p.qualifier, p.geo_precision, p.pcode) == ("desert", 3, None)


# Town and governorate together


def test_town_and_its_governorate_are_both_found_town_first() -> None:
    found = places("قصفت الطائرات بلدة سرمدا في ريف إدلب الشمالي")
    assert [(p.text, p.pcode, p.admin_level) for p in found] == [
        ("بلدة سرمدا", "C4121", 4),
        ("ريف إدلب الشمالي", "SY07", 1),
    ]
    assert found[0].admin1_pcode == found[1].pcode


# Ambiguity


def test_repeated_name_is_resolved_by_the_unit_that_locates_it() -> None:
    p = places("قصفت قرية اليعربية في ريف الحسكة")[0]
    assert (p.pcode, p.admin1_pcode) == ("C4969", "SY08")


def test_repeated_name_without_context_keeps_no_pcode() -> None:
    p = only("قصفت قرية اليعربية")
    assert (p.text, p.pcode, p.admin_level) == ("قرية اليعربية", None, None)


def test_title_gives_context() -> None:
    p = only("قصفت قرية اليعربية", title="تصعيد في الحسكة")
    assert p.pcode == "C4969"


def test_candidates_in_one_governorate_keep_it() -> None:
    p = places("غارة على أطراف بلدة الجديدة بريف الحسكة")[0]
    assert (p.pcode, p.admin1_pcode, p.qualifier) == (None, "SY08", "outskirts")


def test_common_word_is_no_village_without_a_cue() -> None:
    assert places("فتح الباب أمام المفاوضات") == []
    assert places("وصلت تعزيزات إلى الجديدة") == []
    p = only("اشتباكات في مدينة الباب")
    assert (p.pcode, p.admin1_pcode) == ("C1202", "SY02")


def test_common_word_with_a_locating_unit_is_a_place() -> None:
    found = places("سقطت قذيفة على الجديدة بريف الحسكة")
    assert [p.text for p in found] == ["الجديدة", "ريف الحسكة"]
    assert found[0].admin1_pcode == "SY08"


def test_person_name_is_no_village() -> None:
    assert places("قال عبد الله إن الوضع هادئ") == []


# Countries and the world


def test_countries_are_admin_level_zero_with_iso_codes() -> None:
    found = places("اجتماع في لبنان بحضور وفد من تركيا وإيران")
    assert [(p.pcode, p.admin_level) for p in found] == [("LB", 0), ("TR", 0), ("IR", 0)]


def test_country_adjective_is_no_country() -> None:
    assert places("أعلنت الحكومة الروسية والسورية الاتفاق") == []


def test_foreign_capital() -> None:
    """A town abroad: its first-level unit's code (ISO 3166-2) stands as its most specific code."""
    p = only("وصل الوفد إلى بيروت")
    assert (p.pcode, p.admin_level, p.name_en, p.geo_precision) == ("LB-BA", 1, "Beirut", 1)
    assert (p.admin1_pcode, p.admin1_en, p.country, p.geonames_id) == ("LB-BA", "Beirut", "LBN", 276781)


def test_ambiguous_foreign_name_needs_context() -> None:
    assert only("توتر في عمان").pcode is None
    assert places("وفد من الأردن زار عمان")[-1].name_en == "Amman"


# Offsets and the contract


def test_offsets_point_into_the_original_text_with_marks() -> None:
    text = "قصفت الطائرات مَدينةِ دير الزّور ثمّ ريـف حلب"
    found = places(text)
    assert [p.text for p in found] == ["مَدينةِ دير الزّور", "ريـف حلب"]


def test_mention_converts_to_contract_types() -> None:
    knowledge = shipped_knowledge()
    [p] = find_places(knowledge.normalizer("اشتباكات في دير الزور"), knowledge.places)
    assert isinstance(to_place(p), Place) and to_place(p).pcode == "SY09"
    entity = to_entity(p)
    assert isinstance(entity, PlaceEntity) and (entity.start, entity.end) == (p.orig_start, p.orig_end)


# The founding article


def test_seed_article_places() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = places(text)
    summary = {(p.text, p.pcode, p.qualifier) for p in found}
    assert ("ريف الرقة الجنوبي", "SY11", "southern_countryside") in summary
    assert ("ريف دير الزور الغربي", "SY09", "western_countryside") in summary
    assert ("ريف دير الزورالغربي", "SY09", "western_countryside") in summary
    assert ("الريف الغربي", "SY09", "western_countryside") in summary
    assert ("البادية السورية", None, "desert") in summary
    assert ("بادية دير الزور", "SY09", "desert") in summary
    assert ("الضفة الشرقية لنهر الفرات", None, "east_bank") in summary
    assert ("جنوب الرقة", "SY11", "south_of") in summary
    assert all(p.pcode != "C6798" for p in found)  # عشائر: tribes, not the village so named


def test_title_and_common_given_name_is_a_person() -> None:
    assert places("صرح الشيخ أحمد للصحفيين") == []
    assert only("قصفت قرية الشيخ أحمد").text == "قرية الشيخ أحمد"  # a cue makes it a place


def test_adjective_spelled_like_a_country() -> None:
    assert places("دفع خمسين ألف ليرة سورية") == []
    assert only("يعيش في سورية منذ سنوات").pcode == "SY"
