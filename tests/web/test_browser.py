"""The page in a real browser: Debian's chromium, driven by selenium through Debian's chromedriver.

The browser loads the page from the live server (started as the Dockerfile starts it), opens the
seed article and waits for the highlights, the table and the map's markers. Nothing may come
from anywhere but the server. A screenshot and the page's load figures are written to
``test-artifacts/page/`` (printed). Neither selenium nor anything else downloads a browser:
both binaries are given by path (``make test`` installs them with apt-get).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import REPO_ROOT, LiveServer
from .chromium import NAVIGATION, RESOURCES, headless_chromium

ARTIFACTS = REPO_ROOT / "test-artifacts" / "page"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with headless_chromium() as driver:
        yield driver


def resources_loaded(driver: webdriver.Chrome) -> list[dict]:
    return driver.execute_script(RESOURCES)


def severe_console_messages(driver: webdriver.Chrome) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_the_seed_article_with_its_incidents_highlighted_tabled_and_mapped(
    browser: webdriver.Chrome, live_server: LiveServer
) -> None:
    browser.get(f"{live_server.base_url}/")
    timing = browser.execute_script(NAVIGATION)
    browser.find_element(By.ID, "open-seed").click()
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#incidents tbody tr"))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.incident-marker"))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.country-outline"))

    rows = browser.find_elements(By.CSS_SELECTOR, "#incidents tbody tr")
    assert len(rows) >= 8  # the founding article's eight required incidents
    article = browser.find_element(By.ID, "article")
    assert article.get_attribute("dir") == "rtl"
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", article) == "rtl"
    triggers = [span.text for span in article.find_elements(By.CSS_SELECTOR, "span.trigger")]
    assert "غارات جوية" in triggers and "ذبح" in triggers
    for kind in ("evidence", "actor", "place", "count"):
        assert article.find_elements(By.CSS_SELECTOR, f"span.{kind}"), kind
    markers = browser.find_elements(By.CSS_SELECTOR, "path.incident-marker")
    assert 1 <= len(markers) <= len(rows)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "seed-article.png"
    browser.execute_script("window.scrollTo(0, document.getElementById('status').getBoundingClientRect().top - 8)")
    browser.save_screenshot(str(screenshot))

    ActionChains(browser).move_to_element(rows[1]).perform()  # inc-2, the Russian air strikes
    active = article.find_elements(By.CSS_SELECTOR, "span.active")
    assert active and all("inc-2" in span.get_attribute("data-incidents").split() for span in active)
    assert "غارات جوية" in "".join(span.text for span in active)
    assert "active" in rows[1].get_attribute("class")
    resources = resources_loaded(browser)
    assert all(entry["name"].startswith(live_server.base_url) for entry in resources), resources
    assert severe_console_messages(browser) == []
    figures = {
        "page_load_ms": round(timing["loadEventEnd"] - timing["startTime"], 1),
        "dom_content_loaded_ms": round(timing["domContentLoadedEventEnd"] - timing["startTime"], 1),
        "html_bytes": timing["decodedBodySize"],
        "resources": len(resources),
        "resource_bytes": sum(entry["body"] for entry in resources),
    }
    (ARTIFACTS / "page-figures.json").write_text(json.dumps({**figures, "resources_loaded": resources}, indent=1))
    print(f"\npage screenshot: {screenshot}\npage figures: {figures}")


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger"])
def test_the_openapi_pages_render_from_the_service_alone(
    browser: webdriver.Chrome, live_server: LiveServer, path: str
) -> None:
    browser.get(f"{live_server.base_url}{path}")
    WebDriverWait(browser, 30).until(
        lambda d: "extractIncidents" in d.page_source or "Extract the incidents" in d.page_source
    )
    resources = resources_loaded(browser)
    assert resources and all(entry["name"].startswith(live_server.base_url) for entry in resources), resources
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"openapi{path.replace('/schema', '').replace('/', '-')}.png"))
