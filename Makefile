# Two commands for a fresh clone (see README.md):
#   make report   set up .venv (again when pyproject.toml changed), execute every notebook on
#                 $(ARTICLES), write reports/$(RUN)/
#   make test     set up .venv (again when pyproject.toml changed), run the whole test suite
# Options: make report ARTICLES=folder RUN=name ARTICLE=<article_id> (focus the notebooks on one article)
#          SHOW_CODE=1 (keep code cells in the HTML reports).
# Also: make evaluate (gold scores and PolNeAR dev; each skips without its data), make benchmark,
#       make lab [PORT=8888] [LAB_OPTIONS="--no-browser --ip=0.0.0.0"] (JupyterLab; works as root too).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# A stamp file: the dependencies of pyproject.toml are installed (redone when it changes).
INSTALLED := $(VENV)/.installed
ARTICLES ?= data/articles
RUN ?= sample
ARTICLE ?=
SHOW_CODE ?=
PORT ?= 8888
LAB_OPTIONS ?=
# Jupyter refuses to start as root unless told to: root is common in containers.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: env report test evaluate benchmark lab clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

env: $(INSTALLED)

report: env
	$(PY) -m helpers report $(ARTICLES) --run $(RUN) $(if $(ARTICLE),--article $(ARTICLE)) $(if $(SHOW_CODE),--show-code)

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
	$(VENV)/bin/jupyter lab notebooks/ --port=$(PORT) $(ALLOW_ROOT) $(LAB_OPTIONS)

clean:
	rm -rf reports .cache
