"""Every command of the README's shell blocks, run as typed in a fresh clone of this checkout.

A command a new user copies from the README must work. Commands on the tiny test config run for
real (the session's ``test_config_run`` is that very command); the rest would train for minutes
to hours, so they run as typed plus ``-n`` (a dry run: config, schema, DAG and profile all checked);
set-up and system commands are named here with the reason they are not run.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from workflow_helpers import REPO, fresh_clone

TINY_RUN = ["snakemake", "--cores", "2", "--configfile", "configs/test.yaml"]  # conftest's test_config_run
NOT_RUN_HERE = {
    "source": "activates the venv, which every command here runs from",
    "make": "set-up targets: `make test` is what runs this file, `make run` is the default run (minutes), "
            "`make bench` installs the peer libraries; each is checked to exist with `make -n`",
    "sudo": "starts the local SLURM cluster as root (make test does it)",
}


def readme_commands() -> list[list[str]]:
    """The command lines of the README's ```bash blocks as argument lists, comments dropped."""
    blocks = re.findall(r"```bash\n(.*?)```", (REPO / "README.md").read_text(), flags=re.S)
    return [argv for block in blocks for line in block.splitlines() if (argv := shlex.split(line, comments=True))]


def how_to_run(argv: list[str]) -> tuple[str, list[str]]:
    """("tiny", argv) for the tiny run itself, ("after_tiny", argv) for what reads its results, ("dry", argv + -n) for the rest."""
    if argv == TINY_RUN:
        return "tiny", argv
    if "--report" in argv or argv[:2] == ["python", "bench/alpha_sweep.py"] or argv[:2] == ["python", "bench/distill_step.py"]:
        return "after_tiny", argv
    if argv[0] == "snakemake":
        return "dry", argv if "-n" in argv or "--list-changes" in argv else argv[:1] + ["-n"] + argv[1:]
    raise AssertionError(f"README command {shlex.join(argv)!r} is neither a snakemake command nor known to this test: say here how to check it")


COMMANDS = [argv for argv in readme_commands() if argv[0] not in NOT_RUN_HERE]


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")  # an activated venv
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    return fresh_clone(tmp_path_factory.mktemp("readme_clone"))


def test_the_readme_shows_the_two_setup_commands_and_the_tiny_run():
    lines = [shlex.join(argv) for argv in readme_commands()]
    assert lines[:2] == ["make run", "make test"]
    assert shlex.join(TINY_RUN) in lines
    assert (REPO / ".ci" / "run").read_text().rstrip().endswith("\nmake test"), ".ci/run must call exactly the README's test command"


@pytest.mark.parametrize("argv", [argv for argv in readme_commands() if argv[0] == "make"], ids=shlex.join)
def test_make_targets_exist(argv):
    result = subprocess.run(["make", "-n", *argv[1:]], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("argv", [argv for argv in COMMANDS if how_to_run(argv)[0] == "dry"], ids=shlex.join)
def test_command_plans_its_jobs_in_a_fresh_clone(argv, clone, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # planning needs no hub, even for the paper configs
    result = _run(how_to_run(argv)[1], clone)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("argv", [argv for argv in COMMANDS if how_to_run(argv)[0] == "after_tiny"], ids=shlex.join)
def test_command_runs_after_the_tiny_run(argv, test_config_run):
    result = _run(argv, test_config_run)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
