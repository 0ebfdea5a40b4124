"""The knowledge pack: the core runs on whatever pack it is given, and a malformed pack fails
loading with a message that names the file and line.

The fixture pack (``tests/fixtures/packs/tiny``) holds a few invented places of another home
country, two actors and four event words, written for these tests: nothing here loads the
shipped pack.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from service.extraction import DEFAULT_PACK, Document, extract, load_knowledge, pack_version
from service.extraction.pack import PackError

from .support import rules_knowledge

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "tiny"
WEDNESDAY = dt.date(2024, 5, 8)


@pytest.fixture(scope="module")
def tiny():  # type: ignore[no-untyped-def]
    return load_knowledge(TINY)


def test_the_core_reads_only_the_pack_it_is_given(tiny) -> None:  # type: ignore[no-untyped-def]
    text = "قصفت قوات الجيش قرية الورود في ريف نينوى أمس، ما أدى إلى مقتل 3 مدنيين."
    [incident] = extract(Document(text=text, published_at=WEDNESDAY), tiny).incidents
    assert incident.type == "shelling"
    assert [(a.actor_id, a.role) for a in incident.actors] == [("test_army", "perpetrator")]
    village = incident.locations[0]
    assert (village.pcode, village.admin1_pcode, village.admin2_en, village.country) == (
        "TQ0001",
        "TQ01",
        "Al-Hamdaniya",
        "IRQ",
    )
    assert incident.country == "IRQ"  # the pack's home country, not Syria
    assert incident.casualties.killed is not None and incident.casualties.killed.min == 3
    assert incident.date is not None and incident.date.earliest == dt.date(2024, 5, 7)


def test_glued_words_are_split_by_the_packs_vocabulary(tiny) -> None:  # type: ignore[no-untyped-def]
    """The pack's vocabulary.tsv says which glued runs are two words; spans stay the caller's."""
    text = "قصفت قواتالجيش قريةالورود في ريف نينوى أمس."
    [incident] = extract(Document(text=text, published_at=WEDNESDAY), tiny).incidents
    assert [(a.actor_id, a.text) for a in incident.actors] == [("test_army", "قواتالجيش")]
    assert incident.locations[0].pcode == "TQ0001"


def test_the_week_starts_where_the_pack_says(tiny) -> None:  # type: ignore[no-untyped-def]
    text = "اشتباكات بين الجيش والتجربة في الأسبوع الماضي في الأنبار"
    [incident] = extract(Document(text=text, published_at=WEDNESDAY), tiny).incidents
    assert incident.date is not None
    assert (incident.date.earliest, incident.date.latest) == (dt.date(2024, 4, 29), dt.date(2024, 5, 5))  # Mon-Sun
    shipped = rules_knowledge()  # the shipped pack's region; whether the sentence is an event is not at stake
    [syrian] = extract(Document(text=text.replace("الأنبار", "حلب"), published_at=WEDNESDAY), shipped).incidents
    assert syrian.date is not None and syrian.date.earliest == dt.date(2024, 4, 27)  # Saturday in Syria


def test_words_the_pack_lacks_find_nothing(tiny) -> None:  # type: ignore[no-untyped-def]
    [incident] = extract(Document(text="قصفت قوات الجيش مدينة حلب"), tiny).incidents
    assert incident.locations == [] and incident.country is None  # Aleppo is in no gazetteer of this pack


def test_versions_digest_the_packs_files(tmp_path: Path, tiny) -> None:  # type: ignore[no-untyped-def]
    copy = shutil.copytree(TINY, tmp_path / "tiny")
    assert tiny.version == pack_version(TINY) == pack_version(copy)
    with (copy / "event_forms.tsv").open("a", encoding="utf-8") as f:
        f.write("غارتين\tairstrike\tnoun\t1\tغارة\tnoun\tdual\n")
    assert pack_version(copy) != tiny.version
    assert load_knowledge(copy).version == pack_version(copy)
    assert tiny.extractor_version == load_knowledge(copy).extractor_version


def broken(tmp_path: Path, name: str, replace: tuple[str, str] | None = None, append: str = "") -> Path:
    pack = shutil.copytree(TINY, tmp_path / "pack")
    path = pack / name
    text = path.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    path.write_text(text + append, encoding="utf-8")
    return pack


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


SHORT_ROW = ("\tstate_forces\tm\t0\tarmy\t", "\tstate_forces\tm\t0\t")
BAD_TYPE = ("غارة\tairstrike", "غارة\tairstrik")
BAD_WEIGHT = ("same_clause\t6", "same_clause\tsix")
BAD_DISTRICT = ("\tBartella\tTQ01\tNinewa\tTQ0101", "\tBartella\tTQ01\tNinewa\tTQ0199")


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("actors.tsv", SHORT_ROW, r"actors\.tsv:\d+: 8 cells where the header has 9"),
        ("event_forms.tsv", BAD_TYPE, r"event_forms\.tsv:\d+: type 'airstrik' is no incident type"),
        ("models/coreference.tsv", BAD_WEIGHT, r"coreference\.tsv:\d+: weight 'six' is not a number"),
        ("gazetteer.tsv", BAD_DISTRICT, r"gazetteer\.tsv:\d+: admin2_pcode 'TQ0199'"),
        ("pack.toml", ('week_start = "monday"', 'week_start = "mondey"'), r"pack\.toml \[region\]: week_start"),
        ("victims.tsv", ("civilians\t1", "civilians\tyes"), r"victims\.tsv:\d+: civilian 'yes'"),
    ],
)
def test_a_malformed_pack_names_the_file_and_line(
    tmp_path: Path, name: str, change: tuple[str, str], message: str
) -> None:
    pack = broken(tmp_path, name, change)
    with pytest.raises(PackError, match=message) as failure:
        load_knowledge(pack)
    if name.endswith(".tsv"):
        assert f"{name}:{line_of(pack / name, change[1])}:" in str(failure.value)


def test_a_reference_to_an_unknown_actor_fails(tmp_path: Path) -> None:
    pack = broken(tmp_path, "actor_adjectives.tsv", append="عراقي\tiraqi_army\tyes\n")
    with pytest.raises(PackError, match=r"actor_adjectives\.tsv:\d+: actor 'iraqi_army' is no actor_id"):
        load_knowledge(pack)


def test_a_missing_file_or_folder_fails(tmp_path: Path) -> None:
    pack = shutil.copytree(TINY, tmp_path / "pack")
    (pack / "numbers.tsv").unlink()
    with pytest.raises(PackError, match=r"numbers\.tsv: missing from the pack"):
        load_knowledge(pack)
    with pytest.raises(PackError, match=r"no pack\.toml"):
        load_knowledge(tmp_path)


def with_retells(tmp_path: Path, killing_retells: str) -> Path:
    """The tiny pack with a ``retells`` column in which killing names ``killing_retells``."""
    pack = shutil.copytree(TINY, tmp_path / "pack")
    path = pack / "acled.tsv"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            line += "\tretells" if line.startswith("type\t") else "\t"
            line += killing_retells if line.startswith("killing\t") else ""
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pack


def test_the_pack_says_which_incidents_a_types_words_tell_again(tmp_path: Path) -> None:
    knowledge = load_knowledge(with_retells(tmp_path, "Explosions/Remote violence|Battles"))
    assert knowledge.retells == {"killing": frozenset({"Explosions/Remote violence", "Battles"})}
    assert knowledge.families["killing"] == frozenset({"Violence against civilians"})  # its own family stays


def test_a_retold_family_no_type_falls_in_fails(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"acled\.tsv:\d+: retells Explosions/Remote violenc: no type falls in it"):
        load_knowledge(with_retells(tmp_path, "Explosions/Remote violenc"))


def test_every_file_of_the_shipped_pack_says_where_it_comes_from() -> None:
    for path in sorted(p for p in DEFAULT_PACK.rglob("*") if p.is_file()):
        assert path.read_text(encoding="utf-8").startswith("#"), path.name


def test_a_number_sense_word_needs_its_side(tmp_path: Path) -> None:
    pack = broken(tmp_path, "dates.tsv", append="كلا\tnumber_sense\t\tbeside\n")
    with pytest.raises(PackError, match=r"dates\.tsv:\d+: number_sense side 'beside' is not before or after"):
        load_knowledge(pack)
