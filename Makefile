# Every target builds what it needs from nothing: a fresh clone needs only python3 (3.10-3.13),
# gcc and the Python headers (durable-rules always compiles its C core from source).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/herts-internal-audit.yaml
# durable-rules 2.0.28 calls PyEval_CallObject, which CPython 3.13 removed; its setup.py overwrites
# CFLAGS but setuptools honours CPPFLAGS (see ../shared/docs/engine-notes.md §5).
DR_CPPFLAGS := $(shell $(PYTHON) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")')

.PHONY: run test memcheck bench stress clean serve browser frontend

$(BIN)/advisor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# --no-cache-dir: a cached durable-rules wheel built without the 3.13 flag would import-fail.
	CPPFLAGS="$(DR_CPPFLAGS)" $(BIN)/python -m pip install -q --no-cache-dir durable-rules==2.0.28
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

run: $(BIN)/advisor
	$(BIN)/advisor advise $(EXAMPLE)

test: $(BIN)/advisor
	$(BIN)/python -m pytest -q

memcheck: $(BIN)/advisor
	$(BIN)/python benchmarks/memcheck.py

bench: $(BIN)/advisor
	$(BIN)/python benchmarks/bench.py

stress: $(BIN)/advisor
	$(BIN)/python benchmarks/stress.py --count 300

# The browser service on http://127.0.0.1:8000/, data in $(DATA). The first time, it asks for a
# first administrator (user name here, password twice by `advisor users add`).
DATA ?= advisor-data
serve: $(BIN)/advisor
	@$(BIN)/advisor users list --data $(DATA) | grep -q . || { \
	  echo "No accounts yet: make the first administrator."; \
	  printf 'User name: '; read name; \
	  $(BIN)/advisor users add "$$name" --role admin --data $(DATA); }
	$(BIN)/advisor serve --data $(DATA)

# Only the real-browser tests (Debian's Chromium; `make test` runs them too).
browser: $(BIN)/advisor
	$(BIN)/python -m pytest -q -m browser tests/browser

# Rebuild the unbranded govuk-frontend into src/advisor/web/static/ (needs node and npm; the
# output is committed, so only a change of version or of frontend/advisor.scss needs this).
frontend:
	frontend/build.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache
