"""Build service/packs/default/gazetteer.tsv (and place_stopwords.tsv) from the Syria place sources.

Sources (read at build time only; the service reads the generated files):
  ocha-cod-communities.csv   OCHA Syria CODs: governorates, districts, subdistricts, communities
  opensyria-*.json           Open-Syria data-geography: admin 1-3 centroids and name aliases

One row per unit: 14 governorates, 62 districts, 270 subdistricts and one row per
community P-code. The CSV's 414 neighbourhood rows ("N") carry no names of their own
(each repeats its city's name and P-code), so they fold into their city's row.

Aliases hold the spellings a reader meets: Open-Syria's Arabic and Latin aliases, the
name without its article (الميادين / ميادين), without a final hamza (السويداء / السويدا),
the plain-alef form, compound names split or joined (كفرزيتا / كفر زيتا), and Latin forms
with and without "Al-". The matcher adds the rest (attached clitics, ال, glued words).

With wordfreq importable, also writes place_stopwords.tsv: surface forms of place names
(name, or clitic + name) that are frequent Arabic words (Zipf >= STOP_ZIPF), which the
place finder accepts only after a place cue or with context. Governorate names and the
hand-picked names of places_extra.tsv are exempt; place_stop_overrides.tsv adds or exempts forms.

usage: uv run --group gazetteer python scripts/build_gazetteer.py [SOURCE_DIR] [OUTPUT_DIR]
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from importlib.metadata import version as _version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_text_modules() -> None:
    """Import text.py and matcher.py without the package __init__ (the whole pipeline):
    the build needs only normalization, and must work while other stages are half-built."""
    import types

    sys.path.insert(0, str(ROOT))
    package = types.ModuleType("service.extraction")
    package.__path__ = [str(ROOT / "service" / "extraction")]
    sys.modules.setdefault("service.extraction", package)


_load_text_modules()
from service.extraction.matcher import PROCLITICS  # noqa: E402
from service.extraction.pack import Pack  # noqa: E402

DEFAULT_SOURCE = Path("/work/shared/data/syria-places")
DEFAULT_OUTPUT = ROOT / "service" / "packs" / "default"
normalize_key = Pack(DEFAULT_OUTPUT).key  # names are compared as the service normalizes them
COLUMNS = [
    "pcode",
    "admin_level",
    "name_ar",
    "name_en",
    "admin1_pcode",
    "admin1_en",
    "admin2_pcode",
    "admin3_pcode",
    "lat",
    "lon",
    "aliases",
]
STOP_ZIPF = 3.3  # ~ one occurrence in 500,000 words: frequent enough to be a word first
STRONG_ZIPF = 4.5  # district names below it are towns first (الميادين، السلمية)
LONG_NAME = 5  # letters: a clitic and a shorter name make common words (بلد، كريم)
# Arabic letters (hamza to yeh) and the space: aliases in other scripts (Kurdish) are dropped.
_ARABIC_ALIAS = re.compile(r"^[\u0621-\u064A ]+$")
_LATIN_ALIAS = re.compile(r"^[A-Za-z][A-Za-z' -]+$")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|at|ath|ad|adh|az|an|ed|es|ez|er)[- ]", re.IGNORECASE)
# hamza seats -> bare alef, alef maqsura -> yeh, teh marbuta -> heh (escaped: ruff RUF001)
_PLAIN = str.maketrans("أإآىة", "\u0627\u0627\u0627\u064a\u0647")
_ADMIN_WORDS = ("ناحية ", "منطقة ", "محافظة ")
_LATIN_ADMIN_WORDS = ("subdistrict", "district", "governorate", "nahiyat", "markaz")


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    prefixes = read_name_prefixes(output / "place_name_parts.tsv")
    rows = build_rows(source, prefixes)
    write_gazetteer(output / "gazetteer.tsv", rows)
    counts = {level: sum(r["admin_level"] == str(level) for r in rows) for level in range(1, 5)}
    print(f"gazetteer.tsv: {len(rows)} rows {counts}")
    try:
        import wordfreq
    except ImportError:
        print("wordfreq not importable: place_stopwords.tsv left as it is")
        return
    extra = read_tsv(output / "places_extra.tsv")
    overrides = read_tsv(output / "place_stop_overrides.tsv")
    world = read_world(output)
    context_words: dict[str, float] = {}
    world_places = world["countries"] + world["places"]
    stops = derive_stopwords(rows, extra + world["hand"], overrides, wordfreq, world_places, context_words)
    write_stopwords(output / "place_stopwords.tsv", stops, _version("wordfreq"))
    write_context_words(output / "place_context_words.tsv", context_words, _version("wordfreq"))
    print(f"place_context_words.tsv: {len(context_words)} surface forms")
    print(f"place_stopwords.tsv: {len(stops)} surface forms")


# --- sources -----------------------------------------------------------------------------


def build_rows(source: Path, prefixes: frozenset[str]) -> list[dict[str, str]]:
    with (source / "ocha-cod-communities.csv").open(encoding="utf-8", newline="") as f:
        communities = [_clean_row(row) for row in csv.DictReader(f)]
    opensyria = {}
    for name in ("governorates", "districts", "subdistricts"):
        for unit in json.loads((source / f"opensyria-{name}.json").read_text(encoding="utf-8")):
            opensyria[unit["externalIds"]["ochaPcode"]] = unit
    admin: dict[str, dict[str, str]] = {}
    for c in communities:
        admin.setdefault(c["admin1_pcode"], _admin_row(c, 1, opensyria))
        admin.setdefault(c["admin2_pcode"], _admin_row(c, 2, opensyria))
        admin.setdefault(c["admin3_pcode"], _admin_row(c, 3, opensyria))
    rows = list(admin.values())
    seen: set[str] = set()
    for c in communities:
        if c["kind"] != "C" or c["pcode"] in seen:
            continue
        seen.add(c["pcode"])
        rows.append(
            {
                "pcode": c["pcode"],
                "admin_level": "4",
                "name_ar": c["name_ar"].strip(),
                "name_en": c["name_en"].strip(),
                "admin1_pcode": c["admin1_pcode"],
                "admin1_en": c["admin1_en"],
                "admin2_pcode": c["admin2_pcode"],
                "admin3_pcode": c["admin3_pcode"],
                "lat": _coord(c["lat"]),
                "lon": _coord(c["lon"]),
                "aliases": "|".join(a for a in (c["_more_ar"], c["_more_en"]) if a),
            }
        )
    for row in rows:
        unit = opensyria.get(row["pcode"])
        row["aliases"] = "|".join(aliases_for(row, unit, prefixes))
    rows.sort(key=lambda r: (r["admin_level"], _pcode_order(r["pcode"])))
    return rows


def _clean_row(row: dict[str, str]) -> dict[str, str]:
    """A few quoted names hold several spellings on separate lines: the first is the name,
    the others go to ``_more_ar`` / ``_more_en`` (aliases)."""
    clean = {}
    for key, value in row.items():
        lines = _unique(value.splitlines()) or [""]
        clean[key] = lines[0]
        if key in ("name_ar", "name_en"):
            clean["_more_" + key[-2:]] = "|".join(lines[1:])
    return clean


def _admin_row(c: dict[str, str], level: int, opensyria: dict[str, dict]) -> dict[str, str]:
    prefix = f"admin{level}_"
    pcode = c[prefix + "pcode"]
    unit = opensyria.get(pcode)
    lat = lon = ""
    if unit and unit.get("centroid"):
        lat, lon = _coord(unit["centroid"]["latitude"]), _coord(unit["centroid"]["longitude"])
    return {
        "pcode": pcode,
        "admin_level": str(level),
        "name_ar": c[prefix + "ar"].strip(),
        "name_en": c[prefix + "en"].strip(),
        "admin1_pcode": c["admin1_pcode"],
        "admin1_en": c["admin1_en"],
        "admin2_pcode": c["admin2_pcode"] if level >= 2 else "",
        "admin3_pcode": c["admin3_pcode"] if level >= 3 else "",
        "lat": lat,
        "lon": lon,
        "aliases": "",
    }


def _coord(value: str | float) -> str:
    return f"{float(value):.5f}"


def _pcode_order(pcode: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", pcode)
    return (int(digits) if digits else 0, pcode)


# --- aliases -----------------------------------------------------------------------------


def aliases_for(row: dict[str, str], unit: dict | None, prefixes: frozenset[str]) -> list[str]:
    """Spelling variants of a unit's name, Arabic first, without the names themselves."""
    given = [a for a in row["aliases"].split("|") if a]
    arabic = [row["name_ar"], *(a for a in given if not a.isascii())]
    latin = [row["name_en"], *(a for a in given if a.isascii())]
    if unit:
        arabic.append(unit["name"]["ar"])
        latin.append(unit["name"]["en"])
        for alias in unit["aliases"]:
            value = unicodedata.normalize("NFC", alias["value"]).strip()
            if alias["language"] == "ar":
                arabic.append(value)
            else:
                latin.append(value)
    arabic = [a for a in arabic if _ARABIC_ALIAS.match(_strip_marks(a)) and not a.startswith(("مدينة ", "مركزها"))]
    arabic += [a.split(" ", 1)[1] for a in arabic if a.startswith(_ADMIN_WORDS) and " " in a]
    variants: list[str] = []
    for name in arabic:
        variants += arabic_variants(_strip_marks(name), prefixes)
    for name in latin:
        if _LATIN_ALIAS.match(name) and not name.islower() and not _has_admin_word(name):
            variants += latin_variants(name)
    names = {row["name_ar"], row["name_en"]}
    return [v for v in _unique(variants) if v not in names]


def arabic_variants(name: str, prefixes: frozenset[str]) -> list[str]:
    out = [name]
    words = name.split(" ")
    if words[0].startswith("ال") and len(words[0]) > 4:  # الميادين -> ميادين (not ال+2 letters)
        out.append(" ".join([words[0][2:], *words[1:]]))
    if name.endswith("اء"):  # السويداء -> السويدا
        out += [v[:-1] for v in list(out)]
    if len(words) == 1:  # كفرزيتا -> كفر زيتا
        for prefix in sorted(prefixes):
            rest = name[len(prefix) :]
            if name.startswith(prefix) and len(rest) >= 3 and not rest.startswith("ال"):
                out.append(f"{prefix} {rest}")
    plain = [_plain_arabic(v) for v in out]
    return out + plain


def _plain_arabic(name: str) -> str:
    """The spelling without hamza seats, alef maqsura or teh marbuta, as often typed."""
    return name.translate(_PLAIN)


def latin_variants(name: str) -> list[str]:
    out = [name, name.replace("-", " ")]
    bare = _LATIN_ARTICLE.sub("", name)
    if bare != name and len(bare) >= 3:
        out += [bare, f"Al-{bare}", f"Al {bare}"]
    return out


def _has_admin_word(name: str) -> bool:
    lower = name.lower()
    return any(word in lower for word in _LATIN_ADMIN_WORDS)


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("M")).strip()


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        item = re.sub(r"\s+", " ", item).strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# --- stop words ------------------------------------------------------------------------


def derive_stopwords(
    rows: list[dict[str, str]],
    extra: list[dict[str, str]],
    overrides: list[dict[str, str]],
    wordfreq,
    world: list[dict[str, str]] = (),  # type: ignore[assignment]
    context_words: dict[str, float] | None = None,
) -> dict[str, float]:
    """Surface forms (normalized) of place names that are frequent words: name -> Zipf.
    ``world``: the generated world places; a country's names are exempt, a town's or a
    first-level unit's are not (العاصمة، المالية، الشمالية are words first)."""
    exempt = {normalize_key(o["form"]) for o in overrides if o["action"] == "keep"}
    forced = {normalize_key(o["form"]): o.get("zipf") for o in overrides if o["action"] == "stop"}
    titles = {normalize_key(o["form"]) for o in overrides if o["action"] == "title"}
    seat_names: set[str] = set()
    for row in rows:
        if row["admin_level"] == "1":
            exempt.update(normalize_key(n) for n in _source_names(row))
        elif row["admin_level"] == "2":
            seat_names.update(normalize_key(n) for n in _source_names(row))
    for row in extra:  # hand-picked as places; the common words among them are 'stop' overrides
        exempt.update(normalize_key(n) for n in _names(row))
    for row in world:
        if row["id"].startswith("country:"):
            exempt.update(normalize_key(n) for n in _names(row))
    keys = sorted({normalize_key(n) for row in [*rows, *extra, *world] for n in _names(row)})
    # "ولبنان" is و + لبنان (exempt) before it is ول + بنان (a town): the clitic forms of a long
    # exempt name stay exempt (of a short one they are words: وجده "and Jeddah" / "found it").
    exempt |= {c + key for key in exempt if len(key) >= LONG_NAME for c in PROCLITICS if "ال" not in c}
    frequency = _zipf_table(wordfreq)
    stops: dict[str, float] = {}
    for key in keys:
        if key in exempt or not key or not key[0].isalpha() or key.isascii():
            continue
        for clitic in sorted(PROCLITICS):
            surface = clitic + (key[2:] if clitic.endswith("لل") and key.startswith("ال") else key)
            if ("ال" in clitic or clitic.endswith("لل")) and not key.startswith("ال"):
                continue  # the place finder never reads "ال" + a name without it
            zipf = frequency.get(surface, 0.0)  # single words only: phrase estimates mislead
            if (key in seat_names or surface in seat_names) and zipf < STRONG_ZIPF:
                if zipf >= STOP_ZIPF and context_words is not None:  # a town first, where Syria is named
                    context_words[surface] = max(context_words.get(surface, 0.0), zipf)
                continue
            if zipf >= STOP_ZIPF and surface not in exempt:
                stops[surface] = max(stops.get(surface, 0.0), zipf)
    for key in keys:  # "الشيخ أحمد": a title and a common given name make a person first
        title, _, rest = key.partition(" ")
        if title in titles and rest and " " not in rest and frequency.get(rest, 0.0) >= STRONG_ZIPF:
            stops.setdefault(key, STRONG_ZIPF)
    for form, zipf in forced.items():  # a multi-word form (عبد الله) has no frequency: it needs a cue
        stops[form] = float(zipf) if zipf else max(frequency.get(form, STRONG_ZIPF), STOP_ZIPF)
    return dict(sorted(stops.items()))


def _source_names(row: dict[str, str]) -> list[str]:
    """The names as the sources write them (not the variants derived here, like رقة)."""
    return [row["name_ar"], *(a for a in row["aliases"].split("|") if a.startswith(("ال", "محافظة")))]


def _names(row: dict[str, str]) -> list[str]:
    return [row["name_ar"], *(a for a in row["aliases"].split("|") if a and not a.isascii())]


def _zipf_table(wordfreq) -> dict[str, float]:
    """wordfreq's Arabic words folded as our text is (several spellings add up)."""
    table: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict("ar").items():
        key = normalize_key(word)
        table[key] = table.get(key, 0.0) + freq
    return {
        k: round(wordfreq.freq_to_zipf(v) if hasattr(wordfreq, "freq_to_zipf") else _zipf(v), 2)
        for k, v in table.items()
    }


def _zipf(freq: float) -> float:
    import math

    return math.log10(freq) + 9.0 if freq > 0 else 0.0


# --- io --------------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"), strict=False)) for ln in lines[1:]]


def read_world(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The generated world places (countries; first-level units and towns) and the hand-written
    names of place_aliases.tsv, which count as hand-picked (exempt) like places_extra.tsv's."""
    if not (folder / "world_countries.tsv").is_file():
        return {"countries": [], "places": [], "hand": []}
    places = read_tsv(folder / "world_admin1.tsv") + read_tsv(folder / "world_cities.tsv")
    fixes = read_tsv(folder / "place_aliases.tsv")
    known = {r["id"] for r in fixes if r["known"] == "1"}  # towns known by name (نابلس), all their names
    hand = [r for r in places if r["id"] in known]
    hand += [
        {"name_ar": r["name_ar"], "aliases": r["aliases"]}
        for r in fixes
        if r["id"].startswith(("country:", "geonames:"))  # not the units' names: وان، موش are words
    ]
    return {"countries": read_tsv(folder / "world_countries.tsv"), "places": places, "hand": hand}


def read_name_prefixes(path: Path) -> frozenset[str]:
    return frozenset(r["word"] for r in read_tsv(path) if r["role"] == "prefix")


def write_gazetteer(path: Path, rows: list[dict[str, str]]) -> None:
    header = [
        "# Syria gazetteer: governorates (admin_level 1), districts (2), subdistricts (3),",
        "# communities (4), one row per OCHA P-code. Names, P-codes, hierarchy and community",
        '# coordinates: OCHA Syria CODs (CC BY 3.0 IGO, credit "OCHA Syria CODs"), via the',
        "# compilation in salih-17/Syria-Administrative-LookupV2. Admin 1-3 centroids and the",
        "# Open-Syria aliases: Open-Syria data-geography v0.1.x (CC BY 4.0, attribution OpenSyria).",
        "# Aliases (|-separated) add spelling variants derived by the build script.",
        "# Built by: uv run --group gazetteer python scripts/build_gazetteer.py",
    ]
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row[c] for c in COLUMNS) + "\n")


def write_context_words(path: Path, words: dict[str, float], version: str) -> None:
    header = [
        "# District and subdistrict names (normalized, bare and with each proclitic) that are frequent",
        f"# Arabic words (Zipf {STOP_ZIPF} to {STRONG_ZIPF} in wordfreq {version}; Robyn Speer, data CC BY-SA 4.0)",
        "# but towns first in Syrian news (التل، الباب): the place finder reads them as Syrian places",
        "# only where the article names Syria, or after a place cue.",
        "# Built by: uv run --group gazetteer python scripts/build_gazetteer.py",
    ]
    write_forms(path, header, dict(sorted(words.items())))


def write_stopwords(path: Path, stops: dict[str, float], version: str) -> None:
    header = [
        "# Place-name surface forms that are frequent Arabic words (normalized as text is).",
        "# A place name written so is taken as a place only after a place cue or with context.",
        "# Derived: every gazetteer / places_extra name, bare and with each proclitic, whose",
        f"# frequency in wordfreq {version} (Arabic; Robyn Speer, data CC BY-SA 4.0) is at least",
        f"# Zipf {STOP_ZIPF}; governorate names, places_extra names, district names below",
        f"# Zipf {STRONG_ZIPF} (towns first: الميادين، السلمية) and the 'keep' rows of",
        "# place_stop_overrides.tsv exempt, its 'stop' rows added (at their zipf column, else their",
        "# frequency; multi-word ones at Zipf 4.5: they need a place cue), and names made of a",
        "# 'title' row and a frequent word (الشيخ أحمد) added at Zipf 4.5.",
        "# Only the names as the sources write them are exempt, not derived",
        "# variants (رقة from الرقة is also 'thinness', ورقة 'paper').",
        "# Built by: uv run --group gazetteer python scripts/build_gazetteer.py",
    ]
    write_forms(path, header, stops)


def write_forms(path: Path, header: list[str], forms: dict[str, float]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        f.write("form\tzipf\n")
        for form, zipf in forms.items():
            f.write(f"{form}\t{zipf:.2f}\n")


if __name__ == "__main__":
    main(sys.argv)
