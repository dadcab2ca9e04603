"""Every paper (reference-scale) config builds its DAG offline, with no hub access needed at planning time; the workflow lints clean."""
import pytest

from workflow_helpers import REPO, planned_jobs

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
        assert jobs["distill_train"] == jobs["distill_evaluate"] == 5 * 8  # each covers the 3 seeds
        assert jobs["distill_teacher_targets"] == 5  # one teacher pass per (task, seed) for the 7 λ > 0
        assert "distill_generate_data" not in jobs  # hub data only
    if study == "sae_stability":
        assert jobs["sae_stability_train_sae"] == 2 * 5


def test_lint_reports_nothing(snakemake_bin):
    """Snakemake's own style checks (logs, conda envs, no absolute paths, params over config access...) all pass."""
    import subprocess

    result = subprocess.run([snakemake_bin, "--lint", "-s", str(REPO / "Snakefile"), "--directory", str(REPO)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Congratulations, your workflow is in a good condition" in result.stdout + result.stderr, result.stdout[-3000:]
