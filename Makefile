# Engagement portal: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := engagement_portal.settings

.PHONY: install browser nginx pdf-tools run demo test lint format messages bench-pages bench-vote bench-live bench-pdf bench-authoring audit clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Browser tests drive Debian's Chromium through Playwright; install it once if missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing chromium (Debian package) for the browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# bench-live runs nginx in front of its servers, as deployed (docs/deploy/nginx-portal.conf).
nginx:
	@command -v nginx >/dev/null 2>&1 || { \
		echo "Installing nginx (Debian package) for the live benchmark"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; }

# The documentation PDFs (WeasyPrint) need Pango and fonts; their tests read them back with
# poppler-utils (pdftotext, pdfinfo, pdfimages). Install the Debian packages once if missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core poppler-utils
pdf-tools:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
		echo "Installing $(PDF_PACKAGES) (Debian packages) for the documentation PDFs"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PDF_PACKAGES); }

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo

run: demo pdf-tools
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Two pytest-xdist workers (TEST_WORKERS=0 runs in one process); each has its own test database.
TEST_WORKERS ?= 2
test: install browser pdf-tools
	SECRET_KEY=test-only-secret TESTING=1 $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Live dot-vote under gunicorn on PostgreSQL (a fresh database portal_vote_bench, or
# BENCH_DATABASE_URL): 300 participants x 5 dots while a projector polls; prints the figures.
bench-vote: install
	$(PY) scripts/bench_vote.py $(BENCH_ARGS)

# A room of 100, 300, 1,000 and 2,000 phones on a dot-vote and a live poll (nginx in front as
# deployed, gunicorn and, for the pushed updates, uvicorn beside it; BENCH_ARGS=--no-push for
# polling only, --no-nginx straight to the app servers; a fresh PostgreSQL database
# portal_bench_live); prints latencies, lags, errors, CPU and RSS per run.
bench-live: install nginx
	$(PY) scripts/bench_live.py $(BENCH_ARGS)

# Public pages: 10,000 generated events on SQLite and PostgreSQL (BENCH_POSTGRES_URL, default a
# database portal_bench_pages); prints p50/p95 server time of list, search and detail.
bench-pages: install
	$(PY) scripts/bench_pages.py $(BENCH_ARGS)

# Documentation PDFs of the five demo documentations (bench-results/bench_pdf.sqlite3): render
# time with an empty cache and from the cache, pages and size of each.
bench-pdf: install pdf-tools
	$(PY) scripts/bench_pdf.py $(BENCH_ARGS)

# The staff's reference task in the documentation editor and, for comparison, in the admin's model
# forms (own SQLite database and development server in a temporary folder each, Debian's
# Chromium): prints page loads and user actions per step.
bench-authoring: install browser
	$(PY) scripts/bench_authoring.py $(BENCH_ARGS)

# Lighthouse (phone and desktop) and the W3C Nu checker on home, the list and two documentations,
# served as in production (gunicorn, DEBUG off, whitenoise); installs both with npm into
# scripts/audit/node_modules. Needs node, java and Debian's chromium.
audit: install browser
	$(PY) scripts/audit.py $(AUDIT_ARGS)

# After changing interface texts: collect them into locale/en/LC_MESSAGES/django.po, translate
# the new entries there, then run this again to compile (tests check the catalogue is complete).
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests \
		--ignore=staticfiles --ignore=demo --ignore=docs --ignore=bench-results
	DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
