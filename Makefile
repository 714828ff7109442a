# Klynge: `make demo` and `make test` do every set-up step themselves (see README.md).
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test lint check-types check-migrations test-sqlite test-postgres bench install assets messages lock clean

demo: install assets messages
	$(BIN)/klynge demo $(ARGS)

test: install assets messages lint check-types check-migrations test-sqlite test-postgres

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

check-types: install
	$(BIN)/mypy

# A model changed without its migration fails here, before it reaches anyone's database. The
# check reads no data: a throwaway SQLite database in a throwaway folder will do.
check-migrations: install
	@var=$$(mktemp -d) && \
	  DJANGO_SETTINGS_MODULE=tests.settings KLYNGE_VAR_DIR=$$var DATABASE_URL= \
	  $(BIN)/python -m django makemigrations --check --dry-run; \
	  status=$$?; rm -rf "$$var"; exit $$status

test-sqlite: install assets messages
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser tests and the tests that start klynge as a process of its own (with its own SQLite
# database, whatever the suite's) run once, on SQLite; everything else runs on PostgreSQL too.
test-postgres: install assets messages
	$(BIN)/python -m tests.postgres_cluster $(BIN)/pytest -m "not browser and not process" $(PYTEST_ARGS)

# Only the figures go to stdout (docs/interfaces.md, "Benchmarks"); set-up output goes to stderr.
bench:
	@$(MAKE) --no-print-directory install assets messages >&2
	@$(BIN)/python bench/run.py $(if $(QUICK),--quick)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml scripts/find-python
	@python=$$(scripts/find-python) || exit 1; \
	  [ -x $(BIN)/python ] || $$python -m venv $(VENV) || exit 1
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

assets: node_modules/.installed src/klynge/static/vendor/.copied

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

src/klynge/static/vendor/.copied: node_modules/.installed scripts/vendor_assets.py
	$(BIN)/python scripts/vendor_assets.py
	touch $@

messages: install $(patsubst %.po,%.mo,$(wildcard src/klynge/locale/*/LC_MESSAGES/django.po))

src/klynge/locale/%/LC_MESSAGES/django.mo: src/klynge/locale/%/LC_MESSAGES/django.po
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Re-resolve the lock file after changing pyproject.toml's dependencies.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
	  --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) node_modules src/klynge/static/vendor
