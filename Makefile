# Everything a newcomer needs, from a machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Dummy values that let Django's deployment checks load the production settings.
DEPLOY_CHECK_ENV := \
	SECRET_KEY=deploy-check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	FIELD_ENCRYPTION_KEYS=ZGVwbG95LWNoZWNrLW9ubHktbm90LWEtcmVhbC1rZXk= \
	SEARCH_INDEX_KEY=deploy-check-only-$$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	DATABASE_URL=postgres://deploy-check@127.0.0.1:5432/deploy-check \
	REDIS_URL=redis://127.0.0.1:6379/15 \
	ALLOWED_HOSTS=portal.example.org \
	DJANGO_SETTINGS_MODULE=portal.settings.production

.PHONY: help install run serve test lint format check pytest frontend worker beat clean bench bench-smoke recall faults faults-quick

help:
	@echo "make run      serve the portal with demo content on http://$(HOST):$(PORT)"
	@echo "make test     lint, Django checks and the whole test suite"
	@echo "make format   apply ruff's formatting and safe fixes"
	@echo "make bench    load a whole force's data and measure speed (PostgreSQL, Redis, wrk)"
	@echo "make faults   send reports while Redis, the worker or PostgreSQL fail; count what was lost"
	@echo "make frontend rebuild the committed GOV.UK Frontend assets (needs npm)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The Welsh catalogues, compiled with polib (no GNU gettext needed); the .mo files are built,
# never committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po $(STAMP)
	$(MANAGE) compile_translations

install: $(STAMP) $(MO_FILES)

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_starter_content
	$(MANAGE) load_demo_data
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	env $(DEPLOY_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint check pytest

frontend:
	bash scripts/build-frontend.sh

# The load generator comes from Debian; installed here when missing and we may.
WRK_INSTALL := command -v wrk >/dev/null || { \
	echo "Installing wrk"; \
	$$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get install -y -qq wrk >/dev/null; }

# docs/performance.md explains the figures; BENCH_ARGS passes options (python -m bench -h).
bench: install
	@$(WRK_INSTALL)
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-smoke: install
	@$(WRK_INSTALL)
	$(BIN)/python -m bench --smoke $(BENCH_ARGS)

# Matching's recall on fictional nominals (docs/triage.md, Matching); RECALL_ARGS passes options.
recall: install
	$(BIN)/python -m bench.recall $(RECALL_ARGS)

# Reports sent while Redis, the worker, PostgreSQL or beat fail, on servers of its own
# (docs/reliability.md); FAULTS_ARGS passes options (python -m faults -h).
faults: install
	$(BIN)/python -m faults $(FAULTS_ARGS)

faults-quick: install
	$(BIN)/python -m faults --quick --check $(FAULTS_ARGS)

worker: install
	$(BIN)/celery -A portal worker --loglevel INFO

beat: install
	$(BIN)/celery -A portal beat --loglevel INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
