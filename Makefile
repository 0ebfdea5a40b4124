# The two commands of the README:  make run  (serve on 127.0.0.1:8000)  and  make test  (the whole suite).
# Each sets everything up first; a fresh machine needs only Python 3.11 with pip.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(PYTHON) -m uv
endif
VENV_PYTHON := .venv/bin/python

.PHONY: help setup run test openapi redis-server chromium clean

help:
	@echo "make run      set up and start the service on http://127.0.0.1:8000 (in-process cache)"
	@echo "make test     set up and run the whole test suite (Redis included)"
	@echo "make openapi  regenerate openapi/openapi.json from the app"

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv \
		|| $(PYTHON) -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen

run: setup
	$(VENV_PYTHON) -m service serve --host 127.0.0.1 --port 8000

test: setup redis-server chromium
	$(VENV_PYTHON) -m pytest

openapi: setup
	$(VENV_PYTHON) -m service openapi --output openapi/openapi.json

# The Redis tests start their own redis-server on a free port; install it from Debian if missing.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null; \
		else echo "redis-server is missing and cannot be installed here: install it (apt-get install redis-server)" >&2; exit 1; fi; }

# The page's browser tests drive Debian's chromium through its chromedriver (no browser download);
# DejaVu draws the Arabic text in their screenshots. Installed from Debian when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { \
		packages="chromium chromium-driver fonts-dejavu-core"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$packages >/dev/null; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$packages >/dev/null; \
		else echo "chromium is missing and cannot be installed here: apt-get install $$packages" >&2; exit 1; fi; }

clean:
	rm -rf .venv .hypothesis .schemathesis .pytest_cache

