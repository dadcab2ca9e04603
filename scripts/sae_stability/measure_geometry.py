"""Rule sae_stability_measure_geometry: rank, discreteness and principal axes of one activation set's training vectors."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import torch

from mlsweeps.io import load_tensors, save_tensors, write_json
from mlsweeps.logs import script_logging
from mlsweeps.sae_stability.geometry import class_r2, dims_for_variance, participation_ratio, principal_axes

with script_logging(snakemake.log[0]) as log:
    tensors = load_tensors(snakemake.input.activations)
    x = tensors["train"].double().numpy()
    axes = principal_axes(x)

    geometry = {
        "task": snakemake.wildcards.task, "transformer": snakemake.wildcards.transformer, "n_vectors": len(x),
        "participation_ratio": participation_ratio(axes.variances),
        "dims_90": dims_for_variance(axes.variances, 0.9), "dims_99": dims_for_variance(axes.variances, 0.99),
        "span_dims": dims_for_variance(axes.variances, snakemake.params.span_variance),
        # no answer classes for the synthesised positive control
        "class_r2": class_r2(x, tensors["train_labels"].numpy()) if "train_labels" in tensors else None,
        "n_classes": int(tensors["train_labels"].unique().numel()) if "train_labels" in tensors else None,
    }
    log.info("geometry: %s", geometry)
    write_json(snakemake.output.geometry, geometry)
    save_tensors(snakemake.output.axes, {"axes": torch.from_numpy(axes.axes), "variances": torch.from_numpy(axes.variances)})
