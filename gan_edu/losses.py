"""GAN losses on discriminator logits, in pairs (discriminator, generator).

D(x) = sigmoid(d) where d is the logit; the Wasserstein pair reads the same output as a critic's value f(x). Every loss is the numerically stable form of
a literal formula; tests/test_losses.py checks each against its literal version.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import torch
import torch.nn.functional as F

from . import validate

__all__ = [
    "GANLoss",
    "loss_d_minimax",
    "loss_g_saturating",
    "loss_g_nonsaturating",
    "jsd_bound",
    "loss_d_wasserstein",
    "loss_g_wasserstein",
    "w1_estimate",
    "SATURATING",
    "NON_SATURATING",
    "WASSERSTEIN",
    "get_loss",
]


class _LossPair(NamedTuple):
    name: str
    discriminator: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    generator: Callable[[torch.Tensor], torch.Tensor]
    divergence_bound: Callable[[float], float]


class GANLoss(_LossPair):
    """A loss pair to minimise: discriminator(d_real, d_fake), generator(d_fake).

    ``divergence_bound(loss_d)`` turns a discriminator loss into the divergence lower
    bound it certifies (for the minimax pair: JSD >= (log 4 - loss_d) / 2).
    """

    __slots__ = ()

    def __new__(cls, name: str, discriminator, generator, divergence_bound):
        validate.instance("name", name, str, "a string")
        for arg, fn in (("discriminator", discriminator), ("generator", generator), ("divergence_bound", divergence_bound)):
            validate.function(arg, fn)
        return super().__new__(cls, name, discriminator, generator, divergence_bound)


def _logits(name: str, value) -> torch.Tensor:
    if not isinstance(value, torch.Tensor) or not value.is_floating_point() or value.numel() == 0:
        got = f"{value.dtype} tensor of shape {tuple(value.shape)}" if isinstance(value, torch.Tensor) else type(value).__name__
        raise TypeError(f"{name} must be a non-empty float tensor of discriminator logits (got {got})")
    return value


def loss_d_minimax(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """-(mean log D(x_real) + mean log(1 - D(x_fake))): minus V estimated on a minibatch."""
    d_real, d_fake = _logits("d_real", d_real), _logits("d_fake", d_fake)
    return -(F.logsigmoid(d_real).mean() + F.logsigmoid(-d_fake).mean())


def loss_g_saturating(d_fake: torch.Tensor) -> torch.Tensor:
    """mean log(1 - D(G(z))): the generator's term of V, minimised (saturates when D wins)."""
    d_fake = _logits("d_fake", d_fake)
    return F.logsigmoid(-d_fake).mean()


def loss_g_nonsaturating(d_fake: torch.Tensor) -> torch.Tensor:
    """-mean log D(G(z)): the paper's non-saturating alternative, same fixed point."""
    d_fake = _logits("d_fake", d_fake)
    return -F.logsigmoid(d_fake).mean()


def jsd_bound(loss_d: float) -> float:
    """(log 4 - loss_d) / 2: since -loss_d = V(D, G) <= C(G) = -log 4 + 2 JSD; NaN stays NaN (k = 0: no D step)."""
    if isinstance(loss_d, bool) or not isinstance(loss_d, (int, float)):
        raise TypeError(f"loss_d must be a number, the discriminator loss (got {type(loss_d).__name__})")
    return (math.log(4) - loss_d) / 2


def loss_d_wasserstein(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """mean f(x_fake) - mean f(x_real): the WGAN critic's loss (Arjovsky et al. 2017, eq. 3), on raw critic values f."""
    d_real, d_fake = _logits("d_real", d_real), _logits("d_fake", d_fake)
    return d_fake.mean() - d_real.mean()


def loss_g_wasserstein(d_fake: torch.Tensor) -> torch.Tensor:
    """-mean f(G(z)): the WGAN generator's loss, which moves the fakes up the critic."""
    return -_logits("d_fake", d_fake).mean()


def w1_estimate(loss_d: float) -> float:
    """-loss_d = mean f(x_real) - mean f(x_fake): the critic's estimate of W1 (a lower bound on W1 between the same two
    minibatches when f is 1-Lipschitz)."""
    if isinstance(loss_d, bool) or not isinstance(loss_d, (int, float)):
        raise TypeError(f"loss_d must be a number, the critic's loss (got {type(loss_d).__name__})")
    return -loss_d


SATURATING = GANLoss("saturating", loss_d_minimax, loss_g_saturating, jsd_bound)
NON_SATURATING = GANLoss("non-saturating", loss_d_minimax, loss_g_nonsaturating, jsd_bound)
WASSERSTEIN = GANLoss("wasserstein", loss_d_wasserstein, loss_g_wasserstein, w1_estimate)


def get_loss(loss: str | GANLoss) -> GANLoss:
    """A GANLoss by name ('saturating', 'non-saturating' or 'wasserstein') or passed through."""
    if isinstance(loss, GANLoss):
        return loss
    table = {pair.name: pair for pair in (SATURATING, NON_SATURATING, WASSERSTEIN)}
    if loss not in table:
        raise ValueError(f"loss must be one of {sorted(table)} or a GANLoss (got {loss!r})")
    return table[loss]
