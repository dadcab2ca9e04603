"""The provenance section every report ends with: what ran, on what, from which code and config."""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import pandas as pd

from .markdown import markdown_table
from .warm import read_usage

__all__ = ["config_digest", "git_commit", "package_versions", "StageTiming", "stage_timings", "describe_source", "model_line", "provenance_section"]

PACKAGES = ("torch", "numpy", "scipy", "pandas", "snakemake", "safetensors", "matplotlib", "transformers", "peft", "datasets", "seqeval")
REPO_ROOT = Path(__file__).resolve().parents[2]


def config_digest(config: Mapping) -> str:
    """SHA-256 of the config section as canonical JSON (key order does not matter)."""
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def git_commit(repo: Path = REPO_ROOT) -> str:
    """The code's commit, with ``-dirty`` when tracked files differ from it; 'unknown' outside git."""
    try:
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + ("-dirty" if dirty else "")


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


class StageTiming(NamedTuple):
    """Wall time and memory of one rule across its jobs, from Snakemake ``benchmark:`` files."""

    stage: str
    jobs: int
    total_s: float
    max_s: float
    max_rss_mb: float


def _stage(path: Path, roots: Sequence[Path]) -> str:
    for root in roots:
        if path.is_relative_to(root):
            stage = path.relative_to(root).parts[0]
            return stage if len(roots) == 1 else f"{root.name}/{stage}"
    raise ValueError(f"benchmark file {path} is under none of {[str(r) for r in roots]}")


def stage_timings(benchmark_files: Sequence[str | Path], root: str | Path | Sequence[str | Path]) -> list[StageTiming]:
    """Group benchmark files by stage (the first folder below ``root``, named for the rule) and sum wall times.

    Peak memory is the benchmark's, or for a job run in the warm interpreter its own (``warm.read_usage``).

    With several roots (a study that reuses a shared stage), stages are named ``<root>/<stage>``.
    The stage order is that of first appearance, which follows the DAG when the files are listed
    rule by rule.
    """
    roots = [Path(root)] if isinstance(root, (str, Path)) else [Path(r) for r in root]
    rows: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for path in benchmark_files:
        path = Path(path)
        stage = _stage(path, roots)
        frame = pd.read_csv(path, sep="\t")
        if frame.empty or "s" not in frame:
            raise ValueError(f"benchmark file {path} has no 's' column (is it a Snakemake benchmark?)")
        rss = pd.to_numeric(frame.get("max_rss", pd.Series([0.0])), errors="coerce").fillna(0.0)
        usage = read_usage(path)  # a job run in the warm interpreter: Snakemake measured only its relay process
        rows[stage].append((float(frame["s"].iloc[-1]), max(float(rss.iloc[-1]), usage["max_rss_mb"] if usage else 0.0)))
    return [StageTiming(stage, len(v), sum(s for s, _ in v), max(s for s, _ in v), max(m for _, m in v)) for stage, v in rows.items()]


def describe_source(source: Mapping[str, Any]) -> str:
    """Where a packaged model's weights came from (its ``pretrained.convert_gguf`` record), in one sentence.

    >>> describe_source({"model": "org/M", "name": "m", "gguf_file": "M.Q4_1.gguf", "package": "p", "package_version": "1.0",
    ...                  "sha256": "abab…abab", "quantization": "Q4_1", "tensor_types": {"Q4_1": 2, "F32": 1}, "saved_dtype": "float32"})
    '`m`: org/M, quantised Q4_1 (tensors: 2 Q4_1, 1 F32) in M.Q4_1.gguf of the pip package p 1.0 (SHA-256 abab…abab), dequantised to float32'
    """
    tensors = ", ".join(f"{n} {kind}" for kind, n in source["tensor_types"].items())
    return (f"`{source['name']}`: {source['model']}, quantised {source['quantization']} (tensors: {tensors}) in {source['gguf_file']} of the pip "
            f"package {source['package']} {source['package_version']} (SHA-256 {source['sha256']}), dequantised to {source['saved_dtype']}")


def model_line(model: str, source: Mapping | None = None) -> str:
    """Which weights a study ran on: a packaged model's file, package and quantisation (its ``source`` record), the tiny LM, or the id as given.

    >>> model_line("base_lm")
    "`base_lm`: the pipeline's own tiny LM, built and pretrained by this workflow"
    """
    if source is not None:
        return describe_source(source)
    if model == "base_lm":
        return "`base_lm`: the pipeline's own tiny LM, built and pretrained by this workflow"
    return f"`{model}`: a hub id or local folder, loaded with from_pretrained as given"


def provenance_section(*, study_config: Mapping, seeds: Mapping[str, object], devices: Iterable[str],
                       benchmark_files: Sequence[str | Path], benchmark_root: str | Path | Sequence[str | Path], model: str | None = None) -> str:
    """Markdown for the closing provenance section of a report; ``model`` (``model_line``) for studies that run on an LM."""
    timings = stage_timings(benchmark_files, benchmark_root)
    lines = [
        "## Provenance",
        "",
        *([f"- Model: {model}"] if model else []),
        f"- Config digest (SHA-256 of this study's config section): `{config_digest(study_config)}`",
        f"- Code commit: `{git_commit()}`",
        f"- Device(s): {', '.join(sorted(set(devices))) or 'not recorded'}",
        f"- Platform: {platform.platform()}",
        "- Seeds: " + "; ".join(f"{name}: {value}" for name, value in seeds.items()),
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in package_versions().items()),
        "- Reproducible by: this config and commit, the pinned packages (requirements.lock), the seeds above, and"
        " deterministic torch kernels in every job (`torch.use_deterministic_algorithms`, `CUBLAS_WORKSPACE_CONFIG` on CUDA):"
        " the same command gives byte-identical TSVs on CPU; on a GPU, only on the same GPU model, driver and CUDA version.",
        "",
        "Wall time per stage (from the rules' `benchmark:` files; the report stage itself is not included):",
        "",
        markdown_table(
            ["Stage", "Jobs", "Total wall (s)", "Slowest job (s)", "Peak RSS (MB)"],
            [[t.stage, t.jobs, f"{t.total_s:.1f}", f"{t.max_s:.1f}", f"{t.max_rss_mb:.0f}"] for t in timings],
        ),
        f"Total: {sum(t.total_s for t in timings):.1f} s of job wall time over {sum(t.jobs for t in timings)} jobs.",
        "",
    ]
    return "\n".join(lines)
