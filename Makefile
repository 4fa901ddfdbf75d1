# warroom: `make play` sets everything up and plays; `make test` sets everything up and tests.
# Both need only python3 (>= 3.11) and make; the virtual environment lives in .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: play test lint bench screenshots reference clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/warroom play $(SCENARIO)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/warroom lint scenarios/
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/solver.py
	$(BIN)/python bench/replay.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/gameday.py

screenshots: $(STAMP)
	$(BIN)/python -m warroom.game.window.screenshots docs/screenshots

# The Markdown reference of resource types, faults, actions and rules (committed; a test checks it is fresh).
reference: $(STAMP)
	$(BIN)/warroom catalog --markdown -o docs/reference

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
