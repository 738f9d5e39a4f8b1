"""Checkers for lesson 00 (setup check): class fractions of a label array, rescaling pixels for a tanh
generator, and a prediction about the bundled digits.

Each ``check_*`` takes the student's function; the ``*_MISTAKES`` lists are the wrong answers it recognises.
"""

from __future__ import annotations

import numpy as np

from . import Feedback, Mistake, check_choice, check_function

__all__ = ["check_class_fractions", "check_to_tanh_range", "check_least_ink_prediction"]


def _labels(x):
    return np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x).astype(int)


def class_fractions(labels):
    """Reference: the fraction of labels equal to each digit 0..9 (length 10, sums to 1)."""
    labels = _labels(labels)
    return np.bincount(labels, minlength=10) / labels.size


_LABEL_INPUTS = [(np.array([0, 1, 1, 3, 9, 9, 9, 2]),), (np.array([5, 5, 0, 7]),), (np.arange(10).repeat(np.arange(1, 11)),)]
CLASS_FRACTION_MISTAKES = [
    Mistake("counts", "these are counts, not fractions: divide by the number of labels",
            lambda y: np.bincount(_labels(y), minlength=10).astype(float)),
    Mistake("percent", "these are percentages; the exercise asks for fractions that sum to 1",
            lambda y: 100 * class_fractions(y)),
    Mistake("off by one", "your entries are shifted by one digit: entry k should belong to digit k, from 0 to 9",
            lambda y: np.bincount(_labels(y), minlength=11)[1:11] / _labels(y).size),
]


def check_class_fractions(answer) -> Feedback:
    """``answer(labels)`` returns the 10 class fractions."""
    return check_function("class fractions", answer, class_fractions, _LABEL_INPUTS, CLASS_FRACTION_MISTAKES)


def to_tanh_range(x):
    """Reference: pixels in [0, 1] mapped onto [-1, 1], the range of a tanh output, with 0 -> -1 and 1 -> 1."""
    return 2 * np.asarray(x, float) - 1


_PIXEL_INPUTS = [(np.array([0.0, 0.25, 0.5, 1.0]),), (np.linspace(0, 1, 7).reshape(7, 1),)]
TANH_RANGE_MISTAKES = [
    Mistake("factor 2", "you centred the pixels but they only reach half of [-1, 1]: a factor is missing",
            lambda x: np.asarray(x, float) - 0.5),
    Mistake("sign", "your map turns black into white: 0 should go to -1 and 1 to +1",
            lambda x: 1 - 2 * np.asarray(x, float)),
    Mistake("no shift", "you stretched the pixels to width 2 but did not move them: they should be centred on 0",
            lambda x: 2 * np.asarray(x, float)),
]


def check_to_tanh_range(answer) -> Feedback:
    """``answer(x)`` maps pixel values in [0, 1] onto [-1, 1]."""
    return check_function("pixels for a tanh generator", answer, to_tanh_range, _PIXEL_INPUTS, TANH_RANGE_MISTAKES)


DIGIT_CHOICES = list(range(10))
LEAST_INK_HINTS = {0: "a zero is a closed loop around the whole box: count the pixels its strokes cover",
                   8: "an eight is two loops: count the pixels its strokes cover"}


def check_least_ink_prediction(answer) -> Feedback:
    """``answer()`` returns the digit 0..9 with the smallest mean pixel value in the training set."""
    return check_choice("the digit with the least ink", answer, 1, DIGIT_CHOICES, LEAST_INK_HINTS)
