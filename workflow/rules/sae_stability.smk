# Study sae_stability: do TopK SAEs trained with different seeds learn the same features?
# data -> transformers (several seeds, and an untrained one) -> activations -> geometry of each activation set
# -> one SAE per (grid point, seed) -> pairwise comparison against nulls -> TSVs -> report.
# A synthesised positive control (task known_dictionary) enters at the activations and goes through the same rules.

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
    wildcard_constraints:
        task=SAE_TRANSFORMER_TASKS,
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
        model="results/sae_stability/model/{task}/{transformer}/model.safetensors",
        config="results/sae_stability/model/{task}/{transformer}/config.json",
        metrics="results/sae_stability/model/{task}/{transformer}/metrics.json",
        history="results/sae_stability/model/{task}/{transformer}/metrics.jsonl",
    log:
        "logs/sae_stability/train_model/{task}/{transformer}.log",
    benchmark:
        "benchmarks/sae_stability/train_model/{task}/{transformer}.tsv"
    wildcard_constraints:
        task=SAE_TRANSFORMER_TASKS,
        transformer=r"t\d+|untrained",
    params:
        model=lambda wc: sae_stability_task(wc)["model"],
        train=lambda wc: sae_stability_task(wc)["train"],
        seed=sae_stability_transformer_seed,
        trained=lambda wc: wc.transformer != sae_plan.UNTRAINED,
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
        activations="results/sae_stability/activations/{task}/{transformer}/activations.safetensors",
    log:
        "logs/sae_stability/collect_activations/{task}/{transformer}.log",
    benchmark:
        "benchmarks/sae_stability/collect_activations/{task}/{transformer}.tsv"
    wildcard_constraints:
        task=SAE_TRANSFORMER_TASKS,
        transformer=r"t\d+|untrained",
    params:
        activations=lambda wc: sae_stability_task(wc)["activations"],
        holdout_fraction=SAE["holdout_fraction"],
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


rule sae_stability_synthesize_activations:
    output:
        activations="results/sae_stability/activations/known_dictionary/none/activations.safetensors",
    log:
        "logs/sae_stability/synthesize_activations/known_dictionary.log",
    benchmark:
        "benchmarks/sae_stability/synthesize_activations/known_dictionary.tsv"
    params:
        positive_control=SAE["positive_control"],
        holdout_fraction=SAE["holdout_fraction"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "analysis")["mem_mb"]),
        runtime=rule_resources("sae_stability", "analysis")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/synthesize_activations.py"


rule sae_stability_measure_geometry:
    input:
        activations="results/sae_stability/activations/{task}/{transformer}/activations.safetensors",
    output:
        geometry="results/sae_stability/activations/{task}/{transformer}/geometry.json",
        axes="results/sae_stability/activations/{task}/{transformer}/axes.safetensors",
    log:
        "logs/sae_stability/measure_geometry/{task}/{transformer}.log",
    benchmark:
        "benchmarks/sae_stability/measure_geometry/{task}/{transformer}.tsv"
    params:
        span_variance=SAE["comparison"]["span_variance"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("sae_stability", "analysis")["mem_mb"]),
        runtime=rule_resources("sae_stability", "analysis")["runtime"],
    conda:
        "../../envs/sae_stability.yaml"
    script:
        "../../scripts/sae_stability/measure_geometry.py"


rule sae_stability_train_sae:
    input:
        activations="results/sae_stability/activations/{task}/{transformer}/activations.safetensors",
    output:
        sae="results/sae_stability/sae/{task}/{transformer}/{point}/seed{seed}/sae.safetensors",
        trace="results/sae_stability/sae/{task}/{transformer}/{point}/seed{seed}/trace.safetensors",
        config="results/sae_stability/sae/{task}/{transformer}/{point}/seed{seed}/config.json",
        metrics="results/sae_stability/sae/{task}/{transformer}/{point}/seed{seed}/metrics.json",
        history="results/sae_stability/sae/{task}/{transformer}/{point}/seed{seed}/metrics.jsonl",
    log:
        "logs/sae_stability/train_sae/{task}/{transformer}/{point}/seed{seed}.log",
    benchmark:
        "benchmarks/sae_stability/train_sae/{task}/{transformer}/{point}/seed{seed}.tsv"
    params:
        sae=SAE_RECIPE,
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
        saes=lambda wc: sae_stability_comparison_files(rules.sae_stability_train_sae.output.sae, wc),
        traces=lambda wc: sae_stability_comparison_files(rules.sae_stability_train_sae.output.trace, wc),
        configs=lambda wc: sae_stability_comparison_files(rules.sae_stability_train_sae.output.config, wc),
        activations=rules.sae_stability_measure_geometry.input.activations,
        geometry=rules.sae_stability_measure_geometry.output.geometry,
        axes=rules.sae_stability_measure_geometry.output.axes,
    output:
        pairs="results/sae_stability/compare/{task}/{transformer}/{point}/pairs.tsv",
        saes="results/sae_stability/compare/{task}/{transformer}/{point}/saes.tsv",
    log:
        "logs/sae_stability/compare/{task}/{transformer}/{point}.log",
    benchmark:
        "benchmarks/sae_stability/compare/{task}/{transformer}/{point}.tsv"
    params:
        seeds=lambda wc: list(sae_stability_comparison(wc).seeds),
        comparison=SAE_COMPARE_OPTIONS,
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
        pairs=sae_stability_every(rules.sae_stability_compare.output.pairs),
        saes=sae_stability_every(rules.sae_stability_compare.output.saes),
        sae_metrics=sae_stability_every(rules.sae_stability_train_sae.output.metrics, saes=True),
        sae_histories=sae_stability_every(rules.sae_stability_train_sae.output.history, saes=True),
        geometry=[rules.sae_stability_measure_geometry.output.geometry.format(task=t, transformer=m) for t, m in sae_stability_activation_sets()],
        model_metrics=[rules.sae_stability_train_model.output.metrics.format(task=t, transformer=m)
                       for t, m in sae_stability_activation_sets() if t != sae_plan.KNOWN_DICTIONARY],
    output:
        pwmcc=report("results/sae_stability/pwmcc.tsv", caption="../report/sae_stability/pwmcc_tsv.rst", category="sae_stability", subcategory="Tables"),
        sae_metrics=report("results/sae_stability/sae_metrics.tsv", caption="../report/sae_stability/sae_metrics_tsv.rst", category="sae_stability", subcategory="Tables"),
        summary=report("results/sae_stability/summary.tsv", caption="../report/sae_stability/summary_tsv.rst", category="sae_stability", subcategory="Tables"),
        stability=report("results/sae_stability/stability.tsv", caption="../report/sae_stability/stability_tsv.rst", category="sae_stability", subcategory="Tables"),
        geometry=report("results/sae_stability/geometry.tsv", caption="../report/sae_stability/geometry_tsv.rst", category="sae_stability", subcategory="Tables"),
        training=report("results/sae_stability/training.tsv", caption="../report/sae_stability/training_tsv.rst", category="sae_stability", subcategory="Tables"),
        models=report("results/sae_stability/models.tsv", caption="../report/sae_stability/models_tsv.rst", category="sae_stability", subcategory="Tables"),
        task_comparison=report("results/sae_stability/task_comparison.tsv", caption="../report/sae_stability/task_comparison_tsv.rst", category="sae_stability", subcategory="Tables"),
    log:
        "logs/sae_stability/aggregate/all.log",
    benchmark:
        "benchmarks/sae_stability/aggregate/all.tsv"
    params:
        comparisons=[{"task": c.task, "transformer": c.transformer, **c.point._asdict()} for c in SAE_COMPARISONS],
        sae_jobs=[{"task": t, "transformer": m, **p._asdict(), "seed": s} for t, m, p, s in sae_plan.sae_jobs(SAE)] if SAE["enabled"] else [],
        activation_sets=[{"task": t, "transformer": m} for t, m in sae_stability_activation_sets()],
        main_points=[{"task": t, **sae_plan.main_point(SAE, t)._asdict()} for t in sae_plan.task_names(SAE)],
        tasks=list(SAE["tasks"]),
        bootstrap={key: SAE["comparison"][key] for key in ("bootstrap_resamples", "bootstrap_seed")},
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
        **{name: getattr(rules.sae_stability_aggregate.output, name)
           for name in ("pwmcc", "sae_metrics", "summary", "stability", "geometry", "training", "models", "task_comparison")},
        run_metrics=[*rules.sae_stability_aggregate.input.model_metrics, *rules.sae_stability_aggregate.input.sae_metrics],
        benchmarks=sae_stability_benchmarks,
    output:
        report=report("results/sae_stability/report.md", caption="../report/sae_stability/report.rst", category="sae_stability", subcategory="Report"),
        bars=report("results/sae_stability/figures/pwmcc_by_task.png", caption="../report/sae_stability/pwmcc_by_task.rst", category="sae_stability", subcategory="Seed similarity"),
        heatmaps=per_task_report("results/sae_stability/figures/pwmcc_matrix_{}.png", {t: t for t in sae_plan.task_names(SAE)},
                                 caption="../report/sae_stability/pwmcc_matrix.rst", category="sae_stability", subcategory="Seed-by-seed matrices"),
        histogram=report("results/sae_stability/figures/pwmcc_histogram.png", caption="../report/sae_stability/pwmcc_histogram.rst", category="sae_stability", subcategory="Seed similarity"),
        decomposition=report("results/sae_stability/figures/decomposition.png", caption="../report/sae_stability/decomposition.rst", category="sae_stability", subcategory="Seed similarity"),
        sweep=report("results/sae_stability/figures/sweep.png", caption="../report/sae_stability/sweep.rst", category="sae_stability", subcategory="Sweep"),
        dead=report("results/sae_stability/figures/dead_latents.png", caption="../report/sae_stability/dead_latents.rst", category="sae_stability", subcategory="Sweep"),
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
