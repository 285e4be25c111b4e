# 会务档案 — every target creates .venv/ itself (when missing or older than pyproject.toml).
#   make site [AS_OF=YYYY-MM-DD] [AUDIENCE=内部]   build site/
#   make serve                                     live preview on http://127.0.0.1:8000/
#   make check                                     validate every dossier
#   make test                                      the test suite (installs what it needs)
#   make bench                                     performance figures

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Only pass AS_OF / AUDIENCE on when given: mkdocs.yml reads them with !ENV.
ENVVARS := $(if $(AS_OF),AS_OF='$(AS_OF)') $(if $(AUDIENCE),AUDIENCE='$(AUDIENCE)')

.PHONY: site serve check test bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

site: $(STAMP)
	$(ENVVARS) $(BIN)/mkdocs build --clean
	@echo ""
	@echo "网站已生成到 site/（可交给任何 Web 服务器）。本机预览：make serve，然后打开 http://127.0.0.1:8000/"
	@echo "The site is in site/ (serve it with any web server). Preview it here: make serve, then open http://127.0.0.1:8000/"

serve: $(STAMP)
	$(ENVVARS) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

check: $(STAMP)
	$(BIN)/python -m generator check $(if $(AS_OF),--as-of '$(AS_OF)')

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache
