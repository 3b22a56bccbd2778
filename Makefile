# Pathways: `make demo` serves the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The suite also runs identity resolution on Splink's Spark backend: pyspark (`.[spark]`, a 456 MB download,
# ~1 minute to install, then cached by pip) and a Java runtime (.ci/run installs it). `make demo` needs neither.
SPARK_STAMP := $(VENV)/.installed-spark
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := pathways.settings

.PHONY: demo test check bench install messages serve serve-prod

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(SPARK_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,spark]'
	touch $(SPARK_STAMP)

install: $(STAMP)

# The demo checkout's settings: manage.py reads var/demo.env (the environment wins), so the README's commands
# run in a demo checkout as written, as the demo server does. Delete it in a checkout that serves real data.
var/demo.env:
	mkdir -p var
	printf '%s\n' '# Written by make demo: this checkout runs the demo (development server and keys).' \
	  '# manage.py reads it; variables set in the environment win. Delete it to run without the demo settings.' \
	  'DEBUG=true' > $@

demo: $(STAMP) var/demo.env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --people $${DEMO_PEOPLE:-2000} --if-empty
	@echo ""
	@echo "Pathways demo: http://127.0.0.1:$(PORT)/  (password for every user: $${DEMO_PASSWORD:-pathways-demo})"
	@echo "  admin       administrator"
	@echo "  officer     programme officer (IOM)"
	@echo "  me.officer  M&E officer"
	@echo "  vte.staff   partner staff, Vientiane Capital"
	@echo "  svk.staff   partner staff, Savannakhet"
	@echo "  caseworker  case worker (protection cases)"
	@echo "  cw.supervisor  case worker supervising the demo cases"
	@echo "  donor       donor (aggregates only)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production stack on this machine (gunicorn, a Celery worker, beat; PostgreSQL and Redis must run):
# see docs/deploy.md. DATABASE_URL and REDIS_URL from the environment win over var/prod.env.
serve-prod: $(STAMP)
	deploy/serve-prod

test: $(STAMP) $(SPARK_STAMP) check
	$(PY) -m pytest

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy pathways
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(PY) bench/seed_demo_bench.py

# Regenerate the catalogues after changing UI strings (needs gettext); the compiled .mo files are committed so
# a machine without gettext still serves Lao and Thai. Apps with their own locale/ folder keep their own catalogue.
APP_CATALOGUES := $(patsubst pathways/%/locale,%,$(wildcard pathways/*/locale))
UI_LOCALES := lo th
messages: $(STAMP)
	cd pathways && DEBUG=1 ../$(PY) ../manage.py makemessages $(foreach l,$(UI_LOCALES),-l $(l)) --no-obsolete --no-location --ignore=*/tests/* $(foreach app,$(APP_CATALOGUES),--ignore=$(app)/*)
	for app in $(APP_CATALOGUES); do (cd pathways/$$app && DEBUG=1 ../../$(PY) ../../manage.py makemessages $(foreach l,$(UI_LOCALES),-l $(l)) --no-obsolete --no-location --ignore=tests/*); done
	DEBUG=1 $(PY) manage.py compilemessages $(foreach l,$(UI_LOCALES),-l $(l)) --ignore=$(VENV)
