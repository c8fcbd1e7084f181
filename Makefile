# OpenVorgang – the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/openvorgang
PYTEST_WORKERS ?= 2

.PHONY: assets lock audit demo test system-deps messages lint typecheck test-sqlite test-postgres serve migrate clean install bench-intake bench-routing bench-ui bench-xdomea bench-stats bench-feeds openapi worker screenshots

LOCK := requirements/dev.lock

# Every dependency comes from the lock file, pinned and checked against its SHA-256 hashes;
# the package itself is installed on top without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/openvorgang migrate --no-input

## demo: create the venv, install, migrate, load the demo data and serve on http://127.0.0.1:8000
# make demo PORT=8080: another port; links in e-mails and the Antragsraum follow it.
PORT ?= 8000
DEMO_ENV := OPENVORGANG_BASE_URL=http://127.0.0.1:$(PORT)

demo: migrate
	$(DEMO_ENV) $(BIN)/openvorgang demo
	@echo ""
	@echo "OpenVorgang läuft auf http://127.0.0.1:$(PORT) (Strg+C beendet), mit Hintergrund-Worker."
	@echo "E-Mails (Benachrichtigungen, Antragsraum-Links) liegen als Dateien in var/mails/."
	$(DEMO_ENV) $(BIN)/openvorgang worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/openvorgang runserver --insecure 127.0.0.1:$(PORT)

## screenshots: PNGs of the main pages at 1366x768 in var/screenshots/ (demo data, headless Chromium)
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

serve: migrate
	$(DEMO_ENV) $(BIN)/openvorgang runserver --insecure 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src bench scripts
	$(BIN)/ruff format --check src bench scripts
	# the layers and the absence of cycles (.importlinter): which app may import which
	$(BIN)/lint-imports --no-cache
	# bandit: every finding fixed or justified inline (# nosec with the reason); B101 (assert)
	# is off because asserts here only narrow types the framework already guarantees
	$(BIN)/bandit -q -r src/openvorgang -x '*/tests/*,*/testing/*' -s B101
	# semgrep with the project's rules (.semgrep/rules.yml): no SQL from strings, no
	# mark_safe or |safe on user data, csrf_exempt only on machine endpoints
	$(BIN)/semgrep scan --config .semgrep/rules.yml --metrics=off --disable-version-check --error --quiet src/openvorgang

typecheck: $(STAMP)
	$(BIN)/mypy src/openvorgang

AXE := e2e/node_modules/axe-core/axe.min.js
KERN := frontend/node_modules/@kern-ux/native/package.json

# the KERN UX design system, pinned in frontend/package-lock.json
$(KERN): frontend/package.json frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund --silent
	touch $(KERN)

## assets: copy the pinned KERN UX CSS and fonts into the app's static files (after a version bump)
assets: $(STAMP) $(KERN)
	$(BIN)/python scripts/kern-assets.py

# axe-core for the accessibility checks of the browser tests (pinned in e2e/package-lock.json)
$(AXE): e2e/package.json e2e/package-lock.json
	npm ci --prefix e2e --no-audit --no-fund --silent
	touch $(AXE)

test-sqlite: $(STAMP) $(AXE) $(KERN)
	DATABASE_URL= $(BIN)/pytest -q -n $(PYTEST_WORKERS) -p no:cacheprovider

test-postgres: $(STAMP) $(AXE) $(KERN)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n $(PYTEST_WORKERS) -p no:cacheprovider

## system-deps: the Debian packages the tests need (installed as root, else named), PostgreSQL up
system-deps:
	@bash scripts/system-deps

## test: system packages, lint, type check, the catalogue, then the whole suite (browser tests
## included) on SQLite and on PostgreSQL
test: system-deps lint typecheck test-sqlite test-postgres

COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

## lock: pin every dependency with hashes again (after changing pyproject.toml)
lock: $(STAMP)
	$(COMPILE) --extra dev -o requirements/dev.lock pyproject.toml
	$(COMPILE) --extra s3 -o requirements/production.lock pyproject.toml

## audit: check the pinned dependencies against PyPI's advisory data (needs that service;
## fails when it cannot be reached, so an unreachable database never passes as "no findings")
audit: $(STAMP)
	$(BIN)/pip-audit --disable-pip --require-hashes --strict --progress-spinner off \
		-r requirements/dev.lock
	$(BIN)/pip-audit --disable-pip --require-hashes --strict --progress-spinner off \
		-r requirements/production.lock

## bench-intake: intake throughput, latency and memory against PostgreSQL (prints figures)
bench-intake: $(STAMP)
	$(BIN)/python bench/intake.py

## bench-routing: routing cost with 15,000 regions and 20,000 rules (prints figures)
bench-routing: $(STAMP)
	$(BIN)/python bench/routing.py

## bench-ui: list, search and detail at 1,000,000 cases, 16 users (prints figures; first run generates the data)
bench-ui: $(STAMP)
	$(BIN)/python bench/ui.py

## bench-xdomea: export memory (20 MB case) and throughput (1,000 cases) against PostgreSQL
bench-xdomea: $(STAMP)
	$(BIN)/python bench/xdomea.py

## bench-stats: the statistics page at 1,000,000 cases (uses bench-ui's data set)
bench-stats: $(STAMP)
	$(BIN)/python bench/stats.py

## bench-feeds: transitions committing out of order under two workers; every event reaches
## each consumer exactly once (webhook receiver, DMS filing); PostgreSQL (prints figures)
bench-feeds: $(STAMP)
	$(BIN)/python bench/feeds.py

## openapi: write the OpenAPI document docs/openapi.yaml (a test checks it is current)
openapi: $(STAMP)
	DATABASE_URL= $(BIN)/openvorgang spectacular --validate --file docs/openapi.yaml

## worker: run background jobs and outgoing deliveries
worker: migrate
	$(BIN)/openvorgang worker

## messages: collect the German source strings into the English catalogue and compile it
## (a test checks the committed .mo matches the .po)
messages: $(STAMP)
	cd src/openvorgang && ../../$(BIN)/django-admin makemessages -l en --no-obsolete \
		--ignore 'demo/data/*' --settings openvorgang.conf.test
	cd src/openvorgang && ../../$(BIN)/django-admin compilemessages -l en --settings openvorgang.conf.test

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
