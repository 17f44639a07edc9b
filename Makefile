# Xuncha — two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make run    the product with demo data (embedded PostgreSQL + Redis unless DATABASE_URL / REDIS_URL are set)
#   make test   ruff + pytest (integration with a real Celery worker, browser tests in Debian's Chromium)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Name of the embedded servers' data dirs for tests (.run/pg-$(TEST_PROFILE)); give parallel runs different names.
TEST_PROFILE ?= test

.PHONY: run test lint venv dev-deps assets chromium serve messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-deps: $(VENV)/.installed-dev

# Front-end assets (Bootstrap, htmx, ECharts, Tom Select) from npm, exactly as pinned in the lock file.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

assets: node_modules/.installed

# Browser tests drive Debian's Chromium; install it when missing and we may.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium fonts-noto-cjk'" >&2; exit 1; \
	  fi; \
	fi

run: venv assets
	@mkdir -p .run
	$(PY) -m config.embedded --profile dev -- $(MAKE) --no-print-directory serve PORT=$(PORT)

# Runs inside config.embedded, which has exported DATABASE_URL and REDIS_URL.
serve:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Xuncha is at http://127.0.0.1:$(PORT)/  (Ctrl-C stops everything)"
	@echo ""
	-WEB_PORT=$(PORT) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho -f Procfile.dev start

lint: dev-deps
	$(VENV)/bin/ruff check .

test: dev-deps assets chromium
	@mkdir -p .run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit --quiet --recursive core accounts config inspections rectification ledgers documents dashboard alerts notifications audit archives commons similarity onsite demo workbench --exclude '*/migrations/*' --severity-level high
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m config.embedded --profile $(TEST_PROFILE) -- $(VENV)/bin/pytest $(PYTEST_ARGS)

# Update the English catalogue (locale/en/LC_MESSAGES/django.po, the one source of the English) from
# the Chinese source strings, then compile it and fail with a list while any string lacks its English
# or is fuzzy. makemessages needs gettext (Debian: apt-get install gettext); compiling uses polib.
# Commit the .po and the .mo.
messages: dev-deps
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=.run --ignore=node_modules --settings=config.settings.test
	$(PY) locale/compile.py

clean:
	rm -rf .run/pg-test .run/redis-test
