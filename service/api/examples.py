"""The founding article as the documented request example.

A checkout reads it from ``seeds/``; an installed wheel carries it beside this module
(``pyproject.toml``'s force-include), so ``hadath openapi`` gives the same document anywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGED_SEED = Path(__file__).with_name("seed_article.txt")
_CHECKOUT_SEED = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"
SEED_PATH = _PACKAGED_SEED if _PACKAGED_SEED.is_file() else _CHECKOUT_SEED
SEED_ID = "sy24-russia-deir-ez-zor"


@cache
def seed_request() -> dict[str, str]:
    """The seed article as an ``ExtractRequest`` body."""
    return {"id": SEED_ID, "text": SEED_PATH.read_text(encoding="utf-8"), "source": "SY24"}
