# tsunagu — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Every transitive dependency pinned (reproducible installs); `make constraints` renews it.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
export TSUNAGU_VAR_DIR ?= $(CURDIR)/var
# The suite runs in one process per core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)

.PHONY: run test test-db test-stack lint install demo clean constraints

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "つなぐ: 必要なパッケージを .venv にインストールしています（初回は1〜2分かかります）…"
	$(PIP_INSTALL) -e .
	@echo "つなぐ: インストールが終わりました。"
	touch $@

# the tests also run on PostgreSQL and through gunicorn: both extras
$(TEST_STAMP): $(STAMP)
	@echo "つなぐ: テスト用のパッケージをインストールしています…"
	$(PIP_INSTALL) -e '.[test,postgres,server]'
	touch $@

install: $(STAMP)

## make run: set up, migrate the SQLite database under var/, load the 山武 demo, serve on :8000
run: $(STAMP)
	@echo "つなぐ: データベースを準備しています（var/）…"
	$(BIN)/tsunagu migrate --no-input
	@echo "つなぐ: 山武圏域のデモデータを読み込んでいます…"
	$(BIN)/tsunagu demo
	@echo "つなぐ: http://127.0.0.1:8000/ で起動します（止めるときは Ctrl+C）。"
	$(BIN)/tsunagu serve --listen 127.0.0.1:8000

## make test: the whole suite, browser tests included (installs Debian's chromium if missing)
test: $(TEST_STAMP)
	tools/ensure-chromium.sh
	$(PYTEST)

## make test-db: the suite without browser tests (CI runs it again on PostgreSQL)
test-db: $(TEST_STAMP)
	$(PYTEST) -m "not browser"

## make test-stack: nginx + gunicorn + the job runner on loopback over HTTPS (needs nginx)
test-stack: $(TEST_STAMP)
	$(BIN)/pytest -m stack tests/production

## make constraints: re-pin every dependency from a fresh virtualenv (after editing pyproject.toml)
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --disable-pip-version-check '.[test,postgres,server,bench]'
	{ echo "# Every transitive dependency, pinned: pip install -c constraints.txt -e '.[...]'"; \
	  echo "# Regenerate after changing pyproject.toml: make constraints (pip freeze of a fresh venv)."; \
	  .venv-constraints/bin/python -m pip freeze --exclude-editable | grep -v '^tsunagu'; } > constraints.txt
	rm -rf .venv-constraints

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/tsunagu makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .venv-constraints
