"""Rule base_lm_build_corpus: the generated pretraining corpus, disjoint from every evaluation text."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.config import CorpusConfig, from_dict, to_dict
from mlsweeps.base_lm.corpus import corpus_digest, generate_corpus
from mlsweeps.io import read_json, write_json, write_jsonl
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    config = from_dict(CorpusConfig, snakemake.params.corpus)
    excluded = [text for path in snakemake.input.exclude for text in read_json(path)["texts"]]
    documents = generate_corpus(config, exclude=excluded)
    write_jsonl(snakemake.output.corpus, [{"text": document} for document in documents])  # documents span lines (code)
    meta = {"config": to_dict(config), "documents": len(documents), "characters": sum(map(len, documents)),
            "digest": corpus_digest(documents), "excluded_texts": len(excluded)}
    log.info("corpus: %s", meta)
    write_json(snakemake.output.meta, meta)
