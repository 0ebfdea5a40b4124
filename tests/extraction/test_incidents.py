"""Incidents from sentences: one example per rule of the stages after detection (arguments,
status, background, coreference, assembly; Duckling's habit: the examples are the
specification). Sentences are written for these tests. Every mention is taken as reporting an
event and typed by the lexicon and instrument words (``rules_knowledge``): what the learned
eventiveness and type decide is tested in test_learned.py; coreference is the shipped model."""

from __future__ import annotations

import datetime as dt

import pytest

from service.extraction import Document, extract
from service.extraction.arguments import merge
from service.extraction.model import Incident, PlaceEntity
from service.extraction.pipeline import observe

from .support import rules_knowledge

PUBLISHED = dt.date(2021, 11, 10)


def incidents(text: str, published: dt.date | None = PUBLISHED) -> list[Incident]:
    return extract(Document(text=text, published_at=published), rules_knowledge()).incidents


def only(text: str) -> Incident:
    [incident] = incidents(text)
    return incident


def doers(incident: Incident) -> list[str | None]:
    return [a.actor_id for a in incident.actors if a.role == "perpetrator"]


def hit(incident: Incident) -> list[str | None]:
    return [a.actor_id for a in incident.actors if a.role == "target"]


@pytest.mark.parametrize(
    ("text", "kind", "sub_event"),
    [
        ("قصفت قوات النظام بلدة سرمدا في ريف إدلب الشمالي.", "shelling", "Shelling/artillery/missile attack"),
        (
            "شنت طائرات حربية روسية غارات جوية على مواقع لتنظيم داعش في بادية دير الزور.",
            "airstrike",
            "Air/drone strike",
        ),
        ("استهدفت طائرة مسيرة تركية سيارة في مدينة القامشلي.", "drone_strike", "Air/drone strike"),
        ("انفجرت عبوة ناسفة بسيارة عسكرية في مدينة الميادين.", "explosion", "Remote explosive/landmine/IED"),
        ("دارت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في ريف حماة الشمالي.", "armed_clash", "Armed clash"),
        ("أقدم مسلحون مجهولون على اغتيال قيادي في الفيلق الخامس بمدينة درعا.", "killing", "Attack"),
        ("اختطف مسلحون مجهولون طبيبا في مدينة السويداء يوم الثلاثاء.", "abduction", "Abduction/forced disappearance"),
        ("شنت قوات سوريا الديمقراطية حملة مداهمات في بلدة الشحيل بريف دير الزور الشرقي.", "arrest", "Arrests"),
        ("خرجت مظاهرة في مدينة السويداء للمطالبة بإسقاط النظام.", "protest", "Peaceful protest"),
        ("توصلت اللجنة المركزية في درعا إلى اتفاق تسوية مع قوات النظام.", "agreement", "Agreement"),
    ],
)
def test_each_type_with_its_acled_mapping(text: str, kind: str, sub_event: str) -> None:
    incident = only(text)
    assert (incident.type, incident.acled.sub_event_type) == (kind, sub_event)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("استهدفت الفصائل المسلحة مقرا عسكريا لقوات النظام في أطراف مدينة درعا بالصواريخ الموجهة.", "shelling"),
        ("هاجم مسلحون مجهولون حاجزا للشرطة على الطريق الدولي قرب بلدة خربة غزالة بعبوة ناسفة.", "explosion"),
        ("استهدف الجيش التركي مواقع للوحدات الكردية في محيط بلدة تل رفعت بطائرات مسيرة.", "drone_strike"),
    ],
)
def test_the_means_after_bi_types_a_targeting_verb_however_far(text: str, kind: str) -> None:
    # "by means of": an instrument with ب anywhere after the verb in its clause, past the reach of
    # the instrument words that must stand next to it ("قصف مدفعي")
    assert only(text).type == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("نفذ طيران التحالف قصفا مكثفا على مواقع المسلحين في بلدة كفرنبل.", "airstrike"),  # aircraft as the doer
        ("قصفت مروحية تابعة للجيش سيارة على طريق بلدة كفرنبل.", "airstrike"),
        ("استهدفت صليات صاروخية القاعدة العسكرية قرب بلدة كفرنبل فجر اليوم.", "shelling"),  # rocket salvoes
    ],
)
def test_the_aircraft_or_the_rockets_named_in_the_clause_type_a_strike(text: str, kind: str) -> None:
    assert only(text).type == kind


@pytest.mark.parametrize(
    "text",
    [
        'استهدفت الكتائب دبابة للاحتلال من نوع "ميركافا" بقذيفة "الياسين 105" شرق مدينة خان يونس.',
        "استهدف مقاتلو الفصائل آلية عسكرية لقوات النظام بصاروخ مضاد للدروع قرب بلدة سراقب.",
        "هاجم مسلحون حاجزا للجيش بأسلحة خفيفة ومتوسطة وقذائف آر بي جي قرب مدينة العريش.",
    ],
)
def test_a_weapon_of_direct_fire_makes_an_attack_not_a_shelling(text: str) -> None:
    # an anti-armour shell or machine guns hit what they are aimed at: no shelling from afar
    assert only(text).type == "attack"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the ground a clash was fought for is no territory change: the clash is the event
        ("دارت اشتباكات عنيفة بين الفصائل وقوات النظام في محاولة للسيطرة على بلدة كفرنبل.", "armed_clash"),
        # ground taken, told first, is one
        ("سيطرت الفصائل على بلدة كفرنبل بعد اشتباكات عنيفة مع قوات النظام.", "territory_change"),
    ],
)
def test_the_lead_word_decides_between_a_clash_and_ground_taken(text: str, kind: str) -> None:
    # (whether the other word tells an event of its own is the models' part: corpus2 counts ground
    # taken "بعد معارك" as two events, the clash and the taking)
    assert incidents(text)[0].type == kind


def test_state_forces_taking_ground_is_government_regaining_territory() -> None:
    assert only("استعادت قوات النظام السيطرة على بلدة اللطامنة في ريف حماة.").acled.sub_event_type == (
        "Government regains territory"
    )
    assert only("سيطرت هيئة تحرير الشام على قرية في ريف إدلب الجنوبي.").acled.sub_event_type == (
        "Non-state actor overtakes territory"
    )


def test_subject_object_and_place() -> None:
    incident = only("قصفت قوات النظام بلدة سرمدا في ريف إدلب الشمالي أمس، ما أدى إلى مقتل 3 مدنيين بينهم طفلان.")
    assert doers(incident) == ["syrian_government"]
    assert incident.locations[0].name_en == "Sarmada" and incident.locations[-1].pcode == "SY07"
    assert (incident.date.earliest, incident.date.latest) == (dt.date(2021, 11, 9), dt.date(2021, 11, 9))
    assert incident.casualties.killed.min == 3
    assert {v.category for v in incident.victims} >= {"civilians", "children"}


def test_an_incident_placed_in_no_unit_lies_in_the_articles_main_one() -> None:
    lead = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي، وقتل خمسة مدنيين في مدينة معرة النعمان.\n\n"
    for where in ("", " في سوريا"):  # nowhere, or only in the country
        arrest = next(
            i
            for i in incidents(lead + f"وفي سياق آخر، اعتقلت الأجهزة الأمنية عشرين شابا{where}.")
            if i.type == "arrest"
        )
        assert "SY07" in {p.admin1_pcode for p in arrest.locations}
    # two governorates named as often: none is the article's
    even = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب وبلدة تلبيسة في ريف حمص.\n\nواعتقلت الأجهزة الأمنية عشرين شابا."
    arrest = next(i for i in incidents(even) if i.type == "arrest")
    assert not arrest.locations


def test_a_town_inside_an_outlets_name_is_no_place() -> None:
    text = "ونقل موقع الميادين نت أن غارة جوية استهدفت بلدة سرمدا في ريف إدلب."
    found = extract(Document(text=text, published_at=PUBLISHED), rules_knowledge())
    assert [e.text for e in found.entities if isinstance(e, PlaceEntity)] == ["بلدة سرمدا", "ريف إدلب"]


def test_target_after_a_target_word_and_agent_after_a_verbal_noun() -> None:
    incident = only("قتل 5 مدنيين في غارة جوية للطيران الروسي على مواقع لتنظيم داعش في بلدة كفرنبل.")
    assert doers(incident) == ["russia"]
    assert hit(incident) == ["isis"]
    assert incident.casualties.killed.min == 5


def test_a_nationality_adjective_names_the_doer() -> None:
    incident = only("قتل ستة مدنيين جراء غارات روسية على ريف إدلب الجنوبي.")
    assert doers(incident) == ["russia"]
    assert [p.pcode for p in incident.locations] == ["SY07"]  # "روسية" is no place


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        # a Syrian adjective beside another state's names the government's forces ...
        ("قتل ستة مدنيين جراء غارات روسية وسورية على ريف إدلب الجنوبي.", ["russia", "syrian_government"]),
        ("قتل ستة مدنيين جراء غارات سورية وروسية على ريف إدلب الجنوبي.", ["syrian_government", "russia"]),
        # ... and alone no one: a Syrian strike may be either side's
        ("قتل ستة مدنيين جراء قصف سوري على ريف إدلب الجنوبي.", []),
    ],
)
def test_coordinated_nationality_adjectives_name_each_doer(text: str, doer: list[str]) -> None:
    assert doers(only(text)) == doer


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        # whose the rescuers are is no doer: the strike's subject is
        ("وقال فريق الدفاع المدني التابع للمعارضة إن الطيران الحربي الروسي قصف البلدة.", ["russia"]),
        # forces affiliated to a side are that side's doers
        ("هاجمت مجموعة تابعة لقسد حاجزا لقوات النظام قرب بلدة ذيبان.", ["sdf"]),
    ],
)
def test_an_affiliation_names_a_doer_only_for_armed_men(text: str, doer: list[str]) -> None:
    assert doers(only(text)) == doer


@pytest.mark.parametrize(
    ("text", "doer", "target"),
    [
        # a relative clause's verb with the event as its object names the doer after it
        (
            "وأسفرت الاشتباكات التي خاضتها قوات النظام مع الفصائل قرب بلدة كفرنبل أمس عن مقتل 4 عناصر.",
            ["syrian_government"],
            ["syrian_opposition"],  # the side fought with
        ),
        ("وقتل 3 جنود في الهجوم الذي تبناه تنظيم داعش على حاجز قرب بلدة كفرنبل أمس.", ["isis"], []),
        # sites, bases and depots named as a force's are hit, not the hitting side
        ("قصفت الفصائل بالصواريخ قاعدة للقوات الروسية قرب بلدة كفرنبل أمس.", ["syrian_opposition"], ["russia"]),
        ("تعرض موقعان تابعان لقوات النظام لقصف مدفعي قرب بلدة كفرنبل أمس.", [], ["syrian_government"]),
        # "بين" makes sides whatever word stands between it and the name
        (
            "اندلعت اشتباكات بين مقاتلي جيش الإسلام وقوات النظام قرب بلدة كفرنبل أمس.",
            ["jaish_al_islam"],
            ["syrian_government"],
        ),
        # a country named right after people is theirs: the soldiers were hit
        ("قتل مسلحون جنديا تركيا في كمين قرب بلدة كفرنبل أمس.", [], ["turkey"]),
        # the agent word right before a name wins over a target word further back ("على الأقل")
        ("قتل 6 مدنيين على الأقل بغارات شنها الطيران الروسي على بلدة كفرنبل أمس.", ["russia"], []),
        # the force whose support a doer has fights beside it: "بدعم روسي", "بغطاء جوي تركي", "بدعم روسيا"
        (
            "سيطرت قوات النظام بدعم روسي على بلدة كفرنبل أمس.",
            ["syrian_government", "russia"],
            [],
        ),
        ("تقدمت الفصائل بغطاء جوي تركي نحو بلدة كفرنبل أمس.", ["syrian_opposition", "turkey"], []),
        ("تشن القوات الحكومية بدعم روسيا هجوما على بلدة كفرنبل منذ أمس.", ["syrian_government", "russia"], []),
        # "الذي تقوم به", "التي بدأتها", "التي تقودها": a relative clause whose verb does the event
        ("وقتل مدنيان في القصف الذي تقوم به قوات النظام على بلدة كفرنبل منذ أمس.", ["syrian_government"], []),
        ("ونزح المئات إثر الحملة التي بدأتها الفصائل على بلدة كفرنبل أمس.", ["syrian_opposition"], []),
        # a force in ل after a verbal noun and the words that qualify it did it; after a site it was hit
        ("وقتل 3 مدنيين في قصف مدفعي عنيف لقوات النظام على بلدة كفرنبل أمس.", ["syrian_government"], []),
        ("وقتل 3 عناصر في قصف على مواقع لقوات النظام قرب بلدة كفرنبل أمس.", [], ["syrian_government"]),
        # the taking of ground: the name after "سيطرة" took what "على" names; over an area it only holds it
        ("أعلن المرصد أمس سيطرة قوات النظام على بلدة كفرنبل بعد معارك عنيفة.", ["syrian_government"], []),
    ],
)
def test_agent_and_target_words_around_a_name(text: str, doer: list[str], target: list[str]) -> None:
    incident = only(text)
    assert doers(incident) == doer
    assert hit(incident) == target


def test_a_nationality_on_a_weapon_names_the_doer_whatever_precedes_it() -> None:
    # "على الأقل" reads like a target word; the adjective on the weapon decides.
    incident = only("قتل أربعة مسلحين على الأقل حين قصفت مروحيات تركية مواقعهم قرب بلدة جنديرس.")
    assert doers(incident) == ["turkey"]
    assert doers(only("قصفت ثلاث طائرات حربية إسرائيلية مستودعا قرب مطار المزة.")) == ["israel"]
    assert doers(only("شنت مقاتلات أمس هجوما إسرائيليا على مستودع قرب مطار المزة.")) == ["israel"]  # accusative


def test_a_nationality_agrees_with_the_noun_it_qualifies() -> None:
    # "الأميركية" qualifies the base that was hit, not the shelling: the doer is the subject.
    incident = only("قصفت فصائل المعارضة بالصواريخ القاعدة الأميركية في حقل العمر.")
    assert "us_coalition" not in doers(incident)


def test_an_adjective_doer_leaves_room_for_the_subject() -> None:
    incident = only("شنت قوات النظام هجوما على بلدة كفرنبل تسانده مقاتلات حربية روسية.")
    assert doers(incident) == ["syrian_government", "russia"]


def test_agent_after_on_the_part_of() -> None:
    incident = only("تعرضت بلدة الحراك لقصف مدفعي عنيف من جانب قوات النظام.")
    assert doers(incident) == ["syrian_government"]


@pytest.mark.parametrize(
    "text",
    [
        # "مدعومة ب" names an ally, so the doer is still sought before the event
        "وتواصل قوات النظام، مدعومة بالطيران الروسي، عمليتها العسكرية في ريف إدلب.",
        # "خلالها" between a verb and its subject
        "شنت حملة سيطر خلالها الجيش السوري بدعم روسي على بلدة كفرنبل.",
    ],
)
def test_the_doer_and_its_backer(text: str) -> None:
    assert doers(incidents(text)[-1]) == ["syrian_government", "russia"]


def test_allies_fight_beside_the_doer() -> None:
    incident = only("سيطرت قوات سوريا الديمقراطية على قرية الباغوز بمساندة التحالف الدولي.")
    assert doers(incident) == ["sdf", "us_coalition"]
    incident = only("هاجمت قوات النظام مواقع هيئة تحرير الشام بالتعاون مع ميليشيا الدفاع الوطني في ريف حماة.")
    assert doers(incident) == ["syrian_government", "ndf"] and hit(incident) == ["hts"]


def test_the_name_after_a_targeting_noun_was_hit() -> None:
    incident = only("أعلنت هيئة تحرير الشام استهداف قوات النظام في بلدة كفرنبودة أمس.")
    assert doers(incident) == ["hts"] and hit(incident) == ["syrian_government"]
    killed = only("أعلنت قوات النظام اغتيال قيادي في هيئة تحرير الشام بمدينة إدلب.")
    assert "hts" not in doers(killed)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("تعرضت القوات الأميركية لهجوم بالصواريخ في قاعدة حقل العمر ليل الخميس.", "us_coalition"),  # subject between
        ("وكانت القوات التركية قد تعرضت إلى استهداف بطائرة مسيرة في ريف حلب.", "turkey"),  # before, with إلى
    ],
)
def test_the_subject_of_a_verb_of_suffering_was_hit(text: str, side: str) -> None:
    """ "تعرض ل/إلى" + an event noun: its subject is the side hit, wherever it stands."""
    incident = only(text)
    assert not doers(incident) and side in hit(incident)


@pytest.mark.parametrize(
    "text",
    [
        "انفجرت سيارة مفخخة في مدينة القامشلي أمس، وتبنى تنظيم داعش التفجير.",  # a claim
        "انفجرت سيارة مفخخة في مدينة القامشلي أمس، وأعلن تنظيم داعش مسؤوليته عن التفجير.",
        "انفجرت سيارة مفخخة في مدينة القامشلي أمس، وألقيت المسؤولية فيه على تنظيم داعش.",  # a blame
        "قتل 5 أشخاص في التفجيرين اللذين نفذهما تنظيم داعش في مدينة القامشلي أمس.",  # a dual object
    ],
)
def test_who_claims_an_attack_or_is_blamed_for_it_did_it(text: str) -> None:
    assert doers(only(text)) == ["isis"]


def test_nationalities_on_an_army_name_its_states_forces() -> None:
    incident = only("قتل 12 شخصا في غارات للجيشين السوري والروسي على بلدة كفرنبل أمس.")
    assert doers(incident) == ["syrian_government", "russia"]


def test_a_country_named_as_the_place_is_no_doer() -> None:
    assert not doers(only("وفي العراق أصابت الغارات أهدافا عدة قرب مدينة الموصل أمس."))
    assert doers(only("وقصفت تركيا مواقع في شمال العراق أمس.")) == ["turkey"]


def test_members_after_a_verb_are_its_doers_not_its_victims() -> None:
    """ "هاجم عناصر من التنظيم": the members and the force are the verb's subject; after a verbal
    noun ("استهداف عناصر من التنظيم") they are what it befell."""
    incident = only("هاجم عناصر من تنظيم داعش حاجزا للجيش قرب بلدة كفرنبل أمس.")
    assert doers(incident) == ["isis"] and not incident.victims
    # the lead's doer stays the doer, though "عناصر" marks what the later "مقتل" befell
    incident = only("هاجم عناصر من تنظيم داعش حاجزا للجيش قرب بلدة كفرنبل أمس، ما أدى إلى مقتل 5 جنود.")
    assert (doers(incident), hit(incident)) == (["isis"], [])
    assert hit(only("أعلن الجيش استهداف عناصر من تنظيم داعش قرب بلدة كفرنبل أمس.")) == ["isis"]


def test_the_side_a_place_is_taken_from_was_hit() -> None:
    incident = only("واستعاد الجيش السوري مدينة تدمر من تنظيم داعش أمس.")
    assert (doers(incident), hit(incident)) == (["syrian_government"], ["isis"])


def test_the_genitive_of_a_targeting_noun_with_its_object_after_li_did_it() -> None:
    found = incidents("قصفت قوات النظام بلدة كفرنبل بالتزامن مع استهداف قوات النظام لبلدة عين ترما بقصف صاروخي.")
    assert all(doers(i) == ["syrian_government"] and not hit(i) for i in found)


def test_a_nationality_on_what_a_targeting_noun_hit_names_the_side_hit() -> None:
    incident = only("أعلنت كتائب القسام استهداف 8 دبابات إسرائيلية في خان يونس أمس.")
    assert (doers(incident), hit(incident)) == (["hamas"], ["israel"])


def test_a_name_read_as_hit_by_one_mention_is_no_doer_of_the_incident() -> None:
    text = "أكدت المقاومة الإسلامية في العراق استهداف القوات الأميركية في محيط مطار أربيل بطائرتين مسيرتين."
    parts = [o.args for o in observe(Document(text=text), rules_knowledge()).article.observed]
    assert ("perpetrator", "us_coalition") in [(r, a.value.actor_id) for p in parts for r, a in p.roles]
    merged = [(r, a.value.actor_id) for r, a in merge(parts).roles]
    assert merged == [("perpetrator", "iran_backed_militias"), ("target", "us_coalition")]


def test_a_sentence_without_a_doer_continues_the_paragraphs() -> None:
    found = incidents("شنت قوات النظام هجوما على بلدة كفرنبل أمس. كما طال القصف قرية حاس المجاورة.")
    assert [doers(i) for i in found] == [["syrian_government"], ["syrian_government"]]
    apart = incidents("شنت قوات النظام هجوما على بلدة كفرنبل أمس.\nوطال القصف قرية حاس المجاورة.")
    assert doers(apart[-1]) == []  # a new paragraph names its own doer


def test_both_sides_of_a_clash() -> None:
    incident = only("دارت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في ريف حماة الشمالي.")
    assert doers(incident) == ["syrian_government"]
    assert hit(incident) == ["syrian_opposition"]


@pytest.mark.parametrize(
    ("text", "doer", "target"),
    [
        ("اشتبكت فصائل المعارضة مع قوات النظام في ريف حماة الشمالي.", ["syrian_opposition"], ["syrian_government"]),
        # with no doer named, those the clause counts fell to the side the clash was fought with
        ("قتل ثلاثة مدنيين في اشتباكات مع قوات النظام في ريف حماة الشمالي.", ["syrian_government"], []),
    ],
)
def test_the_side_a_clash_is_fought_with(text: str, doer: list[str], target: list[str]) -> None:
    [clash] = [i for i in incidents(text) if i.type == "armed_clash"]
    assert (doers(clash), hit(clash)) == (doer, target)


def test_sides_split_where_one_side_ends() -> None:
    incident = only("تواصلت الاشتباكات بين قوات النظام وحزب الله من جهة، والفصائل المقاتلة من جهة أخرى في ريف حماة.")
    assert doers(incident) == ["syrian_government", "hezbollah"]
    assert hit(incident) == ["syrian_opposition"]


def test_coordinated_names_share_a_role() -> None:
    incident = only("بعد قيام داعش والميليشيات الإيرانية بذبح العديد من رعاة الأغنام في البادية.")
    assert doers(incident) == ["isis", "iran_backed_militias"]
    assert incident.casualties.killed.min == 2 and incident.casualties.killed.max is None


def test_victims_are_not_the_doers() -> None:
    incident = only("اختطف مسلحون مجهولون طبيبا في مدينة السويداء يوم الثلاثاء.")
    assert doers(incident) == ["unidentified_gunmen"]
    assert [v.category for v in incident.victims] == ["medics", "civilians"]  # a medic is a civilian too


@pytest.mark.parametrize(
    ("text", "doer", "target"),
    [
        # a nationality on soldiers names their side, not the doer
        ("شنت طائرات روسية غارة على بلدة كفرنبل أدت إلى مقتل جندي تركي.", ["russia"], ["turkey"]),
        ("قال مصدر إن جنديا تركيا قتل في قصف على بلدة كفرنبل.", [], ["turkey"]),
        # ... on civilians no one
        ("شنت طائرات روسية غارة على بلدة كفرنبل أدت إلى مقتل مدني تركي.", ["russia"], []),
        # some of a force a casualty word befell were hit
        ("قتل أحد عناصر قوات النظام في قصف على بلدة كفرنبل.", [], ["syrian_government"]),
        ("أسفر الكمين قرب بلدة كفرنبل عن مقتل 3 من عناصر قوات النظام.", [], ["syrian_government"]),
        ("اندلعت معارك في بلدة كفرنبل قتل فيها أحد قادة تنظيم داعش.", [], ["isis"]),
        ("أفاد ناشطون بسقوط قتلى من قوات النظام في قصف على بلدة كفرنبل.", [], ["syrian_government"]),
        ("أسفرت الاشتباكات في بلدة كفرنبل عن جرحى من عناصر تنظيم داعش.", [], ["isis"]),
    ],
)
def test_the_side_of_the_people_hit(text: str, doer: list[str], target: list[str]) -> None:
    incident = only(text)
    assert (doers(incident), hit(incident)) == (doer, target)


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        # only states fly warplanes: a Syrian adjective on them names the government's forces
        ("استهدفت مروحيات سورية بلدة كفرنبل ببراميل متفجرة.", ["syrian_government"]),
        ("نفذ سلاحا الجو السوري والروسي غارات على بلدة كفرنبل.", ["syrian_government", "russia"]),
        # a strike phrase that ends inside the definite name of its doer
        ("قصف الطيران السوري بلدة كفرنبل.", ["syrian_government"]),
        # "قوات الحكومة" is definite through its last word: the article's country's forces
        ("وأضاف أن قوات الحكومة تواصل القصف المدفعي على بلدة كفرنبل.", ["syrian_government"]),
        # the name right after an event noun is its doer, though a target word stands before both
        ("تراجع المسلحون على محاور القتال بعد ضربات الجيش السوري على بلدة كفرنبل.", ["syrian_government"]),
        # the side a strike is believed to be of
        ("قتل ثلاثة مدنيين في غارة جوية يرجح أنها روسية على بلدة كفرنبل.", ["russia"]),
    ],
)
def test_doers_of_strikes(text: str, doer: list[str]) -> None:
    strikes = [i for i in incidents(text) if i.type in ("airstrike", "shelling")]
    assert [doers(i) for i in strikes] == [doer]


def test_a_nationality_after_people_is_no_place() -> None:
    incident = only("قال مصدر إن سائحا اسبانيا قتل في هجوم على فندق في بلدة كفرنبل.")
    assert [loc.country for loc in incident.locations] == ["SYR"]


def test_an_official_who_speaks_is_no_victim() -> None:
    incident = only("قال مسؤول محلي إن مدنيا قتل في قصف على بلدة كفرنبل.")
    assert [v.category for v in incident.victims] == ["civilians"]


def test_injured_and_their_affiliation() -> None:
    incident = only("انفجرت عبوة ناسفة بسيارة عسكرية في مدينة الميادين، وأصيب خمسة عناصر من قوات النظام بجروح.")
    assert incident.casualties.injured.min == 5
    assert hit(incident) == ["syrian_government"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("هددت تركيا بشن عملية عسكرية ضد قسد في منبج.", "threatened"),
        ("نفت وزارة الدفاع الروسية تنفيذ غارات على مدينة إدلب.", "denied"),
        ("تستعد قوات النظام لشن عملية عسكرية في ريف إدلب.", "planned"),
        ("قصفت قوات النظام بلدة كفرنبل.", "occurred"),
        # expected or imminent: not yet happened
        ("ومن المتوقع أن تشن قوات النظام عملية عسكرية في ريف درعا.", "planned"),
        ("تنتظر مدينة طفس هجوما بريا وشيكا لقوات النظام.", "planned"),
        # an adjective of another noun further on is not the trigger's
        ("قصفت قوات النظام مواقع الفصائل لإحباط تسللات محتملة قرب بلدة كفرنبل.", "occurred"),
    ],
)
def test_status(text: str, status: str) -> None:
    assert only(text).status == status


def test_purpose_makes_the_later_event_planned_and_the_first_occurred() -> None:
    first, second = incidents(
        "استقدمت قوات النظام تعزيزات عسكرية إلى ريف حلب الغربي بهدف شن عملية عسكرية ضد هيئة تحرير الشام."
    )
    assert (first.type, first.status) == ("reinforcement", "occurred")
    assert (second.type, second.status) == ("military_operation", "planned")
    assert first.evidence.end <= second.evidence.start  # each its own part of the clause


def test_a_recruitment_drive_is_the_event_itself() -> None:
    assert only("عقدت القوات الروسية اجتماعات مع وجهاء ريف دير الزور بهدف حشد مقاتلين عشائريين.").status == "occurred"


@pytest.mark.parametrize(
    "text",
    [
        "وكان تنظيم داعش قد ذبح 11 سائق شاحنة في البادية السورية عام 2019.",
        "قام التنظيم سابقا بذبح 11 سائق شاحنة في البادية.",
        "أعلنت روسيا في شهر آب الماضي إطلاق عملية عسكرية في البادية السورية.",
        # four days or more before the report (published on a Wednesday): recalled, not news
        "قصفت قوات النظام بلدة كفرنبل يوم الجمعة الماضي.",
        # "days ago": a stretch that ended before the report, mostly more than three days back
        "وقبل أيام، قصفت قوات النظام بلدة كفرنبل بالمدفعية.",
        # a tense that recalls, with no day of the news to say otherwise
        "وكان مسلحون قد هاجموا حاجزا للجيش في بلدة كفرنبل.",
    ],
)
def test_background(text: str) -> None:
    assert only(text).background


@pytest.mark.parametrize(
    "text",
    [
        "وكان مسلحون قد هاجموا حاجزا للجيش في بلدة كفرنبل أمس.",
        "وكانت طائرات حربية قد قصفت بلدة كفرنبل يوم الاثنين.",
        "وفي وقت سابق اليوم، قصفت قوات النظام بلدة كفرنبل بالمدفعية.",
        "وكانت بلدة كفرنبل قد تعرضت لقصف مدفعي في وقت سابق الأربعاء.",
        # the day beside the verb, not a year told of the event further on ("the first this year")
        "قتل أمس ثلاثة مدنيين في قصف على بلدة كفرنبل، هو الأول على البلدة في عام 2021.",
    ],
)
def test_a_recalling_tense_dated_in_the_news_days_is_news(text: str) -> None:
    assert not only(text).background
    # a sentence sent alone, with no publication date: a day told relative to it is news too
    [alone] = incidents(text, published=None)
    assert not alone.background


def test_a_protests_own_people_are_not_its_victims() -> None:
    incident = only("تظاهر مئات المحتجين في ساحة بلدة كفرنبل أمس للمطالبة بإسقاط الحكومة.")
    assert incident.type == "protest" and incident.victims == []


def test_the_doers_an_event_names_are_not_its_victims() -> None:
    # the word for the event names its doer; so does the subject inside a verb phrase
    bombing = only("فجر انتحاري نفسه في سوق بلدة كفرنبل أمس ما أدى إلى مقتل خمسة مدنيين.")
    assert [v.category for v in bombing.victims] == ["civilians"]
    shooting = only("أطلق مسلحون النار على حاجز للشرطة في بلدة كفرنبل أمس.")
    assert "fighters" not in [v.category for v in shooting.victims]
    # fighters hit by another's strike stay victims
    strike = only("قتل خمسة مسلحين في غارة جوية على بلدة كفرنبل أمس.")
    assert [v.category for v in strike.victims] == ["fighters"]


def test_doers_counted_as_casualties_name_them_not_their_event() -> None:
    # bombers killed by an air strike: no suicide bombing
    strike = only("قتل ثلاثة انتحاريين في غارة جوية على مقر للتنظيم في بلدة كفرنبل أمس.")
    assert (strike.type, strike.casualties.killed.min) == ("airstrike", 3)
    assert only("فجر انتحاري نفسه عند حاجز للجيش في بلدة كفرنبل أمس ما أدى إلى مقتل جنديين.").type == (
        "suicide_bombing"
    )


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("قصفت المدفعية تجمعا لعناصر التنظيم في محيط بلدة الشحيل.", ["shelling"]),
        ("شن الطيران الحربي غارة على تجمع قرب بلدة معرة النعمان.", ["airstrike"]),
        ("تجمع مقاتلون من الفصائل في مدرسة بحي الكلاسة.", []),
        ("تجمع مئات الأهالي أمام مبنى المحافظة في مدينة السويداء.", ["protest"]),
    ],
)
def test_a_gathering_an_attack_hits_or_fighters_make_up_is_no_protest(text: str, types: list[str]) -> None:
    seen = observe(Document(text=text), rules_knowledge())
    assert [o.type for o in seen.article.observed] == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("عثرت الشرطة على عبوة ناسفة في حقيبة قرب السوق.", []),
        ("ضبطت القوات كميات من قذائف الهاون والعبوات الناسفة في مستودع.", []),
        ("تسعى الحكومة إلى شراء منظومات صواريخ جديدة.", []),
        ("عثر الأهالي على جثة رجل قتل بقذيفة هاون.", ["killing", "shelling"]),
    ],
)
def test_arms_found_seized_or_bought_are_things_not_attacks(text: str, types: list[str]) -> None:
    seen = observe(Document(text=text), rules_knowledge())
    assert [o.type for o in seen.article.observed] == types


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("فككت الفرق الهندسية عبوة ناسفة جاهزة للتفجير على طريق بلدة كفرنبل.", [("explosion", "planned")]),
        # only the word right after "ready for": the attack told after it happened
        (
            "وكانت الفصائل جاهزة لصد الهجوم الذي شنته قوات النظام على بلدة كفرنبل أمس.",
            [("armed_clash", "planned"), ("attack", "occurred")],
        ),
    ],
)
def test_ready_for_is_not_yet(text: str, statuses: list[tuple[str, str]]) -> None:
    seen = observe(Document(text=text, published_at=PUBLISHED), rules_knowledge())
    assert [(o.type, o.status) for o in seen.article.observed] == statuses


def test_an_event_days_after_which_the_news_came_is_background() -> None:
    """ "بعد أيام من X": X is counted back from, told as context."""
    text = "قصفت الطائرات بلدة كفرنبل أمس، بعد أيام من هجوم شنه مسلحون على حاجز للجيش في البلدة."
    seen = observe(Document(text=text, published_at=PUBLISHED), rules_knowledge())
    told = {o.mention.trigger.text: o.background for o in seen.article.observed}
    assert told["قصفت"] is False and told["هجوم"] is True


def test_what_an_event_answers_is_background() -> None:
    """ "ردا على X": X came before and is recalled; the answer is the news."""
    text = "شنت الطائرات غارات على بلدة كفرنبل أمس ردا على تفجير سيارة مفخخة عند حاجز للجيش."
    seen = observe(Document(text=text, published_at=PUBLISHED), rules_knowledge())
    told = {o.mention.trigger.text: o.background for o in seen.article.observed}
    assert told["غارات"] is False and told["تفجير"] is True


def test_news_is_not_background() -> None:
    assert not only("قصفت قوات النظام بلدة كفرنبل أمس.").background
    assert not only("قصفت قوات النظام بلدة كفرنبل يوم الاثنين.").background  # two days before
    # "for days": it runs up to the report and may still go on
    assert not only("تقصف قوات النظام بلدة كفرنبل منذ أيام بالمدفعية.").background
    # "سابقا" after the event describes a person ("a former member"), not the event's time
    assert not only("اغتال مسلحون مجهولون عنصرا سابقا في فصائل المعارضة في بلدة طفس بريف درعا.").background


def test_a_later_sentence_adding_the_toll_is_the_same_event() -> None:
    incident = only("قصفت قوات النظام بلدة كفرنبل.\nوأسفر القصف عن مقتل طفلين.")
    assert incident.casualties.killed.min == 2
    assert incident.evidence.text == "قصفت قوات النظام بلدة كفرنبل."


def test_counts_stay_in_their_clause() -> None:
    # the killed count is not the injured one, nor the injured count the killed one
    for text, killed, injured in [
        ("قتل 4 مدنيين وأصيب آخرون بقصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي.", 4, None),
        ("قتل طفل وأصيب ثلاثة آخرون بقصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي.", 1, 3),
    ]:
        [shelling] = [i for i in incidents(text) if i.type == "shelling"]
        tolls = shelling.casualties
        assert (tolls.killed.min, tolls.injured.min if tolls.injured else None) == (killed, injured)


def test_a_campaigns_running_total_is_no_incidents_toll() -> None:
    incident = only(
        "قصفت قوات النظام بلدة كفرنبل أمس مما أسفر عن مقتل 5 مدنيين، لترتفع بذلك حصيلة القصف على"
        " المنطقة منذ بداية الشهر إلى 320 مدنيا."
    )
    assert incident.casualties.killed is not None and incident.casualties.killed.min == 5


def test_a_place_named_as_a_landmark_locates_no_event() -> None:
    # the hill overlooks the Golan: it lies in the province the sentence names, and the Golan stays an entity
    result = extract(
        Document(
            text="سيطرت قوات النظام على تلة استراتيجية تطل على هضبة الجولان في ريف درعا الغربي.", published_at=PUBLISHED
        ),
        rules_knowledge(),
    )
    [incident] = result.incidents
    assert [place.admin1_pcode for place in incident.locations] == ["SY12"]
    assert "هضبة الجولان" in [e.text for e in result.entities if isinstance(e, PlaceEntity)]


def test_a_demonstrative_points_back() -> None:
    incident = only("شنت طائرات روسية غارات على ريف الرقة. وتأتي هذه الغارات بالتزامن مع زيارة.")
    assert doers(incident) == ["russia"]


def test_the_subject_of_an_outcome_verb_points_back() -> None:
    found = incidents("قصفت طائرات حربية تركية مواقع في ريف حلب الشمالي، وأسفر القصف عن مقتل تسعة عناصر.")
    assert len(found) == 1
    assert found[0].casualties.killed.min == 9


def test_two_events_in_one_sentence_stay_two() -> None:
    found = incidents("قصفت قوات النظام بلدة كفرنبل تزامنا مع إرسالها تعزيزات عسكرية إلى ريف إدلب.")
    assert [i.type for i in found] == ["shelling", "reinforcement"]
    assert doers(found[1]) == ["syrian_government"]  # the pronoun subject carries over


def test_a_headline_joins_the_body() -> None:
    headline = "روسيا تسعى لتجنيد أبناء دير الزور"
    body = "وتعقد القوات الروسية اجتماعات في ريف دير الزور الغربي بهدف حشد مقاتلين عشائريين."
    found = incidents(f"{headline}\n\n{body}")
    assert [i.type for i in found] == ["recruitment"]
    assert found[0].evidence.text.startswith("وتعقد")


def test_the_lead_date_carries_to_later_events() -> None:
    found = incidents("قصفت قوات النظام أمس بلدة كفرنبل.\nوفي ريف حلب، دارت اشتباكات بين الفصائل وقوات النظام.")
    assert [i.date.text for i in found] == ["أمس", "أمس"]


def test_the_lead_day_is_the_events_not_the_reports() -> None:
    """A lead that names the day of the report and the day of the event ("قال ناشطون الأربعاء
    ... صباح الثلاثاء"): an event told later without a day of its own took place on the earlier."""
    text = (
        "قال ناشطون الأربعاء إن قوات النظام قصفت بلدة الصنمين صباح الثلاثاء.\n"
        "ودارت اشتباكات بين قوات النظام ومسلحين من أبناء البلدة في محيطها."
    )
    found = incidents(text)
    assert [i.type for i in found] == ["shelling", "armed_clash"]
    assert [(i.date.text, i.date.earliest) for i in found if i.date] == [("صباح الثلاثاء", dt.date(2021, 11, 9))] * 2


def test_a_lead_without_a_day_leaves_the_news_day_to_the_article() -> None:
    # A headline and a sentence of context name no day; "اليوم" further down is the news day, not
    # a day weeks back.
    text = (
        "تصعيد جديد في ريف إدلب\n"
        "تشهد المنطقة توترا منذ أشهر.\n"
        "وفي 3 تشرين الأول الماضي، قصفت قوات النظام بلدة كفرنبل.\n"
        "وأفاد ناشطون بأن اشتباكات اندلعت اليوم قرب بلدة سراقب.\n"
        "ودارت اشتباكات أخرى بين الفصائل وقوات النظام في ريف حلب."
    )
    last = incidents(text)[-1]
    assert last.date is not None and last.date.text == "اليوم"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the reporting verb's day before the trigger, the event's after it
        ("أفاد المرصد أمس بأن الطائرات قصفت الليلة الماضية بلدة كفرنبل.", "الليلة الماضية"),
        ("ذكرت مصادر محلية أمس أن قوات النظام قصفت بلدة كفرنبل الليلة قبل الماضية.", "الليلة قبل الماضية"),
    ],
)
def test_the_date_nearest_the_trigger(text: str, expected: str) -> None:
    incident = only(text)
    assert incident.date is not None and incident.date.text == expected


@pytest.mark.parametrize(
    ("text", "kind", "window"),
    [
        # the day before the sentence's own day
        (
            "قصفت طائرات حربية بلدة كفرنبل أمس، وذلك غداة اشتباكات عنيفة بين الفصائل وقوات النظام في المنطقة.",
            "armed_clash",
            ("غداة", "2021-11-08", "2021-11-08"),
        ),
        # four days before a sentence that names no day of its own: the news day, publication or the day before
        (
            "وأعلنت الحكومة حالة الطوارئ في المنطقة، بعد أربعة أيام على تفجير انتحاري استهدف حاجزا في بلدة كفرنبل.",
            "suicide_bombing",
            ("بعد أربعة أيام على", "2021-11-05", "2021-11-06"),
        ),
        # its own day said after it wins
        (
            "وأعلنت الحكومة الحداد، غداة مقتل 5 مدنيين الأحد في قصف مدفعي على بلدة كفرنبل.",
            "shelling",
            ("الأحد", "2021-11-07", "2021-11-07"),
        ),
    ],
)
def test_an_event_dated_by_another_of_its_sentence(text: str, kind: str, window: tuple[str, str, str]) -> None:
    dated = {i.type: (i.date.text, str(i.date.earliest), str(i.date.latest)) for i in incidents(text) if i.date}
    assert dated.get(kind) == window


def test_a_chronology_entry_is_dated_by_its_heading() -> None:
    """ "12 آذار 2019: ...": the date that opens a line before a colon dates what the line tells,
    however near another date stands to the trigger."""
    text = (
        "وهذه أبرز الغارات على المطار:\n"
        "12 آذار 2019: قصفت طائرات حربية المطار للمرة الثالثة خلال أسبوعين، ما أدى إلى مقتل 4 جنود.\n"
    )
    incident = only(text)
    assert incident.date is not None and incident.date.text == "12 آذار 2019" and incident.background


def test_sources_of_the_sentence() -> None:
    incident = only("قتل 5 مدنيين في غارة جوية للطيران الروسي على بلدة كفرنبل، وفق المرصد السوري لحقوق الإنسان.")
    assert [s.kind for s in incident.sources] == ["monitor"]


def test_confidence_grows_with_anchors() -> None:
    bare = only("شنت قوات النظام غارات.")
    full = only("شنت قوات النظام غارات على بلدة كفرنبل أمس ما أدى إلى مقتل 3 مدنيين.")
    assert 0 < bare.confidence < full.confidence <= 1


def tolls(text: str) -> tuple[int | None, int | None]:
    """The killed and injured minimum of the one incident that gives a toll."""
    [told] = [i.casualties for i in incidents(text) if i.casualties.killed or i.casualties.injured]
    return (told.killed.min if told.killed else None, told.injured.min if told.injured else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "شهداء" and its singular and dual say who died, as "قتلى" does
        ("أسفر القصف المدفعي على بلدة كفرنبل عن سقوط 4 شهداء و9 جرحى.", (4, 9)),
        ("أعلنت الوزارة ارتقاء 6 شهداء في قصف على بلدة كفرنبل.", (6, None)),
        ("أسفر القصف المدفعي على بلدة كفرنبل عن سقوط شهيدين.", (2, None)),
        # "مصرعهم" / "حتفهم" after the count: "لقي 12 مسلحا مصرعهم"
        ("لقي 12 عنصرا مصرعهم وأصيب 5 آخرون في اشتباكات في بلدة كفرنبل.", (12, 5)),
        ("لقي 3 أطفال حتفهم في قصف مدفعي على بلدة كفرنبل.", (3, None)),
        # "أرداه قتيلا" (knocked him dead): the pronoun is one person, a count before "قتلى" more
        ("أطلق مسلحون النار على سائق في بلدة كفرنبل وأردوه قتيلا.", (1, None)),
        ("أطلق عناصر الحاجز النار على سيارة في بلدة كفرنبل فأردوا ثلاثة من ركابها قتلى.", (3, None)),
        # "القضاء على" in a military statement is killing
        ("أعلن الجيش القضاء على 9 عناصر في اشتباكات في بلدة كفرنبل.", (9, None)),
        # the dual of a noun whose plural is broken counts two
        ("قتل شرطيان في هجوم مسلح على حاجز في بلدة كفرنبل.", (2, None)),
        # one person right before the casualty word: "لقي رجل مصرعه", "طفل قتل"
        ("لقي رجل مصرعه في انفجار لغم قرب بلدة كفرنبل.", (1, None)),
        ("قالت مصادر محلية إن طفل قتل وأصيب 4 آخرون في قصف على بلدة كفرنبل.", (1, 4)),
        # ... unless a casualty word before that person already tells what befell them
        ("أسفر القصف على بلدة كفرنبل عن إصابة مدني قتل شقيقه أمس.", (None, 1)),
        # the number after its noun
        ("قصف الطيران بلدة كفرنبل وقتل مدنيين اثنين وأصيب 5 آخرون.", (2, 5)),
        # counts "و" joins under one casualty word add up ...
        ("قتل 16 طفلا وأربع نساء في غارة على بلدة كفرنبل.", (20, None)),
        ("قتل عدد من الجنود، واثنين من المدنيين في هجوم على بلدة كفرنبل.", (4, None)),
        # ... not a part of the first count, nor a count another word governs
        ("قتل 5 مدنيين بينهم امرأة و3 أطفال في غارة على بلدة كفرنبل.", (5, None)),
        ("قتل 4 مدنيين و3 جرحى في غارة على بلدة كفرنبل.", (4, 3)),
        ("قتل 4 مدنيين وأصيب 3 أطفال في غارة على بلدة كفرنبل.", (4, 3)),
        # one figure for the killed and the injured together is neither, and stops no other count
        ("سقط 30 قتيلا وجريحا في غارة على بلدة كفرنبل، بينهم 4 قتلى من الأطفال.", (4, None)),
        ("أسفرت الغارة على بلدة كفرنبل عن مقتل وإصابة 12 مدنيا ومقتل طفل.", (1, None)),
        ("إن 8 عناصر قتلوا وجرح آخرون في كمين قرب بلدة كفرنبل.", (8, None)),
        # a policeman, an officer by rank: one person
        ("أسفر تفجير عبوة ناسفة في بلدة كفرنبل عن استشهاد شرطي وإصابة 3 مدنيين.", (1, 3)),
        ("أعلن الجيش مقتل نقيب في هجوم على حاجز في بلدة كفرنبل.", (1, None)),
        # "قضى": died
        ("قضى شاب وأصيب 2 آخران في قصف مدفعي على بلدة كفرنبل.", (1, 2)),
        # "حتى الموت" after the count
        ("أحرق المسلحون ثلاثة شبان حتى الموت وأصابوا 2 آخرين في بلدة كفرنبل.", (3, 2)),
        # one person named after the casualty word and a count "و" joins to them add up
        ("أسفرت الغارة على بلدة كفرنبل عن مقتل امرأة وثلاثة من أطفالها.", (4, None)),
        # ... a dual too, a kin noun's possessed one as well ("طفليها": her two children)
        ("أسفرت الغارة على بلدة كفرنبل عن مقتل امرأة وطفليها.", (3, None)),
        ("أسفرت الغارة على بلدة كفرنبل عن مقتل رجل وطفلين.", (3, None)),
        ("أسفرت الغارة على بلدة كفرنبل عن مقتل رجل وإصابة طفلين.", (1, 2)),
        ("هاجم مسلحون حاجزا في بلدة كفرنبل، قتل فيه ضابط وأصيب جنديان.", (1, 2)),  # "in it" between
        ("أسفر القصف على بلدة كفرنبل عن مقتل طفلة وإصابة 3 مدنيين.", (1, 3)),
        # "N من أفراد X": members of a force, counted by the verb after them
        ("قال مصدر طبي إن 23 من أفراد الشرطة قتلوا في هجوم على حاجز في بلدة كفرنبل.", (23, None)),
        # a count joined by "و" after the group the first count's people are of adds up, and so does
        # a part of a group ("و19 من الجيش"), as the count it is joined to counts people
        ("أسفرت المعارك في بلدة كفرنبل أمس عن مقتل 23 مقاتلا من الحوثيين و19 من الجيش.", (42, None)),
        ("قتل 7 عناصر من قوات النظام و12 مسلحا في اشتباكات في بلدة كفرنبل.", (19, None)),
        # the two sides' dead told one against the other ("مقابل") add up to the clash's toll
        ("قتل 12 عنصرا من قوات النظام مقابل 8 من الفصائل في اشتباكات في بلدة كفرنبل.", (20, None)),
        # ... with no noun, the group alone after each count; or a casualty noun, then the group
        ("أسفرت الاشتباكات في بلدة كفرنبل عن مقتل 10 من الفصائل و7 من قوات النظام.", (17, None)),
        ("أسفرت المعارك في بلدة كفرنبل عن سقوط عشرة قتلى في صفوف الفصائل، مقابل سبعة في صفوف قوات النظام.", (17, None)),
        ("أسفر الهجوم على بلدة كفرنبل عن سقوط عشرة قتلى و7 جرحى.", (10, 7)),  # the dead and the wounded
        ("قتل 4 مدنيين من أهالي البلدة و3 جرحى في غارة على بلدة كفرنبل.", (4, 3)),
        # a stated number tells more than a vague amount, in the clause or the incident's next mention;
        # a count of some of them ("بينهم 5 أطفال") is never the toll
        ("سقط عدد من القتلى في الغارة على بلدة كفرنبل، وقال المرصد إن 16 شخصا قتلوا في المستشفى.", (16, None)),
        ("قتل عشرات المدنيين في غارات على بلدة كفرنبل. وقال المرصد إن الغارات قتلت 12 مدنيا.", (12, None)),
        ("قتل العشرات بينهم 5 أطفال في غارة على بلدة كفرنبل.", (10, None)),
        # ... nor the counts "و" joins on to that part, whatever word stands before "بينهم"/"من ضمنهم"
        ("أسفر القصف على بلدة كفرنبل عن سقوط عشرات القتلى، من ضمنهم امرأتان وثلاثة أطفال.", (10, None)),
        ("أسفرت الغارة على بلدة كفرنبل عن سقوط عشرات القتلى بينهم ثلاث نساء وخمسة أطفال.", (10, None)),
        # "N من" + the group they are of, however long, then the casualty word
        ("قال مصدر إن ثلاثة من أبرز قادة الفصيل المسلح قتلوا في غارة على بلدة كفرنبل.", (3, None)),
        # a passive verb's subject may come last, far after it; not past a person named between
        (
            "قتل في الغارات الجوية والقصف المدفعي يوم الاثنين على البلدات الواقعة شرق بلدة كفرنبل أكثر من 100 شخص.",
            (100, None),
        ),
        ("قتل طفل في غارة على بلدة كفرنبل أدت أيضا إلى تدمير المنازل ونزوح 200 عائلة من البلدة.", (1, None)),
        # a woman named by her trade or cause is one person, as a man is
        ("قتلت ناشطة في تبادل إطلاق نار مع الشرطة في بلدة كفرنبل.", (1, None)),
        ("أسفر القصف على بلدة كفرنبل عن مقتل صحفية وإصابة 3 مدنيين.", (1, 3)),
        # with no count, the pronoun a casualty word ends in tells how many it befell
        ("وأكدت مصادر محلية مقتله في غارة على بلدة كفرنبل.", (1, None)),
        ("لقيت الناشطة حتفها في قصف على بلدة كفرنبل.", (1, None)),
        ("قال مصدر إن المسلحين لقيا مصرعهما في اشتباكات في بلدة كفرنبل.", (2, None)),
        ("لقي 5 عناصر مصرعهم في اشتباكات في بلدة كفرنبل.", (5, None)),
        # "one of" a group is one person
        ("أسفرت الغارة على بلدة كفرنبل عن مقتل أحد قادة الفصيل.", (1, None)),
        ("أسفر القصف على بلدة كفرنبل عن إصابة إحدى الممرضات ومقتل طفل.", (1, 1)),
        ("اندلعت معارك في بلدة كفرنبل قتل فيها أحد قادة الفصيل.", (1, None)),
        # an accusative singular after "إن" is one person, their nationality between them and the verb
        ("قال مصدر إن جنديا تركيا قتل في اشتباكات قرب بلدة كفرنبل.", (1, None)),
        ("قالت مصادر محلية إن 12 جنديا قتلوا في اشتباكات قرب بلدة كفرنبل.", (12, None)),
        # the pronoun a casualty verb ends in says how many it befell
        ("قال مصدر إن مسلحين أطلقا النار على سيارة في بلدة كفرنبل فقتلاها.", (1, None)),
        # settlers and tourists are people too
        ("أسفر الهجوم على الحافلة قرب بلدة كفرنبل عن مقتل مستوطن.", (1, None)),
        # a casualty noun with no count counts by its own number: a plural at least two
        ("أسفر القصف على بلدة كفرنبل عن سقوط قتلى.", (2, None)),
        ("هاجم مسلحون دورية قرب بلدة كفرنبل أمس، ما أوقع أفرادها بين قتيل وجريح.", (1, 1)),
        ("استهدف قصف مدفعي بلدة كفرنبل أمس، مما أسفر عن سقوط قتلى وجرحى.", (2, 2)),
        ("أسفرت الغارة على بلدة كفرنبل عن سقوط شهيد.", (1, None)),
        # ... but never where a count stands before it
        ("أسفر القصف على بلدة كفرنبل عن سقوط 7 قتلى.", (7, None)),
        # the two sides' dead told before the verb add up, as they do after it
        ("أعلن الجيش أن 7 من عناصره و71 مسلحا قتلوا في اشتباكات قرب بلدة كفرنبل.", (78, None)),
    ],
)
def test_casualty_words(text: str, expected: tuple[int | None, int | None]) -> None:
    assert tolls(text) == expected


def test_a_pair_told_as_one_figure_counts_neither() -> None:
    tolls = only("استهدف قصف مدفعي بلدة كفرنبل أمس، مما أسفر عن سقوط 12 قتيلا وجريحا.").casualties
    assert (tolls.killed, tolls.injured) == (None, None)


def test_a_teh_marbuta_is_no_pronoun() -> None:
    assert only("ارتفعت حصيلة القصف على بلدة كفرنبل.").casualties.killed is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the 3 were arrested for killing a policeman: no one died in the arrest
        ("اعتقلت الشرطة في بلدة كفرنبل 3 أشخاص قتلوا شرطيا.", "arrest"),
        # the deaths came before the agreement and are another event's toll
        ("توصل الطرفان إلى اتفاق بعد مقتل 5 مدنيين في بلدة كفرنبل.", "agreement"),
        # a peaceful protest over a killing: the death is the killing's
        ("تظاهر مئات من الأهالي في بلدة كفرنبل تنديدا بمقتل شاب.", "protest"),
    ],
)
def test_strategic_developments_and_protests_report_no_deaths(text: str, kind: str) -> None:
    [incident] = incidents(text)
    assert incident.type == kind  # acled.tsv: harm 0
    assert incident.casualties.killed is None and incident.casualties.injured is None
