"""Checkers for lesson 01 (the adversarial game): V from samples, gradients through the logit, the density
of a pushed-forward sample, and a slider prediction with its reason.

Each ``check_*`` takes the student's function, compares it with the reference on fixed inputs and names
the typical mistake it recognises (the ``*_MISTAKES`` lists, which the tests feed back in).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from . import Feedback, Mistake, check_choice, check_function

__all__ = ["check_value_mc", "check_logit_gradients", "check_lognormal_pdf", "check_one_mode_prediction",
           "ONE_MODE_CHOICES", "ONE_MODE_REASONS"]

_RNG = np.random.default_rng(1)
_D = lambda x: expit(1.5 * (np.asarray(x, float) - 0.3))  # noqa: E731  a one-neuron discriminator
_VALUE_INPUTS = [(_D, _RNG.normal(-1.0, 1.0, 50), _RNG.normal(0.5, 1.0, 40)),
                 (_D, _RNG.normal(2.0, 0.5, 30), _RNG.normal(-1.0, 2.0, 60))]


def value_mc(d, x_real, x_fake):
    """Reference: mean log D(x_real) + mean log(1 - D(x_fake))."""
    return np.mean(np.log(d(x_real))) + np.mean(np.log(1 - d(x_fake)))


VALUE_MC_MISTAKES = [
    Mistake("forgot 1 - D", "on the fakes the term is not log D: look at what the discriminator should say about a fake",
            lambda d, r, f: np.mean(np.log(d(r))) + np.mean(np.log(d(f)))),
    Mistake("sign", "your answer has the wrong sign: that is the discriminator's loss, not V",
            lambda d, r, f: -value_mc(d, r, f)),
    Mistake("sum", "you summed where V takes an expectation: average over the samples",
            lambda d, r, f: np.sum(np.log(d(r))) + np.sum(np.log(1 - d(f)))),
    Mistake("log2", "you used log base 2; the course uses natural logarithms",
            lambda d, r, f: value_mc(d, r, f) / np.log(2)),
]


def check_value_mc(answer) -> Feedback:
    """``answer(d, x_real, x_fake)`` should estimate V from samples."""
    return check_function("V from samples", answer, value_mc, _VALUE_INPUTS, VALUE_MC_MISTAKES)


def logit_gradients(D):
    """Reference: d/dl of log(1 - sigmoid(l)) and of -log sigmoid(l), as functions of D = sigmoid(l)."""
    D = np.asarray(D, float)
    return -D, -(1 - D)


_GRAD_INPUTS = [(np.array([0.01, 0.3, 0.5, 0.9]),), (np.array([0.001, 0.7]),)]
LOGIT_GRADIENT_MISTAKES = [
    Mistake("sign", "the sizes are right but the signs are not: does each loss rise or fall as the logit grows?",
            lambda D: (np.asarray(D), 1 - np.asarray(D))),
    Mistake("swapped", "you swapped the two losses' gradients",
            lambda D: (-(1 - np.asarray(D)), -np.asarray(D))),
    Mistake("derivative in D", "that is the derivative with respect to D itself; the logit is one step further: "
            "use the chain rule with dD/dl", lambda D: (-1 / (1 - np.asarray(D)), -1 / np.asarray(D))),
]


def check_logit_gradients(answer) -> Feedback:
    """``answer(D)`` returns (saturating gradient, non-saturating gradient) with respect to the logit."""
    return check_function("gradients through the logit", answer, logit_gradients, _GRAD_INPUTS,
                          LOGIT_GRADIENT_MISTAKES)


def _std_normal(z):
    return np.exp(-0.5 * np.asarray(z, float) ** 2) / np.sqrt(2 * np.pi)


def lognormal_pdf(x):
    """Reference: the density of G(z) = exp(z), z ~ N(0, 1): p_z(log x) |d log x / dx|."""
    x = np.asarray(x, float)
    return _std_normal(np.log(x)) / x


_PDF_INPUTS = [(np.array([0.2, 0.5, 1.0, 2.0, 4.0]),), (np.array([0.05, 3.0]),)]
LOGNORMAL_MISTAKES = [
    Mistake("no Jacobian", "you evaluated p_z at G^-1(x) but left out the change-of-variables factor: "
            "integrate your function over x and see whether it gives 1", lambda x: _std_normal(np.log(x))),
    Mistake("dG/dz", "you multiplied by dG/dz; the factor is the derivative of the inverse map, |dG^-1/dx|",
            lambda x: _std_normal(np.log(x)) * np.asarray(x, float)),
    Mistake("p_z(x)", "you evaluated the noise density at x itself: first map x back to the z that produced it",
            lambda x: _std_normal(x)),
]


def check_lognormal_pdf(answer) -> Feedback:
    """``answer(x)`` for x > 0 should be the density of exp(z), z ~ N(0, 1)."""
    return check_function("density of exp(z)", answer, lognormal_pdf, _PDF_INPUTS, LOGNORMAL_MISTAKES)


ONE_MODE = "one neuron, one data mode"
ONE_MODE_CHOICES = ["close to the ceiling", "far from the ceiling"]
ONE_MODE_REASONS = {  # the notebook's Exercise 4 lists these; the answer is a pair (choice, letter of the reason)
    "a": "the data now sit on one side of p_g, so one threshold can put most real samples on one side and most fakes "
         "on the other",
    "b": "with one data mode, p_g equals p_data",
    "c": "with one data mode, the ceiling max_D V is -log 4",
    "d": "a logistic curve sigma(s (x - t)) can now be exactly D*",
}
_FAR = ("with a single data mode, where do real and fake samples sit relative to each other? "
        "Can one threshold separate them?")
ONE_MODE_HINTS = {
    **{("far from the ceiling", r): _FAR for r in ONE_MODE_REASONS},
    ("close to the ceiling", "b"): "right prediction, wrong reason: G was left as it is, so p_g still differs from the "
                                   "one data mode; compare the two curves in the panel",
    ("close to the ceiling", "c"): "right prediction, wrong reason: the ceiling is -log 4 only when p_g = p_data, and "
                                   "here they still differ; read the ceiling in the panel's title",
    ("close to the ceiling", "d"): "right prediction, but not exactly: a neuron's logit s (x - t) is a straight line in "
                                   "x, and log p_data/p_g is one only when the two widths are equal. Here they are not, "
                                   "so a small gap remains; which other reason makes that gap small?",
}
_ONE_MODE_ANSWERS = [(c, r) for c in ONE_MODE_CHOICES for r in ONE_MODE_REASONS]


def check_one_mode_prediction(answer) -> Feedback:
    """``answer()`` returns a pair (one of ``ONE_MODE_CHOICES``, the letter of one of ``ONE_MODE_REASONS``)."""
    def pair():
        value = answer() if callable(answer) else answer  # NotImplementedError: not attempted yet
        return tuple(value) if isinstance(value, (tuple, list)) else value

    return check_choice(ONE_MODE, pair, ("close to the ceiling", "a"), _ONE_MODE_ANSWERS, ONE_MODE_HINTS,
                        expected="a pair (prediction, reason): the prediction one of ONE_MODE_CHOICES, the reason "
                                 f"one of the letters {sorted(ONE_MODE_REASONS)}")
