# The README's two commands: `make run` and `make test`. Everything else is a step of them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DB := data/resources.duckdb
RAW := $(shell find data/raw -type f 2>/dev/null)
PORT ?= 8501
API_PORT ?= 8000

.PHONY: run api test setup setup-dev data lint bench browser clean hours-oracle

run: setup data  ## start the app on 127.0.0.1:$(PORT)
	@echo "Resources app: http://127.0.0.1:$(PORT)"
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

api: setup data  ## start the HSDS 3.0 API on 127.0.0.1:$(API_PORT) (read-only)
	$(VENV)/bin/resources --db $(DB) api --host 127.0.0.1 --port $(API_PORT)

test: setup-dev data  ## the whole test suite (browser tests included)
	$(PY) -m pytest -q -n auto --dist loadfile  # a worker per core, a test file per worker (tests/test_architecture.py runs lint-imports)

setup: $(VENV)/.stamp-run
setup-dev: $(VENV)/.stamp-dev

$(VENV)/.stamp-run: requirements.txt requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null || $(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt -c requirements.lock
	touch $@

data: $(DB)  ## build the demo store from data/raw when missing or older than its sources

# rebuilt when its sources change, or when the store layout (schema, derived tables) does
DERIVED := resources/store/schema.py resources/store/search_sql.py resources/store/hotlines_sql.py \
	resources/store/text_sql.py resources/pipeline/hours_lookup.py
$(DB): $(RAW) $(DERIVED) $(VENV)/.stamp-run
	$(VENV)/bin/resources --db $(DB) build-demo --raw data/raw

lint: setup-dev
	$(VENV)/bin/ruff check resources ui app.py tests bench
	$(VENV)/bin/mypy resources

bench: setup-dev  ## every benchmark, figures printed against a baseline
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# dev-time only (Node + npm): the reference's answers for the OSM corpus, committed as test
# data so that `make test` and the app never need Node
ORACLE_DIR := scripts/hours-oracle
CORPUS := ../shared/data/osm-opening-hours-corpus/opening_hours_values_from_test_log.tsv
hours-oracle:  ## regenerate tests/data/osm_oracle.csv.gz with opening_hours.js
	cd $(ORACLE_DIR) && npm install --no-audit --no-fund --silent
	{ TZ=America/New_York node $(ORACLE_DIR)/oracle.mjs $(CORPUS) 40.7128 -74.0060; \
	  TZ=America/Denver node $(ORACLE_DIR)/oracle.mjs $(CORPUS) 39.7392 -104.9903 | tail -n +2; \
	} | gzip -n -9 > tests/data/osm_oracle.csv.gz

clean:
	rm -rf $(VENV) $(DB) static/vendor test-output
