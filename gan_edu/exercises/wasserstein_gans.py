"""Checkers for lesson 08 (Wasserstein GANs): W1 between sorted samples, the gradient penalty, and what weight
clipping does to a critic asked to fit a steep function.

Each ``check_*`` judges the student's function or choice against the stored expected values; the references
and typical mistakes are the teacher's, in ``gan_edu.answers``. The gradient-penalty checker compares the
penalty and its gradient in the critic's parameters, so a penalty that cannot be differentiated is caught.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from .. import toy_models
from . import ChoiceExercise, Feedback, FunctionExercise
from .training_2d import value_and_grad

__all__ = ["W1_SORTED", "GRADIENT_PENALTY", "CLIPPING", "CLIP_CHOICES", "sorted_inputs", "penalty_inputs",
           "check_w1_sorted", "check_gradient_penalty", "check_clipping_prediction"]


def sorted_inputs(seeds=(0, 1, 2), sizes=(5, 8, 12)) -> list[tuple]:
    """(x (n,), y (n,)) for each seed: unsorted samples whose order matters, of equal size n."""
    out = []
    for seed, n in zip(seeds, sizes):
        rng = np.random.default_rng(seed)
        out.append((rng.normal(0.0, 1.0, n), rng.normal(1.0, 2.0, n)))
    return out


def penalty_inputs(seeds=(0, 1), lams=(10.0, 1.0)) -> list[tuple]:
    """(critic 2-16-16-1, x_real (32, 2), x_fake (32, 2), eps (32, 1) in [0, 1], lam) for each seed."""
    inputs = []
    for seed, lam in zip(seeds, lams):
        gen = torch.Generator().manual_seed(seed)
        critic = toy_models.mlp([2, 16, 16, 1], gen)
        inputs.append((critic, torch.randn(32, 2, generator=gen), 2 + torch.randn(32, 2, generator=gen),
                       torch.rand(32, 1, generator=gen), lam))
    return inputs


W1_SORTED = FunctionExercise("W1 from sorted samples", sorted_inputs())
GRADIENT_PENALTY = FunctionExercise("gradient penalty", penalty_inputs(), wrap=value_and_grad, rtol=1e-4, atol=1e-7)
CLIP_CHOICES = ("a line of slope 10", "a line much flatter than slope 10", "a step function", "the training diverges")
CLIPPING = ChoiceExercise("clipped critic on a steep target", CLIP_CHOICES)


def check_w1_sorted(my_w1_sorted: Callable) -> Feedback:
    """Exercise: my_w1_sorted(x (n,), y (n,)) -> W1 between the two samples (a float)."""
    return W1_SORTED.check(my_w1_sorted)


def check_gradient_penalty(my_gradient_penalty: Callable) -> Feedback:
    """Exercise: my_gradient_penalty(critic, x_real, x_fake, eps, lam) -> lam * mean (|grad f(x_hat)| - 1)^2, differentiable."""
    return GRADIENT_PENALTY.check(my_gradient_penalty)


def check_clipping_prediction(answer: Callable[[], str]) -> Feedback:
    """Prediction: what a critic with weights clipped to [-0.01, 0.01] becomes when fitted to f(x) = 10 x."""
    return CLIPPING.check(answer)
