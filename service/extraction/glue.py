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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .matcher import without_proclitics
from .pack import Pack

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


@dataclass(frozen=True, slots=True)
class GlueSplitter:
    zipf: Mapping[str, float]  # each known word, normalized -> its frequency (Zipf)
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
        # Most runs are words: set aside the rest in one set operation, then read only those.
        cuts: dict[str, list[int]] = {}
        for text in set(_RUN.findall(folded)).difference(self.zipf):
            found = self._read(text)
            if found:
                cuts[text] = found
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

    def _read(self, text: str) -> list[int]:
        """Where ``text`` (a run of letters) splits, remembered: the same runs recur in every
        article ("والقوات"), and reading one costs a few microseconds."""
        remembered = self.seen.get(text)
        if remembered is not None:
            return remembered
        word = text.translate(self.unmarked)
        found = [] if len(word) < MIN_LETTERS or self.known(word) else self.cuts(word)[1]
        if len(self.seen) >= MAX_REMEMBERED:
            self.seen.clear()
        self.seen[text] = found
        return found

    def cuts(self, word: str, depth: int = MAX_WORDS - 1) -> tuple[float, list[int]]:
        """The best way to read ``word`` as up to ``depth + 1`` well-known words: the frequency of
        its rarest word (0: none) and where each word after the first begins."""
        best: tuple[float, list[int]] = (0.0, [])
        for i in range(2, len(word) - 1):
            if word[i - 1] == "ا" and word[i] == "ل":  # never inside an article: "عبدالواحد"
                continue
            left = self._left(word[:i])
            if left <= best[0]:
                continue
            right, after = self._right(word[i:]), list[int]()
            if i == 2 and right < MIN_AFTER_SHORT:
                right = 0.0
            if depth > 1 and right <= best[0]:  # the rest may be glued words too
                right, after = self.cuts(word[i:], depth - 1)
            score = min(left, right)
            if score > best[0]:
                best = (score, [i, *(i + j for j in after)])
        return best

    def known(self, word: str) -> bool:
        """A word of the vocabulary or a place name, bare or with its clitics (cheapest first:
        half an article's runs are known words with a proclitic)."""
        stems = [word, *(rest for _, rest in without_proclitics(word))]
        if any(self._is_word(stem) for stem in stems):
            return True
        return any(
            self._is_word(stem[:-size])
            for stem in stems
            for size in ENDING_SIZES
            if len(stem) - size >= MIN_STEM and stem[-size:] in ENDINGS
        )

    def _is_word(self, stem: str) -> bool:
        return len(stem) >= MIN_STEM and (stem in self.zipf or stem in self.names)

    def _left(self, part: str) -> float:
        # "والم" is و + الم: a piece of a word, as "الم" alone is
        bare = part[1:] if part[0] in CONJUNCTIONS and part[1:].startswith("ال") else part
        return self._frequency(part) if bare in OPENING_WORDS or _long(bare) else 0.0

    def _right(self, part: str) -> float:
        """The frequency of the right word, bare or behind a proclitic ("بوقوع": ب + وقوع); a
        conjunction and a pronoun ("وهما", "ولها") end words, never begin one."""
        if part[0] in CONJUNCTIONS and not _long(part[1:]) and part not in CLOSING_WORDS:
            return 0.0
        bare = self._frequency(part) if part in CLOSING_WORDS or _long(part) else 0.0
        return max([bare, *(self._frequency(rest) for _, rest in without_proclitics(part) if _long(rest))])

    def _frequency(self, word: str) -> float:
        zipf = self.zipf.get(word, 0.0)
        return zipf if zipf >= MIN_ZIPF else 0.0


def _long(word: str) -> bool:
    """Long enough to be a word of its own, not a stem's piece ("است", "الم"): four letters or
    more, three after the article."""
    return len(word) >= MIN_WORD and not (word.startswith("ال") and len(word) < MIN_WORD + 1)


def build_splitter(pack: Pack, place_names: Iterable[str]) -> GlueSplitter:
    """The splitter of a pack: its vocabulary, normalized (spellings that fold together keep the
    higher frequency), and its place names as one word ("ديرالزور" too)."""
    rows = pack.rows("vocabulary.tsv", columns=("word", "zipf"))
    zipf: dict[str, float] = {}
    for word, row in zip(pack.keys([row["word"] for row in rows]), rows, strict=True):
        try:
            value = float(row["zipf"])
        except ValueError:
            raise pack.fail(row, f"zipf {row['zipf']!r} is no number") from None
        if word and value > zipf.get(word, 0.0):
            zipf[word] = value
    names = frozenset(name.replace(" ", "") for name in place_names)
    return GlueSplitter(zipf, names, pack.normalizer.marks)
