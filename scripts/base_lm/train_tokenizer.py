"""Rule base_lm_train_tokenizer: a byte-level BPE tokenizer with a chat template, saved like a hub tokenizer."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.corpus import read_corpus
from mlsweeps.base_lm.config import TokenizerConfig, from_dict
from mlsweeps.base_lm.tokenizer import train_tokenizer
from mlsweeps.io import atomic_directory
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    config = from_dict(TokenizerConfig, snakemake.params.tokenizer)
    documents = read_corpus(snakemake.input.corpus)
    tokenizer = train_tokenizer(documents, config, model_max_length=snakemake.params.max_position)
    log.info("tokenizer: vocabulary %d, special tokens %s", len(tokenizer), tokenizer.all_special_tokens)
    with atomic_directory(snakemake.output.tokenizer) as folder:
        tokenizer.save_pretrained(folder)
