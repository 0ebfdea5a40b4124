"""What the finder tests share: the shipped knowledge, and mentions flattened for assertions."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import msgspec

from service.extraction import DEFAULT_PACK, Knowledge, load_knowledge
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


NEUTRAL_MODELS = {
    "typing": "# Written for the tests: never sure of a type, the lexicon's stays.\n# threshold: 0.99\n"
    "feature\tclass\tweight\n(bias)\tattack\t0\n(bias)\tshelling\t0\n",
}


# A sentence sent alone has a low prior of reporting an event (the GSR's sentences taught it):
# the rules' tests take any mention the model does not rule out.
RULES_EVENTIVENESS = 0.12
_THRESHOLD = re.compile(r"^# threshold: .*$", re.MULTILINE)
_TYPE_THRESHOLD = re.compile(r"^# threshold [^:]+: .*\n", re.MULTILINE)  # a type's own threshold


@functools.cache
def rules_knowledge() -> Knowledge:
    """The shipped pack with a sentence's mentions taken as reporting an event unless the model
    rules them out, typed by the lexicon and instrument words alone: what the rules of the later
    stages (arguments, status, background, assembly) do, apart from what the models decide
    (tests/extraction/test_learned.py)."""
    pack = Path(tempfile.mkdtemp(prefix="hadath-rules-pack-")) / "pack"
    shutil.copytree(DEFAULT_PACK, pack)
    for name, weights in NEUTRAL_MODELS.items():
        (pack / "models" / f"{name}.tsv").write_text(weights, encoding="utf-8")
    (pack / "models" / "sentences.tsv").unlink()  # how a sentence reads as a whole is the models' part
    eventiveness = pack / "models" / "eventiveness.tsv"
    header = _TYPE_THRESHOLD.sub("", eventiveness.read_text("utf-8"))
    eventiveness.write_text(_THRESHOLD.sub(f"# threshold: {RULES_EVENTIVENESS}", header), "utf-8")
    return load_knowledge(pack)
