# Every target sets up .venv itself; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_FLAGS := --quiet --disable-pip-version-check --prefer-binary

.PHONY: run test bench screenshots demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test]'
	touch $@

# A demo store under .demo-home, built once, opened with the demo passphrase.
run: $(VENV)/.installed
	bash tests/system-packages.sh gui
	PACLIENT_HOME=.demo-home $(BIN)/paclient gui --demo

test: $(VENV)/.installed
	bash tests/system-packages.sh
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	bash tests/system-packages.sh
	$(BIN)/python -m pytest -q -s -m bench -p no:randomly bench

# PNGs of the app on a demo caseload, drawn offscreen (no display needed).
screenshots: $(VENV)/.installed
	bash tests/system-packages.sh gui
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/screenshots

clean:
	rm -rf $(VENV) .demo-home .pytest_cache
