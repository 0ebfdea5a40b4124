"""POST /extract: the answer, the cache header, and each documented error."""

from __future__ import annotations

import msgspec
import pytest

import service.runner
from service.extraction import Document, Extraction, extract

from .conftest import ClientFactory

ARABIC = "قصفت طائرات حربية قرية في ريف حلب الشمالي أمس."


def problem_of(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == response.status_code
    return body


def test_seed_article_gives_a_schema_valid_extraction(client, seed_text: str) -> None:
    response = client.post("/extract", json={"id": "seed", "url": "https://example.org/a", "text": seed_text})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    extraction = msgspec.json.decode(response.content, type=Extraction)
    assert (extraction.id, extraction.url, extraction.language) == ("seed", "https://example.org/a", "ar")
    assert isinstance(extraction.incidents, list)
    assert extraction.meta.elapsed_ms > 0
    for incident in extraction.incidents:
        assert seed_text[incident.trigger.start : incident.trigger.end] == incident.trigger.text


def test_cache_hit_returns_the_same_body_with_the_callers_id(client) -> None:
    first = client.post("/extract", json={"id": "one", "text": ARABIC})
    second = client.post("/extract", json={"id": "two", "url": "u", "text": ARABIC})
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    one, two = first.json(), second.json()
    assert (one["id"], one["url"], two["id"], two["url"]) == ("one", None, "two", "u")
    assert one["meta"] == two["meta"]


def test_the_fields_the_extractor_reads_are_part_of_the_cache_key(client) -> None:
    client.post("/extract", json={"text": ARABIC})
    dated = client.post("/extract", json={"text": ARABIC, "published_at": "2021-11-10"})
    titled = client.post("/extract", json={"text": ARABIC, "title": "عنوان"})
    assert dated.headers["x-cache"] == titled.headers["x-cache"] == "miss"


def test_no_cache_request_header_recomputes(client, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(document.text)
        return extract(document, knowledge, **kwargs)

    monkeypatch.setattr(service.runner, "extract", counting_extract)
    client.post("/extract", json={"text": ARABIC})
    cached = client.post("/extract", json={"text": ARABIC})
    refreshed = client.post("/extract", json={"text": ARABIC}, headers={"Cache-Control": "no-cache"})
    assert cached.headers["x-cache"] == "hit"
    assert refreshed.status_code == 200 and refreshed.headers["x-cache"] != "hit"
    assert len(calls) == 2


@pytest.mark.parametrize(
    "published_at",
    ["2021-11-10", "2021-11-10T23:30:00Z", "2021-11-10T23:30:00.123456+05:30", "2021-11-10t01:00:00-00:00"],
)
def test_published_at_takes_a_date_or_a_date_time(client, published_at: str) -> None:
    response = client.post("/extract", json={"text": ARABIC, "published_at": published_at})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"{not json", "malformed"),
        (b'{"text": 5}', "text"),
        (b'{"title": "x"}', "text"),
        (b"[]", ""),
        (b'{"text": "\xd8\xa8", "published_at": "10/11/2021"}', "published_at"),
        (b'{"text": "\xd8\xa8", "id": 7}', "id"),
    ],
)
def test_malformed_bodies_are_400_problems(client, body: bytes, detail: str) -> None:
    response = client.post("/extract", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    problem = problem_of(response)
    assert detail in problem["detail"].lower()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "empty-text"),
        (" \n\t\u00a0", "empty-text"),
        ("Only English words here, 123.", "no-arabic-text"),
        ("\u064b\u0660\u0661", "no-arabic-text"),  # a diacritic and Arabic-Indic digits are not letters
    ],
)
def test_unusable_text_is_a_422_problem(client, text: str, kind: str) -> None:
    response = client.post("/extract", json={"text": text})
    assert response.status_code == 422
    assert problem_of(response)["type"].endswith(kind)


def test_text_longer_than_the_limit_is_a_422_problem(make_client: ClientFactory) -> None:
    client = make_client(max_text_chars=20)
    assert client.post("/extract", json={"text": "ب" * 20}).status_code == 200
    response = client.post("/extract", json={"text": "ب" * 21})
    assert response.status_code == 422
    assert problem_of(response)["type"].endswith("text-too-long")


def test_body_larger_than_the_limit_is_a_413_problem(make_client: ClientFactory) -> None:
    client = make_client(max_text_chars=10)
    too_big = b'{"text": "' + b"\\u0628" * 20_000 + b'"}'
    response = client.post("/extract", content=too_big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    problem_of(response)


def test_escaped_arabic_up_to_the_text_limit_fits_the_body_limit(make_client: ClientFactory) -> None:
    client = make_client(max_text_chars=5_000)
    body = b'{"title": "' + b"\\u0628" * 1_000 + b'", "text": "' + b"\\u0628" * 5_000 + b'"}'
    response = client.post("/extract", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_not_sent_as_json_is_a_415_problem(client, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/extract", content=b'{"text": "\xd8\xa8"}', headers=headers)
    assert response.status_code == 415
    problem_of(response)


def test_json_with_a_charset_or_a_json_suffix_is_accepted(client) -> None:
    for content_type in ("application/json; charset=utf-8", "application/vnd.hadath+json"):
        response = client.post("/extract", content='{"text": "ب"}'.encode(), headers={"Content-Type": content_type})
        assert response.status_code == 200, content_type


def test_wrong_method_and_unknown_path_are_problems(client) -> None:
    wrong_method = client.get("/extract")
    assert wrong_method.status_code == 405
    assert "POST" in wrong_method.headers["allow"]
    problem_of(wrong_method)
    problem_of(client.get("/no-such-path"))


def test_an_unexpected_exception_is_a_500_problem_without_details(client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_extract(document, knowledge, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"internal state leaked: {document.text}")

    monkeypatch.setattr(service.runner, "extract", broken_extract)
    response = client.post("/extract", json={"text": ARABIC})
    assert response.status_code == 500
    problem = problem_of(response)
    assert "leaked" not in response.text and ARABIC not in response.text and "Traceback" not in response.text
    assert problem["type"].endswith("internal-error")


def test_with_identity_writes_id_and_url_into_a_cached_body(knowledge) -> None:
    anonymous = extract(Document(text="قصفت طائرات حربية قرية في ريف دير الزور الشرقي أمس."), knowledge)
    body = msgspec.json.encode(anonymous)
    named = msgspec.json.decode(service.runner.with_identity(body, "doc-7", "https://e.org/\u00e9"), type=Extraction)
    assert (named.id, named.url) == ("doc-7", "https://e.org/\u00e9")
    assert msgspec.structs.replace(named, id=None, url=None) == anonymous
    # A body in another field order (an older cache entry, say) takes the slow path to the same answer.
    reordered = msgspec.json.encode(msgspec.to_builtins(anonymous) | {"id": None}, order="sorted")
    assert service.runner.with_identity(reordered, "doc-7", None) == msgspec.json.encode(
        msgspec.structs.replace(anonymous, id="doc-7")
    )
