"""The key of lesson 09 (an MNIST GAN): the recipe's learning rate, the nearest-image distance, the fade prediction."""

from __future__ import annotations

import torch

from ..exercises import mnist_gan as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["learning_rate", "nearest_distance", "EXERCISES"]


def _start(n_iterations, decay):
    return round(n_iterations * (1 - decay))  # the decay covers the LAST fraction `decay` of the run


def learning_rate(t, n_iterations, lr, decay):
    """Reference: the rate iteration t (1, ..., n) uses when the rates fall linearly over the last ``decay`` of
    the run, as ``training.linear_lr_decay`` sets them after each iteration for the next one."""
    start, done = _start(n_iterations, decay), t - 1  # after `done` iterations the callback sets the next rate
    return lr if done < start else lr * (n_iterations - done) / (n_iterations - start)


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


def _flat(x):
    return torch.as_tensor(x).flatten(1).double()


def nearest_distance(x, pool):
    """Reference: for each image of x (n, 1, 28, 28), the Euclidean pixel distance to its nearest image in pool."""
    return torch.cdist(_flat(x), _flat(pool)).min(1).values


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
FADE_HINTS = {
    "end points": "the end points are ordinary samples G(z): every other set is built from them, "
                  "so ask which construction leaves the images G was trained to draw",
    "midpoints in z": "the midpoint of two z's is still a point G maps to an image it draws with its own strokes; "
                      "ask what averaging two images pixel by pixel draws",
}
_HIDDEN_POOL = published.images(15, 21)

EXERCISES = [
    ChoiceAnswer(published.FADE, "pixel fades", FADE_HINTS, points=1),
    FunctionAnswer(published.LEARNING_RATE, learning_rate, LEARNING_RATE_MISTAKES, points=2,
                   hidden=[(t, 60, 2e-4, 0.5) for t in (1, 30, 31, 32, 60)] + [(t, 40, 1e-3, 0.2) for t in (32, 33, 40)]),
    FunctionAnswer(published.NEAREST, nearest_distance, NEAREST_MISTAKES, points=2,
                   hidden=[(published.images(4, 22), _HIDDEN_POOL),
                           (torch.cat([_HIDDEN_POOL[7:8], published.images(1, 23)]), _HIDDEN_POOL)]),
]
