# Study sae_stability: do TopK SAEs trained with different seeds learn the same features?
# data -> transformer -> activations -> one SAE per seed -> pairwise comparison -> TSVs -> report

# Seconds of work on small files: on a cluster they run on the submitting machine, not through the queue.
localrules:
    sae_stability_aggregate,
    sae_stability_report,


rule sae_stability_make_data:
    output:
        data="results/sae_stability/data/{task}/dataset.safetensors",
        meta="results/sae_stability/data/{task}/meta.json",
    log:
        "logs/sae_stability/make_data/{task}.log",
    benchmark:
        "benchmarks/sae_stability/make_data/{task}.tsv"
    params:
        data=lambda wc: sae_stability_task(wc)["data"],
        activations=lambda wc: sae_stability_task(wc)["activations"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "analysis")["mem_mb"]),
        runtime=rule_resources("sae_stability", "analysis")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/make_data.py"


rule sae_stability_train_model:
    input:
        data=rules.sae_stability_make_data.output.data,
        meta=rules.sae_stability_make_data.output.meta,
    output:
        model="results/sae_stability/model/{task}/model.safetensors",
        config="results/sae_stability/model/{task}/config.json",
        metrics="results/sae_stability/model/{task}/metrics.json",
        history="results/sae_stability/model/{task}/metrics.jsonl",
    log:
        "logs/sae_stability/train_model/{task}.log",
    benchmark:
        "benchmarks/sae_stability/train_model/{task}.tsv"
    params:
        model=lambda wc: sae_stability_task(wc)["model"],
        train=lambda wc: sae_stability_task(wc)["train"],
        device=SAE["device"],
    threads: rule_resources("sae_stability", "train")["threads"]
    resources:
        gpu=rule_resources("sae_stability", "train")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "train")["mem_mb"]),
        runtime=rule_resources("sae_stability", "train")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/train_model.py"


rule sae_stability_collect_activations:
    input:
        data=rules.sae_stability_make_data.output.data,
        model=rules.sae_stability_train_model.output.model,
        config=rules.sae_stability_train_model.output.config,
    output:
        activations="results/sae_stability/activations/{task}/activations.safetensors",
    log:
        "logs/sae_stability/collect_activations/{task}.log",
    benchmark:
        "benchmarks/sae_stability/collect_activations/{task}.tsv"
    params:
        activations=lambda wc: sae_stability_task(wc)["activations"],
        device=SAE["device"],
    threads: rule_resources("sae_stability", "train")["threads"]
    resources:
        gpu=rule_resources("sae_stability", "train")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "train")["mem_mb"]),
        runtime=rule_resources("sae_stability", "train")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/collect_activations.py"


rule sae_stability_train_sae:
    input:
        activations=rules.sae_stability_collect_activations.output.activations,
    output:
        sae="results/sae_stability/sae/{task}/seed{seed}/sae.safetensors",
        config="results/sae_stability/sae/{task}/seed{seed}/config.json",
        metrics="results/sae_stability/sae/{task}/seed{seed}/metrics.json",
        history="results/sae_stability/sae/{task}/seed{seed}/metrics.jsonl",
    log:
        "logs/sae_stability/train_sae/{task}/seed{seed}.log",
    benchmark:
        "benchmarks/sae_stability/train_sae/{task}/seed{seed}.tsv"
    params:
        sae=SAE["sae"],
        device=SAE["device"],
    threads: rule_resources("sae_stability", "train")["threads"]
    resources:
        gpu=rule_resources("sae_stability", "train")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "train")["mem_mb"]),
        runtime=rule_resources("sae_stability", "train")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/train_sae.py"


rule sae_stability_compare:
    input:
        saes=lambda wc: expand(rules.sae_stability_train_sae.output.sae, task=wc.task, seed=SAE["seeds"]),
    output:
        pairs="results/sae_stability/compare/{task}/pairs.tsv",
        random="results/sae_stability/compare/{task}/random.tsv",
    log:
        "logs/sae_stability/compare/{task}.log",
    benchmark:
        "benchmarks/sae_stability/compare/{task}.tsv"
    params:
        seeds=SAE["seeds"],
        comparison=SAE["comparison"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "analysis")["mem_mb"]),
        runtime=rule_resources("sae_stability", "analysis")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/compare.py"


rule sae_stability_aggregate:
    input:
        pairs=expand(rules.sae_stability_compare.output.pairs, task=SAE["tasks"]),
        random=expand(rules.sae_stability_compare.output.random, task=SAE["tasks"]),
        sae_metrics=expand(rules.sae_stability_train_sae.output.metrics, task=SAE["tasks"], seed=SAE["seeds"]),
        model_metrics=expand(rules.sae_stability_train_model.output.metrics, task=SAE["tasks"]),
        activations=expand(rules.sae_stability_collect_activations.output.activations, task=SAE["tasks"]),
    output:
        pwmcc=report("results/sae_stability/pwmcc.tsv", caption="../report/sae_stability/pwmcc_tsv.rst", category="sae_stability", subcategory="Tables"),
        sae_metrics=report("results/sae_stability/sae_metrics.tsv", caption="../report/sae_stability/sae_metrics_tsv.rst", category="sae_stability", subcategory="Tables"),
        summary=report("results/sae_stability/summary.tsv", caption="../report/sae_stability/summary_tsv.rst", category="sae_stability", subcategory="Tables"),
        random=report("results/sae_stability/random_baseline.tsv", caption="../report/sae_stability/random_baseline_tsv.rst", category="sae_stability", subcategory="Tables"),
        models=report("results/sae_stability/models.tsv", caption="../report/sae_stability/models_tsv.rst", category="sae_stability", subcategory="Tables"),
        task_comparison=report("results/sae_stability/task_comparison.tsv", caption="../report/sae_stability/task_comparison_tsv.rst", category="sae_stability", subcategory="Tables"),
    log:
        "logs/sae_stability/aggregate/all.log",
    benchmark:
        "benchmarks/sae_stability/aggregate/all.tsv"
    params:
        tasks=list(SAE["tasks"]),
        seeds=SAE["seeds"],
        comparison=SAE["comparison"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "analysis")["mem_mb"]),
        runtime=rule_resources("sae_stability", "analysis")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/aggregate.py"


rule sae_stability_report:
    input:
        pwmcc=rules.sae_stability_aggregate.output.pwmcc,
        sae_metrics=rules.sae_stability_aggregate.output.sae_metrics,
        summary=rules.sae_stability_aggregate.output.summary,
        random=rules.sae_stability_aggregate.output.random,
        models=rules.sae_stability_aggregate.output.models,
        task_comparison=rules.sae_stability_aggregate.output.task_comparison,
        model_metrics=expand(rules.sae_stability_train_model.output.metrics, task=SAE["tasks"]),
        sae_run_metrics=expand(rules.sae_stability_train_sae.output.metrics, task=SAE["tasks"], seed=SAE["seeds"]),
        benchmarks=sae_stability_benchmarks,
    output:
        report=report("results/sae_stability/report.md", caption="../report/sae_stability/report.rst", category="sae_stability", subcategory="Report"),
        bars=report("results/sae_stability/figures/pwmcc_by_task.png", caption="../report/sae_stability/pwmcc_by_task.rst", category="sae_stability", subcategory="Seed similarity"),
        heatmaps=per_task_report("results/sae_stability/figures/pwmcc_matrix_{}.png", {t: t for t in SAE["tasks"]},
                                 caption="../report/sae_stability/pwmcc_matrix.rst", category="sae_stability", subcategory="Seed-by-seed matrices"),
        histogram=report("results/sae_stability/figures/pwmcc_histogram.png", caption="../report/sae_stability/pwmcc_histogram.rst", category="sae_stability", subcategory="Seed similarity"),
    log:
        "logs/sae_stability/report/all.log",
    benchmark:
        "benchmarks/sae_stability/report/all.tsv"
    params:
        study_config=results_config("sae_stability"),
        benchmark_root="benchmarks/sae_stability",
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "analysis")["mem_mb"]),
        runtime=rule_resources("sae_stability", "analysis")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/report.py"
