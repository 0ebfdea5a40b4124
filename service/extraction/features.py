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

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .arguments import Arguments
from .dates import DateMention
from .detection import EventMention
from .places import PlaceInfo, PlaceMention
from .quantities import QuantityMention
from .text import NormalizedText

_WINDOW_WORDS = 3  # words each side of the trigger that describe its context
_BAG_REACH = 40  # words each side of the trigger its clause's bag holds at most (a clause may run on)
_QUOTE = '"'
_QUOTES = re.compile(_QUOTE)


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
    quoted: frozenset[str] = frozenset()  # short names in quotes in its clause that no finder knows
    # The mention's, copied once: every decision reads them, several hundred times an article
    # (a property each time cost more than making them).
    sentence: int = field(init=False)
    type: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentence", self.mention.sentence)
        object.__setattr__(self, "type", self.mention.type)


@dataclass(frozen=True, slots=True)
class Article:
    """The article-level context the features read."""

    text: NormalizedText
    observed: list[Observed]
    families: dict[str, frozenset[str]]  # incident type -> ACLED event types it may fall in
    names: dict[int, str] = field(default_factory=dict)  # start of each token inside a name -> its kind
    retells: dict[str, frozenset[str]] = field(default_factory=dict)  # as ``Knowledge.retells``
    # Each mention's typing features and type evidence (``_typing``), computed once.
    memo: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)
    # Indexes by the mentions' types: sentence -> type -> mentions, (sentence, clause) -> type ->
    # mentions, type -> the indexes of its mentions not in the background (ascending).
    # (Plain dicts of counts: a Counter per sentence and clause cost more to make than to read.)
    sentence_types: dict[int, dict[str, int]] = field(default_factory=dict)
    clause_types: dict[tuple[int, tuple[int, int]], dict[str, int]] = field(default_factory=dict)
    by_type: dict[str, list[int]] = field(default_factory=dict)
    # Indexes of the text alone.
    quotes: list[int] = field(default_factory=list)  # where the text has a quotation mark
    questions: set[int] = field(default_factory=set)  # the sentences that end in a question mark
    words: list[str] = field(default_factory=list)  # each token as word features read it
    bag_features: list[str | None] = field(default_factory=list)  # each token's "bag=" feature, if any
    # The sorted bag of each span of tokens (lo, hi) read: the mentions of a clause share theirs.
    bags: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    # Each mention's window (``_window``, by index): typing and coreference both read it.
    windows: dict[int, tuple[tuple[str, ...], int, int]] = field(default_factory=dict)
    # Type -> the indexes of the mentions of a compatible type not in the background (ascending),
    # and each mention's side of ``chain_features`` (by index): read for every pair compared.
    compatible_indexes: dict[str, list[int]] = field(default_factory=dict, init=False)
    later_sides: dict[int, LaterSide] = field(default_factory=dict, init=False)
    first_tokens: list[int] = field(default_factory=list, init=False)  # each sentence's first token (``_first_token``)

    def __post_init__(self) -> None:
        if not self.words:  # what the text alone gives, computed once (``retype`` hands it on)
            norm = self.text.norm
            words, bag = _token_words(self.text, self.names)
            self.words.extend(words)
            self.bag_features.extend(bag)
            self.quotes.extend(m.start() for m in _QUOTES.finditer(norm))
            self.questions.update(i for i, (a, b) in enumerate(self.text.sentences) if _is_question(norm, a, b))
        in_sentence, in_clause = self.sentence_types, self.clause_types
        for obs in self.observed:
            kind = obs.type
            counts = in_sentence.setdefault(obs.sentence, {})
            counts[kind] = counts.get(kind, 0) + 1
            counts = in_clause.setdefault((obs.sentence, obs.mention.clause), {})
            counts[kind] = counts.get(kind, 0) + 1
            if not obs.background:
                self.by_type.setdefault(kind, []).append(obs.mention.index)

    def compatible(self, a: str, b: str) -> bool:
        return not self.families[a].isdisjoint(self.families[b])

    def may_retell(self, told: str, later: str) -> bool:
        """Whether a mention of type ``later`` may tell again an incident first told as ``told``:
        one of a compatible family, or of a family its generic words name too ("الهجوم" after
        "غارات")."""
        return self.compatible(told, later) or not self.families[told].isdisjoint(self.retells.get(later, ()))

    def compatible_between(self, earlier: Observed, later: Observed) -> int:
        """Mentions of a family compatible with ``later``'s between the two, background aside:
        another incident may stand there."""
        lo, hi = earlier.mention.index + 1, later.mention.index
        indexes = self.compatible_indexes.get(later.type)
        if indexes is None:
            of_kinds = [found for kind, found in self.by_type.items() if self.compatible(kind, later.type)]
            indexes = self.compatible_indexes[later.type] = sorted(i for found in of_kinds for i in found)
        return max(0, bisect_left(indexes, hi) - bisect_left(indexes, lo))

    def later_side(self, later: Observed) -> LaterSide:
        side = self.later_sides.get(later.mention.index)
        if side is None:
            side = self.later_sides[later.mention.index] = LaterSide.of(self, later)
        return side


def _is_question(norm: str, start: int, end: int) -> bool:
    return norm[start:end].rstrip().endswith("?")


# -- eventiveness ----------------------------------------------------------------------------------

_NO_SCORES: Mapping[int, float | None] = MappingProxyType({})  # an article's: no sentence scored


def typing_features(article: Article, obs: Observed) -> list[str]:
    """What a mention is, whatever type it was given: its word, the cues and arguments of its
    clause, where it stands and the words around it. Computed once per mention (the eventiveness
    features add what depends on the types)."""
    return _typing(article, obs)[0]


def type_evidence(article: Article, obs: Observed) -> list[str]:
    """The typing features a mention's type is chosen from: all but the cues of talk (a call, a
    plan, a warning or a denial say whether an event is told, not which kind it is)."""
    return _typing(article, obs)[1]


def _typing(article: Article, obs: Observed) -> tuple[list[str], list[str]]:
    """A mention's typing features and its type evidence, both computed once (``Article.memo``).
    Only the cue features may be talk cues, so only they are filtered for the evidence."""
    found = article.memo.get(obs.mention.index)
    if found is None:
        m = obs.mention
        info = m.trigger.value
        head = [
            f"lexical_type={info.type}",
            f"form={info.form}",
            f"weight={info.weight:g}",
            f"lemma={info.lemma}",
            f"aspect={info.aspect}",
            f"number={info.number}",
            f"status={obs.status}",
            *(f for f, on in _flags(obs) if on),
        ]
        cues = _cue_features(obs)
        tail = [
            *_argument_features(obs.args),
            *_position_features(article, obs),
            *_word_features(article, m),
            *_relative_clause(article, m),
            *_proclitic(article, m),
        ]
        features = head + cues + tail
        kept = [f for f in cues if not f.startswith(_TALK_CUE_FEATURES)]
        found = article.memo[m.index] = (features, features if len(kept) == len(cues) else head + kept + tail)
    return found


def eventiveness_features(
    article: Article, obs: Observed, sentence_scores: Mapping[int, float | None] = _NO_SCORES
) -> list[str]:
    """Does the mention report an event: what it is, its type, and the events beside it; in a
    sentence sent alone, what the sentence reads like (``sentence_scores``, by mention index:
    ``eventiveness.score_sentences``)."""
    features = [f"type={obs.type}", *typing_features(article, obs), *_neighbour_features(article, obs)]
    index = obs.mention.index
    if index not in sentence_scores:  # an article's mention
        return features
    score = sentence_scores[index]
    features.append(f"short:{obs.type}")  # a sentence sent alone: how often each type reports one there
    if score is None:  # of a type the sentence model does not know
        return [*features, "sentence_score:none"]
    if any(cue.value.cue in _TALK_CUES for cue in obs.mention.cues):
        return [*features, "sentence_score:talk"]
    return features + [feature for floor, feature in _SENTENCE_SCORES if score >= floor]


# Cues that say a mention is talk, a plan or a denial ("من حين لآخر", "إذا", "نفى"): how the
# sentence reads as a whole does not outweigh them, so they leave its score out.
_TALK_CUES = frozenset({"generic", "planned", "threatened", "denied"})
_TALK_CUE_FEATURES = tuple(f"cue:{cue}:" for cue in sorted(_TALK_CUES))


# What a sentence sent alone reads like (the sentence model's probability): one feature per
# tenth it reaches, so that a likelier sentence adds to what a less likely one has.
_SENTENCE_SCORES = tuple((i / 10, f"sentence_score>={i / 10:g}") for i in range(10))


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


# "قتلى وجرحى" (one figure for both) reads as the two words it joins: a killed and an injured cue
_CUE_FEATURES = {"mixed": ("killed", "injured")}
# Cues that only say who is who ("تعرض ل": its subject was hit) or which place is a reference point
# ("تطل على") tell nothing of what the event is.
_ROLE_ONLY_CUES = frozenset({"exposed", "landmark"})


def _cue_features(obs: Observed) -> list[str]:
    m = obs.mention
    out = []
    for cue in m.cues:
        name = cue.value.cue
        if name in _ROLE_ONLY_CUES:
            continue
        # "on": the trigger is part of the cue ("تسيطر عليها")
        on = cue.start < m.end and m.start < cue.end
        side = "on" if on else "before" if cue.end <= m.start else "after"
        for kind in _CUE_FEATURES.get(name, (name,)):
            out.append(f"cue:{kind}:{side}")
    return out


def _relative_clause(article: Article, m: EventMention) -> list[str]:
    """ "المناطق التي تسيطر عليها", "الحملات التي أطلقتها": a verb in a relative clause describes
    what is, or what was, more often than it reports."""
    first, text = _window(article, m)[1], article.text  # the trigger's token, found once per mention
    if first == 0:
        return []
    word = text.norm[slice(*text.tokens[first - 1])]
    return [f"relative+{m.trigger.value.aspect}"] if word in _RELATIVES else []


def _proclitic(article: Article, m: EventMention) -> list[str]:
    """What is glued before the trigger: "لاستعادة", "للسيطرة" (ل: a purpose, not an event),
    "بقصف" (ب: the means of another), "والقصف"."""
    tokens = article.text.tokens
    at = _window(article, m)[1]  # the trigger's token
    if not tokens or tokens[at][0] >= m.start:
        return []
    return [f"clitic={article.text.norm[tokens[at][0] : m.start]}"]


def _trigger_token(text: NormalizedText, m: EventMention) -> int:
    """The index of the token the trigger starts in (a glued one, "والقصف", starts before it)."""
    return max(0, text.token_index(m.start))


def _argument_features(args: Arguments) -> list[str]:
    out = []
    if args.places:
        resolved = any(p.value.admin1_pcode or p.value.country for p in args.places)
        out.append("place:resolved" if resolved else "place:unresolved")
    if args.date is not None:
        out += [f"date:{args.date.value.precision}", *_date_span(args.date)]
    for role, actor in args.roles:
        out.append(f"role:{role}:{actor.value.actor_type or 'unknown'}")
    for kind in args.casualties:
        out.append(f"casualties:{kind}")
    if args.victims:
        out.append("victims")
    if args.sources:
        out.append("source_in_sentence")
    return out


# How long a resolved date's window lasts: a day or a few is one event's; weeks or months are
# a tally's ("قتلت 3042 ... خلال 10 أشهر", "20 هجوما منذ 17 تشرين الأول").
_SPANS = ((0, "day"), (3, "days"), (8, "week"), (31, "month"))


def _date_span(date: DateMention) -> list[str]:
    earliest, latest = date.value.earliest, date.value.latest
    if earliest is None or latest is None:
        return []
    days = (latest - earliest).days
    return [f"date_span:{next((name for most, name in _SPANS if days <= most), 'months')}"]


_SHORT_TEXT = 400  # characters: a sentence or two sent alone, not an article


def is_short_text(text: NormalizedText) -> bool:
    """A sentence sent alone: one sentence, shorter than an article's lead."""
    return len(text.sentences) == 1 and len(text.norm) < _SHORT_TEXT


def _position_features(article: Article, obs: Observed) -> list[str]:
    """Where the mention stands: the lead, later, or in a sentence sent alone (a sentence judged
    by itself, as the GSR's are, has no lead and no story around it)."""
    sentence, text = obs.sentence, article.text
    if is_short_text(text):
        out = ["short_text"]
    else:
        out = ["sentence=0" if sentence == 0 else "sentence<=2" if sentence <= 2 else "sentence>2"]
    start = text.sentences[sentence][0] if text.sentences else 0
    if (bisect_left(article.quotes, obs.mention.start) - bisect_left(article.quotes, start)) % 2 == 1:
        out.append("in_quotes")
    if sentence in article.questions:
        out.append("question")
    return out


_NO_TYPES: dict[str, int] = {}  # read only


def _neighbour_features(article: Article, obs: Observed) -> list[str]:
    """Other event words in the same sentence: a casualty word beside a strike is its toll.
    Read from the sentence's and the clause's counts of each type, the mention itself aside."""
    in_sentence = article.sentence_types.get(obs.sentence, _NO_TYPES)
    in_clause = article.clause_types.get((obs.sentence, obs.mention.clause), _NO_TYPES)
    out = set()
    for kind, count in in_sentence.items():
        mine = int(kind == obs.type)
        here = in_clause.get(kind, 0) - mine
        same_family = article.compatible(kind, obs.type)
        for where, present in (("clause", here > 0), ("sentence", count - mine - here > 0)):
            if present:
                out.add(f"neighbour:{where}:{'same' if same_family else 'other'}_family")
                if not same_family:
                    out.add(f"neighbour:{obs.type}+{kind}")
    # The only event word of its sentence: a killing told alone is its own event, not the toll of another
    return sorted(out) if out else [f"alone:{obs.type}"]


def _word_features(article: Article, m: EventMention) -> list[str]:
    """The words around the trigger (by position) and in its clause (as a bag). A word of a name
    stands as its kind ("<place>"): what is said around a town, not which town, carries over to
    articles about other places."""
    starts = article.text.token_starts
    window, first, last = _window(article, m)
    out = list(window)
    lo = max(bisect_left(starts, m.clause[0]), first - _BAG_REACH)
    hi = min(bisect_left(starts, m.clause[1]), last + _BAG_REACH)
    bag = article.bags.get((lo, hi))
    if bag is None:
        found = set(article.bag_features[lo:hi])
        found.discard(None)
        bag = article.bags[lo, hi] = sorted(found)  # type: ignore[arg-type]
    out += bag
    return out


_BEFORE = tuple(f"w-{offset}=" for offset in range(_WINDOW_WORDS + 1))  # the feature's prefix by offset
_AFTER = tuple(f"w+{offset}=" for offset in range(_WINDOW_WORDS + 1))


def _window(article: Article, m: EventMention) -> tuple[tuple[str, ...], int, int]:
    """The words around the trigger within its clause, and the trigger's first token and the
    token after it (computed once per mention)."""
    found = article.windows.get(m.index)
    if found is not None:
        return found
    tokens, words = article.text.tokens, article.words
    first = _trigger_token(article.text, m)
    last = bisect_left(article.text.token_starts, m.end)
    clause_start, clause_end = m.clause
    out = []
    for offset in range(1, _WINDOW_WORDS + 1):
        if first - offset >= 0 and tokens[first - offset][0] >= clause_start:
            out.append(_BEFORE[offset] + words[first - offset])
        if last + offset - 1 < len(tokens) and tokens[last + offset - 1][1] <= clause_end:
            out.append(_AFTER[offset] + words[last + offset - 1])
    found = article.windows[m.index] = (tuple(out), first, last)
    return found


def _token_words(text: NormalizedText, names: dict[int, str]) -> tuple[list[str], list[str | None]]:
    """Each token as the word features read it (a name's as its kind), and its bag feature (none
    for a letter alone or what is not a word)."""
    norm = text.norm
    words = [names.get(a) or norm[a:b] for a, b in text.tokens]
    bag = [
        f"bag={w}" if b - a > 1 and norm[a].isalpha() else None for w, (a, b) in zip(words, text.tokens, strict=True)
    ]
    return words, bag


def name_tokens(text: NormalizedText, names: Sequence[tuple[int, int, str]]) -> dict[int, str]:
    """The start of every token inside a name (start, end, kind) -> "<kind>"."""
    tokens, starts = text.tokens, text.token_starts
    out: dict[int, str] = {}
    for start, end, kind in names:
        label = f"<{kind}>"
        for i in range(bisect_left(starts, start), len(tokens)):
            a, b = tokens[i]
            if b > end:
                break
            out[a] = label
    return out


# -- coreference -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Chain:
    """The mentions of one incident so far, with what ``chain_features`` reads of them kept up to
    date as mentions join: comparing a mention with a chain costs the same however long it is."""

    observed: list[Observed]
    types: set[str]
    lemmas: set[str]
    places: Places
    date: DateMention | None  # the first the chain gives
    actors: dict[str, set[str]]  # role -> actor ids
    killed: QuantityMention | None  # the first toll the chain gives
    quoted: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, mentions: Sequence[Observed]) -> Chain:
        chain = cls([], set(), set(), Places(), None, {role: set() for role in _ROLES}, None)
        for obs in mentions:
            chain.add(obs)
        return chain

    def add(self, obs: Observed) -> None:
        self.observed.append(obs)
        self.types.add(obs.type)
        self.lemmas.add(lemma_head(obs.mention.trigger.value.lemma))
        self.places.add(obs.places)
        self.date = self.date or obs.args.date
        _add_actor_ids(self.actors, obs.args)
        if self.killed is None:
            self.killed = obs.args.casualties.get("killed")
        self.quoted |= obs.quoted


@dataclass(slots=True)
class Places:
    """What place relations read of a set of place mentions."""

    count: int = 0
    pcodes: set[str] = field(default_factory=set)
    admin1: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, places: Sequence[PlaceMention]) -> Places:
        out = cls()
        out.add(places)
        return out

    def add(self, places: Sequence[PlaceMention]) -> None:
        for p in places:
            self.count += 1
            self.names.add(p.text)
            unit = _unit(p.value)
            if unit is not None:
                self.pcodes.add(unit)
            if p.value.admin1_pcode:
                self.admin1.add(p.value.admin1_pcode)
            if p.value.country:
                self.countries.add(p.value.country)


def _unit(place: PlaceInfo) -> str | None:
    """A town or district the place names (a country or a province is no unit): in Syria its
    P-code; abroad, where the gazetteer places a town in its province, its GeoNames id."""
    if place.pcode and (place.admin_level or 0) >= 2:
        return place.pcode
    if place.geonames_id is not None and place.admin_level == 1 and place.name_en != place.admin1_en:
        return f"geonames:{place.geonames_id}"
    return None


@dataclass(frozen=True, slots=True)
class LaterSide:
    """What ``chain_features`` reads of the later mention alone: the same for every chain it
    is compared with, so computed once per mention (``Article.later_side``)."""

    lemma: str
    trigger: list[str]  # its aspect and form
    flags: list[str]
    places: Places
    actors: dict[str, set[str]]  # role -> actor ids
    tail: list[str]  # a source in its sentence, the words beside its trigger

    @classmethod
    def of(cls, article: Article, later: Observed) -> LaterSide:
        info = later.mention.trigger.value
        tail = ["later:source_in_sentence"] if later.args.sources else []
        # The words beside the trigger: "تفجير مماثل", "هجوم آخر" tell another event; "الهجوم نفسه" this one.
        # (Of its typing features, read from the window alone.)
        window = _window(article, later.mention)[0]
        tail += [f"later_{f}" for f in window if f.startswith(_NEIGHBOUR_WORDS)]
        tail += _sentence_opening(article, later)
        # A sound heard ("سماع دوي انفجارات") is what witnesses perceived of an event, often one told.
        if any(cue.value.cue == "heard" for cue in later.mention.cues):
            tail.append("later:heard")
        return cls(
            lemma=lemma_head(info.lemma),
            trigger=[f"later_aspect={info.aspect}", f"later_form={info.form}"],
            flags=[f"later:{f}" for f, on in _flags(later)[:4] if on],
            places=Places.of(later.places),
            actors=_add_actor_ids({role: set() for role in _ROLES}, later.args),
            tail=tail,
        )


def lemma_head(lemma: str) -> str:
    """A phrase's lemma by its first word: "غارة جوية" re-told as "الغارة" is the same word."""
    return lemma.split(" ", 1)[0]


_ROLES = ("perpetrator", "target")


def _add_actor_ids(ids_by_role: dict[str, set[str]], args: Arguments) -> dict[str, set[str]]:
    """Add the actor ids (None aside) of each role of ``ids_by_role`` that ``args`` name: one
    pass over the roles, where ``args.actors(role)`` makes one per role."""
    for role, actor in args.roles:
        ids = ids_by_role.get(role)
        if ids is not None and actor.value.actor_id is not None:
            ids.add(actor.value.actor_id)
    return ids_by_role


def chain_features(article: Article, chain: Chain, later: Observed) -> list[str]:
    """Features of ``later`` re-telling the incident an earlier chain of mentions tells (of a
    compatible family): how alike their types and words, how far apart, and whether what they
    say of place, day, doers and toll agrees, conflicts or is new."""
    first, last = chain.observed[0], chain.observed[-1]
    own = article.later_side(later)
    features = [
        "same_type" if later.type in chain.types else f"types={first.type}+{later.type}",
        "same_lemma" if own.lemma in chain.lemmas else "other_lemma",
        *own.trigger,
        _DISTANCE.of(later.sentence - last.sentence),
        _SPAN.of(later.sentence - first.sentence),
        _SIZE.of(len(chain.observed)),
        _BETWEEN.of(article.compatible_between(last, later)),
    ]
    if last.mention.clause == later.mention.clause:
        features.append("same_clause")
    if last.sentence == later.sentence:
        features += _words_between(article, last, later)
    elif _opening(article, last.sentence) == _opening(article, later.sentence):
        features.append("parallel_opening")  # a list of like reports ("واستهدفت ..." again): another event
    features += own.flags
    if first.background:
        features.append("chain:background")
    if first.headline:
        features.append("chain:headline")
    if first.status != later.status:
        features.append(f"status={first.status}+{later.status}")
    features.append(_place_relation(chain.places, own.places))
    if later.quoted:  # a list of like claims names each target in quotes ("ثكنة «برانيت»")
        features.append(
            "quoted:shared" if later.quoted & chain.quoted else "quoted:other" if chain.quoted else "quoted:later_only"
        )
    features.append(_date_relation(chain.date, later.args.date))
    features += _actor_relation(chain.actors, own.actors)
    toll = _toll_relation(chain.killed, later.args.casualties.get("killed"))
    if toll is not None:
        features.append(toll)
    if later.definite:
        features += [f"told:{f}" for f in features if f.startswith(_TOLD_AGAIN)]
    features += own.tail
    return features


# A definite later mention ("الاشتباكات", "القصف") names an event the reader knows: what it says of
# place, day, toll and wording weighs otherwise than an indefinite one's, so these comparisons
# are read twice, once as they are and once as a definite mention's ("told:").
_TOLD_AGAIN = ("place:", "date:", "toll:", "same_", "other_")
_BETWEEN_WORDS = 5  # words between two mentions of a sentence that features read, at most


def _words_between(article: Article, earlier: Observed, later: Observed) -> list[str]:
    """The words between the chain's last mention and a later one in its sentence: "و" joins
    two sides of one event, "بعد", "ثم", "إثر" order two events; more words than a few, a far pair."""
    lo = bisect_left(article.text.token_starts, earlier.mention.end)
    hi = _window(article, later.mention)[1]  # the later trigger's token
    if hi - lo > _BETWEEN_WORDS:
        return ["between_far"]
    return [f"between_w={article.words[i]}" for i in range(lo, hi)]


_NEIGHBOUR_WORDS = ("w+1=", "w+2=", "w-1=", "w-2=")
_OPENING_WORDS = 2


def _first_token(article: Article, sentence: int) -> int:
    """The index of a sentence's first token (each sentence's found once: pairs of mentions read them)."""
    firsts = article.first_tokens
    if not firsts:
        starts = article.text.token_starts
        firsts.extend(bisect_left(starts, start) for start, _ in article.text.sentences)
    return firsts[sentence]


def _opening(article: Article, sentence: int) -> str:
    """The first word of a sentence."""
    first = _first_token(article, sentence)
    return article.words[first] if first < len(article.words) else ""


def _sentence_opening(article: Article, later: Observed) -> list[str]:
    """The first words of the later mention's sentence: a connective that turns to another
    event ("وفي", "من جهة أخرى", "كما") or goes on with this one ("وأسفر", "وقال")."""
    first, words = _first_token(article, later.sentence), article.words
    return [f"later_open{i}={words[first + i]}" for i in range(_OPENING_WORDS) if first + i < len(words)]


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


class _Buckets:
    """The features "name=<bucket>" of every value, spelled once: compared pairs read them by index."""

    def __init__(self, name: str, edges: tuple[int, ...]) -> None:
        # Index i holds the feature of value i; the first stands for all below, the last for all above.
        self.features = tuple(f"{name}={_bucket(value, edges)}" for value in range(edges[-1] + 2))

    def of(self, value: int) -> str:
        features = self.features
        if value < len(features):
            return features[value] if value > 0 else features[0]
        return features[-1]


_DISTANCE = _Buckets("distance", (0, 1, 2, 3, 5, 10))
_SPAN = _Buckets("span", (0, 2, 5, 10, 20))
_SIZE = _Buckets("size", (1, 2, 4))
_BETWEEN = _Buckets("between", (0, 1, 2))


def _place_relation(a: Places, b: Places) -> str:
    if not a.count and not b.count:
        return "place:none"
    if not b.count:
        return "place:later_none"
    if not a.count:
        return "place:earlier_none"
    if not a.pcodes.isdisjoint(b.pcodes):
        return "place:same_unit"
    if a.admin1 and b.admin1:
        if a.admin1.isdisjoint(b.admin1):
            return "place:other_admin1"
        return "place:other_town" if a.pcodes and b.pcodes else "place:same_admin1"
    if a.countries and b.countries and a.countries.isdisjoint(b.countries):
        return "place:other_country"
    return "place:same_name" if not a.names.isdisjoint(b.names) else "place:unresolved"


def _date_relation(a: DateMention | None, b: DateMention | None) -> str:
    if a is None or b is None:
        return "date:later_none" if b is None else "date:earlier_none"
    da, db = a.value, b.value
    if da.earliest is None or da.latest is None or db.earliest is None or db.latest is None:
        return "date:unresolved"
    if da.latest < db.earliest or db.latest < da.earliest:
        return "date:disjoint"
    if da.precision == db.precision == "day":
        return "date:same_day"
    return "date:overlap"


# Role -> its features when both name doers (or targets) and share one, share none, or the later alone names one.
_ACTOR_RELATIONS = {role: (f"{role}:shared", f"{role}:conflict", f"{role}:later_only") for role in _ROLES}


def _actor_relation(chain: dict[str, set[str]], later: dict[str, set[str]]) -> list[str]:
    out = []
    for role, ids_a in chain.items():
        ids_b = later[role]
        if ids_b:
            shared, conflict, later_only = _ACTOR_RELATIONS[role]
            out.append((shared if not ids_a.isdisjoint(ids_b) else conflict) if ids_a else later_only)
    return out


def _toll_relation(a: QuantityMention | None, b: QuantityMention | None) -> str | None:
    if a is None or b is None:
        return "toll:later_only" if b is not None else None
    same = (a.value.min, a.value.max) == (b.value.min, b.value.max)
    return "toll:same" if same else "toll:differ"
