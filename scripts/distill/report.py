"""Rule distill_report: figures and report.md from the study's TSVs."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import os

import pandas as pd

from mlsweeps.distill.analysis import TABLES
from mlsweeps.distill.report import draw_figures, render_report, setup_line
from mlsweeps.io import read_json, write_text
from mlsweeps.logs import script_logging
from mlsweeps.provenance import model_line, provenance_section

with script_logging(snakemake.log[0]) as log:
    config = snakemake.params.study_config
    tables = {name: pd.read_csv(getattr(snakemake.input, name), sep="\t", keep_default_na=False, na_values=[""])
              for name in TABLES}
    tasks = list(config["tasks"])
    task_paths = dict(zip(tasks, snakemake.output.task_figures))
    draw_figures(dev=tables["dev"], gains=tables["gains"], tasks=tasks, task_paths=task_paths, combined_path=snakemake.output.combined)

    report_dir = os.path.dirname(snakemake.output.report)
    figures = {key: os.path.relpath(path, report_dir) for key, path in {**task_paths, "combined": snakemake.output.combined}.items()}
    runs = [read_json(p) for p in snakemake.input.run_metrics]
    seeds = {"runs (LoRA init, batch order, demonstrations)": list(config["seeds"]), "synthetic data": config["synthetic"]["seed"]}
    if snakemake.params.base_lm_config:
        seeds["tiny base LM (corpus, pretraining)"] = (snakemake.params.base_lm_config["corpus"]["seed"], snakemake.params.base_lm_config["pretrain"]["seed"])
    model_label = model_line(config["model"], read_json(snakemake.input.model_source[0]) if snakemake.input.model_source else None)
    provenance = provenance_section(study_config={"distill": config, "base_lm": snakemake.params.base_lm_config}, seeds=seeds, model=model_label,
                                    devices=[r["device"] for r in runs], benchmark_files=snakemake.input.benchmarks,
                                    benchmark_root=snakemake.params.benchmark_roots)
    reported = {name: tables[name] for name in ("test_items", "dev", "selection", "gains", "teacher", "divergence", "baselines")}
    write_text(snakemake.output.report, render_report(**reported, study_config=config, figures=figures, provenance=provenance,
                                                      setup=setup_line(config, model_label)))
    log.info("report written to %s", snakemake.output.report)
