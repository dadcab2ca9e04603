"""Every paper (reference-scale) config builds its DAG offline, with no hub access needed at planning time; the workflow lints clean;
under profiles/slurm every job that asks for a GPU can only go to a partition with GPUs."""
import re
import subprocess
from types import SimpleNamespace

import pytest

from workflow_helpers import REPO, effective_config, planned_jobs

PAPER_CONFIGS = sorted((REPO / "configs" / "paper").glob("*.yaml"))


@pytest.mark.parametrize("config", PAPER_CONFIGS, ids=[p.stem for p in PAPER_CONFIGS])
def test_paper_config_dag_builds_offline(config, tmp_path, snakemake_bin, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    jobs = planned_jobs(snakemake_bin, tmp_path, configfiles=(config,))
    study = config.stem
    assert jobs[f"{study}_report"] == 1
    assert all(rule.startswith((study, "base_lm", "all")) for rule in jobs), jobs
    if study == "task_vectors":
        assert jobs["task_vectors_eval_alpha"] == 3 * 100
    if study == "distill":
        # SFT at 3 lrs, both teachers at 7 λ > 0 and 3 lrs, each job covering the 3 seeds; one test evaluation per task
        assert jobs["distill_train"] == 5 * (3 + 7 * 2 * 3)
        assert jobs["distill_select"] == jobs["distill_evaluate"] == 5
        assert jobs["distill_teacher_targets"] == 5 * 2  # one pass per (task, teacher) for every seed, λ and lr
        assert "distill_generate_data" not in jobs  # hub data only
    if study == "sae_stability":
        from mlsweeps.sae_stability.plan import sae_jobs

        section = effective_config(config)["sae_stability"]
        # 2 tasks × (3 transformers + the untrained one) × 5 seeds, and the positive control at two shapes, before the sweep
        assert len(sae_jobs({**section, "sweep": {**section["sweep"], "tasks": []}})) == 2 * 4 * 5 + 2 * 5
        assert jobs["sae_stability_train_sae"] == len(sae_jobs(section))
        assert jobs["sae_stability_train_model"] == 2 * 4


def test_lint_reports_nothing(snakemake_bin):
    """Snakemake's own style checks (logs, conda envs, no absolute paths, params over config access...) all pass."""
    import subprocess

    result = subprocess.run([snakemake_bin, "--lint", "-s", str(REPO / "Snakefile"), "--directory", str(REPO)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Congratulations, your workflow is in a good condition" in result.stdout + result.stderr, result.stdout[-3000:]


def _dry_run_jobs(text: str) -> list[SimpleNamespace]:
    """Each job block of a dry run's log: rule name, threads and resources (what the SLURM executor submits with)."""
    jobs = []
    for block in re.split(r"\n(?=\s*(?:local)?rule \w+:)", text)[1:]:
        rule = re.match(r"\s*(local)?rule (\w+):", block)
        threads = re.search(r"^\s*threads: (\d+)", block, flags=re.M)
        resources = re.search(r"^\s*resources: (.*)$", block, flags=re.M)
        values = dict(item.split("=", 1) for item in resources.group(1).split(", ")) if resources else {}
        jobs.append(SimpleNamespace(name=rule.group(2), local=bool(rule.group(1)), threads=int(threads.group(1)) if threads else 1, resources=values))
    return jobs


@pytest.mark.parametrize("config", PAPER_CONFIGS, ids=[p.stem for p in PAPER_CONFIGS])
def test_under_the_slurm_profile_a_job_asking_for_a_gpu_can_only_land_on_a_gpu_partition(config, snakemake_bin, monkeypatch):
    """The executor's own partition choice (profiles/slurm/partitions.yaml) applied to every job of the paper DAG."""
    from snakemake_executor_plugin_slurm.partitions import get_best_partition, read_partition_file

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    partitions = read_partition_file(REPO / "profiles" / "slurm" / "partitions.yaml")
    gpu_partitions = {p.name for p in partitions if p.limits.max_gpu > 0}
    assert gpu_partitions and len(gpu_partitions) < len(partitions)
    result = subprocess.run([snakemake_bin, "-n", "--cores", "8", "--configfile", str(config), "--workflow-profile", "profiles/slurm"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    jobs = [job for job in _dry_run_jobs(result.stdout + result.stderr) if not job.local]
    assert jobs
    logger = SimpleNamespace(info=lambda *a: None, warning=lambda *a: None, debug=lambda *a: None)
    for job in jobs:
        job.resources = {key: int(value) if value.isdigit() else value for key, value in job.resources.items()}
        chosen = job.resources.get("slurm_partition") or get_best_partition(partitions, job, logger)  # a partition set by hand wins, as in the executor
        assert (chosen in gpu_partitions) == (job.resources.get("gpu", 0) > 0), (job.name, job.resources, chosen)
    assert any(job.resources.get("gpu", 0) > 0 for job in jobs), "the paper configs ask for GPUs"
