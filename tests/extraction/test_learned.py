"""Each learned model decides: on sentences written for these tests, the shipped model's
decision differs from what the pipeline does with a neutral model in its place (a copy of the
shipped pack with that one weights file replaced).

- eventiveness: talk about violence (a condemnation, a habit, a foiled plot) is no incident,
  where a model that takes every mention reports one;
- coreference: a sentence telling an air strike again joins it (and gives it its toll), where a
  model that never joins opens a second incident; another day and place stays apart;
- type in context: explosions at a base struck by rockets are shelling where the lexicon says
  explosion.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from service.extraction import DEFAULT_PACK, Document, Knowledge, extract, load_knowledge
from service.extraction.coreference import supporting
from service.extraction.eventiveness import score_sentences
from service.extraction.events import CueInfo
from service.extraction.features import (
    Chain,
    _cue_features,
    chain_features,
    eventiveness_features,
    type_evidence,
    typing_features,
)
from service.extraction.mention import Mention
from service.extraction.model import Incident
from service.extraction.models import LinearModel, NgramModel, char_ngrams
from service.extraction.pack import PackError
from service.extraction.pipeline import normalize, observe
from service.extraction.typing_in_context import retype

from ..conftest import shipped_knowledge

PUBLISHED = dt.date(2024, 5, 8)
NEUTRAL = {
    "eventiveness": "# Written for the tests: every mention reports an event.\n# threshold: 0.5\n"
    "feature\tweight\n(bias)\t5\n",
    "coreference": "# Written for the tests: no mention ever tells an incident again.\n# threshold: 0.5\n"
    "feature\tweight\n(bias)\t-5\n",
    "typing": "# Written for the tests: never sure of a type.\n# threshold: 0.99\n"
    "feature\tclass\tweight\n(bias)\tattack\t0\n(bias)\tshelling\t0\n",
}


@pytest.fixture(scope="module")
def neutral(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Knowledge]:
    """The shipped pack with one model at a time made neutral."""
    packs = {}
    for name, weights in NEUTRAL.items():
        pack = shutil.copytree(DEFAULT_PACK, tmp_path_factory.mktemp(name) / "pack")
        (Path(pack) / "models" / f"{name}.tsv").write_text(weights, encoding="utf-8")
        packs[name] = load_knowledge(pack)
    return packs


def incidents(text: str, knowledge: Knowledge | None = None) -> list[Incident]:
    return extract(Document(text=text, published_at=PUBLISHED), knowledge or shipped_knowledge()).incidents


REPORT = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."
TALK = [
    "ندد الائتلاف الوطني بالقصف وطالب المجتمع الدولي بوقف الهجمات على المدنيين في كل مكان.",  # a reaction
    "تتعرض المحافظة من حين لآخر لقصف مدفعي من القوات المتمركزة في محيطها.",  # a habit
    "ويقصف النظام بانتظام مناطق المعارضة.",
    "وقصفت الطائرات الحربية مرارا أهدافا في ريف دمشق خلال السنوات الماضية.",  # again and again
    "أحبطت القوات الأمنية محاولة تفجير سيارة مفخخة في مدينة الحسكة.",  # a foiled plot
    "وتأتي جهود مكافحة الإرهاب ضمن سلسلة من العمليات العسكرية المشابهة.",  # events in general
    "ولم ترد أي تقارير عن وقوع اشتباكات في المدينة.",  # what did not happen
    "ورغم الحملات العسكرية التي أطلقتها روسيا لمحاربة التنظيم إلا أنها ما زالت عاجزة.",
    "وإذا سيطرت الفصائل على المدينة فستكون خطوة كبيرة.",  # a condition
    "ودعا المعتصمون إلى إعدام المتهمين.",  # a demand
]


def test_a_report_is_an_incident() -> None:
    [incident] = incidents(REPORT)
    assert incident.type == "airstrike" and incident.casualties.killed is not None
    assert incident.casualties.killed.min == 3


@pytest.mark.parametrize("text", TALK)
def test_eventiveness_tells_talk_from_a_report(text: str, neutral: dict[str, Knowledge]) -> None:
    assert [i for i in incidents(text) if i.status == "occurred"] == []
    assert incidents(text, neutral["eventiveness"])  # what a model that takes every mention reports


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        # the killing word tells the toll of the shelling its clause reports
        ("قصفت قوات النظام بلدة كفرنبل صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين.", None),
        ("قتل جنديان في اشتباكات مع مسلحين قرب بلدة كفرنبل صباح اليوم.", None),
        # an attack word names the explosion its clause reports
        ("فجر انتحاري سيارة مفخخة استهدفت حاجزا للشرطة قرب بلدة كفرنبل صباح اليوم.", None),
        # a killing told alone is an incident of its own
        ("قتل مسلحون مجهولون مختار بلدة كفرنبل صباح اليوم.", "killing"),
    ],
)
def test_a_generic_word_in_the_clause_of_another_harmful_event_tells_that_event(
    text: str, alone: str | None, neutral: dict[str, Knowledge]
) -> None:
    """With every mention taken as reporting (a neutral eventiveness model), the rule alone decides."""
    found = [i.type for i in incidents(text, neutral["eventiveness"])]
    if alone is None:
        assert len(found) == 1 and found[0] not in ("killing", "attack")
    else:
        assert found == [alone]


RETOLD = (
    "شنت طائرات حربية غارات على بلدة سراقب في ريف إدلب أمس. "
    "وقال الدفاع المدني إن الغارات أسفرت عن مقتل خمسة مدنيين بينهم طفلان."
)
APART = (
    "قصفت قوات النظام بلدة الهبيط في ريف إدلب يوم الاثنين الماضي. "
    "وفي درعا، قصفت قوات النظام مدينة بصرى الشام يوم الخميس."
)


def test_coreference_joins_a_retelling_to_its_incident(neutral: dict[str, Knowledge]) -> None:
    [incident] = incidents(RETOLD)
    assert incident.casualties.killed is not None and incident.casualties.killed.min == 5
    lead = incidents(RETOLD, neutral["coreference"])[0]  # the retelling stays apart, its toll with it
    assert lead.evidence.sentence_index == 0 and lead.casualties.killed is None


def test_a_toll_a_supporting_mention_recalls_is_another_events() -> None:
    # the coreference model lets the second sentence support the attack (its word opens no incident),
    # but the dead of last year's attacks are not yesterday's attack's
    [attack] = incidents(
        "هاجم مسلحون حاجزا للجيش في بلدة الشيخ زويد أمس. وقتل 40 جنديا في هجمات على الحواجز في البلدة العام الماضي."
    )
    assert (attack.background, attack.casualties.killed) == (False, None)


def test_coreference_keeps_another_day_and_place_apart() -> None:
    found = incidents(APART)
    assert len(found) == 2
    assert {p.admin1_pcode for i in found for p in i.locations} >= {"SY07", "SY12"}


# A generic attack word later in the article tells the strike again (acled.tsv: retells).
GENERIC_RETOLD = [
    (
        "شنت مقاتلات روسية غارات على قرية البارة في جبل الزاوية. وقال الدفاع المدني إن الهجوم أودى بحياة أربعة مدنيين.",
        "airstrike",
        4,
    ),
    ("قصفت مدفعية قوات النظام قرية كفرعويد في جبل الزاوية. وأدى الاعتداء إلى مقتل طفلين.", "shelling", 2),
    ("قصفت مدفعية قوات النظام قرية كفرعويد في جبل الزاوية. وقال ناشطون إن الاعتداء أودى بحياة طفلين.", "shelling", 2),
]


@pytest.fixture(scope="module")
def without_retells(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The shipped pack with every type's words telling again only incidents of their own family."""
    pack = Path(shutil.copytree(DEFAULT_PACK, tmp_path_factory.mktemp("retells") / "pack"))
    table = pack / "acled.tsv"
    rows = []
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line.startswith(("#", "type\t")):
            line = "\t".join([*line.split("\t")[:-1], ""])
        rows.append(line)
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    knowledge = load_knowledge(pack)
    assert not knowledge.retells
    return knowledge


@pytest.mark.parametrize(("text", "kind", "killed"), GENERIC_RETOLD)
def test_a_generic_attack_word_tells_the_strike_again(
    text: str, kind: str, killed: int, without_retells: Knowledge
) -> None:
    [incident] = incidents(text)
    assert incident.type == kind and incident.casualties.killed is not None
    assert incident.casualties.killed.min == killed  # the toll the retelling gives
    assert all(i.casualties.killed is None for i in incidents(text, without_retells) if i.type == kind)


ROCKETS = "وقعت انفجارات في محيط القاعدة بعد استهدافها بالصواريخ. ولم تعلن أي جهة مسؤوليتها."


def typed(text: str, knowledge: Knowledge) -> list[str]:
    """The types the type-in-context stage gives the mentions of ``text``."""
    seen = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge())
    return [obs.type for obs in retype(seen.article, knowledge.models.typing).observed]


def test_type_in_context(neutral: dict[str, Knowledge]) -> None:
    assert typed(ROCKETS, shipped_knowledge())[0] == "shelling"
    assert typed(ROCKETS, neutral["typing"])[0] == "explosion"  # the lexicon's type


def test_the_type_is_chosen_without_the_cues_of_talk() -> None:
    """Whether a clause calls for, fears or denies an event says nothing of its kind: the typing
    model reads the mention's features but those cues, which eventiveness reads."""
    seen = observe(Document(text="حذر المبعوث من قصف مدفعي على أحياء المدينة"), shipped_knowledge())
    [obs] = seen.article.observed
    assert "cue:generic:before" in typing_features(seen.article, obs)
    assert "cue:generic:before" in eventiveness_features(seen.article, obs)
    evidence = type_evidence(seen.article, obs)
    assert "cue:generic:before" not in evidence
    assert set(evidence) == {f for f in typing_features(seen.article, obs) if not f.startswith("cue:generic")}


PROTEST = "تجمع مئات المتظاهرين أمام مبنى المحافظة في مدينة الحسكة يوم الخميس."
PROTEST_ARTICLE = PROTEST + "\n" + "وقال ناشطون إن الأهالي عادوا إلى منازلهم في البلدة بعد انتهاء الوقفة. " * 5


def with_threshold(tmp_path: Path, kind: str, value: str) -> Knowledge:
    """The shipped pack with the eventiveness model's threshold of ``kind`` (a type, or
    short_text) set to ``value``."""
    pack = Path(shutil.copytree(DEFAULT_PACK, tmp_path / "pack"))
    model = pack / "models" / "eventiveness.tsv"
    lines = [line for line in model.read_text("utf-8").splitlines() if not line.startswith(f"# threshold {kind}")]
    lines.insert(1, f"# threshold {kind}: {value}")
    model.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_knowledge(pack)


@pytest.mark.parametrize(("threshold", "reported"), [("0.02", True), ("0.98", False)])
def test_a_type_with_its_own_threshold_is_decided_by_it(tmp_path: Path, threshold: str, reported: bool) -> None:
    found = incidents(PROTEST_ARTICLE, with_threshold(tmp_path, "protest", threshold))
    assert any(i.type == "protest" for i in found) is reported


def test_a_type_threshold_must_be_a_probability(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"eventiveness\.tsv: '# threshold protest: high' is no probability"):
        with_threshold(tmp_path, "protest", "high")


SHELLING = "قصفت قوات النظام بلدة كفرنبل بالمدفعية الثقيلة يوم الخميس."
ARTICLE = SHELLING + "\n" + "وقال ناشطون إن الأهالي نزحوا من البلدة إلى المخيمات القريبة من الحدود التركية. " * 5


def test_a_sentence_sent_alone_is_decided_by_its_own_threshold(tmp_path: Path) -> None:
    never = with_threshold(tmp_path, "short_text", "0.999")
    assert not incidents(SHELLING, never)
    assert [i.type for i in incidents(ARTICLE, never)] == ["shelling"]  # an article keeps the main threshold


def test_a_protest_sent_alone_is_decided_by_the_threshold_of_its_type_there(tmp_path: Path) -> None:
    never = with_threshold(tmp_path, "short_text protest", "0.999")
    assert not [i for i in incidents(PROTEST, never) if i.type == "protest"]
    assert [i.type for i in incidents(PROTEST_ARTICLE, never)] == ["protest"]  # an article keeps the type's
    assert [i.type for i in incidents(PROTEST, with_threshold(tmp_path / "low", "short_text protest", "0.01"))] == [
        "protest"
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("قصفت قوات النظام بلدة كفرنبل أمس.", "date_span:day"),
        ("قصفت قوات النظام بلدة كفرنبل خلال الأيام الماضية.", "date_span:week"),
        # a tally of many strikes over months, not one event
        ("قتلت غارات التحالف 300 عنصر من التنظيم خلال عشرة أشهر.", "date_span:months"),
    ],
)
def test_eventiveness_reads_how_long_the_date_of_a_mention_lasts(text: str, span: str) -> None:
    knowledge = shipped_knowledge()
    article = observe(Document(text=text, published_at=PUBLISHED), knowledge).article
    [spans] = {
        tuple(f for f in eventiveness_features(article, o) if f.startswith("date_span:")) for o in article.observed
    }
    assert spans == (span,)


def test_a_mixed_toll_reads_as_the_two_words_it_joins() -> None:
    # "قتلى وجرحى" is one cue for the tolls; the models learnt it as a killed and an injured word
    cue = Mention(10, 21, 10, 21, "قتلى وجرحى", CueInfo("mixed", "clause"))
    obs = SimpleNamespace(mention=SimpleNamespace(start=0, end=4, cues=[cue]))
    assert _cue_features(obs) == ["cue:killed:after", "cue:injured:after"]  # type: ignore[arg-type]


def test_a_generic_word_recalled_as_background_tells_an_earlier_event(neutral: dict[str, Knowledge]) -> None:
    text = "شنت الطائرات غارات على بلدة كفرنبل صباح اليوم ردا على هجوم للفصائل على حاجز للجيش."
    found = {(i.type, i.background) for i in incidents(text, neutral["eventiveness"])}
    assert ("airstrike", False) in found and ("attack", True) in found


def test_the_instrument_the_lead_names_keeps_its_type() -> None:
    """A later "القصف" the typing model reads as an air strike does not change a shelling whose
    own clause names the artillery."""
    text = (
        "قالت مصادر محلية إن قوات النظام قصفت صباح اليوم بالمدفعية الثقيلة بلدة كفرنبل. "
        "وأضافت المصادر أن القصف استهدف منازل سكنية قرب الطريق العام."
    )
    assert [i.type for i in incidents(text)] == ["shelling"]


@pytest.mark.parametrize(("score", "supports"), [(0.2, True), (0.05, False)])
def test_a_mention_that_opens_no_incident_supports_one_below_the_joining_bar(score: float, supports: bool) -> None:
    """A mention scored 0.2 with an earlier incident is too unsure to be told as one of its
    mentions (threshold 0.4) but lends it what it says (a toll) above a quarter of that."""
    text = "قصفت طائرات حربية بلدة كفرنبل صباح اليوم. وأسفر القصف عن مقتل خمسة مدنيين."
    article = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge()).article
    model = LinearModel("test", math.log(score / (1 - score)), {}, 0.4)
    first = article.observed[0]
    support = supporting(article, [[first]], model)
    assert [o.sentence for o in support.get(0, [])] == ([1] if supports else [])  # "وأسفر القصف"


def test_coreference_reads_a_sound_heard_as_such() -> None:
    """ "سماع دوي انفجارات": what witnesses heard of an event is a feature of the later mention."""
    text = "قصفت طائرات مسيرة قاعدة حقل العمر في ريف دير الزور. وأفاد مراسلون بسماع دوي انفجارات في القاعدة."
    article = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge()).article
    first, later = article.observed[0], article.observed[-1]
    assert "later:heard" in chain_features(article, Chain.of([first]), later)
    assert "later:heard" not in chain_features(article, Chain.of([first]), first)


@pytest.mark.parametrize(
    ("second", "relation"),
    [
        ("وقصفت طائرات حربية بلدة القائم في محافظة الأنبار.", "place:other_town"),  # another town, one province
        ("وقصفت طائرات حربية مدينة الفلوجة مرة أخرى.", "place:same_unit"),
    ],
)
def test_coreference_tells_towns_abroad_apart_within_their_province(second: str, relation: str) -> None:
    """Abroad the gazetteer places a town in its province (no P-code of its own): its GeoNames id
    is its unit, so that two towns of one Iraqi province are two places, as two Syrian towns are."""
    text = f"قصفت طائرات حربية مدينة الفلوجة في محافظة الأنبار. {second}"
    article = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge()).article
    first, later = article.observed[0], article.observed[-1]
    assert relation in chain_features(article, Chain.of([first]), later)


def test_coreference_reads_a_list_of_like_reports() -> None:
    """Sentences that open with the same word ("واستهدفت ... واستهدفت ...") list like reports,
    each another event; the shipped model weighs that against joining them."""
    text = (
        "واستهدفت المقاومة موقع المرج بقذائف المدفعية. "
        "واستهدفت المقاومة ثكنة برانيت بقذائف المدفعية. "
        "وأسفر القصف عن أضرار في الموقع."
    )
    article = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge()).article
    first = article.observed[0]
    listed = next(o for o in article.observed if o.sentence == 1)
    retold = next(o for o in article.observed if o.sentence == 2)
    assert "parallel_opening" in chain_features(article, Chain.of([first]), listed)
    assert "parallel_opening" not in chain_features(article, Chain.of([first]), retold)
    assert shipped_knowledge().models.coreference.weights["parallel_opening"] < 0


@pytest.mark.parametrize(
    ("second", "relation"),
    [
        ('واستهدف مقاتلوه أيضا ثكنة "زبدين" بالصواريخ.', "quoted:other"),  # a list of claims: another target
        ('وأسفر استهداف ثكنة "برانيت" عن إصابات.', "quoted:shared"),
    ],
)
def test_coreference_reads_the_names_in_quotes_each_claim_gives(second: str, relation: str) -> None:
    """A list of claims names each target in quotes: another name is another event; names the
    finders know (an actor in quotes, «هيئة تحرير الشام») are none of these."""
    text = f'استهدف حزب الله ثكنة "برانيت" بالصواريخ. {second}'
    article = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge()).article
    first, later = article.observed[0], article.observed[-1]
    assert first.quoted == frozenset({"برانيت"})
    assert relation in chain_features(article, Chain.of([first]), later)
    actor = observe(
        Document(text="استهدفت «هيئة تحرير الشام» حاجزا للجيش.", published_at=PUBLISHED), shipped_knowledge()
    )
    assert actor.article.observed[0].quoted == frozenset()


def test_coreference_reads_a_phrase_retold_by_its_head_as_the_same_word() -> None:
    """ "غارة جوية" told again as "الغارة": one lemma for the feature, not two."""
    text = "شنت طائرات حربية غارة جوية على بلدة كفرنبل. وأسفرت الغارة عن دمار كبير."
    article = observe(Document(text=text, published_at=PUBLISHED), shipped_knowledge()).article
    first, later = article.observed[0], article.observed[-1]
    assert (first.mention.trigger.value.lemma, later.mention.trigger.value.lemma) == ("غارة جوية", "غارة")
    assert "same_lemma" in chain_features(article, Chain.of([first]), later)


ALWAYS_AIR = (
    "# Written for the tests: always sure the mention is an air strike.\n# threshold: 0.5\n"
    "feature\tclass\tweight\n(bias)\tairstrike\t20\n(bias)\tattack\t0\n"
)


def test_an_armed_group_without_aircraft_makes_no_air_strike(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(DEFAULT_PACK, tmp_path / "pack"))
    (pack / "models" / "typing.tsv").write_text(ALWAYS_AIR, encoding="utf-8")
    knowledge = load_knowledge(pack)
    assert typed("استهدفت هيئة تحرير الشام مواقع قوات النظام قرب بلدة كفرنبل.", knowledge) == ["attack"]
    assert typed("استهدفت قوات النظام مواقع هيئة تحرير الشام قرب بلدة كفرنبل.", knowledge) == ["airstrike"]
    # aircraft named in the clause: the model's type stands
    assert typed("استهدفت هيئة تحرير الشام بالطيران الحربي مواقع قرب بلدة كفرنبل.", knowledge) == ["airstrike"]


# -- the sentence model: a sentence sent alone read as a whole -------------------------------------


def test_the_sentence_model_reads_the_letter_sequences_of_each_word() -> None:
    assert char_ngrams("قتل 5", (2, 3)) == [" ق", "قت", "تل", "ل ", " قت", "قتل", "تل ", " 5", "5 ", " 5 "]


def test_the_sentence_model_weighs_tf_idf_scaled_to_unit_length() -> None:
    model = NgramModel("test", 0.5, {" ق": (2.0, 1.0), "قت": (1.0, -1.0)}, (2, 2), frozenset({"killing"}))
    # "قتل قتل": " ق" twice (1 + log 2, times idf 2), "قت" twice (1 + log 2, times idf 1); the rest unknown
    a, b = (1 + math.log(2)) * 2.0, (1 + math.log(2)) * 1.0
    z = 0.5 + (a * 1.0 - b) / math.hypot(a, b)
    assert model.probability("قتل قتل") == pytest.approx(1 / (1 + math.exp(-z)))
    assert model.probability("ذهب") == pytest.approx(1 / (1 + math.exp(-0.5)))  # nothing known: the bias


def test_the_shipped_sentence_model_tells_a_report_from_a_condemnation() -> None:
    model, knowledge = shipped_knowledge().models.sentences, shipped_knowledge()
    assert model is not None
    report, reaction = (normalize(knowledge, text).norm for text in (REPORT, TALK[0]))
    assert model.probability(report) > 0.5 > model.probability(reaction)


def sentence_features(text: str, sentences: NgramModel | None) -> list[list[str]]:
    knowledge = shipped_knowledge()
    article = retype(observe(Document(text=text, published_at=PUBLISHED), knowledge).article, knowledge.models.typing)
    scores = score_sentences(article, sentences) if sentences is not None else {}
    features = [eventiveness_features(article, o, scores) for o in article.observed]
    return [[f for f in each if f.startswith("sentence_score")] for each in features]


READS_AS_REPORT = NgramModel("test", 20.0, {}, (2, 5), frozenset({"shelling", "territory_change"}))


def test_a_sentence_sent_alone_gives_its_score_to_the_mentions_of_the_types_it_knows() -> None:
    [shelling] = sentence_features(SHELLING, READS_AS_REPORT)
    assert shelling == [f"sentence_score>={i / 10:g}" for i in range(10)]  # every tenth it reaches
    assert sentence_features(PROTEST, READS_AS_REPORT)[0] == ["sentence_score:none"]  # a type it does not know
    assert sentence_features(SHELLING, None) == [[]]  # no sentence model: the mention alone


def test_a_cue_that_says_talk_is_not_outweighed_by_how_the_sentence_reads() -> None:
    [[conditional]] = sentence_features("وإذا سيطرت الفصائل على مدينة كفرنبل فستكون خطوة كبيرة.", READS_AS_REPORT)
    assert conditional == "sentence_score:talk"


def test_a_pack_may_ship_no_sentence_model(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(DEFAULT_PACK, tmp_path / "pack"))
    (pack / "models" / "sentences.tsv").unlink()
    knowledge = load_knowledge(pack)
    assert knowledge.models.sentences is None
    assert [i.type for i in incidents(REPORT, knowledge)] == ["airstrike"]


def test_a_sentence_model_names_its_settings(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(DEFAULT_PACK, tmp_path / "pack"))
    (pack / "models" / "sentences.tsv").write_text("# bias: 0.1\nngram\tidf\tweight\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"sentences\.tsv: needs '# bias:', '# sizes: <n>-<m>' and '# types:'"):
        load_knowledge(pack)
