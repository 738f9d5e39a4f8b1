"""Lesson 04's checkers: Algorithm 1's discriminator and generator steps, what k = 0 does, the one-mode plateau.

The two step checkers run the student's step on fresh 1-D trainers (same seed, so the same networks and random
numbers as when the expected values were stored) and compare the losses and both networks' weights after three
steps with the stored values; the references and typical mistakes are the teacher's, in ``gan_edu.answers``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from .. import toy_models
from ..distributions import GaussianMixture, torch_sampler
from ..training import TrainConfig, Trainer
from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["D_STEP", "G_STEP", "K0", "PLATEAU", "K0_CHOICES", "N_STEPS", "steps", "check_d_step", "check_g_step",
           "check_k0_prediction", "check_plateau"]

N_STEPS = 3


def _trainer(seed: int) -> Trainer:
    """A small 1-D GAN on N(2, 0.5^2), as in the lesson: G 1-16-1, D 1-32-32-1, Adam, batch 64."""
    gen = torch.Generator().manual_seed(seed)
    g, d = toy_models.mlp([1, 16, 1], gen), toy_models.mlp([1, 32, 32, 1], gen)
    config = TrainConfig(seed=seed, batch_size=64, lr_d=2e-3, lr_g=2e-3)
    return Trainer(g, d, torch_sampler(GaussianMixture([1.0], [2.0], [0.5])),
                   lambda m, r: torch.randn(m, 1, generator=r), config, device=torch.device("cpu"))


def _outcome(step: Callable[[Trainer], float], seed: int) -> np.ndarray:
    """Losses of N_STEPS calls of ``step`` on a fresh trainer, then D's and G's weights, as one vector."""
    trainer = _trainer(seed)
    loss = [float(step(trainer)) for _ in range(N_STEPS)]
    weights = [p.detach().flatten() for p in (*trainer.discriminator.parameters(), *trainer.generator.parameters())]
    return np.concatenate([loss, torch.cat(weights).numpy()])


def steps(step: Callable[[Trainer], float]) -> Callable[[int], np.ndarray]:
    """The harness: seed -> the outcome of N_STEPS calls of ``step`` on a fresh trainer of that seed."""
    return lambda seed: _outcome(step, seed)


D_STEP = FunctionExercise("discriminator step", [(0,), (1,)], wrap=steps, rtol=1e-4, atol=1e-6)
G_STEP = FunctionExercise("generator step", [(0,), (1,)], wrap=steps, rtol=1e-4, atol=1e-6)
K0_CHOICES = ("a", "b", "c", "d")
K0 = ChoiceExercise("k = 0 prediction", K0_CHOICES)
PLATEAU = FunctionExercise("one-mode plateau", [(0.5,), (0.3,), (0.8,)], rtol=1e-6)


def check_d_step(my_d_step: Callable[[Trainer], float]) -> Feedback:
    """Exercise: one discriminator step of Algorithm 1 on a Trainer, returning loss_d."""
    return D_STEP.check(my_d_step)


def check_g_step(my_g_step: Callable[[Trainer], float]) -> Feedback:
    """Exercise: one generator step of Algorithm 1 as Trainer runs it (non-saturating loss), returning loss_g."""
    return G_STEP.check(my_g_step)


def check_k0_prediction(answer: Callable[[], str]) -> Feedback:
    """Prediction: with k = 0, do D's parameters change, and does the mean of D(G(z)) go up or down?"""
    return K0.check(answer)


def check_plateau(my_plateau: Callable[[float], float]) -> Feedback:
    """Exercise: JSD(p_data || p_g) for p_data = w A + (1 - w) B with disjoint modes and a p_g collapsed onto B."""
    return PLATEAU.check(my_plateau)
