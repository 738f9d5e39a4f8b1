"""Checkers for lesson 07 (training f-GANs: the single-step method on the Dirac-GAN, R1, covering versus seeking).

Each ``check_*`` judges the student's function or choice against the stored expected values; the references
and typical mistakes are the teacher's, in ``gan_edu.answers``.
"""

from __future__ import annotations

from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["GROWTH", "SINGLE_STEP", "R1_PREDICTION", "PEARSON_PREDICTION", "R1_CHOICES", "FIT_CHOICES",
           "check_growth_factor", "check_single_step", "check_r1_prediction", "check_pearson_prediction"]

R1_CHOICES = ("spirals outwards", "orbits", "converges")
FIT_CHOICES = ("covers both modes", "seeks one mode", "has a minimum of each kind")
GROWTH = FunctionExercise("growth factor of simultaneous steps", [(0.1,), (0.5,), (1.0,), (2.0,)])
SINGLE_STEP = FunctionExercise("single-step update on the Dirac-GAN", [(0.7, -1.3, 0.1), (-2.0, 0.5, 0.3), (1.5, 2.0, 0.05)])
R1_PREDICTION = ChoiceExercise("what R1 does to the spiral", R1_CHOICES)
PEARSON_PREDICTION = ChoiceExercise("Pearson chi^2: cover or seek", FIT_CHOICES)


def check_growth_factor(answer) -> Feedback:
    """``answer(lr)``: how much |(theta, psi)| grows per simultaneous step near the equilibrium."""
    return GROWTH.check(answer)


def check_single_step(answer) -> Feedback:
    """``answer(theta, psi, lr)`` returns the new (theta, psi) after one simultaneous step."""
    return SINGLE_STEP.check(answer)


def check_r1_prediction(answer) -> Feedback:
    """``answer()`` returns one of R1_CHOICES: simultaneous steps with lr = 0.5 and R1 gamma = 0.5."""
    return R1_PREDICTION.check(answer)


def check_pearson_prediction(answer) -> Feedback:
    """``answer()`` returns one of FIT_CHOICES for one Gaussian fitted to the two modes by Pearson chi^2."""
    return PEARSON_PREDICTION.check(answer)
