"""The Wasserstein-1 distance three ways, its Kantorovich–Rubinstein dual, and what a critic network can reach.

W1(P, Q) = min over couplings pi of E_pi |x - y| (the earth mover's distance). Between equal-size 1-D samples it is
the mean gap between sorted samples (quantile matching); between discrete distributions it is a transport linear
program (``scipy.optimize.linprog``, HiGHS); ``scipy.stats.wasserstein_distance`` is the library's independent check.
The dual (Kantorovich–Rubinstein) maximises E_P f - E_Q f over 1-Lipschitz f, the critic that WGAN trains a network
for (Arjovsky, Chintala and Bottou 2017, eq. 2).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse import coo_array, vstack
from scipy.spatial.distance import cdist
from torch import nn

from . import validate
from .training import TrainConfig, train_discriminator

__all__ = ["Transport", "DualCritic", "CRITICS", "w1_sorted", "w1_linprog", "w1_assignment", "kr_dual", "lipschitz_1d", "clip_weights",
           "clipped_slope_bound", "critic_values", "gradient_norms", "train_critic"]

# How each paper keeps its critic Lipschitz, as TrainConfig fields (plus the clipping bound c):
CRITICS = {
    "clipping": dict(optimizer="rmsprop", lr_d=5e-5, clip=0.01),  # WGAN, Arjovsky et al. (2017), Algorithm 1's defaults
    "gradient penalty": dict(gp_lambda=10.0, lr_d=1e-3, betas=(0.0, 0.9)),  # WGAN-GP, Gulrajani et al. (2017); their rate is 1e-4
}


class Transport(NamedTuple):
    """``w1_linprog``'s result: the distance and the optimal coupling pi (n, m), rows summing to a, columns to b."""

    value: float
    plan: np.ndarray


class DualCritic(NamedTuple):
    """``kr_dual``'s result: max E_P f - E_Q f over 1-Lipschitz f, and that f at the support points (f[0] = 0)."""

    value: float
    f: np.ndarray


def _points(name: str, x) -> np.ndarray:
    x = validate.finite_array(name, x)
    x = x.reshape(-1, 1) if x.ndim == 1 else x
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(f"{name} must be points of shape (n,) or (n, d) with n >= 1 (got shape {np.shape(x)})")
    return x


def _weights(name: str, w, n: int) -> np.ndarray:
    if w is None:
        return np.full(n, 1.0 / n)
    w = validate.finite_array(name, w, ndim=1)
    if len(w) != n or np.any(w < 0) or not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"{name} must be {n} non-negative weights summing to 1 (got shape {w.shape}, sum {w.sum():.6g})")
    return w


def w1_sorted(x, y) -> float:
    """W1 between two 1-D samples of equal size n: mean_i |x_(i) - y_(i)|, the i-th smallest of each (quantiles)."""
    x, y = validate.finite_array("x", x, ndim=1), validate.finite_array("y", y, ndim=1)
    if len(x) == 0 or len(x) != len(y):
        raise ValueError(f"x and y must be 1-D samples of the same size n >= 1 (got {len(x)} and {len(y)})")
    return float(np.mean(np.abs(np.sort(x) - np.sort(y))))


def w1_linprog(x, y, a=None, b=None) -> Transport:
    """min_pi sum_ij pi_ij |x_i - y_j| s.t. sum_j pi_ij = a_i, sum_i pi_ij = b_j, pi >= 0 (uniform a, b by default).

    x: (n,) or (n, d) support of P, y: (m,) or (m, d) support of Q; the cost is the Euclidean distance."""
    x, y = _points("x", x), _points("y", y)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"x and y must be points of the same dimension (got {x.shape[1]} and {y.shape[1]})")
    n, m = len(x), len(y)
    a, b = _weights("a", a, n), _weights("b", b, m)
    cost = cdist(x, y)  # (n, m)
    k = np.arange(n * m)
    rows = coo_array((np.ones(n * m), (k // m, k)), shape=(n, n * m))  # row sums of pi (row-major)
    cols = coo_array((np.ones(n * m), (k % m, k)), shape=(m, n * m))  # column sums
    result = linprog(cost.ravel(), A_eq=vstack([rows, cols]), b_eq=np.concatenate([a, b]), bounds=(0, None), method="highs")
    if result.status != 0:
        raise RuntimeError(f"the transport linear program failed: {result.message}")
    plan = result.x.reshape(n, m)
    return Transport(float(np.sum(plan * cost)), plan)


def w1_assignment(x, y) -> float:
    """W1 between two point sets of equal size n (uniform weights): min over permutations s of mean_i |x_i - y_s(i)|.

    Between uniform measures on n points each an optimal transport plan is a permutation (Birkhoff), so the assignment
    problem (``scipy.optimize.linear_sum_assignment``) solves ``w1_linprog``'s program exactly, much faster."""
    a, b = _points("x", x), _points("y", y)
    if a.shape != b.shape:
        raise ValueError(f"x and y must be point sets of the same shape (n, d) (got {a.shape} and {b.shape})")
    cost = cdist(a, b)  # (n, n)
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].mean())


def kr_dual(points, p, q) -> DualCritic:
    """max_f sum_i f_i (p_i - q_i) s.t. f_i - f_j <= |x_i - x_j| for every pair i, j, and f_0 = 0.

    points: (n,) or (n, d) shared support; p, q: (n,) probability vectors on it. By Kantorovich–Rubinstein
    duality the value is W1(p, q), and f is an optimal critic there."""
    x = _points("points", points)
    n = len(x)
    if n < 2:
        raise ValueError(f"points must hold at least 2 points (got {n})")
    p, q = _weights("p", p, n), _weights("q", q, n)
    i, j = np.nonzero(~np.eye(n, dtype=bool))  # every ordered pair i != j
    constraints = coo_array((np.concatenate([np.ones(len(i)), -np.ones(len(i))]),
                             (np.tile(np.arange(len(i)), 2), np.concatenate([i, j]))), shape=(len(i), n))
    bounds = [(0, 0)] + [(None, None)] * (n - 1)  # f is defined up to a constant: pin f_0
    result = linprog(-(p - q), A_ub=constraints, b_ub=cdist(x, x)[i, j], bounds=bounds, method="highs")
    if result.status != 0:
        raise RuntimeError(f"the dual linear program failed: {result.message}")
    return DualCritic(float(result.x @ (p - q)), result.x)


def lipschitz_1d(x, f) -> float:
    """max over pairs |f_i - f_j| / |x_i - x_j| of a function sampled at distinct 1-D points (all pairs)."""
    x, f = validate.finite_array("x", x, ndim=1), validate.finite_array("f", f, ndim=1)
    if len(x) < 2 or len(f) != len(x) or len(np.unique(x)) != len(x):
        raise ValueError(f"x must hold at least 2 distinct points and f one value per point (got {len(x)} and {len(f)})")
    dx, df = np.abs(x[:, None] - x[None]), np.abs(f[:, None] - f[None])
    off = ~np.eye(len(x), dtype=bool)
    return float(np.max(df[off] / dx[off]))


def clip_weights(model: nn.Module, c: float) -> nn.Module:
    """Clamp every parameter of ``model`` to [-c, c] in place (WGAN's weight clipping, Arjovsky et al. 2017, Algorithm 1)."""
    validate.instance("model", model, nn.Module, "a torch.nn.Module")
    c = validate.in_range("c", c, 1e-12, np.inf)
    with torch.no_grad():
        for param in model.parameters():
            param.clamp_(-c, c)
    return model


def clipped_slope_bound(model: nn.Module, c: float) -> float:
    """sqrt(d) c^L prod of the inner widths: the largest |grad_x f| (Euclidean) of an MLP of L Linear layers on d inputs
    whose weights lie in [-c, c] and whose activations have slope <= 1. Each partial derivative is at most c times the
    product of c * n_in over the later layers; the bound is reached when every weight is +c and every unit is active."""
    validate.instance("model", model, nn.Module, "a torch.nn.Module")
    c = validate.in_range("c", c, 1e-12, np.inf)
    layers = [layer for layer in model.modules() if isinstance(layer, nn.Linear)]
    if not layers:
        raise ValueError("model must contain Linear layers")
    partial = c  # the first layer: one input coordinate times a weight <= c
    for layer in layers[1:]:
        partial *= c * layer.in_features
    return float(np.sqrt(layers[0].in_features) * partial)


@torch.no_grad()
def critic_values(critic: nn.Module, x) -> np.ndarray:
    """f(x) as a float64 numpy array (n,), x: (n,) or (n, d) points."""
    validate.instance("critic", critic, nn.Module, "a torch.nn.Module")
    x = _points("x", x)
    return critic(torch.as_tensor(x, dtype=torch.float32)).double().numpy().ravel()


def gradient_norms(critic: nn.Module, x) -> np.ndarray:
    """|grad_x f(x)| at each point, (n,); x: (n,) or (n, d)."""
    validate.instance("critic", critic, nn.Module, "a torch.nn.Module")
    x = torch.as_tensor(_points("x", x), dtype=torch.float32).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x).sum(), x)  # (n, d)
    return grad.norm(dim=1).double().numpy()


def train_critic(critic: nn.Module, x_real, x_fake, method: str, n_steps: int, seed: int = 0, **changes) -> list[float]:
    """Maximise mean f(x_real) - mean f(x_fake) over ``n_steps`` full-batch steps on fixed samples, kept Lipschitz by
    ``method`` (a key of CRITICS, whose settings ``changes`` may override, e.g. gp_lambda=0.1); returns loss_d = -(that
    difference) per step."""
    validate.instance("critic", critic, nn.Module, "a torch.nn.Module")
    if method not in CRITICS:
        raise ValueError(f"method must be one of {sorted(CRITICS)} (got {method!r})")
    x_real = torch.as_tensor(_points("x_real", x_real), dtype=torch.float32)
    x_fake = torch.as_tensor(_points("x_fake", x_fake), dtype=torch.float32)
    if x_real.shape != x_fake.shape:
        raise ValueError(f"x_fake must have the shape of x_real, {tuple(x_real.shape)} (got {tuple(x_fake.shape)})")
    settings = {**CRITICS[method], **changes}
    clip = settings.pop("clip", None)
    config = TrainConfig(loss="wasserstein", batch_size=len(x_real), seed=validate.positive_int("seed", seed, minimum=0),
                         **settings)
    keep_clipped = (lambda _step: clip_weights(critic, clip)) if clip else None
    if clip:
        clip_weights(critic, clip)
    return train_discriminator(critic, lambda m, g: x_real, lambda m, g: x_fake, n_steps, config, callback=keep_clipped)
