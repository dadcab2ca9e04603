"""Logging for rule scripts: everything, progress bars included, goes to the rule's log file."""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

__all__ = ["script_logging", "progress"]

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


@contextmanager
def script_logging(log_path: str | Path | None) -> Iterator[logging.Logger]:
    """Route the root logger to ``log_path`` (and stderr when no path), and log any exception.

    Rule scripts wrap their body in this so that the rule's ``log:`` file holds the config, the
    progress, the metrics and, on failure, the traceback.
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
    except BaseException:
        root.exception("job failed")
        raise
    finally:
        for handler in handlers:
            handler.flush()


def progress(iterable: Iterable[T], *, desc: str, total: int | None = None, mininterval: float = 5.0) -> Iterable[T]:
    """A tqdm bar that writes one line to the log every ``mininterval`` seconds."""
    return tqdm(iterable, desc=desc, total=total, file=_LogLines(), mininterval=mininterval, ascii=True, dynamic_ncols=False, ncols=100)
