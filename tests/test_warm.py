"""The warm interpreter (mlsweeps.warm): a job forked from it behaves as the job in a process of its own would."""
from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mlsweeps import warm
from workflow_helpers import run_snakemake

JOB = """\
import os, sys, time
from types import SimpleNamespace
snakemake = SimpleNamespace(log=["logs/study/job.log"])  # what a rule script sees, as far as the hand-over reads it
from mlsweeps.warm import run_in_warm_interpreter
run_in_warm_interpreter(snakemake)
print("pid", os.getpid(), "child", os.environ.get("MLSWEEPS_WARM_CHILD"), "cwd", os.getcwd(), "torch loaded", "torch" in sys.modules, flush=True)
Path = __import__("pathlib").Path
Path("pid").write_text(str(os.getpid()))
{body}
"""


@pytest.fixture(scope="module")
def interpreter():
    started = warm.start()
    assert started is not None, "the warm interpreter did not start"
    yield started
    started.stop()
    assert not os.path.exists(started.socket)


def _job(tmp_path: Path, body: str = "", **env: str) -> subprocess.Popen:
    script = tmp_path / "job.py"
    script.write_text(JOB.format(body=textwrap.dedent(body)))
    return subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env})


def test_a_job_runs_in_a_forked_child_with_its_directory_streams_and_usage(interpreter, tmp_path):
    job = _job(tmp_path)
    out, err = job.communicate(timeout=60)
    assert job.returncode == 0, err
    words = out.split()
    assert words[words.index("child") + 1] == "1" and words[words.index("cwd") + 1] == str(tmp_path)
    assert int(words[words.index("pid") + 1]) != job.pid
    assert words[words.index("loaded") + 1] == "True"  # imported by the warm interpreter before the fork
    usage = json.loads((tmp_path / "benchmarks" / "study" / "job.tsv.usage.json").read_text())
    assert usage["max_rss_mb"] > 10 and usage["cpu_seconds"] >= 0


@pytest.mark.parametrize(("body", "code", "message"), [("raise SystemExit(3)", 3, ""), ("raise ValueError('bad input')", 1, "ValueError: bad input")])
def test_the_jobs_exit_code_and_traceback_reach_snakemake(interpreter, tmp_path, body, code, message):
    job = _job(tmp_path, body)
    _, err = job.communicate(timeout=60)
    assert job.returncode == code and message in err


def test_without_the_warm_interpreter_the_job_runs_in_its_own_process(interpreter, tmp_path):
    stale = tmp_path / "benchmarks" / "study" / "job.tsv.usage.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    job = _job(tmp_path, MLSWEEPS_WARM="0")
    out, _ = job.communicate(timeout=120)
    assert job.returncode == 0 and f"pid {job.pid} child None" in out
    assert not stale.exists(), "a usage file this run did not write must not stay for the reports to read"


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_job_kills_its_child(interpreter, tmp_path, how):
    job = _job(tmp_path, "time.sleep(120)")
    deadline = time.time() + 60
    while not (tmp_path / "pid").exists():
        assert time.time() < deadline and job.poll() is None
        time.sleep(0.05)
    child = int((tmp_path / "pid").read_text())
    job.send_signal(how)
    job.wait(timeout=30)
    deadline = time.time() + 10
    while warm._alive(child):
        assert time.time() < deadline, f"child {child} outlived its job killed by {how!r}"
        time.sleep(0.05)


def test_a_job_of_another_python_environment_is_refused(interpreter):
    import socket

    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(interpreter.socket)
    request = {"script": "x.py", "argv": ["x.py"], "cwd": "/", "env": {}, "prefix": "/some/other/env", "usage": None}
    socket.send_fds(connection, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
    assert "refused" in json.loads(connection.makefile().readline())


@pytest.mark.slow
def test_jobs_rerun_in_their_own_processes_give_the_warm_runs_results(test_config_run, snakemake_bin, tmp_path):
    """One training and one evaluation job of the tiny run, forced again without the warm interpreter, write the same."""
    copy = tmp_path / "run"
    shutil.copytree(test_config_run, copy, symlinks=True)
    targets = ["results/distill/train/NLI/few_lambda0.5_lr0.002/seed0/history.jsonl", "results/distill/eval/NLI/few/seed0.predictions.jsonl",
               "results/sae_stability/sae/copy/t0/d128_k4_e2/seed1/metrics.jsonl"]
    before = {t: (copy / t).read_bytes() for t in targets}
    result = run_snakemake(snakemake_bin, copy, "--force", *targets, check=False, env={"MLSWEEPS_WARM": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "mlsweeps-warm" not in result.stdout + result.stderr
    for target, content in before.items():
        assert (copy / target).read_bytes() == content, target


def test_every_jobs_benchmark_file_mirrors_its_log_file(tmp_path, snakemake_bin):
    """The convention the usage files rely on (``warm._benchmark_of``), over every job of the default config's DAG."""
    from workflow_helpers import REPO

    text = run_snakemake(snakemake_bin, tmp_path, "-n", configfiles=(REPO / "config.yaml",)).stdout
    pairs = re.findall(r"^\s*log: (\S+)\n(?:.*\n){0,3}?\s*benchmark: (\S+)$", text, flags=re.M)
    rules = set(re.findall(r"^\s*rule (\w+):", text, flags=re.M))
    assert len(pairs) == len(re.findall(r"^\s*rule \w+:", text, flags=re.M)) - 1 and len(rules) > 20  # every job but `all`
    for log, benchmark in pairs:
        assert warm._benchmark_of(log) == Path(benchmark), (log, benchmark)
