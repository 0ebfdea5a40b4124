# The two commands of the README:  make run  (serve on 127.0.0.1:8000)  and  make test  (the whole suite).
# Each sets everything up first; a fresh machine needs only Python 3.11 with pip.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(PYTHON) -m uv
endif
VENV_PYTHON := .venv/bin/python

.PHONY: help uv setup runtime run test openapi lexicon models evaluate redis-server chromium node clean

help:
	@echo "make run      set up and start the service on http://127.0.0.1:8000 (in-process cache)"
	@echo "make test     set up and run the whole test suite (Redis included)"
	@echo "make openapi  regenerate openapi/openapi.json from the app"
	@echo "make lexicon  regenerate the pack's event and cue forms from their lemmas (arramooz, libqutrub)"
	@echo "make models   retrain the pack's models from ../shared (SHARED=...), about 12 minutes on 2 cores"
	@echo "make evaluate print the quality figures on ../shared, data nobody tuned on first"

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv \
		|| $(PYTHON) -m pip install --quiet --user --break-system-packages uv

# Everything: the service, the tests and the build tools (the dev and build groups, tracing).
setup: uv
	$(UV) sync --frozen

# The service alone, as the image installs it (no dev or build group). --inexact: on a
# machine already set up for tests, running the service leaves the test tools in place.
runtime: uv
	$(UV) sync --frozen --no-dev --inexact

run: runtime
	.venv/bin/hadath serve --host 127.0.0.1 --port 8000

test: setup redis-server chromium node
	UV="$(UV)" $(VENV_PYTHON) -m pytest

openapi: setup
	$(VENV_PYTHON) -m service openapi --output openapi/openapi.json

SHARED ?= ../shared

lexicon: setup
	$(VENV_PYTHON) scripts/build_lexicon.py

models: setup
	$(VENV_PYTHON) scripts/train_models.py --shared $(SHARED)

evaluate: setup
	$(VENV_PYTHON) scripts/evaluate.py --shared $(SHARED)

# $(call debian_package,COMMAND,PACKAGES): install PACKAGES from Debian when COMMAND is missing.
define debian_package
	@command -v $(1) >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
		else echo "$(1) is missing and cannot be installed here: install it (apt-get install $(2))" >&2; exit 1; fi; }
endef

# The Redis tests start their own redis-server on a free port.
redis-server:
	$(call debian_package,redis-server,redis-server)

# The generated-client tests compile TypeScript with packages from npm.
node:
	$(call debian_package,npm,nodejs npm)

# The page's browser tests drive Debian's chromium through its chromedriver (no browser download);
# DejaVu draws the Arabic text in their screenshots.
chromium:
	$(call debian_package,chromedriver,chromium chromium-driver fonts-dejavu-core)

clean:
	rm -rf .venv .hypothesis .schemathesis .pytest_cache

