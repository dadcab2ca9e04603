"""Loading datasets with ``datasets.load_dataset``, from the hub or a local file, with clear errors.

Is the Hugging Face hub usable right now? Asked before a hub load so that, with no network,
a job fails in seconds with a useful message instead of retrying for a minute."""
from __future__ import annotations

import csv
import io
import json
import os
import socket
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import urlparse

__all__ = ["offline_mode", "hub_unreachable", "load_hub_dataset", "load_local_dataset", "check_data_file", "MODEL_FILES", "model_folder_problem"]

_TRUE = {"1", "ON", "YES", "TRUE"}
_PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


def offline_mode() -> bool:
    """Offline mode as the environment says now (the HF libraries read it only once, at import)."""
    from huggingface_hub import constants

    names = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE")
    return bool(constants.HF_HUB_OFFLINE) or any(os.environ.get(n, "").upper() in _TRUE for n in names)


def hub_unreachable(timeout: float = 3.0) -> str | None:
    """``None`` when a TCP connection to the hub opens within ``timeout`` seconds, else why not.

    Behind a proxy a direct connection proves nothing, so the probe is skipped there and the
    library's own error decides.
    """
    if any(os.environ.get(v) for v in _PROXY_VARIABLES):
        return None
    from huggingface_hub import constants

    url = urlparse(constants.ENDPOINT)
    host, port = url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as err:
        return f"{host}:{port}: {err}"


def load_hub_dataset(dataset_id: str, subset: str | None, split: str, *, name: str, probe_timeout: float = 3.0):
    """``datasets.load_dataset(dataset_id, subset, split=split)``, failing fast and clearly with no network.

    With no route to the hub (or offline mode set) only the local cache is read, at once; a
    dataset not there raises a RuntimeError that names ``name``, the dataset, and the way out (a
    local file). ``name`` is a human label ("task NLI train") carried by the message.
    """
    from datasets import load_dataset

    offline = offline_mode()
    reason = "offline mode is set (HF_HUB_OFFLINE / HF_DATASETS_OFFLINE)"
    if not offline:
        unreachable = hub_unreachable(probe_timeout)
        offline, reason = unreachable is not None, f"the hub cannot be reached ({unreachable})"
    hint = (
        f"{name}: cannot load hub dataset {dataset_id!r}"
        + (f" (subset {subset!r})" if subset else "")
        + f" split {split!r}: {{why}}. With no network, export it once where there is one "
        "(e.g. dataset.to_parquet('file.parquet')) and point the source at it with `path:` instead of `hub:`."
    )
    try:
        with _hub_offline(offline):  # offline: the local cache only, and at once
            return load_dataset(dataset_id, subset, split=split)
    except _connection_errors() as err:
        raise RuntimeError(hint.format(why=reason if offline else f"{type(err).__name__}: {err}")) from err
    except FileNotFoundError as err:
        if offline:  # not in the cache, which offline is all there is
            raise RuntimeError(hint.format(why=f"{reason} and it is not in the local cache")) from err
        raise


@contextmanager
def _hub_offline(offline: bool) -> Iterator[None]:
    """Switch ``datasets`` and ``huggingface_hub`` to offline mode for the duration, if asked.

    Both read their offline flag from a module attribute fixed at import, so setting the
    environment variable later has no effect; the attributes are set and restored instead.
    """
    if not offline:
        yield
        return
    import datasets.config
    from huggingface_hub import constants

    saved = datasets.config.HF_HUB_OFFLINE, constants.HF_HUB_OFFLINE
    datasets.config.HF_HUB_OFFLINE = constants.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        datasets.config.HF_HUB_OFFLINE, constants.HF_HUB_OFFLINE = saved


def _connection_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:
        from huggingface_hub.errors import LocalEntryNotFoundError, OfflineModeIsEnabled

        errors += [LocalEntryNotFoundError, OfflineModeIsEnabled]
    except ImportError:  # older huggingface_hub: ConnectionError covers them
        pass
    try:
        import httpx

        errors += [httpx.ConnectError, httpx.TimeoutException]
    except ImportError:
        pass
    return tuple(errors)


def load_local_dataset(path: str | os.PathLike, builders: Mapping[str, str], *, name: str):
    """One local file as a ``datasets.Dataset`` through the packaged builder its suffix names in ``builders``.

    A missing file, an unknown suffix, an empty file or one ``datasets`` cannot parse raises an
    error that names ``name`` and the file (datasets' own message for an empty file says neither).
    """
    from datasets import load_dataset

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{name}: no such file {str(path)!r} (resolved from {os.getcwd()})")
    builder = builders.get(path.suffix.lower())
    if builder is None:
        raise ValueError(f"{name}: cannot read {path}: unknown suffix {path.suffix!r}; expected one of {sorted(builders)}")
    if path.stat().st_size == 0:
        raise ValueError(f"{name}: no non-blank text in file {path} (the file is empty)")
    check_data_file(path, builder, name=name)
    try:
        return load_dataset(builder, data_files=str(path), split="train")
    except Exception as err:  # datasets wraps parse errors in its own types
        raise ValueError(f"{name}: datasets could not read {path} as {builder!r}: {err}") from err


def check_data_file(path: str | os.PathLike, builder: str, *, name: str) -> None:
    """Read a text data file line by line and raise ValueError naming ``path`` and the first bad line.

    ``datasets`` reports a malformed line only as "An error occurred while generating the dataset".
    Checked: UTF-8 for every text format; each non-blank line of JSON lines one JSON object; a
    ``.json`` file that opens with ``[`` one JSON array; every CSV record as many fields as the header.
    Parquet is binary and left to ``datasets``.
    """
    if builder not in ("text", "json", "csv"):
        return
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ValueError(f"{name}: {path}, line {line}: not UTF-8 text ({err.reason}); save the file as UTF-8") from err
    if builder == "json":
        _check_json(text, path, name)
    elif builder == "csv":
        _check_csv(text, path, name)


def _check_json(text: str, path: Path, name: str) -> None:
    if text.lstrip().startswith("["):  # one JSON array of rows
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"{name}: {path}, line {err.lineno}: malformed JSON ({err.msg}, column {err.colno})") from err
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError(f"{name}: {path}: expected a JSON array of objects (one per row)")
        return
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: JSON strings may hold U+2028
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{name}: {path}, line {number}: malformed JSON ({err.msg}, column {err.colno}); each line must be one JSON object") from err
        if not isinstance(row, dict):
            raise ValueError(f"{name}: {path}, line {number}: expected a JSON object ({{...}}) per line, got {type(row).__name__}")


def _check_csv(text: str, path: Path, name: str) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    start = 1  # line where the record being read begins (a quoted field may span lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise ValueError(f"{name}: {path}, line {start}: malformed CSV ({err}); check its quotes") from err
        if header is None:
            header = row
        elif row and len(row) != len(header):
            raise ValueError(f"{name}: {path}, line {start}: {len(row)} field(s) but the header has {len(header)} ({', '.join(header)}); quote fields that contain commas")
        start = reader.line_num + 1


MODEL_FILES: dict[str, tuple[str, ...]] = {
    "config": ("config.json",),
    "tokenizer": ("tokenizer.json", "tokenizer_config.json", "tokenizer.model", "vocab.json", "vocab.txt"),
}
"""What a ``save_pretrained`` folder needs for AutoModelForCausalLM + AutoTokenizer: one file of each group."""


def model_folder_problem(folder: str | os.PathLike) -> str | None:
    """``None`` when ``folder`` holds a model config and a tokenizer, else a sentence naming the folder and what is missing."""
    folder = Path(folder)
    missing = [what for what, files in MODEL_FILES.items() if not any((folder / f).is_file() for f in files)]
    if not missing:
        return None
    found = ", ".join(sorted(p.name for p in folder.iterdir())[:8]) or "nothing"
    wanted = "; ".join(f"{what}: one of {', '.join(MODEL_FILES[what])}" for what in missing)
    fix = " and ".join(f"{'model' if what == 'config' else what}.save_pretrained(folder)" for what in missing)
    return f"model folder {str(folder)!r} has no {' and no '.join(missing)} ({wanted}; found {found}); write it with {fix}"
