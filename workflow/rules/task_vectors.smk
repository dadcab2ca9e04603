# Study task_vectors: loss landscapes L(θ_base + αT) along task vectors T = θ_finetuned − θ_base.
# texts -> base losses; fine-tune per task -> T -> jobs of α points per task (T, 2α off the grid, random controls) -> per-task
# analysis; all vectors -> between tasks (cosines, sums, a 2-D slice) -> TSVs -> report

# On a cluster these run on the submitting machine, not through the queue: loading texts may need the
# hub (compute nodes often have no network); the rest is seconds of work on small files.
localrules:
    task_vectors_load_texts,
    task_vectors_analyze,
    task_vectors_aggregate,
    task_vectors_report,


rule task_vectors_load_texts:
    input:
        local=tv_source_file,
    output:
        texts="results/task_vectors/data/{dataset}.json",
    log:
        "logs/task_vectors/load_texts/{dataset}.log",
    benchmark:
        "benchmarks/task_vectors/load_texts/{dataset}.tsv"
    params:
        source=tv_source,
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "analysis")["mem_mb"]),
        runtime=rule_resources("task_vectors", "analysis")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/load_texts.py"


rule task_vectors_eval_base:
    input:
        model=model_input("task_vectors"),
        general=tv_general_texts(),
        task_evals=tv_texts(*(f"{t}-eval" for t in TV_TASKS)),
        corpus=[rules.base_lm_build_corpus.output.corpus] if TV["model"] == "base_lm" else [],
    output:
        losses="results/task_vectors/base/losses.json",
    log:
        "logs/task_vectors/eval_base/all.log",
    benchmark:
        "benchmarks/task_vectors/eval_base/all.tsv"
    params:
        model=model_name_or_path("task_vectors"),
        dtype=TV["dtype"],
        device=TV["device"],
        categories=TV_CATEGORIES,
        tasks=TV_TASKS,
        eval=TV["eval"],
        scoring=TV["scoring"],
        untrained_seed=TV["untrained_seed"],
    threads: rule_resources("task_vectors", "eval")["threads"]
    resources:
        gpu=rule_resources("task_vectors", "eval")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "eval")["mem_mb"]),
        runtime=rule_resources("task_vectors", "eval")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/eval_base.py"


rule task_vectors_finetune:
    input:
        model=model_input("task_vectors"),
        train=tv_texts("{tv_task}-train"),
        eval=tv_texts("{tv_task}-eval"),
    output:
        vector="results/task_vectors/finetune/{tv_task}/task_vector.safetensors",
        metrics="results/task_vectors/finetune/{tv_task}/metrics.json",
        history="results/task_vectors/finetune/{tv_task}/metrics.jsonl",
    log:
        "logs/task_vectors/finetune/{tv_task}.log",
    benchmark:
        "benchmarks/task_vectors/finetune/{tv_task}.tsv"
    params:
        model=model_name_or_path("task_vectors"),
        dtype=TV["dtype"],
        device=TV["device"],
        finetune=tv_finetune_config,
        eval=TV["eval"],
        scoring=TV["scoring"],
    threads: rule_resources("task_vectors", "train")["threads"]
    resources:
        gpu=rule_resources("task_vectors", "train")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "train")["mem_mb"]),
        runtime=rule_resources("task_vectors", "train")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/finetune.py"


# One job evaluates `alpha_points_per_job` consecutive grid points on one model load: a point of the
# tiny default model costs far less than a job's interpreter, imports and model load. The paper
# config keeps one point per job (a 4B model's point is long, and the jobs spread over the cluster).
rule task_vectors_eval_alpha:
    input:
        model=model_input("task_vectors"),
        vector=rules.task_vectors_finetune.output.vector,
        general=tv_general_texts(),
        task_evals=tv_texts(*(f"{t}-eval" for t in TV_TASKS)),
    output:
        points="results/task_vectors/alpha/{tv_task}/alpha{alpha}_n{n_points}.json",
    log:
        "logs/task_vectors/eval_alpha/{tv_task}/alpha{alpha}_n{n_points}.log",
    benchmark:
        "benchmarks/task_vectors/eval_alpha/{tv_task}/alpha{alpha}_n{n_points}.tsv"
    group:
        "task_vectors_alpha"  # a cluster profile can bundle many α jobs into one submission
    params:
        alphas=lambda wc: [TV_ALPHAS[label] for label in TV_ALPHA_JOBS[wc.alpha]],
        extra_alphas=lambda wc: tv_extra_alphas(TV_ALPHA_JOBS[wc.alpha]),
        model=model_name_or_path("task_vectors"),
        dtype=TV["dtype"],
        device=TV["device"],
        categories=TV_CATEGORIES,
        tasks=TV_TASKS,
        eval=TV["eval"],
        scoring=TV["scoring"],
        control=TV["control"],
    threads: rule_resources("task_vectors", "eval")["threads"]
    resources:
        gpu=rule_resources("task_vectors", "eval")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "eval")["mem_mb"]),
        runtime=rule_resources("task_vectors", "eval")["runtime"],
        alpha_job=1,  # profiles/slurm allows one per submission: a bundle of these runs them in turn
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/eval_alpha.py"


rule task_vectors_between:
    input:
        model=model_input("task_vectors"),
        vectors=expand(rules.task_vectors_finetune.output.vector, tv_task=TV_TASKS),
        general=tv_general_texts(),
        task_evals=tv_texts(*(f"{t}-eval" for t in TV_TASKS)),
    output:
        between="results/task_vectors/between/between.json",
    log:
        "logs/task_vectors/between/all.log",
    benchmark:
        "benchmarks/task_vectors/between/all.tsv"
    params:
        model=model_name_or_path("task_vectors"),
        dtype=TV["dtype"],
        device=TV["device"],
        categories=TV_CATEGORIES,
        tasks=TV_TASKS,
        eval=TV["eval"],
        scoring=TV["scoring"],
        between=TV["between"],
    threads: rule_resources("task_vectors", "eval")["threads"]
    resources:
        gpu=rule_resources("task_vectors", "eval")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "eval")["mem_mb"]),
        runtime=rule_resources("task_vectors", "eval")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/between.py"


rule task_vectors_analyze:
    input:
        points=lambda wc: tv_alpha_outputs(rules.task_vectors_eval_alpha.output.points, wc.tv_task),
        base=rules.task_vectors_eval_base.output.losses,
    output:
        analysis="results/task_vectors/analysis/{tv_task}.json",
    log:
        "logs/task_vectors/analyze/{tv_task}.log",
    benchmark:
        "benchmarks/task_vectors/analyze/{tv_task}.tsv"
    params:
        crossings=TV["crossings"],
        scorings=TV["scoring"]["kinds"],
        categories=TV_CATEGORIES,
        geometry=TV["geometry"],
        bootstrap=TV["bootstrap"],
        early=TV["early_improvement"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "analysis")["mem_mb"]),
        runtime=rule_resources("task_vectors", "analysis")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/analyze.py"


rule task_vectors_aggregate:
    input:
        points=[f for task in TV_TASKS for f in tv_alpha_outputs(rules.task_vectors_eval_alpha.output.points, task)],
        analyses=expand(rules.task_vectors_analyze.output.analysis, tv_task=TV_TASKS),
        base=rules.task_vectors_eval_base.output.losses,
        finetune=expand(rules.task_vectors_finetune.output.metrics, tv_task=TV_TASKS),
        between=rules.task_vectors_between.output.between,
        base_lm_metrics=[rules.base_lm_pretrain.output.metrics] if TV["model"] == "base_lm" else [],
    output:
        sweep=report("results/task_vectors/sweep.tsv", caption="../report/task_vectors/sweep_tsv.rst", category="task_vectors", subcategory="Tables"),
        comparison=report("results/task_vectors/comparison.tsv", caption="../report/task_vectors/comparison_tsv.rst", category="task_vectors", subcategory="Tables"),
        crossings=report("results/task_vectors/crossings.tsv", caption="../report/task_vectors/crossings_tsv.rst", category="task_vectors", subcategory="Tables"),
        models=report("results/task_vectors/models.tsv", caption="../report/task_vectors/models_tsv.rst", category="task_vectors", subcategory="Tables"),
        geometry=report("results/task_vectors/geometry.tsv", caption="../report/task_vectors/geometry_tsv.rst", category="task_vectors", subcategory="Tables"),
        intervals=report("results/task_vectors/intervals.tsv", caption="../report/task_vectors/intervals_tsv.rst", category="task_vectors", subcategory="Tables"),
        control=report("results/task_vectors/control.tsv", caption="../report/task_vectors/control_tsv.rst", category="task_vectors", subcategory="Tables"),
        cross_task=report("results/task_vectors/cross_task.tsv", caption="../report/task_vectors/cross_task_tsv.rst", category="task_vectors", subcategory="Tables"),
        per_text="results/task_vectors/per_text.tsv",  # every per-text loss: too large for the HTML report
        cosines=report("results/task_vectors/cosines.tsv", caption="../report/task_vectors/cosines_tsv.rst", category="task_vectors", subcategory="Tables"),
        between=report("results/task_vectors/between.tsv", caption="../report/task_vectors/between_tsv.rst", category="task_vectors", subcategory="Tables"),
    log:
        "logs/task_vectors/aggregate/all.log",
    benchmark:
        "benchmarks/task_vectors/aggregate/all.tsv"
    params:
        tasks=TV_TASKS,
        categories=TV_CATEGORIES,
        scorings=TV["scoring"]["kinds"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "analysis")["mem_mb"]),
        runtime=rule_resources("task_vectors", "analysis")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/aggregate.py"


rule task_vectors_report:
    input:
        sweep=rules.task_vectors_aggregate.output.sweep,
        comparison=rules.task_vectors_aggregate.output.comparison,
        crossings=rules.task_vectors_aggregate.output.crossings,
        models=rules.task_vectors_aggregate.output.models,
        geometry=rules.task_vectors_aggregate.output.geometry,
        intervals=rules.task_vectors_aggregate.output.intervals,
        control=rules.task_vectors_aggregate.output.control,
        cross_task=rules.task_vectors_aggregate.output.cross_task,
        cosines=rules.task_vectors_aggregate.output.cosines,
        between=rules.task_vectors_aggregate.output.between,
        run_metrics=expand(rules.task_vectors_finetune.output.metrics, tv_task=TV_TASKS),
        model_source=model_source("task_vectors"),
        benchmarks=task_vectors_benchmarks,
    output:
        report=report("results/task_vectors/report.md", caption="../report/task_vectors/report.rst", category="task_vectors", subcategory="Report"),
        landscapes=per_task_report("results/task_vectors/figures/landscape_{}.png", {t: t for t in TV_TASKS},
                                   caption="../report/task_vectors/landscape.rst", category="task_vectors", subcategory="Loss landscapes"),
        overlay=report("results/task_vectors/figures/landscape_overlay.png", caption="../report/task_vectors/landscape_overlay.rst", category="task_vectors", subcategory="All tasks"),
        categories=report("results/task_vectors/figures/category_losses.png", caption="../report/task_vectors/category_losses.rst", category="task_vectors", subcategory="All tasks"),
        slice=report("results/task_vectors/figures/slice.png", caption="../report/task_vectors/slice.rst", category="task_vectors", subcategory="All tasks"),
    log:
        "logs/task_vectors/report/all.log",
    benchmark:
        "benchmarks/task_vectors/report/all.tsv"
    params:
        study_config=results_config("task_vectors"),
        base_lm_config=results_config("base_lm") if TV["model"] == "base_lm" else None,
        benchmark_roots=[*BENCHMARK_ROOTS_OF_MODELS, "benchmarks/task_vectors"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("task_vectors", "analysis")["mem_mb"]),
        runtime=rule_resources("task_vectors", "analysis")["runtime"],
    conda:
        "../../envs/task_vectors.yaml"
    script:
        "../../scripts/task_vectors/report.py"
