"""Rule sae_stability_report: figures and report.md from the study's TSVs."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import os

import pandas as pd

from mlsweeps.io import read_json, write_text
from mlsweeps.logs import script_logging
from mlsweeps.provenance import provenance_section
from mlsweeps.sae_stability.report import draw_figures, render_report

with script_logging(snakemake.log[0]) as log:
    config = snakemake.params.study_config
    tables = {name: pd.read_csv(getattr(snakemake.input, name), sep="\t") for name in ("pwmcc", "sae_metrics", "summary", "random", "models", "task_comparison")}
    tasks, seeds = list(config["tasks"]), list(config["seeds"])
    heatmaps = dict(zip(tasks, snakemake.output.heatmaps))
    draw_figures(pwmcc=tables["pwmcc"], random=tables["random"], seeds=seeds, tasks=tasks, threshold=config["comparison"]["shared_threshold"],
                 bars_path=snakemake.output.bars, heatmap_paths=heatmaps, histogram_path=snakemake.output.histogram)

    report_dir = os.path.dirname(snakemake.output.report)
    figures = {"bars": snakemake.output.bars, "histogram": snakemake.output.histogram, **{f"heatmap_{t}": p for t, p in heatmaps.items()}}
    figures = {key: os.path.relpath(path, report_dir) for key, path in figures.items()}
    devices = [read_json(p)["device"] for p in [*snakemake.input.model_metrics, *snakemake.input.sae_run_metrics]]
    seed_info = {
        "SAE seeds": seeds,
        "data / training / activation seeds": {t: (s["data"]["seed"], s["train"]["seed"], s["activations"]["seed"]) for t, s in config["tasks"].items()},
        "SAE data order": config["sae"]["data_order_seed"],
        "random baseline": config["comparison"]["random_seed"],
        "bootstrap": config["comparison"]["bootstrap_seed"],
    }
    provenance = provenance_section(study_config=config, seeds=seed_info, devices=devices, benchmark_files=snakemake.input.benchmarks,
                                    benchmark_root=snakemake.params.benchmark_root)
    write_text(snakemake.output.report, render_report(**tables, study_config=config, figures=figures, provenance=provenance))
    log.info("report written to %s", snakemake.output.report)
