"""Measuring a generator from its samples: mode coverage in 2-D, an estimated p_g and JSD in 1-D.

Mode coverage (VEEGAN, Srivastava et al. 2017; PacGAN, Lin et al. 2018): a sample is
*high quality* when it lies within ``n_std`` standard deviations of its nearest mode; a
mode is *captured* when at least one high-quality sample has it as nearest mode.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.stats import gaussian_kde

from . import validate
from .distributions import GaussianMixture

__all__ = ["ModeCoverage", "mode_coverage", "estimate_density_1d", "jsd_on_grid", "jsd_from_samples"]


class ModeCoverage(NamedTuple):
    """Result of ``mode_coverage``: modes captured, fraction of high-quality samples, per-mode counts."""

    modes_captured: int
    high_quality: float
    counts: np.ndarray  # (K,) high-quality samples nearest to each mode


def mode_coverage(x_fake, target: GaussianMixture, n_std: float = 3.0) -> ModeCoverage:
    """HQ_i = [min_k |x_i - mu_k| <= n_std * sigma_k]; captured = #{k : some HQ sample is nearest to mu_k}."""
    if not isinstance(target, GaussianMixture):
        raise TypeError(f"target must be a GaussianMixture (got {type(target).__name__})")
    n_std = validate.in_range("n_std", n_std, 1e-9, np.inf)
    x = validate.finite_array("x_fake", x_fake)
    x = x.reshape(-1, 1) if target.dim == 1 else x
    if x.ndim != 2 or x.shape[1] != target.dim or len(x) == 0:
        raise ValueError(f"x_fake must have shape (N, {target.dim}) with N >= 1 (got {np.shape(x_fake)})")
    mu = target.means.reshape(len(target.weights), -1)  # (K, d)
    dist = np.sqrt(((x[:, None, :] - mu[None]) ** 2).sum(-1))  # (N, K)
    nearest = dist.argmin(axis=1)  # (N,)
    good = dist[np.arange(len(x)), nearest] <= n_std * target.stds[nearest]  # (N,)
    counts = np.bincount(nearest[good], minlength=len(mu))
    return ModeCoverage(int((counts > 0).sum()), float(good.mean()), counts)


def estimate_density_1d(x_fake, grid, bandwidth: float | None = None) -> np.ndarray:
    """p_g(x) on ``grid`` by a Gaussian kernel density estimate of 1-D samples (Scott's rule by default)."""
    x = validate.finite_array("x_fake", x_fake).ravel()
    if x.size < 2:
        raise ValueError(f"x_fake must hold at least 2 samples (got {x.size})")
    if bandwidth is not None:
        bandwidth = validate.in_range("bandwidth", bandwidth, 1e-12, np.inf)
    grid = validate.finite_array("grid", grid)
    if np.ptp(x) < 1e-9:  # every sample at one point: a spike one grid step wide
        step = float(np.min(np.diff(np.sort(grid.ravel())))) if grid.size > 1 else 1.0
        width = bandwidth or step
        return np.exp(-0.5 * ((grid - x[0]) / width) ** 2) / (width * np.sqrt(2 * np.pi))
    kde = gaussian_kde(x, bw_method=None if bandwidth is None else bandwidth / x.std(ddof=1))
    return kde(grid.ravel()).reshape(grid.shape)


def jsd_on_grid(p, q, grid) -> float:
    """JSD(p||q) = sum_x [p log(p/m) + q log(q/m)]/2 * dx, m = (p+q)/2, by the trapezoid rule on ``grid``."""
    x = validate.finite_array("grid", grid, ndim=1)
    if x.size < 3 or np.any(np.diff(x) <= 0):
        raise ValueError("grid must be strictly increasing with at least 3 points")
    p, q = validate.finite_array("p", p), validate.finite_array("q", q)
    if p.shape != x.shape or q.shape != x.shape or np.any(p < 0) or np.any(q < 0):
        raise ValueError(f"p and q must be non-negative densities of shape {x.shape}")
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        term = 0.5 * np.where(p > 0, p * np.log(p / m), 0.0) + 0.5 * np.where(q > 0, q * np.log(q / m), 0.0)
    return float(np.clip(np.trapezoid(term, x), 0.0, np.log(2)))


def jsd_from_samples(x_fake, p_data: GaussianMixture, grid, bandwidth: float | None = None) -> float:
    """JSD(p_data || p_g) with p_g estimated from 1-D samples by ``estimate_density_1d``."""
    if not isinstance(p_data, GaussianMixture) or p_data.dim != 1:
        raise ValueError(f"p_data must be a 1-D GaussianMixture (got {type(p_data).__name__})")
    grid = validate.finite_array("grid", grid, ndim=1)
    return jsd_on_grid(p_data.pdf(grid), estimate_density_1d(x_fake, grid, bandwidth), grid)
