# Two commands run everything: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
APPS = $(shell $(PY) -c "from lms.settings.base import PROJECT_APPS; print(' '.join(PROJECT_APPS))")

.PHONY: run serve test lint format check security messages bench clean install install-dev cluster cluster-stop cluster-status cluster-test cluster-load

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the demo (idempotent) and serve on http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## serve: production-style serving with gunicorn and whitenoise (needs SECRET_KEY)
serve: install
	DJANGO_SETTINGS_MODULE=lms.settings.production $(PY) manage.py collectstatic --noinput
	DJANGO_SETTINGS_MODULE=lms.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=lms.settings.production $(BIN)/gunicorn lms.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2}

## lint: ruff (lint and format check) and djhtml on templates
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(git ls-files '*.html' 2>/dev/null || find . -name '*.html' -not -path './.venv/*')

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files '*.html')

## check: Django's checks, migrations in sync, production deploy checks
check: install-dev
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=lms.settings.production SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-value-for-django-check \
		ALLOWED_HOSTS=lms.example.org $(PY) manage.py check --deploy --fail-level WARNING

## security: bandit over the project code (medium and high findings fail)
security: install-dev
	$(BIN)/bandit -q -c pyproject.toml -r . -ll

## test: lint, checks, security scan and the whole pytest suite (browser tests need Chromium),
## spread over one worker per core (PYTEST_WORKERS=0 runs it in one process)
PYTEST_WORKERS ?= auto
test: lint check security
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## messages: refresh the vi/en catalogues of every app, then compile them
messages: install-dev
	for app in $(APPS); do mkdir -p $$app/locale; (cd $$app && ../$(PY) ../manage.py makemessages -l vi -l en --no-location --no-obsolete); done
	$(PY) manage.py compilemessages --ignore=.venv

## bench: province-scale benchmark on SQLite and PostgreSQL, results in docs/benchmarks.md
bench: install-dev
	$(PY) bench/run.py $(BENCH_ARGS)

## cluster: HAProxy, WEB_NODES gunicorn nodes, PostgreSQL primary + streaming replica, Redis,
## S3 (moto), TASK_WORKERS task workers, all on 127.0.0.1 (README "Running at scale"); DEMO=1 loads the demo
WEB_NODES ?= 2
TASK_WORKERS ?= 2
cluster: install-dev
	WEB_NODES=$(WEB_NODES) TASK_WORKERS=$(TASK_WORKERS) $(PY) ops/cluster.py start

## cluster-stop: stops exactly the processes `make cluster` started (by pid)
cluster-stop:
	$(PY) ops/cluster.py stop

cluster-status:
	$(PY) ops/cluster.py status

## cluster-test: start the cluster, run tests/cluster against it, then a short load run (Locust, a node
## killed mid-run, checks only), stop it
cluster-test: install-dev
	DOWNLOAD_INLINE_MAX_ROWS=2 $(PY) ops/cluster.py start
	CLUSTER_TESTS=1 $(BIN)/pytest -p no:cacheprovider -m cluster tests/cluster $(PYTEST_ARGS) && \
		$(PY) ops/loadtest/run.py --users 10 --duration 30 --no-write; \
		status=$$?; $(PY) ops/cluster.py stop; exit $$status

## cluster-load: the deadline evening under Locust against the running cluster (`make cluster` first),
## then against one node; results in docs/benchmarks.md (LOAD_ARGS, e.g. "--users 24 --duration 120")
cluster-load: install-dev
	$(PY) ops/loadtest/run.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) staticfiles .test-media .pytest_cache
