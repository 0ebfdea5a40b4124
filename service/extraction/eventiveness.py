"""Eventiveness: does an event mention report one specific event that happened (or is planned,
threatened, denied), or does it only talk about violence?

Reactions and condemnations ("ندد بالهجوم"), generic or habitual statements, fears, purposes,
history and figurative senses use the same words as reports. A linear model learned from
annotated articles (``models/eventiveness.tsv`` in the pack, trained by
``scripts/train_models.py``) weighs the mention's features (``features.py``). One rule follows
it: a killing word in the clause of another harmful event is that event's toll.
"""

from __future__ import annotations

from collections.abc import Sequence

from .acled import AcledType
from .features import Article, eventiveness_features
from .models import LinearModel


def eventiveness(article: Article, model: LinearModel) -> list[float]:
    """The probability that each observed mention reports an event, in order."""
    return [model.score(eventiveness_features(article, obs)) for obs in article.observed]


_KILLING = "killing"


def tells_a_toll(article: Article, acled: dict[str, AcledType], eventive: Sequence[bool]) -> list[bool]:
    """Whether each mention is a killing word in the clause of a harmful event of another ACLED
    family that the article reports (``eventive``): "قصفت ... البلدة، ما أدى إلى مقتل 3 مدنيين"
    tells the shelling's toll, which opens no incident of its own (a rule: the arguments of the
    event's clause already count its dead)."""
    harmful: set[tuple[int, tuple[int, int]]] = set()
    for obs, reported in zip(article.observed, eventive, strict=True):
        other = obs.type != _KILLING and not article.compatible(obs.type, _KILLING)
        if reported and other and acled[obs.type].harm:
            harmful.add((obs.sentence, obs.mention.clause))
    return [obs.type == _KILLING and (obs.sentence, obs.mention.clause) in harmful for obs in article.observed]
