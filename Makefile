# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint format snapshots docs bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ctotui needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ctotui demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

snapshots: $(STAMP)
	$(BIN)/pytest tests --snapshot-update -k snapshot

docs: $(STAMP)
	$(BIN)/python -m ctotui.keys README.md
	$(BIN)/python docs/screenshot.py

# One table, the sample practice beside the generated 20,000-recommendation folder (kept in
# .bench/ once made); `make bench BENCH=--quick` for a quick look, `BENCH=--all` for every bench.
BENCH ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py --dir .bench/big $(BENCH)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .bench
