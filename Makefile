# Every target builds what it needs from nothing: a fresh clone needs only python3 (3.10-3.13),
# gcc and the Python headers (durable-rules always compiles its C core from source).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/herts-internal-audit.yaml
# durable-rules 2.0.28 calls PyEval_CallObject, which CPython 3.13 removed; its setup.py overwrites
# CFLAGS but setuptools honours CPPFLAGS (see ../shared/docs/engine-notes.md §5).
DR_CPPFLAGS := $(shell $(PYTHON) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")')

.PHONY: run test memcheck bench stress clean system-deps

# What the PDF report and its tests need from Debian: Pango for WeasyPrint (--format pdf), a font
# with Arial's metrics, poppler-utils (pdfinfo, pdftotext, pdftoppm) and Chromium for the axe test.
# Installed with apt-get only when missing, and only where we are root (CI and these machines).
SYSTEM_DEPS := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils chromium
system-deps:
	@missing=$$(for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $$missing"; apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	  else echo "missing Debian packages: $$missing (apt-get install $$missing); PDF and browser tests need them"; fi; \
	fi

$(BIN)/advisor: pyproject.toml | system-deps
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

clean:
	rm -rf $(VENV) build dist .pytest_cache
