"""Extractions of the seed and of short invented reports, made by the real extractor once per session."""

from __future__ import annotations

import datetime as dt

import pytest

from service.extraction import Document, Extraction, Knowledge, extract

from ..conftest import SEED_PATH

# Invented events, reported for the tests: A and B tell one air strike in different words (B a
# higher toll); C is the same wording four days later, D the same day in another town.
REPORTS = {
    "a": (
        "Outlet A",
        "2024-03-11",
        "قتل ثلاثة مدنيين أمس في غارة جوية نفذها الطيران الروسي على بلدة سرمدا في ريف إدلب الشمالي.",
    ),
    "b": (
        "Outlet B",
        "2024-03-11",
        "أفادت مصادر محلية بمقتل 4 مدنيين جراء قصف جوي روسي استهدف بلدة سرمدا شمال إدلب يوم الأحد.",
    ),
    "c": (
        "Outlet C",
        "2024-03-15",
        "قتل ثلاثة مدنيين أمس في غارة جوية نفذها الطيران الروسي على بلدة سرمدا في ريف إدلب الشمالي.",
    ),
    "d": (
        "Outlet D",
        "2024-03-11",
        "قتل ثلاثة مدنيين أمس في غارة جوية نفذها الطيران الروسي على مدينة جسر الشغور في ريف إدلب الغربي.",
    ),
}


def extraction_of(
    knowledge: Knowledge, doc_id: str, text: str, source: str | None, published: str | None
) -> Extraction:
    published_at = dt.date.fromisoformat(published) if published else None
    return extract(Document(text=text, source=source, published_at=published_at), knowledge, doc_id=doc_id)


@pytest.fixture(scope="session")
def seed_extraction(knowledge: Knowledge) -> Extraction:
    return extraction_of(knowledge, "seed", SEED_PATH.read_text(encoding="utf-8"), "SY24", "2021-11-10")


@pytest.fixture(scope="session")
def reports(knowledge: Knowledge) -> dict[str, Extraction]:
    return {
        doc_id: extraction_of(knowledge, doc_id, text, source, day) for doc_id, (source, day, text) in REPORTS.items()
    }
