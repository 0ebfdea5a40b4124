"""The export's data tables: rebuilt from their sources as committed, and checked when read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from service.exports.tables import HERE, acled_actor_names, countries, read_tsv

from ..conftest import REPO_ROOT


def test_countries_table_is_what_the_build_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("build_countries", REPO_ROOT / "scripts" / "build_countries.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    committed = (HERE / "countries.tsv").read_text(encoding="utf-8")
    assert script.table() == committed, "regenerate: .venv/bin/python scripts/build_countries.py"


def test_countries_hold_what_acled_writes() -> None:
    table = countries()
    assert len(table) == 249
    syria, iraq, turkey = table["SYR"], table["IRQ"], table["TUR"]
    assert (syria.numeric, syria.name, syria.region) == ("760", "Syria", "Middle East")
    assert (iraq.numeric, turkey.name) == ("368", "Turkey")
    assert table["AFG"].numeric == "4"  # ACLED's iso has no leading zeros
    assert {country.region for country in table.values()} >= {"Middle East", "Northern Africa", ""}


def test_acled_actor_names_cover_catalogue_ids_and_unnamed_types() -> None:
    catalogue = {row["actor_id"] for row in read_tsv(REPO_ROOT / "service/packs/default/actors.tsv")}
    names = acled_actor_names()
    assert {key for key in names if not key.startswith("@")} <= catalogue
    assert names["@civilians"] == "Civilians ({country})"


def test_a_row_with_a_missing_field_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("# provenance\na\tb\n1\t2\n3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"t.tsv: data line 3 has 1 fields"):
        read_tsv(path)
