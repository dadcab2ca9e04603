"""Logging for rule scripts: everything, progress bars included, goes to the rule's log file."""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Mapping, TypeVar

from tqdm import tqdm

__all__ = ["script_logging", "progress", "OOM_KEYS", "oom_message"]

T = TypeVar("T")
log = logging.getLogger(__name__)


class _LogLines:
    """File-like sink that turns each tqdm refresh into one log line (no carriage returns)."""

    def write(self, text: str) -> None:
        text = text.strip("\r\n ")
        if text:
            logging.getLogger("progress").info(text)

    def flush(self) -> None:
        pass


OOM_KEYS: dict[str, tuple[str, ...]] = {
    "base_lm_pretrain": ("base_lm.pretrain.batch_size", "base_lm.pretrain.seq_len"),
    "task_vectors_finetune": ("task_vectors.finetune.batch_size (raise task_vectors.finetune.grad_accum to keep the effective batch)",
                              "task_vectors.finetune.max_length", "task_vectors.eval.batch_size", "task_vectors.dtype (bfloat16)"),
    "task_vectors_eval_base": ("task_vectors.eval.batch_size", "task_vectors.eval.max_length", "task_vectors.dtype (bfloat16)"),
    "task_vectors_eval_alpha": ("task_vectors.eval.batch_size", "task_vectors.eval.max_length", "task_vectors.dtype (bfloat16)"),
    "task_vectors_between": ("task_vectors.eval.batch_size", "task_vectors.eval.max_length", "task_vectors.dtype (bfloat16)"),
    "distill_train": ("distill.train.batch_size (raise distill.train.grad_accum to keep the effective batch)",
                      "distill.train.max_length", "distill.train.teacher_max_length", "distill.dtype (bfloat16)"),
    "distill_evaluate_teacher": ("distill.eval.batch_size", "distill.train.teacher_max_length", "distill.train.n_shots"),
    "distill_evaluate": ("distill.eval.batch_size", "distill.dtype (bfloat16)"),
    "sae_stability_train_model": ("sae_stability.tasks.{task}.train.batch_size",),
    "sae_stability_collect_activations": ("sae_stability.tasks.{task}.activations.batch_size",),
    "sae_stability_train_sae": ("sae_stability.sae.batch_size", "sae_stability.sae.expansion"),
}
"""Rule -> the config keys whose lowering shrinks its GPU memory, most effective first."""


def oom_message(rule: str | None, wildcards: Mapping[str, object] | None = None) -> str:
    """What a rule that ran out of GPU memory should tell the researcher: the rule and the keys to lower."""
    keys = OOM_KEYS.get(rule or "")
    if keys:
        fields = {"task": "<task>", **dict(wildcards or {})}
        advice = "lower " + ", ".join(k.format_map(fields) for k in keys) + " in the config"
    else:
        study = next((s for s in ("sae_stability", "task_vectors", "distill", "base_lm") if (rule or "").startswith(s)), "<study>")
        advice = f"lower the batch sizes of {study} in the config, or set {study}.device: cpu"
    return f"CUDA out of memory in rule {rule or '(unknown)'}: {advice}, or run on a GPU with more memory."


def _is_cuda_oom(err: BaseException) -> bool:
    torch = sys.modules.get("torch")  # only a script that imported torch can run out of GPU memory
    oom = getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None)
    return (isinstance(oom, type) and isinstance(err, oom)) or (isinstance(err, RuntimeError) and "CUDA out of memory" in str(err))


def _snakemake_job() -> tuple[str | None, Mapping[str, object] | None]:
    """Rule name and wildcards of the running script: Snakemake's preamble defines ``snakemake`` in ``__main__``."""
    job = getattr(sys.modules.get("__main__"), "snakemake", None)
    wildcards = getattr(job, "wildcards", None)
    return getattr(job, "rule", None), (dict(wildcards.items()) if hasattr(wildcards, "items") else None)


@contextmanager
def script_logging(log_path: str | Path | None, *, rule: str | None = None) -> Iterator[logging.Logger]:
    """Route the root logger to ``log_path`` (and stderr when no path), and log any exception.

    Rule scripts wrap their body in this so that the rule's ``log:`` file holds the config, the
    progress, the metrics and, on failure, the traceback. A CUDA out-of-memory error gets a note
    (in the log and the traceback) naming the rule (``rule``, else the Snakemake job's) and the
    config keys to lower (``OOM_KEYS``).
    """
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handlers = [logging.FileHandler(log_path, mode="w", encoding="utf-8")]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers, force=True)
    logging.captureWarnings(True)
    root = logging.getLogger()
    try:
        yield root
    except BaseException as err:
        if _is_cuda_oom(err):
            job_rule, wildcards = _snakemake_job()
            message = oom_message(rule or job_rule, wildcards)
            err.add_note(message)
            root.error(message)
        root.exception("job failed")
        raise
    finally:
        for handler in handlers:
            handler.flush()


def progress(iterable: Iterable[T], *, desc: str, total: int | None = None, initial: int = 0, mininterval: float = 5.0) -> Iterable[T]:
    """A tqdm bar that writes one line to the log every ``mininterval`` seconds (``initial``: steps done before a resume)."""
    return tqdm(iterable, desc=desc, total=total, initial=initial, file=_LogLines(), mininterval=mininterval, ascii=True, dynamic_ncols=False, ncols=100)
