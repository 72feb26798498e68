# Two commands: `make run` (install what is missing, start the embedded database, migrate,
# load, serve on http://127.0.0.1:$PORT) and `make test` (lint + the whole test suite).
SHELL := /bin/bash
.DEFAULT_GOAL := run

# uv installs the pinned, hash-checked packages of requirements/*.lock; it comes from PyPI into
# .tools/ when it is not on the PATH.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
LOCK_FLAGS := --universal --generate-hashes --no-header --python-version 3.11 -q

.PHONY: run test system-deps test-system-deps python-deps frontend lint format lock bench clean

run: system-deps python-deps frontend
	$(BIN)/industry-map up

test: test-system-deps python-deps frontend lint
	$(BIN)/pytest -q -ra

system-deps:
	@scripts/install-system-deps.sh runtime

test-system-deps:
	@scripts/install-system-deps.sh test

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

python-deps: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) venv --quiet --allow-existing --python python3 $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip sync --quiet --require-hashes requirements/dev.lock
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet --no-deps -e .

frontend:
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd frontend && npm run --silent lint

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin after changing dependencies in pyproject.toml or requirements/bench.in.
lock:
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o requirements/app.lock
	$(UV) pip compile pyproject.toml --group dev --group build $(LOCK_FLAGS) -o requirements/dev.lock
	$(UV) pip compile requirements/bench.in $(LOCK_FLAGS) -o requirements/bench.lock

# The benchmark runs tipg (the anchor) from its own environment, beside ours; wrk loads both.
# Options: make bench BENCH_ARGS="--rounds 5 --seconds 8" (see python -m benchmarks.run -h).
bench: python-deps frontend
	@scripts/install-system-deps.sh bench
	$(UV) venv --quiet --allow-existing --python python3 .venv-bench
	VIRTUAL_ENV=.venv-bench $(UV) pip sync --quiet --require-hashes requirements/bench.lock
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	-$(BIN)/industry-map db stop
	rm -rf var frontend/dist test-artifacts
