"""Normalization for matching, and the offset map back to the caller's text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.extraction.text import _TOKEN, Normalizer

from .support import normalize, shipped_knowledge


def normalize_key(key: str) -> str:
    return shipped_knowledge().normalizer.key(key)


ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
MIXED = st.one_of(ARABIC, st.sampled_from(" \n\t\u200c\u00a0ـﻻﷲ“”«»،؟0123456789abcXYZ"), st.characters())


def test_folds_letters_diacritics_and_tatweel() -> None:
    assert normalize_key("دَيْرِ الزُّورِ") == "دير الزور"
    assert normalize_key("أإآٱ") == "اااا"
    assert normalize_key("مستشفى المدينة") == "مستشفي المدينه"
    assert normalize_key("مؤتمر رئيسي") == "موتمر رييسي"
    assert normalize_key("الـمـدنـيـيـن") == "المدنيين"


def test_folds_digits_punctuation_and_quotes() -> None:
    assert normalize_key("٢٠٢١/٣/١٢") == "2021/3/12"
    assert normalize_key("۱۲ آذار") == "12 اذار"
    assert normalize_key("«داعش»، “قسد”؟") == '"داعش", "قسد"?'
    assert normalize_key("SY24") == "sy24"


def test_collapses_whitespace_and_keeps_paragraphs() -> None:
    text = normalize("قصف  عنيف\n\n  على  حلب\u200c.")
    assert text.norm == "قصف عنيف\nعلي حلب."
    assert [text.norm[a:b] for a, b in text.sentences] == ["قصف عنيف", "علي حلب."]


def test_ligatures_map_back_to_the_one_character() -> None:
    text = normalize("ﻻ ﷲ")
    assert text.norm == "لا الله"
    assert text.original_text(0, 2) == "ﻻ"
    assert text.original_text(3, 7) == "ﷲ"


def test_spans_map_back_across_removed_marks() -> None:
    original = "قَصَفَتْ الطائراتُ مدينةَ حلب"
    text = normalize(original)
    start = text.norm.index("حلب")
    assert text.original_text(start, start + 3) == "حلب"
    start = text.norm.index("مدينه")
    assert text.original_text(start, start + 5) == "مدينةَ"


def test_spans_keep_the_last_letters_diacritics() -> None:
    text = normalize("قُوَّاتُ النِّظَامِ قصفت")
    start = text.norm.index("النظام")
    assert text.original_text(start, start + len("النظام")) == "النِّظَامِ"


def test_sentences_split_on_arabic_and_latin_marks() -> None:
    text = normalize("قتل شخص. وأصيب آخرون؟ نعم! لا")
    assert [text.norm[a:b] for a, b in text.sentences] == ["قتل شخص.", "واصيب اخرون?", "نعم!", "لا"]
    assert text.sentence_index(text.norm.index("نعم")) == 2


def test_decimal_point_does_not_end_a_sentence() -> None:
    text = normalize("بلغت 3.5 مليون.")
    assert len(text.sentences) == 1


def cuts_a_character(norm, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the norm span splits the expansion of one original character."""

    def origin(i: int) -> int:
        return norm.to_original(i, i + 1)[0]

    return (start > 0 and origin(start - 1) == origin(start)) or (
        end < len(norm.norm) and origin(end - 1) == origin(end)
    )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MIXED, max_size=80), st.data())
def test_every_norm_span_maps_into_the_original(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    n = len(norm.norm)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = norm.to_original(start, end)
    assert 0 <= a <= b <= len(text)
    if end > start:
        assert b > a
        renormalized = normalize(text[a:b]).norm.strip()
        if not cuts_a_character(norm, start, end):
            # on character boundaries the span re-normalizes to itself (modulo edge whitespace)
            assert renormalized == norm.norm[start:end].strip()
        else:
            # it cuts a character that expanded ("ﵐ" -> "تجم"): its whole character comes back
            assert norm.norm[start:end].strip() in renormalized


def test_word_starts_give_what_precedes_a_position_in_its_word() -> None:
    text = normalize("وبالرقة، 12 حلب")
    starts = text.word_starts
    assert len(starts) == len(text.norm)
    assert text.norm[starts[3] : 3] == "وبا"  # inside "وبالرقه"
    assert starts[8] == 8  # right after the comma: nothing precedes it in a word
    assert starts[11] == 9  # the space after "12": the run of letters and digits "12"
    assert starts[12] == 12
    assert list(normalize("").word_starts) == []


@given(st.text(alphabet=st.one_of(MIXED, st.sampled_from("_-.٫½²\U0001f600\U00010400")), max_size=80))
def test_tokens_are_the_token_regex_spans(text: str) -> None:
    """Tokens are found from character classes with numpy: the same spans as the regex gives."""
    norm = normalize(text)
    assert norm.tokens == [m.span() for m in _TOKEN.finditer(norm.norm)]


def test_a_word_glued_after_a_word_final_letter_is_set_apart() -> None:
    """ة and ى only end a word: crawled text that glues the next word to them is split there,
    and both words map back to the caller's text."""
    text = normalize("أعلنت وزارة الدفاع تدمير طائرة مسيّرةًاستهدفت الموقع ونفىمصدر عسكري ذلك")
    assert text.norm == "اعلنت وزاره الدفاع تدمير طايره مسيره استهدفت الموقع ونفي مصدر عسكري ذلك"
    start = text.norm.index("مسيره")
    assert text.original_text(start, start + 5) == "مسيّرةً"
    start = text.norm.index("استهدفت")
    assert text.original_text(start, start + 7) == "استهدفت"
    assert text.original_text(text.norm.index("ونفي"), text.norm.index("ونفي") + 4) == "ونفى"
    assert normalize("مستشفى المدينة.").norm == "مستشفي المدينه."  # at a word's end nothing changes


def test_two_words_a_crawler_glued_together_are_set_apart() -> None:
    """A run of letters that is no known word but two (or three) frequent ones is split, the
    words mapping back to the caller's text; a function word may be one of them."""
    text = normalize("ونقلت وكالاتالأنباء عن مصادرمحلية أنّ الطائراتقصفت البلدة أمسفي ساعات الصباح")
    assert text.norm == "ونقلت وكالات الانباء عن مصادر محليه ان الطايرات قصفت البلده امس في ساعات الصباح"
    start = text.norm.index("الطايرات")
    assert text.original_text(start, start + len("الطايرات")) == "الطائرات"
    start = text.norm.index("قصفت")
    assert text.original_text(start, start + 4) == "قصفت"
    assert normalize("أكدت مصادرالتلفزيونبوقوع انفجار").norm == "اكدت مصادر التلفزيون بوقوع انفجار"


def test_words_that_only_look_glued_stay_whole() -> None:
    """Inflected words the vocabulary lacks (a stem and its ending, a clitic), names written as
    one word, and pieces of words are no glue."""
    for word in ("مسؤوليتهم", "والعشائريين", "لاستهدافاتها", "عبدالرحمن", "ديرالزور", "وزيرستان", "أوصاله"):
        assert normalize(f"قال {word} ذلك").norm == f"قال {normalize_key(word)} ذلك"


def test_keys_are_never_split() -> None:
    """A lexicon key is spelled as its file writes it: the splitter is for articles only."""
    assert normalize_key("مصادرمحلية") == "مصادرمحليه"
    assert normalize("مصادرمحلية").norm == "مصادر محليه"


def test_characters_beyond_the_bmp_fold_to_themselves() -> None:
    """The fold tables cover the BMP only; an emoji or a mathematical letter keeps its code point
    and its place, and the text around it folds as usual."""
    text = "قصفت 😀 الطائرات\U0001d400 البلدة"
    folded = shipped_knowledge().normalizer(text)
    assert folded.norm == "قصفت 😀 الطايرات\U0001d400 البلده"
    start = folded.norm.index("البلده")
    assert folded.to_original(start, start + 6) == (text.index("البلدة"), text.index("البلدة") + 6)


def test_a_character_table_beyond_the_bmp_is_refused() -> None:
    with pytest.raises(ValueError, match="beyond the BMP"):
        Normalizer({0x1F600: ""})
