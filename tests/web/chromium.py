"""Debian's headless chromium under selenium, for the browser tests and bench/page_bench.py.

Both binaries are given by path, so selenium looks nothing up and downloads nothing; each
browser gets a fresh profile folder, removed when it quits.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1400,1100",
    "--lang=en-US",
]

RESOURCES = (
    "return performance.getEntriesByType('resource').map(e => "
    "({name: e.name, type: e.initiatorType, transfer: e.transferSize, body: e.decodedBodySize}))"
)
NAVIGATION = "return performance.getEntriesByType('navigation')[0].toJSON()"


@contextlib.contextmanager
def headless_chromium() -> Iterator[webdriver.Chrome]:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists():
            raise FileNotFoundError(f"{binary} is missing: apt-get install chromium chromium-driver (make test does)")
    profile = tempfile.mkdtemp(prefix="hadath-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ["SE_OFFLINE"] = "true"  # selenium-manager, if it ever ran, must not fetch anything
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
