"""Checkers for lesson 03 (the global optimum and the JSD): KL of two Gaussians, the JSD of two probability
vectors (with 0 log 0 = 0), a pair that reaches the JSD's maximum, and a prediction about Proposition 2.

Each ``check_*`` takes the student's function; the ``*_MISTAKES`` lists are the wrong answers it recognises.
"""

from __future__ import annotations

import numpy as np

from . import Feedback, Mistake, check_choice, check_function

__all__ = ["check_kl_gauss", "check_jsd", "check_disjoint_pair", "check_capacity_prediction"]


def kl_gauss(mu1, s1, mu2, s2):
    """Reference: KL(N(mu1, s1^2) || N(mu2, s2^2)) in nats."""
    return np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5


_KL_INPUTS = [(0.0, 1.0, 1.0, 2.0), (1.0, 0.5, -1.0, 1.5), (2.0, 2.0, 0.0, 0.7)]
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


def check_kl_gauss(answer) -> Feedback:
    """``answer(mu1, s1, mu2, s2)`` is KL(N(mu1, s1^2) || N(mu2, s2^2))."""
    return check_function("KL of two Gaussians", answer, kl_gauss, _KL_INPUTS, KL_GAUSS_MISTAKES)


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


_JSD_INPUTS = [(np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])),
               (np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.4, 0.3, 0.2, 0.1])),
               (np.array([1.0, 0.0]), np.array([0.0, 1.0]))]
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


def check_jsd(answer) -> Feedback:
    """``answer(p, q)`` is the JSD of two probability vectors."""
    return check_function("JSD of two vectors", answer, jsd_vectors, _JSD_INPUTS, JSD_MISTAKES)


def _jsd_of_pair(answer):
    def jsd_of(n):
        p, q = (np.asarray(v, float) for v in answer(n))
        for name, v in (("p", p), ("q", q)):
            if v.shape != (n,) or np.any(v < 0) or not np.isclose(v.sum(), 1.0):
                raise ValueError(f"{name} must be a probability vector of length n = {n} (non-negative, summing to 1)")
        return jsd_vectors(p, q)
    return jsd_of


PAIR_MISTAKES = [
    Mistake("identical", "your two distributions are the same: that is where the JSD is smallest, not largest",
            lambda n: 0.0),
]


def check_disjoint_pair(answer) -> Feedback:
    """``answer(n)`` returns two probability vectors of length n whose JSD is the largest possible."""
    if not callable(answer):
        return check_function("a pair at the maximum", answer, lambda n: np.log(2), [(4,)])
    return check_function("a pair at the maximum", _jsd_of_pair(answer), lambda n: np.log(2), [(4,), (7,)],
                          PAIR_MISTAKES, rtol=1e-9, atol=1e-12)


CAPACITY_CHOICES = ["JSD reaches 0", "JSD stops at a positive value", "the descent diverges"]
CAPACITY_HINTS = {
    "JSD reaches 0": "JSD = 0 needs p_g = p_data: can one Gaussian ever equal a mixture of two separated ones?",
    "the descent diverges": "with D = D* at every step, C(G) cannot rise along small descent steps",
}


def check_capacity_prediction(answer) -> Feedback:
    """``answer()`` returns one of ``CAPACITY_CHOICES``."""
    return check_choice("one Gaussian against two modes", answer, "JSD stops at a positive value", CAPACITY_CHOICES,
                        CAPACITY_HINTS)
