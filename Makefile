# Two entry points a newcomer needs: `make demo` (install + run the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= tests/samples/militia-strikes.txt

.PHONY: install demo test lint typecheck unit

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/brinkwatch extract $(SAMPLE) --format text

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy brinkwatch tests

unit: install
	$(BIN)/python -m pytest -q

test: lint typecheck unit
