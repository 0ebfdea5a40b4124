"""Event words and cues: one example per rule of the pack's event lemmas (as inflected into
event_forms.tsv) and event_cues.tsv."""

from __future__ import annotations

import pytest

from service.extraction.events import find_cues, find_triggers

from .support import normalize, shipped_knowledge


def triggers(sentence: str, blocked: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    text = normalize(sentence)
    found = find_triggers(text, shipped_knowledge().events, blocked or [])
    return [(text.original_text(t.start, t.end), t.value.type) for t in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("شن الطيران غارات جوية على القرية", [("غارات جوية", "airstrike")]),
        ("قصفت قوات النظام البلدة", [("قصفت", "shelling")]),
        ("وقصفتها المدفعية", [("قصفت", "shelling")]),
        ("تعرضت البلدة لقصف مدفعي", [("قصف مدفعي", "shelling")]),
        ("انفجرت عبوة ناسفة بسيارة", [("انفجرت", "explosion"), ("عبوة ناسفة", "explosion")]),
        ("نفذ التنظيم تفجيرين انتحاريين", [("تفجيرين انتحاريين", "suicide_bombing")]),
        ("اندلعت اشتباكات عنيفة", [("اشتباكات", "armed_clash")]),
        ("سيطرت الفصائل على القرية", [("سيطرت", "territory_change")]),
        ("أقدم مسلحون على ذبح راعٍ", [("ذبح", "killing")]),
        # beating and torture are attacks on people (ACLED: violence against civilians)
        ("اعتقلوا ثم تعرضوا للضرب في السجن", [("اعتقلوا", "arrest"), ("تعرضوا للضرب", "attack")]),
        ("عذب عناصر الأمن الموقوفين", [("عذب", "attack")]),
        ("اختطف مسلحون مجهولون طبيبا", [("اختطف", "abduction")]),
        ("شنت الأجهزة الأمنية حملة مداهمات", [("حملة مداهمات", "arrest")]),
        ("استقدمت الميليشيا تعزيزات عسكرية", [("استقدمت", "reinforcement"), ("تعزيزات عسكرية", "reinforcement")]),
        ("أطلقت حملة تجنيد", [("حملة تجنيد", "recruitment")]),
        ("أعلنت بدء عملية عسكرية", [("عملية عسكرية", "military_operation")]),
        ("توصل الطرفان إلى وقف إطلاق النار", [("وقف إطلاق النار", "agreement")]),
        ("خرجت مظاهرة في المدينة", [("مظاهرة", "protest")]),
        ("نظم الأهالي وقفة احتجاجية", [("وقفة احتجاجية", "protest")]),
        # "مسيرة" alone is a march; with a state's name or a drone's kind, a drone
        ("خرجت مسيرة في المدينة", [("مسيرة", "protest")]),
        ("استهدفت مسيرة إسرائيلية شاحنة", [("استهدفت", "attack"), ("مسيرة إسرائيلية", "drone_strike")]),
        ("بالمسيرات الانقضاضية", [("مسيرات الانقضاضية", "drone_strike")]),
    ],
)
def test_each_type_has_its_words(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert triggers(sentence) == expected


def test_words_inside_a_known_name_are_not_triggers() -> None:
    sentence = "هيئة تحرير الشام"
    name = (0, len(normalize(sentence).norm))
    assert triggers(sentence) == [("تحرير", "territory_change")]  # alone, a word like any other
    assert triggers(sentence, [name]) == []
    text = normalize("هاجمت هيئة تحرير الشام مواقع")
    name = text.norm.index("هييه")
    found = find_triggers(text, shipped_knowledge().events, [(name, name + len("هييه تحرير الشام"))])
    assert [t.value.type for t in found] == ["attack"]


def test_trigger_words_do_not_match_inside_other_words() -> None:
    assert triggers("القصفيون والغاراتي") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the subject between a verb and the rest of its phrase: the verb names the event
        ("أطلق مسلحون ملثمون النار على حاجز", [("أطلق", "attack")]),
        ("فتحت دورية لحرس الحدود النار على المهربين", [("فتحت", "attack")]),
        ("أطلقت قوات الأمن عملية تمشيط في البادية", [("أطلقت", "military_operation")]),
        ("فجر انتحاري يرتدي حزاما ناسفا نفسه وسط السوق", [("فجر", "suicide_bombing")]),
        ("ألقت الدورية القبض على مهربين", [("ألقت", "arrest")]),  # not the verb alone (bombs dropped)
        # the phrase written whole is matched as before, once
        ("أطلقت الدورية النار", [("أطلقت", "attack")]),
        ("أطلق النار على حاجز", [("أطلق النار", "attack")]),
    ],
)
def test_a_verb_phrase_holds_its_subject(sentence: str, expected: list[tuple[str, str]]) -> None:
    verb = expected[0][0]
    assert [t for t in triggers(sentence) if t[0] == verb] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "أطلق الرئيس سراح المعتقلين قبل أن يأمر بوقف النار",  # the rest too far: another clause's
        "أطلق الوزير تصريحات نارية، ثم قال إن النار لن تتوقف",  # a comma ends the clause first
    ],
)
def test_a_verb_phrase_is_not_pieced_together_across_clauses(sentence: str) -> None:
    assert triggers(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "cue", "word"),
    [
        ("بهدف شن عملية", "planned", "بهدف"),
        ("هددت الفصائل بقصف", "threatened", "هددت"),
        ("نفت الوزارة الغارة", "denied", "نفت"),
        ("قام التنظيم سابقا بذبح", "background", "سابقا"),
        ("غارة بطائرة مسيرة", "drone_strike", "بطائرة مسيرة"),  # the means, after ب
        ("قصف بطائرة مسيرة", "drone_strike", "بطائرة مسيرة"),
        ("غارة شنتها طائرة مسيرة", "drone_strike", "مسيرة"),
        ("قصف مدفعي", "shelling", "مدفعي"),
        ("غارات على مواقع التنظيم", "target", "مواقع"),
        ("قصف من قبل قوات النظام", "agent", "من قبل"),
        ("أسفر عن مقتل شخصين", "killed", "مقتل"),
        ("وأصيب ثلاثة بجروح", "injured", "أصيب"),
        ("ريف الرقة الذي تسيطر عليه قوات النظام", "control", "تسيطر عليه"),
        ("وتأتي هذه الغارات", "anaphor", "هذه"),
        ("أطلقوا النار عليه وأردوه قتيلا", "killed", "أردوه"),  # knocked dead
        ("حثت الوزارة على ضرورة وقف القصف", "generic", "ضرورة"),  # a necessity: talk
        ("نزح السكان خشية من هجوم على البلدة", "generic", "خشية"),  # a fear
        ("حذر المبعوث من هجوم على المدينة", "generic", "حذر"),  # a warning
        ("أعربت المنظمة عن قلقها إزاء القصف", "generic", "قلقها"),  # a concern
        ("أحبطت الشرطة هجوما على الحاجز", "denied", "أحبطت"),  # foiled
        ("عثر على عبوة ناسفة وفككت قبل أن تنفجر", "denied", "قبل أن تنفجر"),
        ("وكان في نية المسلحين تفجير الجسر", "planned", "في نية"),  # an intention
        ("أقيم حفل في الذكرى الأولى لاغتيال الصحفي", "background", "الذكرى"),  # an anniversary recalls
        ("وقال إن مثل هذا الهجوم لن يمر دون رد", "generic", "مثل هذا"),  # such an attack: no one attack
    ],
)
def test_cues(sentence: str, cue: str, word: str) -> None:
    text = normalize(sentence)
    found = find_cues(text, shipped_knowledge().events)
    assert (word, cue) in [(text.original_text(c.start, c.end), c.value.cue) for c in found]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("وقالت الوزارة في بيان نشرته على موقعها إن الحاجز أزيل", "نشرته"),  # published, not deployed
        ("ونشرت الفصائل صورا للأسرى", "نشرت"),
        ("خطف الفريق الضيف الأضواء في المباراة", "خطف"),  # stole the show
        ("احتسب الحكم ضربة جزاء للفريق", "ضربة"),  # a penalty kick
        ("تعرض موقع الوزارة لهجوم إلكتروني", "هجوم"),  # a cyber attack
        ("اقتحمت القوات البلدة فجراً", "فجراً"),  # tanween: "at dawn", no verb
        ("أجرت الدولة تجربة صاروخ بعيد المدى", "صاروخ"),  # a missile test
        ("أصابت القذيفة ناقلة جند على الطريق", "جند"),  # a troop carrier: no recruitment
        ("سقطت قذيفة على منزل أسرة في القرية", "أسر"),  # a family: ة is no attached pronoun
        ("أصدرت المحكمة أحكاما بالإعدام على المتهمين", "إعدام"),  # a sentence, not an execution
        ("أطلق الجيش عملية فجر الجزيرة شرق النهر", "فجر"),  # an operation's name
        ("انتشرت دورية قرب خط وقف إطلاق النار في الهضبة", "وقف إطلاق النار"),  # a line on the map
        ("ألقت المروحيات منشورات فوق البلدة", "ألقت"),  # leaflets, not bombs
        ("وألقى الوزير باللوم على الحكومة السابقة", "ألقى"),  # blamed
        ("وقالت الوكالة إن الدفاعات الجوية تصدت لعدوان على المطار", "تصدت"),  # an interception: the strike's
        ("وتصدى الجيش لطائرات مسيرة فوق القاعدة", "تصدى"),
        ("وصوت النواب خلال عملية تصويت على القرار", "عملية"),  # a vote
        ("ويعرقل القصف عمليات إنقاذ الجرحى", "عمليات"),  # a rescue
        ("اتهم الرئيس المعارضة باغتصاب السلطة", "اغتصاب"),  # usurping power
        ("وأطلق الحزب حملة انتخابية في المدينة", "حملة"),  # an election campaign
    ],
)
def test_a_trigger_word_in_another_sense_is_no_trigger(sentence: str, word: str) -> None:
    text = normalize(sentence)
    assert word not in [text.original_text(t.start, t.end) for t in find_triggers(text, shipped_knowledge().events)]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("نشر الجيش تعزيزات على الحدود", "نشر"),
        ("خطف مسلحون سائقا على الطريق", "خطف"),
        ("وجه الطيران ضربة لمواقع التنظيم", "ضربة"),
        ("سقط صاروخ على منزل في البلدة", "صاروخ"),
        ("وكان انتحاريان قد فجرا نفسيهما", "فجرا"),  # the dual verb, written without tanween
        ("نفذ التنظيم حكم الإعدام بالرهائن", "إعدام"),  # a sentence carried out is an execution
        ("أعلنت الفصائل التزامها بوقف إطلاق النار في المدينة", "وقف إطلاق النار"),
        ("ألقت المروحيات براميل متفجرة على البلدة", "ألقت"),
        ("وتصدت الفصائل لهجوم القوات على البلدة", "تصدت"),
        ("ونفذ الجيش عملية في ريف المدينة", "عملية"),
        ("اتهمت المنظمة الجنود باغتصاب نساء في القرية", "اغتصاب"),  # sexual violence is an attack
        ("واحتجز المسلحون عشرات الرهائن في الفندق", "رهائن"),
    ],
)
def test_the_event_sense_stays(sentence: str, word: str) -> None:
    text = normalize(sentence)
    assert word in [text.original_text(t.start, t.end) for t in find_triggers(text, shipped_knowledge().events)]


@pytest.mark.parametrize(
    ("sentence", "word", "lemma", "aspect", "number"),
    [
        ("قصفوا القرية بعنف", "قصفوا", "قصف", "past", "singular"),  # every person of the past
        ("يستهدفون الحواجز كل ليلة", "يستهدفون", "استهدف", "present", "singular"),
        ("ستقصف المدفعية المواقع", "ستقصف", "قصف", "future", "singular"),  # س + the present
        ("صدت الفصائل الهجوم", "صدت", "صد", "past", "singular"),  # a doubled verb, conjugated from its vowels
        ("استهدفت غاراتها المدينة", "غاراتها", "غارة", "noun", "plural"),  # a plural with its pronoun
        ("شنت غارتين جويتين على البلدة", "غارتين جويتين", "غارة جوية", "noun", "dual"),  # the adjective agrees
        ("توقف القصف الجوي منذ أيام", "القصف الجوي", "قصف جوي", "noun", "singular"),  # both definite
        ("خرج المتظاهرون إلى الساحات", "المتظاهرون", "متظاهر", "noun", "plural"),  # a doer's plural
        ("أعلنت السيطرة على الحي", "السيطرة", "سيطرة", "noun", "singular"),
        # "اختطف" (he abducted) and "أختطف" (I abduct) normalize alike: news tells the past
        ("اختطف مسلحون سائقا", "اختطف", "اختطف", "past", "singular"),
        ("استهدف الطيران القرية", "استهدف", "استهدف", "past", "singular"),
        # the verbal noun of تعرّض with its subject attached: "his being subjected to beating"
        ("توفي بعد تعرضه للضرب في السجن", "تعرضه للضرب", "تعرض للضرب", "noun", "singular"),
        # a final hamza takes the seat of its case before a pronoun
        ("فر الأهالي بعد استيلائهم على البلدة", "استيلائهم", "استيلاء", "noun", "singular"),
        ("وأدى اعتداؤه على الحاجز إلى مقتل جندي", "اعتداؤه", "اعتداء", "noun", "singular"),
        ("استعاد الجيش البلدة التي سقطت في يد المسلحين قبل عام", "سقطت في يد", "سقط في يد", "past", "singular"),
        # the ا after the و of "they" falls before an object pronoun
        ("اقتحم المسلحون القرية واختطفوهم من منازلهم", "اختطفوهم", "اختطف", "past", "singular"),
        # tanween makes a form that is also a verb's dual the noun's accusative: an advance
        ("أحرز التنظيم تقدماً في ريف حمص", "تقدماً", "تقدم", "noun", "singular"),
        ("نفذ طيران التحالف 15 طلعة جوية على مواقع التنظيم", "طلعة جوية", "طلعة جوية", "noun", "singular"),
        ("استهدفت صليات صاروخية القاعدة الجوية", "صليات صاروخية", "صلية صاروخية", "noun", "plural"),
        # the artillery's shelling, where "قصف المدفعي" + ة would be no word
        ("ردا على قصف المدفعية التركية مواقع قسد", "قصف المدفعية", "قصف المدفعية", "noun", "singular"),
    ],
)
def test_inflected_forms_carry_their_lemma(sentence: str, word: str, lemma: str, aspect: str, number: str) -> None:
    text = normalize(sentence)
    found = [t for t in find_triggers(text, shipped_knowledge().events) if text.original_text(t.start, t.end) in word]
    assert found, f"no trigger in {sentence!r}"
    info = found[0].value
    assert (info.lemma, info.aspect, info.number) == (lemma, aspect, number)


def test_a_clause_that_runs_on_is_read_near_its_trigger() -> None:
    from service.extraction.clauses import clauses
    from service.extraction.detection import detect

    knowledge = shipped_knowledge()
    filler = " ".join(["وسط حالة من الترقب في الأحياء المجاورة"] * 20)  # 700 characters, no break
    text = normalize(f"نفت الوزارة {filler} أن تكون الطائرات قد قصفت السوق")
    events = knowledge.events
    [mention] = detect(text, find_triggers(text, events), find_cues(text, events), clauses(text, knowledge.clauses))
    start, end = mention.clause
    assert end - start <= 2 * 400 + (mention.end - mention.start)
    assert "denied" not in [c.value.cue for c in mention.cues]  # the denial 700 characters back governs nothing
