# The two commands of the README: `make run` and `make test`. Both build .venv on a fresh machine.
PYTHON ?= python3
ARGS ?=
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint venv clean video

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/mindmuscle serve $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

# The optional video extra in a venv of its own (mediapipe 0.10.21 pins numpy<2):
# then .venv-video/bin/mindmuscle analyze motion VIDEO.mp4
video:
	test -x .venv-video/bin/python || $(PYTHON) -m venv .venv-video
	.venv-video/bin/python -m pip install --quiet --upgrade pip
	.venv-video/bin/python -m pip install --quiet -e '.[video]'

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
