# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
CORPUS ?= examples/articles
STORE ?= .kg-demo-store
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/kg build $(CORPUS) --store $(STORE)
	@echo "Serving the graph on http://127.0.0.1:$(PORT)"
	$(BIN)/kg serve --store $(STORE) --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(STORE) .pytest_cache build dist
