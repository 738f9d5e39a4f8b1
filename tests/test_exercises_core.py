"""The checker core: not attempted, correct, a named mistake, a generic miss; it never raises for a wrong answer."""

import numpy as np
import pytest

from gan_edu import exercises as ex

INPUTS = [(np.array([0.2, 0.5]), np.array([0.3, 0.5]))]
REFERENCE = lambda p, q: p / (p + q)  # noqa: E731
MISTAKES = [ex.Mistake("swapped", "you divided by the wrong density", lambda p, q: q / (p + q))]


def stub(p, q):
    raise NotImplementedError


@pytest.mark.parametrize("answer, status, text", [
    (stub, "not attempted yet", "NotImplementedError"),
    (REFERENCE, "correct", "correct"),
    (lambda p, q: q / (p + q), "mistake", "wrong density"),
    (lambda p, q: p + q, "not yet", "too large"),
    (lambda p, q: np.zeros(3), "not yet", "shape"),
    (lambda p, q: np.log(p - p) * 0 + np.nan, "not yet", "NaN"),
    (lambda p, q: 1 / 0, "not yet", "ZeroDivisionError"),
    (3.0, "not yet", "pass your function"),
])
def test_check_function_statuses(answer, status, text, capsys):
    feedback = ex.check_function("d_star", answer, REFERENCE, INPUTS, MISTAKES)
    assert feedback.status == status and text in feedback.message
    assert bool(feedback) == (status == "correct")
    assert str(feedback) in capsys.readouterr().out
    assert (status in str(feedback)) == (status in ("not attempted yet", "correct"))


def test_a_miss_never_prints_the_expected_value(capsys):
    ex.check_function("d_star", lambda p, q: p + q, REFERENCE, INPUTS, MISTAKES)
    out = capsys.readouterr().out
    assert "0.4" not in out and "0.5" not in out


def test_check_choice_and_passed():
    hints = {"right": "look at which side D is larger"}
    assert ex.check_choice("direction", lambda: "left", "left", ["left", "right"], hints)
    assert ex.passed("direction")
    wrong = ex.check_choice("direction", lambda: "right", "left", ["left", "right"], hints)
    assert wrong.status == "mistake" and wrong.message == hints["right"]
    with pytest.raises(AssertionError, match="look at which side"):
        ex.passed("direction")
    assert ex.check_choice("direction", lambda: "up", "left", ["left", "right"]).status == "not yet"
    with pytest.raises(AssertionError, match="has not run yet"):
        ex.passed("never checked")


def test_a_check_cell_shows_its_feedback_once(capsys):
    """The checker prints; the returned Feedback, as a cell's last value, displays nothing more."""
    from IPython.core.formatters import DisplayFormatter

    feedback = ex.check_function("d_star", REFERENCE, REFERENCE, INPUTS)
    assert capsys.readouterr().out.count("d_star") == 1
    assert DisplayFormatter().format(feedback) == ({}, {})
