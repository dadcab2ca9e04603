"""A warm interpreter for the workflow's local jobs: the heavy libraries imported once, every job forked from it.

Each job of a local run is a fresh Python process, and most of them would spend seconds importing
torch and transformers before doing any work; on a small config that is a large share of the whole
run. While a warm interpreter runs (``start``, called by the workflow's ``onstart`` on local runs), a
rule script's first statement, ``run_in_warm_interpreter(snakemake)``, hands the job to it: the
interpreter forks, the child takes over the job's working directory, environment, arguments and
standard streams and runs the script from the top (where the same call returns at once), and the
job's own process relays signals and exits with the child's exit code. Where no warm interpreter
runs (a cluster node, another Python environment, ``MLSWEEPS_WARM=0``), the call returns and the
script runs in its own process, as it always could. A job computes the same either way.

Snakemake's benchmark measures the job's own (relaying) process, so a child writes its peak memory
and CPU time to ``usage_path(benchmark)`` beside the job's benchmark file, and the reports read it
(``provenance.stage_timings``); the benchmark file of every rule mirrors its log file.

    python -m mlsweeps.warm SOCKET PARENT_PID    # what ``start`` runs
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["ENV_SOCKET", "ENV_SWITCH", "PRELOAD", "WarmInterpreter", "start", "run_in_warm_interpreter", "usage_path", "read_usage", "serve"]

ENV_SOCKET = "MLSWEEPS_WARM_SOCKET"
"""Where jobs find the warm interpreter: set by ``start`` in the workflow's process, inherited by its jobs."""
ENV_SWITCH = "MLSWEEPS_WARM"
"""``0`` runs every job in a process of its own, as on a cluster node."""
ENV_CHILD = "MLSWEEPS_WARM_CHILD"
"""Set in a forked child, where ``run_in_warm_interpreter`` returns at once."""

PRELOAD = (
    "numpy", "pandas", "scipy.optimize", "yaml", "safetensors.torch", "tqdm", "torch",
    "transformers", "transformers.modeling_utils", "transformers.models.auto.modeling_auto",
    "transformers.models.auto.tokenization_auto", "transformers.models.qwen3.modeling_qwen3",
    "transformers.models.llama.modeling_llama", "peft", "datasets", "matplotlib.pyplot",
)
"""What the warm interpreter imports before it forks its first job: the libraries whose import dominates a
job's start. Only imports: it runs no torch operation and holds no thread, so forking it is safe."""


def usage_path(benchmark: str | os.PathLike) -> Path:
    """The usage file of a job whose Snakemake benchmark file is ``benchmark``: ``<benchmark>.usage.json``."""
    return Path(f"{benchmark}.usage.json")


def _benchmark_of(log: str) -> Path:
    """The job's benchmark file, by the workflow's convention (tested for every rule): logs/x/y.log -> benchmarks/x/y.tsv."""
    path = Path(log)
    return Path("benchmarks", *path.parts[1:]).with_suffix(".tsv")


def read_usage(benchmark: str | os.PathLike) -> dict[str, float] | None:
    """Peak memory (``max_rss_mb``) and ``cpu_seconds`` a warm child recorded for the job of ``benchmark``, or None."""
    path = usage_path(benchmark)
    return json.loads(path.read_text()) if path.is_file() else None


# --------------------------------------------------------------------------- the job's side


def run_in_warm_interpreter(snakemake: Any) -> None:
    """Run the calling rule script in the warm interpreter and exit with its code; return when there is none.

    Called first thing in a rule script, before its imports. In the warm child it returns at once
    (the script goes on there); in the job's own process it hands the script over, relays SIGINT,
    SIGTERM and SIGHUP to the child, and never returns. Without a usable warm interpreter it returns
    and the script runs here. A usage file left by an earlier run of the job is removed first, so
    the reports never read one that this run did not write.
    """
    if os.environ.get(ENV_CHILD) == "1":
        return
    if snakemake.log:
        usage_path(_benchmark_of(snakemake.log[0])).unlink(missing_ok=True)
    address = os.environ.get(ENV_SOCKET)
    if not address or os.environ.get(ENV_SWITCH) == "0":
        return
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(address)
    except OSError:  # the warm interpreter is gone: this process runs the job
        connection.close()
        return
    request = {"script": os.path.abspath(sys.argv[0]), "argv": sys.argv, "cwd": os.getcwd(), "env": dict(os.environ), "prefix": sys.prefix,
               "usage": str(usage_path(_benchmark_of(snakemake.log[0]))) if snakemake.log else None}
    payload = json.dumps(request).encode() + b"\n"
    sent = socket.send_fds(connection, [payload], [0, 1, 2])
    connection.sendall(payload[sent:])
    replies = connection.makefile("r")
    first = json.loads(replies.readline() or "{}")
    if "pid" not in first:  # refused (another Python environment) or failed before forking
        connection.close()
        return
    child = first["pid"]

    def relay(received: int, frame: Any) -> None:
        try:
            os.kill(child, received)
        except ProcessLookupError:  # it has just ended
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, relay)
    last = replies.readline()
    code = json.loads(last)["exit"] if last else 1  # no word: the child was killed
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# --------------------------------------------------------------------------- the warm interpreter


class WarmInterpreter(NamedTuple):
    """A running warm interpreter (``start``)."""

    process: Any
    """Its ``subprocess.Popen``."""
    socket: str
    """The Unix socket it listens on (also in ``os.environ[ENV_SOCKET]``)."""

    def stop(self) -> None:
        os.environ.pop(ENV_SOCKET, None)
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def start(*, timeout: float = 120.0) -> WarmInterpreter | None:
    """Start a warm interpreter for this process's jobs and wait until it listens; None if it cannot start.

    It lives as long as this process (it exits when its parent does) or until ``stop``. Jobs find it
    through ``ENV_SOCKET``, which is set here and inherited by every job started afterwards.
    """
    import subprocess
    import tempfile

    if os.environ.get(ENV_SWITCH) == "0" or not hasattr(os, "fork"):
        return None
    folder = Path(tempfile.gettempdir())  # short: a Unix socket's path may hold ~100 bytes
    for stale in folder.glob(f"mlsweeps-warm-{os.getuid()}-*.sock"):  # left by a warm interpreter killed with its workflow
        if not _alive(int(stale.stem.rsplit("-", 1)[1])):
            stale.unlink(missing_ok=True)
    address = str(folder / f"mlsweeps-warm-{os.getuid()}-{os.getpid()}.sock")
    process = subprocess.Popen([sys.executable, "-m", "mlsweeps.warm", address, str(os.getpid())], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    import select

    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready or process.stdout.readline().strip() != b"ready":
        process.kill()
        return None
    os.environ[ENV_SOCKET] = address
    return WarmInterpreter(process, address)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def serve(address: str, parent: int) -> None:
    """Import ``PRELOAD``, listen on ``address`` and fork one child per job until the parent process ends."""
    import importlib
    import select

    for name in PRELOAD:
        importlib.import_module(name)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the workflow and its jobs; this ends with its parent
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # ``stop``: leave through ``finally``, which removes the socket
    if os.path.exists(address):
        os.unlink(address)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)
    print("ready", flush=True)
    try:
        while os.getppid() == parent:
            if not select.select([listener], [], [], 1.0)[0]:
                continue
            connection, _ = listener.accept()
            message, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
            while not message.endswith(b"\n"):  # a large environment arrives in pieces
                piece = connection.recv(1 << 16)
                if not piece:
                    break
                message += piece
            request = json.loads(message)
            if request["prefix"] != sys.prefix or len(fds) != 3:  # another environment's job runs in its own process
                connection.sendall(b'{"refused": "another Python environment"}\n')
                connection.close()
                for fd in fds:
                    os.close(fd)
                continue
            if os.fork() == 0:
                listener.close()
                _run_job(connection, request, fds)  # never returns
            connection.close()
            for fd in fds:
                os.close(fd)
    finally:
        listener.close()
        if os.path.exists(address):
            os.unlink(address)


def _run_job(connection: socket.socket, request: dict, fds: list[int]) -> None:
    """In a forked child: become the job (streams, directory, environment, arguments), run its script, report, exit."""
    import logging
    import resource
    import runpy
    import threading
    import traceback

    for signum in (signal.SIGINT, signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"], **{ENV_CHILD: "1"})
    sys.argv = request["argv"]
    sys.path[0] = os.path.dirname(request["script"])
    connection.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")

    def die_with_the_job() -> None:  # the job's process is gone (SIGKILL): so is this child
        connection.recv(1)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=die_with_the_job, daemon=True).start()
    code = 0
    try:
        runpy.run_path(request["script"], run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if not isinstance(exit_.code, (int, type(None))):
            print(exit_.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        code = 1
    logging.shutdown()  # what an ordinary exit would do with the script's log handlers
    sys.stdout.flush()
    sys.stderr.flush()
    if request.get("usage"):
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        usage = {"max_rss_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024,
                 "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}
        Path(request["usage"]).parent.mkdir(parents=True, exist_ok=True)
        Path(request["usage"]).write_text(json.dumps(usage))
    connection.sendall(json.dumps({"exit": code}).encode() + b"\n")
    os._exit(code)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
