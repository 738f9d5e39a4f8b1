"""The key of lesson 07 (training f-GANs): the growth factor, the single-step update, and two predictions."""

from __future__ import annotations

import numpy as np

from .. import dirac_gan
from ..exercises import training_f_gans as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["growth_factor", "single_step", "EXERCISES"]


def growth_factor(lr):
    """|eigenvalue| of the simultaneous step's Jacobian at (0, 0), gan row: |1 +- i lr/2| = sqrt(1 + lr^2 / 4)."""
    return np.sqrt(1 + np.asarray(lr, dtype=np.float64) ** 2 / 4)


GROWTH_MISTAKES = [
    Mistake("slope 1", "the loss's slope at v = 0 is sigma(0), not 1: a factor is missing", lambda h: np.sqrt(1 + h**2)),
    Mistake("squared", "that is |lambda|^2 (the determinant of the Jacobian): take its square root",
            lambda h: 1 + h**2 / 4),
    Mistake("alternating", "that is the alternating method's |lambda|; here both players step from the same point",
            lambda h: 1.0),
    Mistake("sign", "sign: the eigenvalues are 1 plus or minus an imaginary number; their modulus adds squares",
            lambda h: np.sqrt(abs(1 - h**2 / 4))),
]


def single_step(theta, psi, lr):
    """Nowozin et al.'s single-step method on the Dirac-GAN (gan row): both gradients at (theta, psi)."""
    return dirac_gan.step([theta, psi], "simultaneous", lr)


def _sig(v):
    return 1 / (1 + np.exp(-v))


SINGLE_STEP_MISTAKES = [
    Mistake("alternating", "your generator step used the critic's updated psi: that is the alternating method",
            lambda t, p, h: dirac_gan.step([t, p], "alternating", h)),
    Mistake("sign", "sign: the generator descends loss_g and the critic descends loss_d; one of your steps climbs",
            lambda t, p, h: np.array([t - h * _sig(p * t) * p, p - h * _sig(p * t) * t])),
    Mistake("linearised", "you used the slope at the equilibrium everywhere: the slope of softplus depends on psi * theta",
            lambda t, p, h: np.array([t + h * p / 2, p - h * t / 2])),
    Mistake("wrong slope", "the derivative of softplus(v) is sigma(v), not sigma(-v)",
            lambda t, p, h: np.array([t + h * _sig(-p * t) * p, p - h * _sig(-p * t) * t])),
]
R1_HINTS = {"spirals outwards": "R1 adds -gamma psi to the critic's step: what does that do to |psi| on its own?",
            "orbits": "orbits need |eigenvalue| = 1 exactly; R1 changes the critic's diagonal entry of the Jacobian"}
PEARSON_HINTS = {"seeks one mode": "look at where (p - q)^2 / q explodes: where the model misses data, or where it puts "
                                   "mass off the data?",
                 "has a minimum of each kind": "a one-mode fit leaves the other mode with q nearly 0 and p large: "
                                               "what does (p - q)^2 / q charge there?"}

EXERCISES = [
    ChoiceAnswer(published.R1_PREDICTION, "converges", R1_HINTS, points=1),
    ChoiceAnswer(published.PEARSON_PREDICTION, "covers both modes", PEARSON_HINTS, points=1),
    FunctionAnswer(published.GROWTH, growth_factor, GROWTH_MISTAKES, points=2, hidden=[(0.3,), (1.7,)]),
    FunctionAnswer(published.SINGLE_STEP, single_step, SINGLE_STEP_MISTAKES, points=3,
                   hidden=[(0.2, 0.9, 0.2), (-1.1, -0.6, 0.07)]),
]
