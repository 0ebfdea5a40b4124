"""Eventiveness: does an event mention report one specific event that happened (or is planned,
threatened, denied), or does it only talk about violence?

Reactions and condemnations ("ندد بالهجوم"), generic or habitual statements, fears, purposes,
history and figurative senses use the same words as reports. A linear model learned from
annotated articles (``models/eventiveness.tsv`` in the pack, trained by
``scripts/train_models.py``) weighs the mention's features (``features.py``).
"""

from __future__ import annotations

from .features import Article, eventiveness_features
from .models import LinearModel


def eventiveness(article: Article, model: LinearModel) -> list[float]:
    """The probability that each observed mention reports an event, in order."""
    return [model.score(eventiveness_features(article, obs)) for obs in article.observed]
