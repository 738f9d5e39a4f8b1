"""Checkers for lesson 10 (measuring a GAN): the Parzen-window log-likelihood in log space, the width the
protocol picks derived from nearest-neighbour distances, the coverage score of a one-digit generator, and a
prediction about blur on Table 1's metric.

Each ``check_*`` judges the student's function on the published inputs against the stored expected values and
names the typical mistake it recognises; the references and mistakes are the teacher's, in ``gan_edu.answers``.
"""

from __future__ import annotations

import numpy as np
import torch

from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["PARZEN", "SIGMA", "ONE_DIGIT_KL", "BLUR", "BLUR_CHOICES", "images", "check_parzen",
           "check_sigma_from_distances", "check_one_digit_kl", "check_blur_prediction"]


def images(n: int, side: int, seed: int) -> torch.Tensor:
    """n random images (n, 1, side, side) with pixels in [0, 1), from a seeded generator."""
    return torch.rand(n, 1, side, side, generator=torch.Generator().manual_seed(seed))


PARZEN = FunctionExercise("Parzen log-likelihood in log space",  # float32 log-sum-exp is right to ~1e-6 relative
                          [(images(4, 28, 1), images(30, 28, 2), 0.1), (images(3, 28, 3), images(25, 28, 4), 0.5),
                           (images(3, 4, 5), images(10, 4, 6), 0.3)], rtol=1e-5, atol=1e-6)
SIGMA = FunctionExercise("the width the protocol picks",
                         [(np.array([4.0, 5.0, 3.5, 6.0]), 784), (np.array([1.0, 2.0, 4.0]), 16), (np.array([3.0]), 9)])
ONE_DIGIT_KL = FunctionExercise("KL to uniform of a one-digit generator", [(10,), (4,), (2,)])
BLUR_CHOICES = ("higher", "lower", "the same")
BLUR = ChoiceExercise("does blur pay on Table 1's metric?", BLUR_CHOICES)


def check_parzen(answer) -> Feedback:
    """``answer(x, samples, sigma)`` returns log p_sigma(x) per image of x, given sample images."""
    return PARZEN.check(answer)


def check_sigma_from_distances(answer) -> Feedback:
    """``answer(r, d)``: the best Parzen width when only each point's nearest sample (at distance r_j) counts."""
    return SIGMA.check(answer)


def check_one_digit_kl(answer) -> Feedback:
    """``answer(n_classes)``: the KL to uniform of a generator whose samples are all classified as one class."""
    return ONE_DIGIT_KL.check(answer)


def check_blur_prediction(answer) -> Feedback:
    """``answer()`` predicts how blurred training images score on the Parzen protocol against sharp ones."""
    return BLUR.check(answer)
