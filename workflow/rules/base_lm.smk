# Shared stage: the tiny base causal LM that the embedded default runs on (no hub needed).
# generated corpus -> BPE tokenizer -> pretrained transformers model, saved with save_pretrained


rule base_lm_build_corpus:
    input:
        exclude=base_lm_excluded_texts,
        lexicon=BASE_LM_LEXICON,  # the word lists and facts the grammar draws from: editing one rebuilds the corpus
    output:
        corpus="results/base_lm/corpus.jsonl",
        meta="results/base_lm/corpus.json",
    log:
        "logs/base_lm/build_corpus/all.log",
    benchmark:
        "benchmarks/base_lm/build_corpus/all.tsv"
    params:
        corpus=BASE_LM["corpus"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(2000),
        runtime=10,
    conda:
        "../../envs/base_lm.yaml"
    script:
        "../../scripts/base_lm/build_corpus.py"


rule base_lm_train_tokenizer:
    input:
        corpus=rules.base_lm_build_corpus.output.corpus,
    output:
        tokenizer=directory("results/base_lm/tokenizer"),
    log:
        "logs/base_lm/train_tokenizer/all.log",
    benchmark:
        "benchmarks/base_lm/train_tokenizer/all.tsv"
    params:
        tokenizer=BASE_LM["tokenizer"],
        max_position=BASE_LM["model"]["max_position"],
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(2000),
        runtime=10,
    conda:
        "../../envs/base_lm.yaml"
    script:
        "../../scripts/base_lm/train_tokenizer.py"


rule base_lm_pretrain:
    input:
        corpus=rules.base_lm_build_corpus.output.corpus,
        tokenizer=rules.base_lm_train_tokenizer.output.tokenizer,
    output:
        model=directory("results/base_lm/model"),
        metrics="results/base_lm/metrics.json",
        history="results/base_lm/metrics.jsonl",
    log:
        "logs/base_lm/pretrain/all.log",
    benchmark:
        "benchmarks/base_lm/pretrain/all.tsv"
    params:
        model=BASE_LM["model"],
        pretrain=BASE_LM["pretrain"],
        device=BASE_LM["device"],
    threads: BASE_LM["resources"]["train"]["threads"]
    resources:
        gpu=BASE_LM["resources"]["train"]["gpu"],
        mem_mb=attempt_mem_mb(BASE_LM["resources"]["train"]["mem_mb"]),
        runtime=BASE_LM["resources"]["train"]["runtime"],
    conda:
        "../../envs/base_lm.yaml"
    script:
        "../../scripts/base_lm/pretrain.py"
