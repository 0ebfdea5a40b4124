"""One multi-pattern automaton per lexicon, matched over normalized text.

A key matches where a word starts, or right after the proclitics Arabic glues to a noun
(و ف ب ل ك ال and their combinations: "وبالرقة", "لداعش", "والميليشيات"), and where a word
ends. A key that starts with ال also matches after لل ("للنظام" = ل + النظام). With
``glued=True`` a key may also end where the next word begins with ال without a space
("دير الزورالغربي"), and multi-word keys match with their spaces dropped ("ديرالزور").
With ``suffixes`` a key may carry one of the given enclitics ("قصفه", "استهدافها"); the
match then ends before the suffix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from .text import NormalizedText, Normalizer

T = TypeVar("T")

PROCLITICS = frozenset(
    {"", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك"}
)


LONGEST_PROCLITIC = max(map(len, PROCLITICS))


def without_proclitics(word: str) -> Iterator[tuple[str, str]]:
    """Each proclitic ``word`` may begin with, and the rest of it (two letters at least), shortest
    first: one set look-up per length (a word starts with one proclitic of each length at most)
    instead of one ``startswith`` per proclitic."""
    for size in range(1, min(LONGEST_PROCLITIC, len(word) - 2) + 1):
        if word[:size] in PROCLITICS:
            yield word[:size], word[size:]


# Before a key whose ال was dropped: ل + ال contracts to لل, itself after nothing, و or ف.
_LAM = "لل"
_BEFORE_LAM = frozenset({"", "و", "ف"})
_ARTICLE = "ال"


class Match(NamedTuple, Generic[T]):
    start: int  # norm offset of the name itself, after any proclitic
    end: int
    values: tuple[T, ...]  # every payload registered under the key: several when ambiguous
    clitic: str


class _Key(NamedTuple, Generic[T]):
    string: str  # as the automaton holds it
    values: tuple[T, ...]  # every payload of the keys spelled so
    lam: bool  # the string is لل + a key without its ال ("للنظام"): the name starts after لل


class Matcher(Generic[T]):
    """Leftmost-longest matching of many keys at once (Aho-Corasick, built once)."""

    def __init__(
        self,
        entries: Iterable[tuple[str, T]],
        normalizer: Normalizer,
        *,
        glued: bool = False,
        suffixes: Iterable[str] = (),
    ) -> None:
        plain: dict[str, list[T]] = {}
        after_lam: dict[str, list[T]] = {}
        pairs = list(entries)
        for norm, (_, value) in zip(normalizer.keys([key for key, _ in pairs]), pairs, strict=True):
            if not norm:
                continue
            variants = {norm, norm.replace(" ", "")} if glued else {norm}
            for variant in variants:
                _add(plain, variant, value)
                if variant.startswith(_ARTICLE) and len(variant) > len(_ARTICLE) + 1:
                    _add(after_lam, variant[len(_ARTICLE) :], value)
        self.glued = glued
        self.suffixes = tuple(sorted(set(suffixes), key=len, reverse=True))
        self.suffix_groups = _by_length(self.suffixes)
        self.keys = [_Key(string, tuple(values), False) for string, values in sorted(plain.items())]
        # A name spelled so without ال is read as such, even after لل.
        self.keys += [
            _Key(_LAM + string, tuple(values), True)
            for string, values in sorted(after_lam.items())
            if string not in plain
        ]

    @cached_property
    def _alone(self) -> MatcherSet:
        """This matcher's own automaton, for a text no ``MatcherSet`` has scanned (built on demand)."""
        return MatcherSet([self])

    def find(self, text: NormalizedText) -> Sequence[Match[T]]:
        """Non-overlapping matches in order, the longest where several start together (found
        by a ``MatcherSet`` scan of ``text`` when one ran, else by this matcher's own)."""
        found = text.lexicon_matches.get(self)
        if found is None:
            self._alone.scan(text)
            found = text.lexicon_matches[self]
        return found


class MatcherSet:
    """Several matchers' keys in one automaton: a text is scanned once for all of them, and
    each hit's word boundaries are checked once for every lexicon that holds its key."""

    def __init__(self, matchers: Sequence[Matcher[Any]]) -> None:
        self.matchers = tuple(matchers)
        owners: dict[str, list[tuple[int, tuple[Any, ...], bool]]] = {}
        for index, matcher in enumerate(self.matchers):
            for key in matcher.keys:
                owners.setdefault(key.string, []).append((index, key.values, key.lam))
        self._automaton = ahocorasick.Automaton()
        grouped: dict[frozenset[str], _Suffixes] = {}  # one grouping per set of enclitics, shared by its keys
        for string, found_in in owners.items():
            # What may follow the key inside a word for some owner: a glued article, an enclitic.
            glued = any(self.matchers[i].glued for i, _, _ in found_in)
            allowed = frozenset(x for i, _, _ in found_in for x in self.matchers[i].suffixes)
            suffixes = grouped.get(allowed)
            if suffixes is None:
                suffixes = grouped[allowed] = _by_length(allowed)
            self._automaton.add_word(string, (len(string), tuple(found_in), glued, suffixes))
        if len(self._automaton):
            self._automaton.make_automaton()

    def scan(self, text: NormalizedText) -> None:
        """Store each matcher's matches in ``text.lexicon_matches``, where ``Matcher.find`` reads them."""
        hits: list[list[_Hit]] = [[] for _ in self.matchers]
        if len(self._automaton):
            self._collect(text, hits)
        for matcher, found in zip(self.matchers, hits, strict=True):
            text.lexicon_matches[matcher] = _leftmost_longest(found)

    def _collect(self, text: NormalizedText, hits: list[list[_Hit]]) -> None:
        norm, word, word_start_at, matchers = text.norm, text.word_chars, text.word_starts, self.matchers
        # Every hit of the automaton passes through here (several hundred per article), so the
        # checks are inlined: the word must end at the key (or go on with an allowed ending) and
        # begin at it or at a proclitic.
        for last, (length, found_in, glued, suffixes) in self._automaton.iter(norm):
            end = last + 1
            inside_word = word[end]
            if inside_word and not (
                (glued and norm.startswith(_ARTICLE, end)) or (suffixes and _suffix_at(norm, word, end, suffixes))
            ):
                continue
            start = end - length
            word_start = word_start_at[start]
            clitic = norm[word_start:start]
            if clitic not in PROCLITICS:
                continue
            for index, values, lam in found_in:
                if inside_word and not _may_go_on(matchers[index], norm, word, end):
                    continue
                if not lam:
                    hits[index].append((word_start, word_start - end, len(clitic), start, end, values, clitic))
                elif clitic in _BEFORE_LAM:
                    lam_clitic = clitic + _LAM
                    hits[index].append(
                        (word_start, word_start - end, len(lam_clitic), start + 2, end, values, lam_clitic)
                    )


def _may_go_on(matcher: Matcher[Any], norm: str, word: bytes, end: int) -> bool:
    """Whether ``matcher`` takes a key that the word goes on after: glued to an article, or
    with an allowed enclitic."""
    return (matcher.glued and norm.startswith(_ARTICLE, end)) or bool(
        matcher.suffix_groups and _suffix_at(norm, word, end, matcher.suffix_groups)
    )


# (word start, minus the length with clitic, clitic length, start, end, values, clitic)
_Hit = tuple[int, int, int, int, int, tuple[Any, ...], str]


# Enclitics grouped by length, longest first: (length, the enclitics of that length).
_Suffixes = tuple[tuple[int, frozenset[str]], ...]


def _by_length(suffixes: Iterable[str]) -> _Suffixes:
    lengths = sorted({len(s) for s in suffixes}, reverse=True)
    return tuple((n, frozenset(s for s in suffixes if len(s) == n)) for n in lengths)


def _suffix_at(norm: str, word: bytes, end: int, suffixes: _Suffixes) -> bool:
    """Whether an allowed enclitic ends the word at ``end`` ("قصفه", "استهدافها"): one set
    look-up per length, where trying each enclitic took a ``startswith`` each."""
    for length, of_length in suffixes:  # noqa: SIM110 (a loop, not any(): no generator for each hit)
        if norm[end : end + length] in of_length and not word[end + length]:
            return True
    return False


def _add(index: dict[str, list[T]], key: str, value: T) -> None:
    values = index.setdefault(key, [])
    if value not in values:
        values.append(value)


def _leftmost_longest(hits: list[_Hit]) -> tuple[Match[Any], ...]:
    """Hits (see ``_Hit``), sorted, they come leftmost, then longest, then with the shorter clitic ("ولبنان" is
    و + لبنان, not ول + بنان). No two hits share the first three fields (one key per end and
    length), so the sort never compares payloads."""
    hits.sort()
    chosen: list[Match[Any]] = []
    last_end = -1
    for word_start, _, _, start, end, values, clitic in hits:
        if word_start >= last_end:
            chosen.append(_new_match(Match, (start, end, values, clitic)))
            last_end = end
    return tuple(chosen)


_new_match = tuple.__new__  # Match(...) without the Python-level __new__ of a NamedTuple
