# Every target bootstraps .venv from pyproject.toml when it is missing or out of date.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Compiled modules are kept (__pycache__, ignored by git) even where the environment asks
# Python not to write them: a build or test run starts hundreds of kernels and commands,
# and each would compile the library (and pytest rewrite the tests) again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: reports preview test test-fast lab seminar grade validate lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# the students' handouts (never the instructor's) are written beside the reports, which the
# index then links; again only when the data, the seminar notebook or the library changed
HANDOUTS := reports/.handouts
HANDOUT_INPUTS := $(wildcard data/*.csv data/*.json data/sources/*) notebooks/seminar.ipynb \
                  $(shell find rupak_lib -name '*.py' -o -name '*.j2' -o -name '*.csv')

reports: $(HANDOUTS)
	$(BIN)/rupak build

$(HANDOUTS): $(STAMP) $(HANDOUT_INPUTS)
	$(BIN)/rupak seminar --theme all --students-only --out reports
	@touch $@

preview: $(STAMP)
	$(BIN)/rupak preview

validate: $(STAMP)
	$(BIN)/rupak validate

test: $(STAMP)
	$(BIN)/ruff check rupak_lib tests benchmarks
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

# the unit tests only: no notebook, server or browser runs (under 30 s)
test-fast: $(STAMP)
	$(BIN)/ruff check rupak_lib tests benchmarks
	$(BIN)/python -m pytest -m "not slow and not browser" -q -n auto --dist worksteal

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

seminar: $(STAMP)
	$(BIN)/rupak seminar $(if $(THEME),--theme $(THEME)) $(if $(PDF),--pdf)

grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=dir [THEME=id]" >&2; exit 2; }
	$(BIN)/rupak grade $(SUBMISSIONS) $(if $(THEME),--theme $(THEME)) $(if $(OUT),--out $(OUT))

lint: $(STAMP)
	$(BIN)/ruff check rupak_lib tests benchmarks

clean:
	rm -rf reports/*.html reports/*.ipynb reports/.manifest.json reports/.handouts handouts grades
