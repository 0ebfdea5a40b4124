"""Train the pack's learned decisions (type in context, eventiveness, coreference) from annotated articles.

    .venv/bin/python scripts/train_models.py [--shared ../shared] [--pack service/packs/default]

Data (read from ``../shared``, never copied into the project):
- ``dev/corpus2/train.jsonl``: articles annotated with every incident and its mention chain.
  Every event mention the pipeline observes is an example. It reports an event when it stands
  inside the evidence or a mention of a (non-optional) gold incident, and either is of a
  compatible ACLED family or is that incident's own trigger word; then its type is the
  incident's. Otherwise it does not (talk about violence, the toll of another event, history
  told in general ...). Mentions inside optional incidents are left out. The mentions of one
  gold incident, in text order, are the coreference examples: each beside the incidents told
  before it, positive for its own.
- ``data/gsr-dev/``: sentences judged for ASSAULT and PROTEST: each mention of a type of the
  judged category reports an event when the sentence is "yes", not when it is a "no"
  ("ambiguous" is left out). Eventiveness only.
``dev/corpus2/test.jsonl`` is never read here.

Models: regularised logistic regressions (scikit-learn, at build time only; multinomial for
the type) over the features of ``service/extraction/features.py``, the very functions the
pipeline scores with. Everything is chosen by cross-validation grouped by article (no article
is scored by a model trained on it): the regularisation by AUC (a tie to the third decimal
goes to the stronger), the decision thresholds by the shared scorer's incident F1 on held-out
articles (averaged with the grid's neighbours, so a plateau wins over a lone peak; a pair at
the grid's edge, with half a neighbourhood, is never chosen), and the eventiveness threshold
of a sentence sent alone by the GSR's held-out ASSAULT sentence F1 (a sentence alone is
another domain, with another base rate). The later stages learn from mentions typed by a
typing model that did not see their article, as the pipeline will type them. The
cross-validated figures go into each weights file's header with the data, the date and the
library versions. Seeded and deterministic: the same data gives the same weights.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec
import numpy as np
import sentence_training
import sklearn
from corpora import GSR_FILES, SHARED, Sentence, document_of, prf, read_gsr, read_jsonl, score
from sentence_training import SentenceExample
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support, roc_auc_score
from sklearn.model_selection import GroupKFold

from service.extraction import DEFAULT_PACK, Document, Knowledge, load_knowledge
from service.extraction.acled import AcledType
from service.extraction.coreference import RECENT_INCIDENTS, link
from service.extraction.eventiveness import by_mention, eventive_mentions
from service.extraction.features import (
    Article,
    Chain,
    Observed,
    chain_features,
    eventiveness_features,
    type_evidence,
)
from service.extraction.knowledge import Models
from service.extraction.models import BIAS, SHORT_TEXT, ChoiceModel, LinearModel, choice_model
from service.extraction.pipeline import Observation, decide, observe
from service.extraction.typing_in_context import retype

SEED = 13
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0)
TYPE_C = 1.0
TYPE_THRESHOLD = 0.5
EVENT_THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.3, 0.71, 0.05))
PROTEST_THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.1, 0.51, 0.05))  # a protest sentence sent alone
ASSAULT_CATEGORY = "assault"  # the GSR category whose sentences tune the short-text threshold
PROTEST_CATEGORY = "protest"  # ... and the protest types' there
MIN_TYPE_EXAMPLES = 100  # held-out mentions a type needs for a threshold of its own
CHAIN_THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.2, 0.81, 0.1))
MIN_WEIGHT = 1e-4  # weights smaller than this are left out of the file
CHOICE_MIN_WEIGHT = 0.02  # the typing model has a weight per feature and type: only those that count


@dataclass(frozen=True, slots=True)
class Example:
    features: list[str]
    label: int | str
    group: str  # the article (or GSR sentence) it comes from: cross-validation never splits one


@dataclass(frozen=True, slots=True)
class Label:
    incident: int | None  # the gold incident the mention tells, or None
    type: str | None  # that incident's type
    left_out: bool  # inside an optional incident only: neither way
    mate: bool = False  # outside the quotes, in the clause of a mention inside them (no typing example)


@dataclass(slots=True)
class Annotated:
    """A training article: its gold annotation, what the pipeline observes, each mention's label."""

    gold: dict
    seen: Observation
    labels: list[Label]

    @property
    def id(self) -> str:
        return self.gold["id"]


# -- labels from the annotation ------------------------------------------------------------------------


def gold_spans(doc: dict) -> list[tuple[dict, list[tuple[int, int]], tuple[int, int] | None]]:
    """Each gold incident with the spans of its evidence and mentions in the article's text, and
    the span of its trigger word inside its evidence."""
    text, out = doc["text"], []
    for incident in doc["incidents"]:
        start = text.find(incident["evidence_quote"])
        spans = [(start, start + len(incident["evidence_quote"]))]
        for quote in incident.get("mentions") or []:
            at = text.find(quote, start)
            at = text.find(quote) if at < 0 else at
            if at >= 0:
                spans.append((at, at + len(quote)))
        trigger = incident.get("trigger_quote") or ""
        at = text.find(trigger, start, spans[0][1]) if trigger else -1
        out.append((incident, spans, (at, at + len(trigger)) if at >= 0 else None))
    return out


def label_mentions(knowledge: Knowledge, doc: dict, observed: Sequence[Observed]) -> list[Label]:
    spans = gold_spans(doc)
    labels = []
    for obs in observed:
        start, end = obs.mention.trigger.orig_start, obs.mention.trigger.orig_end
        fitting = []
        for i, (incident, incident_spans, trigger) in enumerate(spans):
            if not any(a <= start and end <= b for a, b in incident_spans):
                continue
            own_word = trigger is not None and trigger[0] < end and start < trigger[1]
            if own_word or not knowledge.families[incident["type"]].isdisjoint(knowledge.families[obs.type]):
                fitting.append((i, incident, incident_spans, own_word))
        solid = [f for f in fitting if not f[1].get("optional")]
        if solid:  # its own trigger word first, then the incident whose evidence holds it
            solid.sort(key=lambda f: (not f[3], not (f[2][0][0] <= start and end <= f[2][0][1])))
            labels.append(Label(solid[0][0], solid[0][1]["type"], False))
        else:
            labels.append(Label(None, None, bool(fitting)))
    return labels


def annotate(knowledge: Knowledge, doc: dict) -> Annotated:
    seen = observe(document_of(doc), knowledge)
    labels = label_mentions(knowledge, doc, seen.article.observed)
    return Annotated(doc, seen, clause_mates(knowledge, seen.article.observed, labels))


def clause_mates(knowledge: Knowledge, observed: Sequence[Observed], labels: list[Label]) -> list[Label]:
    """A mention outside every quote that shares its clause with a mention of a gold incident of a
    compatible family tells that incident too: a quote often stops short of its clause ("في غارة
    من طائرة مسيرة" | "استهدفت سيارة"), and the clause's other words for the event are no negatives."""
    by_clause: dict[tuple[int, int], list[tuple[Observed, Label]]] = {}
    for obs, label in zip(observed, labels, strict=True):
        if label.incident is not None:
            by_clause.setdefault(obs.mention.clause, []).append((obs, label))
    out = []
    for obs, label in zip(observed, labels, strict=True):
        mate = next(
            (
                told
                for other, told in by_clause.get(obs.mention.clause, [])
                if not knowledge.families[other.type].isdisjoint(knowledge.families[obs.type])
            ),
            None,
        )
        told = label.incident is None and not label.left_out and mate is not None
        out.append(replace(mate, mate=True) if told else label)  # type: ignore[arg-type]
    return out


def typing_examples(article: Annotated) -> list[Example]:
    observed = article.seen.article
    return [
        Example(type_evidence(observed, obs), label.type, article.id)
        for obs, label in zip(observed.observed, article.labels, strict=True)
        if label.type is not None and not label.mate
    ]


def event_examples(article: Article, labels: list[Label], group: str) -> list[Example]:
    return [
        Example(eventiveness_features(article, obs), int(label.incident is not None), group)
        for obs, label in zip(article.observed, labels, strict=True)
        if not label.left_out
    ]


def chain_examples(article: Article, labels: list[Label], group: str) -> list[Example]:
    """Each mention of a gold incident beside each gold incident told before it (its mentions so
    far), as the pipeline compares them: the latest incidents it may tell again."""
    out = []
    chains: dict[int, Chain] = {}  # gold incident -> its mentions so far, in order of opening
    for later, label in zip(article.observed, labels, strict=True):
        if label.incident is None:
            continue
        for other, chain in list(chains.items())[-RECENT_INCIDENTS:]:
            if article.may_retell(chain.observed[0].type, later.type):
                out.append(Example(chain_features(article, chain, later), int(label.incident == other), group))
        if label.incident in chains:
            chains[label.incident].add(later)
        else:
            chains[label.incident] = Chain.of([later])
    return out


def own_chain_examples(
    article: Article, labels: list[Label], group: str, models: Models, acled: dict[str, AcledType]
) -> list[Example]:
    """The comparisons the pipeline makes itself (``coreference.link``) with the mentions the
    eventiveness model keeps and the chains the coreference model builds of them: each mention of
    a gold incident beside each incident it is compared with, positive for the one that stands
    for its own (the gold incident of the first of its mentions that tells one). Chains built so
    differ from the gold ones (a mention missed, another joined), and so do their comparisons;
    learning from them too, the model learns the chains it meets (cross-validated on
    corpus2/train over four splits of the articles, incident F1 +0.010 on average, every split up)."""
    _, eventive = eventive_mentions(article, models.eventiveness, acled)
    stands_for: list[int | None] = []  # by incident opened: the gold incident it stands for
    out = []
    for obs, compared, joined in link(article, eventive, models.coreference):
        label = labels[obs.mention.index]
        if label.incident is not None:
            out += [Example(f, int(stands_for[k] == label.incident), group) for k, f in compared]
        if joined == len(stands_for):
            stands_for.append(label.incident)
        elif stands_for[joined] is None:
            stands_for[joined] = label.incident
    return out


FOUNDING_WEIGHT = 3  # the founding article's examples count this many times


def evidence_examples(
    knowledge: Knowledge, docs: list[dict], typing: ChoiceModel | None = None, *, complete: frozenset[str] = frozenset()
) -> list[Example]:
    """Eventiveness examples of articles annotated without mention chains (the 16 dev articles and
    the founding article): the mentions that report an incident (``reporting``) are positive;
    one that reports none is left out when an incident of its family could be re-told there,
    else it reports nothing. In the ``complete`` articles (the founding article, whose expected
    output the project pins, every sentence read), a mention that reports none reports nothing,
    and their examples weigh more."""
    out = []
    for doc in docs:
        weight = FOUNDING_WEIGHT if doc["id"] in complete else 1
        article = observe(document_of(doc), knowledge).article
        if typing is not None:
            article = retype(article, typing)
        evidence = [(incident, spans[0]) for incident, spans, _ in gold_spans(doc)]
        reported = reporting(article, evidence, knowledge.families)
        for obs in article.observed:
            incidents = reported.get(obs.mention.index, [])
            if incidents:
                if any(not i.get("optional") for i in incidents):
                    out += [Example(eventiveness_features(article, obs), 1, doc["id"])] * weight
            elif doc["id"] in complete or not any(
                not knowledge.families[obs.type].isdisjoint(knowledge.families[i["type"]]) for i, _ in evidence
            ):
                out += [Example(eventiveness_features(article, obs), 0, doc["id"])] * weight
    return out


def reporting(
    article: Article, evidence: list[tuple[dict, tuple[int, int]]], families: dict[str, frozenset[str]]
) -> dict[int, list[dict]]:
    """Which incidents each mention reports: those whose evidence holds it (of a compatible
    family), or, for an evidence that holds no such mention ("اجتماعات تعقدها القوات ... بهدف حشد
    مقاتلين"), the mentions of its family in the sentence that holds it."""
    text = article.text
    out: dict[int, list[dict]] = {}
    for incident, (a, b) in evidence:
        family = families[incident["type"]]
        of_family = [obs for obs in article.observed if not family.isdisjoint(families[obs.type])]
        inside = [o for o in of_family if a <= o.mention.trigger.orig_start and o.mention.trigger.orig_end <= b]
        if not inside:
            sentences = [text.to_original(*text.sentences[o.sentence]) for o in of_family]
            inside = [o for o, (s, e) in zip(of_family, sentences, strict=True) if s < b and a < e]
        for obs in inside:
            out.setdefault(obs.mention.index, []).append(incident)
    return out


def gsr_examples(
    knowledge: Knowledge,
    folder: Path,
    sentence_scores: dict[str, float] | None = None,
    typing: ChoiceModel | None = None,
) -> list[Example]:
    """Mentions of the judged category's types in GSR sentences: eventive when the sentence is "yes".
    The GSR judges events that occurred and are news: a mention its clause says was denied,
    threatened or planned, or dates weeks back, says nothing of eventiveness there (an article's
    incidents keep those, with their status and background) and is left out. A sentence sent
    alone with a score in ``sentence_scores`` (by group: held out, from a sentence model that did
    not see it) gives it to its mentions, as ``eventiveness.score_sentences`` does. With ``typing``
    (a model that never saw the GSR), each mention has the type the pipeline gives it in context,
    as the eventiveness model reads it at run time."""
    out = []
    sentence_scores = sentence_scores or {}
    for sentence in read_gsr(folder):
        types, group = GSR_FILES[sentence.category][1], f"gsr:{sentence.id}"
        article = observe(Document(text=sentence.text), knowledge).article
        if typing is not None:
            article = retype(article, typing)
        scored = {}
        if group in sentence_scores:  # a sentence sent alone: one score for its one sentence
            every = dict.fromkeys(range(len(article.text.sentences)), sentence_scores[group])
            scored = by_mention(article, sentence_training.TYPES, every)
        for obs in article.observed:
            if obs.type in types and obs.status == "occurred" and not obs.background:
                out.append(Example(eventiveness_features(article, obs, scored), int(sentence.yes), group))
    return out


# -- fitting -------------------------------------------------------------------------------------------


class Vectorized:
    """Examples as a sparse matrix, and a way back from fitted coefficients to named weights."""

    def __init__(self, examples: list[Example]) -> None:
        self.vectorizer = DictVectorizer()
        self.x = self.vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
        self.y = np.array([e.label for e in examples])
        self.groups = np.array([e.group for e in examples])

    def fit(self, rows: np.ndarray | slice, c: float) -> LogisticRegression:
        return LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit(self.x[rows], self.y[rows])

    def names(self) -> list[str]:
        return [str(n) for n in self.vectorizer.get_feature_names_out()]

    def model(self, fitted: LogisticRegression, name: str, threshold: float) -> LinearModel:
        weights = {n: float(w) for n, w in zip(self.names(), fitted.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT}
        return LinearModel(name, float(fitted.intercept_[0]), weights, threshold)

    def choice_model(self, fitted: LogisticRegression, name: str, threshold: float) -> ChoiceModel:
        classes = [str(c) for c in fitted.classes_]
        weights: dict[str, dict[str, float]] = {}
        for cls, row in zip(classes, fitted.coef_, strict=True):
            for feature, weight in zip(self.names(), row, strict=True):
                if abs(weight) >= CHOICE_MIN_WEIGHT:
                    weights.setdefault(feature, {})[cls] = float(weight)
        bias = {cls: float(b) for cls, b in zip(classes, fitted.intercept_, strict=True)}
        return choice_model(name, bias, weights, threshold)


def choose_c(data: Vectorized, name: str) -> tuple[float, dict[str, float], np.ndarray]:
    """The regularisation with the best cross-validated AUC, its mention-level figures and its
    held-out probabilities. AUCs that agree to the third decimal (the figures' precision: the
    folds' AUCs spread over several hundredths) are a tie, which the stronger regularisation,
    the simpler model, wins."""
    best: tuple[float, dict[str, float], np.ndarray] | None = None
    for c in sorted(C_GRID):
        scores = held_out_scores(data, c)
        precision, recall, f1, _ = precision_recall_fscore_support(data.y, scores >= 0.5, average="binary")
        figures = {"auc": roc_auc_score(data.y, scores), "precision": precision, "recall": recall, "f1": f1}
        print(f"{name}: C={c} cv AUC {figures['auc']:.3f}, at 0.5 P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
        if best is None or round(figures["auc"], 3) > round(best[1]["auc"], 3):
            best = (c, figures, scores)
    assert best is not None
    return best


class Trainer:
    """The three models of a set of training articles (and GSR sentences), fitted in order."""

    def __init__(self, articles: Sequence[Annotated], gsr: Sequence[Example]) -> None:
        self.articles, self.gsr = list(articles), list(gsr)

    def typing(self) -> ChoiceModel:
        data = Vectorized([e for a in self.articles for e in typing_examples(a)])
        fitted = LogisticRegression(C=TYPE_C, max_iter=5000, random_state=SEED).fit(data.x, data.y)
        return data.choice_model(fitted, "typing", TYPE_THRESHOLD)

    def fitted(self, typing: dict[str, ChoiceModel], c_events: float, c_chains: float) -> tuple[Models, list[Example]]:
        """The three models of these articles, at thresholds of 0.5 (``at_thresholds`` sets the
        chosen ones), and the comparisons of their gold chains."""
        events, chains = self.examples(typing)
        event_data, chain_data = Vectorized(events), Vectorized(chains)
        eventive = event_data.model(event_data.fit(slice(None), c_events), "eventiveness", 0.5)
        coreference = chain_data.model(chain_data.fit(slice(None), c_chains), "coreference", 0.5)
        return Models(self.typing(), eventive, coreference), chains

    def coreference(
        self,
        typing: dict[str, ChoiceModel],
        chains: list[Example],
        models: Models,
        acled: dict[str, AcledType],
        c: float,
    ) -> LinearModel:
        """The coreference model refitted on the gold chains' comparisons (``chains``) and those of
        the chains ``models`` build of these articles themselves (``own_chain_examples``)."""
        own = [
            example
            for a in self.articles
            for example in own_chain_examples(retype(a.seen.article, typing[a.id]), a.labels, a.id, models, acled)
        ]
        data = Vectorized(chains + own)
        return data.model(data.fit(slice(None), c), "coreference", models.coreference.threshold)

    def examples(self, typing: dict[str, ChoiceModel]) -> tuple[list[Example], list[Example]]:
        """Eventiveness and coreference examples, each article typed by ``typing[article id]``."""
        events, chains = list(self.gsr), []
        for a in self.articles:
            article = retype(a.seen.article, typing[a.id])
            events += event_examples(article, a.labels, a.id)
            chains += chain_examples(article, a.labels, a.id)
        return events, chains


def held_out_typing(articles: list[Annotated]) -> dict[str, ChoiceModel]:
    """For each article, a typing model trained on the other folds (as the pipeline will type it)."""
    out: dict[str, ChoiceModel] = {}
    for train, held in folds(articles):
        model = Trainer([articles[i] for i in train], ()).typing()
        out.update((articles[i].id, model) for i in held)
    return out


def folds(articles: list[Annotated]):  # type: ignore[no-untyped-def]
    return GroupKFold(n_splits=FOLDS).split(articles, groups=[a.id for a in articles])


def held_out_scores(data: Vectorized, c: float) -> np.ndarray:
    """Each example's probability from a model fitted on the other folds."""
    scores = np.zeros(len(data.y))
    for train, held in GroupKFold(n_splits=FOLDS).split(data.x, data.y, data.groups):
        scores[held] = data.fit(train, c).predict_proba(data.x[held])[:, 1]
    return scores


def threshold_lines(
    threshold: float,
    by_type: dict[str, float],
    short: float | None = None,
    short_by_type: dict[str, float] | None = None,
) -> list[str]:
    """The header lines ``models.py`` reads the thresholds from."""
    lines = [f"threshold: {threshold}", *(f"threshold {kind}: {t}" for kind, t in sorted(by_type.items()))]
    lines += [f"threshold {SHORT_TEXT}: {short}"] if short is not None else []
    return lines + [f"threshold {SHORT_TEXT} {kind}: {t}" for kind, t in sorted((short_by_type or {}).items())]


def short_threshold(sentences: dict[float, float], grid: tuple[float, ...] = EVENT_THRESHOLDS) -> float | None:
    """The threshold for a sentence sent alone: the best plateau of the GSR's held-out sentence
    F1 (a sentence alone is another domain than an article: the articles tune their own)."""
    if not sentences:
        return None
    inner = grid[1:-1]  # an edge has half a neighbourhood (as ``_inside_grid`` says)
    return max(inner, key=lambda t: (round(_near_mean(sentences, t, grid), 3), t))


def short_thresholds(
    examples: list[Example], held_out: np.ndarray, judged: list[Sentence]
) -> tuple[float | None, dict[str, float], dict[float, float]]:
    """The thresholds of a sentence sent alone, each tuned on the held-out F1 of the judged
    sentences of its GSR category: ASSAULT's for every type, PROTEST's for the protest types
    (judged protest sentences have another base rate: few report one, and those few weakly);
    and ASSAULT's F1 by threshold."""
    assaults = gsr_sentence_f1(examples, held_out, judged, ASSAULT_CATEGORY)
    protests = gsr_sentence_f1(examples, held_out, judged, PROTEST_CATEGORY, PROTEST_THRESHOLDS)
    protest = short_threshold(protests, PROTEST_THRESHOLDS)
    by_type = {} if protest is None else dict.fromkeys(sorted(GSR_FILES[PROTEST_CATEGORY][1]), protest)
    return short_threshold(assaults), by_type, assaults


def type_thresholds(examples: list[Example], held_out: np.ndarray, types: Iterable[str]) -> dict[str, float]:
    """A threshold of its own in articles for each of ``types`` that they hold enough mentions of:
    the one with the best held-out F1 over the articles' mentions of that type. (The GSR's
    sentences sent alone have thresholds of their own, ``short_thresholds``: their base rate is
    another.)"""
    out = {}
    for kind in sorted(types):
        rows = [i for i, e in enumerate(examples) if f"type={kind}" in e.features and not e.group.startswith("gsr:")]
        labels = np.array([examples[i].label for i in rows])
        if len(rows) < MIN_TYPE_EXAMPLES or labels.sum() == 0:
            continue
        f1s = {t: f1_score(labels, held_out[rows] >= t) for t in EVENT_THRESHOLDS}
        out[kind] = max(f1s, key=lambda t: (round(f1s[t], 3), -abs(t - 0.5)))
        figure = f"held-out F1 {f1s[out[kind]]:.3f} at {out[kind]}"
        print(f"eventiveness of {kind}: {len(rows)} mentions of articles, {figure}")
    return out


def gsr_sentence_f1(
    examples: list[Example],
    held_out: np.ndarray,
    judged: list[Sentence],
    category: str = ASSAULT_CATEGORY,
    grid: tuple[float, ...] = EVENT_THRESHOLDS,
) -> dict[float, float]:
    """Held-out F1 of the ``judged`` sentences of a GSR category at each eventiveness threshold:
    a sentence reports the category's event when a mention of its types scores at or above it
    (status and background aside); a "yes" sentence with no such mention is missed whatever the
    threshold."""
    prefix, ids = f"gsr:{category}:", {f"gsr:{s.id}" for s in judged}
    scored: dict[str, tuple[float, int]] = {}
    for example, probability in zip(examples, held_out, strict=True):
        if example.group.startswith(prefix) and example.group in ids:
            best = scored.get(example.group, (0.0, int(example.label)))[0]
            scored[example.group] = (max(best, float(probability)), int(example.label))
    yes = sum(s.yes for s in judged if s.category == category)
    out = {}
    for t in grid:
        tp = sum(1 for p, label in scored.values() if p >= t and label)
        fp = sum(1 for p, label in scored.values() if p >= t and not label)
        out[t] = prf(tp, fp, yes - tp)[2]
    shown = ", ".join(f"{t} {f:.3f}" for t, f in out.items())
    print(f"GSR {category.upper()} sentences, held-out F1 by eventiveness threshold: {shown}")
    return out


@dataclass(frozen=True, slots=True)
class Setting:
    """What cross-validating the whole procedure reads: the training articles, the examples of
    other data every fold learns from, each article's held-out typing, the chosen regularisations."""

    knowledge: Knowledge
    articles: list[Annotated]
    others: list[Example]  # the GSR's and the articles without chains
    typed_by: dict[str, ChoiceModel]
    c_events: float
    c_chains: float

    def folds(self) -> Iterable[tuple[Trainer, list[Annotated]]]:
        """Each fold's trainer (the other folds' articles) and its held-out articles."""
        for train, held in folds(self.articles):
            yield Trainer([self.articles[i] for i in train], self.others), [self.articles[i] for i in held]


def at_thresholds(models: Models, te: float, tc: float, by_type: dict[str, float]) -> Models:
    return replace(
        models,
        eventiveness=replace(models.eventiveness, threshold=te, type_thresholds=by_type),
        coreference=replace(models.coreference, threshold=tc),
    )


def tune_thresholds(setting: Setting, by_type: dict[str, float]) -> tuple[float, float, dict]:
    """The two thresholds that give the best incident F1 (the shared scorer's) on held-out
    articles: each fold's articles are decided by models trained on the other folds. (Sentences
    sent alone have a threshold of their own, ``short_threshold``.)"""
    knowledge, articles = setting.knowledge, setting.articles
    predictions: dict[tuple[float, float], list[dict]] = {}
    for trainer, held in setting.folds():
        fitted, _ = trainer.fitted(setting.typed_by, setting.c_events, setting.c_chains)
        for te, tc in itertools.product(EVENT_THRESHOLDS, CHAIN_THRESHOLDS):
            models = at_thresholds(fitted, te, tc, by_type)
            for article in held:
                incidents = decide(article.seen, models, knowledge.acled)
                prediction = {"id": article.id, "incidents": msgspec.to_builtins(incidents)}
                predictions.setdefault((te, tc), []).append(prediction)
    gold = [a.gold for a in articles]
    results = {key: score(gold, preds) for key, preds in predictions.items()}
    print_grid(results)
    inner = {key: result for key, result in results.items() if _inside_grid(*key)}

    (te, tc), best = max(inner.items(), key=lambda kv: (plateau_f1(results, *kv[0]), kv[1]["precision"]))
    print(
        f"thresholds: eventiveness {te}, coreference {tc}: cross-validated incident F1 {best['f1']:.3f}"
        f" (P {best['precision']:.3f} R {best['recall']:.3f}), slots {best['slot_mean']:.3f}"
    )
    return te, tc, best


def own_chains_cv(setting: Setting, te: float, tc: float, by_type: dict[str, float]) -> dict:
    """Incident figures of the whole procedure, cross-validated: each fold's articles decided by
    models trained on the other folds, their coreference model refitted on the chains it builds
    of those (``Trainer.coreference``), at the chosen thresholds."""
    acled, predictions = setting.knowledge.acled, []
    for trainer, held in setting.folds():
        fitted, chains = trainer.fitted(setting.typed_by, setting.c_events, setting.c_chains)
        first = at_thresholds(fitted, te, tc, by_type)
        own = trainer.coreference(setting.typed_by, chains, first, acled, setting.c_chains)
        models = replace(first, coreference=own)
        for article in held:
            incidents = decide(article.seen, models, acled)
            predictions.append({"id": article.id, "incidents": msgspec.to_builtins(incidents)})
    result = score([a.gold for a in setting.articles], predictions)
    print(
        f"with coreference learned from its own chains too: cross-validated incident F1 {result['f1']:.3f}"
        f" (P {result['precision']:.3f} R {result['recall']:.3f}), slots {result['slot_mean']:.3f}"
    )
    return result


def plateau_f1(results: dict[tuple[float, float], dict], te: float, tc: float) -> float:
    """The mean F1 of a pair of thresholds and its neighbours on the grid: 138 articles give a
    noisy F1 surface, and the middle of a plateau carries over to new articles better than a
    lone peak."""
    near = [results[(a, b)]["f1"] for a in _neighbours(EVENT_THRESHOLDS, te) for b in _neighbours(CHAIN_THRESHOLDS, tc)]
    return sum(near) / len(near)


def _near_mean(by_threshold: dict[float, float], t: float, grid: tuple[float, ...] = EVENT_THRESHOLDS) -> float:
    """The mean of a threshold's figure and its neighbours' (as ``plateau_f1`` does on the grid)."""
    near = _neighbours(grid, t)
    return sum(by_threshold[n] for n in near) / len(near)


def _neighbours(grid: tuple[float, ...], value: float) -> tuple[float, ...]:
    """``value`` and the grid's values either side of it (one side at an edge)."""
    i = grid.index(value)
    return grid[max(0, i - 1) : i + 2]


def _inside_grid(te: float, tc: float) -> bool:
    """A pair at the grid's edge has half a neighbourhood, whose mean flatters it: never chosen
    (the grid is wide enough that the best pairs lie inside it)."""
    i, j = EVENT_THRESHOLDS.index(te), CHAIN_THRESHOLDS.index(tc)
    return 0 < i < len(EVENT_THRESHOLDS) - 1 and 0 < j < len(CHAIN_THRESHOLDS) - 1


def print_grid(results: dict[tuple[float, float], dict]) -> None:
    print("cross-validated incident F1 (rows: eventiveness threshold, columns: coreference threshold)")
    print("      " + " ".join(f"{tc:>5}" for tc in CHAIN_THRESHOLDS))
    for te in EVENT_THRESHOLDS:
        print(f"{te:>5} " + " ".join(f"{results[(te, tc)]['f1']:.3f}" for tc in CHAIN_THRESHOLDS))


# -- writing -------------------------------------------------------------------------------------------


def provenance(
    c: float,
    about: list[str],
    figures: list[str],
    threshold: float,
    by_type: dict[str, float] | None = None,
    short: float | None = None,
    short_by_type: dict[str, float] | None = None,
) -> list[str]:
    return [
        *about,
        f"Trained {dt.date.today().isoformat()} by scripts/train_models.py (seed {SEED}) with scikit-learn"
        f" {sklearn.__version__}, numpy {np.__version__}: logistic regression, L2, C={c}.",
        *figures,
        *threshold_lines(threshold, by_type or {}, short, short_by_type),
    ]


def write_model(path: Path, model: LinearModel, header: list[str]) -> None:
    rows = sorted(model.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    lines = [f"# {line}" for line in header] + ["feature\tweight", f"{BIAS}\t{model.bias:.6f}"]
    lines += [f"{feature}\t{weight:.6f}" for feature, weight in rows if _writable(feature)]
    _write(path, lines)


def write_choice_model(path: Path, model: ChoiceModel, header: list[str]) -> None:
    lines = [f"# {line}" for line in header] + ["feature\tclass\tweight"]
    lines += [f"{BIAS}\t{cls}\t{bias:.6f}" for cls, bias in zip(model.classes, model.bias, strict=True)]
    for feature in sorted(model.rows):
        if _writable(feature):
            lines += [f"{feature}\t{model.classes[i]}\t{w:.6f}" for i, w in model.weighed(feature)]
    _write(path, lines)


def _writable(feature: str) -> bool:
    return "\t" not in feature and "\n" not in feature


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def print_top(model: LinearModel, top: int = 15) -> None:
    ranked = sorted(model.weights.items(), key=lambda kv: kv[1])
    print(f"{model.name}: strongest against: " + ", ".join(f"{f} {w:+.2f}" for f, w in ranked[:top]))
    print(f"{model.name}: strongest for:     " + ", ".join(f"{f} {w:+.2f}" for f, w in ranked[::-1][:top]))


def mention_figures(figures: dict[str, float]) -> str:
    return (
        f"Mentions, cross-validated ({FOLDS} folds grouped by article): AUC {figures['auc']:.3f};"
        f" at 0.5 P {figures['precision']:.3f} R {figures['recall']:.3f} F1 {figures['f1']:.3f}."
    )


def typing_accuracy(articles: list[Annotated], typed_by: dict[str, ChoiceModel]) -> str:
    right = total = kept = 0
    for a in articles:
        for obs, label in zip(a.seen.article.observed, a.labels, strict=True):
            if label.type is None or label.mate:
                continue
            chosen, probability = typed_by[a.id].choose(type_evidence(a.seen.article, obs))
            final = chosen if probability >= TYPE_THRESHOLD else obs.type
            right, total, kept = right + (final == label.type), total + 1, kept + (obs.type == label.type)
    return (
        f"Types of eventive mentions, cross-validated: {right / total:.3f} right"
        f" ({kept / total:.3f} with the lexicon's and instrument words' types alone)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--pack", type=Path, default=DEFAULT_PACK)
    parser.add_argument("--no-gsr", action="store_true", help="train eventiveness on corpus2/train alone")
    options = parser.parse_args()
    knowledge = load_knowledge(options.pack, with_models=False)
    docs = read_jsonl(options.shared / "dev" / "corpus2" / "train.jsonl")
    articles = [annotate(knowledge, doc) for doc in docs]
    typed_by = held_out_typing(articles)
    founding = read_jsonl(options.shared / "dev" / "gold-seed.jsonl")
    early = [*founding, *read_jsonl(options.shared / "dev" / "gold-dev.jsonl")]
    complete = frozenset(doc["id"] for doc in founding)
    typing = Trainer(articles, ()).typing()  # never sees the GSR: its types there are as at run time
    extra = evidence_examples(knowledge, early, typing, complete=complete)
    folder = options.shared / "data" / "gsr-dev"
    sentence_data = [] if options.no_gsr else sentence_examples(knowledge, docs, folder)
    gsr = [] if options.no_gsr else gsr_examples(knowledge, folder, sentence_training.held_out(sentence_data), typing)
    trainer = Trainer(articles, extra + gsr)
    events, chains = trainer.examples(typed_by)
    event_data, chain_data = Vectorized(events), Vectorized(chains)
    print(
        f"corpus2/train: {len(docs)} articles, {len(events) - len(gsr) - len(extra)} mentions, {len(chains)} chain"
        f" comparisons; 17 articles annotated without chains: {len(extra)} mentions; GSR dev: {len(gsr)} mentions"
    )
    typing_figure = typing_accuracy(articles, typed_by)
    print(typing_figure)
    c_events, event_figures, held_out = choose_c(event_data, "eventiveness")
    c_chains, chain_figures, _ = choose_c(chain_data, "coreference")
    by_type = type_thresholds(events, held_out, GSR_FILES[PROTEST_CATEGORY][1])
    setting = Setting(knowledge, articles, extra + gsr, typed_by, c_events, c_chains)
    te, tc, incident = tune_thresholds(setting, by_type)
    judged = [] if options.no_gsr else list(read_gsr(folder))
    short, short_by_type, sentences = short_thresholds(events, held_out, judged) if judged else (None, {}, {})
    print(f"thresholds for a sentence sent alone: {short}, {short_by_type}")
    eventive = replace(
        event_data.model(event_data.fit(slice(None), c_events), "eventiveness", te),
        type_thresholds=by_type,
        short_threshold=short,
        short_type_thresholds=short_by_type,
    )
    gold_chains = chain_data.model(chain_data.fit(slice(None), c_chains), "coreference", tc)
    own = Models(typing, eventive, gold_chains)  # the typing model fits the articles alone: the same as trainer's
    coreference = trainer.coreference(typed_by, chains, own, knowledge.acled, c_chains)
    incident = own_chains_cv(setting, te, tc, by_type)
    end_to_end = (
        f"Incidents, cross-validated on corpus2/train with the three models and these thresholds: F1"
        f" {incident['f1']:.3f} (P {incident['precision']:.3f}, R {incident['recall']:.3f}), slot accuracy"
        f" {incident['slot_mean']:.3f}."
    )
    gsr_note = "" if options.no_gsr else f", ../shared/data/gsr-dev ({len(gsr)} mentions of judged sentences)"
    data = (
        f"Data: ../shared/dev/corpus2/train.jsonl ({len(docs)} articles){gsr_note} and the evidence of"
        f" ../shared/dev/gold-dev.jsonl and gold-seed.jsonl ({len(extra)} mentions); corpus2/test never read."
    )
    models = options.pack / "models"
    write_choice_model(
        models / "typing.tsv",
        typing,
        provenance(
            TYPE_C,
            [
                "Type in context: which incident type a mention names. Learned weights (feature, type) of the",
                "features of service/extraction/features.py (type_evidence); the chosen type replaces the",
                "lexicon's when its probability reaches the threshold. Multinomial.",
                f"Data: the mentions of gold incidents in ../shared/dev/corpus2/train.jsonl ({len(docs)} articles).",
            ],
            [typing_figure, end_to_end],
            TYPE_THRESHOLD,
        ),
    )
    write_model(
        models / "eventiveness.tsv",
        eventive,
        provenance(
            c_events,
            [
                "Eventiveness: does an event mention report one specific event? Learned weights of the features of",
                "service/extraction/features.py (eventiveness_features); mentions scored at or above the threshold",
                "stay (a sentence sent alone: at or above the short_text thresholds, tuned on the GSR's sentences,",
                "ASSAULT's for every type and PROTEST's for the protest types).",
                data,
            ],
            [mention_figures(event_figures), end_to_end],
            te,
            by_type,
            short,
            short_by_type,
        ),
    )
    write_model(
        models / "coreference.tsv",
        coreference,
        provenance(
            c_chains,
            [
                "Coreference: does a mention tell again an incident told before it? Learned weights of the features",
                "of service/extraction/features.py (chain_features); a mention joins the incident scored highest at",
                "or above the threshold. Fitted on the comparisons of the gold mention chains, then refitted on",
                "those and the comparisons of the chains the first fit builds itself (coreference.link).",
                f"Data: the mention chains of ../shared/dev/corpus2/train.jsonl ({len(docs)} articles); test never"
                " read.",
            ],
            [mention_figures(chain_figures), end_to_end],
            tc,
        ),
    )
    if sentence_data:
        about = sentence_training.provenance(len(docs), sentence_figure(sentences, short))
        sentence_training.write(models / "sentences.tsv", sentence_training.fit(sentence_data), about)
    print_top(eventive)
    print_top(coreference)
    return 0


def sentence_figure(sentences: dict[float, float], short: float | None) -> str:
    return (
        f"GSR ASSAULT sentences, held out ({FOLDS} folds) with its probability as a feature of their"
        f" mentions: sentence F1 {sentences.get(short or 0.0, 0.0):.3f} at the threshold {short}."
    )


def sentence_examples(knowledge: Knowledge, docs: list[dict], folder: Path) -> list[SentenceExample]:
    """The sentence model's examples: corpus2/train's sentences and the GSR's sentences sent alone."""
    out = []
    for doc in docs:
        quotes = [span for incident, spans, _ in gold_spans(doc) if not incident.get("optional") for span in spans]
        out += sentence_training.article_examples(knowledge, doc, quotes)
    return out + sentence_training.gsr_examples(knowledge, read_gsr(folder))


if __name__ == "__main__":
    sys.exit(main())
