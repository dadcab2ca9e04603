"""The workflow through profiles/slurm on a real SLURM: the local one-node cluster of tools/local_slurm.sh.

Skipped where SLURM is not running (start it with `tools/local_slurm.sh start` as root); on CI
(CI=true), where .ci/run installs and starts it, a missing cluster is a failure instead.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from workflow_helpers import REPO, fresh_clone, run_snakemake

PROFILE = REPO / "profiles" / "slurm"
# Poll SLURM every second instead of the profile's 40 s: the jobs here take seconds.
FAST_POLL = ("--slurm-init-seconds-before-status-checks", "1")
# The executor logs each submission with its log folder: rule_<rule>/… or group_<group>_<rules>/…
SUBMITTED = re.compile(r"has been submitted with SLURM jobid (\d+) \(log: .*/slurm_logs/((?:rule|group)_\w+)/")


def slurm_problem() -> str | None:
    """Why SLURM cannot be used here, or None."""
    if shutil.which("sinfo") is None:
        return "SLURM is not installed (apt-get install slurmctld slurmd slurm-client munge)"
    result = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=30)
    if result.returncode != 0 or not re.search(r"idle|mixed|allocated", result.stdout):
        return f"no SLURM node is up (tools/local_slurm.sh start): {result.stderr.strip() or result.stdout.strip()}"
    return None


@pytest.fixture(scope="module", autouse=True)
def slurm():
    problem = slurm_problem()
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the SLURM tests: {problem}")
    if problem:
        pytest.skip(problem)


def scontrol_job(job_id: str) -> dict[str, str]:
    """The fields of `scontrol show job` (finished jobs stay listed for the cluster's MinJobAge)."""
    out = subprocess.run(["scontrol", "-o", "show", "job", job_id], capture_output=True, text=True, check=True).stdout
    return dict(field.split("=", 1) for field in out.split() if "=" in field)


def submitted_jobs(log: str) -> list[tuple[str, str]]:
    """(rule_<rule> or group_<group>_<rules>, SLURM job id) of every submission in a snakemake log."""
    return [(name, job_id) for job_id, name in SUBMITTED.findall(log)]


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory, snakemake_bin):
    """configs/test.yaml narrowed to task_vectors (a GPU asked for by fine-tuning, the α grid on CPUs), run through
    SLURM in a fresh clone as the README types it."""
    workdir = fresh_clone(tmp_path_factory.mktemp("slurm_run"))
    result = run_snakemake(snakemake_bin, workdir, "--workflow-profile", "profiles/slurm", *FAST_POLL, cores=None,
                           configfiles=(Path("configs/test.yaml"), Path("tests/data/slurm_overlay.yaml")))
    return workdir, result.stdout + result.stderr


def test_every_cluster_job_is_submitted_and_completes_under_slurm(slurm_run):
    _, log = slurm_run
    jobs = submitted_jobs(log)
    alpha_groups = "group_task_vectors_alpha_task_vectors_eval_alpha"  # the α grid points, bundled
    assert {name for name, _ in jobs} == {
        "rule_base_lm_build_corpus", "rule_base_lm_train_tokenizer", "rule_base_lm_pretrain",
        "rule_task_vectors_eval_base", "rule_task_vectors_finetune", "rule_task_vectors_between", alpha_groups,
    }
    assert sum(name == "rule_task_vectors_finetune" for name, _ in jobs) == 3
    # 15 grid points in 9 jobs (2 points per job in the test config), at most 10 jobs per submission
    # (group-components in the profile).
    assert sum(name == alpha_groups for name, _ in jobs) == 1
    local = set(re.findall(r"^localrule (\w+):", log, flags=re.M))
    assert local == {"task_vectors_load_texts", "task_vectors_analyze", "task_vectors_aggregate", "task_vectors_report", "all"}
    for name, job_id in jobs:
        assert scontrol_job(job_id)["JobState"] == "COMPLETED", (name, job_id)


def test_gpu_jobs_go_to_the_gpu_partition_and_cpu_jobs_to_the_cpu_partition(slurm_run):
    _, log = slurm_run
    node = socket.gethostname().split(".")[0]
    for name, job_id in submitted_jobs(log):
        job = scontrol_job(job_id)
        if name == "rule_task_vectors_finetune":  # gpu: 1 in the overlay
            assert job.get("TresPerJob") == "gres:gpu:1", job
            assert (job["Partition"], job["NodeList"]) == ("gpu", node), job
        else:  # gpu: 0 on the test config: no GPU held for nothing, and the CPU partition (profiles/slurm/partitions.yaml)
            assert "gpu" not in job.get("TresPerJob", "") and job["Partition"] == "main", job


def test_a_bundle_of_cpu_grid_points_asks_for_one_jobs_cpus_and_memory(slurm_run):
    """Nine α jobs of 1 thread and 2000 MB (configs/test.yaml) in one submission run in turn: 1 CPU, 2000 MB, not 9 and 18 GB."""
    _, log = slurm_run
    bundles = [scontrol_job(job_id) for name, job_id in submitted_jobs(log) if name.startswith("group_task_vectors_alpha")]
    assert [(job["NumCPUs"], job["MinMemoryNode"]) for job in bundles] == [("1", "2000M")]


def test_slurm_run_gives_the_local_tsvs(slurm_run, test_config_run):
    workdir, _ = slurm_run
    tsvs = sorted((test_config_run / "results" / "task_vectors").glob("*.tsv"))
    assert [p.name for p in tsvs] == ["between.tsv", "comparison.tsv", "control.tsv", "cosines.tsv", "cross_task.tsv", "crossings.tsv",
                                    "geometry.tsv", "intervals.tsv", "models.tsv", "per_text.tsv", "sweep.tsv"]
    for local in tsvs:
        assert (workdir / "results" / "task_vectors" / local.name).read_text() == local.read_text(), local.name


def test_failed_job_is_retried_with_memory_scaled_by_attempt(tmp_path, snakemake_bin):
    snakefile = REPO / "tests" / "data" / "retry" / "Snakefile"
    cmd = [snakemake_bin, "-s", str(snakefile), "--directory", str(tmp_path), "--workflow-profile", str(PROFILE), *FAST_POLL]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    attempts = [scontrol_job(job_id) for _, job_id in submitted_jobs(log)]
    assert [(job["JobState"], job["MinMemoryNode"]) for job in attempts] == [("FAILED", "100M"), ("COMPLETED", "200M")]
