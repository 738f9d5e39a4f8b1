"""The key of lesson 06 (f-divergences): the total-variation conjugate, the KL critic, reverse KL's critic."""

from __future__ import annotations

import numpy as np

from ..exercises import f_divergences as published
from . import FunctionAnswer, Mistake

__all__ = ["tv_conjugate", "kl_critic", "reverse_kl_from_logit", "EXERCISES"]


def tv_conjugate(t):
    """f*(t) = sup_{u > 0} (t u - |u - 1| / 2): -1/2 for t < -1/2, t up to 1/2, +inf beyond."""
    t = np.asarray(t, dtype=np.float64)
    return np.where(t > 0.5, np.inf, np.maximum(t, -0.5))


TV_MISTAKES = [
    Mistake("domain", "for some t the supremum is unbounded (t u - f(u) grows without limit as u grows): "
                      "f*(t) is +infinity there, return np.inf", lambda t: np.maximum(t, -0.5)),
    Mistake("real line", "you let u range over all real numbers; here u = p/q > 0, so look at u -> 0 for very "
                         "negative t", lambda t: np.where(np.abs(t) > 0.5, np.inf, t)),
    Mistake("factor 2", "this is the conjugate of |u - 1|: the factor 1/2 in f moves where f* is finite",
            lambda t: np.where(t > 1, np.inf, np.maximum(t, -1.0))),
    Mistake("no supremum", "t u - f(u) has to be maximised over u: check both pieces, u < 1 and u > 1, "
                           "and the limits u -> 0 and u -> infinity", lambda t: t),
]


def kl_critic(x):
    """T*(x) = f'(p/q) = 1 + log p(x)/q(x) for KL, p = N(0, 1), q = N(1, 1): 1 + (1/2 - x)."""
    return 1.5 - np.asarray(x, dtype=np.float64)


def _log_ratio(x):  # log p/q for p = N(0, 1), q = N(1, 1)
    return 0.5 - np.asarray(x, dtype=np.float64)


KL_CRITIC_MISTAKES = [
    Mistake("swapped", "you used the ratio the other way round: T* = f'(p/q) has the data's density on top",
            lambda x: 1 - _log_ratio(x)),
    Mistake("missing 1", "f(u) = u log u has a product rule derivative: one of its two terms is missing", _log_ratio),
    Mistake("log base 2", "the table uses the natural log, not log base 2", lambda x: 1 + _log_ratio(x) / np.log(2)),
    Mistake("f not f'", "you evaluated f at p/q; the optimal critic is its derivative f'",
            lambda x: np.exp(_log_ratio(x)) * _log_ratio(x)),
]


def reverse_kl_from_logit(d):
    """The reverse-KL critic T* = f'(u) = -1/u with u = p/q = exp(d), d the optimal GAN logit: -exp(-d)."""
    return -np.exp(-np.asarray(d, dtype=np.float64))


REVERSE_KL_MISTAKES = [
    Mistake("swapped", "d = log p/q; you used it as log q/p (p and q swapped)", lambda d: -np.exp(d)),
    Mistake("sign", "sign: reverse KL's critic takes values in dom f* = (-inf, 0)", lambda d: np.exp(-d)),
    Mistake("wrong row", "that is the KL row's critic 1 + log u: here f(u) = -log u", lambda d: 1 + d),
    Mistake("log base 2", "d is a natural log: undo it with exp, not with 2 **", lambda d: -(2.0 ** -d)),
]

EXERCISES = [
    FunctionAnswer(published.TV_CONJUGATE, tv_conjugate, TV_MISTAKES, points=3,
                   hidden=[(np.array([-3.5, -0.75, -0.1, 0.35, 0.55, 2.0]),)]),
    FunctionAnswer(published.KL_CRITIC, kl_critic, KL_CRITIC_MISTAKES, points=2,
                   hidden=[(np.array([-1.7, 0.25, 2.9]),)]),
    FunctionAnswer(published.REVERSE_KL_FROM_LOGIT, reverse_kl_from_logit, REVERSE_KL_MISTAKES, points=2,
                   hidden=[(np.array([-2.2, -0.4, 0.9, 1.7]),)]),
]
