# Two commands do all set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
CHROMIUM := /usr/bin/chromium
AXE := tests/web/axe/node_modules/axe-core/axe.min.js
ORACLE := tests/oracle/node_modules/.package-lock.json
ICALJS := tests/calendar/node_modules/.package-lock.json
WEBCHAT := tests/web/webchat/node_modules/.package-lock.json
CHATROOM := tests/web/chatroom/node_modules/.package-lock.json
RASA_WHEEL := tests/web/rasa/rasa-3.6.21-py3-none-any.whl

.PHONY: run test lint format bench clean lock

$(VENV)/bin/python:
	python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# requirements.lock pins every runtime dependency, here as in the Dockerfile: one set of versions.
$(STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install -q --constraint requirements.lock -e .
	touch $@

$(DEV_STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install -q --constraint requirements.lock -e '.[dev]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(VENV)/bin/buergerbot serve

test: lint browser-deps $(ORACLE) $(ICALJS) $(WEBCHAT) $(CHATROOM) $(RASA_WHEEL)
	$(PY) -m pytest

# Browser tests: Debian's chromium (Playwright's own download cannot run here) and axe-core.
# When either cannot be installed, the browser tests skip and say why.
.PHONY: browser-deps
browser-deps: $(CHROMIUM) $(AXE)

$(CHROMIUM):
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || echo "chromium could not be installed: browser tests will be skipped"

$(AXE): tests/web/axe/package-lock.json
	(cd tests/web/axe && npm ci --silent --no-audit --no-fund && touch ../../../$(AXE)) \
	  || echo "axe-core could not be installed: the accessibility scan will be skipped"

# ruff, then mypy over the packages (pyproject's [tool.mypy] names them).
lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# -P: the script's folder is not put first on sys.path, so bench/nlu.py cannot shadow nlu/.
bench: $(DEV_STAMP)
	for b in bench/*.py; do $(PY) -P $$b || exit 1; done

# The opening_hours.js oracle of tests/oracle, installed only when missing (skipped without npm).
$(ORACLE): tests/oracle/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error \
		|| echo "WARNING: npm ci failed; the opening_hours.js oracle tests will be skipped"; \
	else echo "WARNING: npm not found; the opening_hours.js oracle tests will be skipped"; fi

# ical.js, the calendar engine of Thunderbird and Nextcloud, reads our .ics files in tests/calendar.
$(ICALJS): tests/calendar/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/calendar && npm ci --no-audit --no-fund --loglevel=error \
		|| echo "WARNING: npm ci failed; the ical.js calendar tests will be skipped"; \
	else echo "WARNING: npm not found; the ical.js calendar tests will be skipped"; fi

# rasa-webchat, the unmodified npm client for Rasa servers, on a test page in tests/web.
$(WEBCHAT): tests/web/webchat/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/web/webchat && npm ci --no-audit --no-fund --loglevel=error \
		|| echo "WARNING: npm ci failed; the rasa-webchat browser test will be skipped"; \
	else echo "WARNING: npm not found; the rasa-webchat browser test will be skipped"; fi

# Chatroom (scalableminds), a third-party widget for Rasa's REST channel; its bundle is prebuilt.
$(CHATROOM): tests/web/chatroom/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/web/chatroom && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
		|| echo "WARNING: npm ci failed; the Chatroom browser test will be skipped"; \
	else echo "WARNING: npm not found; the Chatroom browser test will be skipped"; fi

# Rasa's wheel, for the `rasa shell` client code (Rasa itself needs Python < 3.11): downloaded
# with its hash checked, never installed.
$(RASA_WHEEL): tests/web/rasa/requirements.txt | $(DEV_STAMP)
	$(PY) -m pip download -q --no-deps --require-hashes --python-version 3.10 --only-binary=:all: \
	  -r tests/web/rasa/requirements.txt -d tests/web/rasa \
	  || echo "WARNING: the Rasa wheel could not be downloaded; the rasa shell test will be skipped"

# requirements.lock: the runtime dependencies' exact versions in this venv, for make run and the image.
# Unconstrained first, so a raised version range in pyproject.toml can move past the old pin.
lock: | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) deploy/lock.py

clean:
	rm -rf $(VENV) data .pytest_cache tests/oracle/node_modules tests/calendar/node_modules tests/web/webchat/node_modules tests/web/chatroom/node_modules tests/web/rasa/*.whl
