"""Build service/packs/default/char_map.tsv: how each character is normalized for matching.

The Arabic part is what camel-tools' normalizers do to each code point (normalize_unicode,
dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar); the rest
(hamza seats, Persian letters, digits, punctuation, invisible marks) is listed below because
camel-tools leaves it alone. Deriving the table once keeps camel-tools' 0.7 s import out of
every worker; tests/extraction/test_text.py checks the runtime agrees with camel-tools.

usage: python scripts/build_char_map.py [OUTPUT]
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

OUTPUT = Path(__file__).resolve().parent.parent / "service" / "packs" / "default" / "char_map.tsv"

# Ranges whose characters camel-tools may rewrite: Arabic, its supplements and presentation forms.
CAMEL_RANGES = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]

# What camel-tools leaves alone but matching must fold (source -> target; "" deletes).
EXTRA = {
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
    "ھ": "ه",
    "ۀ": "ه",
    "ـ": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
    "\ufeff": "",
    "\u00ad": "",
    "\u061c": "",
    "\u202a": "",
    "\u202b": "",
    "\u202c": "",
    "\u202d": "",
    "\u202e": "",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "٫": ".",
    "٬": ",",
    "۔": ".",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
}


def camel(ch: str) -> str:
    out = dediac_ar(normalize_unicode(ch))
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(out)))


def build() -> dict[str, str]:
    table: dict[str, str] = {}
    for lo, hi in CAMEL_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if unicodedata.category(ch) == "Cn":
                continue
            out = camel(ch)
            if unicodedata.category(ch) == "Mn":  # Quranic marks camel-tools keeps: irrelevant to matching
                out = ""
            if out != ch:
                table[ch] = out
    for digit in range(10):  # Arabic-Indic and Persian digits
        table[chr(0x0660 + digit)] = str(digit)
        table[chr(0x06F0 + digit)] = str(digit)
    for upper in range(ord("A"), ord("Z") + 1):  # Latin names match case-insensitively
        table[chr(upper)] = chr(upper + 32)
    for src, dst in EXTRA.items():
        table[src] = "".join(EXTRA.get(c, c) for c in camel(dst)) if dst else ""
    # Fold targets again so that one pass is enough (e.g. a ligature yielding hamza seats).
    return {src: "".join(table.get(c, c) for c in dst) for src, dst in table.items()}


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    rows = sorted(build().items())
    with output.open("w", encoding="utf-8") as f:
        f.write("# Character folding for matching: source code point (hex) -> replacement code points\n")
        f.write("# (hex, empty deletes).\n")
        f.write("# Derived from camel-tools (MIT) normalize_unicode, dediac_ar, normalize_alef_ar,\n")
        f.write("# normalize_alef_maksura_ar, normalize_teh_marbuta_ar, plus the EXTRA folds in the script.\n")
        f.write("# Built by: python scripts/build_char_map.py\n")
        for src, dst in rows:
            f.write(f"{ord(src):04X}\t{' '.join(f'{ord(c):04X}' for c in dst)}\n")
    print(f"{len(rows)} characters -> {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
