# The two commands of the README: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOUSEHOLDS ?= 200

.PHONY: system-packages install lock db seed nlu-model run serve test lint typecheck pytest test-dates bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package (pip and the build back end included) comes from the lock file, pinned with
# its hashes: a new release of a dependency cannot change a fresh clone. `make lock` refreshes it.
LOCK := requirements/lock.txt

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolve the newest releases pyproject.toml allows, with their hashes; review the diff and
# run `make test` before committing it. pip-tools runs in a throwaway venv of its own.
PIP_TOOLS := pip-tools==7.7.0
lock: | $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q $(PIP_TOOLS)
	.venv-lock/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --extra dev \
		--strip-extras --no-emit-index-url --no-emit-find-links \
		-o $(LOCK) pyproject.toml requirements/tools.in
	rm -rf .venv-lock

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

# The embedded NLU model, retrained when its training data changes (about a minute; the
# engine also checks a content hash of its inputs, CLINC150 included, when it loads).
NLU_MODEL := var/models/spacy/meta.json
NLU_DATA := $(wildcard nlu/data/nlu/*/*.yml nlu/data/lookups/*.yml)

$(NLU_MODEL): $(NLU_DATA) | $(STAMP)
	$(BIN)/assistant nlu train

nlu-model: $(NLU_MODEL)

# The demo serves with the outbox relay in-process, so pushes reach the app's sockets live.
# The addresses and secrets are printed last, after the model's training, not scrolled away.
run: seed nlu-model
	$(BIN)/assistant demo welcome
	NOTIFY_RELAY_IN_API=true $(BIN)/assistant serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# On every core (pytest-xdist; 2 in CI), a test file's tests in one worker so that module
# fixtures (the end-to-end server, a seeded world) are built once. PYTEST_WORKERS=0 runs in
# this process (pdb, -x).
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile

pytest: install
	$(BIN)/pytest -q $(PYTEST_PARALLEL)

# The date-sensitive tests again with "now" moved (tests/clock.py): a Monday in the past, a
# Sunday, 29 February, New Year's Eve late in the evening, New Year's Day just after midnight
# (still the old year in UTC) and a summer Saturday years ahead. On SQLite: the calendar logic
# is the application's, and the full run above covers PostgreSQL.
TEST_DATES ?= 2025-03-10 2026-12-13 2028-02-29 2026-12-31T23:30+01:00 2027-01-01T00:30+01:00 2035-06-16T15:00+02:00
DATE_TESTS := tests/actions tests/assistant/briefing tests/assistant/demo tests/assistant/dialogue \
	tests/assistant/notify tests/assistant/offers tests/assistant/orders tests/assistant/outings \
	tests/assistant/recipes tests/assistant/scheduler tests/api/test_briefing.py \
	tests/api/test_orders.py tests/api/test_outings.py tests/api/test_offers.py tests/e2e

test-dates: install
	@for when in $(TEST_DATES); do \
		echo "== tests at $$when"; \
		CARCHAN_TEST_NOW=$$when TEST_BACKENDS=sqlite $(BIN)/pytest -q -p no:cacheprovider $(PYTEST_PARALLEL) $(DATE_TESTS) || exit 1; \
	done

test: lint typecheck pytest test-dates

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .venv-lock var .pytest_cache .mypy_cache .ruff_cache *.egg-info

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
