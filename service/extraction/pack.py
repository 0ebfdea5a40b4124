"""Reading a knowledge pack folder: its TSV files, checked row by row, and its ``pack.toml``.

Every data file starts with ``#`` lines that say where it came from; the first other line is
the header. A row with more or fewer cells than the header, a missing file or a reference to
an id that does not exist stops loading with a ``PackError`` naming the file and line, so a
malformed pack never loads half-way.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .text import Normalizer

_SEPARATORS = re.compile(r"[|,\s]+")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class PackError(ValueError):
    """The pack cannot be loaded; the message names the file (and line) at fault."""


class Row(dict[str, str]):
    """One TSV row by column name, remembering where it stands for messages."""

    __slots__ = ("file", "line")
    file: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Region:
    """What makes the pack's logic regional, as data: the home country, its calendar week, and
    how same-named administrative units rank (a bare name vs one after a region word)."""

    home_country: str  # ISO 3166-1 alpha-3: places of the home gazetteer lie there
    week_start: int  # Python weekday of the calendar week's first day (Saturday in Syria)
    bare_rank: tuple[str, ...]  # admin levels (and "other" kinds) in the order a bare name means them
    regional_rank: tuple[str, ...]  # the same after a region word (ريف، بادية، شرق)
    # A city that is a first-level unit of its own -> the unit around it ("قرب دمشق" lies there).
    surrounding: dict[str, str] = field(default_factory=dict)

    def rank(self, level_tag: str, *, regional: bool) -> int:
        order = self.regional_rank if regional else self.bare_rank
        return order.index(level_tag) if level_tag in order else order.index("other")


class Pack:
    """A pack folder being loaded: its files, its settings, and the normalizer its keys go through."""

    def __init__(self, path: Path, normalizer: Normalizer | None = None) -> None:
        self.path = Path(path)
        manifest = self.path / "pack.toml"
        if not manifest.is_file():
            raise PackError(f"{manifest}: no pack.toml: not a knowledge pack folder")
        try:
            self.settings = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise PackError(f"{manifest}: {exc}") from None
        self.name = str(self.settings.get("name", self.path.name))
        self.normalizer = normalizer or Normalizer(self._char_map())
        self.region = self._region()

    # -- files --------------------------------------------------------------------------------

    def lines(self, name: str) -> Iterable[tuple[int, str]]:
        """(line number, text) of the non-empty, non-comment lines of a data file."""
        path = self.path / name
        try:
            with path.open(encoding="utf-8") as f:
                for number, line in enumerate(f, start=1):
                    line = line.rstrip("\n")
                    if line and not line.startswith("#"):
                        yield number, line
        except FileNotFoundError:
            raise PackError(f"{path}: missing from the pack") from None
        except UnicodeDecodeError as exc:
            raise PackError(f"{path}: not UTF-8 ({exc.reason})") from None

    def rows(self, name: str, *, columns: Sequence[str] = ()) -> list[Row]:
        """A TSV file as rows keyed by its header; every row must have the header's cell count,
        and the header must hold ``columns``."""
        numbered = iter(self.lines(name))
        first = next(numbered, None)
        if first is None:
            raise PackError(f"{self.path / name}: no header row")
        header = first[1].split("\t")
        missing = [c for c in columns if c not in header]
        if missing:
            raise PackError(f"{self.path / name}:{first[0]}: header lacks {', '.join(missing)}")
        path, width = self.path / name, len(header)
        rows = []
        for number, line in numbered:
            cells = line.split("\t")
            if len(cells) != width:
                raise PackError(f"{path}:{number}: {len(cells)} cells where the header has {width}")
            row = Row(zip(header, cells, strict=True))
            row.file, row.line = path, number
            rows.append(row)
        return rows

    def header(self, name: str) -> dict[str, str]:
        """The ``# key: value`` lines at the top of a data file (its provenance and settings)."""
        values: dict[str, str] = {}
        path = self.path / name
        try:
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if not line.startswith("#"):
                        break
                    key, sep, value = line[1:].partition(":")
                    if sep:
                        values.setdefault(key.strip().lower(), value.strip())
        except FileNotFoundError:
            raise PackError(f"{path}: missing from the pack") from None
        return values

    def fail(self, row: Row, message: str) -> PackError:
        return PackError(f"{row.where}: {message}")

    def check_refs(self, rows: Iterable[Row], column: str, known: Iterable[str], *, what: str) -> None:
        """Every value of ``column`` (one, or several separated by ``|``, ``,`` or spaces) names a known id."""
        known = set(known)
        for row in rows:
            for value in _SEPARATORS.split(row[column]):
                if value and value != "-" and value not in known:
                    raise self.fail(row, f"{column} {value!r} is no {what}")

    # -- keys ----------------------------------------------------------------------------------

    def key(self, key: str) -> str:
        return self.normalizer.key(key)

    def keys(self, keys: Sequence[str]) -> list[str]:
        return self.normalizer.keys(keys)

    # -- settings ------------------------------------------------------------------------------

    def _char_map(self) -> dict[int, str]:
        table: dict[int, str] = {}
        for number, line in self.lines("char_map.tsv"):
            src, sep, dst = line.partition("\t")
            try:
                table[int(src, 16)] = "".join(chr(int(cp, 16)) for cp in dst.split())
            except ValueError:
                raise PackError(f"{self.path / 'char_map.tsv'}:{number}: not hexadecimal code points") from None
            if not sep:
                raise PackError(f"{self.path / 'char_map.tsv'}:{number}: expected 'source<TAB>target'")
        return table

    def _region(self) -> Region:
        region = self.settings.get("region", {})
        where = f"{self.path / 'pack.toml'} [region]"
        try:
            week_start = WEEKDAYS.index(str(region["week_start"]).lower())
            bare = tuple(str(v) for v in region["bare_rank"])
            regional = tuple(str(v) for v in region["regional_rank"])
            home = str(region["home_country"])
        except KeyError as exc:
            raise PackError(f"{where}: missing {exc.args[0]}") from None
        except ValueError:
            raise PackError(f"{where}: week_start must be one of {', '.join(WEEKDAYS)}") from None
        if "other" not in bare or "other" not in regional:
            raise PackError(f"{where}: bare_rank and regional_rank must each hold 'other'")
        if len(home) != 3 or not home.isupper():
            raise PackError(f"{where}: home_country must be an ISO 3166-1 alpha-3 code")
        surrounding = {str(k): str(v) for k, v in region.get("surrounding", {}).items()}
        return Region(home, week_start, bare, regional, surrounding)


def week_start_before(day: dt.date, week_start: int) -> dt.date:
    """The first day of the calendar week that holds ``day``."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)
