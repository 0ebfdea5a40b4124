"""The date and number corpora (``corpus/dates.tsv``, ``corpus/numbers.tsv``): every expression of
every family must come out as its row says. The test ids name the family, so a run shows which
families pass (``pytest tests/extraction/test_corpus.py -q -rf``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from service.extraction.dates import find_dates
from service.extraction.quantities import find_quantities

from .support import flat, normalize, shipped_knowledge

CORPUS = Path(__file__).resolve().parent / "corpus"
NONE = "-"  # the expected span of a sentence that holds no date or quantity


def rows(name: str) -> list[Any]:
    """The corpus file's rows as pytest params, with ids "family-n" (n counts within the family)."""
    lines = [line for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    header, *body = (line.split("\t") for line in lines if line)
    counts: dict[str, int] = {}
    params = []
    for cells in body:
        assert len(cells) == len(header), cells
        row = dict(zip(header, cells, strict=True))
        counts[row["family"]] = counts.get(row["family"], 0) + 1
        params.append(pytest.param(row, id=f"{row['family']}-{counts[row['family']]:02d}"))
    return params


def _date(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if cell else None


def _int(cell: str) -> int | None:
    return int(cell) if cell else None


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


@pytest.mark.parametrize("row", rows("dates.tsv"))
def test_date_expression(row: dict[str, str]) -> None:
    text = row["text"]
    found = [flat(d) for d in find_dates(normalize(text), shipped_knowledge().dates, _date(row["published_at"]))]
    if row["expected"] == NONE:
        assert [d.text for d in found] == []
        return
    assert row["expected"] in [d.text for d in found], [d.text for d in found]
    (date,) = [d for d in found if d.text == row["expected"]]
    expected = (_date(row["earliest"]), _date(row["latest"]), row["precision"])
    assert (date.earliest, date.latest, date.precision) == expected


@pytest.mark.parametrize("row", rows("numbers.tsv"))
def test_number_expression(row: dict[str, str]) -> None:
    found = [flat(q) for q in find_quantities(normalize(row["text"]), shipped_knowledge().numbers)]
    if row["expected"] == NONE:
        assert [q.text for q in found] == []
        return
    assert row["expected"] in [q.text for q in found], [q.text for q in found]
    (quantity,) = [q for q in found if q.text == row["expected"]]
    expected = (_float(row["number"]), _int(row["value"]), _int(row["min"]), _int(row["max"]))
    assert (quantity.number, quantity.value, quantity.min, quantity.max) == expected
