"""Rule distill_aggregate: the study's TSVs (test scores and items at the selected points, dev scores, selection, paired gains, teacher, D, baselines)."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.distill.analysis import GAIN_COLUMNS, dev_rows, gain_rows, item_rows, score_rows, selection_rows, teacher_gain_rows, teacher_item_rows
from mlsweeps.io import read_json, read_jsonl, write_tsv
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    infos = [read_json(p) for p in snakemake.input.info]
    primary = {info["task"]: info["metric"] for info in infos}
    evals = [read_json(p) for p in snakemake.input.scores]
    items = item_rows(evals, [read_jsonl(p) for p in snakemake.input.predictions])
    write_tsv(snakemake.output.scores, score_rows(evals))
    write_tsv(snakemake.output.test_items, items)
    write_tsv(snakemake.output.dev, dev_rows([read_json(p) for p in snakemake.input.metrics]))
    write_tsv(snakemake.output.selection, selection_rows([read_json(p) for p in snakemake.input.selection]))

    teachers = [read_json(p) for p in snakemake.input.teacher]
    per_setting = [{s: [r for r in read_jsonl(p) if r["setting"] == s] for s in ("zero_shot", "few_shot")} for p in snakemake.input.teacher_items]
    teacher_items = teacher_item_rows(teachers, per_setting)
    write_tsv(snakemake.output.teacher_items, teacher_items)
    write_tsv(snakemake.output.gains, pd.DataFrame(gain_rows(items, primary) + teacher_gain_rows(teacher_items, primary), columns=GAIN_COLUMNS))

    # Generation scores and ranked-choice accuracy in points; gold-answer log-probability in nats; demonstrations kept, a count.
    teacher = [{"task": t["task"], "setting": setting, "n_shots": t["n_shots"] if setting == "few_shot" else 0, "metric": metric,
                "score": value if metric == "gold_logprob" else 100.0 * value}
               for t in teachers for setting in ("zero_shot", "few_shot") for metric, value in t[setting].items()]
    teacher += [{"task": t["task"], "setting": setting, "n_shots": t["n_shots"] if setting == "few_shot" else 0, "metric": "demonstrations",
                 "score": t[f"{setting}_demonstrations"]} for t in teachers for setting in ("zero_shot", "few_shot")]
    write_tsv(snakemake.output.teacher, pd.DataFrame(teacher, columns=["task", "setting", "n_shots", "metric", "score"]))
    divergence = [read_json(p) for p in snakemake.input.targets_info]
    write_tsv(snakemake.output.divergence, pd.DataFrame(divergence, columns=["task", "teacher", "n_shots", "vocab_size", "top_k", "top_k_share", "top_k_mass",
                                                                             "mean_demonstrations", "examples", "answer_tokens"]))
    baselines = [{"task": i["task"], "metric": i["metric"], "score": 100.0 * i["baseline"]["score"], "description": i["baseline"]["description"]} for i in infos]
    write_tsv(snakemake.output.baselines, pd.DataFrame(baselines, columns=["task", "metric", "score", "description"]))
    log.info("aggregated %d test evaluations over %d tasks", len(evals), len(infos))
