"""Lesson 05's checkers: the mode-coverage metric by hand, the R1 penalty, the shape a packed discriminator returns."""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from .. import toy_models
from ..distributions import grid, ring
from . import Feedback, Mistake, check_choice, check_function

__all__ = ["check_mode_coverage", "check_r1", "check_packing_prediction", "PACKING_CHOICES"]


# --- mode coverage -------------------------------------------------------------------------------------------

def _coverage(points, means, std, n_std=3.0, hq_only=True, power=1):
    """(modes captured, fraction high quality) with the typical slips as switches."""
    dist = np.linalg.norm(np.asarray(points)[:, None] - np.asarray(means)[None], axis=2)  # (N, K)
    nearest = dist.argmin(axis=1)
    good = dist.min(axis=1) <= n_std * std**power
    captured = len(set(nearest[good])) if hq_only else len(set(nearest))
    return np.array([captured, good.mean()])


def _coverage_inputs():
    """Points near the ring's and the grid's modes at 0.5, 2 and 4 standard deviations, and far from all."""
    out = []
    for target, seed in ((ring(), 0), (grid(), 1)):
        rng = np.random.default_rng(seed)
        mu, std = target.means, float(target.stds[0])
        k = rng.permutation(len(mu))
        directions = rng.normal(size=(7, 2))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        radii = np.array([0.5, 0.5, 2.0, 2.0, 4.0, 4.0, 0.5]) * std
        pts = mu[k[:7]] + radii[:, None] * directions
        out.append((pts, mu, std))
    return out


COVERAGE_MISTAKES = [
    Mistake("one_sigma", "your radius is one standard deviation: the metric calls a sample high quality within three",
            lambda p, m, s: _coverage(p, m, s, n_std=1.0)),
    Mistake("all_samples", "you counted a mode as captured when any sample is nearest to it; only high-quality "
                           "samples count", lambda p, m, s: _coverage(p, m, s, hq_only=False)),
    Mistake("variance", "you compared the distance with a multiple of the variance: use the standard deviation",
            lambda p, m, s: _coverage(p, m, s, power=2)),
]


def check_mode_coverage(my_mode_coverage: Callable) -> Feedback:
    """Exercise: my_mode_coverage(points (N, 2), means (K, 2), std) -> (modes captured, fraction high quality)."""
    answer = lambda p, m, s: np.asarray(my_mode_coverage(p, m, s), dtype=float).ravel()
    return check_function("mode coverage", answer, _coverage, _coverage_inputs(), COVERAGE_MISTAKES)


# --- the R1 penalty ------------------------------------------------------------------------------------------

def _r1(discriminator, x_real, x_fake, gamma, on="real", half=True, of="logit", squared=True, create_graph=True):
    x = (x_real if on == "real" else x_fake).detach().requires_grad_(True)
    out = discriminator(x)
    out = torch.sigmoid(out) if of == "D" else out
    (grad,) = torch.autograd.grad(out.sum(), x, create_graph=create_graph)
    norm2 = grad.pow(2).sum(1)
    per_sample = norm2 if squared else norm2.sqrt()
    return (gamma / 2 if half else gamma) * per_sample.mean()


def _r1_inputs():
    inputs = []
    for seed, gamma in ((0, 0.1), (1, 10.0)):
        gen = torch.Generator().manual_seed(seed)
        d = toy_models.mlp([2, 16, 16, 1], gen)
        inputs.append((d, torch.randn(64, 2, generator=gen), 3 + torch.randn(64, 2, generator=gen), gamma))
    return inputs


def _value_and_grad(fn):
    """fn's penalty and its gradient in D's parameters (NaN if the penalty cannot be differentiated)."""
    def run(d, x_real, x_fake, gamma):
        penalty = fn(d, x_real.clone(), x_fake.clone(), gamma)
        if not torch.is_tensor(penalty):
            penalty = torch.as_tensor(penalty, dtype=torch.float32)
        params = list(d.parameters())
        try:
            grads = torch.autograd.grad(penalty, params, allow_unused=True)
            flat = torch.cat([(g if g is not None else torch.zeros_like(p)).flatten() for g, p in zip(grads, params)])
        except RuntimeError:  # the penalty carries no graph: the optimiser could not descend it
            flat = torch.full((sum(p.numel() for p in params),), float("nan"))
        return np.concatenate([[float(penalty.detach())], flat.detach().numpy()])
    return run


R1_MISTAKES = [
    Mistake("no_half", "off by a factor 2: the penalty is gamma over two times the mean squared gradient norm",
            _value_and_grad(lambda d, r, f, g: _r1(d, r, f, g, half=False))),
    Mistake("fake", "your penalty is computed on the generated samples; R1 penalises the gradient at the real data",
            _value_and_grad(lambda d, r, f, g: _r1(d, r, f, g, on="fake"))),
    Mistake("sigmoid", "you differentiated D = sigmoid(d); R1 uses the gradient of the logit d",
            _value_and_grad(lambda d, r, f, g: _r1(d, r, f, g, of="D"))),
    Mistake("not_squared", "you averaged the gradient's norm, not its squared norm",
            _value_and_grad(lambda d, r, f, g: _r1(d, r, f, g, squared=False))),
    Mistake("no_graph", "right value, but the penalty cannot be differentiated in D's parameters: the input gradient "
                        "needs create_graph=True", _value_and_grad(lambda d, r, f, g: _r1(d, r, f, g, create_graph=False))),
]


def check_r1(my_r1: Callable) -> Feedback:
    """Exercise: my_r1(discriminator, x_real, x_fake, gamma) -> gamma/2 * mean |grad_x d(x_real)|^2, differentiable."""
    return check_function("R1 penalty", _value_and_grad(my_r1), _value_and_grad(_r1), _r1_inputs(), R1_MISTAKES,
                          rtol=1e-4, atol=1e-7)


# --- predict a packed discriminator's output shape -------------------------------------------------------------

PACKING_CHOICES = ("a", "b", "c", "d")
PACKING_HINTS = {
    "a": "a packed D judges n samples together: how many judgements does a minibatch of m samples make?",
    "c": "packing concatenates n samples into one input; it does not repeat them",
    "d": "a discriminator returns one logit per input it judges",
}


def check_packing_prediction(answer: Callable[[], str]) -> Feedback:
    """Prediction: the shape of a packed (n = 4) discriminator's logits for a minibatch of m = 256 samples."""
    return check_choice("packing prediction", answer, "b", PACKING_CHOICES, PACKING_HINTS)
