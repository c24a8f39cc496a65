# Each target sets itself up from a clean clone: a .venv, the project installed into it, then the job.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test run lint bench

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -U pip
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@$(VENV)/bin/talentbot demo

test: $(STAMP) lint
	@$(PY) -m pytest -q -ra $(PYTEST_ARGS)

lint: $(STAMP)
	@$(VENV)/bin/ruff check --no-cache bot handlers tests benchmarks
	@$(VENV)/bin/ruff format --no-cache --check bot handlers tests benchmarks

run: $(STAMP)
	@$(VENV)/bin/talentbot run

bench: $(STAMP)
	@$(PY) benchmarks/classify.py
	@$(PY) benchmarks/poll.py
	@$(PY) benchmarks/commands.py
