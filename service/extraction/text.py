"""Text normalized for matching, with a map back to the caller's code points.

Matching runs on ``NormalizedText.norm``: characters folded by the pack's table
``char_map.tsv`` (derived from camel-tools), invisible marks and diacritics removed,
whitespace runs collapsed (to a newline when the run holds one, so paragraphs survive), and
words glued after a letter that only ends a word (ة، ى) set apart ("الهدنةبين": الهدنه بين), as
are, in an article (not in a lexicon key), other runs of letters that read as two or three
frequent words and as no one word (``glue.py``: "مصادرالميادين": مصادر الميادين).
Folding is one character to one almost everywhere, so the map back to the original is
stored sparsely: only the places where a character vanished or expanded, as breakpoints
``orig = norm + delta``. Spans found in ``norm`` go back with ``to_original``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .glue import GlueSplitter

# A sentence ends at . ! ? (and their Arabic forms, already folded) followed by space, a
# closing quote or the end, or at a line break. Written to start with one character class,
# which lets the regex engine skip to candidates: three times faster than "[.!?]+...|\n".
_SENTENCE_END = re.compile(r'[.!?\n](?:(?<=\n)|[.!?]*["\')\]]*(?=\s|$))')
# Letters and digits in runs; any other visible character alone (the underscore too, as
# camel-tools' simple_word_tokenize splits it: tests/extraction/test_camel_tools_agreement.py).
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")


_REGULAR, _ODD, _SPACE = 0, 1, 2
_BLANK, _WORD, _MARK = 0, 1, 2  # token classes: whitespace, letter or digit, anything else (a token alone)
_LAST_SPACE = 0x3000  # no code point above U+3000 is whitespace
_BMP = 0x10000  # letters beyond it are rare enough to count as word boundaries
# ة and ى only end a word: one a letter follows (diacritics between) ends a word glued to the
# next, as crawled text often has them ("مراسلةالميادين", "انتهاء الهدنةبين").
_GLUED_AFTER = re.compile(r"[\u0629\u0649](?=[\u064B-\u0652\u0670]*[\u0621-\u063A\u0641-\u064A])")


class Normalizer:
    """How text is folded for matching: the pack's character table (``char_map.tsv``, derived
    from camel-tools) compiled into lookup tables over all code points, built once per pack."""

    __slots__ = ("fold", "kind", "marks", "splitter", "table", "token_table", "word_table")

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table
        self.splitter: GlueSplitter | None = None  # articles only (``with_splitter``), never keys
        # Characters normalization deletes that are no whitespace: diacritics, tatweel, marks.
        self.marks = frozenset(chr(cp) for cp, out in table.items() if out == "" and not chr(cp).isspace())
        # The one-to-one fold of each code point of the BMP, and its kind (regular; odd: deleted
        # or expanded; whitespace): 320 KB. The table maps none beyond it, and no code point
        # there is whitespace, so those fold to themselves and are regular.
        beyond = [cp for cp in table if cp >= _BMP]
        if beyond:
            raise ValueError(f"the character table maps U+{beyond[0]:04X}, beyond the BMP")
        self.fold = np.arange(_BMP, dtype=np.uint32)
        self.kind = np.zeros(_BMP, dtype=np.uint8)
        for cp, out in table.items():
            if len(out) == 1:
                self.fold[cp] = ord(out)
            else:
                self.kind[cp] = _ODD
        self.kind[[cp for cp in range(_LAST_SPACE + 1) if chr(cp).isspace()]] = _SPACE
        self.word_table = np.array([chr(cp).isalnum() for cp in range(_BMP)], dtype=np.uint8)
        self.word_table[_BMP - 1] = 0  # the code point that stands for everything above the BMP
        # The class of each code point of the BMP as ``_TOKEN`` reads it (its \w is isalnum() or "_").
        self.token_table = np.where(self.word_table == 1, _WORD, _MARK).astype(np.uint8)
        self.token_table[self.kind[:_BMP] == _SPACE] = _BLANK

    def __call__(self, text: str) -> NormalizedText:
        return NormalizedText(text, self, split=True)

    def with_splitter(self, splitter: GlueSplitter) -> Normalizer:
        """This normalizer, its tables shared, that also sets apart glued words in articles."""
        copy = object.__new__(Normalizer)
        for name in Normalizer.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.splitter = splitter
        return copy

    def key(self, key: str) -> str:
        """Normalize a lexicon key exactly as article text is normalized (a key's words are as
        written: never split)."""
        return NormalizedText(key, self).norm.strip()

    def keys(self, keys: Sequence[str]) -> list[str]:
        """``key`` of each key, in one pass over their joined text (15x faster for the ~30,000
        gazetteer names). The separator is a private-use character: no fold touches it and it is
        no whitespace, so runs of spaces never merge two keys."""
        if not keys:
            return []
        separator = "\ue000"
        parts = NormalizedText(f" {separator} ".join(keys), self).norm.split(separator)
        return [p.strip() for p in parts]


def _edits(original: str, normalizer: Normalizer, split: bool) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with one-to-one folds applied, and the spans that change length:
    (start, end, replacement) for odd characters, for words glued together (``split``: by the
    normalizer's splitter too) and for whitespace other than one space."""
    cps = np.frombuffer(original.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    in_bmp = np.minimum(cps, _BMP - 1)  # U+FFFF, a noncharacter, folds to itself and is regular
    folds = normalizer.fold[in_bmp]
    if cps.size and np.maximum.reduce(cps) >= _BMP:  # emoji and rare scripts keep their code points
        folds = np.where(cps >= _BMP, cps, folds)
    folded = folds.tobytes().decode("utf-32-le", "surrogatepass")
    kinds = normalizer.kind[in_bmp]
    table = normalizer.table
    # (``x.nonzero()[0]``, ``np.maximum.reduce`` and ``x[1:] - x[:-1]``: what ``np.flatnonzero``, ``.max()``
    # and ``np.diff`` compute, without their Python wrappers: a text pays for a dozen numpy calls.)
    edits = [(a, a + 1, table[ord(original[a])]) for a in (kinds == _ODD).nonzero()[0].tolist()]
    glued = [m.start() for m in _GLUED_AFTER.finditer(original)]
    if split and normalizer.splitter is not None:
        found = normalizer.splitter.split_points(folded, frozenset(glued))
        glued += [p for p in found if kinds[p] != _ODD]
    edits += [(p, p + 1, folded[p] + " ") for p in glued]
    space = kinds == _SPACE
    if space.any():
        bounded = np.concatenate(([0], space.view(np.int8), [0]))
        edge = bounded[1:] - bounded[:-1]
        starts, ends = (edge == 1).nonzero()[0], (edge == -1).nonzero()[0]
        odd_runs = (ends - starts > 1) | (cps[starts] != ord(" "))  # most runs are one space
        for a, b in zip(starts[odd_runs].tolist(), ends[odd_runs].tolist(), strict=True):
            run = original[a:b]
            edits.append((a, b, "\n" if "\n" in run or "\r" in run else " "))
    edits.sort()  # in order of the text: the three kinds were found apart
    return folded, edits


class NormalizedText:
    """The caller's text, its normalized form and the offset map between them."""

    __slots__ = ("__dict__", "_bp_delta", "_bp_norm", "lexicon_matches", "norm", "normalizer", "original")

    def __init__(self, original: str, normalizer: Normalizer, *, split: bool = False) -> None:
        self.original = original
        self.normalizer = normalizer
        # Each lexicon's matches in this text, keyed by its matcher (see ``matcher.MatcherSet``).
        self.lexicon_matches: dict[object, Sequence[Any]] = {}
        folded, edits = _edits(original, normalizer, split)
        pieces: list[str] = []
        bp_norm, bp_delta = [0], [0]
        orig_pos = norm_pos = 0
        for a, b, out in edits:
            pieces.append(folded[orig_pos:a])
            norm_pos += a - orig_pos
            for j in range(1, len(out)):  # an expansion: every output char maps to `a`
                _add_break(bp_norm, bp_delta, norm_pos + j, a - (norm_pos + j))
            pieces.append(out)
            norm_pos += len(out)
            _add_break(bp_norm, bp_delta, norm_pos, b - norm_pos)
            orig_pos = b
        pieces.append(folded[orig_pos:])
        self.norm = "".join(pieces)
        self._bp_norm = bp_norm
        self._bp_delta = bp_delta

    def _orig_index(self, norm_pos: int) -> int:
        i = bisect_right(self._bp_norm, norm_pos) - 1
        return norm_pos + self._bp_delta[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``norm`` to the span of ``original`` it came from."""
        if end <= start:
            pos = self._orig_index(start) if start < len(self.norm) else len(self.original)
            return pos, pos
        bp_norm, bp_delta = self._bp_norm, self._bp_delta  # every mention comes through here
        orig_start = start + bp_delta[bisect_right(bp_norm, start) - 1]
        orig_end = end + bp_delta[bisect_right(bp_norm, end - 1) - 1]
        original = self.original
        if orig_end < len(original) and original[orig_end] in self.normalizer.marks:  # rare: no call else
            orig_end = self._extend_over_marks(orig_end)
        return orig_start, orig_end

    def _extend_over_marks(self, end: int) -> int:
        """Take in the diacritics that follow a span's last letter ("النِّظَامِ", not "النِّظَام")."""
        original, marks = self.original, self.normalizer.marks
        while end < len(original) and original[end] in marks:
            end += 1
        return end

    def original_text(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans in ``norm``, trimmed of surrounding whitespace."""
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENTENCE_END.finditer(self.norm):
            _append_trimmed(spans, self.norm, start, m.end())
            start = m.end()
        _append_trimmed(spans, self.norm, start, len(self.norm))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding ``norm`` offset ``pos`` (the nearest before it)."""
        return max(0, bisect_right(self._sentence_starts, pos) - 1)

    @cached_property
    def word_chars(self) -> bytes:
        """1 where ``norm`` has a letter or digit, else 0; one byte lookup instead of isalnum()."""
        cps = np.frombuffer(self.norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self.normalizer.word_table[np.minimum(cps, _BMP - 1)].tobytes() + b"\0"

    @cached_property
    def word_starts(self) -> array[int]:
        """For each ``norm`` offset, where the run of letters and digits that ends just before
        it began (the offset itself after a non-letter): what precedes a name in its word.
        (An ``array``: filled by one copy, where a list would box each offset.)"""
        size = len(self.norm)
        after_boundary = np.arange(1, size + 1, dtype=np.int64) * (np.frombuffer(self.word_chars, np.uint8, size) == 0)
        starts = np.zeros(size, dtype=np.int64)
        starts[1:] = np.maximum.accumulate(after_boundary)[:-1]
        return array("q", starts.tobytes())

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        """Word, number and punctuation tokens in ``norm``: the spans of ``_TOKEN``, found from the
        class of each character in a few numpy calls (a regex match object per token cost three
        times as much). A text with a character beyond the BMP goes through the regex itself."""
        cps = np.frombuffer(self.norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if not len(cps) or int(np.maximum.reduce(cps)) >= _BMP:
            return [m.span() for m in _TOKEN.finditer(self.norm)]
        kinds = self.normalizer.token_table[cps]
        word = np.concatenate(([False], kinds == _WORD, [False]))
        mark = kinds == _MARK
        # A token starts at a mark, or at a letter after no letter; it ends after a mark, or
        # after a letter before no letter.
        starts = (mark | (word[1:-1] & ~word[:-2])).nonzero()[0]
        ends = (mark | (word[1:-1] & ~word[2:])).nonzero()[0] + 1
        token_starts = starts.tolist()
        self.__dict__["token_starts"] = token_starts  # ``token_starts``, at hand here
        return list(zip(token_starts, ends.tolist(), strict=True))

    @cached_property
    def token_starts(self) -> list[int]:
        """Where each token starts: ``bisect`` over ints, where over ``tokens`` it compares tuples
        (tokens never share a start, so ``bisect_left(token_starts, x)`` is
        ``bisect_left(tokens, (x, -1))``)."""
        tokens = self.tokens  # finding them (but through the regex) keeps their starts in ``__dict__``
        found: list[int] | None = self.__dict__.get("token_starts")
        return found if found is not None else [a for a, _ in tokens]

    def token_index(self, pos: int) -> int:
        """The index of the token ``pos`` lies in, or of the last one before it (-1: none)."""
        return bisect_right(self.token_starts, pos) - 1


def _add_break(bp_norm: list[int], bp_delta: list[int], norm_pos: int, delta: int) -> None:
    if bp_norm[-1] == norm_pos:
        bp_delta[-1] = delta
    else:
        bp_norm.append(norm_pos)
        bp_delta.append(delta)


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def word_before_ends(norm: str, pos: int) -> int | None:
    """Where the word before ``pos`` ends when only spaces part them from it; None when none do
    (``pos`` is glued to what precedes it, or begins the text)."""
    end = pos
    while end > 0 and norm[end - 1] == " ":
        end -= 1
    return end if 0 < end < pos else None
