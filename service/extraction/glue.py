"""Words a crawler glued together, set apart during normalization.

Crawled news often loses the space between two words ("مصادرالميادين", "سوريامقتل",
"عسكريينمن"): the trigger, the place or the toll inside such a run is then invisible to every
lexicon. A run of letters is split when it is no word the pack knows, bare or with its clitics
and endings ("والعشائريين", "مسؤوليتهم" stay), and it reads as two or three frequent words
(``vocabulary.tsv``, from wordfreq): words of four letters or more (three after the article),
the right one possibly behind a proclitic ("أمسبمقتل": أمس + ب + مقتل), or a function word that
opens or closes a phrase ("في", "أن", "الذي"). A piece of a word is no word ("است", "الم", "وهما"),
a split never falls inside an article ("عبدالواحد"), and a place name the gazetteer spells as
one word ("كفرجنة", "ديرالزور") is never split. On corpus2/train's 138 articles it splits 81 runs,
all glued words; on 4,000 GSR and Wojood sentences 16, a few of them names ("هاربر|كولينز").
``text.py`` turns each split into an inserted space; spans still map back to the caller's text.
The vocabulary is held as hashes (``Vocabulary``): a worker's memory stays under its 250 MB.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .matcher import without_proclitics
from .pack import Pack, PackError

VOCABULARY = "vocabulary.tsv"
MIN_LETTERS = 5  # a shorter run is a word or a word and a clitic
MIN_STEM = 3  # letters of a stem the vocabulary is asked about
MIN_WORD = 4  # letters of a word of a split, bar the function words (three after the article)
MIN_ZIPF = 3.5  # each word of a split: at least once in 300,000 words of text
# Short function words, as normalized text spells them, that a glued run may begin with (other
# words of a split are four letters or more). Many words begin as "او" or "لم" do: not these.
OPENING_WORDS = frozenset(
    {"في", "من", "عن", "ان", "اذ", "مع", "الي", "علي", "بعد", "قبل", "منذ", "عند", "بين", "حتي", "ضد", "غير"}
    | {"دون", "عبر", "نحو", "حول", "امس", "التي", "الذي", "اليوم"}
)
# Those a glued run may end with ("الاحتياطفي"): "دون" or "ها" end many words.
CLOSING_WORDS = frozenset({"في", "من", "عن", "مع", "ان", "الي", "علي", "امس", "التي", "الذي", "اليوم"})
MIN_AFTER_SHORT = 4.0  # a two-letter word opens a run only before a frequent word ("في|محيط")
CONJUNCTIONS = frozenset("وف")
MAX_REMEMBERED = 50_000  # runs the memo holds before it starts again (about 8 MB at most)
MAX_WORDS = 3  # words one run may hold ("مصادرالميادينبوقوع")
# Enclitics and inflectional endings (folded spelling): a word so ending is known when its stem
# is ("هجماتهم", "شرطيين"): no glue.
ENDINGS = frozenset(
    {"ستان", "اتهم", "اتها", "يتهم", "يتها", "يته", "تهم", "تها", "ته", "يين", "يون", "يان", "هما", "كما", "تين"}
    | {"تان", "ات", "ين", "ون", "ان", "يه", "ها", "هم", "هن", "كم", "نا", "ني", "وا", "ه", "ي", "ك"}
)
ENDING_SIZES = sorted({len(ending) for ending in ENDINGS}, reverse=True)
# Letters (folded: أ إ آ are ا, ة is ه, ى is ي) and the diacritics between them.
_RUN = re.compile(rf"[\u0621-\u064A\u064B-\u0652\u0670]{{{MIN_LETTERS},}}")


class Vocabulary:
    """Frequent words and their frequency, held compactly: a sorted array of the words' hashes
    and one of their frequencies (half a megabyte, where a dict of 56,000 strings holds 6 MB in
    every worker). Words are looked up in batches, one numpy search for all. A word whose hash
    is another's would read as known: with 64-bit hashes, about once in 10^14 lookups."""

    __slots__ = ("frequencies_", "hashes")

    def __init__(self, hashes: Sequence[int], frequencies: Sequence[float]) -> None:
        """``hashes``: each word's ``hash()`` (0: an empty word, left out); spellings that fold
        together keep the higher frequency."""
        keys = np.array(hashes, dtype=np.int64)
        values = np.array(frequencies, dtype=np.float32)
        order = np.lexsort((-values, keys))  # by hash, the highest frequency first
        keys, values = keys[order], values[order]
        first = np.concatenate(([True], keys[1:] != keys[:-1])) & (keys != 0)
        self.hashes, self.frequencies_ = keys[first], values[first]

    def frequencies(self, words: Sequence[str]) -> list[float]:
        """Each word's frequency (Zipf), 0.0 for a word not in the vocabulary."""
        if not words or not len(self.hashes):
            return [0.0] * len(words)
        wanted = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
        at = np.minimum(self.hashes.searchsorted(wanted), len(self.hashes) - 1)  # (the method: no Python wrapper)
        found = self.hashes[at] == wanted
        return np.where(found, self.frequencies_[at], 0.0).tolist()


@dataclass(frozen=True, slots=True)
class GlueSplitter:
    vocabulary: Vocabulary
    names: frozenset[str]  # one-word place names (normalized): known, never split
    marks: frozenset[str]  # what normalization deletes inside words (diacritics, tatweel)
    unmarked: dict[int, None] = field(init=False, compare=False, repr=False)  # ``str.translate``'s table
    # Runs read so far -> where each splits: a memo, never an input (the answer depends on the
    # run alone, so extraction stays a function of the text and the pack).
    seen: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unmarked", dict.fromkeys(map(ord, self.marks)))

    def split_points(self, folded: str, skip: frozenset[int]) -> list[int]:
        """Offsets of ``folded`` (text with its letters folded, diacritics still in) after which
        a space goes: the last letter of each word but the last of a glued run. Runs holding an
        offset of ``skip`` (already set apart there) are left alone."""
        # Most runs are words, and most others a word with its clitics: each kind is set aside
        # in one lookup for all the runs of the text; only what remains is read piece by piece.
        runs = list(set(_RUN.findall(folded)))
        unknown = [t for t, zipf in zip(runs, self.vocabulary.frequencies(runs), strict=True) if not zipf]
        self._read([t for t in unknown if t not in self.seen])
        cuts = {t: self.seen[t] for t in unknown if self.seen[t]}
        out: list[int] = []
        if not cuts:
            return out
        for run in _RUN.finditer(folded):
            at = cuts.get(run.group())
            start, end = run.span()
            if at is None or any(start <= p < end for p in skip):
                continue
            offsets = [start + i for i, ch in enumerate(run.group()) if ch not in self.marks]
            out += [offsets[cut - 1] for cut in at]
        return out

    def _read(self, texts: list[str]) -> None:
        """Where each run of letters splits, into the memo: the same runs recur in every article
        ("والقوات")."""
        words = {text: text.translate(self.unmarked) for text in texts}
        stems = {text: _stems(word) for text, word in words.items() if len(word) >= MIN_LETTERS}
        table = self._table({stem for each in stems.values() for stem in each})
        # The runs no word of the vocabulary makes, with its clitics or not: glued words, or rare ones.
        no_word = {t: w for t, w in words.items() if t in stems and not any(self._is_word(s, table) for s in stems[t])}
        pieces = self._table({piece for word in no_word.values() for piece in _pieces(word)})
        if len(self.seen) + len(texts) >= MAX_REMEMBERED:
            self.seen.clear()
        for text in texts:
            word = no_word.get(text)
            self.seen[text] = [] if word is None else self.cuts(word, pieces)[1]

    def _table(self, pieces: Iterable[str]) -> dict[str, float]:
        ordered = list(pieces)
        return dict(zip(ordered, self.vocabulary.frequencies(ordered), strict=True))

    def cuts(self, word: str, table: Mapping[str, float], depth: int = MAX_WORDS - 1) -> tuple[float, list[int]]:
        """The best way to read ``word`` as up to ``depth + 1`` well-known words: the frequency of
        its rarest word (0: none) and where each word after the first begins (``table``: the
        frequency of every piece of it)."""
        best: tuple[float, list[int]] = (0.0, [])
        for i in range(2, len(word) - 1):
            if word[i - 1] == "ا" and word[i] == "ل":  # never inside an article: "عبدالواحد"
                continue
            left = _left(word[:i], table)
            if left <= best[0]:
                continue
            right, after = _right(word[i:], table), list[int]()
            if i == 2 and right < MIN_AFTER_SHORT:
                right = 0.0
            if depth > 1 and right <= best[0]:  # the rest may be glued words too
                right, after = self.cuts(word[i:], table, depth - 1)
            score = min(left, right)
            if score > best[0]:
                best = (score, [i, *(i + j for j in after)])
        return best

    def _is_word(self, stem: str, table: Mapping[str, float]) -> bool:
        return len(stem) >= MIN_STEM and (table.get(stem, 0.0) > 0.0 or stem in self.names)


def _pieces(word: str) -> set[str]:
    """Every piece a reading of ``word`` as glued words may ask about: its runs of two letters
    or more, and the rest of each of its ends after a proclitic."""
    pieces = {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)}
    return pieces | {rest for i in range(len(word)) for _, rest in without_proclitics(word[i:])}


def _stems(word: str) -> list[str]:
    """What makes a word known: itself, bare of its proclitics, and each bare of an ending
    ("والعشائريين": العشائر)."""
    stems = [word, *(rest for _, rest in without_proclitics(word))]
    bare = [stem[:-size] for stem in stems for size in ENDING_SIZES if stem[-size:] in ENDINGS]
    return stems + [stem for stem in bare if len(stem) >= MIN_STEM]


def _left(part: str, table: Mapping[str, float]) -> float:
    # "والم" is و + الم: a piece of a word, as "الم" alone is
    bare = part[1:] if part[0] in CONJUNCTIONS and part[1:].startswith("ال") else part
    return _frequency(part, table) if bare in OPENING_WORDS or _long(bare) else 0.0


def _right(part: str, table: Mapping[str, float]) -> float:
    """The frequency of the right word, bare or behind a proclitic ("بوقوع": ب + وقوع); a
    conjunction and a pronoun ("وهما", "ولها") end words, never begin one."""
    if part[0] in CONJUNCTIONS and not _long(part[1:]) and part not in CLOSING_WORDS:
        return 0.0
    bare = _frequency(part, table) if part in CLOSING_WORDS or _long(part) else 0.0
    return max([bare, *(_frequency(rest, table) for _, rest in without_proclitics(part) if _long(rest))])


def _frequency(word: str, table: Mapping[str, float]) -> float:
    zipf = table.get(word, 0.0)
    return zipf if zipf >= MIN_ZIPF else 0.0


def _long(word: str) -> bool:
    """Long enough to be a word of its own, not a stem's piece ("است", "الم"): four letters or
    more, three after the article."""
    return len(word) >= MIN_WORD and not (word.startswith("ال") and len(word) < MIN_WORD + 1)


def build_splitter(pack: Pack, place_names: Iterable[str]) -> GlueSplitter:
    """The splitter of a pack: its vocabulary, normalized (spellings that fold together keep the
    higher frequency), and its place names as one word ("ديرالزور" too). The file is read a
    chunk of lines at a time and kept as hashes: its 56,000 words never stand as strings at
    once (memory a worker's allocator would keep)."""
    path = pack.path / VOCABULARY
    lines = iter(pack.lines(VOCABULARY))
    header = next(lines, (0, ""))
    if header[1] != "word\tzipf":
        raise PackError(f"{path}:{header[0]}: the header must be word<TAB>zipf")
    hashes: list[int] = []
    values: list[float] = []
    while chunk := list(itertools.islice(lines, _CHUNK)):
        words = []
        for number, line in chunk:
            word, _, value = line.partition("\t")
            try:
                values.append(float(value))
            except ValueError:
                raise PackError(f"{path}:{number}: zipf {value!r} is no number") from None
            words.append(word)
        hashes += [hash(word) if word else 0 for word in pack.keys(words)]
    names = frozenset(name.replace(" ", "") for name in place_names)
    return GlueSplitter(Vocabulary(hashes, values), names, pack.normalizer.marks)


_CHUNK = 4096  # vocabulary lines normalized at a time
