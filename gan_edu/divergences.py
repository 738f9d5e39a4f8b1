"""KL and Jensen-Shannon divergences between 1-D densities: quadrature and Monte Carlo.

KL(p||q) = integral p log(p/q);  JSD(p||q) = KL(p||m)/2 + KL(q||m)/2 with m = (p+q)/2.
Natural logarithms throughout, so 0 <= JSD <= log 2.
"""

from __future__ import annotations

import numpy as np

from . import validate
from .distributions import GaussianMixture

__all__ = ["integrate_1d", "kl", "jsd", "kl_mc", "jsd_mc"]


def _check_1d(name: str, mix) -> GaussianMixture:
    if not isinstance(mix, GaussianMixture) or mix.dim != 1:
        raise ValueError(f"{name} must be a 1-D GaussianMixture (got {type(mix).__name__})")
    return mix


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)
MAX_PANELS = 100_000  # 1.6 million points, about 13 MB per array: beyond it the mixtures' scales are too far apart


def integrate_1d(fn, *mixes: GaussianMixture) -> float:
    """integral fn(x) dx over the mixtures' support (means +- 12 widths), by composite
    16-point Gauss-Legendre on panels no wider than half the narrowest width; fn is vectorised."""
    validate.function("fn", fn)
    if not mixes:
        raise ValueError("mixes must name at least one 1-D GaussianMixture (the integration range comes from them)")
    for i, mix in enumerate(mixes):
        _check_1d(f"mixes[{i}]", mix)
    lo = min(float(np.min(m.means - 12 * m.stds)) for m in mixes)
    hi = max(float(np.max(m.means + 12 * m.stds)) for m in mixes)
    width = 0.5 * min(float(m.stds.min()) for m in mixes)
    n_panels = int(np.ceil((hi - lo) / width))
    if n_panels > MAX_PANELS:
        raise ValueError(f"mixes span [{lo:.3g}, {hi:.3g}] but their narrowest std is {2 * width:.3g}: quadrature would need "
                         f"{n_panels:,} panels, more than MAX_PANELS = {MAX_PANELS:,}. Allowed range: (spread of the means "
                         f"+ 24 std) / narrowest std <= {2 * MAX_PANELS:,}; use wider stds or closer means")
    edges = np.linspace(lo, hi, n_panels + 1)
    half = np.diff(edges)[:, None] / 2  # (P, 1)
    x = (edges[:-1, None] + half) + half * _NODES[None, :]  # (P, 16)
    return float(np.sum(half * _WEIGHTS[None, :] * fn(x)))


def kl(p: GaussianMixture, q: GaussianMixture) -> float:
    """KL(p||q) = integral p(x) log(p(x)/q(x)) dx by quadrature."""
    p, q = _check_1d("p", p), _check_1d("q", q)
    return integrate_1d(lambda x: p.pdf(x) * (p.log_pdf(x) - q.log_pdf(x)), p, q)


def _jsd_integrand(p: GaussianMixture, q: GaussianMixture, x: np.ndarray) -> np.ndarray:
    """p log(p/m)/2 + q log(q/m)/2 at x, with m = (p+q)/2, computed in log space."""
    log_p, log_q = p.log_pdf(x), q.log_pdf(x)
    log_m = np.logaddexp(log_p, log_q) - np.log(2)
    return 0.5 * np.exp(log_p) * (log_p - log_m) + 0.5 * np.exp(log_q) * (log_q - log_m)


def jsd(p: GaussianMixture, q: GaussianMixture) -> float:
    """JSD(p||q) = KL(p||m)/2 + KL(q||m)/2, m = (p+q)/2, by quadrature."""
    p, q = _check_1d("p", p), _check_1d("q", q)
    return integrate_1d(lambda x: _jsd_integrand(p, q, x), p, q)


def _samples(n) -> int:
    return validate.positive_int("n", n, minimum=2)  # a standard error needs two samples


def _mean_and_se(values: np.ndarray) -> tuple[float, float]:
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(len(values)))


def kl_mc(p: GaussianMixture, q: GaussianMixture, n: int, rng: np.random.Generator) -> tuple[float, float]:
    """Monte Carlo KL(p||q) = E_p[log p - log q] from n samples: (estimate, standard error)."""
    x = _check_1d("p", p).sample(_samples(n), rng)
    return _mean_and_se(p.log_pdf(x) - _check_1d("q", q).log_pdf(x))


def jsd_mc(p: GaussianMixture, q: GaussianMixture, n: int, rng: np.random.Generator) -> tuple[float, float]:
    """Monte Carlo JSD from n samples of p and n of q: (estimate, standard error)."""
    p, q = _check_1d("p", p), _check_1d("q", q)
    n = _samples(n)
    xp, xq = p.sample(n, rng), q.sample(n, rng)
    log_m = lambda x: np.logaddexp(p.log_pdf(x), q.log_pdf(x)) - np.log(2)  # noqa: E731
    terms = 0.5 * (p.log_pdf(xp) - log_m(xp)) + 0.5 * (q.log_pdf(xq) - log_m(xq))  # paired halves
    return _mean_and_se(terms)
