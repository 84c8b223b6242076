# Set-up and everyday targets. `make demo` and `make test` are the README's Quick start.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint browser model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup  ## synthesize 3,000 persons, run the job on DuckDB, evaluate
	$(BIN)/linkage demo --dir demo

lint: setup
	$(BIN)/ruff check linkage tests benchmarks
	$(BIN)/ruff format --check linkage tests benchmarks

browser:  ## Debian's Chromium for the browser tests (Playwright drives it; no download)
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: setup lint browser  ## the whole test suite, as CI runs it
	$(BIN)/pytest

model: setup  ## retrain the shipped model models/id-beneficiary.json on synthetic data
	$(BIN)/python benchmarks/train_default_model.py

clean:
	rm -rf demo out .pytest_cache
