"""Faults and reproducibility: a run killed at several points and rerun gives the TSVs of an uninterrupted run.

The killed run is also a second full run of the tiny config, so comparing its TSVs with the session's
uninterrupted run (``test_config_run``) checks both that resuming loses nothing and that two runs of
the same config are byte-identical on CPU.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from workflow_helpers import REPO, job_counts as counts, planned_jobs, run_snakemake

# Each pass of the run is killed (SIGKILL to snakemake and all its jobs) as soon as its point is reached.
# Training jobs checkpoint after every step here, so the kill lands after a checkpoint and the rerun resumes.
KILL_POINTS = {
    "during training, after a checkpoint": "results/**/resume.pt",
    "during an α point": "logs/task_vectors/eval_alpha/*/*.log",
    "during aggregation": "logs/task_vectors/aggregate/all.log",
}


def _new_files(workdir: Path, pattern: str, since: float) -> list[Path]:
    return [p for p in workdir.glob(pattern) if p.exists() and p.stat().st_mtime >= since]


def _run_until(cmd: list[str], workdir: Path, pattern: str, timeout: float = 600) -> bool:
    """Run ``cmd`` and kill its whole process group once a file matching ``pattern`` appears; False if it finished first."""
    started = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while time.time() - started < timeout:
            if _new_files(workdir, pattern, started):
                os.killpg(proc.pid, signal.SIGKILL)
                return True
            if proc.poll() is not None:
                return False
            time.sleep(0.05)
        raise TimeoutError(f"{pattern} did not appear within {timeout} s")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="module")
def killed_run(tmp_path_factory, snakemake_bin):
    workdir = tmp_path_factory.mktemp("killed_run")
    overlay = workdir / "checkpoint_every_step.yaml"
    overlay.write_text(yaml.safe_dump({"task_vectors": {"checkpoint_every": 1}, "distill": {"checkpoint_every": 1}}))
    configs = (REPO / "configs" / "test.yaml", overlay)
    cmd = [snakemake_bin, "-s", str(REPO / "Snakefile"), "--directory", str(workdir), "--cores", "2", "--configfile", *map(str, configs)]
    hit = {name: _run_until(cmd, workdir, pattern) for name, pattern in KILL_POINTS.items()}
    run_snakemake(snakemake_bin, workdir, configfiles=configs)  # the README command, unchanged
    return workdir, hit


def _tsvs(workdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(workdir)): p.read_bytes() for p in sorted((workdir / "results").rglob("*.tsv"))}


def test_every_kill_point_was_reached(killed_run):
    _, hit = killed_run
    assert all(hit.values()), f"the run finished before: {[name for name, reached in hit.items() if not reached]}"


def test_a_killed_training_job_resumed_from_its_checkpoint(killed_run):
    workdir, _ = killed_run
    metrics = [*workdir.glob("results/task_vectors/finetune/*/metrics.json"), *workdir.glob("results/distill/train/*/*/*/metrics.json")]
    resumed = [p for p in metrics if yaml.safe_load(p.read_text()).get("resumed_from_step", 0) > 0]
    assert resumed, "no training job resumed from a checkpoint"
    assert not list(workdir.glob("results/**/resume.pt")), "checkpoints are removed once a job's outputs are written"


def test_killed_and_resumed_run_gives_byte_identical_tsvs(killed_run, test_config_run):
    workdir, _ = killed_run
    expected, got = _tsvs(test_config_run), _tsvs(workdir)
    assert got.keys() == expected.keys()
    differing = [name for name in expected if got[name] != expected[name]]
    assert not differing, f"TSVs differ from the uninterrupted run: {differing}"


def test_truncated_safetensors_is_named_and_regenerated_by_the_rerun(killed_run, snakemake_bin):
    workdir, _ = killed_run
    configs = (REPO / "configs" / "test.yaml", workdir / "checkpoint_every_step.yaml")
    sae = workdir / "results/sae_stability/sae/copy/t0/d128_k4_e2/seed1/sae.safetensors"
    expected = _tsvs(workdir)
    sae.write_bytes(sae.read_bytes()[:100])
    rerun = run_snakemake(snakemake_bin, workdir, configfiles=configs)  # the same command
    assert f"{sae.relative_to(workdir)} is truncated or corrupt" in rerun.stderr
    assert counts(rerun.stdout + rerun.stderr)["sae_stability_train_sae"] == 1
    assert _tsvs(workdir) == expected
    assert planned_jobs(snakemake_bin, workdir, configfiles=configs) == {}  # rebuilt once, not on every run


def test_truncated_file_read_by_a_job_is_named_and_rebuilt_by_the_next_run(killed_run, snakemake_bin):
    """The same, when a job meets the file first (say it was damaged while the run was going on)."""
    workdir, _ = killed_run
    configs = (REPO / "configs" / "test.yaml", workdir / "checkpoint_every_step.yaml")
    sae = workdir / "results/sae_stability/sae/copy/t0/d128_k4_e2/seed2/sae.safetensors"
    expected = _tsvs(workdir)
    script = f"from mlsweeps.io import load_tensors; load_tensors({str(sae)!r})"
    sae.write_bytes(sae.read_bytes()[:100])
    failed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert f"cannot read tensors from {sae}" in failed.stderr and "rerun the same command" in failed.stderr
    run_snakemake(snakemake_bin, workdir, configfiles=configs)
    assert _tsvs(workdir) == expected and sae.exists()
