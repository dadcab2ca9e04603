"""Atomic file output: every result is written to a temporary file beside its target and renamed.

A killed job therefore never leaves a half-written file under the final name, and Snakemake
never takes a truncated output as done.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

__all__ = [
    "atomic_path",
    "atomic_directory",
    "write_text",
    "write_json",
    "read_json",
    "write_jsonl",
    "read_jsonl",
    "write_tsv",
    "save_tensors",
    "load_tensors",
    "set_aside",
    "CorruptFileError",
    "tensors_to_rebuild",
    "tensor_shapes",
]


def _remove_leftovers(target: Path, *suffixes: str) -> None:
    """Delete the temporaries that killed writes of ``target`` left beside it (``tempfile`` names)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}({'|'.join(map(re.escape, suffixes))})")
    for leftover in target.parent.iterdir():
        if not pattern.fullmatch(leftover.name):
            continue
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``path`` on success.

    The temporary name keeps the target's suffix so that writers which infer the format from
    it (matplotlib, pandas) behave as for the real name. A write that succeeds also removes what
    killed writes of the same target left behind, so a resumed run leaves no stray files.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)  # atomic on POSIX within one file system
        _remove_leftovers(target, f".tmp{target.suffix}")
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_directory(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it replaces ``path`` in one rename.

    For outputs that are folders (a ``save_pretrained`` model): a killed job leaves only a
    hidden temporary folder, never a half-written one under the final name; the next successful
    write removes it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        if target.exists():
            # rename(2) replaces only an empty folder: move the old one aside, then swap in the new one
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
        _remove_leftovers(target, ".tmp", ".old")
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(path: str | os.PathLike, obj: Any) -> None:
    write_text(path, json.dumps(obj, indent=2, sort_keys=True) + "\n")


def read_json(path: str | os.PathLike) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_jsonl(path: str | os.PathLike, records: list[Mapping[str, Any]]) -> None:
    write_text(path, "".join(json.dumps(dict(r), sort_keys=True) + "\n" for r in records))


def read_jsonl(path: str | os.PathLike) -> list[Any]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_tsv(path: str | os.PathLike, frame) -> None:
    """Write a pandas DataFrame as a tab-separated file with a header row and no index.

    Floats keep full precision (``repr``), so a reader recomputing a report number from the TSV
    gets exactly what the report was rendered from.
    """
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, sep="\t", index=False, lineterminator="\n")


def save_tensors(path: str | os.PathLike, tensors: Mapping[str, Any], metadata: Mapping[str, str] | None = None) -> None:
    """Save a dict of torch tensors as safetensors, atomically."""
    from safetensors.torch import save_file

    contiguous = {name: t.detach().cpu().contiguous() for name, t in tensors.items()}
    with atomic_path(path) as tmp:
        save_file(contiguous, str(tmp), metadata=dict(metadata) if metadata else None)


def set_aside(path: str | os.PathLike) -> Path:
    """Rename an unreadable result to ``<name>.corrupt`` (kept for inspection) and return the new path."""
    aside = Path(f"{path}.corrupt")
    os.replace(path, aside)
    return aside


class CorruptFileError(ValueError):
    """A result file that cannot be read back; it has been moved aside so that a rerun regenerates it."""


def load_tensors(path: str | os.PathLike, device: str = "cpu") -> dict:
    """Load a safetensors file.

    A truncated or corrupt file is moved aside (``<name>.corrupt``, kept for inspection) and an error
    names it: the job that needed it fails, and rerunning the same command rebuilds it, since
    Snakemake then finds the file missing.
    """
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device=device)
    except Exception as err:  # safetensors raises its own error types for bad headers
        aside = set_aside(path)
        raise CorruptFileError(f"cannot read tensors from {path} ({err}); moved it to {aside}: rerun the same command to regenerate it") from err


def tensors_to_rebuild(root: str | os.PathLike) -> list[str]:
    """Tensor files under ``root`` that must be rebuilt: unreadable ones (moved aside now) and ones moved aside earlier.

    Snakemake does not rebuild a missing intermediate file whose downstream outputs exist; the
    workflow therefore asks for these files as targets, so their rule reruns and, the new file being
    newer, so does everything downstream of it. Only headers are read, and only ``.safetensors``
    files, so a scan costs milliseconds.
    """
    from safetensors import safe_open

    rebuild = []
    for path in sorted(Path(root).rglob("*.safetensors")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):  # being written (atomic_path, atomic_directory)
            continue
        try:
            with safe_open(str(path), framework="pt"):
                pass
        except Exception as err:  # a truncated file fails the header or buffer-length check
            aside = set_aside(path)
            print(f"{path} is truncated or corrupt ({err}); moved it to {aside}, this run rebuilds it", file=sys.stderr)
    for aside in sorted(Path(root).rglob("*.safetensors.corrupt")):
        original = aside.with_name(aside.name.removesuffix(".corrupt"))
        if not original.exists():
            rebuild.append(str(original))
    return rebuild


def tensor_shapes(path: str | os.PathLike) -> dict[str, list[int]]:
    """Shapes of the tensors in a safetensors file, read from its header only."""
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        return {name: list(f.get_slice(name).get_shape()) for name in f.keys()}
