# Two commands for a fresh machine: `make run` opens the app, `make test` checks the import
# contracts and types and runs the suite.
# Both create .venv and install what is missing first; nothing here needs a display.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup sysdeps lint format bench schema fuzz clean

run: $(STAMP)
	$(BIN)/mapviewer $(ARGS)

# The architecture contracts (pyproject.toml [tool.importlinter]) and the type check run
# before the suite; a broken contract or a type error fails the target like a failing test.
test: $(STAMP)
	@sh tools/testdeps.sh
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# Every reader fed 5,000 mutated real files (tests/fuzz); prints executions, crashes and hangs
# per format. The normal suite runs 300 per format. FUZZ_SEED=n gives another set of inputs.
FUZZ_COUNT ?= 5000
fuzz: $(STAMP)
	FUZZ_COUNT=$(FUZZ_COUNT) QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz

setup: $(STAMP)

# Shared libraries Qt loads at run time; installed with apt-get where missing.
sysdeps:
	@sh tools/sysdeps.sh

# pip byte-compiles what it installs but not an editable package, and where
# PYTHONDONTWRITEBYTECODE is set Python never caches it: compiling ours at every start cost the
# first frame ~30 ms, so set-up compiles it once.
$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --config-settings editable_mode=compat -e ".[test]"
	$(BIN)/python -m compileall -q mapviewer
	@touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check mapviewer tests bench
	$(BIN)/ruff format --check mapviewer tests bench

format: $(STAMP)
	$(BIN)/ruff format mapviewer tests bench
	$(BIN)/ruff check --fix mapviewer tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py $(ARGS)

schema: $(STAMP)
	$(BIN)/mapviewer schema > resources/mapviewer-map.schema.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .import_linter_cache
