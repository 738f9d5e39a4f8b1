"""Checkers for lesson 06 (f-divergences, the Fenchel conjugate, the variational bound).

Each judges the student's function on the published inputs against the stored expected values and recognises
the usual wrong answers (the domain of f* forgotten, a factor dropped, p and q swapped, log base 2, the critic
of another row), naming the mistake without giving the answer. The references are the teacher's.
"""

from __future__ import annotations

import numpy as np

from . import Feedback, FunctionExercise

__all__ = ["TV_CONJUGATE", "KL_CRITIC", "REVERSE_KL_FROM_LOGIT",
           "check_tv_conjugate", "check_kl_critic", "check_reverse_kl_from_logit"]

TV_CONJUGATE = FunctionExercise("total variation conjugate",
                                [(np.array([-2.0, -0.9, -0.6, -0.3, 0.0, 0.2, 0.45, 0.6, 0.9, 1.5]),)])
KL_CRITIC = FunctionExercise("KL critic for two Gaussians", [(np.linspace(-3.0, 4.0, 15),)])
REVERSE_KL_FROM_LOGIT = FunctionExercise("reverse-KL critic from the logit", [(np.linspace(-3.0, 3.0, 13),)])


def check_tv_conjugate(answer) -> Feedback:
    """``answer(t)``: the conjugate of f(u) = |u - 1| / 2 on u > 0, with np.inf where it is infinite."""
    return TV_CONJUGATE.check(answer)


def check_kl_critic(answer) -> Feedback:
    """``answer(x)``: the optimal KL critic for p_data = N(0, 1) against p_g = N(1, 1)."""
    return KL_CRITIC.check(answer)


def check_reverse_kl_from_logit(answer) -> Feedback:
    """``answer(d)``: reverse KL's T* written with the GAN's optimal logit d = log p/q."""
    return REVERSE_KL_FROM_LOGIT.check(answer)
