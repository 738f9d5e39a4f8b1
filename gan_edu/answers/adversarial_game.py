"""The key of lesson 01 (the adversarial game): V from samples, gradients through the logit, the density of
exp(z), and the one-mode prediction with its reason."""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from ..exercises import adversarial_game as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["value_mc", "logit_gradients", "lognormal_pdf", "EXERCISES"]


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


def logit_gradients(D):
    """Reference: d/dl of log(1 - sigmoid(l)) and of -log sigmoid(l), as functions of D = sigmoid(l)."""
    D = np.asarray(D, float)
    return -D, -(1 - D)


LOGIT_GRADIENT_MISTAKES = [
    Mistake("sign", "the sizes are right but the signs are not: does each loss rise or fall as the logit grows?",
            lambda D: (np.asarray(D), 1 - np.asarray(D))),
    Mistake("swapped", "you swapped the two losses' gradients",
            lambda D: (-(1 - np.asarray(D)), -np.asarray(D))),
    Mistake("derivative in D", "that is the derivative with respect to D itself; the logit is one step further: "
            "use the chain rule with dD/dl", lambda D: (-1 / (1 - np.asarray(D)), -1 / np.asarray(D))),
]


def _std_normal(z):
    return np.exp(-0.5 * np.asarray(z, float) ** 2) / np.sqrt(2 * np.pi)


def lognormal_pdf(x):
    """Reference: the density of G(z) = exp(z), z ~ N(0, 1): p_z(log x) |d log x / dx|."""
    x = np.asarray(x, float)
    return _std_normal(np.log(x)) / x


LOGNORMAL_MISTAKES = [
    Mistake("no Jacobian", "you evaluated p_z at G^-1(x) but left out the change-of-variables factor: "
            "integrate your function over x and see whether it gives 1", lambda x: _std_normal(np.log(x))),
    Mistake("dG/dz", "you multiplied by dG/dz; the factor is the derivative of the inverse map, |dG^-1/dx|",
            lambda x: _std_normal(np.log(x)) * np.asarray(x, float)),
    Mistake("p_z(x)", "you evaluated the noise density at x itself: first map x back to the z that produced it",
            lambda x: _std_normal(x)),
]

_FAR = ("with a single data mode, where do real and fake samples sit relative to each other? "
        "Can one threshold separate them?")
ONE_MODE_HINTS = {
    **{("far from the ceiling", r): _FAR for r in published.ONE_MODE_REASONS},
    ("close to the ceiling", "b"): "right prediction, wrong reason: G was left as it is, so p_g still differs from the "
                                   "one data mode; compare the two curves in the panel",
    ("close to the ceiling", "c"): "right prediction, wrong reason: the ceiling is -log 4 only when p_g = p_data, and "
                                   "here they still differ; read the ceiling in the panel's title",
    ("close to the ceiling", "d"): "right prediction, but not exactly: a neuron's logit s (x - t) is a straight line in "
                                   "x, and log p_data/p_g is one only when the two widths are equal. Here they are not, "
                                   "so a small gap remains; which other reason makes that gap small?",
}
_RNG = np.random.default_rng(11)
_OTHER_D = lambda x: expit(-0.8 * (np.asarray(x, float) + 0.5))  # noqa: E731  another neuron, for the hidden test

EXERCISES = [
    FunctionAnswer(published.VALUE_MC, value_mc, VALUE_MC_MISTAKES, points=2,
                   hidden=[(_OTHER_D, _RNG.normal(0.0, 1.0, 33), _RNG.normal(1.0, 0.5, 21)),
                           (published.one_neuron_d, _RNG.normal(1.0, 1.0, 17), _RNG.normal(-2.0, 1.0, 25))]),
    FunctionAnswer(published.LOGIT_GRADIENTS, logit_gradients, LOGIT_GRADIENT_MISTAKES, points=2,
                   hidden=[(np.array([0.05, 0.42, 0.99]),), (np.array([0.25]),)]),
    FunctionAnswer(published.LOGNORMAL_PDF, lognormal_pdf, LOGNORMAL_MISTAKES, points=2,
                   hidden=[(np.array([0.1, 0.7, 1.3, 6.0]),)]),
    ChoiceAnswer(published.ONE_MODE, ("close to the ceiling", "a"), ONE_MODE_HINTS, points=2),
]
