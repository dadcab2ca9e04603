# Study distill: LoRA fine-tuning with a few-shot-teacher distillation term, loss = CE + λ·D.
# data per task -> teacher top-k targets per task -> train per (task, λ), each seed in turn -> evaluate per (task, λ),
# all seeds -> TSVs -> report

# On a cluster these run on the submitting machine, not through the queue: preparing data may need the
# hub (compute nodes often have no network); the rest is seconds of work on small files.
localrules:
    distill_prepare_data,
    distill_aggregate,
    distill_report,


rule distill_generate_data:
    output:
        train="results/distill/synthetic/{distill_task}/train.parquet",
        test="results/distill/synthetic/{distill_task}/test.parquet",
    log:
        "logs/distill/generate_data/{distill_task}.log",
    benchmark:
        "benchmarks/distill/generate_data/{distill_task}.tsv"
    params:
        synthetic=DISTILL["synthetic"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("distill", "analysis")["mem_mb"]),
        runtime=rule_resources("distill", "analysis")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/generate_data.py"


rule distill_prepare_data:
    input:
        local=distill_source_files,
    output:
        train="results/distill/data/{distill_task}/train.parquet",
        test="results/distill/data/{distill_task}/test.parquet",
        info="results/distill/data/{distill_task}/info.json",
    log:
        "logs/distill/prepare_data/{distill_task}.log",
    benchmark:
        "benchmarks/distill/prepare_data/{distill_task}.tsv"
    params:
        train_source=distill_source("train"),
        test_source=distill_source("test"),
        synthetic_files=lambda wc: {split: path.format(distill_task=wc.distill_task) for split, path in (("train", rules.distill_generate_data.output.train), ("test", rules.distill_generate_data.output.test))},
        label_names=distill_task_setting("label_names"),
        max_train_examples=DISTILL["train"]["max_train_examples"],
        n_test=DISTILL["eval"]["n_examples"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("distill", "analysis")["mem_mb"]),
        runtime=rule_resources("distill", "analysis")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/prepare_data.py"


rule distill_evaluate_teacher:
    input:
        model=model_input("distill"),
        train=rules.distill_prepare_data.output.train,
        test=rules.distill_prepare_data.output.test,
    output:
        scores="results/distill/teacher/{distill_task}.json",
    log:
        "logs/distill/evaluate_teacher/{distill_task}.log",
    benchmark:
        "benchmarks/distill/evaluate_teacher/{distill_task}.tsv"
    params:
        model=model_name_or_path("distill"),
        dtype=DISTILL["dtype"],
        device=DISTILL["device"],
        eval=DISTILL["eval"],
        n_shots=distill_n_shots,
        max_new_tokens=distill_task_setting("max_new_tokens"),
        label_names=distill_task_setting("label_names"),
        teacher_max_length=DISTILL["train"]["teacher_max_length"],
    threads: rule_resources("distill", "eval")["threads"]
    resources:
        gpu=rule_resources("distill", "eval")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("distill", "eval")["mem_mb"]),
        runtime=rule_resources("distill", "eval")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/evaluate_teacher.py"


# Every λ > 0 run of a (task, seed) sees the same batches and demonstrations, so with mse_topk the
# teacher's top-k logits are computed here once and read by all of them (kl runs the teacher itself).
# Kept, not temp(), although large (top-k values and ids per answer token and step): a rebuilt file
# would be newer than the trainings that read it and rerun them all when a λ is added.
rule distill_teacher_targets:
    input:
        model=model_input("distill"),
        train=rules.distill_prepare_data.output.train,
    output:
        targets=expand("results/distill/teacher_targets/{distill_task}/seed{distill_seed}.safetensors", distill_seed=DISTILL_SEEDS, allow_missing=True),
    log:
        "logs/distill/teacher_targets/{distill_task}.log",
    benchmark:
        "benchmarks/distill/teacher_targets/{distill_task}.tsv"
    params:
        seeds=DISTILL_SEEDS,
        model=model_name_or_path("distill"),
        dtype=DISTILL["dtype"],
        device=DISTILL["device"],
        train=DISTILL["train"],
        top_k=DISTILL["divergence"]["top_k"],
        n_shots=distill_n_shots,
        label_names=distill_task_setting("label_names"),
    threads: rule_resources("distill", "train")["threads"]
    resources:
        gpu=rule_resources("distill", "train")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("distill", "train")["mem_mb"]),
        runtime=rule_resources("distill", "train")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/teacher_targets.py"


# One job per λ grid point trains every seed in turn, as evaluation does: the imports and model load
# are paid once per point instead of once per seed. Each seed's outputs are written as soon as it
# is trained and its final state is checkpointed, so a killed job retrains no finished seed.
rule distill_train:
    input:
        model=model_input("distill"),
        train=rules.distill_prepare_data.output.train,
        teacher_targets=distill_teacher_targets,
    output:
        adapters=directory(expand("results/distill/train/{distill_task}/lambda{lam}/seed{distill_seed}/adapter", distill_seed=DISTILL_SEEDS, allow_missing=True)),
        metrics=expand("results/distill/train/{distill_task}/lambda{lam}/seed{distill_seed}/metrics.json", distill_seed=DISTILL_SEEDS, allow_missing=True),
        history=expand("results/distill/train/{distill_task}/lambda{lam}/seed{distill_seed}/history.jsonl", distill_seed=DISTILL_SEEDS, allow_missing=True),
    log:
        "logs/distill/train/{distill_task}/lambda{lam}.log",
    benchmark:
        "benchmarks/distill/train/{distill_task}/lambda{lam}.tsv"
    params:
        lam=lambda wc: DISTILL_LAMBDAS[wc.lam],
        seeds=DISTILL_SEEDS,
        model=model_name_or_path("distill"),
        dtype=DISTILL["dtype"],
        device=DISTILL["device"],
        train=DISTILL["train"],
        lora=DISTILL["lora"],
        divergence=lambda wc: DISTILL["divergence"] if DISTILL_LAMBDAS[wc.lam] > 0 else None,  # SFT has no D: a D setting reruns λ > 0 only
        n_shots=distill_n_shots,
        label_names=distill_task_setting("label_names"),
    threads: rule_resources("distill", "train")["threads"]
    resources:
        gpu=rule_resources("distill", "train")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("distill", "train")["mem_mb"]),
        runtime=rule_resources("distill", "train")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/train.py"


# One job per λ grid point evaluates every seed's adapter: the model is loaded once per point, and
# the imports and load outweigh a tiny model's generation.
rule distill_evaluate:
    input:
        model=model_input("distill"),
        adapters=rules.distill_train.output.adapters,
        test=rules.distill_prepare_data.output.test,
    output:
        scores=expand("results/distill/eval/{distill_task}/lambda{lam}/seed{distill_seed}.json", distill_seed=DISTILL_SEEDS, allow_missing=True),
        predictions=expand("results/distill/eval/{distill_task}/lambda{lam}/seed{distill_seed}.predictions.jsonl", distill_seed=DISTILL_SEEDS, allow_missing=True),
    log:
        "logs/distill/evaluate/{distill_task}/lambda{lam}.log",
    benchmark:
        "benchmarks/distill/evaluate/{distill_task}/lambda{lam}.tsv"
    params:
        seeds=DISTILL_SEEDS,
        model=model_name_or_path("distill"),
        dtype=DISTILL["dtype"],
        device=DISTILL["device"],
        eval=DISTILL["eval"],
        max_new_tokens=distill_task_setting("max_new_tokens"),
        label_names=distill_task_setting("label_names"),
    threads: rule_resources("distill", "eval")["threads"]
    resources:
        gpu=rule_resources("distill", "eval")["gpu"],
        mem_mb=attempt_mem_mb(rule_resources("distill", "eval")["mem_mb"]),
        runtime=rule_resources("distill", "eval")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/evaluate.py"


rule distill_aggregate:
    input:
        scores=expand("results/distill/eval/{distill_task}/lambda{lam}/seed{distill_seed}.json", distill_task=DISTILL_TASKS, lam=list(DISTILL_LAMBDAS), distill_seed=DISTILL_SEEDS),
        teacher=expand(rules.distill_evaluate_teacher.output.scores, distill_task=DISTILL_TASKS),
        info=expand(rules.distill_prepare_data.output.info, distill_task=DISTILL_TASKS),
    output:
        scores=report("results/distill/scores.tsv", caption="../report/distill/scores_tsv.rst", category="distill", subcategory="Tables"),
        summary=report("results/distill/summary.tsv", caption="../report/distill/summary_tsv.rst", category="distill", subcategory="Tables"),
        teacher=report("results/distill/teacher.tsv", caption="../report/distill/teacher_tsv.rst", category="distill", subcategory="Tables"),
        baselines=report("results/distill/baselines.tsv", caption="../report/distill/baselines_tsv.rst", category="distill", subcategory="Tables"),
    log:
        "logs/distill/aggregate/all.log",
    benchmark:
        "benchmarks/distill/aggregate/all.tsv"
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("distill", "analysis")["mem_mb"]),
        runtime=rule_resources("distill", "analysis")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/aggregate.py"


rule distill_report:
    input:
        scores=rules.distill_aggregate.output.scores,
        summary=rules.distill_aggregate.output.summary,
        teacher=rules.distill_aggregate.output.teacher,
        baselines=rules.distill_aggregate.output.baselines,
        run_metrics=expand(rules.distill_train.output.metrics, distill_task=DISTILL_TASKS, lam=list(DISTILL_LAMBDAS)),
        model_source=model_source("distill"),
        benchmarks=distill_benchmarks,
    output:
        report=report("results/distill/report.md", caption="../report/distill/report.rst", category="distill", subcategory="Report"),
        task_figures=per_task_report("results/distill/figures/{}_lambda_sweep.png", {t.lower(): t for t in DISTILL_TASKS},
                                     caption="../report/distill/lambda_sweep.rst", category="distill", subcategory="λ sweeps"),
        combined=report("results/distill/figures/lambda_sweep_combined.png", caption="../report/distill/lambda_sweep_combined.rst", category="distill", subcategory="All tasks"),
    log:
        "logs/distill/report/all.log",
    benchmark:
        "benchmarks/distill/report/all.tsv"
    params:
        study_config=results_config("distill"),
        base_lm_config=results_config("base_lm") if DISTILL["model"] == "base_lm" else None,
        benchmark_roots=[*BENCHMARK_ROOTS_OF_MODELS, "benchmarks/distill"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("distill", "analysis")["mem_mb"]),
        runtime=rule_resources("distill", "analysis")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/report.py"
