VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export PYQTGRAPH_QT_LIB := PySide6

.PHONY: setup test lint run bench soak clean

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(STAMP)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

run: setup
	$(VENV)/bin/rig gui --station stations/sim.yaml

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

soak: setup
	RIG_SOAK_UNITS=1000 $(PY) -m benchmarks soak

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
