"""Lesson 07's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import numpy as np
import pytest

from gan_edu import dirac_gan
from gan_edu.answers import training_f_gans as _key
from gan_edu.exercises import training_f_gans as _published
from exercise_cases import both

ex = both(_published, _key)

sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731


def stub(*args):
    raise NotImplementedError()


CASES = [
    (ex.check_growth_factor, ex.growth_factor, [
        ("slope 1", lambda h: np.sqrt(1 + h * h)),
        ("squared", lambda h: 1 + h * h / 4),
        ("alternating", lambda h: 1.0),
        ("sign", lambda h: np.sqrt(abs(1 - h * h / 4))),
    ]),
    (ex.check_single_step, lambda t, p, h: (t + h * sig(p * t) * p, p - h * sig(p * t) * t), [
        ("alternating", lambda t, p, h: (t + h * sig((p - h * sig(p * t) * t) * t) * (p - h * sig(p * t) * t),
                                         p - h * sig(p * t) * t)),
        ("sign", lambda t, p, h: (t - h * sig(p * t) * p, p - h * sig(p * t) * t)),
        ("linearised", lambda t, p, h: (t + h * p / 2, p - h * t / 2)),
        ("wrong slope", lambda t, p, h: (t + h * sig(-p * t) * p, p - h * sig(-p * t) * t)),
    ]),
]


@pytest.mark.parametrize("check, reference, wrong", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_reference_mistakes_and_stub(check, reference, wrong):
    assert check(reference).status == "correct"
    assert check(stub).status == "not attempted yet"
    hints = set()
    for key, answer in wrong:
        feedback = check(answer)
        assert (feedback.status, feedback.mistake) == ("mistake", key)
        hints.add(feedback.message)
    assert len(hints) == len(wrong)


def test_growth_reference_is_the_jacobians_eigenvalue():
    for h in (0.1, 0.5, 1.0, 2.0):
        eig = np.abs(np.linalg.eigvals(dirac_gan.jacobian("simultaneous", h))).max()
        assert ex.growth_factor(h) == pytest.approx(eig, rel=1e-12)


def test_r1_choice_is_what_the_dirac_gan_does():
    path = dirac_gan.trajectory([0.1, 0.0], 200, "simultaneous", 0.5, gamma=0.5)
    assert np.hypot(*path[-1]) < 1e-6  # converges, so "converges" is the right choice
    assert ex.check_r1_prediction(lambda: "converges").status == "correct"


@pytest.mark.parametrize("check, choices, right", [
    (ex.check_r1_prediction, ex.R1_CHOICES, "converges"),
    (ex.check_pearson_prediction, ex.FIT_CHOICES, "covers both modes"),
])
def test_choices(check, choices, right):
    assert check(lambda: right).status == "correct"
    assert check(stub).status == "not attempted yet"
    assert check(lambda: "no idea").status == "not yet"
    wrong = [c for c in choices if c != right]
    hints = {check(lambda c=c: c).message for c in wrong}
    assert all(check(lambda c=c: c).status == "mistake" for c in wrong) and len(hints) == len(wrong)
