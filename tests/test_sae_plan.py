"""Which SAEs the study trains and compares, from the config alone."""
import pytest

from mlsweeps.sae_stability.plan import (
    KNOWN_DICTIONARY,
    NO_TRANSFORMER,
    UNTRAINED,
    Point,
    activation_sets,
    comparisons,
    control_matched_point,
    main_point,
    sae_jobs,
    task_names,
    transformer_group,
)
from workflow_helpers import REPO, effective_config


def _section(**overrides) -> dict:
    section = effective_config(REPO / "configs" / "test.yaml")["sae_stability"]
    return {**section, **overrides}


def test_point_label_round_trip():
    point = Point(1024, 32, 10)
    assert point.label == "d1024_k32_e10" and Point.parse(point.label) == point
    with pytest.raises(ValueError, match="not a grid point label"):
        Point.parse("d1024_k32")


def test_transformer_labels_and_groups():
    section = _section()
    assert activation_sets(section, "copy") == ["t0", "t1", UNTRAINED]
    assert activation_sets({**section, "untrained_control": False}, "copy") == ["t0", "t1"]
    assert activation_sets(section, KNOWN_DICTIONARY) == [NO_TRANSFORMER]
    assert [transformer_group(t) for t in ("t0", "t12", UNTRAINED, NO_TRANSFORMER)] == ["trained", "trained", "untrained", "none"]
    with pytest.raises(ValueError, match="not a transformer label"):
        transformer_group("seed0")


def test_comparisons_cover_the_main_point_the_controls_and_the_sweep():
    section = _section()
    found = {(c.task, c.transformer, c.point): c.seeds for c in comparisons(section)}
    seeds = tuple(section["seeds"])
    main = main_point(section, "copy")
    assert main == Point(4 * 32, 4, 2)
    for transformer in ("t0", "t1", UNTRAINED):  # the study's own point on every activation set, every seed
        assert found["copy", transformer, main] == seeds
    assert found[KNOWN_DICTIONARY, NO_TRANSFORMER, control_matched_point(section)] == seeds == found[KNOWN_DICTIONARY, NO_TRANSFORMER, main]
    # the sweep: copy and the positive control, on their first activation set, k <= d_sae, the first n_seeds seeds...
    assert found["copy", "t0", Point(8, 1, 2)] == seeds[:2] and found["copy", "t0", Point(8, 4, 2)] == seeds[:2]
    assert ("copy", "t1", Point(8, 1, 2)) not in found and ("modular_arithmetic", "t0", Point(8, 1, 2)) not in found
    # ... and a grid point that is the study's own point keeps all seeds, so its SAEs serve both
    assert found["copy", "t0", Point(128, 4, 2)] == seeds
    jobs = sae_jobs(section)
    assert len(jobs) == len(set(jobs)) == sum(len(s) for s in found.values())


def test_points_with_k_above_d_sae_are_left_out_and_disabled_tasks_skipped():
    section = _section(sweep={"d_sae": [2, 64], "k": [1, 4], "epochs": [1], "n_seeds": 2, "tasks": ["copy", KNOWN_DICTIONARY]},
                       positive_control={**_section()["positive_control"], "enabled": False})
    assert task_names(section) == ["modular_arithmetic", "copy"]
    swept = {c.point for c in comparisons(section) if c.transformer == "t0" and c.task == "copy"}
    assert Point(2, 4, 1) not in swept and {Point(2, 1, 1), Point(64, 1, 1), Point(64, 4, 1)} <= swept
    assert all(c.task != KNOWN_DICTIONARY for c in comparisons(section))
