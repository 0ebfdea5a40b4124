"""The page at GET /: load time and size in headless chromium, and time to show the seed's incidents.

Starts the real server (one worker, in-process cache), then for each run opens the page in a
fresh browser profile (nothing cached), clicks "Open the seed article" and waits until the
table and the map's markers are drawn. A second load in the same browser shows the cached size.
Prints the median and the range over the runs. Needs Debian's chromium and chromium-driver.

usage: .venv/bin/python bench/page_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.web.chromium, beside bench/

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from servers import service_server

from tests.web.chromium import NAVIGATION, RESOURCES, headless_chromium


def one_run(url: str) -> dict[str, float]:
    with headless_chromium() as browser:
        browser.get(f"{url}/")
        navigation = browser.execute_script(NAVIGATION)
        page_resources = browser.execute_script(RESOURCES)
        started = time.perf_counter()
        browser.find_element(By.ID, "open-seed").click()
        wait = WebDriverWait(browser, 60)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#incidents tbody tr"))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.incident-marker"))
        shown = time.perf_counter() - started
        everything = browser.execute_script(RESOURCES)
        browser.get(f"{url}/")
        cached = browser.execute_script(RESOURCES)
        return {
            "load_ms": navigation["loadEventEnd"] - navigation["startTime"],
            "page_kb": (navigation["transferSize"] + sum(r["transfer"] for r in page_resources)) / 1024,
            "with_map_kb": (navigation["transferSize"] + sum(r["transfer"] for r in everything)) / 1024,
            "seed_shown_ms": shown * 1000,
            "reload_kb": sum(r["transfer"] for r in cached) / 1024,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with service_server(workers=1) as server:
        runs = [one_run(server.url) for _ in range(args.runs)]
    print(f"GET / in headless chromium, {args.runs} fresh profiles, one worker, in-process cache")
    print(f"{'figure':<52} {'median':>9} {'min':>9} {'max':>9}")
    labels = {
        "load_ms": "page load (navigation start to load event), ms",
        "page_kb": "bytes on the wire for the page (HTML, CSS, JS), KiB",
        "with_map_kb": "... plus the country outlines and two API answers, KiB",
        "seed_shown_ms": "click 'open the seed' to table and markers drawn, ms",
        "reload_kb": "reload from the browser cache, KiB on the wire",
    }
    for key, label in labels.items():
        values = [run[key] for run in runs]
        print(f"{label:<52} {statistics.median(values):>9.1f} {min(values):>9.1f} {max(values):>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
