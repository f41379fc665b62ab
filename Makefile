# The two commands a reader needs: `make book` and `make test`. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/lock.txt

.PHONY: book test browser-deps lab lock bench pdf clean

# The environment: created on first use, reinstalled only when the lock or pyproject changes.
$(STAMP): $(LOCK) pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

## book: build the HTML book into _build/html (strict: warnings and notebook errors fail it)
book: $(STAMP)
	$(BIN)/python scripts/build_book.py

## test: lint, unit and data tests, the strict book build, and the tests of the built book
test: $(STAMP) browser-deps
	$(BIN)/ruff check analysis tests scripts
	$(BIN)/python scripts/build_book.py
	$(BIN)/python -m pytest --cov=analysis --cov-report=term --cov-fail-under=90

## browser-deps: Debian's chromium for tests/test_browser.py (installed when root with apt-get; else says why they skip)
browser-deps:
	@if command -v chromium >/dev/null; then \
	  echo "browser-deps: browser tests use $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "browser-deps: installing Debian's chromium for the browser tests"; \
	  { apt-get update -qq && apt-get install -y --no-install-recommends chromium; } \
	    || echo "browser-deps: installing chromium failed: the browser tests (tests/test_browser.py) will SKIP"; \
	else \
	  echo "browser-deps: no chromium on PATH and no way to install it here (needs root and apt-get):" \
	    "the browser tests (tests/test_browser.py) will SKIP; install Debian's chromium to run them"; \
	fi

## lab: JupyterLab in the same environment, opening the MyST chapters as notebooks
lab: $(STAMP)
	@$(BIN)/python -c "import jupyterlab" 2>/dev/null || $(BIN)/python -m pip install --quiet "jupyterlab>=4,<5" "jupytext>=1.16,<2"
	$(BIN)/jupyter lab --notebook-dir=book $$([ "$$(id -u)" = 0 ] && echo --allow-root)

## lock: refresh requirements/lock.txt from the ranges in pyproject.toml (needs the registries)
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[book,test]"
	.lock-venv/bin/python -m pip uninstall --quiet -y afghan-civil-war-data
	{ echo "# Exact versions for Python 3.11. Refresh with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | LC_ALL=C sort; } > $(LOCK)
	rm -rf .lock-venv

## pdf: the PDF edition, _build/latex/book.pdf (installs Debian's LaTeX packages when missing and run as root)
LATEX_PKGS := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre
pdf: $(STAMP)
	@command -v latexmk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(LATEX_PKGS); \
	  else echo "make pdf: LaTeX is missing; install: $(LATEX_PKGS)"; exit 1; fi; }
	$(BIN)/python scripts/build_book.py --builder pdflatex
	@test -s _build/latex/book.pdf && echo "make pdf: wrote _build/latex/book.pdf"

## bench: print load, network and build timings
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf _build
