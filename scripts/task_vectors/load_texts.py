"""Rule task_vectors_load_texts: one text set (local file or hub dataset) through the one loader."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import datasets

from mlsweeps.io import write_json
from mlsweeps.logs import script_logging
from mlsweeps.provenance import config_digest
from mlsweeps.task_vectors.data import load_texts

datasets.disable_progress_bars()  # progress of tiny local files would only clutter the terminal

with script_logging(snakemake.log[0]) as log:
    name, source = snakemake.wildcards.dataset, dict(snakemake.params.source)
    texts = load_texts(source, name=f"task_vectors set {name}")
    log.info("%s: %d texts from %s", name, len(texts), source)
    write_json(snakemake.output.texts, {"name": name, "source": source, "texts": texts, "digest": config_digest(texts)})
