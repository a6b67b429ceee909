# Every target sets up .venv itself; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_FLAGS := --quiet --disable-pip-version-check --prefer-binary

.PHONY: run test bench package screenshots demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test]'
	touch $@

$(VENV)/.installed-package: pyproject.toml | $(VENV)/.installed
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test,package]'
	touch $@

# A demo store under .demo-home, built once, opened with the demo passphrase.
run: $(VENV)/.installed
	bash tests/system-packages.sh gui
	PACLIENT_HOME=.demo-home $(BIN)/paclient gui --demo

# One pytest worker per core (TEST_WORKERS=1 runs them in one process, in random order).
TEST_WORKERS ?= auto

test: $(VENV)/.installed
	bash tests/system-packages.sh
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

bench: $(VENV)/.installed
	bash tests/system-packages.sh
	$(BIN)/python -m pytest -q -s -m bench -p no:randomly bench

# The PyInstaller bundle and the .deb under build/, then their smoke tests (installer/README.md).
package: $(VENV)/.installed-package
	bash tests/system-packages.sh
	rm -rf build/dist build/pyinstaller build/*.deb
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
		--workpath build/pyinstaller installer/paclient.spec
	bash installer/linux/build-deb.sh
	$(BIN)/python -m pytest -q -m package -p no:randomly tests/package

# PNGs of the app on a demo caseload, drawn offscreen (no display needed).
screenshots: $(VENV)/.installed
	bash tests/system-packages.sh gui
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py paclient/resources/guide/screenshots

clean:
	rm -rf $(VENV) .demo-home .pytest_cache
