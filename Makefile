# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
CORPUS ?= examples/articles
STORE ?= .kg-demo-store
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint clean ui wheel

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

# The SPARQL editor (YASGUI) from the npm registry; optional: without it / serves a plain editor.
ui:
	npm install --prefix build/ui --no-save --no-audit --no-fund @zazuko/yasgui@4

demo: install
	-@test -d build/ui/node_modules/@zazuko/yasgui || $(MAKE) ui
	$(BIN)/kg build $(CORPUS) --store $(STORE)
	@echo "Serving the graph on http://127.0.0.1:$(PORT)"
	$(BIN)/kg serve --store $(STORE) --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

# The installable wheel (carries seeds/, queries/, ontology/ and the NER model; see setup.py) in dist/.
wheel: install
	$(BIN)/pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(STORE) .pytest_cache build dist
