"""`snakemake --report` after the tiny test config: one self-contained HTML file with every study's results, captioned."""
from __future__ import annotations

import html
import json
import re

import pytest

from mlsweeps.distill.analysis import TABLES as DISTILL_TABLES
from mlsweeps.sae_stability.plan import task_names
from workflow_helpers import REPO, effective_config, run_snakemake

pytestmark = pytest.mark.slow

CONFIG = effective_config(REPO / "configs" / "test.yaml")
CAPTIONS = REPO / "workflow" / "report"


def expected_results() -> dict[str, set[str]]:
    """Study -> every file of it the report must show (the final figures, TSVs and report.md of the test config)."""
    tv, distill = (list(CONFIG[s]["tasks"]) for s in ("task_vectors", "distill"))
    sae = task_names(CONFIG["sae_stability"])
    files = {
        "sae_stability": ["report.md"] + [f"figures/{n}.png" for n in ("pwmcc_by_task", "pwmcc_histogram", "decomposition", "sweep", "dead_latents")]
        + [f"figures/pwmcc_matrix_{t}.png" for t in sae]
        + [f"{n}.tsv" for n in ("pwmcc", "sae_metrics", "summary", "stability", "geometry", "training", "models", "task_comparison")],
        "task_vectors": ["report.md", "figures/landscape_overlay.png", "figures/category_losses.png", "figures/slice.png"]
        + [f"figures/landscape_{t}.png" for t in tv]
        + [f"{n}.tsv" for n in ("sweep", "comparison", "crossings", "models", "geometry", "intervals", "control", "cross_task", "cosines", "between")],
        "distill": ["report.md", "figures/gains.png"]
        + [f"figures/{t.lower()}_dev_sweep.png" for t in distill] + [f"{n}.tsv" for n in DISTILL_TABLES],
    }
    return {study: {f"results/{study}/{name}" for name in names} for study, names in files.items()}


def _script_json(page: str, script_id: str):
    """The JSON value a ``<script id=...>var x = ...;</script>`` block of the report assigns."""
    body = re.search(rf'<script id="{script_id}"[^>]*>(.*?)</script>', page, re.S).group(1)
    return json.loads(body.split("=", 1)[1].strip().rstrip(";"))


def _words(text: str) -> str:
    """Text reduced to its words, so reST source and the HTML rendered from it compare equal."""
    return " ".join(re.findall(r"[A-Za-z0-9]+", text))


def _html_words(markup: str) -> str:
    return _words(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture(scope="module")
def report(test_config_run, snakemake_bin, tmp_path_factory) -> str:
    """The HTML report of the session's test-config run (the same --configfile as the run, as the report needs)."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    run_snakemake(snakemake_bin, test_config_run, "--report", str(path))
    return path.read_text()


def test_report_is_self_contained(report):
    """Scripts, styles and every result are inlined: no tag loads anything from a URL."""
    assert not re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", report, re.I)
    results = _script_json(report, "results")
    assert results and all(entry["data_uri"].startswith("data:") for entry in results.values())


def test_every_study_is_a_category_with_all_its_results(report):
    categories = _script_json(report, "categories")
    expected = expected_results()
    assert set(categories) == set(expected)
    for study, files in expected.items():
        shown = {path for subcategory in categories[study].values() for path in subcategory}
        assert shown == files, study
        assert {"Report", "Tables"} <= set(categories[study])
    results = _script_json(report, "results")
    for task in CONFIG["task_vectors"]["tasks"]:  # per-task figures share a subcategory, told apart by a task label
        assert results[f"results/task_vectors/figures/landscape_{task}.png"]["labels"] == {"task": task}


def test_every_result_carries_its_caption(report):
    """Each caption file's text (Jinja expressions rendered from the config) is in a caption of its study."""
    results, categories = _script_json(report, "results"), _script_json(report, "categories")
    for study, subcategories in categories.items():
        captions = [_html_words(results[path]["caption"]) for paths in subcategories.values() for path in paths]
        assert all(captions), f"{study}: a result without caption"
        for source in sorted((CAPTIONS / study).glob("*.rst")):
            for chunk in re.split(r"\{\{.*?\}\}", source.read_text(), flags=re.S):
                assert any(_words(chunk) in caption for caption in captions), f"{source.name}: {chunk[:60]!r} not in the report"
    alpha = CONFIG["task_vectors"]["alpha"]
    landscape = _html_words(results[f"results/task_vectors/figures/landscape_{list(CONFIG['task_vectors']['tasks'])[0]}.png"]["caption"])
    assert f"evaluated at {alpha['num']} values" in landscape


def test_workflow_description_is_the_report_front_page(report):
    description = _html_words(_script_json(report, "workflow-desc"))
    for paragraph in (CAPTIONS / "workflow.rst").read_text().split("\n\n"):
        assert _words(paragraph) in description, paragraph[:60]
