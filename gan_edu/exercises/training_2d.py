"""Lesson 05's checkers: the mode-coverage metric by hand, the R1 penalty, the shape a packed discriminator returns.

Each ``check_*`` judges the student's function on the published inputs against the stored expected values (the
references and typical mistakes are the teacher's, in ``gan_edu.answers``). The R1 checker compares the penalty
and its gradient in D's parameters, so a penalty that cannot be differentiated is caught.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from .. import toy_models
from ..distributions import grid, ring
from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["MODE_COVERAGE", "R1", "PACKING", "PACKING_CHOICES", "coverage_inputs", "r1_inputs", "value_and_grad",
           "check_mode_coverage", "check_r1", "check_packing_prediction"]


def coverage_inputs(seeds=(0, 1), targets=(ring, grid)) -> list[tuple]:
    """Points near each target's modes at 0.5, 2 and 4 standard deviations: (points (7, 2), means, std) each."""
    out = []
    for make, seed in zip(targets, seeds):
        target, rng = make(), np.random.default_rng(seed)
        mu, std = target.means, float(target.stds[0])
        k = rng.permutation(len(mu))
        directions = rng.normal(size=(7, 2))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        radii = np.array([0.5, 0.5, 2.0, 2.0, 4.0, 4.0, 0.5]) * std
        out.append((mu[k[:7]] + radii[:, None] * directions, mu, std))
    return out


def r1_inputs(seeds=(0, 1), gammas=(0.1, 10.0)) -> list[tuple]:
    """(discriminator 2-16-16-1, x_real (64, 2), x_fake (64, 2), gamma) for each seed."""
    inputs = []
    for seed, gamma in zip(seeds, gammas):
        gen = torch.Generator().manual_seed(seed)
        d = toy_models.mlp([2, 16, 16, 1], gen)
        inputs.append((d, torch.randn(64, 2, generator=gen), 3 + torch.randn(64, 2, generator=gen), gamma))
    return inputs


def value_and_grad(fn: Callable) -> Callable:
    """The harness of a penalty exercise, fn(d, *inputs): the penalty and its gradient in D's parameters (NaN if it
    cannot be differentiated); lesson 08's gradient penalty uses it too."""
    def run(d, *inputs):
        penalty = fn(d, *inputs)
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


MODE_COVERAGE = FunctionExercise("mode coverage", coverage_inputs())
R1 = FunctionExercise("R1 penalty", r1_inputs(), wrap=value_and_grad, rtol=1e-4, atol=1e-7)
PACKING_CHOICES = ("a", "b", "c", "d")
PACKING = ChoiceExercise("packing prediction", PACKING_CHOICES)


def check_mode_coverage(my_mode_coverage: Callable) -> Feedback:
    """Exercise: my_mode_coverage(points (N, 2), means (K, 2), std) -> (modes captured, fraction high quality)."""
    return MODE_COVERAGE.check(my_mode_coverage)


def check_r1(my_r1: Callable) -> Feedback:
    """Exercise: my_r1(discriminator, x_real, x_fake, gamma) -> gamma/2 * mean |grad_x d(x_real)|^2, differentiable."""
    return R1.check(my_r1)


def check_packing_prediction(answer: Callable[[], str]) -> Feedback:
    """Prediction: the shape of a packed (n = 4) discriminator's logits for a minibatch of m = 256 samples."""
    return PACKING.check(answer)
