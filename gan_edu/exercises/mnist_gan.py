"""Checkers for lesson 09 (an MNIST GAN): the recipe's learning-rate schedule, the nearest-training-image
distance behind Figure 2, and a prediction about walking in z against fading in pixels.

Each ``check_*`` judges the student's function on the published inputs against the stored expected values and
names the typical mistake it recognises; the references and mistakes are the teacher's, in ``gan_edu.answers``.
"""

from __future__ import annotations

import torch

from . import ChoiceExercise, Feedback, FunctionExercise

__all__ = ["LEARNING_RATE", "NEAREST", "FADE", "FADE_CHOICES", "images", "check_learning_rate",
           "check_nearest_distance", "check_fade_prediction"]


def images(n: int, seed: int) -> torch.Tensor:
    """n random "images" (n, 1, 28, 28) with pixels in [0, 1), from a seeded generator."""
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))


_POOL = images(20, 2)
LEARNING_RATE = FunctionExercise("the recipe's learning rate", [(t, 100, 1e-3, 0.5) for t in (1, 50, 51, 52, 75, 100)]
                                 + [(t, 80, 4e-4, 0.25) for t in (20, 60, 61, 62, 80)])
NEAREST = FunctionExercise("distance to the nearest training image",  # the second input holds a copy
                           [(images(5, 1), _POOL), (torch.cat([_POOL[3:4], images(2, 3)]), _POOL)], rtol=1e-5, atol=1e-6)
FADE_CHOICES = ("end points", "midpoints in z", "pixel fades")
FADE = ChoiceExercise("walk in z or fade in pixels", FADE_CHOICES)


def check_learning_rate(answer) -> Feedback:
    """``answer(t, n_iterations, lr, decay)`` is the learning rate of iteration t."""
    return LEARNING_RATE.check(answer)


def check_nearest_distance(answer) -> Feedback:
    """``answer(x, pool)`` returns, per row of x, the distance to its nearest image in pool."""
    return NEAREST.check(answer)


def check_fade_prediction(answer) -> Feedback:
    """``answer()`` names the set of images the classifier will find least digit-like (lowest mean confidence)."""
    return FADE.check(answer)
