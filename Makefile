# The compendium's commands. Only Python 3.11 and make are needed: the first command creates
# .venv and installs requirements.lock, every package pinned with its hashes (again whenever the
# lock or pyproject.toml changes). `make lock` recompiles the lock from pyproject.toml.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?=

.PHONY: lock book test lint pytest browser runs pdf brochure training briefs slides report-short privacy-check verify clean help

help:
	@echo "make book   build the report in _build/html (validate data, execute runs, build)"
	@echo "make test   lint, tests and a full book build, as CI does"
	@echo "make runs   list the book's runs and their parameters"
	@echo "make pdf    the whole report as one PDF: _build/pdf/report.pdf (needs chromium)"
	@echo "make brochure  key findings in EN/NL/FR, HTML and PDF: _build/brochure/"
	@echo "make training  the training package, a module per audience: _build/training/html"
	@echo "make briefs  a two-page policy brief per study in EN/NL/FR: _build/briefs/"
	@echo "make slides  final-conference slides (HTML and PDF), made from the briefs: _build/slides/"
	@echo "make report-short  BBOX's short research report for policy makers: _build/report-short/"
	@echo "make privacy-check  scan the book, the executed runs and every export for personal data"
	@echo "make verify re-execute every run from scratch and compare with the published manifest"
	@echo "make lock   recompile requirements.lock (every package pinned, with hashes)"
	@echo "make clean  remove build products (not .venv)"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

# Recompile requirements.lock from pyproject.toml (its dependencies and the book and test extras)
# with uv, installed in a throwaway venv. Versions already in the lock are kept unless
# pyproject.toml asks for others; `make lock UPGRADE=--upgrade` takes the newest of everything.
UV_VERSION := 0.13.9
lock:
	@test -x _build/lock/bin/uv || { $(PYTHON) -m venv _build/lock && \
		_build/lock/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	_build/lock/bin/uv pip compile pyproject.toml --extra book --extra test --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		$(UPGRADE) --output-file requirements.lock

book: $(STAMP)
	$(BIN)/python -m localwelfare book $(if $(JOBS),-j $(JOBS))

runs: $(STAMP)
	$(BIN)/python -m localwelfare runs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks

pytest: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

# The built book in Debian's chromium (tests/test_browser.py): needs `make book` first.
browser: book
	$(BIN)/python -m pytest -m browser

test: lint pytest book pdf brochure training briefs slides report-short browser privacy-check verify

# Publications made from the built book; chromium prints the PDFs (see .ci/run for installing it).
pdf: book
	$(BIN)/python -m localwelfare publish pdf

brochure: book
	$(BIN)/python -m localwelfare publish brochure

training: book
	$(BIN)/python -m localwelfare publish training

briefs: book
	$(BIN)/python -m localwelfare publish briefs

slides: briefs
	$(BIN)/python -m localwelfare publish slides

report-short: book
	$(BIN)/python -m localwelfare publish report-short

# No name or id from the register, e-mail, phone, national register number, IBAN, local path or
# parameter pointing into private/ in anything published (localwelfare.privacy.scan).
privacy-check: book pdf brochure training briefs slides report-short
	$(BIN)/python -m localwelfare privacy-check

# Two clean builds give the same numbers: every run re-executed from scratch in a temporary
# folder is compared with the manifest published with the book (_build/html/manifest.json).
verify: book
	$(BIN)/python -m localwelfare verify $(if $(JOBS),-j $(JOBS))

clean:
	rm -rf _build book/runs .pytest_cache .ruff_cache
