"""The key of lesson 08 (Wasserstein GANs): W1 from sorted samples, the gradient penalty, the clipping prediction."""

from __future__ import annotations

import numpy as np
import torch

from ..exercises import wasserstein_gans as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["w1_sorted", "gradient_penalty", "EXERCISES"]


def _w1(x, y, sort_x=True, sort_y=True, power=1, reduce=np.mean, signed=False):
    """W1 between equal-size samples with the typical slips as switches."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    gaps = (np.sort(x) if sort_x else x) - (np.sort(y) if sort_y else y)
    return float(abs(reduce(gaps))) if signed else float(reduce(np.abs(gaps) ** power))


def w1_sorted(x, y):
    """Reference: mean_i |x_(i) - y_(i)| over the sorted samples."""
    return _w1(x, y)


W1_MISTAKES = [
    Mistake("unsorted", "you paired the samples in the order they came: W1 pairs the smallest with the smallest, and so on",
            lambda x, y: _w1(x, y, sort_x=False, sort_y=False)),
    Mistake("one_sorted", "only one of the two samples is sorted: quantiles pair sorted with sorted",
            lambda x, y: _w1(x, y, sort_y=False)),
    Mistake("other_sorted", "only one of the two samples is sorted: quantiles pair sorted with sorted",
            lambda x, y: _w1(x, y, sort_x=False)),
    Mistake("squared", "you squared the gaps: that is the squared W2 distance; W1 averages their absolute values",
            lambda x, y: _w1(x, y, power=2)),
    Mistake("sum", "you summed the gaps: each sample carries mass 1/n, so average them", lambda x, y: _w1(x, y, reduce=np.sum)),
    Mistake("signed", "you averaged signed gaps, which cancel: that is the difference of the means; take each gap's size",
            lambda x, y: _w1(x, y, signed=True)),
]


def _gp(critic, x_real, x_fake, eps, lam, at="between", target=1.0, squared_norm=False, per_sample=True,
        create_graph=True, weight=True):
    eps = torch.as_tensor(eps).reshape(-1, 1)
    x = {"between": eps * x_real + (1 - eps) * x_fake, "reversed": eps * x_fake + (1 - eps) * x_real,
         "real": x_real}[at].detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x).sum(), x, create_graph=create_graph)  # (m, 2)
    norms = grad.pow(2).sum(1) if squared_norm else grad.norm(dim=1)
    value = (norms - target).pow(2).mean() if per_sample else (grad.norm() - target) ** 2
    return lam * value if weight else value


def gradient_penalty(critic, x_real, x_fake, eps, lam):
    """Reference: lam * mean_i (|grad_x f(x_hat_i)| - 1)^2 at x_hat_i = eps_i x_real_i + (1 - eps_i) x_fake_i."""
    return _gp(critic, x_real, x_fake, eps, lam)


GP_MISTAKES = [
    Mistake("reversed", "your interpolates weight x_fake by eps: drawing eps the other way round would be as good, but "
                        "the formula, and this check, multiply x_real by the eps you are given",
            lambda c, r, f, e, lam: _gp(c, r, f, e, lam, at="reversed")),
    Mistake("at_real", "you penalised the gradient at the real samples (where R1 looks); the gradient penalty looks at "
                       "points between real and generated ones", lambda c, r, f, e, lam: _gp(c, r, f, e, lam, at="real")),
    Mistake("target_zero", "you pushed the gradient's norm towards 0, as R1 does; this penalty pushes it towards 1",
            lambda c, r, f, e, lam: _gp(c, r, f, e, lam, target=0.0)),
    Mistake("squared_norm", "you used the squared norm inside the bracket: the penalty is (|grad| - 1)^2, with the norm itself",
            lambda c, r, f, e, lam: _gp(c, r, f, e, lam, squared_norm=True)),
    Mistake("batch_norm", "you took one norm over the whole minibatch's gradient: take each interpolate's own norm, then average",
            lambda c, r, f, e, lam: _gp(c, r, f, e, lam, per_sample=False)),
    Mistake("no_lambda", "the penalty is missing its weight lam", lambda c, r, f, e, lam: _gp(c, r, f, e, lam, weight=False)),
    Mistake("no_graph", "right value, but the penalty cannot be differentiated in the critic's parameters: the input "
                        "gradient needs create_graph=True", lambda c, r, f, e, lam: _gp(c, r, f, e, lam, create_graph=False)),
]
CLIP_HINTS = {
    "a line of slope 10": "before you predict, work out the steepest slope a network can have when none of its weights "
                          "exceeds c",
    "a step function": "a network of linear layers and LeakyReLUs is a continuous function of x: where could a jump "
                       "come from?",
    "the training diverges": "clipping keeps every weight in [-c, c] after each step: can the outputs grow without bound?",
}

EXERCISES = [
    FunctionAnswer(published.W1_SORTED, w1_sorted, W1_MISTAKES, points=2,
                   hidden=published.sorted_inputs(seeds=(7, 8), sizes=(6, 9))),
    FunctionAnswer(published.GRADIENT_PENALTY, gradient_penalty, GP_MISTAKES, points=3,
                   hidden=published.penalty_inputs(seeds=(5, 6), lams=(5.0, 0.5))),
    ChoiceAnswer(published.CLIPPING, "a line much flatter than slope 10", CLIP_HINTS, points=1),
]
