"""Lesson 00's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import numpy as np
import torch

from gan_edu.answers import setup_check as _key
from gan_edu.exercises import setup_check as _published
from exercise_cases import both, function_check_tests, stub

sc = both(_published, _key)

FUNCTION_CHECKS = [
    (sc.check_class_fractions, sc.class_fractions, sc.CLASS_FRACTION_MISTAKES),
    (sc.check_to_tanh_range, sc.to_tanh_range, sc.TANH_RANGE_MISTAKES),
]
test_reference_passes_and_stub_is_not_attempted, test_each_mistake_gets_its_hint = function_check_tests(FUNCTION_CHECKS)


def test_a_torch_answer_where_an_array_is_asked_is_named():
    feedback = sc.check_class_fractions(lambda y: torch.bincount(torch.as_tensor(y), minlength=10) / len(y))
    assert feedback.status == "not yet" and "a torch tensor" in feedback.message and "numpy array" in feedback.message


def test_bincount_without_minlength_is_a_shape_miss():
    feedback = sc.check_class_fractions(lambda y: np.bincount(y) / len(y))
    assert feedback.status == "not yet" and "shape" in feedback.message


def test_least_ink_prediction():
    assert sc.check_least_ink_prediction(lambda: 1).status == "correct"
    for wrong, hint in sc.LEAST_INK_HINTS.items():
        feedback = sc.check_least_ink_prediction(lambda: wrong)
        assert feedback.status == "mistake" and feedback.message == hint
    assert sc.check_least_ink_prediction(lambda: 7).status == "not yet"
    assert sc.check_least_ink_prediction(stub).status == "not attempted yet"
