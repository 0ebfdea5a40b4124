"""Features of the learned decisions, shared by the training script and the pipeline.

An ``Observed`` mention is an event mention with what its clause says (arguments, status,
background) and where it stands in the article. ``typing_features`` and
``eventiveness_features`` describe one mention: which type does it name, does it report one
specific event? ``chain_features`` describe a later mention beside the chain of mentions of an
incident told before it: does it tell that incident again? Features are short strings
("cue:planned:before", "place:other_admin1"); the models in the pack weigh them
(``models.py``). Train/serve skew is the classic bug of learned components: this module is the
one place both sides compute them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from .arguments import Arguments
from .dates import DateMention
from .detection import EventMention
from .places import PlaceMention
from .quantities import QuantityMention
from .text import NormalizedText

_WINDOW_WORDS = 3  # words each side of the trigger that describe its context
_QUOTE = '"'
_REPORTING_CUES = frozenset({"generic"})


@dataclass(frozen=True, slots=True)
class Observed:
    """An event mention with what its clause says: everything a decision about it reads."""

    mention: EventMention
    args: Arguments
    status: str
    background: bool
    anaphoric: bool
    definite: bool
    headline: bool  # stands in the article's headline line
    places: list[PlaceMention]  # its clause's places, else its sentence's

    @property
    def sentence(self) -> int:
        return self.mention.sentence

    @property
    def type(self) -> str:
        return self.mention.type


@dataclass(frozen=True, slots=True)
class Article:
    """The article-level context the features read."""

    text: NormalizedText
    observed: list[Observed]
    families: dict[str, frozenset[str]]  # incident type -> ACLED event types it may fall in
    names: dict[int, str] = field(default_factory=dict)  # start of each token inside a name -> its kind
    by_sentence: dict[int, list[Observed]] = field(default_factory=dict)
    memo: dict[int, list[str]] = field(default_factory=dict)  # each mention's typing features, computed once

    def __post_init__(self) -> None:
        for obs in self.observed:
            self.by_sentence.setdefault(obs.sentence, []).append(obs)

    def compatible(self, a: str, b: str) -> bool:
        return not self.families[a].isdisjoint(self.families[b])


# -- eventiveness ----------------------------------------------------------------------------------


def typing_features(article: Article, obs: Observed) -> list[str]:
    """What a mention is, whatever type it was given: its word, the cues and arguments of its
    clause, where it stands and the words around it. Computed once per mention (the eventiveness
    features add what depends on the types)."""
    found = article.memo.get(obs.mention.index)
    if found is None:
        m = obs.mention
        info = m.trigger.value
        found = [
            f"lexical_type={info.type}",
            f"form={info.form}",
            f"weight={info.weight:g}",
            f"lemma={info.lemma}",
            f"aspect={info.aspect}",
            f"number={info.number}",
            f"status={obs.status}",
            *(f for f, on in _flags(obs) if on),
            *_cue_features(obs),
            *_argument_features(obs.args),
            *_position_features(article, obs),
            *_word_features(article.text, m, article.names),
            *_relative_clause(article.text, m),
        ]
        article.memo[obs.mention.index] = found
    return found


def eventiveness_features(article: Article, obs: Observed) -> list[str]:
    """Does the mention report an event: what it is, its type, and the events beside it."""
    return [f"type={obs.type}", *typing_features(article, obs), *_neighbour_features(article, obs)]


def _flags(obs: Observed) -> list[tuple[str, bool]]:
    args = obs.args
    return [
        ("definite", obs.definite),
        ("anaphoric", obs.anaphoric),
        ("background", obs.background),
        ("headline", obs.headline),
        ("no_anchor", not (args.roles or args.places or args.date or args.casualties or args.victims)),
    ]


_RELATIVES = frozenset({"التي", "الذي", "اللتي", "اللذين", "الذين", "اللواتي"})


def _cue_features(obs: Observed) -> list[str]:
    m = obs.mention
    out = []
    for cue in m.cues:
        if cue.start < m.end and m.start < cue.end:  # "تسيطر عليها": the trigger is part of a cue
            out.append(f"cue:{cue.value.cue}:on")
            continue
        side = "before" if cue.end <= m.start else "after"
        out.append(f"cue:{cue.value.cue}:{side}")
    return out


def _relative_clause(text: NormalizedText, m: EventMention) -> list[str]:
    """ "المناطق التي تسيطر عليها", "الحملات التي أطلقتها": a verb in a relative clause describes
    what is, or what was, more often than it reports."""
    tokens = text.tokens
    first = bisect_left(tokens, (m.start, -1))
    if first == 0:
        return []
    word = text.norm[slice(*tokens[first - 1])]
    return [f"relative+{m.trigger.value.aspect}"] if word in _RELATIVES else []


def _argument_features(args: Arguments) -> list[str]:
    out = []
    if args.places:
        resolved = any(p.value.admin1_pcode or p.value.country for p in args.places)
        out.append("place:resolved" if resolved else "place:unresolved")
    if args.date is not None:
        out.append(f"date:{args.date.value.precision}")
    for role, actor in args.roles:
        out.append(f"role:{role}:{actor.value.actor_type or 'unknown'}")
    for kind in args.casualties:
        out.append(f"casualties:{kind}")
    if args.victims:
        out.append("victims")
    if args.sources:
        out.append("source_in_sentence")
    return out


_SHORT_TEXT = 400  # characters: a sentence or two sent alone, not an article


def _position_features(article: Article, obs: Observed) -> list[str]:
    """Where the mention stands: the lead, later, or in a sentence sent alone (a sentence judged
    by itself, as the GSR's are, has no lead and no story around it)."""
    sentence, text = obs.sentence, article.text
    if len(text.sentences) == 1 and len(text.norm) < _SHORT_TEXT:
        out = ["short_text"]
    else:
        out = ["sentence=0" if sentence == 0 else "sentence<=2" if sentence <= 2 else "sentence>2"]
    start, end = text.sentences[sentence] if text.sentences else (0, 0)
    norm = article.text.norm
    if norm.count(_QUOTE, start, obs.mention.start) % 2 == 1:
        out.append("in_quotes")
    if norm[start:end].rstrip().endswith("?"):
        out.append("question")
    return out


def _neighbour_features(article: Article, obs: Observed) -> list[str]:
    """Other event words in the same sentence: a casualty word beside a strike is its toll."""
    out = []
    for other in article.by_sentence.get(obs.sentence, ()):
        if other is obs:
            continue
        same_family = article.compatible(other.type, obs.type)
        same_clause = other.mention.clause == obs.mention.clause
        where = "clause" if same_clause else "sentence"
        out.append(f"neighbour:{where}:{'same' if same_family else 'other'}_family")
        if not same_family:
            out.append(f"neighbour:{obs.type}+{other.type}")
    return sorted(set(out))


def _word_features(text: NormalizedText, m: EventMention, names: dict[int, str]) -> list[str]:
    """The words around the trigger (by position) and in its clause (as a bag). A word of a name
    stands as its kind ("<place>"): what is said around a town, not which town, carries over to
    articles about other places."""
    tokens = text.tokens
    first = bisect_left(tokens, (m.start, -1))
    last = bisect_left(tokens, (m.end, -1))
    norm = text.norm

    def word(i: int) -> str:
        a, b = tokens[i]
        return names.get(a) or norm[a:b]

    out = []
    for offset in range(1, _WINDOW_WORDS + 1):
        if first - offset >= 0 and tokens[first - offset][0] >= m.clause[0]:
            out.append(f"w-{offset}={word(first - offset)}")
        if last + offset - 1 < len(tokens) and tokens[last + offset - 1][1] <= m.clause[1]:
            out.append(f"w+{offset}={word(last + offset - 1)}")
    lo, hi = bisect_left(tokens, (m.clause[0], -1)), bisect_left(tokens, (m.clause[1], -1))
    bag = {word(i) for i in range(lo, hi) if tokens[i][1] - tokens[i][0] > 1 and norm[tokens[i][0]].isalpha()}
    out += [f"bag={w}" for w in sorted(bag)]
    return out


def name_tokens(text: NormalizedText, names: Sequence[tuple[int, int, str]]) -> dict[int, str]:
    """The start of every token inside a name (start, end, kind) -> "<kind>"."""
    tokens = text.tokens
    out: dict[int, str] = {}
    for start, end, kind in names:
        for i in range(bisect_left(tokens, (start, -1)), len(tokens)):
            a, b = tokens[i]
            if b > end:
                break
            out[a] = f"<{kind}>"
    return out


# -- coreference -----------------------------------------------------------------------------------


def chain_features(article: Article, chain: Sequence[Observed], later: Observed) -> list[str]:
    """Features of ``later`` re-telling the incident an earlier chain of mentions tells (of a
    compatible family): how alike their types and words, how far apart, and whether what they
    say of place, day, doers and toll agrees, conflicts or is new."""
    first, last = chain[0], chain[-1]
    b = later.mention
    types = {o.type for o in chain}
    features = [
        "same_type" if later.type in types else f"types={first.type}+{later.type}",
        "same_lemma" if b.trigger.value.lemma in {o.mention.trigger.value.lemma for o in chain} else "other_lemma",
        f"later_aspect={b.trigger.value.aspect}",
        f"later_form={b.trigger.value.form}",
        f"distance={_bucket(later.sentence - last.sentence, (0, 1, 2, 3, 5, 10))}",
        f"span={_bucket(later.sentence - first.sentence, (0, 2, 5, 10, 20))}",
        f"size={_bucket(len(chain), (1, 2, 4))}",
        f"between={_bucket(_between(article, last, later), (0, 1, 2))}",
    ]
    if last.mention.clause == b.clause:
        features.append("same_clause")
    features += [f"later:{f}" for f, on in _flags(later)[:4] if on]
    features += [f"chain:{f}" for f, on in (("background", first.background), ("headline", first.headline)) if on]
    if first.status != later.status:
        features.append(f"status={first.status}+{later.status}")
    places = [p for o in chain for p in o.places]
    features += _place_relation(places, later.places)
    features += _date_relation(next((o.args.date for o in chain if o.args.date), None), later.args.date)
    features += _actor_relation([o.args for o in chain], later.args)
    features += _toll_relation(
        next((o.args.casualties["killed"] for o in chain if "killed" in o.args.casualties), None),
        later.args.casualties.get("killed"),
    )
    if later.args.sources:
        features.append("later:source_in_sentence")
    return features


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _between(article: Article, earlier: Observed, later: Observed) -> int:
    """Mentions of a compatible family between the two: another incident may stand there."""
    lo, hi = earlier.mention.index, later.mention.index
    return sum(1 for o in article.observed[lo + 1 : hi] if article.compatible(o.type, later.type) and not o.background)


def _place_relation(a: Sequence[PlaceMention], b: Sequence[PlaceMention]) -> list[str]:
    if not a and not b:
        return ["place:none"]
    if not b:
        return ["place:later_none"]
    if not a:
        return ["place:earlier_none"]
    codes_a = {p.value.pcode for p in a if p.value.pcode}
    if codes_a & {p.value.pcode for p in b if p.value.pcode}:
        return ["place:same_unit"]
    admin_a = {p.value.admin1_pcode for p in a if p.value.admin1_pcode}
    admin_b = {p.value.admin1_pcode for p in b if p.value.admin1_pcode}
    if admin_a and admin_b:
        return ["place:same_admin1" if admin_a & admin_b else "place:other_admin1"]
    country_a = {p.value.country for p in a if p.value.country}
    country_b = {p.value.country for p in b if p.value.country}
    if country_a and country_b and not country_a & country_b:
        return ["place:other_country"]
    texts_a = {p.text for p in a}
    return ["place:same_name" if texts_a & {p.text for p in b} else "place:unresolved"]


def _date_relation(a: DateMention | None, b: DateMention | None) -> list[str]:
    if a is None or b is None:
        return ["date:later_none" if b is None else "date:earlier_none"]
    da, db = a.value, b.value
    if da.earliest is None or da.latest is None or db.earliest is None or db.latest is None:
        return ["date:unresolved"]
    if da.latest < db.earliest or db.latest < da.earliest:
        return ["date:disjoint"]
    if da.precision == db.precision == "day":
        return ["date:same_day"]
    return ["date:overlap"]


def _actor_relation(chain: Sequence[Arguments], b: Arguments) -> list[str]:
    out = []
    for role in ("perpetrator", "target"):
        ids_a = set().union(*(a.actors(role) for a in chain)) - {None}
        ids_b = b.actors(role) - {None}
        if ids_a and ids_b:
            out.append(f"{role}:{'shared' if ids_a & ids_b else 'conflict'}")
        elif ids_b:
            out.append(f"{role}:later_only")
    return out


def _toll_relation(a: QuantityMention | None, b: QuantityMention | None) -> list[str]:
    if a is None or b is None:
        return ["toll:later_only"] if b is not None else []
    same = (a.value.min, a.value.max) == (b.value.min, b.value.max)
    return ["toll:same" if same else "toll:differ"]
