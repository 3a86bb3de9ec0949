# crmcourse — the two commands a user needs:
#   make lab    open the course in JupyterLab (creates .venv from pinned versions if missing)
#   make test   run every test (creates .venv if missing)
# Everything else here is for course authors.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.crmcourse-installed
CLASSROOM := $(VENV)/.crmcourse-classroom
NBVAL  := --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg -p no:cacheprovider
# `make test` runs on JOBS pytest-xdist workers (`make test JOBS=0`: one process, easier to debug); three
# on two cores: some tests wait (kernels starting, sandboxed submissions, browsers), and a third worker fills
# those waits (docs/performance.md: 251 s against 283–315 s with two)
# with the Hypothesis profile HYPOTHESIS_PROFILE (conftest.py: ci = derandomised, capped examples).
JOBS               ?= 3
HYPOTHESIS_PROFILE ?= ci
# The venv is installed with pip; `make venv INSTALLER=uv` uses uv (pinned in constraints.txt,
# installed into the venv from PyPI): the same versions, about 4x faster; CI uses it. Bytecode is
# compiled at install either way, so the ~100 kernels a test run starts do not each recompile pandas.
INSTALLER          ?= pip
ifeq ($(INSTALLER),uv)
INSTALL = @test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check \
	    -c requirements/constraints.txt uv; \
	  $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -c requirements/constraints.txt
else
INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt
endif

SITE_ASSETS := site/node_modules/.package-lock.json

.PHONY: lab lab-zh test venv learner execute data lock bench bench-suite site slides clean

# `make lab LANG=zh` (or `make lab-zh`): the Chinese edition, JupyterLab's menus in Simplified Chinese.
# LANG is normally the shell's locale (en_US.UTF-8 …): only a LANG given on the make command line counts.
ifeq ($(origin LANG),command line)
LAB_LANG := --lang $(LANG)
endif

lab: $(STAMP)
	$(VENV)/bin/crmcourse lab $(LAB_LANG) $(LAB_ARGS)

lab-zh: $(STAMP)
	$(VENV)/bin/crmcourse lab --lang zh $(LAB_ARGS)

# One pytest run on JOBS workers: unit tests and doctests; the solution notebooks under nbval (stored
# outputs compared exactly; every notebook of a worker runs in that worker's one warm kernel after a
# reset cell, tests/kernels.py); each learner notebook executed once by tests/test_notebooks.py (runs
# unanswered, every check "not answered yet"); the Chinese edition proven against the English one;
# the real-browser tests on one shared JupyterLab. conftest.py decides what runs together on a
# worker (CourseScheduling). The classroom server's tests (JupyterHub, nbgrader: the classroom
# extra) are `make test-classroom`, a separately timed step of CI.
test: $(STAMP) $(SITE_ASSETS)
	HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest -n $(JOBS) -m "not classroom" tests crmcourse solutions \
	  --doctest-modules --nbval $(NBVAL) $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "crmcourse needs Python 3.11 or newer: run 'make PYTHON=python3.12 lab' with a newer python"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(INSTALL) -e ".[dev]"
	@touch $(STAMP)

# JavaScript for the offline site and slides (pinned in site/package-lock.json; npm registry only).
$(SITE_ASSETS): site/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix site --no-audit --no-fund --loglevel=error; \
	 else echo "npm not found: the site/slides tests will be skipped (install Node.js to run them)"; fi

# --- for course authors -------------------------------------------------------------
learner: $(STAMP)        ## regenerate notebooks/ from solutions/
	$(VENV)/bin/crmcourse learner

execute: $(STAMP)        ## re-execute solutions (NB=path to do one) and regenerate notebooks/
	$(VENV)/bin/crmcourse execute $(NB)

data: $(STAMP)           ## regenerate the synthetic case data in data/
	$(VENV)/bin/crmcourse data generate

site: $(STAMP) $(SITE_ASSETS)   ## build the offline course site into build/site
	$(VENV)/bin/crmcourse site

slides: $(STAMP) $(SITE_ASSETS) ## export slides: make slides MODULE=solutions/01_satisfaction
	$(VENV)/bin/crmcourse slides $(or $(MODULE),solutions)

bench: $(STAMP)          ## print the benchmark tables (figures go to docs/performance.md)
	$(PY) bench/run.py

bench-suite: $(STAMP) $(SITE_ASSETS)  ## time `make test` against one Run-All of every solution (docs/performance.md)
	$(PY) bench/bench_suite.py $(BENCH_ARGS)

# --- the classroom hub (docs/classroom.md): the `classroom` extra and the pinned proxy, then JupyterHub
.PHONY: hub classroom test-classroom
classroom: $(CLASSROOM)  ## install JupyterHub, nbgrader (the classroom extra) and the proxy (npm ci --prefix classroom)
$(CLASSROOM): $(STAMP) classroom/package-lock.json
	$(INSTALL) -e ".[dev,classroom]"
	npm ci --prefix classroom --no-audit --no-fund --loglevel=error
	@touch $(CLASSROOM)

# the classroom server's tests (hub, nbgrader round trip, two learners in the browser): a separately
# timed CI step (.ci/run), under 3 minutes; they may not be skipped here
test-classroom: $(CLASSROOM) $(SITE_ASSETS)
	CRMCOURSE_REQUIRE_HUB=1 HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest -n $(JOBS) -p no:cacheprovider -m classroom \
	  tests/test_hub.py tests/test_nbgrader.py tests/browser/test_hub_browser.py $(PYTEST_ARGS)

hub: $(CLASSROOM)        ## JupyterHub for a class: make hub HUB_ARGS="--users alice,bob --code crm-workshop"
	$(VENV)/bin/crmcourse hub $(HUB_ARGS)

lock:                    ## re-resolve the pinned versions into requirements/constraints.txt
	rm -rf /tmp/crmcourse-lock && $(PYTHON) -m venv /tmp/crmcourse-lock
	/tmp/crmcourse-lock/bin/pip install --quiet -e ".[dev]" uv
	{ echo "# Pinned versions for crmcourse (Python 3.11/3.12). Regenerate with: make lock"; \
	  /tmp/crmcourse-lock/bin/pip freeze --exclude-editable; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) build .pytest_cache
