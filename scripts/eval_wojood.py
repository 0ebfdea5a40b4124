"""Score the place finder (and the actor finder, when present) on the Wojood NER sample.

Wojood (SinaLab/ArabicNER, MIT) is general Arabic news and web text in IOB with nested
entities and 21 types, one token a line and a blank line between sentences. Places are its
GPE and LOC entities; organisations its ORG. Each sentence is rebuilt by joining its tokens
with spaces and run through ``find_places`` (and ``find_actors``). A place counts by its
``toponym``, the name's own span ("مدينة القدس" in "شمال مدينة القدس"), as Wojood marks it.

Spans are compared by token, as Wojood annotates: a found span covers the tokens it touches
(so a clitic outside our span, "وطولكرم", still counts). Scores:
  exact    the same first and last token as a gold entity
  partial  a found span overlapping some gold entity (precision) / a gold entity overlapped
           by some found span (recall)
Wojood tags a country or capital that acts ("حرصت روسيا"، "أعلنت موسكو") as ORG; the place
finder reports every place. The "metonymy-neutral" line leaves out found spans that are
exactly a gold ORG entity (neither right nor wrong), the strict line counts them as wrong.

This script is for measurement and reads /work/shared at run time; the service never does.

usage: python scripts/eval_wojood.py [test|val|train] [--data DIR] [--show N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path("/work/shared/data/wojood-sample")
PLACE_TYPES = frozenset({"GPE", "LOC"})
ORG_TYPES = frozenset({"ORG"})


def _import_extraction() -> None:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    token_spans: tuple[tuple[int, int], ...]  # char spans of the tokens in ``text``
    entities: tuple[tuple[str, int, int], ...]  # (type, first token, last token + 1)


def read_iob(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[list[str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if parts:
            tokens.append(parts[0])
            tags.append(parts[1:])
            continue
        if tokens:
            sentences.append(_sentence(tokens, tags))
        tokens, tags = [], []
    return sentences


def _sentence(tokens: list[str], tags: list[list[str]]) -> Sentence:
    spans, pos = [], 0
    for token in tokens:
        spans.append((pos, pos + len(token)))
        pos += len(token) + 1
    return Sentence(" ".join(tokens), tuple(spans), tuple(_entities(tags)))


def _entities(tags: list[list[str]]) -> list[tuple[str, int, int]]:
    """Entities of every type; nested ones of one type close innermost first."""
    found: list[tuple[str, int, int]] = []
    open_: dict[str, list[int]] = {}
    for i, token_tags in enumerate([*tags, []]):
        kinds = {t[2:] for t in token_tags if t[:2] in ("B-", "I-")} | set(open_)
        for kind in kinds:
            begins = sum(t == f"B-{kind}" for t in token_tags)
            inside = sum(t == f"I-{kind}" for t in token_tags)
            stack = open_.setdefault(kind, [])
            while len(stack) > inside:
                found.append((kind, stack.pop(), i))
            stack.extend([i] * begins)
            if not stack:
                del open_[kind]
    return sorted(found, key=lambda e: (e[1], e[2], e[0]))


def token_span(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    covered = [i for i, (a, b) in enumerate(sentence.token_spans) if a < end and start < b]
    return (covered[0], covered[-1] + 1) if covered else None


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    exact: int = 0
    partial_found: int = 0  # found spans overlapping some gold span
    partial_gold: int = 0  # gold spans overlapped by some found span

    def line(self, name: str) -> str:
        p, r = _ratio(self.exact, self.found), _ratio(self.exact, self.gold)
        pp, pr = _ratio(self.partial_found, self.found), _ratio(self.partial_gold, self.gold)
        return (
            f"{name:6}\n       gold {self.gold:4} found {self.found:4} | exact P {p:.3f} R {r:.3f} F1 {_f1(p, r):.3f}"
            f" | partial P {pp:.3f} R {pr:.3f} F1 {_f1(pp, pr):.3f}"
        )


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(
    sentences: Iterable[Sentence],
    find: Callable[[str], list[tuple[int, int]]],
    types_: frozenset[str],
    errors: list[str] | None = None,
    neutral_types: frozenset[str] = frozenset(),
) -> Score:
    total = Score()
    for sentence in sentences:
        gold = {(a, b) for kind, a, b in sentence.entities if kind in types_}
        neutral = {(a, b) for kind, a, b in sentence.entities if kind in neutral_types} - gold
        found = {s for s in (token_span(sentence, a, b) for a, b in find(sentence.text)) if s} - neutral
        total.gold += len(gold)
        total.found += len(found)
        total.exact += len(gold & found)
        total.partial_found += sum(any(_overlap(f, g) for g in gold) for f in found)
        total.partial_gold += sum(any(_overlap(g, f) for f in found) for g in gold)
        if errors is not None:
            errors += [f"FP {_tokens(sentence, f)}  | {sentence.text[:90]}" for f in sorted(found - gold)]
            errors += [f"FN {_tokens(sentence, g)}  | {sentence.text[:90]}" for g in sorted(gold - found)]
    return total


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _tokens(sentence: Sentence, span: tuple[int, int]) -> str:
    a, b = sentence.token_spans[span[0]][0], sentence.token_spans[span[1] - 1][1]
    return sentence.text[a:b]


def place_finder() -> Callable[[str], list[tuple[int, int]]]:
    from service.extraction import load_knowledge
    from service.extraction.places import find_places

    knowledge = load_knowledge()

    def toponyms(text: str) -> list[tuple[int, int]]:
        """Each place's own name (its ``toponym``), as NER corpora mark it; a bare qualifier
        ("الريف الغربي") has none and is left out."""
        found = find_places(knowledge.normalizer(text), knowledge.places)
        return [(p.value.toponym.start, p.value.toponym.end) for p in found if p.value.toponym is not None]

    return toponyms


def false_home_places(sentences: Iterable[Sentence]) -> tuple[int, int]:
    """Places the finder puts in the pack's home country (Syria) where Wojood marks no place:
    in general Arabic news these are mostly Syrian village names read into other countries'
    texts (عبدالله، السرايا، التل). Returns (such places, sentences)."""
    from service.extraction import load_knowledge
    from service.extraction.places import find_places

    knowledge = load_knowledge()
    home, false, count = knowledge.region.home_country, 0, 0
    for sentence in sentences:
        count += 1
        gold = [(a, b) for kind, a, b in sentence.entities if kind in PLACE_TYPES]
        for p in find_places(knowledge.normalizer(sentence.text), knowledge.places):
            span = token_span(sentence, p.orig_start, p.orig_end)
            if p.value.country == home and span and not any(_overlap(span, g) for g in gold):
                false += 1
    return false, count


def actor_finder() -> Callable[[str], list[tuple[int, int]]]:
    from service.extraction import load_knowledge
    from service.extraction.actors import find_actors

    knowledge = load_knowledge()
    return lambda text: [(a.orig_start, a.orig_end) for a in find_actors(knowledge.normalizer(text), knowledge.actors)]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", default="test", choices=["test", "val", "train"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=0, help="print this many place errors")
    args = parser.parse_args(argv[1:])
    _import_extraction()
    sentences = read_iob(args.data / f"{args.split}.txt")
    started = time.perf_counter()
    places = place_finder()
    places("")  # load the gazetteer outside the timing of the corpus
    loaded = time.perf_counter()
    errors: list[str] | None = [] if args.show else None
    result = score(sentences, places, PLACE_TYPES, errors)
    print(
        f"Wojood {args.split}: {len(sentences)} sentences; gazetteer load {loaded - started:.2f} s, "
        f"places {time.perf_counter() - loaded:.2f} s"
    )
    print(result.line("place"))
    print(score(sentences, places, PLACE_TYPES, neutral_types=ORG_TYPES).line("place, metonymy-neutral"))
    print(score(sentences, actor_finder(), ORG_TYPES).line("org"))
    false, count = false_home_places(sentences)
    print(f"home-country places where Wojood marks none: {false} in {count} sentences")
    for error in (errors or [])[: args.show]:
        print(error)


if __name__ == "__main__":
    main(sys.argv)
