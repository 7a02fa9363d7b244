# Two commands for a fresh clone (see README.md):
#   make report   set up .venv if missing, execute every notebook on $(ARTICLES), write reports/$(RUN)/
#   make test     set up .venv if missing, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ARTICLES ?= data/articles
RUN ?= sample

.PHONY: env report test evaluate benchmark lab clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

env: $(VENV)/.installed

report: env
	$(PY) -m helpers report $(ARTICLES) --run $(RUN)

test: env
	$(PY) -m pytest -q

evaluate: env
	$(PY) -m helpers evaluate ../shared/gold

lab: env
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf reports .cache
