"""Checkers for lesson 01 (the adversarial game): V from samples, gradients through the logit, the density
of a pushed-forward sample, and a slider prediction with its reason.

Each ``check_*`` takes the student's function and judges it on the published inputs against the stored
expected values (the references and typical mistakes are the teacher's, in ``gan_edu.answers``).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["VALUE_MC", "LOGIT_GRADIENTS", "LOGNORMAL_PDF", "ONE_MODE", "ONE_MODE_CHOICES", "ONE_MODE_REASONS",
           "check_value_mc", "check_logit_gradients", "check_lognormal_pdf", "check_one_mode_prediction",
           "one_neuron_d"]


def one_neuron_d(x):
    """The published inputs' discriminator: one neuron, sigmoid(1.5 (x - 0.3))."""
    return expit(1.5 * (np.asarray(x, float) - 0.3))


_RNG = np.random.default_rng(1)
VALUE_MC = FunctionExercise("V from samples", [(one_neuron_d, _RNG.normal(-1.0, 1.0, 50), _RNG.normal(0.5, 1.0, 40)),
                                              (one_neuron_d, _RNG.normal(2.0, 0.5, 30), _RNG.normal(-1.0, 2.0, 60))])
LOGIT_GRADIENTS = FunctionExercise("gradients through the logit",
                                   [(np.array([0.01, 0.3, 0.5, 0.9]),), (np.array([0.001, 0.7]),)])
LOGNORMAL_PDF = FunctionExercise("density of exp(z)", [(np.array([0.2, 0.5, 1.0, 2.0, 4.0]),), (np.array([0.05, 3.0]),)])

ONE_MODE_CHOICES = ["close to the ceiling", "far from the ceiling"]
ONE_MODE_REASONS = {  # the notebook's Exercise 4 lists these; the answer is a pair (choice, letter of the reason)
    "a": "the data now sit on one side of p_g, so one threshold can put most real samples on one side and most fakes "
         "on the other",
    "b": "with one data mode, p_g equals p_data",
    "c": "with one data mode, the ceiling max_D V is -log 4",
    "d": "a logistic curve sigma(s (x - t)) can now be exactly D*",
}
ONE_MODE = ChoiceExercise("one neuron, one data mode", [(c, r) for c in ONE_MODE_CHOICES for r in ONE_MODE_REASONS],
                          expected="a pair (prediction, reason): the prediction one of ONE_MODE_CHOICES, the reason "
                                   f"one of the letters {sorted(ONE_MODE_REASONS)}")


def check_value_mc(answer) -> Feedback:
    """``answer(d, x_real, x_fake)`` should estimate V from samples."""
    return VALUE_MC.check(answer)


def check_logit_gradients(answer) -> Feedback:
    """``answer(D)`` returns (saturating gradient, non-saturating gradient) with respect to the logit."""
    return LOGIT_GRADIENTS.check(answer)


def check_lognormal_pdf(answer) -> Feedback:
    """``answer(x)`` for x > 0 should be the density of exp(z), z ~ N(0, 1)."""
    return LOGNORMAL_PDF.check(answer)


def check_one_mode_prediction(answer) -> Feedback:
    """``answer()`` returns a pair (one of ``ONE_MODE_CHOICES``, the letter of one of ``ONE_MODE_REASONS``)."""
    return ONE_MODE.check(answer)
