"""f-GAN (Nowozin, Cseke and Tomioka 2016): f-divergences, their Fenchel conjugates, and GAN losses from them.

D_f(p||q) = integral q f(p/q) for convex f;  f*(t) = sup_u [t u - f(u)];
D_f(p||q) >= sup_T E_p[T] - E_q[f*(T)], with equality at T*(x) = f'(p(x)/q(x)).
The critic outputs an unconstrained v and T = g_f(v) always lands in dom f*. The table's functions act on
torch tensors; the quadrature helpers take numpy arrays and 1-D mixtures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from . import losses, validate
from .distributions import GaussianMixture
from .divergences import integrate_1d

__all__ = ["Divergence", "DIVERGENCES", "get", "fgan_loss", "table_markdown", "divergence", "bound",
           "optimal_critic", "critic_bound", "as_numpy_fn"]

LOG2 = math.log(2.0)
Fn = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Divergence:
    """One row of the f-GAN table: f, its conjugate f*, the output activation g_f and T* = f'(p/q)."""

    name: str
    f: Fn  # u -> f(u), u > 0
    f_star: Fn  # t -> f*(t), t in dom f* (the literal formula)
    activation: Fn  # g_f: v in R -> t in dom f*
    activation_inverse: Fn  # g_f^{-1}: t in dom f* -> v, e.g. the critic output v* that gives T*
    f_star_of_v: Fn  # v -> f*(g_f(v)), the numerically stable form
    t_star: Fn  # u -> f'(u), so T*(x) = t_star(p(x) / q(x))
    domain: tuple[float, float]  # dom f* = (low, high), an open interval
    tex: dict  # LaTeX of f, f*, g_f, T* and the closed form of D_f, for the notebook's table

    def __post_init__(self):
        validate.instance("name", self.name, str, "a string")
        for arg in ("f", "f_star", "activation", "activation_inverse", "f_star_of_v", "t_star"):
            validate.function(arg, getattr(self, arg))
        if not (isinstance(self.domain, tuple) and len(self.domain) == 2 and self.domain[0] < self.domain[1]):
            raise ValueError(f"domain must be an interval (low, high) with low < high (got {self.domain!r})")
        validate.instance("tex", self.tex, dict, "a dict of LaTeX strings")


_ROWS = [
    Divergence(
        "kl", f=lambda u: torch.xlogy(u, u), f_star=lambda t: torch.exp(t - 1),
        activation=lambda v: v, activation_inverse=lambda t: t, f_star_of_v=lambda v: torch.exp(v - 1),
        t_star=lambda u: 1 + torch.log(u), domain=(-math.inf, math.inf),
        tex=dict(f=r"$u \log u$", f_star=r"$e^{t-1}$", g=r"$v$", t_star=r"$1 + \log \frac{p}{q}$",
                 d_f=r"$\mathrm{KL}(p \| q)$")),
    Divergence(
        "reverse-kl", f=lambda u: -torch.log(u), f_star=lambda t: -1 - torch.log(-t),
        activation=lambda v: -torch.exp(-v), activation_inverse=lambda t: -torch.log(-t), f_star_of_v=lambda v: v - 1,
        t_star=lambda u: -1 / u, domain=(-math.inf, 0.0),
        tex=dict(f=r"$-\log u$", f_star=r"$-1 - \log(-t)$", g=r"$-e^{-v}$", t_star=r"$-\frac{q}{p}$",
                 d_f=r"$\mathrm{KL}(q \| p)$")),
    Divergence(
        "pearson", f=lambda u: (u - 1) ** 2, f_star=lambda t: t**2 / 4 + t,
        activation=lambda v: v, activation_inverse=lambda t: t, f_star_of_v=lambda v: v**2 / 4 + v,
        t_star=lambda u: 2 * (u - 1), domain=(-math.inf, math.inf),
        tex=dict(f=r"$(u-1)^2$", f_star=r"$\frac{t^2}{4} + t$", g=r"$v$", t_star=r"$2\left(\frac{p}{q} - 1\right)$",
                 d_f=r"$\chi^2(p \| q) = \int \frac{(p-q)^2}{q}$")),
    Divergence(
        "hellinger", f=lambda u: (torch.sqrt(u) - 1) ** 2, f_star=lambda t: t / (1 - t),
        activation=lambda v: -torch.expm1(-v), activation_inverse=lambda t: -torch.log1p(-t), f_star_of_v=torch.expm1,
        t_star=lambda u: 1 - 1 / torch.sqrt(u), domain=(-math.inf, 1.0),
        tex=dict(f=r"$(\sqrt{u} - 1)^2$", f_star=r"$\frac{t}{1-t}$", g=r"$1 - e^{-v}$", t_star=r"$1 - \sqrt{q/p}$",
                 d_f=r"$H^2(p, q) = \int (\sqrt{p} - \sqrt{q})^2$")),
    Divergence(
        "jensen-shannon", f=lambda u: torch.xlogy(u, u) - (u + 1) * torch.log((u + 1) / 2),
        f_star=lambda t: -torch.log(2 - torch.exp(t)), activation=lambda v: LOG2 - F.softplus(-v),
        activation_inverse=lambda t: -torch.log(2 * torch.exp(-t) - 1), f_star_of_v=lambda v: F.softplus(v) - LOG2,
        t_star=lambda u: torch.log(2 * u / (u + 1)), domain=(-math.inf, LOG2),
        tex=dict(f=r"$u \log u - (u+1) \log \frac{u+1}{2}$", f_star=r"$-\log(2 - e^t)$",
                 g=r"$\log 2 - \log(1 + e^{-v})$", t_star=r"$\log \frac{2p}{p+q}$", d_f=r"$2\,\mathrm{JSD}(p \| q)$")),
    Divergence(  # Goodfellow's GAN; f(1) = -log 4, so D_f = 2 JSD - log 4 is JS shifted by a constant
        "gan", f=lambda u: torch.xlogy(u, u) - torch.xlogy(u + 1, u + 1), f_star=lambda t: -torch.log(1 - torch.exp(t)),
        activation=F.logsigmoid, activation_inverse=lambda t: t - torch.log(-torch.expm1(t)), f_star_of_v=F.softplus,
        t_star=lambda u: torch.log(u / (u + 1)), domain=(-math.inf, 0.0),
        tex=dict(f=r"$u \log u - (u+1) \log(u+1)$", f_star=r"$-\log(1 - e^t)$", g=r"$-\log(1 + e^{-v})$",
                 t_star=r"$\log \frac{p}{p+q}$", d_f=r"$2\,\mathrm{JSD}(p \| q) - \log 4$")),
]
DIVERGENCES = {d.name: d for d in _ROWS}


def get(name: str | Divergence) -> Divergence:
    """A row of the table by name (see ``DIVERGENCES``) or passed through."""
    if isinstance(name, Divergence):
        return name
    if name not in DIVERGENCES:
        raise ValueError(f"name must be one of {sorted(DIVERGENCES)} (got {name!r})")
    return DIVERGENCES[name]


GENERATOR_LOSSES = ("minimax", "alternative")  # the first is the default


def fgan_loss(name: str | Divergence, generator: str = "minimax") -> losses.GANLoss:
    """The f-GAN pair on critic outputs v: loss_d = -(mean g_f(v_real) - mean f*(g_f(v_fake))) and
    loss_g = -mean f*(g_f(v_fake)) ("minimax", the saddle itself) or -mean g_f(v_fake) ("alternative", Nowozin's)."""
    div = get(name)
    if generator not in GENERATOR_LOSSES:
        raise ValueError(f"generator must be one of {list(GENERATOR_LOSSES)} (got {generator!r})")

    def loss_d(v_real: torch.Tensor, v_fake: torch.Tensor) -> torch.Tensor:
        return -(div.activation(v_real).mean() - div.f_star_of_v(v_fake).mean())

    def loss_g_minimax(v_fake: torch.Tensor) -> torch.Tensor:
        return -div.f_star_of_v(v_fake).mean()

    def loss_g_alternative(v_fake: torch.Tensor) -> torch.Tensor:
        return -div.activation(v_fake).mean()

    loss_g = loss_g_minimax if generator == "minimax" else loss_g_alternative
    return losses.GANLoss(f"f-GAN {div.name} ({generator})", loss_d, loss_g, lambda loss: -loss)


def table_markdown() -> str:
    """The table as a Markdown string: one row per divergence with f, f*, dom f*, g_f, T* and D_f, inside a region the
    keyboard can focus (wider than a narrow window, it scrolls sideways)."""
    rows = ["| name | $f(u)$ | $f^*(t)$ | dom $f^*$ | $g_f(v)$ | $T^*$ | $D_f(p \\| q)$ |", "|---" * 7 + "|"]
    for d in DIVERGENCES.values():
        high = {0.0: "0", 1.0: "1", LOG2: r"\log 2", math.inf: r"\infty"}[d.domain[1]]
        rows.append(f"| {d.name} | {d.tex['f']} | {d.tex['f_star']} | $(-\\infty, {high})$ | {d.tex['g']} "
                    f"| {d.tex['t_star']} | {d.tex['d_f']} |")
    region = '<div tabindex="0" role="region" aria-label="f-divergences: f, its conjugate, the output activation, T* and D_f">'
    return "\n".join([region, "", *rows, "", "</div>"])


def as_numpy_fn(fn: Fn) -> Callable[[np.ndarray], np.ndarray]:
    """A table function (torch) as a numpy -> numpy function, evaluated in float64."""
    validate.function("fn", fn)
    return lambda x: fn(torch.as_tensor(np.asarray(x, dtype=np.float64))).numpy()


MAX_LOG_RATIO = 700.0  # exp(700) is near float64's limit; ratios beyond it only occur where both densities ~ 0


def _check_pair(p, q) -> tuple[GaussianMixture, GaussianMixture]:
    """(p, q) if both are 1-D GaussianMixtures."""
    for name, mix in (("p", p), ("q", q)):
        if not isinstance(mix, GaussianMixture) or mix.dim != 1:
            raise ValueError(f"{name} must be a 1-D GaussianMixture (got {type(mix).__name__})")
    return p, q


def _ratio(p: GaussianMixture, q: GaussianMixture, x: np.ndarray) -> np.ndarray:
    """u = p(x)/q(x), computed as exp(log p - log q) with the log clipped to +-MAX_LOG_RATIO."""
    return np.exp(np.clip(p.log_pdf(x) - q.log_pdf(x), -MAX_LOG_RATIO, MAX_LOG_RATIO))


def divergence(name: str | Divergence, p: GaussianMixture, q: GaussianMixture) -> float:
    """D_f(p||q) = integral q(x) f(p(x)/q(x)) dx by quadrature (``divergences.integrate_1d``); inf where f(p/q) overflows."""
    f, (p, q) = as_numpy_fn(get(name).f), _check_pair(p, q)

    def integrand(x):
        with np.errstate(invalid="ignore", over="ignore"):
            term = q.pdf(x) * f(_ratio(p, q, x))
        return np.where(np.isnan(term), np.inf, term)  # 0 * inf: q underflowed where f(p/q) overflowed, D_f = inf

    return integrate_1d(integrand, p, q)


def optimal_critic(name: str | Divergence, p: GaussianMixture, q: GaussianMixture) -> Callable[[np.ndarray], np.ndarray]:
    """T*(x) = f'(p(x)/q(x)), the critic at which the variational bound is tight."""
    t_star, (p, q) = as_numpy_fn(get(name).t_star), _check_pair(p, q)
    return lambda x: t_star(_ratio(p, q, x))


def bound(name: str | Divergence, p: GaussianMixture, q: GaussianMixture, critic: Callable[[np.ndarray], np.ndarray]) -> float:
    """E_p[T] - E_q[f*(T)] = integral p T - q f*(T) for a critic x -> T(x) in dom f*, by quadrature."""
    div, critic, (p, q) = get(name), validate.function("critic", critic), _check_pair(p, q)
    f_star = as_numpy_fn(div.f_star)

    def integrand(x):
        t = _outputs("critic", critic, x)
        if np.any(t > div.domain[1]):  # the closure: T* may round onto the edge where p/q is huge
            raise ValueError(f"critic must return values t <= {div.domain[1]:.6g}, the closure of dom f* "
                             f"for {div.name!r} (got up to {t.max():.6g})")
        return p.pdf(x) * t - q.pdf(x) * f_star(t)

    return integrate_1d(integrand, p, q)


def critic_bound(name: str | Divergence, p: GaussianMixture, q: GaussianMixture, v: Callable[[np.ndarray], np.ndarray]) -> float:
    """E_p[g_f(v)] - E_q[f*(g_f(v))] for critic outputs x -> v(x) in R, with the losses' stable f*(g_f(v)), by quadrature."""
    div, v, (p, q) = get(name), validate.function("v", v), _check_pair(p, q)
    g, f_star_of_v = as_numpy_fn(div.activation), as_numpy_fn(div.f_star_of_v)
    def integrand(x):
        vx = _outputs("v", v, x)
        return p.pdf(x) * g(vx) - q.pdf(x) * f_star_of_v(vx)

    return integrate_1d(integrand, p, q)


def _outputs(name: str, fn: Callable, x: np.ndarray) -> np.ndarray:
    """fn(x) as a float64 array of x's shape; ValueError naming ``name`` otherwise."""
    try:
        out = np.asarray(fn(x), dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must map an array x to an array of real numbers ({err})") from None
    if out.shape not in ((), np.shape(x)):
        raise ValueError(f"{name}(x) must have the shape of x {np.shape(x)} (got {out.shape})")
    if np.isnan(out).any():
        raise ValueError(f"{name}(x) must not be NaN")
    return out if out.shape == np.shape(x) else np.full(np.shape(x), float(out))
