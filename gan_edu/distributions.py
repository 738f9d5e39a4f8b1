"""Gaussian mixtures in 1-D and 2-D: density, log-density and seeded sampling.

A mixture has K components with weights w_k, means mu_k and isotropic widths sigma_k:
p(x) = sum_k w_k N(x; mu_k, sigma_k^2 I). In 1-D, ``means`` has shape (K,); in 2-D (K, 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from scipy.special import logsumexp

from . import validate

__all__ = ["GaussianMixture", "torch_sampler", "ring", "grid"]


@dataclass(frozen=True)
class GaussianMixture:
    """p(x) = sum_k weights[k] * N(x; means[k], stds[k]^2 I); means (K,) in 1-D or (K, 2) in 2-D."""

    weights: np.ndarray
    means: np.ndarray
    stds: np.ndarray

    def __post_init__(self):
        means = validate.finite_array("means", self.means)
        if means.ndim not in (1, 2) or (means.ndim == 2 and means.shape[1] != 2):
            raise ValueError(f"means must have shape (K,) or (K, 2) (got {means.shape})")
        weights = validate.probability_vector("weights", self.weights)
        stds = validate.positive_array("stds", self.stds, ndim=1)
        if not (len(weights) == len(stds) == len(means)):
            raise ValueError(
                f"weights, means and stds must have the same length K "
                f"(got {len(weights)}, {len(means)}, {len(stds)})"
            )
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "means", means)
        object.__setattr__(self, "stds", stds)

    @property
    def dim(self) -> int:
        """1 for a 1-D mixture, 2 for a 2-D one."""
        return 1 if self.means.ndim == 1 else 2

    def _points(self, x) -> np.ndarray:
        """``x`` as (N, dim) points; 1-D input may be any shape of scalars."""
        arr = validate.finite_array("x", x)
        if self.dim == 1:
            return arr.reshape(-1, 1)
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise ValueError(f"x must have shape (N, 2) for a 2-D mixture (got {arr.shape})")
        return arr

    def log_pdf(self, x) -> np.ndarray:
        """log p(x); same shape as ``x`` in 1-D, shape (N,) for x of shape (N, 2) in 2-D."""
        pts = self._points(x)  # (N, d)
        mu = self.means.reshape(len(self.weights), -1)  # (K, d)
        sq = ((pts[:, None, :] - mu[None]) ** 2).sum(-1)  # (N, K)
        d = pts.shape[1]
        log_norm = -0.5 * d * np.log(2 * np.pi * self.stds**2)  # (K,)
        with np.errstate(divide="ignore"):  # a weight of 0 (a slider at its end) is a component with log weight -inf
            log_comp = np.log(self.weights) + log_norm - 0.5 * sq / self.stds**2
        out = logsumexp(log_comp, axis=1)
        return out.reshape(np.shape(x)) if self.dim == 1 else out

    def pdf(self, x) -> np.ndarray:
        """p(x) = exp(log p(x))."""
        return np.exp(self.log_pdf(x))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n samples drawn with ``rng``: shape (n,) in 1-D, (n, 2) in 2-D."""
        n = validate.positive_int("n", n)
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy Generator, e.g. np.random.default_rng(0) (got {type(rng).__name__})")
        k = rng.choice(len(self.weights), size=n, p=self.weights)  # (n,)
        noise = rng.standard_normal((n, self.dim)) * self.stds[k, None]
        x = self.means.reshape(len(self.weights), -1)[k] + noise  # (n, d)
        return x[:, 0] if self.dim == 1 else x


def torch_sampler(mix: GaussianMixture):
    """A sample function (m, torch.Generator) -> float32 tensor (m, dim) for the trainer."""
    if not isinstance(mix, GaussianMixture):
        raise TypeError(f"mix must be a GaussianMixture (got {type(mix).__name__})")
    weights = torch.as_tensor(mix.weights)
    means = torch.as_tensor(mix.means.reshape(len(mix.weights), -1), dtype=torch.float32)  # (K, d)
    stds = torch.as_tensor(mix.stds, dtype=torch.float32)  # (K,)

    def sample(m: int, generator: torch.Generator) -> torch.Tensor:
        m, generator = validate.positive_int("m", m), validate.torch_generator("generator", generator)
        k = torch.multinomial(weights, m, replacement=True, generator=generator)  # (m,)
        noise = torch.randn(m, means.shape[1], generator=generator)  # (m, d)
        return means[k] + stds[k, None] * noise

    return sample


def ring(n_modes: int = 8, radius: float = 1.0, std: float = 0.01) -> GaussianMixture:
    """n_modes equal Gaussians at angles 2*pi*k/n_modes, k = 0..n_modes-1, on a circle."""
    n_modes = validate.positive_int("n_modes", n_modes)
    radius = float(validate.positive_array("radius", [radius])[0])
    std = float(validate.positive_array("std", [std])[0])
    angles = 2 * np.pi * np.arange(n_modes) / n_modes  # endpoint excluded: no duplicate mode
    means = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return GaussianMixture(np.full(n_modes, 1 / n_modes), means, np.full(n_modes, std))


def grid(side: int = 5, spacing: float = 2.0, std: float = 0.05) -> GaussianMixture:
    """side x side equal Gaussians on a centred square grid, e.g. {-4,-2,0,2,4}^2."""
    side = validate.positive_int("side", side)
    spacing = float(validate.positive_array("spacing", [spacing])[0])
    std = float(validate.positive_array("std", [std])[0])
    ticks = (np.arange(side) - (side - 1) / 2) * spacing
    means = np.array([(a, b) for a in ticks for b in ticks])
    k = side * side
    return GaussianMixture(np.full(k, 1 / k), means, np.full(k, std))
