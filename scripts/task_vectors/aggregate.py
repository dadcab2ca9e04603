"""Rule task_vectors_aggregate: the study's TSVs (docs/task_vectors.md, "Outputs"), one row set per scoring."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.io import read_json, write_tsv
from mlsweeps.logs import script_logging

COMPARISON_COLUMNS = ["task", "scoring", "base_loss", "optimal_alpha", "min_loss", "delta", "improvement_pct",
                      "task_optimal_alpha", "min_task_loss", "n_zero_crossings", "n_squaring_returns"]

with script_logging(snakemake.log[0]) as log:
    tasks, categories, scorings = snakemake.params.tasks, snakemake.params.categories, snakemake.params.scorings

    def ordered(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        """Tasks and scorings in config order, then ``by``."""
        for column, order in (("task", tasks), ("scoring", scorings)):
            if column in frame:
                frame[column] = pd.Categorical(frame[column], categories=order)
        return frame.sort_values([c for c in ("task", "scoring") if c in frame] + by, kind="stable")

    analyses = [(a["task"], s) for a in map(read_json, snakemake.input.analyses) for s in a["scorings"]]

    def table(key: str, by: list[str]) -> pd.DataFrame:
        return ordered(pd.DataFrame([dict(row, task=task, scoring=s["scoring"]) for task, s in analyses for row in s[key]]), by)

    columns = ["task", "scoring", "alpha", "loss", "task_loss", "loss_2alpha", *(f"loss_{c}" for c in categories)]
    write_tsv(snakemake.output.sweep, table("sweep", ["alpha"])[columns])
    write_tsv(snakemake.output.comparison, pd.DataFrame([dict(s["summary"], task=task, scoring=s["scoring"]) for task, s in analyses])[COMPARISON_COLUMNS])
    crossings = [{"task": task, "scoring": s["scoring"], "kind": kind, "alpha": c["alpha"], "return": c["ret"]}
                 for task, s in analyses for kind, key in (("zero_crossing", "zero_crossings"), ("squaring_return", "squaring_returns")) for c in s[key]]
    write_tsv(snakemake.output.crossings, pd.DataFrame(crossings, columns=["task", "scoring", "kind", "alpha", "return"]))
    geometry = table("geometry", [])
    write_tsv(snakemake.output.geometry, geometry[["task", "scoring", *(c for c in geometry if c not in ("task", "scoring"))]])
    intervals = table("intervals", [])
    write_tsv(snakemake.output.intervals, intervals[["task", "scoring", "direction", "statistic", "at_alpha", "estimate", "ci_low", "ci_high", "n_resamples"]])
    write_tsv(snakemake.output.control, table("control", ["direction", "alpha"])[["task", "scoring", "direction", "alpha", "loss"]])
    write_tsv(snakemake.output.cross_task, table("cross_task", ["eval_task", "alpha"])
              .rename(columns={"task": "vector"})[["vector", "eval_task", "scoring", "alpha", "loss"]])

    per_text = [{"task": p["task"], "direction": p["direction"], "scoring": p["scoring"], "alpha": p["alpha"], "set": name, "text": i,
                 "n_tokens": n, "nll": nll}
                for path in snakemake.input.points for p in read_json(path)["points"]
                for name in p["text_nll"] for i, (nll, n) in enumerate(zip(p["text_nll"][name], p["text_tokens"][name]))]
    write_tsv(snakemake.output.per_text, ordered(pd.DataFrame(per_text), ["direction", "alpha", "set", "text"]))

    between = read_json(snakemake.input.between)
    write_tsv(snakemake.output.cosines, pd.DataFrame(between["cosines"], columns=["task_a", "task_b", "cosine"]))
    write_tsv(snakemake.output.between, pd.DataFrame(between["points"]))

    base = read_json(snakemake.input.base)
    models = [{"model": "base", "task": "", "dataset": name, "scoring": kind, "loss": loss} for kind in scorings for name, loss in base["base"][kind].items()]
    models += [{"model": "untrained", "task": "", "dataset": "general", "scoring": kind, "loss": base["untrained"][kind]["general"]} for kind in scorings]
    for path in snakemake.input.finetune:  # fine-tuning trains on raw text, and its own check is on raw text
        m = read_json(path)
        models.append({"model": "finetuned", "task": m["task"], "dataset": f"{m['task']}-eval", "scoring": "raw", "loss": m["eval_loss_finetuned"]})
        models.append({"model": "finetuned", "task": m["task"], "dataset": f"{m['task']}-train", "scoring": "raw", "loss": m["train_loss_finetuned"]})
    models += [{"model": name, "task": "", "dataset": "general", "scoring": "raw", "loss": loss} for name, loss in base.get("ngram", {}).items()]
    for path in snakemake.input.base_lm_metrics:  # the tiny LM on its own held-out corpus documents, against n-gram models of that corpus
        m = read_json(path)
        models += [{"model": name, "task": "", "dataset": "corpus-heldout", "scoring": "raw", "loss": m[key]}
                   for name, key in (("base", "eval_loss"), ("unigram", "eval_loss_unigram"), ("bigram", "eval_loss_bigram"), ("untrained", "eval_loss_before"))]
    write_tsv(snakemake.output.models, pd.DataFrame(models))
    log.info("aggregated %d analyses over %d tasks and %d scorings", len(analyses), len(tasks), len(scorings))
