"""Checkers for lesson 06 (f-divergences, the Fenchel conjugate, the variational bound).

Each recognises the usual wrong answers (the domain of f* forgotten, a factor dropped, p and q swapped,
log base 2, the critic of another row) and names the mistake without giving the answer.
"""

from __future__ import annotations

import numpy as np

from . import Feedback, Mistake, check_function

__all__ = ["TV_CONJUGATE", "KL_CRITIC", "REVERSE_KL_FROM_LOGIT",
           "check_tv_conjugate", "check_kl_critic", "check_reverse_kl_from_logit",
           "tv_conjugate", "kl_critic", "reverse_kl_from_logit"]

TV_CONJUGATE = "total variation conjugate"
KL_CRITIC = "KL critic for two Gaussians"
REVERSE_KL_FROM_LOGIT = "reverse-KL critic from the logit"


def tv_conjugate(t):
    """f*(t) = sup_{u > 0} (t u - |u - 1| / 2): -1/2 for t < -1/2, t up to 1/2, +inf beyond."""
    t = np.asarray(t, dtype=np.float64)
    return np.where(t > 0.5, np.inf, np.maximum(t, -0.5))


def check_tv_conjugate(answer) -> Feedback:
    """``answer(t)``: the conjugate of f(u) = |u - 1| / 2 on u > 0, with np.inf where it is infinite."""
    t = np.array([-2.0, -0.9, -0.6, -0.3, 0.0, 0.2, 0.45, 0.6, 0.9, 1.5])
    mistakes = [
        Mistake("domain", "for some t the supremum is unbounded (t u - f(u) grows without limit as u grows): "
                          "f*(t) is +infinity there, return np.inf", lambda t: np.maximum(t, -0.5)),
        Mistake("real line", "you let u range over all real numbers; here u = p/q > 0, so look at u -> 0 for very "
                             "negative t", lambda t: np.where(np.abs(t) > 0.5, np.inf, t)),
        Mistake("factor 2", "this is the conjugate of |u - 1|: the factor 1/2 in f moves where f* is finite",
                lambda t: np.where(t > 1, np.inf, np.maximum(t, -1.0))),
        Mistake("no supremum", "t u - f(u) has to be maximised over u: check both pieces, u < 1 and u > 1, "
                               "and the limits u -> 0 and u -> infinity", lambda t: t),
    ]
    return check_function(TV_CONJUGATE, answer, tv_conjugate, [(t,)], mistakes)


def kl_critic(x):
    """T*(x) = f'(p/q) = 1 + log p(x)/q(x) for KL, p = N(0, 1), q = N(1, 1): 1 + (1/2 - x)."""
    return 1.5 - np.asarray(x, dtype=np.float64)


def check_kl_critic(answer) -> Feedback:
    """``answer(x)``: the optimal KL critic for p_data = N(0, 1) against p_g = N(1, 1)."""
    x = np.linspace(-3.0, 4.0, 15)
    log_ratio = lambda x: 0.5 - x  # noqa: E731  log p/q
    mistakes = [
        Mistake("swapped", "you used the ratio the other way round: T* = f'(p/q) has the data's density on top",
                lambda x: 1 - log_ratio(x)),
        Mistake("missing 1", "f(u) = u log u has a product rule derivative: one of its two terms is missing",
                log_ratio),
        Mistake("log base 2", "the table uses the natural log, not log base 2", lambda x: 1 + log_ratio(x) / np.log(2)),
        Mistake("f not f'", "you evaluated f at p/q; the optimal critic is its derivative f'",
                lambda x: np.exp(log_ratio(x)) * log_ratio(x)),
    ]
    return check_function(KL_CRITIC, answer, kl_critic, [(x,)], mistakes)


def reverse_kl_from_logit(d):
    """The reverse-KL critic T* = f'(u) = -1/u with u = p/q = exp(d), d the optimal GAN logit: -exp(-d)."""
    return -np.exp(-np.asarray(d, dtype=np.float64))


def check_reverse_kl_from_logit(answer) -> Feedback:
    """``answer(d)``: reverse KL's T* written with the GAN's optimal logit d = log p/q."""
    d = np.linspace(-3.0, 3.0, 13)
    mistakes = [
        Mistake("swapped", "d = log p/q; you used it as log q/p (p and q swapped)", lambda d: -np.exp(d)),
        Mistake("sign", "sign: reverse KL's critic takes values in dom f* = (-inf, 0)", lambda d: np.exp(-d)),
        Mistake("wrong row", "that is the KL row's critic 1 + log u: here f(u) = -log u", lambda d: 1 + d),
        Mistake("log base 2", "d is a natural log: undo it with exp, not with 2 **", lambda d: -(2.0 ** -d)),
    ]
    return check_function(REVERSE_KL_FROM_LOGIT, answer, reverse_kl_from_logit, [(d,)], mistakes)
