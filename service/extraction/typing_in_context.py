"""Type in context: which incident type a mention names, read from its clause.

The lexicon gives each word a type, and instrument words sharpen it (``detection.py``), but the
same word names different events: "هجوم" an attack on a checkpoint or a whole offensive,
"استهدف" a rocket strike or a raid, "معركة" a clash or a campaign. A multinomial model learned
from annotated articles (``models/typing.tsv``) chooses among all types from the mention's
features; it replaces the lexicon's type when it is sure enough, but for one rule: an armed
group without aircraft makes no air strike unless its clause names aircraft.
"""

from __future__ import annotations

import dataclasses

from .features import Article, Observed, type_evidence
from .models import ChoiceModel


def retype(article: Article, model: ChoiceModel) -> Article:
    """The article with each mention's type chosen in context (the same object when none changes)."""
    changed = False
    observed: list[Observed] = []
    choices = model.choose_all([type_evidence(article, obs) for obs in article.observed])
    for obs, (chosen, probability) in zip(article.observed, choices, strict=True):
        if chosen != obs.type and probability >= model.threshold and not _grounded(obs, chosen):
            obs = dataclasses.replace(obs, mention=dataclasses.replace(obs.mention, type=chosen))
            changed = True
        observed.append(obs)
    if not changed:
        return article
    # The indexes by type are rebuilt for the new types; those of the text alone are handed on.
    return dataclasses.replace(article, observed=observed, sentence_types={}, clause_types={}, by_type={})


# Armed groups without an air force: a strike they carry out is no air strike unless the clause
# names aircraft ("استهدفت الفصائل مواقع النظام" is their attack, whatever "استهدف" usually is).
_GROUNDED = frozenset({"rebel_group", "political_militia", "identity_militia"})


def _grounded(obs: Observed, chosen: str) -> bool:
    """An air strike chosen for a doer that flies no warplanes, with no aircraft in the clause."""
    if chosen != "airstrike" or any(cue.value.cue == "airstrike" for cue in obs.mention.cues):
        return False
    doers = [a.value.actor_type for role, a in obs.args.roles if role == "perpetrator"]
    return bool(doers) and all(kind in _GROUNDED for kind in doers)
