"""Attributions: who a report comes from ("مصادر محلية", "المرصد السوري", "أحمد، أحد سكان المنطقة").

The span is the source noun phrase, never the reporting verb. the pack's ``sources.tsv`` lists the
phrases and their kinds; the rules here join what belongs together:

- a head and the name after it: "شبكة “عين الفرات”", "مراسل SY24", "مصدر في الدفاع المدني"
  (the kind is then the named body's);
- a resident's name and the descriptor after it: "أحمد، أحد سكان المنطقة",
  "“أحمد” وهو أحد سكان المنطقة", "قال محمد العلي أحد أهالي القرية";
- "هذه المصادر" / "المصدر" (with the article) take the kind of the last source.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import msgspec

from .matcher import Matcher
from .mention import Mention, Projection, mention
from .model import Attribution, SourceEntity, SourceKind
from .pack import Pack
from .text import NormalizedText

_ARTICLE = "ال"
_QUOTE = '"'
_LOOK_BACK = 16  # tokens looked at before a descriptor: name, quotes, "(اسم مستعار)", "، وهو"
_MAX_QUOTED = 40  # characters of a quoted name or outlet


class SourceInfo(msgspec.Struct, frozen=True):
    """What kind of source an attribution names."""

    kind: SourceKind
    generic: bool = False  # "هذه المصادر": a reference back to the last source


SourceMention = Mention[SourceInfo]


_SOURCE_ENTITY = Projection(SourceInfo, SourceEntity)


def to_entity(m: SourceMention) -> SourceEntity:
    return _SOURCE_ENTITY(m, source_kind=m.value.kind)


_ATTRIBUTION = Projection(SourceInfo, Attribution)


def to_attribution(m: SourceMention) -> Attribution:
    return _ATTRIBUTION(m)


class _Entry(NamedTuple):
    role: str  # phrase | head | position_head | reporter | descriptor | anaphor | channel
    kind: SourceKind | None
    definite: bool  # registered without its article: applies only when the article is there


class SourceLexicon(NamedTuple):
    matcher: Matcher[_Entry]
    cues: frozenset[str]
    connectors: frozenset[str]
    name_prefixes: frozenset[str]
    appositions: frozenset[str]
    attributions: frozenset[str] = frozenset()
    cue_prepositions: frozenset[str] = frozenset()


def _forms(value: str) -> list[str]:
    return [f for f in value.split("|") if f and f != "-"]


# The roles whose forms are plain words, in the order of SourceLexicon's word sets.
_WORD_ROLES = ("cue", "connector", "name_prefix", "apposition", "attribution", "cue_preposition")
_ROLES = frozenset({"phrase", "head", "position_head", "reporter", "descriptor", "anaphor", "channel", *_WORD_ROLES})
_KINDS = frozenset({"local_sources", "resident", "official", "outlet", "monitor", "military_statement", "media", "-"})


def build_source_lexicon(pack: Pack) -> SourceLexicon:
    words: dict[str, set[str]] = {}
    keys: list[tuple[str, _Entry]] = []
    for row in pack.rows("sources.tsv", columns=("role", "kind", "forms")):
        if row["role"] not in _ROLES or row["kind"] not in _KINDS:
            raise pack.fail(row, f"unknown role {row['role']!r} or kind {row['kind']!r}")
        role, forms = row["role"], [pack.key(f) for f in _forms(row["forms"])]
        kind = None if row["kind"] == "-" else row["kind"]
        if role in _WORD_ROLES:
            words.setdefault(role, set()).update(forms)
        elif role == "anaphor":  # "المصدر" is an anaphor, "مصدر" a head: one key, told apart by the article
            keys += [(_without_article(f), _Entry(role, None, f.startswith(_ARTICLE))) for f in forms]
        else:
            keys += [(f, _Entry(role, kind, False)) for f in forms]  # type: ignore[arg-type]
    return SourceLexicon(Matcher(keys, pack.normalizer), *(frozenset(words.get(role, ())) for role in _WORD_ROLES))


def matchers(lexicon: SourceLexicon) -> tuple[Matcher[Any], ...]:
    """This module's lexicons, for the pipeline's one scan of a text (``MatcherSet``)."""
    return (lexicon.matcher,)


def _without_article(form: str) -> str:
    return form[len(_ARTICLE) :] if form.startswith(_ARTICLE) else form


class _Raw(NamedTuple):
    start: int  # norm offset, the article included when it belongs to the phrase
    end: int
    entries: tuple[_Entry, ...]


def _pick(entries: tuple[_Entry, ...], role: str) -> _Entry | None:
    return next((e for e in entries if e.role == role), None)


def find_sources(text: NormalizedText, lex: SourceLexicon) -> list[SourceMention]:
    """Attribution mentions in order."""
    raws = []
    for m in lex.matcher.find(text):
        article = m.clitic.endswith(_ARTICLE) or m.clitic.endswith("لل")
        entries = tuple(e for e in m.values if e.definite == article or (not e.definite and e.role != "anaphor"))
        if entries:
            start = m.start - len(_ARTICLE) if m.clitic.endswith(_ARTICLE) else m.start
            raws.append(_Raw(start, m.end, entries))
    found: list[SourceMention] = []
    i = 0
    while i < len(raws):
        raw, nxt = raws[i], raws[i + 1] if i + 1 < len(raws) else None
        i += 1
        if _pick(raw.entries, "channel") and found and _adjacent(text, lex, found[-1].end, raw.start):
            continue  # "وزارة الدفاع الروسية في بيان": the statement is the ministry's
        head = _pick(raw.entries, "head") or _pick(raw.entries, "reporter") or _reported_position(text, lex, raw)
        if head is not None:
            joined = _join(text, lex, raw, nxt)
            if joined is not None:
                found.append(_mention(text, raw.start, joined[0], joined[1]))
                i += 1
                continue
            end = _outlet_name_end(text, raw.end, head.role == "reporter") if head.kind == "outlet" else None
            if end is not None:
                found.append(_mention(text, raw.start, end, "outlet"))
                continue
        mention = _from_entries(text, lex, raw, found)
        if mention is not None:
            found.append(mention)
    return found


def _reported_position(text: NormalizedText, lex: SourceLexicon, raw: _Raw) -> _Entry | None:
    """A head that is also a military position ("قصف موقع «المرج»") heads an outlet only where a
    report is attributed to it: after a reporting cue ("ذكر موقع"), a word of attribution ("بحسب
    موقع"; after a cue, "نشر على موقع"), or ل ("قال لموقع")."""
    head = _pick(raw.entries, "position_head")
    if head is None:
        return None
    norm = text.norm
    if raw.start > 0 and norm[raw.start - 1] == _TO:
        return head
    words = [norm[a:b] for a, b in _words_before(norm, raw.start)[:2]]
    if words and (_one_of(words[0], lex.cues) or _one_of(words[0], lex.attributions)):
        return head
    after_cue = len(words) == 2 and _one_of(words[0], lex.cue_prepositions) and _one_of(words[1], lex.cues)
    return head if after_cue else None


_TO = "ل"
_CONJUNCTIONS = ("و", "ف")


def _one_of(word: str, words: frozenset[str]) -> bool:
    """The word, or the word after its conjunction ("وذكر", "فقال"), is one of ``words``."""
    return word in words or (word.startswith(_CONJUNCTIONS) and word[1:] in words)


def _adjacent(text: NormalizedText, lex: SourceLexicon, end: int, start: int) -> bool:
    gap = text.norm[end:start].strip(" ")
    return not gap or gap in lex.connectors


def _from_entries(
    text: NormalizedText, lex: SourceLexicon, raw: _Raw, before: list[SourceMention]
) -> SourceMention | None:
    phrase = _pick(raw.entries, "phrase")
    anaphor = _pick(raw.entries, "anaphor")
    descriptor = _pick(raw.entries, "descriptor")
    if anaphor is not None and anaphor.definite:
        return _mention(text, raw.start, raw.end, before[-1].value.kind, generic=True) if before else None
    if descriptor is not None:
        start = _resident_name_start(text, lex, raw.start)
        return _mention(text, start, raw.end, "resident")
    if phrase is not None and phrase.kind is not None:
        return _mention(text, raw.start, raw.end, phrase.kind)
    if anaphor is not None and before:  # "هذه المصادر" carries its own demonstrative
        return _mention(text, raw.start, raw.end, before[-1].value.kind, generic=True)
    return None


def _join(text: NormalizedText, lex: SourceLexicon, head: _Raw, nxt: _Raw | None) -> tuple[int, SourceKind] | None:
    """Where 'head [connector] source' ends and its kind, when a known source follows a head."""
    if nxt is None:
        return None
    body = _pick(nxt.entries, "phrase")
    if body is None or body.kind is None:
        return None
    gap = text.norm[head.end : nxt.start].strip(" ")
    if gap in ("", _QUOTE) or gap in lex.connectors:
        end = nxt.end + 1 if gap == _QUOTE and text.norm.startswith(_QUOTE, nxt.end) else nxt.end
        return end, body.kind
    return None


def _outlet_name_end(text: NormalizedText, pos: int, reporter: bool = False) -> int | None:
    """End of the outlet name after "شبكة"/"موقع"/...: a quoted name or a Latin/digit word; after
    a reporter ("مراسل") also a definite word ("مراسل الميادين": the channel, not the town)."""
    norm = text.norm
    if not norm.startswith(" ", pos):
        return None
    pos += 1
    if norm.startswith(_QUOTE, pos):
        close = norm.find(_QUOTE, pos + 1, pos + 1 + _MAX_QUOTED)
        return close + 1 if close > 0 and "\n" not in norm[pos:close] else None
    if reporter and norm.startswith(_ARTICLE, pos):
        named = _DEFINITE_NAME.match(norm, pos)
        return named.end() if named is not None else None
    end = pos
    while end < len(norm) and (norm[end].isascii() and norm[end].isalnum()):
        end += 1
    return end if end > pos and (end == len(norm) or not norm[end].isalnum()) else None


_DEFINITE_NAME = re.compile(r"ال[^\W\d_]{2,}")


def _words_before(norm: str, pos: int) -> list[tuple[int, int]]:
    """Spans of the tokens before ``pos`` on its line, nearest first (words and single marks)."""
    spans: list[tuple[int, int]] = []
    end = pos
    while end > 0 and len(spans) < _LOOK_BACK:
        while end > 0 and norm[end - 1] == " ":
            end -= 1
        if end == 0 or norm[end - 1] == "\n":
            break
        start = end - 1
        if norm[start].isalnum():
            while start > 0 and norm[start - 1].isalnum():
                start -= 1
        spans.append((start, end))
        end = start
    return spans


def _resident_name_start(text: NormalizedText, lex: SourceLexicon, descriptor_start: int) -> int:
    """Where the resident's name before a descriptor begins (the descriptor's own start if none)."""
    norm = text.norm
    tokens = _words_before(norm, descriptor_start)
    i, separated = 0, False
    while i < len(tokens) and (norm[slice(*tokens[i])] == "," or norm[slice(*tokens[i])] in lex.appositions):
        i, separated = i + 1, True
    if i < len(tokens) and norm[slice(*tokens[i])] == ")":  # "(اسم مستعار)"
        while i < len(tokens) and norm[slice(*tokens[i])] != "(":
            i += 1
        i, separated = i + 1, True
    if i >= len(tokens):
        return descriptor_start
    if norm[slice(*tokens[i])] == _QUOTE:
        for j in range(i + 1, len(tokens)):
            if norm[slice(*tokens[j])] == _QUOTE:
                return tokens[j][0] if j > i + 1 else descriptor_start
        return descriptor_start
    name_start = _name_start(norm, lex, tokens[i:], separated)
    return descriptor_start if name_start is None else name_start


def _name_start(norm: str, lex: SourceLexicon, tokens: list[tuple[int, int]], separated: bool) -> int | None:
    """Start of a one- or two-word name ending at ``tokens[0]`` (nearest first), when what
    precedes it shows it is a name: a reporting verb, or (after a comma) the start of a clause."""
    words = [norm[slice(*t)] for t in tokens[:3]]

    def opens(k: int) -> bool:  # the name may start after words[k]
        if k >= len(words):
            return separated
        return _one_of(words[k], lex.cues) or (separated and not words[k].isalnum())

    if not words or not words[0].isalpha():
        return None
    if opens(1):
        return tokens[0][0]
    two_words = len(words) > 1 and words[1].isalpha() and words[1] not in lex.connectors
    if two_words and (words[1] in lex.name_prefixes or opens(2)):
        return tokens[1][0]
    return None


def speaks(norm: str, lex: SourceLexicon, source: SourceMention) -> bool:
    """The source is the subject of a reporting verb right before it ("قال مسؤول")."""
    before = norm[max(0, source.start - _VERB_REACH) : source.start].split()
    return bool(before) and _one_of(before[-1], lex.cues)


_VERB_REACH = 20  # characters before a source where its reporting verb may end


def _mention(
    text: NormalizedText, start: int, end: int, kind: SourceKind | None, *, generic: bool = False
) -> SourceMention:
    return mention(text, start, end, SourceInfo(kind or "local_sources", generic))
