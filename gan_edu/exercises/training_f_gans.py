"""Checkers for lesson 07 (training f-GANs: the single-step method on the Dirac-GAN, R1, covering versus seeking)."""

from __future__ import annotations

import numpy as np

from .. import dirac_gan
from . import Feedback, Mistake, check_choice, check_function

__all__ = ["GROWTH", "SINGLE_STEP", "R1_PREDICTION", "PEARSON_PREDICTION", "R1_CHOICES", "FIT_CHOICES",
           "check_growth_factor", "check_single_step", "check_r1_prediction", "check_pearson_prediction",
           "growth_factor", "single_step"]

GROWTH = "growth factor of simultaneous steps"
SINGLE_STEP = "single-step update on the Dirac-GAN"
R1_PREDICTION = "what R1 does to the spiral"
PEARSON_PREDICTION = "Pearson chi^2: cover or seek"
R1_CHOICES = ("spirals outwards", "orbits", "converges")
FIT_CHOICES = ("covers both modes", "seeks one mode", "has a minimum of each kind")


def growth_factor(lr):
    """|eigenvalue| of the simultaneous step's Jacobian at (0, 0), gan row: |1 +- i lr/2| = sqrt(1 + lr^2 / 4)."""
    return np.sqrt(1 + np.asarray(lr, dtype=np.float64) ** 2 / 4)


def check_growth_factor(answer) -> Feedback:
    """``answer(lr)``: how much |(theta, psi)| grows per simultaneous step near the equilibrium."""
    inputs = [(0.1,), (0.5,), (1.0,), (2.0,)]
    mistakes = [
        Mistake("slope 1", "the loss's slope at v = 0 is sigma(0), not 1: a factor is missing", lambda h: np.sqrt(1 + h**2)),
        Mistake("squared", "that is |lambda|^2 (the determinant of the Jacobian): take its square root",
                lambda h: 1 + h**2 / 4),
        Mistake("alternating", "that is the alternating method's |lambda|; here both players step from the same point",
                lambda h: 1.0),
        Mistake("sign", "sign: the eigenvalues are 1 plus or minus an imaginary number; their modulus adds squares",
                lambda h: np.sqrt(abs(1 - h**2 / 4))),
    ]
    return check_function(GROWTH, answer, growth_factor, inputs, mistakes)


def single_step(theta, psi, lr):
    """Nowozin et al.'s single-step method on the Dirac-GAN (gan row): both gradients at (theta, psi)."""
    return dirac_gan.step([theta, psi], "simultaneous", lr)


def check_single_step(answer) -> Feedback:
    """``answer(theta, psi, lr)`` returns the new (theta, psi) after one simultaneous step."""
    inputs = [(0.7, -1.3, 0.1), (-2.0, 0.5, 0.3), (1.5, 2.0, 0.05)]
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    mistakes = [
        Mistake("alternating", "your generator step used the critic's updated psi: that is the alternating method",
                lambda t, p, h: dirac_gan.step([t, p], "alternating", h)),
        Mistake("sign", "sign: the generator descends loss_g and the critic descends loss_d; one of your steps climbs",
                lambda t, p, h: (t - h * sig(p * t) * p, p - h * sig(p * t) * t)),
        Mistake("linearised", "you used the slope at the equilibrium everywhere: the slope of softplus depends on psi * theta",
                lambda t, p, h: (t + h * p / 2, p - h * t / 2)),
        Mistake("wrong slope", "the derivative of softplus(v) is sigma(v), not sigma(-v)",
                lambda t, p, h: (t + h * sig(-p * t) * p, p - h * sig(-p * t) * t)),
    ]
    return check_function(SINGLE_STEP, answer, single_step, inputs, mistakes)


def check_r1_prediction(answer) -> Feedback:
    """``answer()`` returns one of R1_CHOICES: simultaneous steps with lr = 0.5 and R1 gamma = 0.5."""
    hints = {"spirals outwards": "R1 adds -gamma psi to the critic's step: what does that do to |psi| on its own?",
             "orbits": "orbits need |eigenvalue| = 1 exactly; R1 changes the critic's diagonal entry of the Jacobian"}
    return check_choice(R1_PREDICTION, answer, "converges", R1_CHOICES, hints)


def check_pearson_prediction(answer) -> Feedback:
    """``answer()`` returns one of FIT_CHOICES for one Gaussian fitted to the two modes by Pearson chi^2."""
    hints = {"seeks one mode": "look at where (p - q)^2 / q explodes: where the model misses data, or where it puts "
                               "mass off the data?",
             "has a minimum of each kind": "a one-mode fit leaves the other mode with q nearly 0 and p large: "
                                           "what does (p - q)^2 / q charge there?"}
    return check_choice(PEARSON_PREDICTION, answer, "covers both modes", FIT_CHOICES, hints)
