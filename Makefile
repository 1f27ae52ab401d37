# The two commands of the README: `make book` and `make test`. Both create the pinned environment
# in .venv from requirements.lock when it is missing or older than the lock.
# (uv is run as `python3 -m uv`; its pip commands then target the launching interpreter unless
# told otherwise, hence --python on each.)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.synced
UV     := $(PYTHON) -m uv
DATA   ?= data
OUT    ?= _build/html

.DEFAULT_GOAL := help
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

TOOLS  := .venv-tools
TOOLS_STAMP := $(TOOLS)/.synced

.PHONY: help venv tools chromium validate data book publish zenodo test lint clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(STAMP): requirements.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@test -x $(PY) || UV_PYTHON_DOWNLOADS=never $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)  ## create or refresh .venv from the lock

$(TOOLS_STAMP): requirements-tools.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@test -x $(TOOLS)/bin/python || UV_PYTHON_DOWNLOADS=never $(UV) venv --quiet --python $(PYTHON) $(TOOLS)
	$(UV) pip sync --quiet --python $(TOOLS)/bin/python requirements-tools.lock
	@touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP)  ## create .venv-tools (cffconvert, whose pins clash with the book's)

validate: $(STAMP)  ## validate the dataset in $(DATA)
	$(PY) -m analysis validate --data $(DATA)

data: $(STAMP)  ## rerun the imports (data/imports/*: the Stalin lists) into the tables, then validate
	$(PY) -m analysis data --data $(DATA)

book: $(STAMP)  ## validate, execute the chapters, build the HTML book into $(OUT)
	$(PY) -m analysis build --data $(DATA) --out $(OUT)

SITE   ?= _site
publish: $(STAMP)  ## add the current version as an edition of the site in $(SITE) (BASE_URL= to override the address)
	$(PY) -m analysis publish --data $(DATA) --site $(SITE) $(if $(BASE_URL),--base-url $(BASE_URL))

zenodo: $(TOOLS_STAMP)  ## write .zenodo.json from CITATION.cff (cffconvert), after checking the file
	$(TOOLS)/bin/cffconvert --validate --infile CITATION.cff
	$(TOOLS)/bin/cffconvert --format zenodo --infile CITATION.cff --outfile .zenodo.json

chromium:  ## install Debian's chromium for the browser tests, when it is missing
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

test: $(STAMP) $(TOOLS_STAMP) chromium  ## run the whole test suite (unit, data, notebooks, strict build, browser)
	$(PY) -m pytest

lint: $(STAMP)  ## ruff (package, tests, the templates' code cells); the workflows against GitHub's schema
	$(PY) -m ruff check . && $(PY) -m ruff format --check .
	$(VENV)/bin/nbqa ruff book/ essays/ && $(VENV)/bin/nbqa "ruff format" --check book/ essays/
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

clean:  ## remove the build outputs (keeps .venv)
	rm -rf _build
