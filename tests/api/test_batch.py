"""POST /extract/batch: one result per document, in order, problems in place of failures."""

from __future__ import annotations

import msgspec
import pytest

import service.runner
from service.extraction import Extraction, extract

from .conftest import ClientFactory

FIRST = "قصفت طائرات حربية قرية في ريف حلب الشمالي."
SECOND = "اندلعت اشتباكات بين فصائل مسلحة في ريف إدلب."


def test_results_follow_the_documents_with_problems_in_place(client) -> None:
    documents = [
        {"id": "a", "text": FIRST, "url": "https://example.org/a"},
        {"id": "b", "text": "no Arabic at all"},
        {"text": SECOND},
        {"id": "d", "text": "   "},
        {"id": "e", "text": FIRST, "published_at": "yesterday"},
        {"id": "f", "text": FIRST},
    ]
    response = client.post("/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == len(documents)
    statuses = [result.get("status") for result in results]
    assert statuses == [None, 422, None, 422, 400, None]
    assert [result["id"] for result in results] == ["a", "b", None, "d", "e", "f"]
    assert results[0]["url"] == "https://example.org/a" and results[5]["url"] is None
    for index in (0, 2, 5):
        msgspec.convert(results[index], Extraction)
    assert results[1]["type"].endswith("no-arabic-text") and results[3]["type"].endswith("empty-text")


def test_cache_header_summarises_the_documents(client) -> None:
    batch = {"documents": [{"text": FIRST}, {"text": SECOND}]}
    assert client.post("/extract/batch", json=batch).headers["x-cache"] == "miss"
    assert client.post("/extract/batch", json=batch).headers["x-cache"] == "hit"
    assert client.post("/extract", json={"text": FIRST}).headers["x-cache"] == "hit"


def test_a_failing_document_gets_a_500_problem_and_the_others_their_results(
    client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fragile_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        if "إدلب" in document.text:
            raise ValueError(document.text)
        return extract(document, knowledge, **kwargs)

    monkeypatch.setattr(service.runner, "extract", fragile_extract)
    documents = [{"id": "ok", "text": FIRST}, {"id": "broken", "text": SECOND}, {"id": "ok2", "text": FIRST + " "}]
    response = client.post("/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["id"] for result in results] == ["ok", "broken", "ok2"]
    assert results[1]["status"] == 500 and "إدلب" not in response.text
    assert "incidents" in results[0] and "incidents" in results[2]


def test_more_documents_than_the_limit_is_a_413_problem(make_client: ClientFactory) -> None:
    client = make_client(max_batch=2)
    response = client.post("/extract/batch", json={"documents": [{"text": FIRST}] * 3})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert client.post("/extract/batch", json={"documents": [{"text": FIRST}] * 2}).status_code == 200


@pytest.mark.parametrize("body", [{"documents": []}, {"documents": "x"}, {}, {"documents": [{"id": "no text"}]}])
def test_malformed_batches_are_400_problems(client, body: dict) -> None:
    response = client.post("/extract/batch", json=body)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
