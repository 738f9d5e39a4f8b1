"""Checkers for lesson 08 (an MNIST GAN): the recipe's learning-rate schedule, the nearest-training-image
distance behind Figure 2, and a prediction about walking in z against fading in pixels.

Each ``check_*`` takes the student's function, compares it with the reference on fixed inputs and names the
typical mistake it recognises (the ``*_MISTAKES`` lists, which the tests feed back in).
"""

from __future__ import annotations

import torch

from . import Feedback, Mistake, check_choice, check_function

__all__ = ["learning_rate", "check_learning_rate", "nearest_distance", "check_nearest_distance",
           "check_fade_prediction"]


def _start(n_iterations, decay):
    return round(n_iterations * (1 - decay))  # the decay covers the LAST fraction `decay` of the run


def learning_rate(t, n_iterations, lr, decay):
    """Reference: the rate iteration t (1, ..., n) uses when the rates fall linearly over the last ``decay`` of
    the run, as ``training.linear_lr_decay`` sets them after each iteration for the next one."""
    start, done = _start(n_iterations, decay), t - 1  # after `done` iterations the callback sets the next rate
    return lr if done < start else lr * (n_iterations - done) / (n_iterations - start)


_LR_INPUTS = [(t, 100, 1e-3, 0.5) for t in (1, 50, 51, 52, 75, 100)] + [(t, 80, 4e-4, 0.25) for t in (20, 60, 61, 62, 80)]
LEARNING_RATE_MISTAKES = [
    Mistake("off by one", "one iteration out: the rate for iteration t is set after iteration t - 1 has finished, "
            "so the first decayed iteration still uses the full rate and the last one does not reach 0",
            lambda t, n, lr, decay: lr if t <= _start(n, decay) else lr * (n - t) / (n - _start(n, decay))),
    Mistake("whole run", "your rate falls from the first iteration: the recipe keeps it constant until the decay starts",
            lambda t, n, lr, decay: lr * (n - (t - 1)) / n),
    Mistake("fraction from the start", "`decay` is the fraction at the END of the run over which the rates fall, "
            "not the iteration where they start falling as a fraction of the run",
            lambda t, n, lr, decay: lr if t - 1 < round(n * decay) else lr * (n - (t - 1)) / (n - round(n * decay))),
]


def check_learning_rate(answer) -> Feedback:
    """``answer(t, n_iterations, lr, decay)`` is the learning rate of iteration t."""
    return check_function("the recipe's learning rate", answer, learning_rate, _LR_INPUTS, LEARNING_RATE_MISTAKES)


def _flat(x):
    return torch.as_tensor(x).flatten(1).double()


def nearest_distance(x, pool):
    """Reference: for each image of x (n, 1, 28, 28), the Euclidean pixel distance to its nearest image in pool."""
    return torch.cdist(_flat(x), _flat(pool)).min(1).values


def _images(n, seed):
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))


_POOL = _images(20, 2)
_NN_INPUTS = [(_images(5, 1), _POOL), (torch.cat([_POOL[3:4], _images(2, 3)]), _POOL)]  # the second holds a copy
NEAREST_MISTAKES = [
    Mistake("squared", "these are squared distances: take the square root", lambda x, p: nearest_distance(x, p) ** 2),
    Mistake("farthest", "that is the distance to the farthest image of the pool, not the nearest",
            lambda x, p: torch.cdist(_flat(x), _flat(p)).max(1).values),
    Mistake("mean", "you averaged the distance over the whole pool; Figure 2 shows the single closest image",
            lambda x, p: torch.cdist(_flat(x), _flat(p)).mean(1)),
    Mistake("same index", "you compared image i with pool image i only: search the whole pool for each image",
            lambda x, p: (_flat(x) - _flat(p)[:len(x)]).norm(dim=1)),
    Mistake("L1", "that is the sum of absolute pixel differences (L1); Figure 2's distance here is Euclidean",
            lambda x, p: torch.cdist(_flat(x), _flat(p), p=1).min(1).values),
]


def check_nearest_distance(answer) -> Feedback:
    """``answer(x, pool)`` returns, per row of x, the distance to its nearest image in pool."""
    return check_function("distance to the nearest training image", answer, nearest_distance, _NN_INPUTS,
                          NEAREST_MISTAKES, rtol=1e-5, atol=1e-6)


FADE_CHOICES = ("end points", "midpoints in z", "pixel fades")
FADE_HINTS = {
    "end points": "the end points are ordinary samples G(z): every other set is built from them, "
                  "so ask which construction leaves the images G was trained to draw",
    "midpoints in z": "the midpoint of two z's is still a point G maps to an image it draws with its own strokes; "
                      "ask what averaging two images pixel by pixel draws",
}


def check_fade_prediction(answer) -> Feedback:
    """``answer()`` names the set of images the classifier will find least digit-like (lowest mean confidence)."""
    return check_choice("walk in z or fade in pixels", answer, "pixel fades", FADE_CHOICES, FADE_HINTS)
