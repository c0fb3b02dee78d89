# The compendium's commands. Only Python 3.11 and make are needed: the first command creates
# .venv and installs the pinned requirements (again whenever requirements.txt changes).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?=

.PHONY: book test lint pytest book-check runs clean help

help:
	@echo "make book   build the report in _build/html (validate data, execute runs, build)"
	@echo "make test   lint, tests and a full book build, as CI does"
	@echo "make runs   list the book's runs and their parameters"
	@echo "make clean  remove build products (not .venv)"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	@touch $(STAMP)

book: $(STAMP)
	$(BIN)/python -m localwelfare book $(if $(JOBS),-j $(JOBS))

runs: $(STAMP)
	$(BIN)/python -m localwelfare runs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks

pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint pytest book

clean:
	rm -rf _build book/runs .pytest_cache .ruff_cache
