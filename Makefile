# QLS task runner: every command a developer, an operator or CI needs.
# `make demo` and `make test` are the two in the README; CI runs `make test`.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= standard
# Test processes (pytest-xdist); the CI machines have two cores.
WORKERS ?= 2

.PHONY: help install demo serve test test-sqlite test-postgres lint bench vendor system-deps clean

help:
	@echo "make demo    - install, build the demo trust in var/, serve on http://$(HOST):$(PORT) with a job consumer"
	@echo "make serve   - serve the existing var/ database (web server and job consumer)"
	@echo "make test    - install what tests need and run every test (SQLite, PostgreSQL, browser)"
	@echo "make lint    - ruff, import-linter layering contract, mypy on typed modules"
	@echo "make bench   - benchmarks, printed beside their targets"
	@echo "make vendor  - refresh vendored front-end assets from npm (needs network to npm)"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

# The web server and the Huey job consumer run side by side (scripts/serve.sh);
# Ctrl-C stops both.
demo: install
	@bash scripts/install-system-deps.sh runtime
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py demo --scale $(SCALE) --seed 2024 --url http://$(HOST):$(PORT)/
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/serve.sh

serve: install
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/serve.sh

system-deps:
	@bash scripts/install-system-deps.sh test

lint: install
	$(VENV)/bin/ruff check src tests scripts bench
	$(VENV)/bin/ruff format --check src tests scripts bench
	$(VENV)/bin/lint-imports --config pyproject.toml
	$(VENV)/bin/mypy

test: install system-deps lint test-sqlite test-postgres

# The Spark tests share one JVM: --dist loadgroup keeps them in one worker.
# This run measures coverage of src/qls (settings in pyproject.toml); the
# per-app table is printed after it, and the run fails below the floor there.
test-sqlite: install
	rm -rf var/coverage && mkdir -p var/coverage
	$(VENV)/bin/pytest -n $(WORKERS) --dist loadgroup --cov --cov-report= --cov-fail-under=0
	$(PY) scripts/coverage_by_app.py

# The browser journeys run once, on SQLite: they test pages, not the database.
# Everything else runs again on PostgreSQL, including the row-locking races.
test-postgres: install
	bash scripts/with-postgres.sh $(VENV)/bin/pytest -n $(WORKERS) -m "not browser and not spark"

bench: install
	$(UV) sync --frozen --quiet --group bench
	@bash scripts/install-system-deps.sh bench
	@status=0; bash scripts/run-benchmarks.sh || status=$$?; \
	  $(UV) sync --frozen --quiet; exit $$status

vendor:
	bash frontend/vendor.sh

clean:
	rm -rf $(VENV) .tools var staticfiles
