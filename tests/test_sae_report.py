"""Report wording is chosen from the numbers."""
import pytest

from mlsweeps.sae_stability.report import _verdict_sentence, learning_verdict, pct


@pytest.mark.parametrize(("accuracy", "chance", "verdict"), [
    (0.95, 0.05, "learned the task"),
    (0.30, 0.05, "learned the task only partly"),
    (0.06, 0.05, "did not learn the task beyond chance"),
])
def test_learning_verdict(accuracy, chance, verdict):
    assert learning_verdict(accuracy, chance).startswith(verdict)


def test_verdict_sentence_degree_follows_the_excess():
    assert "only marginally" in _verdict_sentence("above", 0.002)
    assert "clearly" in _verdict_sentence("above", 0.2)
    assert "no evidence" in _verdict_sentence("overlaps", 0.0)


def test_pct():
    assert pct(0.9977) == "99.8%" and pct(0.0) == "0.0%"
