"""Text normalized for matching, with a map back to the caller's code points.

Matching runs on ``NormalizedText.norm``: characters folded by the table in
``data/char_map.tsv`` (derived from camel-tools), invisible marks and diacritics removed,
whitespace runs collapsed (to a newline when the run holds one, so paragraphs survive).
Folding is one character to one almost everywhere, so the map back to the original is
stored sparsely: only the places where a character vanished or expanded, as breakpoints
``orig = norm + delta``. Spans found in ``norm`` go back with ``to_original``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache, cached_property
from typing import Any

import numpy as np

from .resources import data_lines

# A sentence ends at . ! ? (and their Arabic forms, already folded) followed by space, a
# closing quote or the end, or at a line break. Written to start with one character class,
# which lets the regex engine skip to candidates: three times faster than "[.!?]+...|\n".
_SENTENCE_END = re.compile(r'[.!?\n](?:(?<=\n)|[.!?]*["\')\]]*(?=\s|$))')
_TOKEN = re.compile(r"\w+|[^\w\s]")


@cache
def _char_map() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in data_lines("char_map.tsv"):
        src, _, dst = line.partition("\t")
        table[int(src, 16)] = "".join(chr(int(cp, 16)) for cp in dst.split())
    return table


@cache
def _marks() -> frozenset[str]:
    """Characters normalization deletes that are no whitespace: diacritics, tatweel, marks."""
    return frozenset(chr(cp) for cp, out in _char_map().items() if out == "" and not chr(cp).isspace())


_REGULAR, _ODD, _SPACE = 0, 1, 2
_UNICODE = 0x110000
_LAST_SPACE = 0x3000  # no code point above U+3000 is whitespace


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables over all code points: the one-to-one fold of each, and its kind
    (regular; odd: deleted or expanded; whitespace). About 5.5 MB, built once."""
    fold = np.arange(_UNICODE, dtype=np.uint32)
    kind = np.zeros(_UNICODE, dtype=np.uint8)
    for cp, out in _char_map().items():
        if len(out) == 1:
            fold[cp] = ord(out)
        else:
            kind[cp] = _ODD
    kind[[cp for cp in range(_LAST_SPACE + 1) if chr(cp).isspace()]] = _SPACE
    return fold, kind


_BMP = 0x10000  # letters beyond it are rare enough to count as word boundaries


@cache
def _word_table() -> np.ndarray:
    table = np.array([chr(cp).isalnum() for cp in range(_BMP)], dtype=np.uint8)
    table[_BMP - 1] = 0  # the code point that stands for everything above the BMP
    return table


def _edits(original: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with one-to-one folds applied, and the spans that change length:
    (start, end, replacement) for odd characters and for whitespace other than one space."""
    fold, kind = _tables()
    cps = np.frombuffer(original.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = fold[cps].tobytes().decode("utf-32-le", "surrogatepass")
    kinds = kind[cps]
    table = _char_map()
    edits = [(a, a + 1, table[ord(original[a])]) for a in np.flatnonzero(kinds == _ODD).tolist()]
    space = kinds == _SPACE
    if space.any():
        edge = np.diff(np.concatenate(([0], space.view(np.int8), [0])))
        starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
        odd_runs = (ends - starts > 1) | (cps[starts] != ord(" "))  # most runs are one space
        for a, b in zip(starts[odd_runs].tolist(), ends[odd_runs].tolist(), strict=True):
            run = original[a:b]
            edits.append((a, b, "\n" if "\n" in run or "\r" in run else " "))
        edits.sort()
    return folded, edits


class NormalizedText:
    """The caller's text, its normalized form and the offset map between them."""

    __slots__ = ("__dict__", "_bp_delta", "_bp_norm", "lexicon_matches", "norm", "original")

    def __init__(self, original: str) -> None:
        self.original = original
        # Each lexicon's matches in this text, keyed by its matcher (see ``matcher.MatcherSet``).
        self.lexicon_matches: dict[object, Sequence[Any]] = {}
        folded, edits = _edits(original)
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
        return orig_start, self._extend_over_marks(orig_end)

    def _extend_over_marks(self, end: int) -> int:
        """Take in the diacritics that follow a span's last letter ("النِّظَامِ", not "النِّظَام")."""
        original, marks = self.original, _marks()
        while end < len(original) and original[end] in marks:
            end += 1
        return end

    def mention_fields(self, start: int, end: int) -> dict[str, int | str]:
        """A mention's offsets in both texts and its original text, from its ``norm`` span."""
        orig_start, orig_end = self.to_original(start, end)
        return {
            "start": orig_start,
            "end": orig_end,
            "norm_start": start,
            "norm_end": end,
            "text": self.original[orig_start:orig_end],
        }

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
        return _word_table()[np.minimum(cps, _BMP - 1)].tobytes() + b"\0"

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
        """Word, number and punctuation tokens in ``norm``."""
        return [m.span() for m in _TOKEN.finditer(self.norm)]


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


def normalize(text: str) -> NormalizedText:
    return NormalizedText(text)


def normalize_many(keys: Sequence[str]) -> list[str]:
    """``normalize_key`` of each key, in one pass over their joined text (15x faster for
    the ~30,000 gazetteer names). The separator is a private-use character: no fold touches
    it and it is no whitespace, so runs of spaces never merge two keys."""
    separator = "\ue000"
    parts = NormalizedText(f" {separator} ".join(keys)).norm.split(separator)
    return [p.strip() for p in parts]


def normalize_key(key: str) -> str:
    """Normalize a lexicon key exactly as article text is normalized."""
    return NormalizedText(key).norm.strip()
