"""Lesson 01's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import numpy as np

from gan_edu.answers import adversarial_game as _key
from gan_edu.exercises import adversarial_game as _published
from exercise_cases import both, function_check_tests, stub

ag = both(_published, _key)

FUNCTION_CHECKS = [
    (ag.check_value_mc, ag.value_mc, ag.VALUE_MC_MISTAKES),
    (ag.check_logit_gradients, ag.logit_gradients, ag.LOGIT_GRADIENT_MISTAKES),
    (ag.check_lognormal_pdf, ag.lognormal_pdf, ag.LOGNORMAL_MISTAKES),
]
test_reference_passes_and_stub_is_not_attempted, test_each_mistake_gets_its_hint = function_check_tests(FUNCTION_CHECKS)


def test_an_unlisted_wrong_answer_is_only_not_yet():
    assert ag.check_value_mc(lambda d, r, f: np.mean(np.log(d(r)))).status == "not yet"


def test_one_mode_prediction_needs_the_right_reason():
    assert ag.check_one_mode_prediction(lambda: ("close to the ceiling", "a")).status == "correct"
    assert len(ag.ONE_MODE_HINTS) >= 2
    for (choice, reason), hint in ag.ONE_MODE_HINTS.items():
        feedback = ag.check_one_mode_prediction(lambda: [choice, reason])  # a list is accepted as the pair
        assert feedback.status == "mistake" and feedback.message == hint
        assert "(a)" not in hint and '"a"' not in hint
    assert ag.check_one_mode_prediction(stub).status == "not attempted yet"
    assert ag.check_one_mode_prediction(lambda: "close to the ceiling").status == "not yet"  # no reason given
    assert ag.check_one_mode_prediction(lambda: ("close to the ceiling", "e")).status == "not yet"


def test_hints_never_contain_the_answer():
    for _, _, mistakes in FUNCTION_CHECKS:
        for m in mistakes:
            assert "1 - D" not in m.hint and "/ x" not in m.hint
