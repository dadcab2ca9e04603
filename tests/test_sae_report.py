"""Report wording is chosen from the numbers, by explicit rules."""
import pytest

from mlsweeps.sae_stability.report import (
    MIN_PAIRS,
    VERDICT_WORDS,
    activation_verdict,
    crisis_verdict,
    learning_verdict,
    pct,
    stability_verdict,
    verdict_sentence,
)

RULES = {"threshold": 0.7, "unmoved_cos": 0.9}


@pytest.mark.parametrize(("accuracy", "chance", "verdict"), [
    (0.95, 0.05, "learned the task"),
    (0.30, 0.05, "learned the task only partly"),
    (0.06, 0.05, "did not learn the task beyond chance"),
])
def test_learning_verdict(accuracy, chance, verdict):
    assert learning_verdict(accuracy, chance).startswith(verdict)


@pytest.mark.parametrize(("numbers", "verdict"), [
    ({"drift": 0.98, "pwmcc": 0.90, "excess_low": 0.2, "excess_high": 0.3}, "not_moved"),  # even a high excess: decoders never left the start
    ({"drift": 0.40, "pwmcc": 0.85, "excess_low": 0.2, "excess_high": 0.3}, "stable"),
    ({"drift": 0.40, "pwmcc": 0.55, "excess_low": 0.05, "excess_high": 0.1}, "shared"),
    # the control explains the effect: PWMCC above the line, but span-matched random dictionaries reach it too
    ({"drift": 0.40, "pwmcc": 0.80, "excess_low": -0.01, "excess_high": 0.02}, "none"),
    ({"drift": 0.40, "pwmcc": 0.30, "excess_low": -0.05, "excess_high": -0.01}, "below"),
    ({"drift": 0.40, "pwmcc": 0.85, "excess_low": 0.2, "excess_high": 0.3, "n_pairs": 1}, "too_few"),
])
def test_stability_verdict_rules(numbers, verdict):
    assert stability_verdict(**numbers, **RULES) == verdict


def test_every_verdict_sentence_names_the_control_with_both_numbers():
    numbers = {"pwmcc": 0.301, "null": 0.302, "excess": -0.001, "low": -0.002, "high": 0.0, "drift": 0.983, "start": 0.299}
    for verdict in VERDICT_WORDS:
        sentence = verdict_sentence(verdict, **numbers, **RULES)
        assert "0.301" in sentence, sentence
        control = "0.983" if verdict == "not_moved" else "0.302"  # the starting rows, or the span-matched null
        assert control in sentence, sentence
    assert "includes 0" in verdict_sentence("none", **numbers, **RULES)
    assert f"fewer than {MIN_PAIRS} seed pairs" in verdict_sentence("too_few", **numbers, **RULES)
    with pytest.raises(ValueError, match="unknown verdict 'maybe'"):
        verdict_sentence("maybe", **numbers, **RULES)


@pytest.mark.parametrize(("over_start_low", "over_shuffled_low", "verdict"), [
    (0.05, 0.3, "learned"),
    (-0.01, 0.3, "start"),  # the starting SAEs' latents already co-varied as much: initialisation and data explain it
    (0.05, -0.01, "chance"),
])
def test_activation_verdict(over_start_low, over_shuffled_low, verdict):
    assert activation_verdict(over_start_low=over_start_low, over_shuffled_low=over_shuffled_low) == verdict


@pytest.mark.parametrize(("control", "main", "sweep", "verdict"), [
    (False, {"copy": "stable"}, ["copy"], "undecidable"),  # no power: nothing can be concluded
    (True, {"copy": "stable", "modular_arithmetic": "stable"}, [], "refuted"),
    (True, {"copy": "not_moved", "modular_arithmetic": "none"}, ["copy"], "qualified"),
    (True, {"copy": "not_moved", "modular_arithmetic": "none"}, [], "confirmed"),
])
def test_crisis_verdict(control, main, sweep, verdict):
    assert crisis_verdict(control_detects=control, main_verdicts=main, sweep_agreeing=sweep) == verdict


def test_pct():
    assert pct(0.9977) == "99.8%" and pct(0.0) == "0.0%"
