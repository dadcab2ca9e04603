"""The benchmark scripts that `make bench` runs still run on the current code (one short repeat on the tiny run's base LM).

They time code that the studies' issues change; nothing else calls them, so without this a change
of API breaks `make bench` unseen. Timings are not checked: benchmarks print figures.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workflow_helpers import REPO

pytestmark = pytest.mark.slow


def _run(script: str, *args: str) -> None:
    result = subprocess.run([sys.executable, str(REPO / "bench" / script), *args], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def test_alpha_sweep_times_the_three_variants(workdir, tmp_path):
    out = tmp_path / "alpha.json"
    _run("alpha_sweep.py", "--model", str(workdir / "results/base_lm/model"), "--repeats", "1", "--json", str(out))
    assert set(json.loads(out.read_text())["seconds"]) == {"bare forward passes", "in-place update", "reload per point"}


def test_distill_step_times_training_and_generation(workdir, tmp_path):
    out = tmp_path / "distill.json"
    _run("distill_step.py", "--model", str(workdir / "results/base_lm/model"), "--steps", "2", "--repeats", "1", "--n-prompts", "4", "--json", str(out))
    timings = json.loads(out.read_text())
    assert {"0", "0.5", "0.5 cached teacher"} <= set(timings["step_seconds"]) and timings["generate_seconds"]


def test_job_fixed_cost_times_both_ways_of_running_a_job(workdir, tmp_path):
    out = tmp_path / "fixed.json"
    _run("job_fixed_cost.py", "--model", str(workdir / "results/base_lm/model"), "--jobs", "1", "--json", str(out))
    assert len(json.loads(out.read_text())["seconds"]) == 2


def test_sae_throughput_runs_the_projects_trainers(tmp_path):
    data, out = tmp_path / "activations.npy", tmp_path / "sae.json"
    _run("sae_throughput.py", "--make-data", str(data))
    _run("sae_throughput.py", "--data", str(data), "--impl", "mlsweeps", "plain", "--repeats", "1", "--json", str(out))
    assert out.stat().st_size > 0
