# Two commands set everything up on a fresh machine:
#   make report   create .venv if needed, then render the report of the bundled example wave
#   make test     same set-up, then ruff and the whole test suite
# The environment is (re)installed only when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/survey report

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_read.py
	$(BIN)/python bench/bench_stats.py
	$(BIN)/python bench/bench_text.py
	$(BIN)/python bench/bench_report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
