"""Checkers for lesson 03 (the global optimum and the JSD): KL of two Gaussians, the JSD of two probability
vectors (with 0 log 0 = 0), a pair that reaches the JSD's maximum, and a prediction about Proposition 2.

Each ``check_*`` takes the student's function and judges it on the published inputs against the stored
expected values (the references and typical mistakes are the teacher's, in ``gan_edu.answers``);
``check_disjoint_pair`` judges a property of the pair instead, and ``PAIR_HINTS`` are the slips it names.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import (CORRECT, MISTAKE, NOT_ATTEMPTED, WRONG, ChoiceExercise, Feedback, FunctionExercise, report)

__all__ = ["KL_GAUSS", "JSD", "PAIR", "PAIR_HINTS", "PAIR_NS", "CAPACITY", "CAPACITY_CHOICES", "check_kl_gauss",
           "check_jsd", "check_disjoint_pair", "judge_pair", "check_capacity_prediction"]

KL_GAUSS = FunctionExercise("KL of two Gaussians", [(0.0, 1.0, 1.0, 2.0), (1.0, 0.5, -1.0, 1.5), (2.0, 2.0, 0.0, 0.7)])
JSD = FunctionExercise("JSD of two vectors", [(np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])),
                                             (np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.4, 0.3, 0.2, 0.1])),
                                             (np.array([1.0, 0.0]), np.array([0.0, 1.0]))])
CAPACITY_CHOICES = ["JSD reaches 0", "JSD stops at a positive value", "the descent diverges"]
CAPACITY = ChoiceExercise("one Gaussian against two modes", CAPACITY_CHOICES)


def check_kl_gauss(answer) -> Feedback:
    """``answer(mu1, s1, mu2, s2)`` is KL(N(mu1, s1^2) || N(mu2, s2^2))."""
    return KL_GAUSS.check(answer)


def check_jsd(answer) -> Feedback:
    """``answer(p, q)`` is the JSD of two probability vectors."""
    return JSD.check(answer)


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
PAIR_NS = (4, 7)  # n = 2 would accept q = 1 - p


def _pair_label(p, q, n) -> str:
    """What is wrong with the pair (p, q) for length n, or "maximal" when the JSD is log 2 (disjoint supports)."""
    if p.shape != (n,) or q.shape != (n,):
        return "length"
    if np.any(p < 0) or np.any(q < 0):
        return "negative"
    if not (np.isclose(p.sum(), 1.0) and np.isclose(q.sum(), 1.0)):
        return "complement" if np.allclose(q, 1 - p) else "not normalised"
    if not np.any((p > 0) & (q > 0)):  # JSD = log 2 exactly when no entry carries mass in both
        return "maximal"
    return "identical" if np.allclose(p, q) else "overlap"


def judge_pair(answer, ns: Sequence[int] = PAIR_NS) -> Feedback:
    """The feedback on ``answer(n)`` for each n in ``ns`` (not printed)."""
    if not callable(answer):
        return Feedback(PAIR, WRONG, f"pass your function itself (got a {type(answer).__name__})")
    labels = []
    for n in ns:
        try:
            pair = answer(n)
        except NotImplementedError:
            return Feedback(PAIR, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your code, "
                                                 "run that cell, then this one")
        except Exception as err:  # the student's code failed: say how, keep the notebook running
            return Feedback(PAIR, WRONG, f"your function raised {type(err).__name__}: {err}")
        try:
            p, q = (np.asarray(v) for v in pair)
            if p.dtype.kind not in "iuf" or q.dtype.kind not in "iuf":
                return Feedback(PAIR, WRONG, f"p and q must be arrays of real numbers (got {p.dtype} and {q.dtype})")
            p, q = p.astype(np.float64), q.astype(np.float64)
        except (TypeError, ValueError):
            return Feedback(PAIR, WRONG, "return two arrays, p and q (for example `return p, q`)")
        labels.append(_pair_label(p, q, n))
    wrong = [label for label in labels if label != "maximal"]
    if not wrong:
        return Feedback(PAIR, CORRECT, "correct")
    return Feedback(PAIR, MISTAKE, PAIR_HINTS[wrong[0]], wrong[0])


def check_disjoint_pair(answer) -> Feedback:
    """``answer(n)`` returns two probability vectors of length n whose JSD is the largest possible, log 2.

    Each returned pair is checked for the usual slips first (wrong length, negative masses, masses not summing
    to 1, q = 1 - p), then for disjoint supports; a valid pair that overlaps is named "identical" or "overlap".
    """
    return report(judge_pair(answer))


def check_capacity_prediction(answer) -> Feedback:
    """``answer()`` returns one of ``CAPACITY_CHOICES``."""
    return CAPACITY.check(answer)
