# The two commands of the README: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOUSEHOLDS ?= 200

.PHONY: system-packages install db seed nlu-model run serve test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian packages the browser test (chromium) and the radio's audio (espeak-ng) need; installed
# when missing and we may (root with apt), else the tests that need them say why they skip.
SYSTEM_PACKAGES := chromium espeak-ng

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian packages:$$missing"; \
			apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null; \
		else \
			echo "warning: missing$$missing (install them with apt to run the browser and audio tests)"; \
		fi; \
	fi

install: $(STAMP) system-packages

db: install
	$(BIN)/assistant db upgrade

# Idempotent: a second run adds nothing.
seed: db
	$(BIN)/assistant demo seed --households $(HOUSEHOLDS)

serve: install
	$(BIN)/assistant serve

# The embedded NLU model, retrained when its training data changes (about 20 s).
NLU_MODEL := var/models/spacy/meta.json
NLU_DATA := $(wildcard nlu/data/nlu/*.yml nlu/data/lookups/*.yml)

$(NLU_MODEL): $(NLU_DATA) | $(STAMP)
	$(BIN)/assistant nlu train

nlu-model: $(NLU_MODEL)

# The demo serves with the outbox relay in-process, so pushes reach the app's sockets live.
run: seed nlu-model
	NOTIFY_RELAY_IN_API=true $(BIN)/assistant serve

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

# Rasa Open Source 3.6.21 (Python 3.10, its own venv): see scripts/rasa.sh and DESIGN.md.
PYTHON_RASA ?= $(shell pyenv root 2>/dev/null)/versions/3.10.13/bin/python
export PYTHON_RASA
.PHONY: rasa-install rasa-train rasa

rasa-install:
	scripts/rasa.sh install

rasa-train:
	scripts/rasa.sh train

rasa: install
	scripts/rasa.sh serve
