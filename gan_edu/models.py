"""Small multilayer perceptrons for the toy lessons, initialised from an explicit generator."""

from __future__ import annotations

import torch
from torch import nn

from . import validate

__all__ = ["mlp", "reinit"]


def reinit(model: nn.Module, generator: torch.Generator) -> nn.Module:
    """Re-draw every Linear layer's weights (Kaiming-uniform, as PyTorch does) from ``generator``."""
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            bound = 1.0 / layer.in_features**0.5
            with torch.no_grad():
                layer.weight.copy_((torch.rand(layer.weight.shape, generator=generator) * 2 - 1) * bound)
                layer.bias.copy_((torch.rand(layer.bias.shape, generator=generator) * 2 - 1) * bound)
    return model


def mlp(sizes: list[int], generator: torch.Generator, activation: type[nn.Module] = nn.LeakyReLU) -> nn.Sequential:
    """Linear layers of widths sizes[0] -> ... -> sizes[-1] with ``activation`` between them."""
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output width (got {sizes!r})")
    for i, width in enumerate(sizes):
        validate.positive_int(f"sizes[{i}]", width)
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(activation())
    return reinit(nn.Sequential(*layers), generator)
