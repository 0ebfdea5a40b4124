"""The stages in order: normalize, find mentions, find events, link arguments, assemble."""

from __future__ import annotations

from .model import Document, Entity, Incident
from .text import normalize


def analyse(document: Document) -> tuple[list[Incident], list[Entity]]:
    text = normalize(document.text)
    del text  # stages are wired in as they land
    return [], []
