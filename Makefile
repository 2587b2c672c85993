# dondoc — the commands a newcomer needs. `make run` and `make test` set everything up first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser run test lint bench-extract bench-web bench-national bench-province score clean

setup: $(STAMP) browser

# The browser tests drive Debian's chromium (Playwright, headless); install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Re-install only when the project's dependencies change (idempotent).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(BIN)/python -m dondoc.demo

# The whole suite runs on embedded SQLite; with DONDOC_TEST_DATABASE_URL set (CI: PostgreSQL) the
# tests that reach the database (marked `db` by tests/conftest.py) run again against that server
# (the PostgreSQL-only concurrency test among them). Both passes run on every core (pytest-xdist:
# one database per worker, see tests/conftest.py).
WORKERS ?= auto
test: setup
	env -u DONDOC_TEST_DATABASE_URL $(BIN)/python -m pytest -n $(WORKERS)
	@if [ -n "$$DONDOC_TEST_DATABASE_URL" ]; then \
		echo "== the database tests again on $$DONDOC_TEST_DATABASE_URL"; \
		$(BIN)/python -m pytest -n $(WORKERS) -m db; \
	fi

lint: setup
	$(BIN)/ruff check dondoc tests bench
	$(BIN)/ruff format --check dondoc tests bench
	$(BIN)/mypy dondoc

score: setup
	$(PY) ../shared/eval/score_extraction.py --cmd "$(BIN)/dondoc extract {path} --json"
	@for ext in .md .docx .pdf; do \
		echo "== ../shared/extra ($$ext)"; \
		$(PY) ../shared/eval/score_extraction.py --gold-dir ../shared/extra/gold --docs-dir ../shared/extra \
			--ext $$ext --cmd "$(BIN)/dondoc extract {path} --json" | tail -n 2; \
	done

bench-extract: setup
	$(BIN)/python bench/bench_extract.py

bench-web: setup
	$(BIN)/python bench/bench_pages.py

# The national database on the local PostgreSQL (34 provinces, ~3.8 M report items), then the
# pages timed as it grows from 1 to 34 provinces (bench/bench_national.py; SCALE=0.05 for a try).
SCALE ?= 1.0
bench-national: setup
	$(BIN)/python bench/bench_national.py --scale $(SCALE)

# One province after three years on the embedded SQLite: its pages, then 20 readers and 5 writers
# at once (bench/bench_province.py; SCALE=0.2 for a try).
bench-province: setup
	$(BIN)/python bench/bench_province.py --scale $(SCALE)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
