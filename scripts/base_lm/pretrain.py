"""Rule base_lm_pretrain: the tiny base causal LM, pretrained on the corpus and saved with save_pretrained."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from transformers import AutoTokenizer

from mlsweeps.base_lm.corpus import read_corpus
from mlsweeps.base_lm.config import PretrainConfig, TinyLMConfig, from_dict, to_dict
from mlsweeps.base_lm.model import build_model
from mlsweeps.base_lm.pretrain import pretrain, save_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.io import write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    model_config, train_config = from_dict(TinyLMConfig, snakemake.params.model), from_dict(PretrainConfig, snakemake.params.pretrain)
    seed_everything(train_config.seed)
    device = resolve_device(snakemake.params.device)
    tokenizer = AutoTokenizer.from_pretrained(snakemake.input.tokenizer)
    documents = read_corpus(snakemake.input.corpus)

    result = pretrain(build_model(model_config, tokenizer), tokenizer, documents, train_config, device=device)

    save_base_model(result.model, tokenizer, snakemake.output.model, metadata={"model": to_dict(model_config), "pretrain": to_dict(train_config), **result.final})
    write_jsonl(snakemake.output.history, result.history)
    write_json(snakemake.output.metrics, dict(result.final, device=describe_device(device)))
