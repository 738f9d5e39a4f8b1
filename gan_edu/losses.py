"""GAN losses on discriminator logits, in pairs (discriminator, generator).

D(x) = sigmoid(d) where d is the logit. Every loss is the numerically stable form of
a literal formula; tests/test_losses.py checks each against its literal version.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import torch
import torch.nn.functional as F

__all__ = [
    "GANLoss",
    "loss_d_minimax",
    "loss_g_saturating",
    "loss_g_nonsaturating",
    "SATURATING",
    "NON_SATURATING",
    "get_loss",
]


class GANLoss(NamedTuple):
    """A loss pair: discriminator(d_real, d_fake) and generator(d_fake), both to minimise."""

    name: str
    discriminator: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    generator: Callable[[torch.Tensor], torch.Tensor]


def loss_d_minimax(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """-(mean log D(x_real) + mean log(1 - D(x_fake))): minus V estimated on a minibatch."""
    return -(F.logsigmoid(d_real).mean() + F.logsigmoid(-d_fake).mean())


def loss_g_saturating(d_fake: torch.Tensor) -> torch.Tensor:
    """mean log(1 - D(G(z))): the generator's term of V, minimised (saturates when D wins)."""
    return F.logsigmoid(-d_fake).mean()


def loss_g_nonsaturating(d_fake: torch.Tensor) -> torch.Tensor:
    """-mean log D(G(z)): the paper's non-saturating alternative, same fixed point."""
    return -F.logsigmoid(d_fake).mean()


SATURATING = GANLoss("saturating", loss_d_minimax, loss_g_saturating)
NON_SATURATING = GANLoss("non-saturating", loss_d_minimax, loss_g_nonsaturating)


def get_loss(loss: str | GANLoss) -> GANLoss:
    """A GANLoss by name ('saturating' or 'non-saturating') or passed through."""
    if isinstance(loss, GANLoss):
        return loss
    table = {SATURATING.name: SATURATING, NON_SATURATING.name: NON_SATURATING}
    if loss not in table:
        raise ValueError(f"loss must be one of {sorted(table)} or a GANLoss (got {loss!r})")
    return table[loss]
