"""Rule task_vectors_report: figures and report.md from the study's TSVs."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import os

import pandas as pd

from mlsweeps.io import read_json, write_text
from mlsweeps.logs import script_logging
from mlsweeps.provenance import model_line, provenance_section
from mlsweeps.task_vectors.report import draw_figures, draw_slice, for_scoring, render_report

with script_logging(snakemake.log[0]) as log:
    config = snakemake.params.study_config
    tables = {name: pd.read_csv(getattr(snakemake.input, name), sep="\t", keep_default_na=False, na_values=[""])
              for name in ("sweep", "comparison", "crossings", "models", "geometry", "intervals", "control", "cross_task", "cosines", "between")}
    tasks, categories, headline = list(config["tasks"]), list(config["general_eval"]), config["scoring"]["kinds"][0]
    landscapes = dict(zip(tasks, snakemake.output.landscapes))
    draw_figures(**{k: for_scoring(tables[k], headline) for k in ("sweep", "comparison", "crossings")}, tasks=tasks, categories=categories,
                 landscape_paths=landscapes, overlay_path=snakemake.output.overlay, categories_path=snakemake.output.categories)
    draw_slice(tables["between"], tasks, snakemake.output.slice)

    report_dir = os.path.dirname(snakemake.output.report)
    figures = {"overlay": snakemake.output.overlay, "categories": snakemake.output.categories, "slice": snakemake.output.slice,
               **{f"landscape_{t}": p for t, p in landscapes.items()}}
    figures = {key: os.path.relpath(path, report_dir) for key, path in figures.items()}
    finetuned = {m["task"]: m for m in map(read_json, snakemake.input.run_metrics)}
    seeds = {"fine-tuning": {t: {**config["finetune"], **config["tasks"][t].get("finetune", {})}["seed"] for t in tasks}, "untrained reference": config["untrained_seed"]}
    if snakemake.params.base_lm_config:
        seeds["tiny base LM (corpus, pretraining)"] = (snakemake.params.base_lm_config["corpus"]["seed"], snakemake.params.base_lm_config["pretrain"]["seed"])
    model = model_line(config["model"], read_json(snakemake.input.model_source[0]) if snakemake.input.model_source else None)
    provenance = provenance_section(study_config={"task_vectors": config, "base_lm": snakemake.params.base_lm_config}, seeds=seeds, model=model,
                                    devices=[m["device"] for m in finetuned.values()], benchmark_files=snakemake.input.benchmarks,
                                    benchmark_root=snakemake.params.benchmark_roots)
    write_text(snakemake.output.report, render_report(**tables, finetuned=finetuned, study_config=config, model_label=model, figures=figures, provenance=provenance))
    log.info("report written to %s", snakemake.output.report)
