"""What a model-loading job costs before it does any work, as Snakemake measures it: with and without the warm interpreter.

    .venv/bin/python bench/job_fixed_cost.py --model results/base_lm/model [--jobs 5] [--json out.json]

A throw-away workflow in a temporary folder has one rule whose script does what every model job of
the pipeline does first: hand itself to the warm interpreter (``mlsweeps.warm``), import torch and the
study code, and load the model with ``load_base_model``. Its ``--jobs`` jobs run one at a time, once
with the warm interpreter and once without (``MLSWEEPS_WARM=0``, as on a cluster node); each job's
wall time is read from its Snakemake benchmark file.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SNAKEFILE = """\
from mlsweeps.warm import start

WARM = None


onstart:
    global WARM
    WARM = start()


rule all:
    input:
        expand("done/{{job}}", job=range({jobs})),


rule load_model:
    output:
        "done/{{job}}",
    log:
        "logs/load_model/{{job}}.log",
    benchmark:
        "benchmarks/load_model/{{job}}.tsv"
    params:
        model={model!r},
    script:
        "load_model.py"
"""

SCRIPT = """\
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)

import torch
from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.task_vectors.sweep import evaluate_point

load_base_model(snakemake.params.model, device=torch.device("cpu"))
open(snakemake.output[0], "w").close()
"""


def job_seconds(model: Path, jobs: int, *, warm: bool) -> list[float]:
    """Wall seconds of each of ``jobs`` model-loading jobs run one at a time, with or without the warm interpreter."""
    with tempfile.TemporaryDirectory(prefix="mlsweeps-fixed-cost-") as folder:
        workdir = Path(folder)
        (workdir / "Snakefile").write_text(SNAKEFILE.format(jobs=jobs, model=str(model.resolve())))
        (workdir / "load_model.py").write_text(SCRIPT)
        env = dict(os.environ, MLSWEEPS_WARM="1" if warm else "0", PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
        subprocess.run([str(Path(sys.executable).parent / "snakemake"), "--cores", "1", "--quiet"], cwd=workdir, env=env, check=True,
                       capture_output=True)
        return [float((workdir / "benchmarks" / "load_model" / f"{job}.tsv").read_text().splitlines()[1].split("\t")[0]) for job in range(jobs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("results/base_lm/model"))
    parser.add_argument("--jobs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    seconds = {"warm interpreter": job_seconds(args.model, args.jobs, warm=True), "own process": job_seconds(args.model, args.jobs, warm=False)}
    for name, values in seconds.items():
        print(f"{name}: median {statistics.median(values):.2f} s over {len(values)} jobs ({', '.join(f'{v:.2f}' for v in values)})")
    if args.json:
        args.json.write_text(json.dumps({"seconds": seconds}, indent=1))


if __name__ == "__main__":
    main()
