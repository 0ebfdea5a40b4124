"""Coreference: which event mentions tell the same incident.

Mentions are read in text order; each joins the incident told before it that it may tell again
(of a compatible type, or one its generic words name: "الهجوم" after "غارات") and that a
learned mention-incident model (``models/coreference.tsv``, trained on the mention chains of
annotated articles) scores highest, when it is sure enough that they tell one event, else it
opens a new incident (best-first linking). The lead repeated in the
body, a toll update, a statement or a denial about an attack join it; another day or another
place opens a new one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from .features import Article, Chain, Observed, chain_features
from .models import LinearModel

RECENT_INCIDENTS = 12  # how many of the latest incidents a mention is compared with
ANAPHOR_REACH = 2  # sentences back that "هذه الغارات" may point
# A mention that opens no incident supports one at this share of the coreference threshold
# (cross-validated on corpus2/train, slot accuracy rises as the share falls from a half to a
# tenth, the incidents found unchanged).
SUPPORT_SHARE = 0.25


def chains(article: Article, eventive: Sequence[bool], model: LinearModel) -> list[list[Observed]]:
    """The incidents as chains of observed mentions, each in text order, ordered by first mention.
    A headline announces what the body reports: its incident joins the first of the body's of a
    compatible type."""
    incidents: list[list[Observed]] = []
    for obs, _, joined in link(article, eventive, model):
        if joined == len(incidents):
            incidents.append([obs])
        else:
            incidents[joined].append(obs)
    return _fold_headline(article, incidents)


def link(
    article: Article, eventive: Sequence[bool], model: LinearModel
) -> Iterator[tuple[Observed, list[tuple[int, list[str]]], int]]:
    """Each mention that reports an event, in text order, with the incidents it was compared with
    (their index in order of opening, and the features read) and the index of the one it joined,
    or opened (the next index). Training reads the comparisons too: the model learns from the
    chains it builds itself, as it will meet them (``scripts/train_models.py``)."""
    incidents: list[Chain] = []
    for obs, keep in zip(article.observed, eventive, strict=True):
        if not keep:
            continue
        # A demonstrative ("هذه الغارات") points back: it joins an incident it can reach, however sure.
        best, best_score = len(incidents), 0.0 if obs.anaphoric else model.threshold
        compared = []
        for k in range(max(0, len(incidents) - RECENT_INCIDENTS), len(incidents)):
            chain = incidents[k]
            if not article.may_retell(chain.observed[0].type, obs.type):
                continue
            if obs.anaphoric and obs.sentence - chain.observed[-1].sentence > ANAPHOR_REACH:
                continue
            features = chain_features(article, chain, obs)
            compared.append((k, features))
            score = model.score(features)
            if score >= best_score:
                best, best_score = k, score
        if best == len(incidents):
            incidents.append(Chain.of([obs]))
        else:
            incidents[best].add(obs)
        yield obs, compared, best


def supporting(article: Article, incidents: list[list[Observed]], model: LinearModel) -> dict[int, list[Observed]]:
    """Mentions that open no incident (not sure enough to, or another event's word) that tell one
    again all the same ("وأسفرت الغارات عن مقتل خمسة"): by incident (its index), those the model
    joins to it at SUPPORT_SHARE of its threshold, however unsure their eventiveness (a toll's
    word beside its strike is no event of its own, and just what the strike needs). They add
    what they say (a toll, a place, a doer), never an incident: a wrong join costs a slot at
    most, a missed one the slot it fills, so the bar is lower than for joining an incident."""
    opened = {id(o) for chain in incidents for o in chain}
    summaries: dict[int, Chain] = {}  # by incident, made when a mention is first compared with it (most never are)
    # Incidents by where they are first told (a headline folded into the body's moves it first).
    order = sorted(range(len(incidents)), key=lambda i: (incidents[i][0].mention.start, i))
    starts = [incidents[i][0].mention.start for i in order]
    bar = model.threshold * SUPPORT_SHARE
    found: dict[int, list[Observed]] = {}
    for obs in article.observed:
        if id(obs) in opened:
            continue
        earlier = _latest_retold(article, incidents, order, bisect_left(starts, obs.mention.start), obs)
        scored = [(model.score(chain_features(article, _summary(summaries, incidents, i), obs)), i) for i in earlier]
        best = max(scored, default=None)
        if best is not None and best[0] >= bar:
            found.setdefault(best[1], []).append(obs)
    return found


def _summary(summaries: dict[int, Chain], incidents: list[list[Observed]], i: int) -> Chain:
    summary = summaries.get(i)
    if summary is None:
        summary = summaries[i] = Chain.of(incidents[i])
    return summary


def _latest_retold(
    article: Article, incidents: list[list[Observed]], order: Sequence[int], before: int, obs: Observed
) -> list[int]:
    """Of the incidents first told before the mention (the first ``before`` of ``order``, the
    incidents in text order), the last RECENT_INCIDENTS the mention may tell again."""
    out: list[int] = []
    for i in (order[k] for k in range(before - 1, -1, -1)):
        if article.may_retell(incidents[i][0].type, obs.type):
            out.append(i)
            if len(out) == RECENT_INCIDENTS:
                break
    return out


def _fold_headline(article: Article, incidents: list[list[Observed]]) -> list[list[Observed]]:
    kept: list[list[Observed]] = []
    for chain in incidents:
        if all(o.headline for o in chain):
            body = next(
                (
                    c
                    for c in incidents
                    if not all(o.headline for o in c) and article.compatible(c[-1].type, chain[0].type)
                ),
                None,
            )
            if body is not None:
                body[:0] = chain  # the headline first, as in the text; the evidence stays the body's
                continue
        kept.append(chain)
    return kept
