# 会务档案 — every target creates .venv/ itself (when missing or older than pyproject.toml).
#   make site [AS_OF=YYYY-MM-DD] [AUDIENCE=内部]   build site/
#   make serve [PORT=8000]                         live preview on http://127.0.0.1:8000/
#   make check                                     validate every dossier
#   make test                                      the test suite (installs what it needs)
#   make fuzz                                      100,000 mutated dossiers through check
#   make bench                                     performance figures
#   make new KIND=常务会议 DATE=YYYY-MM-DD TITLE="…"    a new dossier from the template of its kind
#   make actions [AS_OF=…] [ARGS="--overdue"]       the follow-up ledger in the terminal
#   make feedback FILE=…xlsx [DRY_RUN=1]           read back the workbook a unit filled in
#   make import SRC="旧纪要/" [KIND=…] [DRY_RUN=1]  bring old minutes in (Word .docx, Markdown)
#   make publish DEST=<folder> [AUDIENCE=…]        build and swap in atomically; make rollback DEST=<folder>
#   make bundle                                    the offline bundle for an intranet machine (dist/)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTING := $(VENV)/.installed-test
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Only pass AS_OF / AUDIENCE on when given: mkdocs.yml reads them with !ENV.
ENVVARS := $(if $(AS_OF),AS_OF='$(AS_OF)') $(if $(AUDIENCE),AUDIENCE='$(AUDIENCE)')

# The offline bundle (make bundle) carries wheels/ beside this Makefile: then pip installs from it alone and
# never asks for the network (and pip itself is not upgraded). Without it, from the package registry.
OFFLINE := $(wildcard wheels/*.whl)
# Quiet: pip's errors still show; its warnings about this machine's own pip configuration (an index folder
# that is not there) and setuptools' note on editable installs do not.
PIP     := PYTHONWARNINGS=ignore $(BIN)/python -m pip --disable-pip-version-check install -qq $(if $(OFFLINE),--no-index --find-links wheels)

.PHONY: site serve check test fuzz bench clean bundle

# make site and the commands of a clerk install the runtime dependencies only; make test adds the test extras.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(OFFLINE),,$(PIP) --upgrade pip)
	$(PIP) -e .
	@touch $(STAMP)

$(TESTING): $(STAMP)
	$(PIP) -e '.[test]'
	@touch $(TESTING)

# Built into a private folder beside site/ and swapped in only when the build succeeds (generator/cli/publish.py).
site: $(STAMP)
	$(ENVVARS) $(BIN)/python -m generator.cli.publish site
	@echo ""
	@echo "网站已生成到 site/（可交给任何 Web 服务器）。本机预览：make serve，然后打开 http://127.0.0.1:8000/"
	@echo "The site is in site/ (serve it with any web server). Preview it here: make serve, then open http://127.0.0.1:8000/"

# make serve [PORT=8000]
serve: $(STAMP)
	$(ENVVARS) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT) --livereload

check: $(STAMP)
	$(BIN)/python -m generator check $(if $(AS_OF),--as-of '$(AS_OF)')

test: $(TESTING)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fuzz test of `make test` (tests/test_fuzz.py) with 100,000 examples instead of 2,000.
fuzz: $(TESTING)
	FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),100000) $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics $(PYTEST_ARGS)

bench: $(TESTING)
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache

# make bundle [BUNDLE_PYTHONS=3.11,3.12] [BUNDLE_PLATFORM=linux-x86_64|windows-x86_64]: dist/huiwu-offline-<version>-py<XY>-linux-x86_64.tar.gz, the project
# and a wheel of every runtime dependency, for a machine with no internet (deploy/bundle.py, INSTALL.md inside).
bundle: $(STAMP)
	$(BIN)/python deploy/bundle.py --python '$(or $(BUNDLE_PYTHONS),3.11,3.12)' --platform '$(or $(BUNDLE_PLATFORM),linux-x86_64)'

# make publish DEST=/srv/huiwu/neibu [AUDIENCE=内部] [AS_OF=…]: build into a new release beside DEST, then
# switch DEST (a symlink) to it at once; a failed build leaves the published site as it was.
# make rollback DEST=…: serve the previous release again. See generator/cli/publish.py and deploy/nginx.conf.
.PHONY: publish rollback

publish: $(STAMP)
	@test -n "$(DEST)" || { echo "用法 / usage: make publish DEST=<发布目录> [AUDIENCE=内部] [AS_OF=YYYY-MM-DD]" >&2; exit 2; }
	$(ENVVARS) $(BIN)/python -m generator.cli.publish publish '$(DEST)'

rollback: $(STAMP)
	@test -n "$(DEST)" || { echo "用法 / usage: make rollback DEST=<发布目录>" >&2; exit 2; }
	$(BIN)/python -m generator.cli.publish rollback '$(DEST)'

# make new KIND=常务会议 DATE=2026-12-20 TITLE="县人民政府2026年第13次常务会议" [SLUG=changwu-13]: writes
# dossiers/<YYYY>/<DATE>-<SLUG>.md from dossiers/_templates/<KIND>.md (never over an existing file), with the
# 不足 lessons of the last three meetings of that kind in its checklist. See generator/cli/new.py.
# make actions [AS_OF=…] [ARGS="--overdue --unit 水利"]: the ledger in the terminal (generator/cli/actions.py).
# make feedback FILE=单位交回的台账.xlsx [DRY_RUN=1]: the feedback a unit wrote in the workbook, into the
# dossiers (generator/cli/feedback.py); DRY_RUN=1 lists what would be written and writes nothing.
.PHONY: new actions feedback

new: $(STAMP)
	@test -n "$(KIND)" -a -n "$(DATE)" -a -n "$(TITLE)" || { echo "用法 / usage: make new KIND=<会议类型> DATE=YYYY-MM-DD TITLE=\"<会议名称>\" [SLUG=<文件名>]" >&2; exit 2; }
	$(BIN)/python -m generator new '$(KIND)' '$(DATE)' '$(TITLE)' $(if $(SLUG),--slug '$(SLUG)')

actions: $(STAMP)
	$(BIN)/python -m generator actions $(if $(AS_OF),--as-of '$(AS_OF)') $(ARGS)

feedback: $(STAMP)
	@test -n "$(FILE)" || { echo "用法 / usage: make feedback FILE=<交回的台账.xlsx> [DRY_RUN=1]" >&2; exit 2; }
	$(BIN)/python -m generator feedback '$(FILE)' $(if $(DRY_RUN),--dry-run)

# make import SRC="旧纪要/" [KIND=常务会议] [CLASSIFICATION=内部] [STATUS=已召开] [DRY_RUN=1]: the office's old minutes
# (Word .docx, Markdown .md, or folders of them, read recursively) as dossiers; never over an existing file, one
# line for each dossier written and for each thing not carried over. See generator/cli/importer.py.
.PHONY: import

import: $(STAMP)
	@test -n "$(SRC)" || { echo "用法 / usage: make import SRC=\"<纪要文件或文件夹> …\" [KIND=<会议类型>] [CLASSIFICATION=<密级>] [STATUS=已召开] [DRY_RUN=1]" >&2; exit 2; }
	$(BIN)/python -m generator import $(if $(KIND),--kind '$(KIND)') $(if $(CLASSIFICATION),--classification '$(CLASSIFICATION)') $(if $(STATUS),--status '$(STATUS)') $(if $(DRY_RUN),--dry-run) $(SRC)
