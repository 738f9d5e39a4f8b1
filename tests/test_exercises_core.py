"""The checker core: not attempted, correct, a named mistake, a generic miss, a wrong type; it never raises for a
wrong answer, gives each call its own copy of the inputs, and judges from the stored values alone."""

import numpy as np
import pytest
import torch

from gan_edu import answers
from gan_edu import exercises as ex
from gan_edu.exercises import expected_values

D_STAR = ex.FunctionExercise("d_star (core test)", [(np.array([0.2, 0.5]), np.array([0.3, 0.5]))])
REFERENCE = lambda p, q: p / (p + q)  # noqa: E731
KEY = answers.FunctionAnswer(D_STAR, REFERENCE, [answers.Mistake("swapped", "you divided by the wrong density",
                                                                 lambda p, q: q / (p + q))], hidden=[])
PIXELS = ex.FunctionExercise("pixels (core test)", [(np.array([0.0, 0.25, 1.0]),)])
PIXEL_KEY = answers.FunctionAnswer(PIXELS, lambda x: 2 * x - 1, [], hidden=[])
PAIR = ex.FunctionExercise("pair (core test)", [(2.0,)])
PAIR_KEY = answers.FunctionAnswer(PAIR, lambda a: (a, np.array([a, -a])), [], hidden=[(3.0,)], points=2)
DIRECTION = ex.ChoiceExercise("direction (core test)", ["left", "right"])
DIGIT = ex.ChoiceExercise("digit (core test)", list(range(10)))


@pytest.fixture(autouse=True)
def stored(monkeypatch):
    """The stored values of this file's exercises, as the student edition carries them (computed here)."""
    table = {PIXELS.name: PIXEL_KEY.entry(), D_STAR.name: KEY.entry(), PAIR.name: PAIR_KEY.entry(),
             DIRECTION.name: answers.ChoiceAnswer(DIRECTION, "left", {"right": "look at which side D is larger"}).entry(),
             DIGIT.name: answers.ChoiceAnswer(DIGIT, 1, {}).entry()}
    monkeypatch.setattr(expected_values, "_TABLE", dict(table))


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
    feedback = D_STAR.check(answer)
    assert feedback.status == status and text in feedback.message
    assert bool(feedback) == (status == "correct")
    assert str(feedback) in capsys.readouterr().out
    assert (status in str(feedback)) == (status in ("not attempted yet", "correct"))


def test_a_miss_never_prints_the_expected_value(capsys):
    D_STAR.check(lambda p, q: p + q)
    out = capsys.readouterr().out
    assert "0.4" not in out and "0.5" not in out


def test_an_answer_computed_in_place_is_judged_right_and_leaves_the_inputs_alone():
    before = PIXELS.inputs[0][0].copy()

    def in_place(x):
        x *= 2
        x -= 1
        return x

    assert PIXELS.check(in_place).status == "correct"
    assert PIXELS.check(in_place).status == "correct"  # again: the published inputs did not change
    np.testing.assert_array_equal(PIXELS.inputs[0][0], before)


@pytest.mark.parametrize("answer, named", [
    (lambda x: (2 * x - 1).astype(complex), "complex numbers"),
    (lambda x: complex(1, 0), "a complex number"),
    (lambda x: "[-1. -0.5 1.]", "a string"),
    (lambda x: torch.as_tensor(2 * x - 1), "a torch tensor"),
    (lambda x: 2 * x - 1 > 0, "bools"),
    (lambda x: None, "None"),
])
def test_a_wrong_type_is_named_not_passed(answer, named):
    feedback = PIXELS.check(answer)
    assert feedback.status == "not yet" and named in feedback.message and "numpy array" in feedback.message


def test_a_number_asked_refuses_bool_str_and_complex():
    number = ex.FunctionExercise("number (core test)", [(0.0,)])
    entry = answers.FunctionAnswer(number, lambda x: 1.0, [], hidden=[]).entry()
    for value, named in [(True, "a bool"), ("1.0", "a string"), (1 + 0j, "a complex number"),
                         (torch.tensor(1.0), "a torch tensor")]:
        feedback, _ = ex.judge(number.name, [value], entry, 1e-6, 1e-9)
        assert feedback.status == "not yet" and named in feedback.message and "real number" in feedback.message
    assert ex.judge(number.name, [np.float64(1.0)], entry, 1e-6, 1e-9)[0].status == "correct"


def test_a_multi_part_answer_is_judged_part_by_part():
    feedback, right = ex.judge(PAIR.name, [(2.0, np.array([2.0, 0.0]))], PAIR_KEY.entry(), 1e-6, 1e-9)
    assert feedback.status == "not yet" and "part 2" in feedback.message and right == [True, False]
    assert PAIR_KEY.grade(lambda a: (a, np.array([a, -a])))[1] == 1.0
    assert PAIR_KEY.grade(lambda a: (a, np.zeros(2)))[1] == 0.5
    assert "return 2 values" in ex.judge(PAIR.name, [2.0], PAIR_KEY.entry(), 1e-6, 1e-9)[0].message


def test_check_choice_and_passed():
    assert DIRECTION.check(lambda: "left")
    assert ex.passed(DIRECTION.name)
    wrong = DIRECTION.check(lambda: "right")
    assert wrong.status == "mistake" and wrong.message == "look at which side D is larger"
    with pytest.raises(AssertionError, match="look at which side"):
        ex.passed(DIRECTION.name)
    assert DIRECTION.check(lambda: "up").status == "not yet"
    with pytest.raises(AssertionError, match="has not run yet"):
        ex.passed("never checked")


def test_a_choice_of_the_wrong_type_is_named():
    assert DIGIT.check(lambda: 1).status == "correct" and DIGIT.check(lambda: np.int64(1)).status == "correct"
    for value, named in [(True, "bool"), ("1", "str"), (1.0 + 0j, "complex")]:
        feedback = DIGIT.check(lambda: value)
        assert feedback.status == "not yet" and named in feedback.message


def test_the_answer_key_is_not_stored_in_clear():
    entry = expected_values.lookup(DIRECTION.name)
    assert "left" not in str(entry) and "right" not in str(entry)


def test_a_check_cell_shows_its_feedback_once(capsys):
    """The checker prints; the returned Feedback, as a cell's last value, displays nothing more."""
    from IPython.core.formatters import DisplayFormatter

    feedback = D_STAR.check(REFERENCE)
    assert capsys.readouterr().out.count("d_star") == 1
    assert DisplayFormatter().format(feedback) == ({}, {})
