# Two entry points a newcomer needs: `make demo` (install + run the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= tests/samples
DB ?= demo.db

.PHONY: install demo test lint typecheck unit

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The main job on the embedded default store: ingest articles into a SQLite file, list their events.
demo: install
	$(BIN)/brinkwatch ingest $(SAMPLE) --db $(DB)
	$(BIN)/brinkwatch events --db $(DB) --format table

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy brinkwatch tests

unit: install
	$(BIN)/python -m pytest -q

test: lint typecheck unit
