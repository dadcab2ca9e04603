"""Rule pretrained_convert: a packaged GGUF model dequantised into a float32 save_pretrained folder, with a record of its source."""
from mlsweeps.devices import configure_threads
from mlsweeps.io import write_json
from mlsweeps.logs import script_logging
from mlsweeps.pretrained import convert_gguf

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    source = convert_gguf(snakemake.input.gguf, snakemake.output.model, package=snakemake.params.package)
    log.info("converted %s: %s", snakemake.input.gguf, source)
    write_json(snakemake.output.source, source)
