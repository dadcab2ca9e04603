"""Resumable training: a loop's whole state saved every N steps, so a killed job loses at most N.

A SLURM time limit, a requeue or a kill ends a training job mid-way; the rerun of the same
command finds the checkpoint and continues from it. Model, optimizer, the loop's position and
every random generator it draws from are restored, so the resumed result equals an uninterrupted
run's. The checkpoint sits beside the rule's outputs without being one of them (Snakemake would
delete it with a failed job's outputs) and is removed once the outputs are written. It records
the settings it was made with: a checkpoint from other settings is ignored, never resumed.
"""
from __future__ import annotations

import logging
import os
import random
import time
from pathlib import Path
from typing import Any, Mapping

import torch

from .io import atomic_path, set_aside

__all__ = ["Checkpoint", "job_checkpoint", "rng_state", "set_rng_state", "files_signature"]

log = logging.getLogger(__name__)


def files_signature(*paths: str | os.PathLike) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every file under ``paths``: what a checkpoint was trained from.

    A rebuilt base model or regenerated data gets new times, so its old checkpoint is not resumed;
    cheap even for a multi-GB model (no hashing).
    """
    files = sorted(f for p in map(Path, paths) for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    return [(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files]


def rng_state(*generators: random.Random) -> dict:
    """The state of torch's global generators and of ``generators`` (Python ``random.Random``)."""
    return {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "python": [g.getstate() for g in generators],
    }


def set_rng_state(state: Mapping[str, Any], *generators: random.Random) -> None:
    """Restore what ``rng_state`` saved (the same ``generators``, in the same order)."""
    torch.set_rng_state(state["torch"])
    if state["cuda"]:
        torch.cuda.set_rng_state_all(state["cuda"])
    for generator, saved in zip(generators, state["python"], strict=True):
        generator.setstate(saved)


class Checkpoint:
    """The resumable state of one training loop, at ``path``, saved every ``every`` steps (0: never).

    ``settings`` identify the run (its config, seed, data); ``load`` returns a saved state only
    when they are equal to the saved ones.
    """

    def __init__(self, path: str | os.PathLike, every: int, settings: Mapping[str, Any]):
        self.path, self.every, self.settings = Path(path), every, dict(settings)

    def due(self, step: int, *, last: bool = False) -> bool:
        """Whether to save after optimizer step ``step`` (1-based): every ``every`` steps, and after the
        ``last`` one too (a job that trains several runs keeps the finished ones until all are written)."""
        return self.every > 0 and (last or step % self.every == 0)

    def load(self) -> dict | None:
        """The saved state, or None (no checkpoint, other settings, or an unreadable file, which is set aside)."""
        if self.every <= 0 or not self.path.exists():
            return None
        try:
            saved = torch.load(self.path, map_location="cpu", weights_only=False)
        except Exception as err:  # a truncated pickle raises anything from EOFError to RuntimeError
            aside = set_aside(self.path)
            log.warning("checkpoint %s is unreadable (%s); moved to %s, training starts from step 0", self.path, err, aside)
            return None
        if saved.get("settings") != self.settings:
            log.warning("checkpoint %s was made with other settings; ignored, training starts from step 0", self.path)
            return None
        log.info("resuming from %s at step %d", self.path, saved["step"])
        return saved

    def save(self, step: int, state: Mapping[str, Any]) -> None:
        """Write ``state`` after step ``step`` atomically: a kill during the save keeps the previous checkpoint."""
        started = time.perf_counter()
        with atomic_path(self.path) as tmp:
            torch.save({"step": step, "settings": self.settings, **state}, tmp)
        log.info("checkpoint at step %d: %s, %.1f kB in %.3f s", step, self.path, self.path.stat().st_size / 1e3, time.perf_counter() - started)

    def remove(self) -> None:
        """Delete the checkpoint once the run's outputs are written."""
        self.path.unlink(missing_ok=True)


def job_checkpoint(snakemake, study: str, beside: str | None = None, **settings: Any) -> Checkpoint:
    """The checkpoint of a training rule's job: ``resume.pt`` beside its ``metrics`` output (or ``beside``).

    A job that trains several runs (one per seed) keeps one checkpoint per run, beside each run's
    metrics, and tells them apart by ``settings``. The interval is read from the config rather than
    passed as a param, so changing it reruns nothing; the settings are the job's params, the
    signature of its inputs and ``settings``.
    """
    return Checkpoint(Path(beside or snakemake.output.metrics).with_name("resume.pt"), snakemake.config[study]["checkpoint_every"],
                      settings={**dict(snakemake.params.items()), "inputs": files_signature(*snakemake.input), **settings})
