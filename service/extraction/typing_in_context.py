"""Type in context: which incident type a mention names, read from its clause.

The lexicon gives each word a type, and instrument words sharpen it (``detection.py``), but the
same word names different events: "هجوم" an attack on a checkpoint or a whole offensive,
"استهدف" a rocket strike or a raid, "معركة" a clash or a campaign. A multinomial model learned
from annotated articles (``models/typing.tsv``) chooses among all types from the mention's
features; it replaces the lexicon's type when it is sure enough.
"""

from __future__ import annotations

import dataclasses

from .features import Article, Observed, typing_features
from .models import ChoiceModel


def retype(article: Article, model: ChoiceModel) -> Article:
    """The article with each mention's type chosen in context (the same object when none changes)."""
    changed = False
    observed: list[Observed] = []
    choices = model.choose_all([typing_features(article, obs) for obs in article.observed])
    for obs, (chosen, probability) in zip(article.observed, choices, strict=True):
        if chosen != obs.type and probability >= model.threshold:
            obs = dataclasses.replace(obs, mention=dataclasses.replace(obs.mention, type=chosen))
            changed = True
        observed.append(obs)
    if not changed:
        return article
    # The indexes by type are rebuilt for the new types; those of the text alone are handed on.
    return dataclasses.replace(article, observed=observed, sentence_types={}, clause_types={}, by_type={})
