"""The Dirac-GAN (Mescheder, Geiger and Nowozin 2018, Section 2): the smallest GAN, and why plain gradient steps fail on it.

The data are one point, p_data = delta_0; the generator is one point too, G(theta) = delta_theta; the critic's output is
v_psi(x) = psi * x. With an f-GAN loss (default: the gan row, i.e. Goodfellow's game) the critic descends
loss_d(v_psi(0), v_psi(theta)) and the generator descends loss_g(v_psi(theta)). The only equilibrium is (theta, psi) = (0, 0).

- "simultaneous": both gradients at the same point -- Nowozin et al.'s single-step gradient method (2016, Algorithm 1);
- "alternating": the critic steps first, the generator then uses the new critic -- what ``training.Trainer`` does with k = 1.

R1 (gamma > 0) adds gamma/2 * |d v_psi / dx at the data|^2 = gamma/2 * psi^2 to the critic's loss.
States are numpy arrays (theta, psi); gradients come from torch autograd in float64.
"""

from __future__ import annotations

import numpy as np
import torch

from . import fgan, losses, validate

__all__ = ["METHODS", "step", "trajectory", "jacobian", "growth_factor"]

METHODS = ("simultaneous", "alternating")


def _check(method: str, lr: float, gamma: float, loss) -> losses.GANLoss:
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)} (got {method!r})")
    validate.in_range("lr", lr, 1e-12, 10.0)
    validate.in_range("gamma", gamma, 0.0, 1e3)
    return fgan.fgan_loss("gan") if loss is None else losses.get_loss(loss)


def _slope(fn, v: torch.Tensor) -> torch.Tensor:
    """d fn / d v at v (a 0-d tensor in the graph), differentiable again."""
    v = v.reshape(1, 1)
    return torch.autograd.grad(fn(v), v, create_graph=True)[0].reshape(())


def _critic_grad(theta: torch.Tensor, psi: torch.Tensor, loss: losses.GANLoss, gamma: float) -> torch.Tensor:
    """The partial derivative in psi of loss_d + gamma/2 psi^2 at (theta, psi).

    v_psi(x) = psi x, so dv/dpsi = x: the real point x = 0 contributes nothing, the fake one theta * dloss_d/dv_fake.
    The R1 term: dv/dx = psi at the data, so gamma/2 |dv/dx|^2 = gamma/2 psi^2, whose derivative is gamma psi."""
    v_real = torch.zeros(1, 1, dtype=torch.float64)
    return theta * _slope(lambda v: loss.discriminator(v_real, v), psi * theta) + gamma * psi


def _generator_grad(theta: torch.Tensor, psi: torch.Tensor, loss: losses.GANLoss) -> torch.Tensor:
    """The partial derivative in theta of loss_g(v_psi(theta)): dv/dtheta = psi."""
    return psi * _slope(loss.generator, psi * theta)


def _step(state: torch.Tensor, method: str, lr: float, gamma: float, loss: losses.GANLoss) -> torch.Tensor:
    theta, psi = state[0], state[1]
    if not state.requires_grad:  # plain evaluation: a leaf, so that autograd can take the slopes
        theta, psi = state.detach().requires_grad_(True).unbind()
    new_psi = psi - lr * _critic_grad(theta, psi, loss, gamma)
    at_psi = new_psi if method == "alternating" else psi  # alternating: the generator sees the updated critic
    new_theta = theta - lr * _generator_grad(theta, at_psi, loss)
    return torch.stack([new_theta, new_psi])


def _state(name: str, value) -> torch.Tensor:
    state = torch.as_tensor(validate.finite_array(name, value, ndim=1), dtype=torch.float64)
    if state.shape != (2,):
        raise ValueError(f"{name} must be (theta, psi), shape (2,) (got shape {tuple(state.shape)})")
    return state


def step(state, method: str, lr: float, gamma: float = 0.0, loss=None) -> np.ndarray:
    """One gradient step from ``state`` = (theta, psi); returns the new (theta, psi)."""
    loss = _check(method, lr, gamma, loss)
    return _step(_state("state", state), method, lr, gamma, loss).detach().numpy()


def trajectory(start, n_steps: int, method: str, lr: float, gamma: float = 0.0, loss=None) -> np.ndarray:
    """The n_steps + 1 states (theta, psi) visited from ``start``, shape (n_steps + 1, 2)."""
    n_steps, loss = validate.positive_int("n_steps", n_steps), _check(method, lr, gamma, loss)
    path = [_state("start", start)]
    for _ in range(n_steps):
        path.append(_step(path[-1], method, lr, gamma, loss).detach())
    return torch.stack(path).numpy()


def jacobian(method: str, lr: float, gamma: float = 0.0, loss=None, at=(0.0, 0.0)) -> np.ndarray:
    """The 2 x 2 Jacobian of one step's map (theta, psi) -> (theta', psi') at ``at`` (default: the equilibrium), by autograd."""
    loss = _check(method, lr, gamma, loss)
    return torch.autograd.functional.jacobian(lambda s: _step(s, method, lr, gamma, loss), _state("at", at)).numpy()


def growth_factor(path) -> float:
    """The radius |(theta, psi)| gains per step, exp(slope) of a least-squares line through log-radius against step.

    > 1 spirals outwards, = 1 keeps its distance, < 1 converges; compare with the largest |eigenvalue| of ``jacobian``."""
    path = validate.finite_array("path", path, ndim=2)
    if path.shape[1] != 2 or len(path) < 3:
        raise ValueError(f"path must have shape (n >= 3, 2) (got {path.shape})")
    radius = np.hypot(path[:, 0], path[:, 1])
    if np.any(radius <= 0):
        raise ValueError("path must stay away from the equilibrium (0, 0): a radius is 0")
    slope = np.polyfit(np.arange(len(path)), np.log(radius), 1)[0]
    return float(np.exp(slope))
