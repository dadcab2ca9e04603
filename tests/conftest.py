"""Shared test fixtures: the repository root and the venv's snakemake."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def snakemake_bin() -> str:
    candidate = Path(sys.executable).with_name("snakemake")
    return str(candidate) if candidate.exists() else shutil.which("snakemake")


@pytest.fixture(scope="session")
def test_config_run(tmp_path_factory, snakemake_bin) -> Path:
    """The whole workflow run once on configs/test.yaml in a fresh clone, as the README types it."""
    from workflow_helpers import fresh_clone, run_snakemake

    workdir = fresh_clone(tmp_path_factory.mktemp("test_config_run"))
    run_snakemake(snakemake_bin, workdir)
    return workdir


@pytest.fixture(scope="session")
def workdir(test_config_run) -> Path:
    """The finished tiny run that the workflow tests read (``test_config_run``)."""
    return test_config_run
