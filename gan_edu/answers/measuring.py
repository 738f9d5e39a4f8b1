"""The key of lesson 10 (measuring a GAN): the Parzen log-likelihood, the protocol's width, the one-digit KL, and
the blur prediction."""

from __future__ import annotations

import math

import numpy as np
import torch

from ..exercises import measuring as published
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["parzen", "sigma_from_distances", "one_digit_kl", "EXERCISES"]


def _parts(x, samples, sigma):
    x, samples = torch.as_tensor(x).flatten(1).double(), torch.as_tensor(samples).flatten(1).double()
    n_samples, d = samples.shape
    kernel = torch.logsumexp(-torch.cdist(x, samples) ** 2 / (2 * sigma**2), dim=1)  # (n,)
    return kernel, n_samples, d


def parzen(x, samples, sigma):
    """Reference: log of the mean of N(x; s_i, sigma^2 I_d) over the samples, per row of x, in nats."""
    kernel, n, d = _parts(x, samples, sigma)
    return kernel - math.log(n) - d / 2 * math.log(2 * math.pi * sigma**2)


def _literal(x, samples, sigma):
    x, samples = torch.as_tensor(x).flatten(1).double(), torch.as_tensor(samples).flatten(1).double()
    d = x.shape[1]
    density = torch.exp(-torch.cdist(x, samples) ** 2 / (2 * sigma**2)).mean(1) / (2 * math.pi * sigma**2) ** (d / 2)
    return torch.log(density)


PARZEN_MISTAKES = [
    Mistake("literal", "your formula overflows or underflows: in 784 dimensions each exp(...) and the normaliser "
            "(2 pi sigma^2)^(d/2) are 0 in float64. Stay in log space: log-sum-exp, then subtract the logs",
            _literal),
    Mistake("no normaliser", "you left out the Gaussian's normalising constant: a density in d dimensions "
            "carries one factor of 1/sqrt(2 pi sigma^2) per dimension",
            lambda x, s, sigma: _parts(x, s, sigma)[0] - math.log(_parts(x, s, sigma)[1])),
    Mistake("d not d/2", "the normaliser's exponent is wrong by a factor 2: count the square roots",
            lambda x, s, sigma: parzen(x, s, sigma) - _parts(x, s, sigma)[2] / 2 * math.log(2 * math.pi * sigma**2)),
    Mistake("sum not mean", "you summed the kernels; the estimate is their mean over the N samples",
            lambda x, s, sigma: parzen(x, s, sigma) + math.log(_parts(x, s, sigma)[1])),
    Mistake("log2", "you used log base 2 (bits); Table 1 and the course use natural logarithms (nats)",
            lambda x, s, sigma: parzen(x, s, sigma) / math.log(2)),
    Mistake("sigma not squared", "the normaliser uses the variance sigma^2, not sigma",
            lambda x, s, sigma: parzen(x, s, sigma) + _parts(x, s, sigma)[2] / 2 * math.log(sigma)),
]


def sigma_from_distances(r, d):
    """Reference: the sigma maximising mean_j [-r_j^2 / (2 sigma^2) - (d/2) log(2 pi sigma^2)], i.e. when each
    test point's density is its nearest sample's kernel: sigma^2 = mean(r^2) / d."""
    return math.sqrt(np.mean(np.asarray(r, float) ** 2) / d)


SIGMA_MISTAKES = [
    Mistake("variance", "that is sigma squared; the protocol picks a width", lambda r, d: sigma_from_distances(r, d) ** 2),
    Mistake("d not sqrt d", "you divided the distance by d; set the derivative to zero again and check the power of d",
            lambda r, d: math.sqrt(np.mean(np.asarray(r, float) ** 2)) / d),
    Mistake("half the normaliser", "off by a factor sqrt 2: (d/2) log(2 pi sigma^2) = d log sigma + const, "
            "not (d/2) log sigma", lambda r, d: math.sqrt(2 * np.mean(np.asarray(r, float) ** 2) / d)),
    Mistake("mean of r", "close, but the average in the sum is over squared distances, not distances",
            lambda r, d: float(np.mean(r)) / math.sqrt(d)),
]


def one_digit_kl(n_classes):
    """Reference: KL(p_hat || uniform over n_classes) when every sample is classified as one class."""
    return math.log(n_classes)


ONE_DIGIT_MISTAKES = [
    Mistake("log2", "that is in bits (log base 2); the lesson measures KL in nats", lambda n: math.log2(n)),
    Mistake("sign", "a KL divergence is never negative: check which distribution sits in front of the log",
            lambda n: -math.log(n)),
    Mistake("total variation", "that is the probability mass out of place (total variation), not the KL divergence",
            lambda n: 1 - 1 / n),
]


BLUR_HINTS = {
    "lower": "blur destroys detail a person sees, but the score asks something else: how much density the bumps "
             "put on test digits they do not match exactly. Look again at how the k-means centroids scored",
    "the same": "blur moves ink to neighbouring pixels, so every distance to a test digit changes; "
                "ask whether typical distances get shorter or longer",
}

EXERCISES = [
    ChoiceAnswer(published.BLUR, "higher", BLUR_HINTS, points=1),
    FunctionAnswer(published.PARZEN, parzen, PARZEN_MISTAKES, points=3,
                   hidden=[(published.images(3, 28, 31), published.images(20, 28, 32), 0.2),
                           (published.images(2, 5, 33), published.images(12, 5, 34), 0.4)]),
    FunctionAnswer(published.SIGMA, sigma_from_distances, SIGMA_MISTAKES, points=2,
                   hidden=[(np.array([2.5, 7.0]), 100), (np.array([0.5, 1.5, 1.0]), 4)]),
    FunctionAnswer(published.ONE_DIGIT_KL, one_digit_kl, ONE_DIGIT_MISTAKES, points=1, hidden=[(3,), (7,)]),
]
