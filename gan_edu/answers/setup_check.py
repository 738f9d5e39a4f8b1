"""The key of lesson 00 (setup check): class fractions, pixels for a tanh generator, the digit with least ink."""

from __future__ import annotations

import numpy as np

from ..exercises import setup_check as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["class_fractions", "to_tanh_range", "EXERCISES"]


def _labels(x):
    return np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x).astype(int)


def class_fractions(labels):
    """Reference: the fraction of labels equal to each digit 0..9 (length 10, sums to 1)."""
    labels = _labels(labels)
    return np.bincount(labels, minlength=10) / labels.size


CLASS_FRACTION_MISTAKES = [
    Mistake("counts", "these are counts, not fractions: divide by the number of labels",
            lambda y: np.bincount(_labels(y), minlength=10).astype(float)),
    Mistake("percent", "these are percentages; the exercise asks for fractions that sum to 1",
            lambda y: 100 * class_fractions(y)),
    Mistake("off by one", "your entries are shifted by one digit: entry k should belong to digit k, from 0 to 9",
            lambda y: np.bincount(_labels(y), minlength=11)[1:11] / _labels(y).size),
]


def to_tanh_range(x):
    """Reference: pixels in [0, 1] mapped onto [-1, 1], the range of a tanh output, with 0 -> -1 and 1 -> 1."""
    return 2 * np.asarray(x, float) - 1


TANH_RANGE_MISTAKES = [
    Mistake("factor 2", "you centred the pixels but they only reach half of [-1, 1]: a factor is missing",
            lambda x: np.asarray(x, float) - 0.5),
    Mistake("sign", "your map turns black into white: 0 should go to -1 and 1 to +1",
            lambda x: 1 - 2 * np.asarray(x, float)),
    Mistake("no shift", "you stretched the pixels to width 2 but did not move them: they should be centred on 0",
            lambda x: 2 * np.asarray(x, float)),
]
LEAST_INK_HINTS = {0: "a zero is a closed loop around the whole box: count the pixels its strokes cover",
                   8: "an eight is two loops: count the pixels its strokes cover"}

EXERCISES = [
    FunctionAnswer(published.CLASS_FRACTIONS, class_fractions, CLASS_FRACTION_MISTAKES, points=2,
                   hidden=[(np.array([4, 4, 8, 8, 8, 6]),), (np.random.default_rng(7).integers(0, 10, 200),)]),
    FunctionAnswer(published.TANH_RANGE, to_tanh_range, TANH_RANGE_MISTAKES, points=2,
                   hidden=[(np.array([0.1, 0.9, 0.33]),), (np.random.default_rng(8).random((3, 4)),)]),
    ChoiceAnswer(published.LEAST_INK, 1, LEAST_INK_HINTS, points=1),
]
