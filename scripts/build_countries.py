"""Build service/exports/countries.tsv: what the ACLED export needs to know about each country.

For every ISO 3166-1 country: its alpha-3 and alpha-2 codes and its numeric code (ACLED's
``iso`` column) from pycountry (the Debian iso-codes data), the English name as ACLED writes
it (pycountry's common name unless ACLED's differs, listed in ACLED_NAMES), and ACLED's region.

The regions are facts written down here from ACLED's published country coverage (its
codebook's regions and the region column of its data). A country whose ACLED region we could
not confirm is left without one: the export then leaves ``region`` empty rather than guess.

usage: uv run python scripts/build_countries.py [OUTPUT]   (pycountry is a dev dependency only)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "service" / "exports" / "countries.tsv"

# Where ACLED's English country name differs from pycountry's common (or short) name.
ACLED_NAMES = {
    "BRN": "Brunei",
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "CPV": "Cape Verde",
    "CZE": "Czech Republic",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SWZ": "eSwatini",
    "TLS": "East Timor",
    "TUR": "Turkey",
    "VAT": "Vatican City",
}

# ACLED's regions and the countries (alpha-3) each one holds.
ACLED_REGIONS = {
    "Middle East": "ARE BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR YEM",
    "Northern Africa": "DZA EGY LBY MAR SDN TUN",
    "Eastern Africa": "BDI DJI ERI ETH KEN RWA SOM SSD TZA UGA",
    "Western Africa": "BEN BFA CIV CPV GHA GIN GMB GNB LBR MLI MRT NER NGA SEN SLE TGO",
    "Middle Africa": "CAF CMR COD COG GAB GNQ STP TCD",
    "Southern Africa": "BWA LSO MOZ MWI NAM SWZ ZAF ZMB ZWE",
    "South Asia": "AFG BGD BTN IND LKA MDV NPL PAK",
    "Southeast Asia": "BRN IDN KHM LAO MMR MYS PHL SGP THA TLS VNM",
    "East Asia": "CHN JPN KOR MNG PRK TWN",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "Europe": (
        "ALB AND AUT BEL BGR BIH BLR CHE CZE DEU DNK ESP EST FIN FRA GBR GRC HRV HUN IRL ISL ITA LIE LTU "
        "LUX LVA MCO MDA MKD MLT MNE NLD NOR POL PRT ROU RUS SMR SRB SVK SVN SWE UKR VAT"
    ),
    "North America": "CAN USA",
    "Central America": "BLZ CRI GTM HND MEX NIC PAN SLV",
    "South America": "ARG BOL BRA CHL COL ECU GUY PER PRY SUR URY VEN",
    "Caribbean": "ATG BHS BRB CUB DMA DOM GRD HTI JAM KNA LCA PRI TTO VCT",
    "Oceania": "AUS FJI FSM KIR MHL NRU NZL PLW PNG SLB TON TUV VUT WSM",
    "Antarctica": "ATA",
}

HEADER = """\
# Countries for the ACLED CSV export: ISO 3166-1 codes, the English name as ACLED writes it, ACLED's region.
# Codes and names: pycountry {version} (ISO 3166-1 from Debian's iso-codes, LGPL-2.1); names changed to
# ACLED's spelling where it differs, and regions, compiled by the Hadath developers from ACLED's
# published country coverage (a country whose ACLED region is not confirmed has none).
# Built by: uv run python scripts/build_countries.py
# Columns: alpha3, alpha2, numeric (ACLED's iso), name (ACLED's country), region (ACLED's region)
alpha3\talpha2\tnumeric\tname\tregion
"""


def region_of() -> dict[str, str]:
    regions: dict[str, str] = {}
    for region, codes in ACLED_REGIONS.items():
        for code in codes.split():
            if code in regions:
                raise SystemExit(f"{code} is listed in {regions[code]} and {region}")
            regions[code] = region
    return regions


def rows() -> list[str]:
    regions = region_of()
    unknown = set(regions) - {country.alpha_3 for country in pycountry.countries}
    if unknown:
        raise SystemExit(f"not ISO 3166-1 alpha-3 codes: {sorted(unknown)}")
    lines = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        name = ACLED_NAMES.get(country.alpha_3) or getattr(country, "common_name", None) or country.name
        fields = [country.alpha_3, country.alpha_2, str(int(country.numeric)), name, regions.get(country.alpha_3, "")]
        lines.append("\t".join(fields) + "\n")
    return lines


def table() -> str:
    version = getattr(pycountry, "__version__", None) or _installed_version()
    return HEADER.format(version=version) + "".join(rows())


def _installed_version() -> str:
    from importlib import metadata

    return metadata.version("pycountry")


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    output.write_text(table(), encoding="utf-8")
    without = [line.split("\t")[0] for line in rows() if line.rstrip("\n").endswith("\t")]
    print(f"wrote {output}: {len(rows())} countries, {len(without)} without an ACLED region", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
