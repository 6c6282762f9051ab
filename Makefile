# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
CORPUS ?= examples/articles
STORE ?= .kg-demo-store
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

UI := build/ui
UI_STAMP := $(UI)/node_modules/.kg-installed

.PHONY: install demo test lint clean ui wheel

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

# Browser assets from the npm registry, pinned by ui/package-lock.json (docs/web.md): the SPARQL editor, /docs,
# the map, timeline and chart. Without npm the pages still work (tables, plain editor) and say what is missing.
ui: $(UI_STAMP)

$(UI_STAMP): ui/package.json ui/package-lock.json ui/.npmrc
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(UI) && cp ui/package.json ui/package-lock.json ui/.npmrc $(UI)/ && \
	  (cd $(UI) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) && touch $@; \
	else echo "npm not found: pages run without the editor, /docs, map and charts (install Node.js and run make ui)"; fi

demo: install ui
	$(BIN)/kg build $(CORPUS) --store $(STORE)
	@echo "Serving the graph on http://127.0.0.1:$(PORT)"
	$(BIN)/kg serve --store $(STORE) --host 127.0.0.1 --port $(PORT)

test: install ui
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# The installable wheel (carries seeds/, queries/, ontology/ and the NER model; see setup.py) in dist/.
wheel: install
	$(BIN)/pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(STORE) .pytest_cache build dist
