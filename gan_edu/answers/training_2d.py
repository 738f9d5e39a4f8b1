"""The key of lesson 05 (training in 2-D): mode coverage, the R1 penalty, and the packing prediction."""

from __future__ import annotations

import numpy as np
import torch

from ..distributions import grid, ring
from ..exercises import training_2d as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["mode_coverage", "r1_penalty", "EXERCISES"]


def _coverage(points, means, std, n_std=3.0, hq_only=True, power=1):
    """(modes captured, fraction high quality) with the typical slips as switches."""
    dist = np.linalg.norm(np.asarray(points)[:, None] - np.asarray(means)[None], axis=2)  # (N, K)
    nearest = dist.argmin(axis=1)
    good = dist.min(axis=1) <= n_std * std**power
    captured = len(set(nearest[good])) if hq_only else len(set(nearest))
    return captured, float(good.mean())


def mode_coverage(points, means, std):
    """Reference: (modes with a sample within 3 std, fraction of samples within 3 std of their nearest mode)."""
    return _coverage(points, means, std)


COVERAGE_MISTAKES = [
    Mistake("one_sigma", "your radius is one standard deviation: the metric calls a sample high quality within three",
            lambda p, m, s: _coverage(p, m, s, n_std=1.0)),
    Mistake("all_samples", "you counted a mode as captured when any sample is nearest to it; only high-quality "
                           "samples count", lambda p, m, s: _coverage(p, m, s, hq_only=False)),
    Mistake("variance", "you compared the distance with a multiple of the variance: use the standard deviation",
            lambda p, m, s: _coverage(p, m, s, power=2)),
]


def _r1(discriminator, x_real, x_fake, gamma, on="real", half=True, of="logit", squared=True, create_graph=True):
    x = (x_real if on == "real" else x_fake).detach().requires_grad_(True)
    out = discriminator(x)
    out = torch.sigmoid(out) if of == "D" else out
    (grad,) = torch.autograd.grad(out.sum(), x, create_graph=create_graph)
    norm2 = grad.pow(2).sum(1)
    per_sample = norm2 if squared else norm2.sqrt()
    return (gamma / 2 if half else gamma) * per_sample.mean()


def r1_penalty(discriminator, x_real, x_fake, gamma):
    """Reference: gamma/2 * mean |grad_x d(x_real)|^2, differentiable in D's parameters."""
    return _r1(discriminator, x_real, x_fake, gamma)


R1_MISTAKES = [
    Mistake("no_half", "off by a factor 2: the penalty is gamma over two times the mean squared gradient norm",
            lambda d, r, f, g: _r1(d, r, f, g, half=False)),
    Mistake("fake", "your penalty is computed on the generated samples; R1 penalises the gradient at the real data",
            lambda d, r, f, g: _r1(d, r, f, g, on="fake")),
    Mistake("sigmoid", "you differentiated D = sigmoid(d); R1 uses the gradient of the logit d",
            lambda d, r, f, g: _r1(d, r, f, g, of="D")),
    Mistake("not_squared", "you averaged the gradient's norm, not its squared norm",
            lambda d, r, f, g: _r1(d, r, f, g, squared=False)),
    Mistake("no_graph", "right value, but the penalty cannot be differentiated in D's parameters: the input gradient "
                        "needs create_graph=True", lambda d, r, f, g: _r1(d, r, f, g, create_graph=False)),
]
PACKING_HINTS = {
    "a": "a packed D judges n samples together: how many judgements does a minibatch of m samples make?",
    "c": "packing concatenates n samples into one input; it does not repeat them",
    "d": "a discriminator returns one logit per input it judges",
}

EXERCISES = [
    FunctionAnswer(published.MODE_COVERAGE, mode_coverage, COVERAGE_MISTAKES, points=2,
                   hidden=published.coverage_inputs(seeds=(5, 6), targets=(grid, ring))),
    FunctionAnswer(published.R1, r1_penalty, R1_MISTAKES, points=3,
                   hidden=published.r1_inputs(seeds=(7, 8), gammas=(1.0, 0.5))),
    ChoiceAnswer(published.PACKING, "b", PACKING_HINTS, points=1),
]
