"""Shared pieces: atomic writes, Markdown tables, provenance, seeding, devices."""
import os

import pandas as pd
import pytest
import torch

from mlsweeps.devices import resolve_device
from mlsweeps.io import atomic_path, load_tensors, read_json, save_tensors, tensor_shapes, write_json, write_tsv
from mlsweeps.markdown import markdown_table
from mlsweeps.provenance import config_digest, provenance_section, stage_timings
from mlsweeps.seeding import seed_everything


def test_atomic_path_leaves_no_partial_file_on_failure(tmp_path):
    target = tmp_path / "out.json"
    write_json(target, {"a": 1})
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed mid-write")
    assert read_json(target) == {"a": 1}  # the old complete file survives
    assert os.listdir(tmp_path) == ["out.json"]  # no temporary left behind


def test_a_successful_write_removes_what_killed_writes_of_the_same_file_left(tmp_path):
    """SIGKILL skips every finally: a killed job leaves its temporary; the rerun's write clears it."""
    from mlsweeps.io import atomic_directory

    killed = [tmp_path / ".out.tsv.k1ll3d_x.tmp.tsv", tmp_path / ".model.abcd1234.tmp", tmp_path / ".model.abcd1234.old"]
    unrelated = [tmp_path / ".out.tsv.b.tsv.abcd1234.tmp.tsv", tmp_path / "notes.tmp.tsv"]  # another target's, a user's
    for path in killed[:1] + unrelated:
        path.write_text("x")
    for folder in killed[1:]:
        folder.mkdir()
    write_tsv(tmp_path / "out.tsv", pd.DataFrame({"a": [1]}))
    with atomic_directory(tmp_path / "model") as tmp:
        (tmp / "a.txt").write_text("1")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.tsv", "model", *(p.name for p in unrelated)])


def test_tsv_roundtrip_keeps_full_precision(tmp_path):
    frame = pd.DataFrame({"task": ["a"], "value": [0.1 + 0.2]})
    write_tsv(tmp_path / "t.tsv", frame)
    back = pd.read_csv(tmp_path / "t.tsv", sep="\t")
    assert back.value[0] == 0.1 + 0.2
    assert (tmp_path / "t.tsv").read_text().splitlines()[0] == "task\tvalue"


def test_tensors_roundtrip_and_truncation_is_named(tmp_path):
    path = tmp_path / "w.safetensors"
    save_tensors(path, {"w": torch.arange(6.0).reshape(2, 3)})
    assert torch.equal(load_tensors(path)["w"], torch.arange(6.0).reshape(2, 3))
    assert tensor_shapes(path) == {"w": [2, 3]}
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(ValueError, match="w.safetensors .*moved it to .*w.safetensors.corrupt: rerun"):
        load_tensors(path)
    assert not path.exists() and (tmp_path / "w.safetensors.corrupt").exists()  # missing, so the rerun rebuilds it


def test_markdown_table():
    text = markdown_table(["Task", "Mean"], [["copy", "0.300"], ["mod", "0.310"]])
    assert text.splitlines() == ["| Task | Mean |", "| :--- | ---: |", "| copy | 0.300 |", "| mod | 0.310 |"]
    with pytest.raises(ValueError, match="cells"):
        markdown_table(["a", "b"], [[1]])


def test_config_digest_ignores_key_order():
    assert config_digest({"a": 1, "b": [1, 2]}) == config_digest({"b": [1, 2], "a": 1})
    assert config_digest({"a": 1}) != config_digest({"a": 2})


def test_stage_timings_and_provenance(tmp_path):
    header = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
    files = []
    for stage, name, seconds, rss in (("train", "a", 2.0, 100.0), ("train", "b", 3.0, 150.0), ("report", "all", 0.5, 50.0)):
        path = tmp_path / stage / f"{name}.tsv"
        path.parent.mkdir(exist_ok=True)
        path.write_text(header + f"{seconds}\t0:00:0{int(seconds)}\t{rss}\t0\t0\t0\t0\t0\t0\t0\n")
        files.append(path)
    timings = stage_timings(files, tmp_path)
    assert [(t.stage, t.jobs, t.total_s, t.max_s, t.max_rss_mb) for t in timings] == [("train", 2, 5.0, 3.0, 150.0), ("report", 1, 0.5, 0.5, 50.0)]
    text = provenance_section(study_config={"x": 1}, seeds={"SAE": [1, 2]}, devices=["cpu (2 threads)"], benchmark_files=files, benchmark_root=tmp_path)
    assert config_digest({"x": 1}) in text and "| train | 2 | 5.0 | 3.0 | 150 |" in text and "torch" in text


def test_seed_everything_makes_torch_repeatable():
    seed_everything(5)
    a = torch.randn(3)
    seed_everything(5)
    assert torch.equal(a, torch.randn(3))


def test_resolve_device():
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="cuda"):
            resolve_device("cuda")


def test_atomic_directory_replaces_whole_folder_or_nothing(tmp_path):
    from mlsweeps.io import atomic_directory

    target = tmp_path / "model"
    with atomic_directory(target) as tmp:
        (tmp / "a.txt").write_text("1")
    assert (target / "a.txt").read_text() == "1"
    with pytest.raises(RuntimeError):
        with atomic_directory(target) as tmp:
            (tmp / "b.txt").write_text("half")
            raise RuntimeError("killed")
    assert sorted(p.name for p in target.iterdir()) == ["a.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
