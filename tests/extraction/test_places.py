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
    assert {r["position"] for r in rules} == {"cue", "before", "after", "bare", "weak", "territory"}


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


def test_a_village_name_and_a_definite_word_after_a_cue_make_one_longer_name() -> None:
    p = only("صور عن قرية كوكب الهوا في الجليل الأسفل")
    assert (p.text, p.pcode) == ("قرية كوكب الهوا", None)  # not the Syrian village كوكب
    p = places("قصفت قرية الجب الواقعة شمال حلب")[0]  # a word of place, not a name
    assert (p.text, p.name_en) == ("قرية الجب", "Aljib")
    assert places("وصلت إلى قرية الحميدية الحدودية")[0].text == "قرية الحميدية"  # an adjective


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
    assert places("وأظهرت الصور المخازن مدمرة") == []  # "the pictures", not Sur in Deir-ez-Zor
    assert places("اشتباكات في بلدة الصور بريف دير الزور")[0].name_en == "Sur"
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


# The world beyond Syria: GeoNames towns and first-level units, ISO countries


def test_world_files_say_where_they_come_from() -> None:
    for name in ("world_countries.tsv", "world_admin1.tsv", "world_cities.tsv", "place_aliases.tsv"):
        head = (DEFAULT_PACK / name).read_text(encoding="utf-8").splitlines()[:3]
        assert all(line.startswith("#") for line in head), name
    assert "GeoNames" in (DEFAULT_PACK / "world_cities.tsv").read_text(encoding="utf-8")[:400]


@pytest.mark.parametrize(
    ("text", "name_en", "country", "admin1_pcode", "admin1_en", "geonames_id"),
    [
        ("قصف على مدينة الموصل", "Mosul", "IRQ", "IQ-NI", "Nineveh", 99072),
        ("اشتباكات عنيفة في تعز", "Taiz", "YEM", "YE-TA", "Taiz", 70225),
        ("انفجار سيارة مفخخة في مدينة بنغازي", "Benghazi", "LBY", "LY-BA", "Benghazi", 88319),
        ("غارة على مدينة صيدا", "Sidon", "LBN", "LB-JA", "South Lebanon", 268064),
        ("قصف مدفعي على خان يونس", "Khan Yunis", "PSE", "PS.GZ", "Gaza Strip", 281124),
        ("هجوم مسلح في مدينة العريش", "Arish", "EGY", "EG-SIN", "North Sinai", 361546),
        ("معارك في مدينة الفاشر", "El Fasher", "SDN", "SD-DN", "North Darfur", 379555),
        ("تفجير انتحاري في مقديشو", "Mogadishu", "SOM", "SO-BN", "Banadir", 53654),
        # GeoNames towns with no Arabic name there: place_aliases.tsv gives one, the build keeps them
        ("سقطت قذيفة على مدينة سديروت", "Sderot", "ISR", "IL-D", "Southern", 293619),
        ("تفجير انتحاري في مدينة سوروتش", "Suruç", "TUR", "TR-63", "Sanlıurfa", 300075),
    ],
)
def test_towns_of_the_region_resolve_to_country_unit_and_point(
    text: str, name_en: str, country: str, admin1_pcode: str, admin1_en: str, geonames_id: int
) -> None:
    p = only(text)
    assert (p.name_en, p.country, p.admin1_pcode, p.admin1_en, p.geonames_id) == (
        name_en,
        country,
        admin1_pcode,
        admin1_en,
        geonames_id,
    )
    assert (p.pcode, p.admin_level, p.geo_precision) == (admin1_pcode, 1, 1)
    assert p.lat is not None and p.lon is not None


def test_first_level_units_abroad() -> None:
    p = only("اشتباكات في محافظة نينوى")
    assert (p.pcode, p.admin_level, p.admin1_en, p.country) == ("IQ-NI", 1, "Nineveh", "IRQ")
    assert p.toponym is not None and p.toponym.text == "محافظة نينوى"
    assert only("غارات على محافظة شانلي أورفا").admin1_pcode == "TR-63"  # an Arabic name the sources lack


def test_a_plural_or_dual_class_noun_makes_each_name_of_its_list_a_place() -> None:
    # حجة is also "an argument": alone it needs a cue, in the list the plural gives it one
    found = places("وزعت المنظمة مساعدات في محافظات عمران وحجة وتعز")
    assert [(p.toponym.text if p.toponym else None, p.admin1_pcode) for p in found] == [
        ("عمران", "YE-AM"),
        ("حجة", "YE-HJ"),
        ("تعز", "YE-TA"),
    ]
    assert [p.admin1_pcode for p in places("تواصلت المعارك في محافظتي مأرب والجوف")] == ["YE-MA", "YE-JA"]
    assert [p.admin1_pcode for p in places("تعرضت محافظتا مأرب والجوف لغارات")] == ["YE-MA", "YE-JA"]
    assert places("قدمت المنظمة حجة قوية في تعز")[0].text == "تعز"  # no list: حجة is a word
    assert [p.text for p in places("وصل الوفد إلى مدينة طبريا والبحيرة")] == ["مدينة طبريا"]  # a singular heads none
    assert places("قصفت الطائرات قرى عدة") == []  # a plural never makes a name of a word


def test_every_country_has_its_iso_codes() -> None:
    assert (only("زار الوفد اليمن").pcode, only("زار الوفد اليمن").country) == ("YE", "YEM")
    assert (only("وصل الوفد إلى تركيا").pcode, only("وصل الوفد إلى تركيا").name_en) == ("TR", "Turkey")
    assert only("عاد من بوركينا فاسو").country == "BFA"


def test_a_town_of_two_countries_follows_the_article() -> None:
    assert only("اشتباكات في طرابلس").pcode is None  # Lebanon's or Libya's
    assert places("اشتباكات في طرابلس بعد هجوم في بنغازي")[0].country == "LBY"
    assert places("عاد الهدوء إلى طرابلس وعكار شمال لبنان")[0].country == "LBN"


def test_a_nationality_after_the_name_says_its_country() -> None:
    p = only("جرى التفجير في مدينة كوزلوك التركية")  # a town the gazetteer lacks
    assert (p.text, p.country, p.pcode) == ("مدينة كوزلوك", "TUR", None)
    q = only("شارك في مؤتمر إدلب التركي للمانحين")  # an adjective no reading fits qualifies something else
    assert (q.text, q.country) == ("إدلب", "SYR")


def test_a_territory_noun_and_a_nationality_name_the_country() -> None:
    p = only("تخطط لإقامة قواعد عسكرية على الأراضي اليمنية")
    assert (p.text, p.country, p.toponym.text if p.toponym else None) == ("الأراضي اليمنية", "YEM", "الأراضي اليمنية")
    assert only("اخترقت طائرات حربية الأجواء اللبنانية ليلا").country == "LBN"
    assert places("تقاسم الأراضي بين العائلات") == []  # without an adjective, no place


def test_a_cue_and_a_nationality_name_a_place_of_that_country() -> None:
    p = only("شنت الشرطة حملة دهم في 13 محافظة تركية")
    assert (p.text, p.country, p.pcode, p.toponym) == ("محافظة تركية", "TUR", None, None)
    assert only("قصفت الطائرات قرية لبنانية في الجنوب").country == "LBN"


def test_an_unknown_town_after_a_cue_takes_the_articles_country() -> None:
    found = places("قصفت الطائرات بلدة زوطر. وتشهد مناطق جنوب لبنان والنبطية قصفا يوميا")
    assert (found[0].text, found[0].country) == ("بلدة زوطر", "LBN")


def test_villages_of_the_front_lines_geonames_names_in_no_arabic() -> None:
    """GeoNames gives them no Arabic name; places_extra.tsv does, with their first-level unit."""
    found = places("استهدفت غارة منزلا في بلدة كفركلا وأخرى أطراف عيتا الشعب")
    assert [(p.country, p.admin1_pcode) for p in found] == [("LBN", "LB-NA"), ("LBN", "LB-NA")]
    assert (only("قصف مدفعي على بلدة الخيام").country) == "LBN"
    assert places("وزعت المنظمة الخيام على النازحين") == []  # "the tents": a word first, Khiam after a cue
    assert only("استهدفت المقاومة موقع مسكاف عام").country == "ISR"
    assert only("قصفت الفصائل موقع ناحل عوز العسكري").country == "ISR"  # around the Gaza Strip
    assert only("أغلقت السلطات معبر كرم أبو سالم").country == "ISR"
    camp = only("اقتحمت القوات مخيم نور شمس قرب المدينة")  # the camp's name of two words is whole
    assert (camp.toponym.text if camp.toponym else None, camp.country) == ("مخيم نور شمس", "PSE")
    assert places("قال جنود عسكر المنطقة") == []  # "عسكر" (a camp) is a word first: it needs a cue
    found = places("سيطرت حركة الشباب على مدينة مركا جنوب الصومال")
    assert [(p.country, p.admin1_pcode) for p in found] == [("SOM", "SO-SH"), ("SOM", None)]


# Context decides the country


def test_a_syrian_village_is_a_place_only_where_syria_is_named() -> None:
    assert [p.country for p in places("وقعت اشتباكات في السرايا والتل جنوب غزة")] == ["PSE"]
    assert only("قصفت قوات النظام قرية السرايا").pcode == "C3546"  # the cue says so
    syrian = places("اشتباكات عنيفة في التل بريف دمشق")
    assert [(p.text, p.country) for p in syrian] == [("التل", "SYR"), ("ريف دمشق", "SYR")]


def test_a_syrian_village_abroad_needs_syria_as_the_articles_country_or_in_its_sentence() -> None:
    """Syria named in another paragraph of an article about Iraq does not make الكرمة or
    الناصرية Syrian villages; named in the same sentence, it does."""
    iraq = "اشتبك محتجون مع الشرطة في الكرمة. وتظاهر آلاف في البصرة والناصرية جنوب العراق."
    found = places(iraq + " وكانت سوريا قد شهدت احتجاجات مماثلة")
    assert [(p.text, p.country) for p in found] == [
        ("البصرة", "IRQ"),
        ("الناصرية", "IRQ"),
        ("جنوب العراق", "IRQ"),
        ("سوريا", "SYR"),
    ]
    found = places("اشتبك محتجون مع الشرطة في الكرمة شمال سوريا. " + iraq.split(". ")[1])
    assert (found[0].text, found[0].country) == ("الكرمة", "SYR")


def test_a_small_foreign_town_needs_its_country_named() -> None:
    assert places("عاطف لاجئ سني") == []  # Đà Lạt's Arabic name is a word
    assert places("وصل إلى روم") == []  # Rome goes by روما; روم is a word
    assert only("غارة إسرائيلية على بلدة بيت لاهيا").country == "PSE"  # the cue says it is a place


def test_a_name_inside_a_persons_or_clubs_name_is_no_place() -> None:
    assert places("التقى الملك عبدالله الرئيس") == []
    assert places("احتفل نادي الوحدة بالفوز") == []
    assert places("أعلنت شركة النورس عن أرباحها") == []
    assert only("مجلة تصدر عن جامعة دمشق").name_en == "Damascus"  # a city stays one


def test_a_backer_is_no_place() -> None:
    assert places("قتل عناصر من الميليشيات الموالية لروسيا") == []
    assert places("هاجمت الفصائل المدعومة من تركيا القرية") == []
    assert places("ذبح سائقين يتبعون لميليشيا الموالية للنظام وروسيا") == []  # joined by و
    assert only("دخلت القوات إلى روسيا").name_en == "Russia"


def test_an_ally_named_with_a_pronoun_is_a_backer() -> None:
    assert places("تهدد الحكومة وحليفتها موسكو بهجوم على البلدة") == []
    assert places("يتقدم الجيش مع حليفه إيران نحو الجبهة") == []


def test_an_organisations_seat_is_no_place_of_what_it_reports() -> None:
    assert places("وقالت المنظمة الحقوقية، ومقرها لندن، إن القصف قتل عشرة أشخاص") == []
    assert places("وذكر المكتب ومقره فرنسا أن الاشتباكات تواصلت") == []
    assert only("نقلت الجمعية مقرها إلى مدينة غازي عنتاب").country == "TUR"  # a town stays one


def test_a_town_the_gazetteer_lacks_lies_in_the_unit_after_it() -> None:
    found = places("قصفت الطائرات بلدة خربة الوادعة في ريف حمص الشرقي")
    assert (found[0].text, found[0].pcode, found[0].admin1_pcode) == ("بلدة خربة الوادعة", None, "SY04")
    found = places("سقطت قذيفة على بلدة عين الورد جنوب لبنان")
    assert (found[0].text, found[0].country) == ("بلدة عين الورد", "LBN")


def test_a_name_that_begins_with_qalaa_takes_its_second_word() -> None:
    found = places("تقدمت القوات نحو بلدة قلعة الزيتون في ريف دمشق رغم تهديد إيران")
    assert (found[0].text, found[0].country, found[0].admin1_pcode) == ("بلدة قلعة الزيتون", "SYR", "SY03")


def test_a_region_word_of_a_foreign_source_is_no_unit() -> None:
    assert [p.text for p in places("وتعد منطقة الجنوب الغربي من سوريا هادئة")] == ["سوريا"]  # not Eritrea's Debub


def test_damascus_airport_without_its_adjective() -> None:
    assert only("استهدفت الغارات مطار دمشق فجرا").admin1_pcode == "SY03"


def test_a_governorates_name_is_the_governorate_beside_another_one() -> None:
    found = places("خرج المقاتلون من القنيطرة ووصلوا إلى مدينة إدلب أمس")
    assert [(p.text, p.admin1_pcode) for p in found] == [("القنيطرة", "SY14"), ("مدينة إدلب", "SY07")]


def test_a_state_that_acts_is_the_doer_not_the_place() -> None:
    assert places("أعلنت روسيا إطلاق عملية عسكرية") == []
    assert places("قال الوزير إن الولايات المتحدة تدين الهجوم") == []  # the subject before its verb
    assert places("وأكد أن تركيا قد واصلت دعمها") == []
    assert only("في سوريا تستمر المعارك").country == "SYR"  # a preposition governs it: a place
    assert places("تحدث عن موقف روسيا من الأزمة") == []  # a state's stance
    assert only("وصل الوفد إلى روسيا موقف الحكومة").country == "RUS"  # a stance noun after it: a place
    assert places("وتسعى الولايات المتحدة إلى تعزيز التعاون مع الحلفاء") == []  # a present-tense verb too
    assert places("تواصل إيران دعم الحكومة") == []
    assert places("ردا على غارة شنتها إسرائيل الجمعة") == []  # the verb takes its object first
    assert places("لم يتغير موقف روسيا من الأزمة") == []  # a noun of its stance heads it
    assert places("أعلنت موسكو تمديد الاتفاق") == []  # a capital acting for its state
    assert only("قصفت الطائرات مواقع في بغداد").name_en == "Baghdad"
    assert [p.text for p in places("أدى تدخل إيران في العراق إلى التصعيد")] == ["العراق"]
    assert [p.text for p in places("وهي الضربة التي نفذتها روسيا في إدلب")] == ["إدلب"]
    assert [p.text for p in places("تصدت الفصائل لهجوم تشنه أنقرة على عفرين")] == ["عفرين"]
    # nor the home village of the state's name (Turkeia, Raqqa), though Syria is named
    assert [p.name_en for p in places("وأكدت تركيا أنها فتحت قاعدة جوية لضرب داعش في سوريا")] == ["Syria"]
    assert [p.name_en for p in places("قصفت إسرائيل مواقع في دمشق")] == ["Damascus"]
    assert only("قال الرئيس في روسيا").country == "RUS"
    assert only("وصلت إلى القرية التابعة لمحافظة حلب").pcode == "SY02"  # a governorate is a place


# Toponyms: the name's own span, as NER corpora mark it


@pytest.mark.parametrize(
    ("text", "phrase", "toponym"),
    [
        ("قرب بلدة شمال مدينة القدس", "شمال مدينة القدس", "مدينة القدس"),
        ("قصف على ريف دير الزور الغربي", "ريف دير الزور الغربي", "دير الزور"),
        ("اشتباكات في محافظة إدلب", "محافظة إدلب", "محافظة إدلب"),
        ("وصل إلى العاصمة بغداد", "العاصمة بغداد", "بغداد"),
        ("قصفت قرية كفر نبل", "قرية كفر نبل", "قرية كفر نبل"),
    ],
)
def test_toponym_is_the_name_with_its_class_noun(text: str, phrase: str, toponym: str) -> None:
    [p] = [p for p in places(text) if p.text == phrase]
    assert p.toponym is not None
    assert (p.toponym.text, text[p.toponym.start : p.toponym.end]) == (toponym, toponym)


def test_a_bare_qualifier_has_no_toponym() -> None:
    found = places("قصف على مدينة دير الزور وقصف على الريف الغربي")
    assert found[-1].text == "الريف الغربي" and found[-1].toponym is None


# Incidents take a country


def test_an_incident_takes_its_country_from_its_place_or_the_article() -> None:
    from service.extraction import extract
    from service.extraction.model import Document

    text = "قتل ثلاثة جنود في هجوم مسلح على حاجز في مدينة العريش. وقال مصدر أمني إن مسلحين فتحوا النار."
    result = extract(Document(text=text), shipped_knowledge())
    assert result.incidents and all(i.country == "EGY" for i in result.incidents)
    assert any(loc.admin1_en == "North Sinai" for i in result.incidents for loc in i.locations)


# The pack's checks


def test_a_correction_for_no_world_place_stops_loading(tmp_path: Path) -> None:
    import shutil

    from service.extraction import load_knowledge
    from service.extraction.pack import PackError

    pack = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, pack)
    with (pack / "place_aliases.tsv").open("a", encoding="utf-8") as f:
        f.write("geonames:1\t\tمكان\t\t\t0\n")
    with pytest.raises(PackError, match=r"place_aliases\.tsv:\d+: id 'geonames:1' is in no world"):
        load_knowledge(pack)
    (pack / "place_aliases.tsv").write_text("# test\nid\tname_en\tname_ar\taliases\tdrop\tknown\n", encoding="utf-8")
    text = (pack / "world_cities.tsv").read_text(encoding="utf-8").replace("\tIQ-NI\t", "\tIQ-XX\t", 1)
    (pack / "world_cities.tsv").write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=r"world_cities\.tsv:\d+: admin1 'IQ-XX' is no first-level unit"):
        load_knowledge(pack)


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("قصفت الطائرات بلدات قرب دمشق.", "SY03"),  # near the city-governorate: the one around it
        ("دارت اشتباكات في ضواحي دمشق.", "SY03"),
        ("وقع انفجار في دمشق.", "SY01"),  # the city itself
        ("قصفت المدفعية محيط حلب.", "SY02"),  # Aleppo's governorate holds its outskirts
    ],
)
def test_what_lies_around_a_city_governorate_lies_in_the_one_around_it(text: str, admin1: str) -> None:
    [place] = places(text)
    assert place.admin1_pcode == admin1


def test_the_ghouta_is_damascus_countryside_and_two_airports_are_no_village() -> None:
    found = places("قصفت الطائرات بلدة دوما في ريف دمشق. وقتل خمسة مدنيين في الغوطة.")
    assert [(p.text, p.admin1_pcode) for p in found][-1] == ("الغوطة", "SY03")
    assert [p.text for p in places("استهدف عدوان مطاري دمشق وحلب الدوليين.")] == ["دمشق", "حلب"]
