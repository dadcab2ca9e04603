"""The benchmark table builder (bench/run_all.py): pure formatting and summing, no timing."""
import importlib.util

import pytest

from workflow_helpers import REPO

_spec = importlib.util.spec_from_file_location("bench_run_all", REPO / "bench" / "run_all.py")
run_all = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_all)


def test_summary_is_min_median_max():
    assert run_all.summary([3.0, 1.0, 2.0, 10.0]) == (1.0, 2.5, 10.0)
    with pytest.raises(ValueError, match="no values"):
        run_all.summary([])


def test_paired_ratios_divide_repeat_by_repeat():
    assert run_all.paired_ratios([10.0, 30.0, 20.0], [5.0, 20.0, 40.0]) == (2.0, 1.5, 0.5)
    with pytest.raises(ValueError, match="as many repeats on both sides, got 2 and 1"):
        run_all.paired_ratios([1.0, 2.0], [1.0])


@pytest.mark.parametrize("value, text", [(0, "0"), (0.012345, "0.0123"), (1.2345, "1.23"), (123.4, "123"), (12345.6, "12,300"), (61234.0, "61,200")])
def test_numbers_keep_three_significant_digits(value, text):
    assert run_all.format_number(value) == text


def test_rows_format_measured_and_unmeasured_alike():
    rows = [run_all.Row("SAE", "mine", "samples/s", (50_000.0, 40_000.0, 45_000.0), "EV 0.9"),
            run_all.Row("GPU", "paper", "–", (), run_all.NO_GPU)]
    assert run_all.format_rows(rows) == [
        ["SAE", "mine", "samples/s", "40,000", "45,000", "50,000", "3", "EV 0.9"],
        ["GPU", "paper", "–", "–", "–", "–", "–", "no GPU available in this run"],
    ]
    table = run_all.markdown_table(rows).splitlines()
    assert table[0] == "| section | measurement | unit | min | median | max | n | note |"
    assert len(table) == 4 and all(line.count("|") == 9 for line in table)
    assert len(run_all.text_table(rows).splitlines()) == 3


def test_job_wall_and_cpu_times_are_summed_per_study(tmp_path):
    for study, rule, seconds, cpu in (("a", "r1", 1.5, 0.5), ("a", "r2", 2.0, None), ("b", "r1", 4.0, 3.0)):
        (tmp_path / study / rule).mkdir(parents=True)
        (tmp_path / study / rule / "x.tsv").write_text(f"s\th:m:s\tmax_rss\n{seconds}\t0:00:01\t10\n")
        if cpu is not None:  # a job run in the warm interpreter
            (tmp_path / study / rule / "x.tsv.usage.json").write_text(f'{{"max_rss_mb": 100, "cpu_seconds": {cpu}}}')
    assert run_all.job_times(tmp_path) == {"a": (3.5, 0.5), "b": (4.0, 3.0)}
    assert run_all.job_times(tmp_path / "missing") == {}
