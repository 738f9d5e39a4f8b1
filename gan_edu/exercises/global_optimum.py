"""Checkers for lesson 03 (the global optimum and the JSD): KL of two Gaussians, the JSD of two probability
vectors (with 0 log 0 = 0), a pair that reaches the JSD's maximum, and a prediction about Proposition 2.

Each ``check_*`` takes the student's function; the ``*_MISTAKES`` lists are the wrong answers it recognises, and
``PAIR_HINTS`` the slips ``check_disjoint_pair`` names.
"""

from __future__ import annotations

import numpy as np

from . import CORRECT, MISTAKE, NOT_ATTEMPTED, WRONG, Feedback, Mistake, _report, check_choice, check_function

__all__ = ["check_kl_gauss", "check_jsd", "check_disjoint_pair", "check_capacity_prediction", "PAIR_HINTS",
           "CAPACITY_CHOICES"]


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


PAIR = "a pair at the maximum"
PAIR_HINTS = {
    "identical": "your two distributions are the same: that is where the JSD is smallest, not largest",
    "overlap": "your p and q are both positive at some entry: there the hint's inequality log(p/m) <= log 2 is "
               "strict. Look again at when it is an equality",
    "complement": "q = 1 - p is not a probability vector when n > 2: its masses sum to n - 1. Build q on its own",
    "not normalised": "p or q does not sum to 1: a probability vector's masses add up to one",
    "negative": "p or q has a negative entry: a probability vector's masses are all >= 0",
    "length": "your vectors do not have length n: build them from the argument n (the check tries several n)",
}
_PAIR_NS = (4, 7)  # n = 2 would accept q = 1 - p


def _pair_label(p, q, n) -> str:
    """What is wrong with the pair (p, q) for length n, or "maximal" when its JSD is log 2."""
    if p.shape != (n,) or q.shape != (n,):
        return "length"
    if np.any(p < 0) or np.any(q < 0):
        return "negative"
    if not (np.isclose(p.sum(), 1.0) and np.isclose(q.sum(), 1.0)):
        return "complement" if np.allclose(q, 1 - p) else "not normalised"
    if np.isclose(jsd_vectors(p, q), np.log(2), rtol=1e-9, atol=1e-12):
        return "maximal"
    return "identical" if np.allclose(p, q) else "overlap"


def check_disjoint_pair(answer) -> Feedback:
    """``answer(n)`` returns two probability vectors of length n whose JSD is the largest possible, log 2.

    Each returned pair is checked for the usual slips first (wrong length, negative masses, masses not summing
    to 1, q = 1 - p), then for its JSD; a valid pair short of log 2 is named "identical" or "overlap".
    """
    if not callable(answer):
        return _report(Feedback(PAIR, WRONG, f"pass your function itself (got a {type(answer).__name__})"))
    labels = []
    for n in _PAIR_NS:
        try:
            pair = answer(n)
        except NotImplementedError:
            return _report(Feedback(PAIR, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your code, "
                                                         "run that cell, then this one"))
        except Exception as err:  # the student's code failed: say how, keep the notebook running
            return _report(Feedback(PAIR, WRONG, f"your function raised {type(err).__name__}: {err}"))
        try:
            p, q = (np.asarray(v, dtype=np.float64) for v in pair)
        except (TypeError, ValueError):
            return _report(Feedback(PAIR, WRONG, "return two arrays, p and q (for example `return p, q`)"))
        labels.append(_pair_label(p, q, n))
    wrong = [label for label in labels if label != "maximal"]
    if not wrong:
        return _report(Feedback(PAIR, CORRECT, "correct"))
    return _report(Feedback(PAIR, MISTAKE, PAIR_HINTS[wrong[0]], wrong[0]))


CAPACITY_CHOICES = ["JSD reaches 0", "JSD stops at a positive value", "the descent diverges"]
CAPACITY_HINTS = {
    "JSD reaches 0": "JSD = 0 needs p_g = p_data: can one Gaussian ever equal a mixture of two separated ones?",
    "the descent diverges": "with D = D* at every step, C(G) cannot rise along small descent steps",
}


def check_capacity_prediction(answer) -> Feedback:
    """``answer()`` returns one of ``CAPACITY_CHOICES``."""
    return check_choice("one Gaussian against two modes", answer, "JSD stops at a positive value", CAPACITY_CHOICES,
                        CAPACITY_HINTS)
