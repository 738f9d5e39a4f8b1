"""Checkers for lesson 00 (setup check): class fractions of a label array, rescaling pixels for a tanh
generator, and a prediction about the bundled digits.

Each ``check_*`` takes the student's function and judges it on the published inputs against the stored
expected values (the references and typical mistakes are the teacher's, in ``gan_edu.answers.setup_check``).
"""

from __future__ import annotations

import numpy as np

from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["CLASS_FRACTIONS", "TANH_RANGE", "LEAST_INK", "DIGIT_CHOICES", "check_class_fractions",
           "check_to_tanh_range", "check_least_ink_prediction"]

CLASS_FRACTIONS = FunctionExercise("class fractions", [
    (np.array([0, 1, 1, 3, 9, 9, 9, 2]),), (np.array([5, 5, 0, 7]),), (np.arange(10).repeat(np.arange(1, 11)),)])
TANH_RANGE = FunctionExercise("pixels for a tanh generator", [
    (np.array([0.0, 0.25, 0.5, 1.0]),), (np.linspace(0, 1, 7).reshape(7, 1),)])
DIGIT_CHOICES = list(range(10))
LEAST_INK = ChoiceExercise("the digit with the least ink", DIGIT_CHOICES)


def check_class_fractions(answer) -> Feedback:
    """``answer(labels)`` returns the 10 class fractions."""
    return CLASS_FRACTIONS.check(answer)


def check_to_tanh_range(answer) -> Feedback:
    """``answer(x)`` maps pixel values in [0, 1] onto [-1, 1]."""
    return TANH_RANGE.check(answer)


def check_least_ink_prediction(answer) -> Feedback:
    """``answer()`` returns the digit 0..9 with the smallest mean pixel value in the training set."""
    return LEAST_INK.check(answer)
