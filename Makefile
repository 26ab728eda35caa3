# The two commands of the README: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOUSEHOLDS ?= 200

.PHONY: install db seed run serve test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/assistant db upgrade

# Idempotent: a second run adds nothing.
seed: db
	$(BIN)/assistant demo seed --households $(HOUSEHOLDS)

serve: install
	$(BIN)/assistant serve

run: seed
	$(BIN)/assistant serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache *.egg-info
