"""Clauses: each sentence cut where a connective starts a new report ("، في حين", "بينما",
"كما", "وذلك" ... from the pack's ``clause_breaks.tsv``) and at ; and :. An event's arguments
are looked for in its clause first, then in its sentence. Offsets are in normalized text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from .matcher import Matcher
from .pack import Pack
from .text import NormalizedText

_CONNECTIVE_CLITICS = frozenset({"", "و", "ف"})


def clauses(text: NormalizedText, lexicon: ClauseLexicon) -> list[tuple[int, int]]:
    """Each sentence cut at its clause breaks (the pack's ``clause_breaks.tsv``, and ; :)."""
    breaks = _breaks(text, lexicon)
    spans: list[tuple[int, int]] = []
    i = 0
    for s_start, s_end in text.sentences:
        start = s_start
        while i < len(breaks) and breaks[i][0] < s_start:
            i += 1  # between sentences, or one that reached past its sentence's end
        while i < len(breaks) and breaks[i][2] <= s_end:
            b_start, b_end, _ = breaks[i]
            if b_start > start:
                spans.append((start, b_start))
            start = b_end
            i += 1
        if s_end > start:
            spans.append((start, s_end))
    return [(a, b) for a, b in (trim(text.norm, a, b) for a, b in spans) if b > a]


class _Connective(NamedTuple):
    after_comma: bool
    after_space: bool


class ClauseLexicon(NamedTuple):
    connectives: Matcher[_Connective]


def build_clause_lexicon(pack: Pack) -> ClauseLexicon:
    rows = pack.rows("clause_breaks.tsv", columns=("phrase", "after"))
    for row in rows:
        if row["after"] not in ("comma", "space", "both", "never"):
            raise pack.fail(row, f"after {row['after']!r} is not comma, space, both or never")
    connectives = (
        (r["phrase"], _Connective(r["after"] in ("comma", "both"), r["after"] in ("space", "both"))) for r in rows
    )
    return ClauseLexicon(Matcher(connectives, pack.normalizer))


def matchers(lexicon: ClauseLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.connectives,)


def _breaks(text: NormalizedText, lexicon: ClauseLexicon) -> list[tuple[int, int, int]]:
    """Where clauses break, in order: (start, end) of the text that goes to neither side, and
    how far the break looks (it holds only in a sentence that reaches that far)."""
    norm = text.norm
    found = [(i, i + 1, i + 1) for mark in ";:" for i in _positions(norm, mark)]
    for m in lexicon.connectives.find(text):
        if m.clitic not in _CONNECTIVE_CLITICS:
            continue
        word_start = m.start - len(m.clitic)
        comma = word_start - 1
        while comma >= 0 and norm[comma] == " ":
            comma -= 1
        connective: _Connective = m.values[0]
        if connective.after_comma and comma >= 0 and norm[comma] == ",":
            found.append((comma, word_start, m.end))  # ", حيث": the comma and the space go
        elif connective.after_space and norm[word_start - 1 : word_start] == " " and norm[m.end : m.end + 1] == " ":
            found.append((word_start - 1, word_start, m.end + 1))
    return sorted(found)


def _positions(text: str, char: str) -> Iterator[int]:
    pos = text.find(char)
    while pos >= 0:
        yield pos
        pos = text.find(char, pos + 1)


def trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not norm[start].isalnum():
        start += 1
    while end > start and norm[end - 1] in " ,":
        end -= 1
    return start, end
