"""The page and the OpenAPI pages load only what the service itself serves."""

from __future__ import annotations

import re

import pytest

PAGES = ["/", "/schema", "/schema/swagger"]
_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("path", PAGES)
def test_every_script_and_style_is_served_here(client, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    references = _REFERENCE.findall(page.text)
    assert references, path
    for reference in references:
        if reference.startswith("data:") or reference.startswith("#"):
            continue
        assert reference.startswith("/") and not reference.startswith("//"), (path, reference)
        if reference.startswith("/static/"):
            assert client.get(reference).status_code == 200, reference
    assert "fonts.googleapis" not in page.text and "cdn." not in page.text


def test_the_page_forbids_other_origins_and_is_not_in_the_api_document(client) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert not {"/", "/examples/seed", "/static/{file_path}"} & set(paths)


def test_the_seed_example_is_the_founding_article(client, seed_text: str) -> None:
    seed = client.get("/examples/seed").json()
    assert (seed["id"], seed["source"], seed["text"]) == ("sy24-russia-deir-ez-zor", "SY24", seed_text)


def test_vendored_files_carry_their_licences() -> None:
    from service.web import STATIC_DIR

    vendor = STATIC_DIR / "vendor"
    packages = [folder for folder in vendor.iterdir() if folder.is_dir()]
    assert len(packages) == 4
    table = (vendor / "README.md").read_text(encoding="utf-8")
    for folder in packages:
        assert (folder / "LICENSE").is_file(), folder.name
        assert f"`{folder.name}`" in table
