# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test lint unit bench fuzz clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

run: install  ## create the environment, migrate, start the bot
	$(BIN)/taskbot run

lint: install
	$(BIN)/ruff check core adapters bot tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

test: lint  ## the whole suite: lint, types, layer contracts, unit, integration, e2e
	$(BIN)/pytest -n 2

FUZZ_MINUTES ?= 10
fuzz: install  ## explore the property-based tests for FUZZ_MINUTES (not part of make test)
	$(BIN)/python -m tests.fuzz_run --minutes $(FUZZ_MINUTES)

bench: install  ## speed figures (not part of CI)
	$(BIN)/python -m tests.bench.run_bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
