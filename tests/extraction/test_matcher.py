"""Multi-pattern matching with proclitics and word boundaries."""

from __future__ import annotations

from service.extraction.matcher import Matcher, MatcherSet
from service.extraction.text import NormalizedText

from .support import shipped_knowledge


def normalize(text: str) -> NormalizedText:
    """Text as the matcher alone sees it: glued words left as written (the article normalizer's
    splitter would set "الزورالغربي" apart before any matcher looks)."""
    return NormalizedText(text, shipped_knowledge().normalizer)


def matcher(entries, **options) -> Matcher:  # type: ignore[no-untyped-def]
    return Matcher(entries, shipped_knowledge().normalizer, **options)


LEXICON = [
    ("الرقة", "raqqa"),
    ("دير الزور", "deir_ez_zor"),
    ("داعش", "isis"),
    ("الميليشيات", "militias"),
    ("الميليشيات الإيرانية", "iranian_militias"),
    ("النظام", "regime"),
    ("حلب", "aleppo"),
    ("تل", "tell"),
]


def found(text: str, *, glued: bool = False) -> list[tuple[str, str, tuple[str, ...]]]:
    norm = normalize(text)
    return [(m.clitic, norm.original_text(m.start, m.end), m.values) for m in matcher(LEXICON, glued=glued).find(norm)]


def test_proclitics_before_a_name() -> None:
    assert found("وبالرقة") == [("وب", "الرقة", ("raqqa",))]
    assert found("لداعش") == [("ل", "داعش", ("isis",))]
    assert found("فحلب") == [("ف", "حلب", ("aleppo",))]


def test_lam_contracts_with_the_article() -> None:
    assert found("للنظام") == [("لل", "نظام", ("regime",))]


def test_longest_match_wins() -> None:
    assert found("والميليشيات الإيرانية") == [("و", "الميليشيات الإيرانية", ("iranian_militias",))]


def test_names_inside_other_words_do_not_match() -> None:
    assert found("حلبي تلفزيون مستلزمات") == []
    assert found("محلب") == []


def test_glued_words_match_only_when_asked() -> None:
    assert found("ريف دير الزورالغربي") == []
    assert found("ريف دير الزورالغربي", glued=True) == [("", "دير الزور", ("deir_ez_zor",))]
    assert found("أبناء ديرالزور", glued=True) == [("", "ديرالزور", ("deir_ez_zor",))]


def test_ambiguous_keys_keep_every_value() -> None:
    norm = normalize("في الرقة")
    matches = matcher([("الرقة", "city"), ("الرقه", "governorate")]).find(norm)
    assert [m.values for m in matches] == [("city", "governorate")]


def test_enclitic_pronouns_only_when_allowed() -> None:
    norm = normalize("جدد قصفه للمدينة")
    assert not matcher([("قصف", "shelling")]).find(norm)
    [match] = matcher([("قصف", "shelling")], suffixes=["ه", "ها"]).find(norm)
    assert norm.original_text(match.start, match.end) == "قصف"


def test_one_scan_of_a_matcher_set_finds_what_each_matcher_finds_alone() -> None:
    text = "قصفه ريف دير الزورالغربي ولداعش في الرقة، وقصف للنظام تلفزيون"
    lexicons = [
        matcher(LEXICON, glued=True),
        matcher(LEXICON),  # the same keys, without glued words: must not inherit them
        matcher([("قصف", "shelling"), ("الرقة", "raqqa-city")], suffixes=["ه"]),
        matcher([("قصف", "shelling")]),
    ]
    alone = [m.find(normalize(text)) for m in lexicons]
    scanned = normalize(text)
    MatcherSet(lexicons).scan(scanned)
    assert [m.find(scanned) for m in lexicons] == alone
    assert [len(found) for found in alone] == [4, 3, 3, 1]
