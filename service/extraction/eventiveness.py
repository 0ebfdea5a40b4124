"""Eventiveness: does an event mention report one specific event that happened (or is planned,
threatened, denied), or does it only talk about violence?

Reactions and condemnations ("ندد بالهجوم"), generic or habitual statements, fears, purposes,
history and figurative senses use the same words as reports. A linear model learned from
annotated articles (``models/eventiveness.tsv`` in the pack, trained by
``scripts/train_models.py``) weighs the mention's features (``features.py``). One rule follows
it: a generic word (a killing, an attack) in the clause of another harmful event tells that event.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from .acled import AcledType
from .features import Article, eventiveness_features
from .models import LinearModel, NgramModel


def eventiveness(
    article: Article, model: LinearModel, sentence_scores: Mapping[int, float | None] = MappingProxyType({})
) -> list[float]:
    """The probability that each observed mention reports an event, in order (``sentence_scores``:
    a sentence sent alone's, from ``score_sentences``)."""
    return [model.score(eventiveness_features(article, obs, sentence_scores)) for obs in article.observed]


def eventive_mentions(
    article: Article,
    model: LinearModel,
    acled: dict[str, AcledType],
    sentence_scores: Mapping[int, float | None] = MappingProxyType({}),
    *,
    short: bool = False,
) -> tuple[list[float], list[bool]]:
    """Each mention's probability, and whether it reports an event of its own: at or above its
    type's threshold (``short``: a sentence sent alone's), and no generic word in another event's
    clause."""
    probabilities = eventiveness(article, model, sentence_scores)
    eventive = [p >= model.threshold_for(o.type, short) for o, p in zip(article.observed, probabilities, strict=True)]
    others = names_another_event(article, acled, eventive)
    return probabilities, [reported and not other for reported, other in zip(eventive, others, strict=True)]


def score_sentences(article: Article, sentences: NgramModel) -> dict[int, float | None]:
    """A sentence sent alone: what it reads like as a whole (the sentence model's probability),
    for the eventiveness of its mentions of the types that model knows. Judged sentences have
    no story around them, and their words tell reports from talk where a mention's few
    features cannot; an article's mentions are scored without it (it did not help them)."""
    text = article.text
    told = {o.sentence for o in article.observed if o.type in sentences.types}
    by_sentence = {i: sentences.probability(text.norm[slice(*text.sentences[i])]) for i in told}
    return by_mention(article, sentences.types, by_sentence)


def by_mention(article: Article, types: Collection[str], by_sentence: Mapping[int, float]) -> dict[int, float | None]:
    """Each mention's sentence score (``by_sentence``: its sentence's), by mention index; None for
    a mention of a type the sentence model does not know."""
    return {o.mention.index: by_sentence[o.sentence] if o.type in types else None for o in article.observed}


_GENERIC = ("killing", "attack")  # words that name what a more specific word beside them names too


def names_another_event(article: Article, acled: dict[str, AcledType], eventive: Sequence[bool]) -> list[bool]:
    """Whether each mention is a generic word (a killing, an attack) in the clause of a reported
    harmful event of another ACLED family: "قصفت ... البلدة، ما أدى إلى مقتل 3 مدنيين" tells the
    shelling's toll, "بسيارة مفخخة استهدف حاجزا" the explosion's target; neither opens an
    incident of its own (a rule: the event's clause gives its arguments). A generic word recalled
    as background ("قصفت ... ردا على هجوم") tells an earlier event of its own."""
    harmful: dict[tuple[int, tuple[int, int], bool], list[str]] = {}
    for obs, reported in zip(article.observed, eventive, strict=True):
        if reported and obs.type not in _GENERIC and acled[obs.type].harm:
            harmful.setdefault((obs.sentence, obs.mention.clause, obs.background), []).append(obs.type)
    return [
        obs.type in _GENERIC
        and any(
            not article.compatible(kind, obs.type)
            for kind in harmful.get((obs.sentence, obs.mention.clause, obs.background), ())
        )
        for obs in article.observed
    ]
