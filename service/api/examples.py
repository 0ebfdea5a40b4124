"""The founding article as the documented request example (seeds/ ships with the code)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SEED_PATH = Path(__file__).resolve().parents[2] / "seeds" / "sy24-russia-deir-ez-zor.txt"
SEED_ID = "sy24-russia-deir-ez-zor"


@cache
def seed_request() -> dict[str, str]:
    """The seed article as an ``ExtractRequest`` body."""
    return {"id": SEED_ID, "text": SEED_PATH.read_text(encoding="utf-8"), "source": "SY24"}
