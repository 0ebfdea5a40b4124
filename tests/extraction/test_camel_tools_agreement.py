"""The service folds and splits Arabic as camel-tools does, without loading it at run time.

camel-tools (the ``build`` dependency group) is the project's reference for Arabic text
handling. ``scripts/build_char_map.py`` derives ``char_map.tsv`` from its normalizers once,
so workers never import it (with its scientific stack, 264 MB and 0.7 s per process). These
tests keep the fast path from drifting: the shipped table is what camel-tools derives today,
and on generated text the service's normalizer and tokenizer give camel-tools' answers.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from types import ModuleType

from camel_tools.tokenizers.word import simple_word_tokenize
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from service.extraction.text import _GLUED_AFTER

from ..conftest import REPO_ROOT
from .support import normalize

CHAR_MAP = REPO_ROOT / "service" / "packs" / "default" / "char_map.tsv"

# Arabic proper (letters, marks, digits): the Urdu and Persian letters beyond it compose
# differently under NFKC and are outside what the agreement test claims.
ARABIC_PROPER = st.characters(min_codepoint=0x0620, max_codepoint=0x0671)
# Article-like text: Arabic words with diacritics and tatweel, both kinds of digits, Arabic
# and Latin punctuation and symbols, Latin words, and the white space news text holds.
ARTICLE_PIECES = st.one_of(
    st.text(st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=1, max_size=8),
    st.characters(min_codepoint=0x064B, max_codepoint=0x0652),
    st.text(st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩"), min_size=1, max_size=4),
    st.sampled_from([*"،؛؟.,:;!?()[]«»\"'-–—/%_$+=<>#@*&^~|", "“", "”", "ـ", "٪", "…"]),
    st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\u200c"]),
    st.text(st.characters(min_codepoint=0x41, max_codepoint=0x7A), min_size=1, max_size=5),
)
ARTICLE_TEXT = st.lists(ARTICLE_PIECES, max_size=40).map("".join)


def camel_pipeline(text: str) -> str:
    out = dediac_ar(normalize_unicode(text))
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(out)))


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_char_map", REPO_ROOT / "scripts" / "build_char_map.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shipped_char_map() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in CHAR_MAP.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, _, target = line.partition("\t")
            table[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target.split())
    return table


def test_the_shipped_table_is_what_camel_tools_derives_today() -> None:
    assert shipped_char_map() == build_script().build(), "rebuild it: python scripts/build_char_map.py"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC_PROPER, max_size=60))
def test_normalizer_agrees_with_camel_tools_on_arabic(text: str) -> None:
    """The derived table folds Arabic as camel-tools' normalizers do, then drops the marks
    camel-tools keeps (Quranic annotations) and folds hamza seats (a word glued after ة or ى
    set apart first, as the normalizer does before folding)."""
    apart = _GLUED_AFTER.sub(lambda m: m.group() + " ", text)
    expected = "".join(c for c in camel_pipeline(apart) if unicodedata.category(c) != "Mn")
    expected = expected.replace("ؤ", "و").replace("ئ", "ي")
    assert normalize(text).norm == normalize(expected).norm


@settings(max_examples=300, deadline=None)
@given(ARTICLE_TEXT)
def test_tokenizer_agrees_with_camel_tools(text: str) -> None:
    """Words, numbers and single punctuation marks, split where camel-tools splits them."""
    normalized = normalize(text)
    tokens = [normalized.norm[start:end] for start, end in normalized.tokens]
    assert tokens == simple_word_tokenize(normalized.norm)
