# Two commands for a fresh clone (see README.md):
#   make report   set up .venv (again when pyproject.toml changed), execute every notebook on
#                 $(ARTICLES), write reports/$(RUN)/
#   make test     set up .venv (again when pyproject.toml changed), run the whole test suite
# Also: make evaluate (gold scores and PolNeAR dev; each skips without its data), make benchmark, make lab.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# A stamp file: the dependencies of pyproject.toml are installed (redone when it changes).
INSTALLED := $(VENV)/.installed
ARTICLES ?= data/articles
RUN ?= sample

.PHONY: env report test evaluate benchmark lab clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

env: $(INSTALLED)

report: env
	$(PY) -m helpers report $(ARTICLES) --run $(RUN)

# pytest exits 5 when it collects no tests: that fails the target like any other failure.
test: env
	$(PY) -m pytest -q

# PolNeAR dev (US news) when POLNEAR_GIT names a git directory of networkdynamics/PolNeAR; "skipped" otherwise.
evaluate: env
	$(PY) -m helpers evaluate ../shared/gold
	$(PY) benchmarks/polnear_eval.py --split dev

benchmark: env
	$(PY) benchmarks/pipeline_speed.py

lab: env
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf reports .cache
