# Two entry points a newcomer needs: `make demo` (install + run the main job) and `make test`.
# The demo installs the core package only (what ingest and events run on); the tests install the dev
# extra (2.5 GB: torch, playwright, transformers), which takes in the core.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= tests/samples
DB ?= demo.db

.PHONY: install install-dev demo test lint typecheck unit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BIN)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(BIN)/.core

install: $(BIN)/.core

install-dev: $(BIN)/.dev

# The main job on the embedded default store: ingest articles into a SQLite file, list their events.
demo: install
	$(BIN)/brinkwatch ingest $(SAMPLE) --db $(DB)
	$(BIN)/brinkwatch events --db $(DB)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy brinkwatch tests

unit: install-dev
	$(BIN)/python -m pytest -q

test: lint typecheck unit
