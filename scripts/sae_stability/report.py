"""Rule sae_stability_report: figures and report.md from the study's TSVs."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import os

import pandas as pd

from mlsweeps.io import read_json, write_text
from mlsweeps.logs import script_logging
from mlsweeps.provenance import provenance_section
from mlsweeps.sae_stability.figures import draw_figures
from mlsweeps.sae_stability.plan import task_names
from mlsweeps.sae_stability.report import Study, render_report

TABLES = ("pwmcc", "sae_metrics", "summary", "stability", "geometry", "training", "models", "task_comparison")

with script_logging(snakemake.log[0]) as log:
    config = snakemake.params.study_config
    study = Study(**{name: pd.read_csv(getattr(snakemake.input, name), sep="\t") for name in TABLES}, config=config)
    heatmaps = dict(zip(task_names(config), snakemake.output.heatmaps))
    paths = {key: getattr(snakemake.output, key) for key in ("bars", "decomposition", "histogram", "sweep", "dead")}
    draw_figures(study, paths=paths, heatmap_paths=heatmaps)

    report_dir = os.path.dirname(snakemake.output.report)
    figures = {**paths, **{f"heatmap_{t}": p for t, p in heatmaps.items()}}
    figures = {key: os.path.relpath(path, report_dir) for key, path in figures.items()}
    devices = [read_json(p)["device"] for p in snakemake.input.run_metrics]
    seed_info = {
        "SAE seeds": config["seeds"],
        "transformer seeds": config["transformer_seeds"],
        "data / activation seeds": {t: (s["data"]["seed"], s["activations"]["seed"]) for t, s in config["tasks"].items()},
        "positive control": config["positive_control"]["seed"],
        "SAE data order": config["sae"]["data_order_seed"],
        "null dictionaries": config["comparison"]["random_seed"],
        "bootstrap": config["comparison"]["bootstrap_seed"],
    }
    provenance = provenance_section(study_config=config, seeds=seed_info, devices=devices, benchmark_files=snakemake.input.benchmarks,
                                    benchmark_root=snakemake.params.benchmark_root)
    write_text(snakemake.output.report, render_report(study, figures=figures, provenance=provenance))
    log.info("report written to %s", snakemake.output.report)
