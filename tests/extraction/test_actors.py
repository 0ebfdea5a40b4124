"""Actor mentions: catalogue names, qualified names, unknown organisations, generic references."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from service.extraction import DEFAULT_PACK, load_knowledge
from service.extraction.actors import find_actors, to_entity, to_role
from service.extraction.mention import mention
from service.extraction.model import ActorEntity, ActorRole
from service.extraction.pack import PackError

from .support import flat, normalize, shipped_knowledge

SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"

CONTRACT_IDS = {
    "isis", "sdf", "syrian_government", "russia", "iran_backed_militias", "hezbollah", "liwa_al_quds",
    "fifth_corps", "qaterji_militia", "ndf", "hts", "sna", "turkey", "us_coalition", "israel",
    "tribal_fighters", "unidentified_gunmen", "ypg", "asayish", "pkk", "syrian_opposition",
    "jaish_al_islam", "ahrar_al_sham", "faylaq_al_rahman", "pro_government_militias", "wagner", "jordan",
}  # fmt: skip
ACLED_TYPES = {
    "state_forces", "rebel_group", "political_militia", "identity_militia",
    "rioters", "protesters", "civilians", "external_forces",
}  # fmt: skip


def catalogue() -> dict:
    return shipped_knowledge().actors.entries


def actors(text: str) -> list:
    mentions = [flat(m) for m in find_actors(normalize(text), shipped_knowledge().actors)]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return mentions


def found(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.actor_id) for m in actors(text)]


# The catalogue


def test_every_contract_id_has_its_own_entry() -> None:
    entries = catalogue()
    assert entries.keys() >= CONTRACT_IDS
    assert all(entries[i].contract_id == i for i in CONTRACT_IDS)


def test_entries_roll_up_to_ids_that_exist() -> None:
    entries = catalogue()
    for entry in entries.values():
        assert entry.contract_id is None or entry.contract_id in entries, entry.actor_id
        assert entry.actor_type is None or entry.actor_type in ACLED_TYPES, entry.actor_id
        assert entry.gender in ("f", "m")
    assert len(entries) >= 90


def test_factions_roll_up_to_their_parents() -> None:
    entries = catalogue()
    assert entries["hamza_division"].contract_id == "sna"
    assert entries["fourth_division"].contract_id == "syrian_government"
    assert entries["irgc"].contract_id == "iran_backed_militias"
    assert entries["syrian_civil_defence"].actor_type == "civilians"


# Names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت قوات النظام البلدة", ("قوات النظام", "syrian_government")),
        ("تقدمت القوات النظامية", ("القوات النظامية", "syrian_government")),
        ("ألقى الطيران المروحي براميل", ("الطيران المروحي", "syrian_government")),
        ("هاجمت ميليشيا أسد القرية", ("ميليشيا أسد", "syrian_government")),
        ("شنت الطائرات الحربية الروسية غارات", ("الطائرات الحربية الروسية", "russia")),
        ("قصف طيران التحالف مواقع", ("طيران التحالف", "us_coalition")),
        ("أعلن الائتلاف الدولي", ("الائتلاف الدولي", "us_coalition")),
        ("هاجمت الفصائل المقاتلة حاجزاً", ("الفصائل المقاتلة", "syrian_opposition")),
        ("اشتبك مقاتلين معارضين", ("مقاتلين معارضين", "syrian_opposition")),
        ("قتل عناصر من الدواعش", ("الدواعش", "isis")),
        ("أعدم الخوارج رجلاً", ("الخوارج", "isis")),
        ("قصفت قوات الاحتلال التركي القرية", ("قوات الاحتلال التركي", "turkey")),
        ("هاجم المرتزقة منازل المدنيين", ("المرتزقة", "sna")),
        ("انتشرت قوات الدفاع الوطني", ("قوات الدفاع الوطني", "ndf")),
        ("قتل مقاتلين عشائريين", ("مقاتلين عشائريين", "tribal_fighters")),
        ("انضم أبناء العشائر إلى المعركة", ("أبناء العشائر", "tribal_fighters")),
        ("اعتقلت الأسايش شاباً", ("الأسايش", "asayish")),
        ("أسعف الدفاع المدني الجرحى", ("الدفاع المدني", "syrian_civil_defence")),
        ("قتل مسلحون مجهولون شاباً", ("مسلحون مجهولون", "unidentified_gunmen")),
    ],
)
def test_catalogue_names_and_their_pejorative_and_adjectival_forms(text: str, expected: tuple[str, str]) -> None:
    assert found(text) == [expected]


def test_the_longest_name_wins() -> None:
    assert found("أعلن الجيش الوطني السوري") == [("الجيش الوطني السوري", "sna")]
    assert found("قصف الجيش السوري الحر") == [("الجيش السوري الحر", "syrian_opposition")]
    assert found("هاجمت كتائب حزب الله العراقية") == [("كتائب حزب الله العراقية", "iran_backed_militias")]


def test_a_name_qualified_by_its_affiliation_matches_the_longest_entry() -> None:
    assert found("خسائر في صفوف الميليشيات الموالية لروسيا وإيران") == [
        ("الميليشيات الموالية لروسيا وإيران", "pro_government_militias")
    ]
    assert found("قصفت الميليشيات الموالية لإيران") == [("الميليشيات الموالية لإيران", "iran_backed_militias")]
    assert found("سيطرت الفصائل الموالية لتركيا") == [("الفصائل الموالية لتركيا", "sna")]


def test_sna_factions_keep_their_own_entry_and_roll_up_to_sna() -> None:
    mentions = actors("اشتبكت فرقة الحمزات مع العمشات وأحرار الشرقية")
    assert [(m.specific_id, m.actor_id) for m in mentions] == [
        ("hamza_division", "sna"),
        ("suleiman_shah_division", "sna"),
        ("ahrar_al_sharqiya", "sna"),
    ]


def test_spelling_variants_are_matched() -> None:
    assert found("هاجمت مليشيا حزب الله") == [("مليشيا حزب الله", "hezbollah")]
    assert found("قصفت الطائرات الأميركية") == [("الطائرات الأميركية", "us_coalition")]
    assert found("قوات سورية الديموقراطية") == [("قوات سورية الديموقراطية", "sdf")]


def test_proclitics_and_diacritics_keep_original_offsets() -> None:
    text = "وَقَصَفَتْ قُوَّاتُ النِّظَامِ مواقعَ لِقسد"
    [regime, sdf] = actors(text)
    assert regime.start == text.index("قُ") and regime.actor_id == "syrian_government"
    assert regime.text.startswith("قُوَّاتُ النِّظَام")  # a final vowel mark may stay outside (text.py)
    assert (sdf.text, sdf.start) == ("قسد", len(text) - 3)


def test_the_regime_alone_is_the_syrian_government_but_not_the_world_order() -> None:
    assert found("مناطق سيطرة النظام") == [("النظام", "syrian_government")]
    assert found("يتغير النظام الدولي") == []
    assert found("النظام الإيراني") == [("النظام الإيراني", "iran_backed_militias")]


def test_the_state_alone_is_not_isis() -> None:
    assert found("أعلنت الدولة السورية") == []
    assert found("قال تنظيم الدولة") == [("تنظيم الدولة", "isis")]


def test_a_quoted_name_after_its_head() -> None:
    assert found("تبنى تنظيم “الدولة” الهجوم") == [("تنظيم “الدولة”", "isis")]


def test_country_names_are_mentions_that_need_agency() -> None:
    [russia, force] = actors("أعلنت روسيا أن القوات الروسية")
    assert (russia.actor_id, russia.specific_id, russia.needs_agency) == ("russia", "russia_state", True)
    assert (force.actor_id, force.needs_agency) == ("russia", False)


# A generic head before a name


def test_a_head_joins_the_name_after_it() -> None:
    assert found("بالتعاون مع ميليشيا لواء القدس") == [("ميليشيا لواء القدس", "liwa_al_quds")]
    assert found("استقدمت ميليشيا “الفيلق الخامس” تعزيزات") == [("ميليشيا “الفيلق الخامس”", "fifth_corps")]
    assert found("ميليشيا «القاطرجي» الموالية") == [("ميليشيا «القاطرجي»", "qaterji_militia")]


def test_unknown_organisations_keep_their_text_and_no_id() -> None:
    mentions = actors("اشتبكت كتيبة الفاروق مع لواء 313 وفرقة “صقور الوادي”")
    assert [(m.text, m.actor_id, m.specific_id, m.name_en) for m in mentions] == [
        ("كتيبة الفاروق", None, None, None),
        ("لواء 313", None, None, None),
        ("فرقة “صقور الوادي”", None, None, None),
    ]


def test_heads_that_are_common_words_need_quotes() -> None:
    assert found("تزايدت حركة النزوح وبرامج تنظيم الأسرة") == []
    assert found("أعلنت حركة “شباب الغد”") == [("حركة “شباب الغد”", None)]


def test_a_definite_head_is_not_an_organisation() -> None:
    assert found("قال اللواء المتقاعد") == []


# Generic references


def test_the_organisation_refers_back_to_isis() -> None:
    mentions = actors("هاجم تنظيم داعش حاجزاً. وتبنى التنظيم الهجوم.")
    assert [(m.text, m.actor_id, m.generic) for m in mentions] == [
        ("تنظيم داعش", "isis", False),
        ("التنظيم", "isis", True),
    ]


def test_the_organisation_with_nothing_named_before_is_no_mention() -> None:
    assert found("وتبنى التنظيم الهجوم") == []


def test_the_militias_refer_back_to_the_last_militia() -> None:
    text = "قصفت القوات التركية قرى. وانسحبت ميليشيا لواء القدس ثم عادت الميليشيا إلى مواقعها"
    assert found(text)[-1] == ("الميليشيا", "liwa_al_quds")


def test_the_army_refers_back_to_the_last_army() -> None:
    text = "توغلت القوات التركية في القرية. ثم قصف الجيش المنازل"
    assert found(text) == [("القوات التركية", "turkey"), ("الجيش", "turkey")]
    assert found("ثم قصف الجيش المنازل") == []


def test_the_occupation_is_the_last_occupying_force_named_else_israel() -> None:
    assert found("قصفت قوات الاحتلال التركي قرية. ثم قصف الاحتلال البلدة")[-1] == ("الاحتلال", "turkey")
    assert found("اقتحم جنود الاحتلال مخيم جنين فجرا") == [("الاحتلال", "israel")]


def test_the_resistance_is_the_last_resistance_named() -> None:
    text = "أعلنت المقاومة الإسلامية في لبنان استهداف ثكنة. واستهدفت المقاومة موقعا آخر"
    assert found(text)[-1] == ("المقاومة", "hezbollah")
    assert found("أعلنت كتائب القسام قصف موقع. ثم استهدفت المقاومة دبابة")[-1] == ("المقاومة", "hamas")
    assert found("استهدفت المقاومة دبابة") == []  # none named before: no one in particular
    assert [a for a in found("تحدث الوزير عن محور المقاومة") if a[0] == "المقاومة"] == []


def test_the_factions_default_to_the_opposition() -> None:
    assert found("سيطرت الفصائل على التلة") == [("الفصائل", "syrian_opposition")]


def test_the_latter_is_the_last_feminine_actor() -> None:
    text = "هاجم مسلحون مجهولون حاجزاً لقسد، وأعلنت الأخيرة استنفاراً"
    assert found(text)[-1] == ("الأخيرة", "sdf")


def test_the_latter_masculine_is_the_last_masculine_actor() -> None:
    text = "قصفت قوات النظام درعا، بينما رد الأخير بقصف"
    assert found(text)[-1] == ("الأخير", "syrian_government")


def test_the_latter_after_a_definite_noun_is_an_adjective() -> None:
    assert found("قصفت قوات النظام البلدة في الآونة الأخيرة") == [("قوات النظام", "syrian_government")]
    assert found("قصفت قوات النظام البلدة. وبالأخير انسحبت") == [("قوات النظام", "syrian_government")]


def test_the_latter_looks_back_one_sentence_only() -> None:
    text = "قصفت قوات النظام البلدة. هدأت المنطقة. ثم عادت. وقامت الأخيرة بالانسحاب"
    assert found(text) == [("قوات النظام", "syrian_government")]


@pytest.mark.parametrize(
    ("text", "allies"),
    [
        ("قصفت القوات التركية والفصائل السورية الموالية لها قرية تل تمر", ("الفصائل السورية الموالية لها", "sna")),
        ("شنت قوات النظام وحلفاؤها هجوما على البلدة", ("حلفاؤها", "pro_government_militias")),
        ("اشتبكت الفصائل مع الجيش السوري والمسلحين الموالين له", ("المسلحين الموالين له", "pro_government_militias")),
        ("استهدفت الطائرات الروسية وقوات حليفة لها مواقع التنظيم", ("قوات حليفة لها", "pro_government_militias")),
        # allied "with" them: معها
        ("قصفت قوات تركية ومقاتلون متحالفون معها مدينة عفرين", ("مقاتلون متحالفون معها", "sna")),
        ("تقدمت القوات السورية والمتحالفة معها نحو البلدة", ("المتحالفة معها", "pro_government_militias")),
    ],
)
def test_allies_are_those_of_the_force_named_before_them(text: str, allies: tuple[str, str]) -> None:
    assert found(text)[-1] == allies


@pytest.mark.parametrize(
    ("text", "loyal"),
    [
        # a patron with allies in the pack: they are its allies
        ("قصفت الفصائل السورية الموالية لأنقرة قرية تل رفعت", [("الفصائل السورية الموالية لأنقرة", "sna")]),
        ("قصفت الميليشيات الموالية لإيران البلدة", [("الميليشيات الموالية لإيران", "iran_backed_militias")]),
        # ... with none: its own side, whatever title stands before its name
        (
            "هاجمت القوات الموالية للرئيس هادي مواقع الحوثيين",
            [("القوات الموالية للرئيس هادي", "yemen_government"), ("الحوثيين", "houthis")],
        ),
    ],
)
def test_forces_loyal_to_a_name_are_its_allies_and_the_name_no_party(text: str, loyal: list[tuple[str, str]]) -> None:
    assert found(text) == loyal


def test_allies_of_a_force_the_catalogue_knows_none_of_are_no_mention() -> None:
    assert found("هاجم تنظيم داعش وحلفاؤه مواقع للجيش") == [("تنظيم داعش", "isis")]
    # whom "لها" points at is in this sentence, not the last one
    assert found("قصفت القوات التركية القرية. وانسحبت القوات الموالية لها") == [("القوات التركية", "turkey")]


def test_allies_are_known_of_forces_the_catalogue_holds(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(DEFAULT_PACK, tmp_path / "pack"))
    with (pack / "actor_references.tsv").open("a", encoding="utf-8") as f:
        f.write("allies_of\tturkey|ottomans\tsna\t-\t-\n")
    with pytest.raises(PackError, match="forms 'ottomans' is no actor_id or contract_id"):
        load_knowledge(pack, with_models=False)


def test_places_drop_an_actor_name_inside_a_longer_place_name() -> None:
    text = normalize("في حي الثوار بدمشق")
    place = mention(text, 3, 12, SimpleNamespace(country="SYR"))  # the quarter
    assert find_actors(text, shipped_knowledge().actors, places=[place]) == []
    assert len(find_actors(text, shipped_knowledge().actors, places=[])) == 1


def test_conversion_to_contract_types() -> None:
    [m] = find_actors(normalize("قصفت قوات النظام"), shipped_knowledge().actors)
    assert to_entity(m) == ActorEntity(
        text="قوات النظام",
        start=5,
        end=16,
        actor_id="syrian_government",
        name_en="Syrian government forces",
        name_ar="قوات النظام السوري",
        actor_type="state_forces",
    )
    role = to_role(m, "perpetrator")
    assert isinstance(role, ActorRole) and role.role == "perpetrator" and role.actor_id == "syrian_government"


# The founding article


SEED_ACTORS = [
    ("روسيا", "russia"),
    ("داعش", "isis"),
    ("القوات الروسية", "russia"),
    ("تنظيم “داعش”", "isis"),
    ("الأخيرة", "isis"),
    ("حكومة النظام السوري", "syrian_government"),
    ("روسيا", "russia"),
    ("التنظيم", "isis"),
    ("التنظيم", "isis"),
    ("قوات النظام", "syrian_government"),
    ("الميليشيات الموالية لروسيا وإيران", "pro_government_militias"),
    ("سلاح الجو الروسي", "russia"),
    ("قوات النظام", "syrian_government"),
    ("تنظيم “داعش”", "isis"),
    ("النظام", "syrian_government"),
    ("القوات الروسية", "russia"),
    ("مقاتلين عشائريين", "tribal_fighters"),
    ("داعش", "isis"),
    ("القوات الروسية", "russia"),
    ("التنظيم", "isis"),
    ("ميليشيا لواء القدس", "liwa_al_quds"),
    ("ميليشيا الفيلق الخامس", "fifth_corps"),
    ("داعش", "isis"),
    ("التنظيم", "isis"),
    ("داعش", "isis"),
    ("الميليشيات الإيرانية", "iran_backed_militias"),
    ("روسيا", "russia"),
    ("ميليشيا “لواء القدس”", "liwa_al_quds"),
    ("ميليشيا “الفيلق الخامس”", "fifth_corps"),
    ("قوات النظام", "syrian_government"),
    ("خلايا داعش", "isis"),
    ("الميليشيات الروسية", "pro_government_militias"),
    ("خلايا داعش", "isis"),
    ("التنظيم", "isis"),
    ("روسيا", "russia"),
    ("خلايا التنظيم", "isis"),
    ("تنظيم “داعش”", "isis"),
    ("قسد", "sdf"),
    ("التنظيم", "isis"),
    ("ميليشيا “القاطرجي”", "qaterji_militia"),
    ("نظام", "syrian_government"),
    ("روسيا", "russia"),
]


def test_seed_article_actors() -> None:
    text = SEED.read_text(encoding="utf-8")
    mentions = actors(text)
    assert [(m.text, m.actor_id) for m in mentions] == SEED_ACTORS
    latter = next(m for m in mentions if m.text == "الأخيرة")
    assert latter.generic and latter.specific_id == "isis"
    assert sum(m.generic for m in mentions) == 7


def test_a_nationality_on_an_event_noun_names_the_doer() -> None:
    from service.extraction.actors import find_adjective_actors
    from service.extraction.events import find_triggers

    knowledge = shipped_knowledge()
    text = normalize("قصف مدفعي تركي على قرى ريف منبج، والشركات الروسية تعمل هناك.")
    nouns = [(t.start, t.end) for t in find_triggers(text, knowledge.events)]
    found = find_adjective_actors(text, knowledge.actors, nouns)
    assert [(m.text, m.value.actor_id) for m in found] == [("تركي", "turkey")]  # not the companies' "الروسية"
    assert all(text.original[m.orig_start : m.orig_end] == m.text for m in found)


def test_a_dual_nationality_adjective_names_the_doer() -> None:
    from service.extraction.actors import find_adjective_actors
    from service.extraction.events import find_triggers

    knowledge = shipped_knowledge()
    text = normalize("استهدفت غارتان إسرائيليتان مستودعا قرب المطار، وأصيب جنديان روسيان.")
    nouns = [(t.start, t.end) for t in find_triggers(text, knowledge.events)]
    found = find_adjective_actors(text, knowledge.actors, nouns)
    assert [(m.text, m.value.actor_id) for m in found] == [("إسرائيليتان", "israel")]  # the soldiers are no event


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شن سلاح الجو التركي غارات", ("سلاح الجو التركي", "turkey")),
        ("بدأت السلطات التركية حملة دهم", ("السلطات التركية", "turkey")),
        ("أوقفت السلطات المصرية مشتبها به", ("السلطات المصرية", "egypt_forces")),
    ],
)
def test_a_states_air_force_and_authorities_are_its_forces(text: str, expected: tuple[str, str]) -> None:
    assert found(text) == [expected]


# The region beyond Syria


@pytest.mark.parametrize(
    ("text", "expected", "actor_type"),
    [
        ("قصفت جماعة الحوثي مواقع", ("جماعة الحوثي", "houthis"), "rebel_group"),
        ("هاجم مسلحو أنصار الله", ("أنصار الله", "houthis"), "rebel_group"),
        ("تقدمت قوات الشرعية", ("قوات الشرعية", "yemen_government"), "state_forces"),
        (
            "شن التحالف العربي بقيادة السعودية غارات",
            ("التحالف العربي بقيادة السعودية", "saudi_coalition"),
            "external_forces",
        ),
        ("انتشرت قوات المجلس الانتقالي الجنوبي", ("قوات المجلس الانتقالي الجنوبي", "stc"), "political_militia"),
        ("تبنى تنظيم القاعدة في جزيرة العرب الهجوم", ("تنظيم القاعدة في جزيرة العرب", "aqap"), "rebel_group"),
        ("هاجمت قوات حفتر", ("قوات حفتر", "lna"), "state_forces"),
        ("صدت قوات حكومة الوفاق الهجوم", ("قوات حكومة الوفاق", "libya_tripoli"), "state_forces"),
        ("أعلنت كتائب القسام", ("كتائب القسام", "hamas"), "rebel_group"),
        ("قصفت سرايا القدس مستوطنة", ("سرايا القدس", "pij"), "rebel_group"),
        ("اعتقل جهاز الشاباك شابا", ("جهاز الشاباك", "israel"), "state_forces"),
        ("قصف الجيش المصري أوكارا", ("الجيش المصري", "egypt_forces"), "state_forces"),
        ("هاجم تنظيم ولاية سيناء كمينا", ("تنظيم ولاية سيناء", "isis"), "rebel_group"),
        ("قصفت القوات المسلحة السودانية", ("القوات المسلحة السودانية", "saf"), "state_forces"),
        ("اقتحمت قوات الدعم السريع المدينة", ("قوات الدعم السريع", "rsf"), "rebel_group"),
        ("هاجم مقاتلو حركة الشباب قاعدة", ("مقاتلو حركة الشباب", "al_shabaab"), "rebel_group"),
        ("سيطرت قوات البيشمركة على القرية", ("قوات البيشمركة", "peshmerga"), "state_forces"),
        ("قتل عنصران من الشرطة العراقية", ("الشرطة العراقية", "iraq"), "state_forces"),
        ("داهمت الشرطة الفلسطينية المنزل", ("الشرطة الفلسطينية", "palestinian_security"), "state_forces"),
        ("أوقفت قوى الأمن الداخلي اللبنانية مطلوبا", ("قوى الأمن الداخلي اللبنانية", "lebanon"), "state_forces"),
    ],
)
def test_the_regions_armed_actors_carry_their_acled_type(text: str, expected: tuple[str, str], actor_type: str) -> None:
    assert found(text) == [expected]
    [mention] = actors(text)
    assert mention.actor_type == actor_type


def test_region_entries_keep_the_syrian_names_apart() -> None:
    """The region's names take no Syrian actor's forms: the PMF stays with Iran's militias, the
    Lebanese police with Lebanon, not the Kurdish internal security forces."""
    assert found("هاجمت فصائل الحشد الشعبي") == [("فصائل الحشد الشعبي", "iran_backed_militias")]
    assert found("انتشرت قوى الأمن الداخلي في الحسكة") == [("قوى الأمن الداخلي", "asayish")]
    assert found("أعلن الجيش الوطني الليبي") == [("الجيش الوطني الليبي", "lna")]
    assert found("أعلن الجيش الوطني السوري") == [("الجيش الوطني السوري", "sna")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت القوات الحكومية بلدة سرمين في ريف إدلب.", "syrian_government"),
        ("قصفت القوات الحكومية مواقع التنظيم غرب الموصل في العراق.", "iraq"),
        ("قصف الجيش الحكومي مواقع الحوثيين في تعز.", "yemen_government"),
        # Turkey's forces named first in a Syrian report are not its government's
        ("دخلت القوات التركية عفرين، وقصفت القوات الحكومية بلدة سرمين في ريف إدلب.", "syrian_government"),
    ],
)
def test_government_forces_are_those_of_the_articles_country(text: str, expected: str) -> None:
    found = [m for m in _actors_beside_places(text) if m.text.endswith("الحكومية") or "الحكومي" in m.text]
    assert [m.value.actor_id for m in found] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قالت الوكالة إن السلطات اعتقلت عشرة أشخاص في مدينة اللاذقية.", ("السلطات", "syrian_government")),
        ("قالت مصادر إن الشرطة داهمت منازل في حي الكرادة ببغداد.", ("الشرطة", "iraq")),
        ("أطلقت قوات الأمن النار على سيارة في إسطنبول.", ("قوات الأمن", "turkey")),
    ],
)
def test_the_authorities_and_the_police_are_the_articles_countrys(text: str, expected: tuple[str, str]) -> None:
    assert [(m.text, m.value.actor_id) for m in _actors_beside_places(text) if m.text == expected[0]] == [expected]


def _actors_beside_places(text: str) -> list:
    """The actors of a text found with its places, which tell the article's country."""
    from service.extraction.places import find_places

    knowledge = shipped_knowledge()
    normalized = normalize(text)
    knowledge.scan.scan(normalized)
    return find_actors(normalized, knowledge.actors, find_places(normalized, knowledge.places))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هاجم الجيش الوطني مواقع الوحدات الكردية قرب منبج في ريف حلب.", "sna"),
        ("تقدم الجيش الوطني في مديرية صرواح غرب مأرب.", "yemen_government"),
        ("قصف الجيش الوطني مواقع المسلحين في مدينة درنة الليبية.", "lna"),
    ],
)
def test_the_national_army_is_the_one_of_the_articles_country(text: str, expected: str) -> None:
    found = [m for m in _actors_beside_places(text) if "الجيش الوطني" in m.text]
    assert [m.value.actor_id for m in found] == [expected]


def test_a_government_adjective_on_an_event_noun_names_the_countrys_forces() -> None:
    from service.extraction.actors import find_adjective_actors
    from service.extraction.events import find_triggers
    from service.extraction.places import find_places

    knowledge = shipped_knowledge()
    text = normalize("قتل خمسة مدنيين في القصف الجوي الحكومي على بلدة في محافظة الأنبار العراقية.")
    knowledge.scan.scan(text)
    nouns = [(t.start, t.end) for t in find_triggers(text, knowledge.events)]
    places = find_places(text, knowledge.places)
    found = find_adjective_actors(text, knowledge.actors, nouns, places=places)
    assert [(m.text, m.value.actor_id) for m in found] == [("الحكومي", "iraq")]
    # no place to tell the country: the pack's home country's
    assert [m.value.actor_id for m in find_adjective_actors(text, knowledge.actors, nouns)] == ["syrian_government"]
