# Set-up and everyday targets. `make demo` and `make test` are the README's Quick start.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: setup setup-spark demo test lint browser java model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,spark]"
	touch $(SPARK_STAMP)

setup: $(STAMP)

setup-spark: $(SPARK_STAMP)  ## pyspark too (backend: spark and its tests)

demo: setup  ## synthesize 3,000 persons, run the job on DuckDB, evaluate
	$(BIN)/linkage demo --dir demo

lint: setup
	$(BIN)/ruff check linkage tests benchmarks
	$(BIN)/ruff format --check linkage tests benchmarks

browser:  ## Debian's Chromium for the browser tests (Playwright drives it; no download)
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

java:  ## Java 17+ for the Spark backend's tests (pyspark 4 runs on 17 or 21)
	java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || \
	  (apt-get update -qq && (apt-get install -y -qq openjdk-17-jre-headless || \
	  apt-get install -y -qq openjdk-21-jre-headless) >/dev/null)

test: setup-spark lint browser java  ## the whole test suite, as CI runs it
	$(BIN)/pytest

model: setup  ## retrain the shipped model models/id-beneficiary.json on synthetic data
	$(BIN)/python benchmarks/train_default_model.py

clean:
	rm -rf demo out .pytest_cache
