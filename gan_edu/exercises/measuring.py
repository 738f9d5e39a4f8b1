"""Checkers for lesson 09 (measuring a GAN): the Parzen-window log-likelihood in log space, the width the
protocol picks derived from nearest-neighbour distances, the coverage score of a one-digit generator, and a
prediction about blur on Table 1's metric.

Each ``check_*`` takes the student's function, compares it with the reference on fixed inputs and names the
typical mistake it recognises (the ``*_MISTAKES`` lists, which the tests feed back in).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from . import Feedback, Mistake, check_choice, check_function

__all__ = ["parzen", "check_parzen", "sigma_from_distances", "check_sigma_from_distances", "one_digit_kl",
           "check_one_digit_kl", "check_blur_prediction"]


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


def _imgs(n, side, seed):
    return torch.rand(n, 1, side, side, generator=torch.Generator().manual_seed(seed))


_PARZEN_INPUTS = [(_imgs(4, 28, 1), _imgs(30, 28, 2), 0.1), (_imgs(3, 28, 3), _imgs(25, 28, 4), 0.5),
                  (_imgs(3, 4, 5), _imgs(10, 4, 6), 0.3)]
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


def check_parzen(answer) -> Feedback:
    """``answer(x, samples, sigma)`` returns log p_sigma(x) per image of x, given sample images."""
    return check_function("Parzen log-likelihood in log space", answer, parzen, _PARZEN_INPUTS, PARZEN_MISTAKES,
                          rtol=1e-5, atol=1e-6)  # float32 log-sum-exp is right to ~1e-6 relative


def sigma_from_distances(r, d):
    """Reference: the sigma maximising mean_j [-r_j^2 / (2 sigma^2) - (d/2) log(2 pi sigma^2)], i.e. when each
    test point's density is its nearest sample's kernel: sigma^2 = mean(r^2) / d."""
    return math.sqrt(np.mean(np.asarray(r, float) ** 2) / d)


_SIGMA_INPUTS = [(np.array([4.0, 5.0, 3.5, 6.0]), 784), (np.array([1.0, 2.0, 4.0]), 16), (np.array([3.0]), 9)]
SIGMA_MISTAKES = [
    Mistake("variance", "that is sigma squared; the protocol picks a width", lambda r, d: sigma_from_distances(r, d) ** 2),
    Mistake("d not sqrt d", "you divided the distance by d; set the derivative to zero again and check the power of d",
            lambda r, d: math.sqrt(np.mean(np.asarray(r, float) ** 2)) / d),
    Mistake("half the normaliser", "off by a factor sqrt 2: (d/2) log(2 pi sigma^2) = d log sigma + const, "
            "not (d/2) log sigma", lambda r, d: math.sqrt(2 * np.mean(np.asarray(r, float) ** 2) / d)),
    Mistake("mean of r", "close, but the average in the sum is over squared distances, not distances",
            lambda r, d: float(np.mean(r)) / math.sqrt(d)),
]


def check_sigma_from_distances(answer) -> Feedback:
    """``answer(r, d)``: the best Parzen width when only each point's nearest sample (at distance r_j) counts."""
    return check_function("the width the protocol picks", answer, sigma_from_distances, _SIGMA_INPUTS, SIGMA_MISTAKES)


def one_digit_kl(n_classes):
    """Reference: KL(p_hat || uniform over n_classes) when every sample is classified as one class."""
    return math.log(n_classes)


_KL_INPUTS = [(10,), (4,), (2,)]
ONE_DIGIT_MISTAKES = [
    Mistake("log2", "that is in bits (log base 2); the lesson measures KL in nats", lambda n: math.log2(n)),
    Mistake("sign", "a KL divergence is never negative: check which distribution sits in front of the log",
            lambda n: -math.log(n)),
    Mistake("total variation", "that is the probability mass out of place (total variation), not the KL divergence",
            lambda n: 1 - 1 / n),
]


def check_one_digit_kl(answer) -> Feedback:
    """``answer(n_classes)``: the KL to uniform of a generator whose samples are all classified as one class."""
    return check_function("KL to uniform of a one-digit generator", answer, one_digit_kl, _KL_INPUTS,
                          ONE_DIGIT_MISTAKES)


BLUR_CHOICES = ("higher", "lower", "the same")
BLUR_HINTS = {
    "lower": "blur destroys detail a person sees, but the score asks something else: how much density the bumps "
             "put on test digits they do not match exactly. Look again at how the k-means centroids scored",
    "the same": "blur moves ink to neighbouring pixels, so every distance to a test digit changes; "
                "ask whether typical distances get shorter or longer",
}


def check_blur_prediction(answer) -> Feedback:
    """``answer()`` predicts how blurred training images score on the Parzen protocol against sharp ones."""
    return check_choice("does blur pay on Table 1's metric?", answer, "higher", BLUR_CHOICES, BLUR_HINTS)
