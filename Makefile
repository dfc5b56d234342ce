# tsunagu — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export TSUNAGU_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-db lint install demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(STAMP)

## make run: set up, migrate the SQLite database under var/, load the 山武 demo, serve on :8000
run: $(STAMP)
	$(BIN)/tsunagu migrate --no-input
	$(BIN)/tsunagu demo
	$(BIN)/tsunagu serve --listen 127.0.0.1:8000

## make test: the whole suite, browser tests included (installs Debian's chromium if missing)
test: $(TEST_STAMP)
	tools/ensure-chromium.sh
	$(BIN)/pytest

## make test-db: the suite without browser tests (CI runs it again on PostgreSQL)
test-db: $(TEST_STAMP)
	$(BIN)/pytest -m "not browser"

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/tsunagu makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache
