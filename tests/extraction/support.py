"""What the finder tests share: the shipped knowledge, and mentions flattened for assertions."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import msgspec

from service.extraction.mention import Mention
from service.extraction.text import NormalizedText

from ..conftest import shipped_knowledge


def normalize(text: str) -> NormalizedText:
    return shipped_knowledge().normalizer(text)


def flat(m: Mention[Any]) -> SimpleNamespace:
    """A mention as the tests read it: its original span (``start``/``end``), its normalized one
    (``norm_start``/``norm_end``), the payload's fields side by side, and the mention itself."""
    return SimpleNamespace(
        text=m.text,
        start=m.orig_start,
        end=m.orig_end,
        norm_start=m.start,
        norm_end=m.end,
        mention=m,
        **msgspec.structs.asdict(m.value),
    )
