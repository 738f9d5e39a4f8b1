"""Lesson 02's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import numpy as np

from gan_edu.answers import optimal_discriminator as _key
from gan_edu.exercises import optimal_discriminator as _published
from exercise_cases import both, function_check_tests, stub

od = both(_published, _key)

FUNCTION_CHECKS = [
    (od.check_d_star, od.d_star, od.D_STAR_MISTAKES),
    (od.check_lemma, od.lemma, od.LEMMA_MISTAKES),
    (od.check_gaussian_logit, od.gaussian_logit, od.GAUSSIAN_LOGIT_MISTAKES),
]
test_reference_passes_and_stub_is_not_attempted, test_each_mistake_gets_its_hint = function_check_tests(FUNCTION_CHECKS)


def test_the_literal_formula_is_caught_by_the_0_over_0_hint():
    with np.errstate(invalid="ignore"):
        feedback = od.check_d_star(lambda p, q: np.asarray(p, float) / (np.asarray(p, float) + np.asarray(q, float)))
    assert feedback.mistake == "0/0"


def test_real_mode_prediction():
    assert od.check_real_mode_prediction(lambda: "the mode at +2").status == "correct"
    for wrong, hint in od.REAL_MODE_HINTS.items():
        feedback = od.check_real_mode_prediction(lambda: wrong)
        assert feedback.status == "mistake" and feedback.message == hint
    assert od.check_real_mode_prediction(stub).status == "not attempted yet"
