"""The key of lesson 02 (the optimal discriminator): D*, the lemma, the optimal logit of two Gaussians, and
where D* says real."""

from __future__ import annotations

import numpy as np

from ..exercises import optimal_discriminator as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["d_star", "lemma", "gaussian_logit", "EXERCISES"]


def d_star(p_x, q_x):
    """Reference: p / (p + q), and 1/2 where p = q = 0."""
    p, q = np.asarray(p_x, float), np.asarray(q_x, float)
    total = p + q
    return np.divide(p, total, out=np.full(total.shape, 0.5), where=total > 0)


def _ratio_or(p_x, q_x, fill):
    with np.errstate(invalid="ignore", divide="ignore"):
        p, q = np.asarray(p_x, float), np.asarray(q_x, float)
        return np.where(p + q > 0, p / np.where(p + q > 0, p + q, 1.0), fill)


D_STAR_MISTAKES = [
    Mistake("0/0", "where both densities are 0 your answer is NaN: 0/0 needs a value of its own "
            "(read the section on p_data = p_g = 0)", lambda p, q: _ratio_or(p, q, np.nan)),
    Mistake("0/0 as 0", "where both densities are 0 you return 0: the course uses the value D* takes wherever the two "
            "densities are equal", lambda p, q: _ratio_or(p, q, 0.0)),
    Mistake("swapped", "you put the generator's density on top: D is the probability that x is real",
            lambda p, q: _ratio_or(q, p, 0.5)),
]


def lemma(a, b):
    """Reference: (argmax, max) of a log y + b log(1 - y) over y in (0, 1), for a, b > 0."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a / (a + b), a * np.log(a / (a + b)) + b * np.log(b / (a + b))


LEMMA_MISTAKES = [
    Mistake("swapped", "your maximiser is where the b term wins: recheck which of a and b goes on top",
            lambda a, b: (b / (a + b), lemma(a, b)[1])),
    Mistake("one term", "your maximum keeps only one of the two terms: substitute the maximiser into both",
            lambda a, b: (lemma(a, b)[0], a * np.log(a / (a + b)))),
    Mistake("sign", "your maximum has the wrong sign: each log of a number in (0, 1) is negative",
            lambda a, b: (lemma(a, b)[0], -lemma(a, b)[1])),
    Mistake("log2", "you used log base 2; the course uses natural logarithms",
            lambda a, b: (lemma(a, b)[0], lemma(a, b)[1] / np.log(2))),
]


def gaussian_logit(mu_data, mu_g, sigma):
    """Reference: slope and intercept of d*(x) = log N(x; mu_data, sigma^2) - log N(x; mu_g, sigma^2)."""
    return (mu_data - mu_g) / sigma**2, (mu_g**2 - mu_data**2) / (2 * sigma**2)


GAUSSIAN_LOGIT_MISTAKES = [
    Mistake("swapped", "both signs are flipped: you computed log p_g / p_data, the logit of 1 - D*",
            lambda m1, m2, s: tuple(-v for v in gaussian_logit(m1, m2, s))),
    Mistake("sigma", "you divided by sigma where the Gaussian's exponent divides by its variance",
            lambda m1, m2, s: ((m1 - m2) / s, (m2**2 - m1**2) / (2 * s))),
    Mistake("factor 2", "your intercept is off by a factor 2: keep the 1/2 of the Gaussian's exponent",
            lambda m1, m2, s: ((m1 - m2) / s**2, (m2**2 - m1**2) / s**2)),
]
REAL_MODE_HINTS = {
    "the mode at -2": "D* compares the two densities at each x: which distribution puts more mass on that mode?",
    "neither": "the components sit on the data's, but the generator's weights are not the data's",
}

EXERCISES = [
    FunctionAnswer(published.D_STAR, d_star, D_STAR_MISTAKES, points=3,
                   hidden=[(np.array([0.0, 0.7, 0.0, 2.5]), np.array([0.0, 0.7, 1.2, 0.0])),
                           (np.array([[0.3, 0.0]]), np.array([[0.6, 0.0]]))]),
    FunctionAnswer(published.LEMMA, lemma, LEMMA_MISTAKES, points=2,
                   hidden=[(np.array([0.4, 3.0]), np.array([2.2, 0.9])), (np.array([1.5]), np.array([1.5]))]),
    FunctionAnswer(published.GAUSSIAN_LOGIT, gaussian_logit, GAUSSIAN_LOGIT_MISTAKES, points=2,
                   hidden=[(1.2, -0.4, 0.8), (-0.5, 2.5, 2.0)]),
    ChoiceAnswer(published.REAL_MODE, "the mode at +2", REAL_MODE_HINTS, points=1),
]
