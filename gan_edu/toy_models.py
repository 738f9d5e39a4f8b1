"""Small multilayer perceptrons for the toy lessons, initialised from an explicit generator."""

from __future__ import annotations

import torch
from torch import nn

from . import validate

__all__ = ["mlp", "reinit", "Packed", "toy_pair"]


def reinit(model: nn.Module, generator: torch.Generator) -> nn.Module:
    """Re-draw every Linear layer's weights (Kaiming-uniform, as PyTorch does) from ``generator``."""
    validate.instance("model", model, nn.Module, "a torch.nn.Module")
    validate.torch_generator("generator", generator)
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            bound = 1.0 / layer.in_features**0.5
            with torch.no_grad():
                layer.weight.copy_((torch.rand(layer.weight.shape, generator=generator) * 2 - 1) * bound)
                layer.bias.copy_((torch.rand(layer.bias.shape, generator=generator) * 2 - 1) * bound)
    return model


def mlp(sizes: list[int], generator: torch.Generator, activation: type[nn.Module] = nn.LeakyReLU) -> nn.Sequential:
    """Linear layers of widths sizes[0] -> ... -> sizes[-1] with ``activation`` between them."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list of layer widths, e.g. [1, 32, 1] (got {type(sizes).__name__})")
    validate.torch_generator("generator", generator)
    if not (isinstance(activation, type) and issubclass(activation, nn.Module)):
        raise TypeError(f"activation must be a torch.nn.Module class, e.g. nn.ReLU (got {activation!r})")
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


class Packed(nn.Module):
    """PacGAN packing: D_pack(x_1..x_n) = D([x_1, ..., x_n]); (m, d) -> (m / n_pack, 1) logits."""

    def __init__(self, discriminator: nn.Module, n_pack: int):
        super().__init__()
        self.discriminator = validate.instance("discriminator", discriminator, nn.Module, "a torch.nn.Module")
        self.n_pack = validate.positive_int("n_pack", n_pack)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        m = validate.instance("x", x, torch.Tensor, "a tensor (m, d)").shape[0]
        if m % self.n_pack:
            raise ValueError(f"x must have a number of rows that is a multiple of n_pack={self.n_pack} (got {m})")
        return self.discriminator(x.reshape(m // self.n_pack, -1))  # (m / n_pack, n_pack * d)


def toy_pair(x_dim: int, z_dim: int, width: int, depth: int, generator: torch.Generator,
             n_pack: int = 1) -> tuple[nn.Sequential, nn.Module]:
    """G: R^z_dim -> R^x_dim and D: R^x_dim -> logit, each ``depth`` hidden layers of ``width``; D packed if n_pack > 1."""
    for name, value in (("x_dim", x_dim), ("z_dim", z_dim), ("width", width), ("depth", depth), ("n_pack", n_pack)):
        validate.positive_int(name, value)
    g = mlp([z_dim] + [width] * depth + [x_dim], generator)
    d = mlp([x_dim * n_pack] + [width] * depth + [1], generator)
    return g, (Packed(d, n_pack) if n_pack > 1 else d)
