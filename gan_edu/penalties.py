"""Penalties on the discriminator's input gradient: R1 at the real data, and WGAN-GP's at points between real and fake.

Both make the critic's gradient in x part of its loss, so both need ``create_graph=True``. They differ in where
they look and what they aim for: R1 (Mescheder et al. 2018) pushes |grad_x d| towards 0 at real samples; the
gradient penalty (Gulrajani et al. 2017, eq. 3) pushes |grad_x f| towards 1 at random points on the segments between
real and generated samples.
"""

from __future__ import annotations

import torch
from torch import nn

from . import validate

__all__ = ["r1_penalty", "interpolates", "gradient_penalty"]


def r1_penalty(d_real: torch.Tensor, x_real: torch.Tensor) -> torch.Tensor:
    """E |grad_x d(x)|^2 over the real minibatch (x_real must require grad); differentiable, for loss_d."""
    validate.tensor("d_real", d_real)
    if not (isinstance(x_real, torch.Tensor) and x_real.requires_grad):
        raise ValueError("x_real must be a tensor with requires_grad=True from which d_real was computed")
    (grad,) = torch.autograd.grad(d_real.sum(), x_real, create_graph=True)  # (m, ...) like x_real
    return grad.pow(2).flatten(1).sum(1).mean()


def interpolates(x_real: torch.Tensor, x_fake: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """x_hat = eps * x_real + (1 - eps) * x_fake, one eps in [0, 1] per row: (m, ...) like x_real."""
    x_real, x_fake = validate.tensor("x_real", x_real, floating=True), validate.tensor("x_fake", x_fake, floating=True)
    eps = validate.tensor("eps", eps, floating=True)
    if x_fake.shape != x_real.shape:
        raise ValueError(f"x_fake must have the shape of x_real, {tuple(x_real.shape)} (got {tuple(x_fake.shape)})")
    if eps.numel() != len(x_real) or eps.min() < 0 or eps.max() > 1:
        raise ValueError(f"eps must hold one number in [0, 1] per row of x_real, {len(x_real)} (got shape {tuple(eps.shape)})")
    eps = eps.reshape(-1, *[1] * (x_real.ndim - 1))
    return eps * x_real.detach() + (1 - eps) * x_fake.detach()


def gradient_penalty(critic: nn.Module, x_real: torch.Tensor, x_fake: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """E (|grad_x f(x_hat)| - 1)^2 at the interpolates x_hat (weight it by lambda); differentiable in the critic."""
    validate.instance("critic", critic, nn.Module, "a torch.nn.Module")
    x_hat = interpolates(x_real, x_fake, eps).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)  # (m, ...)
    return (grad.flatten(1).norm(dim=1) - 1).pow(2).mean()
