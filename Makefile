# Every target creates and uses a local virtualenv in .venv (Python 3.11+ as `python3`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean chromium

$(STAMP): pyproject.toml
	@echo "rftkit: creating the virtualenv in $(VENV) (first run only)"
	$(PYTHON) -m venv $(VENV)
	@echo "rftkit: installing rftkit and its dependencies into $(VENV) (about a minute the first time)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@echo "rftkit: installed"
	touch $(STAMP)

## chromium: headless Chromium (Debian's package) for the test that renders the HTML reports
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		{ echo "rftkit: installing chromium (apt) for the browser test of the HTML reports"; \
		  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## demo: score the bundled GSM8K sample with the gsm8k grader and print a summary
demo: $(STAMP)
	@echo "rftkit: running the demo"
	$(BIN)/rftkit demo

## test: lint, format check, mypy --strict on src/, and the whole pytest suite
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# RFTKIT_REQUIRE_BROWSER: the browser test fails instead of skipping when chromium is missing.
unit: $(STAMP) chromium
	RFTKIT_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

## bench: the benchmarks in bench/ (by hand; never part of `make test`)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
