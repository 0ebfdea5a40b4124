"""Optional API keys: /extract* need a Bearer key when HADATH_API_KEYS is set; health stays open."""

from __future__ import annotations

import json

import pytest

from .conftest import ClientFactory

TEXT = "قصفت طائرات حربية قرية في ريف حلب."


@pytest.fixture
def keyed(make_client: ClientFactory):  # type: ignore[no-untyped-def]
    return make_client(api_keys=frozenset({"first-key", "second-key"}))


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer wrong", "Basic first-key", "first-key", "Bearer first-key-and-more"]
)
def test_requests_without_a_valid_key_are_401_problems(keyed, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    for path, body in (("/extract", {"text": TEXT}), ("/extract/batch", {"documents": [{"text": TEXT}]})):
        response = keyed.post(path, json=body, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("key", ["first-key", "second-key"])
def test_any_configured_key_is_accepted(keyed, key: str) -> None:
    response = keyed.post("/extract", json={"text": TEXT}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    lower_scheme = keyed.post("/extract", json={"text": TEXT}, headers={"Authorization": f"bearer {key}"})
    assert lower_scheme.status_code == 200


def test_auth_comes_before_body_checks(keyed) -> None:
    response = keyed.post("/extract", content=b"not json", headers={"Content-Type": "text/plain"})
    assert response.status_code == 401


def test_health_and_metrics_stay_open(keyed) -> None:
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/readyz").status_code == 200
    assert keyed.get("/metrics").status_code == 200


def test_without_keys_no_authorization_is_needed(client) -> None:
    assert client.post("/extract", json={"text": TEXT}).status_code == 200


def test_a_header_with_bytes_beyond_ascii_is_401_on_both_paths(make_client: ClientFactory) -> None:
    """Keys are ASCII; a header whose token has other bytes is compared byte for byte (latin-1
    round trip), so it is refused (401), never a 500, on the fast path and the framework alike."""
    client = make_client(api_keys=frozenset({"a-key-of-sixteen-chars"}))
    for path in ("/extract", "/extract/batch"):
        body = {"text": "قصف على حلب"} if path == "/extract" else {"documents": [{"text": "قصف على حلب"}]}
        raw = json.dumps(body).encode()
        for token in (b"a-key-of-sixteen-chars\xe9", b"\xc3\xa9", b"a-key-of-sixteen-chars"):
            answer = client.post(
                path,
                content=raw,
                headers=[(b"content-type", b"application/json"), (b"authorization", b"Bearer " + token)],
            )
            expected = 200 if token == b"a-key-of-sixteen-chars" else 401
            assert answer.status_code == expected, (path, token, answer.text[:200])
