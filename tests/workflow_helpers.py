"""Running the real workflow from tests: snakemake on a config in a temporary directory."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def deep_merge(base: dict, overlay: dict) -> dict:
    """What Snakemake does with several config files: nested mappings merged, other values replaced."""
    merged = dict(base)
    for key, value in overlay.items():
        merged[key] = deep_merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def effective_config(*configfiles: Path) -> dict:
    """config.yaml overlaid with ``configfiles`` and completed with the schema defaults."""
    import yaml

    from mlsweeps.config_validation import load_schema, validate_config

    config = yaml.safe_load((REPO / "config.yaml").read_text())
    for path in configfiles:
        config = deep_merge(config, yaml.safe_load(Path(path).read_text()))
    return validate_config(config, load_schema(REPO / "workflow" / "schemas" / "config.schema.yaml"))


def run_snakemake(snakemake_bin: str, workdir: Path, *args: str, configfiles: tuple[Path, ...] = (REPO / "configs" / "test.yaml",), check: bool = True,
                  snakefile: Path = REPO / "Snakefile") -> subprocess.CompletedProcess:
    """Run the repository's Snakefile (or a copy of the workflow's) with ``workdir`` as working directory."""
    cmd = [snakemake_bin, "-s", str(snakefile), "--directory", str(workdir), "--cores", "2", *args]
    if configfiles:  # last: --configfile takes every following word as a file
        cmd += ["--configfile", *map(str, configfiles)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
    return result


def planned_jobs(snakemake_bin: str, workdir: Path, *args: str, **kwargs) -> Counter:
    """Rule name -> number of jobs a dry run schedules (empty when there is nothing to do)."""
    result = run_snakemake(snakemake_bin, workdir, "-n", *args, **kwargs)
    return job_counts(result.stdout + result.stderr)


def job_counts(text: str) -> Counter:
    """Rule name -> number of jobs in the "Job stats" table of a run's or dry run's output."""
    if "Nothing to be done" in text:
        return Counter()
    table = text.split("Job stats:", 1)[1]
    jobs = Counter()
    for line in table.splitlines()[3:]:
        match = re.match(r"^(\w+)\s+(\d+)$", line.strip())
        if not match:
            break
        if match.group(1) != "total":
            jobs[match.group(1)] = int(match.group(2))
    return jobs


def workflow_copy_with_edited_script(dest: Path, script: str) -> Path:
    """A copy of the workflow (files keep their times) in which ``script`` gains a line; returns the copy's Snakefile.

    For testing what an edited script reruns without touching the repository: Snakemake's code trigger reruns a
    ``script:`` rule whose script is newer than its outputs, so a dry run of the copy on an existing run shows it.
    """
    import shutil

    for name in ("Snakefile", "config.yaml"):
        shutil.copy2(REPO / name, dest / name)
    for name in ("workflow", "scripts", "envs", "data"):
        shutil.copytree(REPO / name, dest / name, copy_function=shutil.copy2)
    edited = dest / script
    edited.write_text(edited.read_text() + "# edited\n")
    return dest / "Snakefile"
