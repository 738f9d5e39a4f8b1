"""The minimax game: the value function V(D, G), the optimal discriminator D*, and C(G).

V(D, G) = E_{x~p_data}[log D(x)] + E_{z~p_z}[log(1 - D(G(z)))]
        = integral p_data(x) log D(x) + p_g(x) log(1 - D(x)) dx.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.special import expit, logsumexp, xlogy

from . import validate
from .distributions import GaussianMixture
from .divergences import _check_1d, integrate_1d

__all__ = [
    "LogisticDiscriminator",
    "logistic_discriminator",
    "value_pointwise",
    "value_function",
    "value_function_mc",
    "optimal_discriminator",
    "virtual_criterion",
    "descend_on_grid",
]


class LogisticDiscriminator:
    """D(x) = sigmoid(slope * (x - threshold)), a one-neuron discriminator, with its logit.

    Called, it returns probabilities; :meth:`logit` returns slope * (x - threshold), from which :func:`value_function`
    and :func:`value_function_mc` take log D = log sigmoid(logit) and log(1 - D) = log sigmoid(-logit) without
    rounding D to exactly 0 or 1 (which would make V read -inf where it is finite).
    """

    def __init__(self, slope: float, threshold: float):
        self.slope = validate.finite_array("slope", slope, ndim=0).item()
        self.threshold = validate.finite_array("threshold", threshold, ndim=0).item()

    def logit(self, x) -> np.ndarray:
        return self.slope * (np.asarray(x, dtype=float) - self.threshold)

    def __call__(self, x) -> np.ndarray:
        return expit(self.logit(x))

    def __repr__(self) -> str:
        return f"LogisticDiscriminator(slope={self.slope:g}, threshold={self.threshold:g})"


def logistic_discriminator(slope: float, threshold: float) -> LogisticDiscriminator:
    """D(x) = sigmoid(slope * (x - threshold)): a one-neuron discriminator (its ``.logit`` gives the logit)."""
    return LogisticDiscriminator(slope, threshold)


def _log_d(name: str, d: Callable, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(log D(x), log(1 - D(x))): from ``d.logit`` by a stable log-sigmoid where ``d`` has one, else from d(x)."""
    if callable(getattr(d, "logit", None)):
        logit = validate.finite_array(f"{name}.logit(x)", d.logit(x))
        return -np.logaddexp(0.0, -logit), -np.logaddexp(0.0, logit)
    y = _probabilities(name, d, x)
    with np.errstate(divide="ignore"):
        return np.log(y), np.log1p(-y)


def value_pointwise(a, b, y) -> np.ndarray:
    """a log y + b log(1 - y): the integrand of V at one x, with a = p_data(x), b = p_g(x), y = D(x)."""
    a, b = validate.finite_array("a", a), validate.finite_array("b", b)
    y = validate.finite_array("y", y)
    validate.broadcastable("a, b and y", a, b, y)
    if np.any(a < 0) or np.any(b < 0):
        raise ValueError("a and b are densities and must be >= 0")
    if np.any((y < 0) | (y > 1)):
        raise ValueError(f"y must lie in [0, 1] (got values from {y.min()} to {y.max()})")
    with np.errstate(divide="ignore"):
        return xlogy(a, y) + xlogy(b, 1 - y)


def value_function(d: Callable, p_data: GaussianMixture, p_g: GaussianMixture) -> float:
    """V(D, G) = integral p_data log D + p_g log(1 - D), by quadrature."""
    d = validate.function("d", d)
    p_data, p_g = _check_1d("p_data", p_data), _check_1d("p_g", p_g)

    def integrand(x):
        log_real, log_fake = (np.broadcast_to(v, np.shape(x)) for v in _log_d("d", d, x))
        a, b = p_data.pdf(x), p_g.pdf(x)  # a density of 0 times log 0 counts 0, as in value_pointwise
        return np.where(a > 0, a * log_real, 0.0) + np.where(b > 0, b * log_fake, 0.0)

    return integrate_1d(integrand, p_data, p_g)


def _probabilities(name: str, d: Callable, x: np.ndarray) -> np.ndarray:
    """d(x) as a float array of probabilities; ValueError naming ``name`` if d returns anything else."""
    try:
        y = np.asarray(d(x), dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must map an array x to probabilities D(x) in [0, 1] ({err})") from None
    if y.shape not in ((), np.shape(x)):
        raise ValueError(f"{name}(x) must have the shape of x {np.shape(x)} (got {y.shape})")
    if not np.all((y >= 0) & (y <= 1)):  # also catches NaN
        raise ValueError(f"{name} must return probabilities D(x) in [0, 1], not logits (got values from "
                         f"{np.nanmin(y):.3g} to {np.nanmax(y):.3g}{', and NaN' if np.isnan(y).any() else ''})")
    return y


def value_function_mc(d: Callable, x_real: np.ndarray, x_fake: np.ndarray) -> tuple[float, float]:
    """V estimated from samples: mean log D(x_real) + mean log(1 - D(x_fake)), with its standard error."""
    d = validate.function("d", d)
    x_real, x_fake = validate.finite_array("x_real", x_real), validate.finite_array("x_fake", x_fake)
    for name, xs in (("x_real", x_real), ("x_fake", x_fake)):
        if xs.size < 2:
            raise ValueError(f"{name} must hold at least 2 samples for a standard error (got {xs.size})")
    a, b = _log_d("d", d, x_real)[0], _log_d("d", d, x_fake)[1]  # log D(x_real), log(1 - D(x_fake))
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return float(a.mean() + b.mean()), float(se)


def optimal_discriminator(p_data_x, p_g_x) -> np.ndarray:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)); 1/2 where both densities are 0 (any value is optimal there)."""
    a, b = validate.finite_array("p_data_x", p_data_x), validate.finite_array("p_g_x", p_g_x)
    validate.broadcastable("p_data_x and p_g_x", a, b)
    if np.any(a < 0) or np.any(b < 0):
        raise ValueError("p_data_x and p_g_x are density values and must be >= 0")
    total = a + b
    return np.divide(a, total, out=np.full(np.broadcast(a, b).shape, 0.5), where=total > 0)


def virtual_criterion(p_data: GaussianMixture, p_g: GaussianMixture) -> float:
    """C(G) = max_D V(D, G) = V(D*, G) = integral p_data log D* + p_g log(1 - D*), by quadrature."""
    p_data, p_g = _check_1d("p_data", p_data), _check_1d("p_g", p_g)

    def integrand(x):  # p log D* + q log(1 - D*), with log D* = log p - log(p + q), in log space
        log_p, log_q = p_data.log_pdf(x), p_g.log_pdf(x)
        log_sum = np.logaddexp(log_p, log_q)
        return np.exp(log_p) * (log_p - log_sum) + np.exp(log_q) * (log_q - log_sum)

    return integrate_1d(integrand, p_data, p_g)


def descend_on_grid(p_data_mass: np.ndarray, logits: np.ndarray, lr: float, n_steps: int) -> tuple[np.ndarray, list[float]]:
    """Proposition 2 on a grid: p_g = softmax(logits); each step sets D = D*, then descends
    U(p_g, D*) = sum p_data log D* + p_g log(1 - D*) in the logits with D* held fixed.

    Returns the final p_g masses and C(G) after every step.
    """
    p = validate.probability_vector("p_data_mass", p_data_mass, atol=1e-6)
    logits = validate.finite_array("logits", logits, ndim=1).copy()
    if logits.shape != p.shape:
        raise ValueError(f"logits must have the shape of p_data_mass {p.shape} (got {logits.shape})")
    lr = validate.in_range("lr", lr, 1e-12, 1e6)
    n_steps = validate.positive_int("n_steps", n_steps, minimum=0)
    criterion = []
    with np.errstate(divide="ignore"):
        log_p = np.log(p)
    for _ in range(n_steps):
        log_q = logits - logsumexp(logits)
        q = np.exp(log_q)
        log_1m_d_star = log_q - np.logaddexp(log_p, log_q)  # log(1 - D*) = log q - log(p + q)
        criterion.append(float(np.sum(value_pointwise(p, q, optimal_discriminator(p, q)))))
        logits -= lr * q * (log_1m_d_star - np.dot(q, log_1m_d_star))  # dU/dq, through the softmax
    q = np.exp(logits - logits.max())
    return q / q.sum(), criterion
