"""The export's two data tables (``countries.tsv``, ``acled_actors.tsv``), read once on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Country:
    alpha3: str
    alpha2: str
    numeric: str  # ACLED's ``iso``: the ISO 3166 numeric code without leading zeros
    name: str  # as ACLED writes it
    region: str  # ACLED's region, "" when not confirmed


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a TSV with ``#`` provenance lines and a header; a short or long row is an error."""
    lines = [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = line.split("\t")
        if len(values) != len(header):
            raise ValueError(f"{path.name}: data line {number} has {len(values)} fields, the header {len(header)}")
        rows.append(dict(zip(header, values, strict=True)))
    return rows


@cache
def countries() -> dict[str, Country]:
    """Countries by ISO 3166-1 alpha-3 code."""
    return {row["alpha3"]: Country(**row) for row in read_tsv(HERE / "countries.tsv")}


@cache
def acled_actor_names() -> dict[str, str]:
    """ACLED's actor name by catalogue id, or by ``@`` + actor type for actors the catalogue lacks."""
    return {row["actor_id"]: row["acled_name"] for row in read_tsv(HERE / "acled_actors.tsv")}


def country(alpha3: str | None) -> Country | None:
    return countries().get(alpha3) if alpha3 else None
