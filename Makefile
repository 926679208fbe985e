PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow bench lint catalog clean

$(STAMP): pyproject.toml setup.py
	@echo "watchnext: installing into $(VENV) (once)"
	@$(PY) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip
	@$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

# the compiled catalog the app opens (catalog/README.md): made from the TOML once, not every run
COMPILED := catalog/catalog.sqlite
$(COMPILED): $(STAMP) $(wildcard catalog/titles/*.toml) $(wildcard catalog/vocab/*.toml)
	@echo "watchnext: compiling the catalog into $(COMPILED) (once, about a minute)"
	@$(BIN)/watchnext catalog compile

run: $(COMPILED)
	@$(BIN)/watchnext

# the tests a change needs (a few minutes); the slow ones rebuild or scan the whole shipped
# catalog and run on CI after these (.ci/run)
test: $(COMPILED)
	$(BIN)/python -m pytest -q -m "not slow"

test-slow: $(COMPILED)
	$(BIN)/python -m pytest -q -m slow

bench: $(COMPILED)
	$(BIN)/python benchmarks/run.py

catalog: $(STAMP)
	$(BIN)/watchnext catalog build --data ../shared/data --out catalog

clean:
	rm -rf $(VENV) build *.egg-info $(COMPILED)
