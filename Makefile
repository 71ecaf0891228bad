# Sokhan — the commands the README promises.
#   make run    set everything up and serve the demo site on http://127.0.0.1:8000
#   make test   run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# Test processes (pytest-xdist): the suite takes about 40 % less time on two cores with two.
# JOBS=0 runs it in one process, which is easier to read under a debugger.
JOBS   ?= 2
# What `make install` puts in the venv besides Sokhan: the test tools (playwright brings a
# Node of its own, 167 MB) are for development; a server needs `EXTRAS=postgres,redis`.
EXTRAS ?= test,e2e,postgres,redis

.PHONY: run test test-postgres e2e install bench bench-captcha clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sokhan needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[$(EXTRAS)]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/sokhan setup
	$(BIN)/sokhan serve

test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS)

# End-to-end tests only (Debian's chromium driven by Playwright); `make test` runs them too
# when chromium is installed.
e2e: $(STAMP)
	$(BIN)/python -m pytest -q e2e

# Benchmarks against real servers (wrk) and of the pure cores: JSON lines and a table
# (bench/out/results.jsonl), about 25 minutes; see the README's figures.
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

# How well OCR and trained networks read (and hear) our CAPTCHA (on demand, ~60 minutes; not in CI).
bench-captcha: $(STAMP)
	command -v tesseract >/dev/null || (apt-get update -qq && apt-get install -y -qq tesseract-ocr)
	$(BIN)/pip install --quiet -e '.[bench]' ddddocr torch==2.13.0
	$(BIN)/python bench/captcha_robustness.py

# The suite against the PostgreSQL server on this machine (scale-out path): the tests that
# reach Django's database (`--database-tests-only`, tests/environment.py). The others ran on
# SQLite already and would do the same again: the pure cores, the servers started in a
# folder of their own (on SQLite, or on a PostgreSQL database a test makes on the local
# server; the restore tests, which make theirs on the run's server, are kept) and the
# browser tests (`tests` leaves out e2e/: their servers' database code is the HTTP
# tests'). CI's second run took 10 minutes before, 11.5 with the browser tests.
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sokhan} $(BIN)/python -m pytest -q -n $(JOBS) --database-tests-only tests

clean:
	rm -rf $(VENV) build src/*.egg-info
