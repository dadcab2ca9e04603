# Shared stage: real pretrained LMs that pip packages ship as GGUF files (mlsweeps.pretrained.PACKAGED_MODELS),
# each converted once into an ordinary save_pretrained folder that studies name like base_lm (`model: smollm2`).
# The file's path and its package's version are read by the Snakefile, whose environment has the package installed;
# the job itself needs only the file.


rule pretrained_convert:
    input:
        gguf=lambda wildcards: str(packaged_gguf(wildcards.packaged_model)),
    output:
        model=directory("results/pretrained/{packaged_model}/model"),
        source="results/pretrained/{packaged_model}/source.json",
    log:
        "logs/pretrained/convert/{packaged_model}.log",
    benchmark:
        "benchmarks/pretrained/convert/{packaged_model}.tsv"
    params:
        package=lambda wildcards: packaged_model_record(wildcards.packaged_model),
    threads: 1
    resources:
        mem_mb=attempt_mem_mb(3000),
        runtime=10,
    conda:
        "../../envs/pretrained.yaml"
    script:
        "../../scripts/pretrained/convert.py"
