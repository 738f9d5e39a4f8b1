"""The key of lesson 03 (the global optimum and the JSD): KL of two Gaussians, the JSD of two vectors, a pair
at the JSD's maximum, and the capacity prediction."""

from __future__ import annotations

import numpy as np

from ..exercises import global_optimum as published
from . import ChoiceAnswer, CustomAnswer, FunctionAnswer, Mistake

__all__ = ["kl_gauss", "jsd_vectors", "extreme_pair", "EXERCISES"]


def kl_gauss(mu1, s1, mu2, s2):
    """Reference: KL(N(mu1, s1^2) || N(mu2, s2^2)) in nats."""
    return np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5


KL_GAUSS_MISTAKES = [
    Mistake("swapped", "you computed KL the other way round: KL is not symmetric, check which Gaussian the "
            "expectation is over", lambda m1, s1, m2, s2: kl_gauss(m2, s2, m1, s1)),
    Mistake("log2", "you used log base 2; the course uses natural logarithms (nats)",
            lambda m1, s1, m2, s2: kl_gauss(m1, s1, m2, s2) / np.log(2)),
    Mistake("no -1/2", "your KL is not zero for two identical Gaussians: a constant is missing",
            lambda m1, s1, m2, s2: kl_gauss(m1, s1, m2, s2) + 0.5),
    Mistake("variance in the log", "the log term is off by a factor 2: it compares standard deviations, not variances",
            lambda m1, s1, m2, s2: np.log(s2**2 / s1**2) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5),
]


def _kl_vec(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0) / q), 0.0)))


def jsd_vectors(p, q):
    """Reference: JSD of two probability vectors, natural log, with 0 log 0 = 0."""
    m = (np.asarray(p, float) + np.asarray(q, float)) / 2
    return 0.5 * _kl_vec(p, m) + 0.5 * _kl_vec(q, m)


def _jsd_literal(p, q):  # no 0 log 0 rule: NaN wherever one vector has a zero
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))


JSD_MISTAKES = [
    Mistake("0 log 0", "your answer is NaN where a vector has a zero entry: a term 0 log 0 counts as 0 (its limit)",
            _jsd_literal),
    Mistake("no 1/2", "your answer is twice the JSD: each KL to the mixture is weighted by one half",
            lambda p, q: 2 * jsd_vectors(p, q)),
    Mistake("log2", "you used log base 2; the course uses natural logarithms, so the JSD is at most log 2",
            lambda p, q: jsd_vectors(p, q) / np.log(2)),
    Mistake("KL(p||q)", "you compared p with q directly; the JSD compares each with their average m",
            lambda p, q: 0.5 * _kl_vec(p, q) + 0.5 * _kl_vec(q, p)),
]


def extreme_pair(n):
    """Reference: all of p's mass on the first entry, all of q's on the last."""
    p, q = np.zeros(n), np.zeros(n)
    p[0], q[-1] = 1.0, 1.0
    return p, q


CAPACITY_HINTS = {
    "JSD reaches 0": "JSD = 0 needs p_g = p_data: can one Gaussian ever equal a mixture of two separated ones?",
    "the descent diverges": "with D = D* at every step, C(G) cannot rise along small descent steps",
}
HIDDEN_PAIR_NS = (3, 5, 9)

EXERCISES = [
    ChoiceAnswer(published.CAPACITY, "JSD stops at a positive value", CAPACITY_HINTS, points=1),
    FunctionAnswer(published.KL_GAUSS, kl_gauss, KL_GAUSS_MISTAKES, points=2,
                   hidden=[(0.5, 1.2, -0.3, 0.9), (-1.0, 0.4, -1.0, 0.4), (3.0, 1.0, 1.0, 3.0)]),
    FunctionAnswer(published.JSD, jsd_vectors, JSD_MISTAKES, points=3,
                   hidden=[(np.array([0.0, 0.3, 0.7]), np.array([0.6, 0.4, 0.0])),
                           (np.array([0.25, 0.25, 0.25, 0.25, 0.0]), np.array([0.2, 0.2, 0.2, 0.2, 0.2]))]),
    CustomAnswer(published.PAIR, lambda answer: published.judge_pair(answer, HIDDEN_PAIR_NS),
                 list(published.PAIR_HINTS), points=2),
]
