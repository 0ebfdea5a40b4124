"""Learned decisions as linear models over named features, read from the pack.

A model file (``models/<name>.tsv`` in the pack) starts with ``#`` lines that say what it was
trained on, when, by which script and with what cross-validated scores; then a header and
one ``feature<TAB>weight`` row per feature, ``(bias)`` first. Scoring sums the weights of the
features a decision has and squashes the sum into a probability: a few dictionary lookups,
no training library at run time. The same feature functions (``features.py``) serve the
training script and the pipeline, so what is scored is what was learned.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from .pack import Pack, PackError

BIAS = "(bias)"


@dataclass(frozen=True, slots=True)
class LinearModel:
    name: str
    bias: float
    weights: dict[str, float]
    threshold: float  # the probability at or above which the decision is yes
    # Thresholds of their own for some types of mention: those the articles the threshold was
    # tuned on hold too few of (their probabilities are calibrated on other data).
    type_thresholds: dict[str, float] = field(default_factory=dict)
    # The threshold for a sentence sent alone (tuned on judged sentences, the articles' on articles),
    # and for some types there (a protest sentence has another base rate than a violent one).
    short_threshold: float | None = None
    short_type_thresholds: dict[str, float] = field(default_factory=dict)

    def threshold_for(self, kind: str, short: bool = False) -> float:
        if short and kind in self.short_type_thresholds:
            return self.short_type_thresholds[kind]
        if kind in self.type_thresholds:
            return self.type_thresholds[kind]
        return self.short_threshold if short and self.short_threshold is not None else self.threshold

    def score(self, features: Iterable[str]) -> float:
        """The probability of yes given the features present (unknown features weigh nothing)."""
        return _sigmoid(self.bias + sum(map(self.weights.get, features, repeat(0.0))))

    def explain(self, features: Iterable[str], top: int = 8) -> list[tuple[str, float]]:
        """The features that weighed most in a decision, for people reading why."""
        present = [(f, self.weights[f]) for f in set(features) if f in self.weights]
        return sorted(present, key=lambda fw: -abs(fw[1]))[:top]


@dataclass(frozen=True, slots=True)
class ChoiceModel:
    """A multinomial linear model: one weight per feature and class; the class with the highest
    sum wins, and its softmax probability says how sure the choice is."""

    name: str
    classes: tuple[str, ...]  # sorted
    bias: tuple[float, ...]  # per class
    threshold: float  # the probability at or above which the choice is taken
    # One row of weights per feature, one column per class: a mention's features sum their rows
    # as vectors (a mention has dozens of features and there are eighteen types). The last row
    # is zeros and no feature's: it pads the shorter lists of ``choose_all``.
    rows: dict[str, int]  # feature -> its row
    matrix: np.ndarray

    def choose(self, features: Iterable[str]) -> tuple[str, float]:
        return self.choose_all([features])[0]

    def choose_all(self, feature_lists: Sequence[Iterable[str]]) -> list[tuple[str, float]]:
        """``choose`` for each list of features, in a few numpy calls for all of them: the rows
        of each list, padded with the zero row to the longest, are summed in one reduction
        (in the same order, and adding zeros changes no sum, so the same floats)."""
        found = [[row for row in map(self.rows.get, features) if row is not None] for features in feature_lists]
        if not found:
            return []
        width, zero = max(map(len, found)), len(self.matrix) - 1
        flat: list[int] = []  # the padded lists end to end: numpy reads a flat list faster than nested ones
        for rows in found:
            flat += rows
            flat += [zero] * (width - len(rows))
        picked = self.matrix.take(np.array(flat, dtype=np.intp), axis=0).reshape(len(found), width, len(self.classes))
        totals = np.add(self.bias, np.add.reduce(picked, axis=1))
        # ``np.maximum.reduce`` and ``np.add.reduce`` are what ``.max()`` and ``.sum()`` call, without
        # their Python wrappers.
        exps = np.exp(totals - np.maximum.reduce(totals, axis=1, keepdims=True))
        sums = np.add.reduce(exps, axis=1).tolist()
        return [self._best(values, sum_) for values, sum_ in zip(exps.tolist(), sums, strict=True)]

    def _best(self, exps: list[float], sum_: float) -> tuple[str, float]:
        top = max(exps)
        # A tie goes to the last class by name: the classes are sorted, so the last index.
        best = len(exps) - 1 - exps[::-1].index(top)
        return self.classes[best], exps[best] / sum_

    def weighed(self, feature: str) -> list[tuple[int, float]]:
        """The classes (by index) a feature weighs for, and its weight for each."""
        return [(i, float(w)) for i, w in enumerate(self.matrix[self.rows[feature]]) if w != 0.0]


def _sigmoid(total: float) -> float:
    """A sum of weights as a probability (without overflow for large negative sums)."""
    if total >= 0:
        return 1.0 / (1.0 + math.exp(-total))
    odds = math.exp(total)
    return odds / (1.0 + odds)


def char_ngrams(text: str, sizes: tuple[int, int] = (2, 5)) -> list[str]:
    """The letter sequences of each word, padded with a space either side (" قتل" starts a word,
    "ل " ends one), of ``sizes[0]`` to ``sizes[1]`` letters: what the sentence model reads. A
    sequence that would start a line with "#" is left out (the model file's comment mark)."""
    low, high = sizes
    out = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, min(high, len(padded)) + 1):
            out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return [g for g in out if not g.startswith("#")]


@dataclass(frozen=True, slots=True)
class NgramModel:
    """A sentence's probability of reporting an event, read from its letter sequences alone
    (``char_ngrams``): tf-idf weights (1 + log count, times idf), scaled to unit length, summed
    against learned weights. It knows words the lexicons do not and the shapes of reports and
    of talk; in a sentence sent alone, its probability is a feature of each mention's
    eventiveness (``eventiveness.score_sentences``)."""

    name: str
    bias: float
    ngrams: dict[str, tuple[float, float]]  # sequence -> (idf, weight)
    sizes: tuple[int, int]
    types: frozenset[str]  # the incident types it was trained to recognise

    def probability(self, text: str) -> float:
        known = self.ngrams
        counts = Counter(g for g in char_ngrams(text, self.sizes) if g in known)
        total = norm = 0.0
        for gram, count in counts.items():
            idf, weight = known[gram]
            value = (1.0 + math.log(count)) * idf
            norm += value * value
            total += value * weight
        return _sigmoid(self.bias + (total / math.sqrt(norm) if norm else 0.0))


def read_ngram_model(pack: Pack, name: str) -> NgramModel | None:
    """``models/<name>.tsv``: ``# bias:``, ``# sizes: 2-5`` and ``# types:`` in its
    header, then rows of sequence, idf, weight. None when the pack has no such file."""
    file = f"models/{name}.tsv"
    if not (pack.path / file).exists():
        return None
    header = pack.header(file)
    try:
        bias = float(header["bias"])
        low, high = (int(n) for n in header["sizes"].split("-"))
        types = frozenset(header["types"].split())
    except (KeyError, ValueError):
        raise PackError(f"{pack.path / file}: needs '# bias:', '# sizes: <n>-<m>' and '# types:'") from None
    ngrams: dict[str, tuple[float, float]] = {}
    for row in pack.rows(file, columns=("ngram", "idf", "weight")):
        try:
            ngrams[row["ngram"]] = (float(row["idf"]), float(row["weight"]))
        except ValueError:
            raise pack.fail(row, "idf and weight must be numbers") from None
    return NgramModel(name, bias, ngrams, (low, high), types)


def read_model(pack: Pack, name: str) -> LinearModel:
    """``models/<name>.tsv`` of the pack; its ``# threshold:`` line gives the decision threshold."""
    file = f"models/{name}.tsv"
    threshold = _threshold(pack, file)
    weights: dict[str, float] = {}
    for row in pack.rows(file, columns=("feature", "weight")):
        try:
            weights[row["feature"]] = float(row["weight"])
        except ValueError:
            raise pack.fail(row, f"weight {row['weight']!r} is not a number") from None
    if BIAS not in weights:
        raise PackError(f"{pack.path / file}: no {BIAS} row")
    bias = weights.pop(BIAS)
    by_type = _type_thresholds(pack, file)
    short = by_type.pop(SHORT_TEXT, None)
    prefix = f"{SHORT_TEXT} "
    short_by_type = {kind.removeprefix(prefix): by_type.pop(kind) for kind in list(by_type) if kind.startswith(prefix)}
    return LinearModel(name, bias, weights, threshold, by_type, short, short_by_type)


def read_choice_model(pack: Pack, name: str, classes: Iterable[str]) -> ChoiceModel:
    """``models/<name>.tsv``: rows of feature, class, weight (``(bias)`` once per class)."""
    file = f"models/{name}.tsv"
    threshold = _threshold(pack, file)
    known = set(classes)
    bias: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    for row in pack.rows(file, columns=("feature", "class", "weight")):
        if row["class"] not in known:
            raise pack.fail(row, f"class {row['class']!r} is not an incident type")
        try:
            weight = float(row["weight"])
        except ValueError:
            raise pack.fail(row, f"weight {row['weight']!r} is not a number") from None
        if row["feature"] == BIAS:
            bias[row["class"]] = weight
        else:
            weights.setdefault(row["feature"], {})[row["class"]] = weight
    if not bias:
        raise PackError(f"{pack.path / file}: no {BIAS} rows")
    return choice_model(name, bias, weights, threshold)


def choice_model(
    name: str, bias: dict[str, float], weights: dict[str, dict[str, float]], threshold: float
) -> ChoiceModel:
    """A ChoiceModel from per-class weights (its classes: those with a bias)."""
    classes = tuple(sorted(bias))
    index = {cls: i for i, cls in enumerate(classes)}
    rows = {feature: row for row, feature in enumerate(weights)}
    matrix = np.zeros((len(rows) + 1, len(classes)))  # the last row: zeros, see ChoiceModel
    for feature, per_class in weights.items():
        for cls, weight in per_class.items():
            if cls in index:
                matrix[rows[feature], index[cls]] = weight
    return ChoiceModel(name, classes, tuple(bias[c] for c in classes), threshold, rows, matrix)


def _threshold(pack: Pack, file: str) -> float:
    value = _probability(pack.header(file).get("threshold", ""))
    if value is None:
        raise PackError(f"{pack.path / file}: needs a '# threshold: <0..1>' line in its header")
    return value


# "# threshold short_text: <0..1>": a sentence sent alone's threshold; "# threshold short_text
# <type>: <0..1>": a type's there.
SHORT_TEXT = "short_text"


def _type_thresholds(pack: Pack, file: str) -> dict[str, float]:
    """``# threshold <type>: <0..1>`` lines of the header (and ``# threshold short_text:``)."""
    out: dict[str, float] = {}
    for key, raw in pack.header(file).items():
        kind = key.removeprefix("threshold ").strip()
        if key.startswith("threshold ") and kind:
            value = _probability(raw)
            if value is None:
                raise PackError(f"{pack.path / file}: '# {key}: {raw}' is no probability between 0 and 1")
            out[kind] = value
    return out


def _probability(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if 0.0 < value < 1.0 else None
