"""Running the real workflow from tests: snakemake on a config in a temporary directory."""
from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def effective_config(*configfiles: Path) -> dict:
    """The validated config a run with ``--configfile configfiles`` sees (config.yaml when none is given)."""
    from mlsweeps.config_validation import compose_config, load_schema, validate_config

    return validate_config(compose_config(configfiles or [REPO / "config.yaml"]), load_schema(REPO / "workflow" / "schemas" / "config.schema.yaml"))


def fresh_clone(dest: Path) -> Path:
    """``dest`` made a copy of this checkout as a clone holds it: the files git tracks, and the untracked ones it does not ignore.

    The working tree's versions are copied, so uncommitted edits are tested too; nothing git ignores
    (results, .venv, caches) comes along.
    """
    import shutil

    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def run_snakemake(snakemake_bin: str, workdir: Path, *args: str, configfiles: tuple[Path, ...] = (Path("configs/test.yaml"),), check: bool = True,
                  snakefile: Path | None = None, cores: int | None = 2, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run snakemake in ``workdir``: as typed in a checkout when it holds a Snakefile (``fresh_clone``), else this
    repository's Snakefile (or ``snakefile``, a copy of the workflow) with ``--directory workdir``.

    ``configfiles`` relative to the repository root are found there either way.
    """
    in_checkout = snakefile is None and (workdir / "Snakefile").is_file()
    cmd = [snakemake_bin, *(["--cores", str(cores)] if cores else []), *args]
    if not in_checkout:
        cmd[1:1] = ["-s", str(snakefile or REPO / "Snakefile"), "--directory", str(workdir)]
    if configfiles:  # last: --configfile takes every following word as a file
        cmd += ["--configfile", *(str(path if in_checkout or path.is_absolute() else REPO / path) for path in map(Path, configfiles))]
    result = subprocess.run(cmd, cwd=workdir if in_checkout else None, capture_output=True, text=True, timeout=900,
                            env={**os.environ, **env} if env else None)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
    return result


def read_tables(workdir: Path, study: str, names: tuple[str, ...]) -> dict:
    """The study's aggregate TSVs by name (``results/<study>/<name>.tsv``), empty cells read as missing and "NA" as text."""
    import pandas as pd

    return {name: pd.read_csv(workdir / "results" / study / f"{name}.tsv", sep="\t", keep_default_na=False, na_values=[""]) for name in names}


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
