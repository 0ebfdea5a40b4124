"""The sentence model of ``models/sentences.tsv``: what a sentence sent alone reads like, learned
from its letter sequences (``service.extraction.models.char_ngrams``), for ``train_models.py``
(which writes it) and ``evaluate.py`` (which retrains it for each GSR fold it scores).

Examples: every sentence of ``dev/corpus2/train.jsonl``, a report when it holds the evidence or a
mention of a (non-optional) gold incident; every GSR ASSAULT sentence sent alone (one sentence,
as ``features.is_short_text`` says), a report when judged "yes". Model: tf-idf over the
sequences (1 + log count, at most ``MAX_NGRAMS`` of them, each in two sentences or more), a
logistic regression with balanced classes. The pipeline scores with the same sequences and the
same arithmetic in plain Python; ``fit`` checks that both give the same probabilities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import sklearn
from corpora import ASSAULT, Sentence
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from service.extraction import Knowledge
from service.extraction.features import is_short_text
from service.extraction.models import NgramModel, char_ngrams
from service.extraction.pipeline import normalize

SIZES = (2, 5)  # letters per sequence
MAX_NGRAMS = 20_000  # the most frequent sequences: as good as all 60,000 on held-out GSR sentences
C = 3.0
MIN_SENTENCES = 2
FOLDS = 5
SEED = 13
TYPES = ASSAULT  # the incident types whose mentions it weighs in on: those it learned to tell


@dataclass(frozen=True)
class SentenceExample:
    text: str  # normalized, as the pipeline reads it
    label: int
    group: str  # the article's id, or the GSR sentence's "gsr:<category>:<id>"
    learned: bool = True  # False: only scored (a PROTEST sentence: its mentions need the feature too)


def article_examples(knowledge: Knowledge, doc: dict, quotes: Iterable[tuple[int, int]]) -> list[SentenceExample]:
    """Each sentence of an annotated article; ``quotes``: the spans of its gold incidents' quotes."""
    text, spans = normalize(knowledge, doc["text"]), list(quotes)
    out = []
    for start, end in text.sentences:
        a, b = text.to_original(start, end)
        told = any(x < b and a < y for x, y in spans)
        out.append(SentenceExample(text.norm[start:end], int(told), doc["id"]))
    return out


def gsr_examples(knowledge: Knowledge, sentences: Iterable[Sentence]) -> list[SentenceExample]:
    """The judged sentences that are one sentence sent alone (the only ones the pipeline scores):
    learned from when judged for ASSAULT, only scored when judged for PROTEST."""
    out = []
    for sentence in sentences:
        text = normalize(knowledge, sentence.text)
        if is_short_text(text):
            learned = sentence.category == "assault"
            out.append(SentenceExample(text.norm, int(sentence.yes), f"gsr:{sentence.id}", learned))
    return out


def fit(examples: Sequence[SentenceExample]) -> NgramModel:
    """The model of ``examples``, as the pipeline will read it."""
    vectorizer = TfidfVectorizer(
        analyzer=partial(char_ngrams, sizes=SIZES),
        sublinear_tf=True,
        min_df=MIN_SENTENCES,
        max_features=MAX_NGRAMS,
    )
    learned = [e for e in examples if e.learned]
    texts = [e.text for e in learned]
    x = vectorizer.fit_transform(texts)
    labels = np.array([e.label for e in learned])
    fitted = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED).fit(x, labels)
    ngrams = {
        str(gram): (float(vectorizer.idf_[i]), float(fitted.coef_[0][i]))
        for gram, i in sorted(vectorizer.vocabulary_.items())
    }
    model = NgramModel("sentences", float(fitted.intercept_[0]), ngrams, SIZES, frozenset(TYPES))
    expected = fitted.predict_proba(x[:50])[:, 1]
    got = np.array([model.probability(t) for t in texts[:50]])
    assert np.allclose(got, expected, atol=1e-9), "plain-Python scoring differs from scikit-learn's"
    return model


def held_out(examples: Sequence[SentenceExample]) -> dict[str, float]:
    """Each GSR sentence's probability from a model fitted on the other folds (by group): the
    feature its mentions learn from, as new sentences will have it from a model that never saw
    them (a sentence only scored is in no model)."""
    groups = [e.group for e in examples]
    out: dict[str, float] = {}
    for train, held in GroupKFold(n_splits=FOLDS).split(examples, groups=groups):
        model = fit([examples[i] for i in train])
        out.update(
            (examples[i].group, model.probability(examples[i].text)) for i in held if groups[i].startswith("gsr:")
        )
    return out


def provenance(articles: int, figure: str) -> list[str]:
    return [
        "Sentences sent alone: does a sentence read like a report of a violent event? Learned weights of",
        "its letter sequences (service/extraction/models.py: char_ngrams, tf-idf), by",
        "scripts/sentence_training.py; in a sentence sent alone, a feature of each mention's eventiveness.",
        f"Data: the sentences of ../shared/dev/corpus2/train.jsonl ({articles} articles; a report when a",
        "gold incident's quote is in it) and the ASSAULT sentences of ../shared/data/gsr-dev sent alone;",
        "corpus2/test never read.",
        f"Trained {dt.date.today().isoformat()} with scikit-learn {sklearn.__version__}: logistic regression,",
        f"L2, C={C}, balanced classes, the {MAX_NGRAMS} most frequent sequences (seed {SEED}).",
        figure,
    ]


def write(path, model: NgramModel, about: list[str]) -> None:  # type: ignore[no-untyped-def]
    settings = [
        f"bias: {model.bias!r}",
        f"sizes: {model.sizes[0]}-{model.sizes[1]}",
        f"types: {' '.join(sorted(model.types))}",
    ]
    lines = [f"# {line}" for line in [*about, *settings]] + ["ngram\tidf\tweight"]
    lines += [f"{gram}\t{idf!r}\t{weight!r}" for gram, (idf, weight) in model.ngrams.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
