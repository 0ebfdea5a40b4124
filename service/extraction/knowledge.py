"""``Knowledge``: everything the extraction core knows, loaded once from a pack folder.

A pack is a folder of data files (lexicons, gazetteers, calendars, learned weights), each
starting with ``#`` lines that say where it came from, plus ``pack.toml`` (its name and the
region's settings). ``load_knowledge(path)`` reads and checks it (see ``pack.py``); the result
is immutable and is passed to ``extract(document, knowledge)``: no stage reads a file or a
module-level cache. To run the core on another region or a newer gazetteer, load another pack.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import actors, clauses, dates, events, places, quantities, sources, victims
from .acled import AcledType, build_acled
from .actors import ActorLexicon, build_actor_lexicon
from .arguments import RoleLexicon, build_role_lexicon
from .clauses import ClauseLexicon, build_clause_lexicon
from .dates import DateLexicon, build_date_lexicon
from .events import CASUALTY_CUES, EventLexicon, build_event_lexicon
from .glue import build_splitter
from .matcher import MatcherSet
from .models import ChoiceModel, LinearModel, NgramModel, read_choice_model, read_model, read_ngram_model
from .pack import Pack, PackError, Region
from .places import Gazetteer, build_gazetteer
from .quantities import NumberLexicon, build_number_lexicon
from .sources import SourceLexicon, build_source_lexicon
from .text import Normalizer
from .victims import VictimLexicon, build_victim_lexicon

DEFAULT_PACK = Path(__file__).resolve().parent.parent / "packs" / "default"
CODE_DIR = Path(__file__).resolve().parent

__all__ = ["DEFAULT_PACK", "Knowledge", "PackError", "extractor_version", "load_knowledge", "pack_version"]


@dataclass(frozen=True, slots=True)
class Models:
    """The learned decisions, weights from the pack's ``models/`` folder."""

    typing: ChoiceModel
    eventiveness: LinearModel
    coreference: LinearModel
    sentences: NgramModel | None = None  # a pack may ship none: mentions are then scored alone


@dataclass(frozen=True, slots=True)
class Knowledge:
    name: str
    version: str  # digest of the pack's files: changes whenever one does
    extractor_version: str  # digest of the code that loaded it, reported beside it in every answer
    region: Region
    normalizer: Normalizer
    places: Gazetteer
    actors: ActorLexicon
    roles: RoleLexicon
    events: EventLexicon
    acled: dict[str, AcledType]
    families: dict[str, frozenset[str]]  # incident type -> the ACLED event types it may fall in
    retells: dict[str, frozenset[str]]  # incident type -> other event types whose incidents its words tell again
    dates: DateLexicon
    numbers: NumberLexicon
    victims: VictimLexicon
    sources: SourceLexicon
    clauses: ClauseLexicon
    scan: MatcherSet  # every lexicon above in one automaton: a text is scanned once for all
    models: Models  # (only a training script loads a pack without them: see ``with_models``)


def load_knowledge(path: Path = DEFAULT_PACK, *, with_models: bool = True) -> Knowledge:
    """Load and check a pack folder; ``PackError`` names the file and line of a malformed one.
    ``with_models=False`` leaves the learned models out (``models`` is then None): what a
    training script needs to compute the features the models are trained on."""
    pack = Pack(Path(path))
    acled = build_acled(pack)
    date_rows = pack.rows("dates.tsv")
    number_rows = pack.rows("numbers.tsv", columns=("key", "kind", "value", "max"))
    actor_lexicon = build_actor_lexicon(pack)
    event_lexicon = build_event_lexicon(pack, acled)
    lexicons = {
        "places": build_gazetteer(pack),
        "actors": actor_lexicon,
        "events": event_lexicon,
        "dates": build_date_lexicon(pack, number_rows),
        "numbers": build_number_lexicon(pack, number_rows, date_rows),
        "victims": build_victim_lexicon(pack),
        "sources": build_source_lexicon(pack),
        "clauses": build_clause_lexicon(pack),
    }
    return Knowledge(
        name=pack.name,
        version=pack_version(pack.path),
        extractor_version=extractor_version(),
        region=pack.region,
        normalizer=pack.normalizer.with_splitter(build_splitter(pack, lexicons["places"].keys)),  # type: ignore[attr-defined]
        acled=acled,
        families={t: frozenset({row.event_type, row.alt_event_type} - {""}) for t, row in acled.items()},
        retells={t: row.retells for t, row in acled.items() if row.retells},
        models=_models(pack, acled) if with_models else None,  # type: ignore[arg-type]
        roles=build_role_lexicon(
            actor_lexicon.heads, event_lexicon.patients, actor_lexicon.members, _self_counts(pack)
        ),
        scan=_scanner(lexicons),  # type: ignore[arg-type]
        **lexicons,  # type: ignore[arg-type]
    )


def _self_counts(pack: Pack) -> dict[str, tuple[str, int, int | None]]:
    """The casualty nouns that count by their own number (``casualty_nouns.tsv``), normalized."""
    if not (pack.path / _SELF_COUNTS).exists():
        return {}
    counts = {}
    for row in pack.rows(_SELF_COUNTS, columns=("phrase", "cue", "min", "max")):
        if row["cue"] not in CASUALTY_CUES or not row["min"].isdigit() or not (row["max"] or "0").isdigit():
            raise pack.fail(row, f"cue {row['cue']!r} or count {row['min']!r}-{row['max']!r} unknown")
        high = int(row["max"]) if row["max"] else None
        counts[pack.key(row["phrase"])] = (row["cue"], int(row["min"]), high)
    return counts


_SELF_COUNTS = "casualty_nouns.tsv"


def _models(pack: Pack, types: Iterable[str]) -> Models:
    return Models(
        typing=read_choice_model(pack, "typing", types),
        eventiveness=read_model(pack, "eventiveness"),
        coreference=read_model(pack, "coreference"),
        sentences=read_ngram_model(pack, "sentences"),
    )


def _scanner(lexicons: dict[str, object]) -> MatcherSet:
    """One automaton over every lexicon's keys, in the order the finders read them."""
    modules = {
        "places": places,
        "actors": actors,
        "dates": dates,
        "numbers": quantities,
        "victims": victims,
        "sources": sources,
        "events": events,
        "clauses": clauses,
    }
    return MatcherSet([m for name, module in modules.items() for m in module.matchers(lexicons[name])])


def pack_version(path: Path = DEFAULT_PACK) -> str:
    """A digest of every file in the pack folder (names and contents)."""
    return _digest(Path(path), sorted(p for p in Path(path).rglob("*") if p.is_file()))


def extractor_version() -> str:
    """A digest of the extraction code: changes whenever the code does."""
    return _digest(CODE_DIR, sorted(CODE_DIR.rglob("*.py")))


def _digest(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
