"""The pack's inflected forms are what scripts/build_lexicon.py makes of its lemmas: an edit of
event_lemmas.tsv or cue_lemmas.tsv without a rebuild (``make lexicon``), or a hand edit of the
generated files, fails here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.extraction import DEFAULT_PACK

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ("event_forms.tsv", "cue_forms.tsv")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pack = tmp_path_factory.mktemp("pack") / "default"
    shutil.copytree(DEFAULT_PACK, pack)
    for name in GENERATED:
        (pack / name).unlink()
    command = [sys.executable, str(ROOT / "scripts" / "build_lexicon.py"), "--pack", str(pack)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return pack


@pytest.mark.parametrize("name", GENERATED)
def test_shipped_forms_are_the_build_of_their_lemmas(rebuilt: Path, name: str) -> None:
    shipped = (DEFAULT_PACK / name).read_text(encoding="utf-8").splitlines()
    built = (rebuilt / name).read_text(encoding="utf-8").splitlines()
    assert len(built) == len(shipped), f"{name}: run make lexicon"
    differing = [(s, b) for s, b in zip(shipped, built, strict=True) if s != b]
    assert not differing, f"{name}: run make lexicon; first difference {differing[0]}"
