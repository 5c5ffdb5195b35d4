# Pupitre: everyday commands. GNU make, POSIX sh recipes.
#
#   make run     install, migrate, load the demo data, serve on http://127.0.0.1:8000
#   make test    install and run the test suite (PYTEST_ARGS="..." passes options on)
#   make lint    ruff format --check and ruff check
#
# Needs python3.11, make and GNU gettext (msgfmt) on the machine.

SHELL := /bin/sh
.SHELLFLAGS := -ec
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# Development defaults for `make run` and the manage.py commands below.
# SQLite under var/ is the settings' default.
export DEBUG ?= 1

# The test suite runs with production-like settings (DEBUG off, a secret key)
# but without HTTPS redirects or secure-only cookies.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-key-not-a-secret-5f0c1e7b9a2d4c6e8f10 \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 CACHE_URL=locmem://

# compilemessages walks the whole tree looking for locale/ folders.
I18N_IGNORE := -i .git -i .venv -i var -i bench -i node_modules
MAKEMESSAGES_IGNORE := $(I18N_IGNORE) -i tests

define need_msgfmt
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "msgfmt not found: Pupitre needs GNU gettext to compile its translations." >&2; \
		echo "Install it, e.g. 'sudo apt-get install gettext' (Debian/Ubuntu)." >&2; \
		exit 1; }
endef

.PHONY: help install run test lint format messages compilemessages lock screenshots meshcentral

help:
	@echo "make run              install, migrate, load demo data, serve on http://$(HOST):$(PORT) with the task worker"
	@echo "make test             run the test suite (PYTEST_ARGS='...' for pytest options)"
	@echo "make lint             ruff format --check and ruff check"
	@echo "make format           ruff check --fix and ruff format"
	@echo "make messages         update locale/*/LC_MESSAGES/django.po from the sources"
	@echo "make compilemessages  compile the .po files"
	@echo "make screenshots      regenerate docs/screenshots/ (needs Debian's chromium)"
	@echo "make meshcentral      install MeshCentral $(MESHCENTRAL_VERSION) from npm into $(MESHCENTRAL_DIR)/ (remote maintenance)"
	@echo "make lock             regenerate requirements.lock from pyproject.toml's pins"

# --- installation ---------------------------------------------------------

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "python3.11 not found: install Python 3.11 or set PYTHON=/path/to/python3.11." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
		echo "Pupitre needs Python 3.11; $(PYTHON) is $$($(PYTHON) --version 2>&1)." >&2; \
		echo "Set PYTHON=/path/to/python3.11." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock (or the project metadata) is newer than the stamp.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install -q -r requirements.lock
	$(PIP) install -q --no-deps -e .
	touch $@

install: $(STAMP)

# MeshCentral (remote maintenance) from the npm registry, at a pinned
# version, into a folder git ignores. Our configuration needs no module
# beyond the package's own dependencies (no mail, session recording or
# Let's Encrypt), so MeshCentral installs nothing more when it starts.
MESHCENTRAL_VERSION := 1.1.55
MESHCENTRAL_DIR := var/meshcentral

meshcentral:
	@command -v npm >/dev/null 2>&1 || { \
		echo "npm not found: MeshCentral needs Node.js and npm (apt-get install nodejs npm)." >&2; exit 1; }
	mkdir -p $(MESHCENTRAL_DIR)
	test -f $(MESHCENTRAL_DIR)/package.json || \
		echo '{"name": "pupitre-meshcentral", "private": true}' > $(MESHCENTRAL_DIR)/package.json
	cd $(MESHCENTRAL_DIR) && npm install --no-audit --no-fund --save-exact meshcentral@$(MESHCENTRAL_VERSION)

# --- translations ---------------------------------------------------------

compilemessages: install
	$(need_msgfmt)
	$(MANAGE) compilemessages $(I18N_IGNORE) -v 0

messages: install
	$(need_msgfmt)
	$(MANAGE) makemessages -l de -l fr --no-location --no-obsolete $(MAKEMESSAGES_IGNORE)

# --- run ------------------------------------------------------------------

# The task worker, the scheduler (which enqueues the periodic SLA check and
# mail poll), the IMAP IDLE watcher and, while the demonstration Odoo is the
# configured one, its stand-in run in the background and are stopped
# with the server; the SMTP receiver too, when SMTP_RECEIVER_DOMAINS is set.
# Ctrl-C stops them all within 5 s: SIGTERM (each stops at once, a task the
# worker is running may finish), then SIGKILL after 4 s. The worker runs
# without its autoreloader (whose parent process would outlive a SIGKILL):
# restart `make run` after changing a task's code.
run: install compilemessages
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	@echo
	@echo "  Pupitre is starting on http://$(HOST):$(PORT)/  (Ctrl-C stops the server, the worker and the scheduler)"
	@echo
	@# Remote maintenance: a local MeshCentral when Node.js is here (installed once).
	@if command -v npm >/dev/null 2>&1 && [ ! -f $(MESHCENTRAL_DIR)/node_modules/meshcentral/package.json ]; then \
		$(MAKE) --no-print-directory meshcentral || \
		echo "MeshCentral could not be installed: remote maintenance shows as not configured."; \
	fi
	@$(MANAGE) meshcentral_local --prepare
	@mesh=""; mesh_dir=$(MESHCENTRAL_DIR)/run; \
	if [ -f $$mesh_dir/login-token-key ]; then \
		export MESHCENTRAL_PASSWORD_FILE=$$mesh_dir/password MESHCENTRAL_LOGIN_TOKEN_KEY_FILE=$$mesh_dir/login-token-key; \
		$(MANAGE) meshcentral_local & mesh=$$!; \
	fi; \
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	$(MANAGE) scheduler & scheduler=$$!; \
	$(MANAGE) mail_idle & idle=$$!; \
	$(MANAGE) odoo_standin --if-demo & odoo=$$!; \
	smtp=""; if [ -n "$$SMTP_RECEIVER_DOMAINS" ]; then $(MANAGE) smtp_receiver & smtp=$$!; fi; \
	pids="$$worker $$scheduler $$idle $$odoo $$smtp $$mesh"; \
	trap 'kill $$pids 2>/dev/null; \
		( for tick in 1 2 3 4 5 6 7 8; do sleep 0.5; done; kill -KILL $$pids 2>/dev/null ) & \
		watchdog=$$!; \
		wait $$pids 2>/dev/null; kill $$watchdog 2>/dev/null; true' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# --- quality --------------------------------------------------------------

# pytest exits 5 when it collected no tests: that fails here as any other code.
test: install compilemessages
	@$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) || { rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure." >&2; fi; \
		exit $$rc; }

lint: install
	@rc=0; \
	$(BIN)/ruff format --check . || rc=1; \
	$(BIN)/ruff check . || rc=1; \
	exit $$rc

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --- dependencies ---------------------------------------------------------

# Resolve pyproject.toml's pins (runtime + dev extra) in a throw-away venv and
# write the full pinned set, the project itself excluded.
LOCK_VENV := var/lock-venv
lock:
	@test -n "$(PYTHON)" || { echo "python3.11 not found" >&2; exit 1; }
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip --disable-pip-version-check install -q -e '.[dev]'
	{ \
	echo "# Full pinned set (direct and transitive) for runtime and development,"; \
	echo "# resolved from the pins in pyproject.toml ([project] dependencies and the"; \
	echo "# \"dev\" extra). Do not edit by hand: change pyproject.toml, then run"; \
	echo "#     make lock"; \
	echo "# Install with:"; \
	echo "#     pip install -r requirements.lock && pip install --no-deps -e ."; \
	$(LOCK_VENV)/bin/python -m pip --disable-pip-version-check freeze --exclude-editable; \
	} > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock
	rm -rf $(LOCK_VENV)

screenshots: compilemessages
	$(BIN)/python scripts/screenshots.py
