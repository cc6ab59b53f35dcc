# Every target builds what it needs from nothing: a fresh clone needs only python3 (3.10-3.13),
# gcc and the Python headers (durable-rules always compiles its C core from source).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/herts-internal-audit.yaml
# durable-rules 2.0.28 calls PyEval_CallObject, which CPython 3.13 removed; its setup.py overwrites
# CFLAGS but setuptools honours CPPFLAGS (see ../shared/docs/engine-notes.md §5).
DR_CPPFLAGS := $(shell $(PYTHON) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")')

.PHONY: run test memcheck bench stress load lock lock-upgrade clean system-deps serve browser frontend screenshots

# What the PDF report and its tests need from Debian: Pango for WeasyPrint (--format pdf), a font
# with Arial's metrics, poppler-utils (pdfinfo, pdftotext, pdftoppm), Chromium for the axe test and
# LibreOffice Calc, which opens the portfolio CSV as a spreadsheet user would.
# Installed with apt-get only when missing, and only where we are root (CI and these machines).
SYSTEM_DEPS := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils chromium libreoffice-calc-nogui
system-deps:
	@missing=$$(for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $$missing"; apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	  else echo "missing Debian packages: $$missing (apt-get install $$missing); PDF and browser tests need them"; fi; \
	fi

# Installs come from lock files (exact versions and sha256 hashes, every Python 3.10-3.13 and
# platform in one file), so a new release of any dependency cannot change a fresh clone.
# pyproject.toml keeps compatible ranges for people who `pip install` the package; `make lock`
# compiles those ranges into the lock files (see "Dependencies and the lock files" in README.md).
LOCK       := requirements/lock.txt
BUILD_LOCK := requirements/build.txt
UV_LOCK    := requirements/uv.txt
LOCK_VENV  ?= .venv-lock
COMPILE     = $(LOCK_VENV)/bin/uv pip compile --quiet --universal --generate-hashes \
              --python-version 3.10 --custom-compile-command "make lock" $(UPGRADE)

$(BIN)/advisor: pyproject.toml $(LOCK) $(BUILD_LOCK) | system-deps
	$(PYTHON) -m venv $(VENV)
	# 1. the installers themselves (pip, setuptools, hatchling), hashes checked
	$(BIN)/python -m pip install -q --require-hashes -r $(BUILD_LOCK)
	# 2. every dependency at its locked version and hash. durable-rules ships only an sdist: it is
	#    hash-checked, then compiled with the locked setuptools (no build isolation, which would fetch
	#    an unpinned one). --no-cache-dir: a cached wheel built without the 3.13 flag would import-fail.
	CPPFLAGS="$(DR_CPPFLAGS)" $(BIN)/python -m pip install -q --require-hashes --no-build-isolation \
		--no-cache-dir -r $(LOCK)
	# 3. advisor itself, editable, from this folder: nothing is downloaded, so nothing needs a hash
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	# 4. byte-compile it, as pip does for every other package: an editable install does not, and
	#    where PYTHONDONTWRITEBYTECODE is set (these machines) every run compiled advisor again:
	#    about 60 ms of a 320 ms `advisor advise`, measured
	$(BIN)/python -m compileall -q src/advisor
	touch $@

# Recompile the lock files from pyproject.toml (runtime dependencies and every extra) and
# requirements/build.in. Versions already locked are kept where they still fit; `make lock-upgrade`
# moves everything to the newest versions that fit. Commit the three .txt files it writes.
lock: $(LOCK_VENV)/bin/uv
	$(COMPILE) requirements/uv.in -o $(UV_LOCK)
	$(COMPILE) pyproject.toml requirements/build.in --all-extras -o $(LOCK)
	$(COMPILE) requirements/build.in -c $(LOCK) -o $(BUILD_LOCK)

lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

# The lock tool is pinned and hash-checked too, in a venv of its own (not needed to run advisor).
$(LOCK_VENV)/bin/uv: $(UV_LOCK)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q --require-hashes -r $(UV_LOCK)
	touch $@

run: $(BIN)/advisor
	$(BIN)/advisor advise $(EXAMPLE)

test: $(BIN)/advisor
	$(BIN)/python -m pytest -q

memcheck: $(BIN)/advisor
	$(BIN)/python benchmarks/memcheck.py
	$(BIN)/python -m pytest -q -m memcheck

bench: $(BIN)/advisor
	$(BIN)/python benchmarks/bench.py

stress: $(BIN)/advisor
	$(BIN)/python benchmarks/stress.py --count 300

# 20 simulated users walk the browser service's interview at once for 60 s (127.0.0.1 only, a
# temporary data folder); writes the table to benchmarks/results.md ("Browser service under load").
load: $(BIN)/advisor
	$(BIN)/python benchmarks/load.py

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

# Regenerate docs/screenshots/ (the README's "What it looks like"): the running service in Chromium.
screenshots: $(BIN)/advisor
	$(BIN)/python tests/browser/screenshots.py --out docs/screenshots

# Rebuild the unbranded govuk-frontend into src/advisor/web/static/ (needs node and npm; the
# output is committed, so only a change of version or of frontend/advisor.scss needs this).
frontend:
	frontend/build.sh

clean:
	rm -rf $(VENV) $(LOCK_VENV) build dist .pytest_cache
