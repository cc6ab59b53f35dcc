# Every target builds what it needs from nothing: a fresh clone needs only python3 (3.10-3.13),
# gcc and the Python headers (durable-rules always compiles its C core from source).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/herts-internal-audit.yaml
# durable-rules 2.0.28 calls PyEval_CallObject, which CPython 3.13 removed; its setup.py overwrites
# CFLAGS but setuptools honours CPPFLAGS (see ../shared/docs/engine-notes.md §5).
DR_CPPFLAGS := $(shell $(PYTHON) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")')

.PHONY: run test memcheck bench stress clean

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

clean:
	rm -rf $(VENV) build dist .pytest_cache
