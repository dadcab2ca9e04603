# Study distill: LoRA fine-tuning with a few-shot-teacher distillation term, loss = CE + λ·D.
# data per task (pool, dev, test) -> teacher top-k targets per (task, teacher: few- or zero-shot) -> train per (task, grid
# point: arm, λ, lr), each seed in turn, scored on dev in the same job -> select per task on dev -> evaluate the
# selected points per task on test -> TSVs -> report

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
        dev="results/distill/data/{distill_task}/dev.parquet",
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
        n_dev=DISTILL["eval"]["n_dev"],
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
        per_item="results/distill/teacher/{distill_task}.items.jsonl",
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


# Every λ > 0 run of a task meets the same teacher sequence for an example (its demonstrations depend on the example
# alone), so with mse_topk the teacher's top-k logits are computed here once per (task, teacher) for every pool example
# and read by every seed, λ and lr (kl runs the teacher itself). teacher=zero is the demonstration control: k = 0.
# Kept, not temp(): a rebuilt file would be newer than the trainings that read it and rerun them all when a λ is added.
rule distill_teacher_targets:
    input:
        model=model_input("distill"),
        train=rules.distill_prepare_data.output.train,
    output:
        targets="results/distill/teacher_targets/{distill_task}/{teacher}.safetensors",
        info="results/distill/teacher_targets/{distill_task}/{teacher}.json",
    log:
        "logs/distill/teacher_targets/{distill_task}/{teacher}.log",
    benchmark:
        "benchmarks/distill/teacher_targets/{distill_task}/{teacher}.tsv"
    params:
        model=model_name_or_path("distill"),
        dtype=DISTILL["dtype"],
        device=DISTILL["device"],
        lengths={key: DISTILL["train"][key] for key in ("max_length", "teacher_max_length")},  # what decides the targets: a new lr or step count reruns no teacher
        top_k_share=DISTILL["divergence"]["top_k_share"],
        n_shots=lambda wc: distill_n_shots(wc) if wc.teacher == "few" else 0,
        batch_size=DISTILL["eval"]["batch_size"],
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


# One job per grid point (arm, λ, lr) trains every seed in turn and scores each on the dev split in the same job: the
# imports and model load are paid once per point. Each seed's outputs are written as soon as it is trained and its final
# state is checkpointed, so a killed job retrains no finished seed.
rule distill_train:
    input:
        model=model_input("distill"),
        train=rules.distill_prepare_data.output.train,
        dev=rules.distill_prepare_data.output.dev,
        teacher_targets=distill_teacher_targets,
    output:
        adapters=directory(expand("results/distill/train/{distill_task}/{setting}/seed{distill_seed}/adapter", distill_seed=DISTILL_SEEDS, allow_missing=True)),
        metrics=expand("results/distill/train/{distill_task}/{setting}/seed{distill_seed}/metrics.json", distill_seed=DISTILL_SEEDS, allow_missing=True),
        history=expand("results/distill/train/{distill_task}/{setting}/seed{distill_seed}/history.jsonl", distill_seed=DISTILL_SEEDS, allow_missing=True),
    log:
        "logs/distill/train/{distill_task}/{setting}.log",
    benchmark:
        "benchmarks/distill/train/{distill_task}/{setting}.tsv"
    params:
        setting=lambda wc: DISTILL_SETTINGS[wc.setting]._asdict(),
        seeds=DISTILL_SEEDS,
        model=model_name_or_path("distill"),
        dtype=DISTILL["dtype"],
        device=DISTILL["device"],
        train={key: value for key, value in DISTILL["train"].items() if key != "lrs"},  # each point has its own lr: adding one reruns no other
        lora=DISTILL["lora"],
        divergence=lambda wc: DISTILL["divergence"] if DISTILL_SETTINGS[wc.setting].lam > 0 else None,  # SFT has no D: a D setting reruns λ > 0 only
        n_shots=lambda wc: distill_n_shots(wc) if DISTILL_SETTINGS[wc.setting].arm == "few" else 0,
        batch_size=DISTILL["eval"]["batch_size"],
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


# λ and lr of each arm chosen on the dev split (gold-answer NLL, mean over seeds); later jobs read the choice as a file.
rule distill_select:
    input:
        metrics=lambda wc: distill_setting_outputs(rules.distill_train.output.metrics, distill_task=wc.distill_task),
    output:
        selection="results/distill/selection/{distill_task}.json",
    log:
        "logs/distill/select/{distill_task}.log",
    benchmark:
        "benchmarks/distill/select/{distill_task}.tsv"
    params:
        settings=lambda wc: {label: setting._asdict() for label, setting in DISTILL_SETTINGS.items()},
        seeds=DISTILL_SEEDS,
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(rule_resources("distill", "analysis")["mem_mb"]),
        runtime=rule_resources("distill", "analysis")["runtime"],
    conda:
        "../../envs/distill.yaml"
    script:
        "../../scripts/distill/select.py"


# One job per task evaluates, on test, the students of the selected point of each arm (SFT, few-shot teacher, zero-shot
# teacher), every seed: only what selection can choose is generated, with the model loaded once.
rule distill_evaluate:
    input:
        model=model_input("distill"),
        selection=rules.distill_select.output.selection,
        adapters=lambda wc: distill_setting_outputs(rules.distill_train.output.adapters, distill_task=wc.distill_task),
        test=rules.distill_prepare_data.output.test,
    output:
        scores=expand("results/distill/eval/{distill_task}/{arm}/seed{distill_seed}.json", arm=ARMS, distill_seed=DISTILL_SEEDS, allow_missing=True),
        predictions=expand("results/distill/eval/{distill_task}/{arm}/seed{distill_seed}.predictions.jsonl", arm=ARMS, distill_seed=DISTILL_SEEDS, allow_missing=True),
    log:
        "logs/distill/evaluate/{distill_task}.log",
    benchmark:
        "benchmarks/distill/evaluate/{distill_task}.tsv"
    params:
        arms=ARMS,
        seeds=DISTILL_SEEDS,
        settings=list(DISTILL_SETTINGS),  # the order of the adapters input: each setting's seeds in turn
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
        scores=expand("results/distill/eval/{distill_task}/{arm}/seed{distill_seed}.json", distill_task=DISTILL_TASKS, arm=ARMS, distill_seed=DISTILL_SEEDS),
        predictions=expand("results/distill/eval/{distill_task}/{arm}/seed{distill_seed}.predictions.jsonl", distill_task=DISTILL_TASKS, arm=ARMS, distill_seed=DISTILL_SEEDS),
        metrics=[path for task in DISTILL_TASKS for path in distill_setting_outputs(rules.distill_train.output.metrics, distill_task=task)],
        selection=expand(rules.distill_select.output.selection, distill_task=DISTILL_TASKS),
        teacher=expand(rules.distill_evaluate_teacher.output.scores, distill_task=DISTILL_TASKS),
        teacher_items=expand(rules.distill_evaluate_teacher.output.per_item, distill_task=DISTILL_TASKS),
        targets_info=lambda wc: expand(rules.distill_teacher_targets.output.info, distill_task=DISTILL_TASKS,
                                       teacher=sorted({p.teacher for p in DISTILL_SETTINGS.values() if distill_reads_teacher_targets(p)})),
        info=expand(rules.distill_prepare_data.output.info, distill_task=DISTILL_TASKS),
    output:
        scores=report("results/distill/scores.tsv", caption="../report/distill/scores_tsv.rst", category="distill", subcategory="Tables"),
        test_items=report("results/distill/test_items.tsv", caption="../report/distill/test_items_tsv.rst", category="distill", subcategory="Tables"),
        dev=report("results/distill/dev.tsv", caption="../report/distill/dev_tsv.rst", category="distill", subcategory="Tables"),
        selection=report("results/distill/selection.tsv", caption="../report/distill/selection_tsv.rst", category="distill", subcategory="Tables"),
        gains=report("results/distill/gains.tsv", caption="../report/distill/gains_tsv.rst", category="distill", subcategory="Tables"),
        teacher=report("results/distill/teacher.tsv", caption="../report/distill/teacher_tsv.rst", category="distill", subcategory="Tables"),
        teacher_items=report("results/distill/teacher_items.tsv", caption="../report/distill/teacher_items_tsv.rst", category="distill", subcategory="Tables"),
        divergence=report("results/distill/divergence.tsv", caption="../report/distill/divergence_tsv.rst", category="distill", subcategory="Tables"),
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
        **{name: getattr(rules.distill_aggregate.output, name) for name in DISTILL_TABLES},
        run_metrics=[path for task in DISTILL_TASKS for path in distill_setting_outputs(rules.distill_train.output.metrics, distill_task=task)],
        model_source=model_source("distill"),
        benchmarks=distill_benchmarks,
    output:
        report=report("results/distill/report.md", caption="../report/distill/report.rst", category="distill", subcategory="Report"),
        task_figures=per_task_report("results/distill/figures/{}_dev_sweep.png", {t.lower(): t for t in DISTILL_TASKS},
                                     caption="../report/distill/dev_sweep.rst", category="distill", subcategory="Dev sweeps"),
        combined=report("results/distill/figures/gains.png", caption="../report/distill/gains.rst", category="distill", subcategory="All tasks"),
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
