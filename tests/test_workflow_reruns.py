"""What every study's workflow shares, tested once per study on the tiny test config run: nothing left to do after a
full run, an edited report script reruns only the report, a disabled study schedules nothing."""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from workflow_helpers import REPO, planned_jobs, run_snakemake, workflow_copy_with_edited_script

pytestmark = pytest.mark.slow

STUDIES = ("sae_stability", "task_vectors", "distill")


def test_dry_run_after_full_run_has_nothing_to_do(test_config_run, snakemake_bin):
    assert planned_jobs(snakemake_bin, test_config_run) == Counter()


@pytest.mark.parametrize("study", STUDIES)
def test_editing_the_report_script_reruns_only_the_report(study, test_config_run, snakemake_bin, tmp_path):
    """The edit is made in a copy of the workflow. Only the code trigger (a script newer than its rule's outputs) is
    asked for: the copy resolves data paths (inputs and params) under its own folder, which other triggers would count."""
    snakefile = workflow_copy_with_edited_script(tmp_path, f"scripts/{study}/report.py")
    jobs = planned_jobs(snakemake_bin, test_config_run, "--rerun-triggers", "code", snakefile=snakefile)
    assert jobs == Counter({f"{study}_report": 1, "all": 1})


@pytest.mark.parametrize("study", STUDIES)
def test_disabled_study_has_no_jobs(study, tmp_path, snakemake_bin):
    overlay = tmp_path / "off.yaml"
    overlay.write_text(yaml.safe_dump({study: {"enabled": False}}))
    result = run_snakemake(snakemake_bin, tmp_path, "-n", configfiles=(REPO / "configs" / "test.yaml", overlay))
    assert f"{study}_" not in result.stdout + result.stderr
