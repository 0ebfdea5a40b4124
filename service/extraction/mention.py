"""``Mention``: the one span type every finder returns and every later stage reads.

Like spaCy's ``Span``, a mention is a stretch of the document with a label; here the label is
a typed payload (``PlaceInfo``, ``ActorInfo``, ``DateInfo`` ...) that says what the finder
recognised. ``start``/``end`` index the normalized text, where stages match and compare;
``orig_start``/``orig_end``/``text`` the caller's original text, where every output span points.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

import msgspec

from .text import NormalizedText

T = TypeVar("T")
S = TypeVar("S", bound=msgspec.Struct)


class Mention(msgspec.Struct, Generic[T], frozen=True, gc=False):
    start: int  # normalized text
    end: int
    orig_start: int  # the caller's text
    orig_end: int
    text: str  # original[orig_start:orig_end]
    value: T

    def span_fields(self) -> dict[str, object]:
        """The contract's span fields: offsets into the caller's text and the text itself."""
        return {"text": self.text, "start": self.orig_start, "end": self.orig_end}

    def project(self, cls: type[S], **extra: object) -> S:
        """A contract struct ``cls``: this mention's span, the payload's same-named fields, ``extra``."""
        value = self.value
        # One getattr per field (not hasattr, then getattr): a response projects every mention.
        fields = {
            name: found for name in cls.__struct_fields__ if (found := getattr(value, name, _ABSENT)) is not _ABSENT
        }
        fields.update(self.span_fields(), **extra)
        return cls(**fields)


def mention(text: NormalizedText, start: int, end: int, value: T) -> Mention[T]:
    """A mention of ``value`` at the normalized span [start, end)."""
    orig_start, orig_end = text.to_original(start, end)
    return Mention(start, end, orig_start, orig_end, text.original[orig_start:orig_end], value)


_start = attrgetter("start")
_ABSENT = object()


class Projection(Generic[S]):
    """``Mention.project`` into one contract struct for payloads of one type, with what it reads
    worked out once: the fields both structs have, read in C. (A response projects every
    mention; ``project`` tries every field of the contract struct on each payload, and
    ``getattr`` with a default raises and catches an AttributeError for each missing one.)"""

    __slots__ = ("cls", "names", "payload", "read")

    def __init__(self, payload: type, cls: type[S]) -> None:
        self.payload, self.cls = payload, cls
        self.names = _shared_fields(payload, cls)
        self.read: Callable[[Any], tuple[Any, ...]] | None = None
        if self.names is not None:
            self.read = _tuple_getter(self.names)

    def __call__(self, m: Mention[Any], **extra: object) -> S:
        value = m.value
        if self.read is None or type(value) is not self.payload:
            return m.project(self.cls, **extra)
        fields = dict(zip(self.names, self.read(value), strict=True))  # type: ignore[arg-type]
        fields["text"], fields["start"], fields["end"] = m.text, m.orig_start, m.orig_end
        fields.update(extra)
        return self.cls(**fields)


def _tuple_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function that reads ``names`` of a value as a tuple (attrgetter gives one only for two or more)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    return lambda value: ()


def _shared_fields(payload: type, cls: type[msgspec.Struct]) -> tuple[str, ...] | None:
    """The fields of ``cls`` a payload of type ``payload`` has, when its type alone says which
    (a msgspec struct has every one of its fields and nothing else); else None."""
    fields = getattr(payload, "__struct_fields__", None)
    if fields is None or payload.__struct_config__.dict:
        return None
    if any(name not in fields and hasattr(payload, name) for name in cls.__struct_fields__):
        return None  # a class attribute or property of that name: read it from each value
    return tuple(name for name in cls.__struct_fields__ if name in fields)


def within(items: Sequence[Mention[T]], start: int, end: int) -> list[Mention[T]]:
    """The mentions (sorted by start) that lie inside the normalized span [start, end)."""
    found = []
    for item in items[bisect_left(items, start, key=_start) :]:
        if item.start >= end:
            break
        if item.end <= end:
            found.append(item)
    return found


@dataclass(slots=True)
class Mentions:
    """Everything the mention finders found in an article, each list in text order."""

    places: list[Mention[Any]]
    actors: list[Mention[Any]]
    dates: list[Mention[Any]]
    quantities: list[Mention[Any]]
    victims: list[Mention[Any]]
    sources: list[Mention[Any]]
