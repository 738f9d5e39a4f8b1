"""Checkers for lesson 02 (the optimal discriminator): D* with its 0/0 case, the maximiser and maximum of
a log y + b log(1 - y), the optimal logit between two Gaussians of equal width, and a slider prediction.

Each ``check_*`` takes the student's function and judges it on the published inputs against the stored
expected values (the references and typical mistakes are the teacher's, in ``gan_edu.answers``).
"""

from __future__ import annotations

import numpy as np

from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["D_STAR", "LEMMA", "GAUSSIAN_LOGIT", "REAL_MODE", "REAL_MODE_CHOICES", "check_d_star", "check_lemma",
           "check_gaussian_logit", "check_real_mode_prediction"]

D_STAR = FunctionExercise("D*", [(np.array([0.0, 0.2, 1.0, 0.0, 0.3]), np.array([0.0, 0.2, 3.0, 0.5, 0.0])),
                                 (np.array([[0.0, 0.1], [2.0, 0.0]]), np.array([[0.0, 0.4], [0.5, 0.0]]))])
LEMMA = FunctionExercise("maximiser and maximum of the lemma",
                         [(np.array([0.7, 1.0, 2.0, 0.1]), np.array([1.9, 1.0, 0.5, 3.0])),
                          (np.array([5.0]), np.array([0.2]))])
GAUSSIAN_LOGIT = FunctionExercise("optimal logit of two Gaussians", [(2.0, -1.0, 0.5), (-2.0, 0.5, 1.5), (0.3, 1.0, 1.0)])
REAL_MODE_CHOICES = ["the mode at -2", "the mode at +2", "neither"]
REAL_MODE = ChoiceExercise("where D* says real", REAL_MODE_CHOICES)


def check_d_star(answer) -> Feedback:
    """``answer(p_x, q_x)`` is D* for arrays of density values, including where both are 0."""
    return D_STAR.check(answer)


def check_lemma(answer) -> Feedback:
    """``answer(a, b)`` returns (maximiser, maximum value)."""
    return LEMMA.check(answer)


def check_gaussian_logit(answer) -> Feedback:
    """``answer(mu_data, mu_g, sigma)`` returns (slope, intercept) of the optimal logit."""
    return GAUSSIAN_LOGIT.check(answer)


def check_real_mode_prediction(answer) -> Feedback:
    """``answer()`` returns one of ``REAL_MODE_CHOICES``."""
    return REAL_MODE.check(answer)
