# aseanway: the two commands of the README, and a few more.
#   make run   creates .venv, installs aseanway with its dev extras, runs the main job on the embedded default
#   make test  (creates .venv if needed and) runs ruff and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,dask]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/aseanway run

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

test: lint
	$(BIN)/python -m pytest -q

screenshots: $(STAMP)
	ASEANWAY_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_web_browser.py

bench: $(STAMP)
	$(BIN)/python benchmarks/forecast.py
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
