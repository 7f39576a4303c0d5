# Two commands set everything up on a fresh machine (Python >= 3.11 with pip):
#   make run   - create .venv, install, build the knowledge index if missing, serve the chat
#   make test  - same venv plus dev tools, Chromium and PostgreSQL, then ruff, mypy and pytest
#                (the default tier; `make test-slow` runs the long fuzz suites, CI runs both)
# Both are idempotent: stamp files make a second run with nothing changed take seconds.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

# onnxruntime phones home unless this is set before it is imported.
export ORT_DISABLE_TELEMETRY := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-slow lint typecheck pytest chromium postgresql pango lock bench bench-peers screenshots clean

run: $(VENV)/.runtime pango
	$(BIN)/budgetmix index --if-missing
	$(BIN)/budgetmix chat --host $(HOST) --port $(PORT)

test: $(VENV)/.dev chromium postgresql pango lint typecheck pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# The long suites (fuzzing, many-seed fits): minutes each, so kept out of the default run.
test-slow: $(VENV)/.dev chromium postgresql pango
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Install from the committed lock with --no-deps: a plain resolve of this stack fails
# (resolution-too-deep), and the lock gives every machine the same versions.
$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/python -m pip install -q --no-deps -r requirements-dev.lock
	touch $@

# Browser tests use Debian's chromium (never a downloaded browser). Installed through apt
# when missing and we are root; otherwise the e2e tests skip and say why.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian chromium for the browser tests"; \
		(apt-get install -y -q chromium >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) || \
		echo "could not install chromium: browser tests will skip"; \
	else echo "chromium missing and not root: browser tests will skip"; fi

# The plan report's PDF is laid out by WeasyPrint, which needs the system's pango (Debian's
# libpango-1.0-0 and libpangoft2-1.0-0): installed through apt when missing and we are root;
# otherwise the PDF report (not the HTML one) says it cannot run and its tests fail.
pango:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian pango for the PDF report"; \
		install="apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0"; \
		($$install >/dev/null 2>&1 || (apt-get update -q >/dev/null && $$install >/dev/null)) || \
		echo "could not install pango: PDF reports will not render"; \
	else echo "pango missing and not root: PDF reports will not render"; fi

# The storage tests also run against a real PostgreSQL server they start themselves (initdb in
# a temporary folder, a free port): the binaries come from Debian's postgresql package,
# installed through apt when missing and we are root, without the package's own cluster and
# service; otherwise the PostgreSQL half of those tests skips and says why.
PG_CLUSTER_CONF := /etc/postgresql-common/createcluster.conf
postgresql:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian postgresql for the storage tests"; \
		mkdir -p $(dir $(PG_CLUSTER_CONF)); \
		[ -e $(PG_CLUSTER_CONF) ] || echo "create_main_cluster = false" > $(PG_CLUSTER_CONF); \
		install="apt-get install -y -q -o Dpkg::Options::=--force-confold postgresql"; \
		(DEBIAN_FRONTEND=noninteractive $$install >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $$install >/dev/null)) || \
		echo "could not install postgresql: the PostgreSQL storage tests will skip"; \
	else echo "PostgreSQL missing and not root: the PostgreSQL storage tests will skip"; fi

# Regenerate both locks from pyproject.toml (needs the dev venv for uv).
lock: $(VENV)/.dev
	$(BIN)/uv pip compile -q pyproject.toml --python-version 3.11 --no-header -o requirements.lock
	$(BIN)/uv pip compile -q pyproject.toml --extra dev -c requirements.lock --python-version 3.11 \
		--no-header -o requirements-dev.lock

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

# budgetmix side by side with PyMC-Marketing (not run by CI: ~20 minutes). The peers live in
# their own virtualenv, never the project's.
PEERS_VENV := benchmarks/peers/.venv
$(PEERS_VENV)/.installed: benchmarks/peers/requirements.in
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install -q -r benchmarks/peers/requirements.in
	touch $@

bench-peers: $(VENV)/.dev $(PEERS_VENV)/.installed
	nice -n 10 $(BIN)/python -m benchmarks.peers.run

# Re-take the README's screenshots and the chat latency figure (browser tests, recording).
screenshots: $(VENV)/.dev chromium
	BUDGETMIX_RECORD=1 $(BIN)/python -m pytest -m e2e tests/e2e

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
