"""The generated pretraining corpus stays byte-identical to the one recorded for each config.

Its grammar (``mlsweeps.base_lm.grammar``) and lexicon (``mlsweeps/base_lm/lexicon/*.yaml``) are
edited by hand; an edit that changes a single document (a word added to a list, two entries
swapped, a YAML value read as another type) fails here. When the corpus is meant to change, update
the digest on purpose: the base LM and every result built on it change with it.
"""
from __future__ import annotations

import pytest

from mlsweeps.base_lm.config import CorpusConfig, from_dict
from mlsweeps.base_lm.corpus import corpus_digest, generate_corpus
from mlsweeps.task_vectors.data import load_texts

from workflow_helpers import REPO, effective_config

# The "digest" of results/base_lm/corpus.json that `snakemake results/base_lm/corpus.json` wrote
# (with --configfile configs/test.yaml for the second).
CORPUS_DIGESTS = {
    "config.yaml": "70702001a366187a7ec672e1e8be1443872abfbdce15cd062f0948a9c3824882",
    "configs/test.yaml": "42ec759aa3a19733e40d4b465425a40ddb4c2315d372febdefc64e29e4c283c1",
}


def excluded_texts(config: dict) -> list[str]:
    """The texts the build_corpus rule keeps out of the corpus (``base_lm_excluded_texts`` in common.smk):
    every task_vectors evaluation set, when that study runs on the tiny LM."""
    tv = config["task_vectors"]
    if not (tv["enabled"] and tv["model"] == "base_lm"):
        return []
    sources = {f"general-{category}": source for category, source in tv["general_eval"].items()}
    sources |= {f"{task}-eval": spec["eval"] for task, spec in tv["tasks"].items()}
    texts = []
    for name, source in sources.items():
        source = dict(source)
        if "path" in source:
            source["path"] = str(REPO / source["path"])
        texts += load_texts(source, name=f"task_vectors set {name}")
    return texts


@pytest.mark.parametrize("configfile", list(CORPUS_DIGESTS))
def test_corpus_is_unchanged(configfile):
    """The corpus exactly as the build_corpus rule generates it for the config: same config, same excluded texts."""
    config = effective_config() if configfile == "config.yaml" else effective_config(REPO / configfile)
    corpus_config = from_dict(CorpusConfig, config["base_lm"]["corpus"])
    documents = generate_corpus(corpus_config, exclude=excluded_texts(config))
    assert len(documents) == corpus_config.n_documents
    assert corpus_digest(documents) == CORPUS_DIGESTS[configfile], (
        f"the corpus of {configfile} changed: if that is intended, record the new digest here"
    )
