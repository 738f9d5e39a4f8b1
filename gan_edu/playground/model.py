"""The playground's model: controls -> a course ``Trainer``, live changes, iterations, slow motion, readouts.

The networks are ``toy_models.mlp`` pairs, training is ``training.Trainer`` (Algorithm 1). What the
playground adds: G-steps per iteration, a loss table with least squares, the f-GAN rows and WGAN-GP, an
iteration split into its D update and its G update (slow motion), and readouts of how far p_g is from
the data: a kernel estimate of JSD with its standard error, the exact W1 between samples, and the
discriminator's bound (for WGAN-GP the critic's estimate of W1).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
from scipy.special import logsumexp

from .. import fgan, losses, toy_models, training_plots, validate, wasserstein
from ..training import TrainConfig, Trainer, sample_generator
from .datasets import check_points, torch_sampler

__all__ = ["LOSSES", "Z_DISTRIBUTIONS", "Controls", "ARCHITECTURE", "HELP", "limits", "make_trainer", "apply_live", "train_for",
           "d_update", "g_update", "jsd_kde", "bound_label", "LEAST_SQUARES", "gp_weight", "w1_readout",
           "N_W1"]


def _ls_d(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    return 0.5 * ((d_real - 1) ** 2).mean() + 0.5 * (d_fake**2).mean()


def _ls_g(d_fake: torch.Tensor) -> torch.Tensor:
    return 0.5 * ((d_fake - 1) ** 2).mean()


# Mao et al. (2017), LSGAN with targets a = 0 (fake), b = c = 1 (real); its loss_d bounds no divergence named here
LEAST_SQUARES = losses.GANLoss("least squares", _ls_d, _ls_g, lambda loss_d: math.nan)
LOSSES = {"minimax": losses.SATURATING, "non-saturating": losses.NON_SATURATING, "least squares": LEAST_SQUARES,
          **{f"f-GAN {name}": fgan.fgan_loss(name, "alternative") for name in fgan.DIVERGENCES},
          "WGAN-GP": losses.WASSERSTEIN}  # Gulrajani et al. (2017): the Wasserstein pair; its penalty is gp_lambda
Z_DISTRIBUTIONS = {"gaussian": lambda m, z_dim, g: torch.randn(m, z_dim, generator=g),
                   "uniform": lambda m, z_dim, g: torch.rand(m, z_dim, generator=g) * 2 - 1}

# name -> (allowed low, high, what it is); ints are checked as ints. The highs keep one Step (an iteration and its
# redraw) under a second on 2 cores (tests/test_playground.py times it at the largest values).
INT_RANGES = {"g_depth": (1, 4, "hidden layers of G"), "g_width": (1, 256, "units per hidden layer of G"),
              "d_depth": (1, 4, "hidden layers of D"), "d_width": (1, 256, "units per hidden layer of D"),
              "z_dim": (1, 16, "noise dimension"), "k_d": (1, 5, "D steps per iteration"),
              "k_g": (1, 5, "G steps per iteration"), "batch_size": (2, 512, "minibatch size m"),
              "seed": (0, 2**31 - 1, "random seed")}
FLOAT_RANGES = {"lr_d": (1e-6, 1.0, "learning rate of D"), "lr_g": (1e-6, 1.0, "learning rate of G"),
                "r1_gamma": (0.0, 100.0, "R1 penalty weight gamma"),
                "gp_lambda": (0.0, 100.0, "WGAN-GP gradient-penalty weight lambda")}
# name -> (what it sets, in a sentence; the lesson that teaches it)
HELP = {"g_depth": ("Hidden layers of the generator G, which maps noise z to a point x.", "04"),
        "g_width": ("Units in each hidden layer of G: more can bend p_g into more shapes.", "04"),
        "d_depth": ("Hidden layers of the discriminator D, which scores how real a point looks.", "02"),
        "d_width": ("Units in each hidden layer of D: more let D approach the optimal D*.", "02"),
        "z_dim": ("Dimension of the noise z that G turns into points.", "01"),
        "z_dist": ("Distribution of the noise z: Gaussian or uniform.", "01"),
        "loss": ("The losses D and G minimise: minimax, non-saturating, least squares, an f-GAN's bound, or WGAN-GP "
                 "(D becomes a critic f; its penalty is gp_lambda, lesson 08).", "06"),
        "k_d": ("Discriminator steps per iteration, Algorithm 1's k.", "04"),
        "k_g": ("Generator steps per iteration.", "04"),
        "optimizer": ("How both networks follow their gradients: Adam or SGD.", "04"),
        "r1_gamma": ("Weight gamma of the R1 penalty on D's gradient at real points, with any loss (0 turns it off).", "05"),
        "gp_lambda": ("Weight lambda of WGAN-GP's gradient penalty lambda E(|grad_x f(x_hat)| - 1)^2 at random points "
                      "between real and fake; it acts only when the loss is WGAN-GP (which trains here with k_d = 5 and "
                      "lr_g = 1e-4).", "08"),
        "lr_d": ("Learning rate of D's optimiser (log scale).", "04"),
        "lr_g": ("Learning rate of G's optimiser (log scale).", "04"),
        "batch_size": ("Minibatch size m: real and fake points per step.", "04"),
        "seed": ("Random seed of the networks' initial weights and of every minibatch.", "04")}
CHOICES = {"z_dist": tuple(Z_DISTRIBUTIONS), "loss": tuple(LOSSES), "optimizer": ("adam", "sgd")}


@dataclass
class Controls:
    """Every setting of the playground; defaults train the ring preset to all 8 modes (benchmarks/bench_playground.py)."""

    g_depth: int = 2
    g_width: int = 64
    d_depth: int = 2
    d_width: int = 64
    z_dim: int = 2
    z_dist: str = "gaussian"
    loss: str = "non-saturating"
    k_d: int = 1
    k_g: int = 1
    lr_d: float = 1e-3
    lr_g: float = 1e-3
    optimizer: str = "adam"
    r1_gamma: float = 0.1
    gp_lambda: float = 10.0  # Gulrajani et al.'s lambda; acts only with the WGAN-GP loss (gp_weight)
    batch_size: int = 128
    seed: int = 0

    def __post_init__(self):
        for f in fields(self):
            setattr(self, f.name, check(f.name, getattr(self, f.name)))

    @classmethod
    def from_dict(cls, values: dict) -> "Controls":
        """Controls from a setup file's dict; unknown names are an error, missing ones take the default."""
        unknown = sorted(set(values) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown controls {unknown}; allowed: {[f.name for f in fields(cls)]}")
        return cls(**values)

    def as_dict(self) -> dict:
        return asdict(self)


def check(name: str, value):
    """``value`` if it is allowed for control ``name``, else ValueError naming the control and its range."""
    if name in INT_RANGES:
        low, high, what = INT_RANGES[name]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise ValueError(f"{name} ({what}) must be an integer in [{low}, {high}] (got {value!r})")
        return int(value)
    if name in FLOAT_RANGES:
        low, high, what = FLOAT_RANGES[name]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not low <= value <= high:
            raise ValueError(f"{name} ({what}) must be a number in [{low:g}, {high:g}] (got {value!r})")
        return float(value)
    if name in CHOICES:
        if value not in CHOICES[name]:
            raise ValueError(f"{name} must be one of {list(CHOICES[name])} (got {value!r})")
        return value
    raise ValueError(f"unknown control {name!r}")


def limits(name: str) -> str:
    """Control ``name``'s allowed values in words, e.g. "1 to 4" or "one of adam, sgd"."""
    if name in INT_RANGES or name in FLOAT_RANGES:
        low, high, _ = INT_RANGES.get(name) or FLOAT_RANGES[name]
        return f"{low:g} to {high:g}"
    return "one of " + ", ".join(CHOICES[name])


# changing one of these rebuilds the model (the optimiser too: Adam's state means nothing to SGD)
ARCHITECTURE = ("g_depth", "g_width", "d_depth", "d_width", "z_dim", "z_dist", "optimizer", "seed")


def make_trainer(controls: Controls, points: np.ndarray) -> Trainer:
    """A CPU Trainer of G: R^z_dim -> R^2 and D: R^2 -> logit (toy_models.mlp), on the point cloud ``points``."""
    c, rng = controls, torch.Generator().manual_seed(controls.seed)
    g = toy_models.mlp([c.z_dim] + [c.g_width] * c.g_depth + [2], rng)
    d = toy_models.mlp([2] + [c.d_width] * c.d_depth + [1], rng)
    draw_z = Z_DISTRIBUTIONS[c.z_dist]
    config = TrainConfig(k_d_steps=c.k_d, batch_size=c.batch_size, lr_d=c.lr_d, lr_g=c.lr_g, loss=LOSSES[c.loss],
                         optimizer=c.optimizer, seed=c.seed, r1_gamma=c.r1_gamma, gp_lambda=gp_weight(c))
    trainer = Trainer(g, d, torch_sampler(points), lambda m, gen: draw_z(m, c.z_dim, gen), config,
                      device=torch.device("cpu"))
    trainer.z_dim, trainer.z_dist = c.z_dim, c.z_dist
    return trainer


def apply_live(trainer: Trainer, controls: Controls) -> None:
    """Copy the controls that can change mid-training into ``trainer`` (the rest, ARCHITECTURE, need a rebuild)."""
    trainer.set_hyperparameters(k_d_steps=controls.k_d, lr_d=controls.lr_d, lr_g=controls.lr_g,
                                batch_size=controls.batch_size, r1_gamma=controls.r1_gamma)
    trainer.config.loss = LOSSES[controls.loss]  # d_step and g_step read it at every step
    trainer.config.gp_lambda = gp_weight(controls)  # so does d_step (set_hyperparameters does not take it)


def gp_weight(controls: Controls) -> float:
    """The trainer's gradient-penalty weight: lambda = gp_lambda when the loss is WGAN-GP, else 0.

    The penalty is WGAN-GP's own part (Gulrajani et al. 2017): applied to every loss, its default lambda = 10 would
    change the default non-saturating run (and its measured times to 8/8 modes) and every setup saved before the
    control existed; R1, which lesson 05 uses with the log loss, is the penalty that acts on any loss."""
    return controls.gp_lambda if LOSSES[controls.loss] is losses.WASSERSTEIN else 0.0


def _extra_g_steps(k_g: int):
    return lambda trainer: [trainer.g_step() for _ in range(k_g - 1)]


def train_for(trainer: Trainer, k_g: int, seconds: float, max_iterations: int) -> int:
    """Train whole iterations (k_d D-steps, k_g G-steps) for about ``seconds``; returns iterations done."""
    before = trainer.step_count
    callbacks = [_extra_g_steps(k_g)] if k_g > 1 else []
    trainer.run(until=before + max_iterations, callbacks=callbacks, progress=False, max_seconds=seconds)
    return trainer.step_count - before


def _grad_norm(model: torch.nn.Module) -> float:
    return float(torch.sqrt(sum((p.grad**2).sum() for p in model.parameters() if p.grad is not None)))


def d_update(trainer: Trainer, view_grid: torch.Tensor) -> dict:
    """Slow motion, first half of an iteration: ``trainer.step(part='d')``. Returns D on ``view_grid`` before and
    after, the last step's loss_d, D(real), D(fake) and |grad_theta_D loss_d|."""
    with torch.no_grad():
        before = torch.sigmoid(trainer.discriminator(view_grid)).numpy()
    trainer.step(part="d")
    with torch.no_grad():
        after = torch.sigmoid(trainer.discriminator(view_grid)).numpy()
    return {"before": before, "after": after, "stats": trainer.pending_d, "grad_norm": _grad_norm(trainer.discriminator)}


def g_update(trainer: Trainer, z: torch.Tensor, k_g: int) -> dict:
    """Slow motion, second half: the fakes G(z) and the gradient -grad_x loss_g at them, then
    ``trainer.step(part='g')`` (which records the iteration) and k_g - 1 more G-steps. Returns fakes before/after."""
    with torch.no_grad():
        before = trainer.generator(z)
    arrows = training_plots.fake_gradient_field(trainer, before).numpy()
    trainer.step(part="g")
    _extra_g_steps(k_g)(trainer)
    with torch.no_grad():
        after = trainer.generator(z).numpy()
    return {"before": before.numpy(), "after": after, "arrows": arrows, "grad_norm": _grad_norm(trainer.generator)}


def _log_kde(x: np.ndarray, centres: np.ndarray, h: float) -> np.ndarray:
    """log of the isotropic Gaussian kernel estimate with bandwidth h, built on ``centres``, at the points x."""
    sq = np.maximum((x**2).sum(1)[:, None] + (centres**2).sum(1)[None] - 2 * x @ centres.T, 0)  # (n_x, n_c)
    return logsumexp(-0.5 * sq / h**2, axis=1) - math.log(len(centres) * 2 * math.pi * h**2)


def jsd_kde(x_real, x_fake, seed: int = 0) -> tuple[float, float]:
    """JSD(p_data || p_g) in nats, and its standard error, from samples alone (no discriminator).

    Each sample set is split in half at random; p and q are kernel estimates (one shared Scott bandwidth) on
    one half, and JSD = 1/2 E_p[log 2p/(p+q)] + 1/2 E_q[log 2q/(p+q)] is averaged over the other half.
    The standard error is that of the held-out average; it ignores the estimates' own randomness."""
    a, b = (validate.finite_array(name, x) for name, x in (("x_real", x_real), ("x_fake", x_fake)))
    for name, arr in (("x_real", a), ("x_fake", b)):
        if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) < 4:
            raise ValueError(f"{name} must have shape (N, 2) with N >= 4 (got {arr.shape})")
    rng = np.random.default_rng(seed)
    a, b = a[rng.permutation(len(a))], b[rng.permutation(len(b))]
    (a_fit, a_test), (b_fit, b_test) = np.array_split(a, 2), np.array_split(b, 2)
    n_fit = min(len(a_fit), len(b_fit))
    spread = np.concatenate([a_fit, b_fit]).std(axis=0).mean()
    h = max(spread, 1e-3) * n_fit ** (-1 / 6)  # Scott's rule in 2-D
    terms = []
    for test, own in ((a_test, 0), (b_test, 1)):
        lp, lq = _log_kde(test, a_fit, h), _log_kde(test, b_fit, h)
        terms.append(math.log(2) + (lp, lq)[own] - np.logaddexp(lp, lq))
    estimate = 0.5 * terms[0].mean() + 0.5 * terms[1].mean()
    se = 0.5 * math.sqrt(terms[0].var(ddof=1) / len(terms[0]) + terms[1].var(ddof=1) / len(terms[1]))
    return float(estimate), float(se)


def bound_label(loss: str) -> str:
    """What ``Trainer.history["divergence_bound"]`` is for this loss, in words and units."""
    if LOSSES[loss].divergence_bound is losses.jsd_bound:
        return "D's lower bound on JSD in nats, (log 4 − loss_d)/2"
    if loss.startswith("f-GAN"):
        return f"D's lower bound on D_f ({loss[6:]}) in nats, −loss_d"
    if LOSSES[loss] is losses.WASSERSTEIN:
        return ("the critic's estimate of W1, −loss_d = mean f(real) − mean f(fake) "
                "(a lower bound only if f is 1-Lipschitz)")
    return "no divergence bound for least squares"


N_W1 = 256  # points of each sample in the W1 readout: an exact 256 x 256 assignment takes a few ms


def w1_readout(trainer: Trainer, points: np.ndarray, n: int = N_W1) -> tuple[float, float | None]:
    """(W1 between n data points and n samples of G, W1 between two disjoint sets of n data points or None).

    Both draws are seeded, so the first moves only when G does; the second is what a perfect G would read, since
    two finite samples of the same distribution are not 0 apart (n = the number of data points when fewer)."""
    points = check_points("points", points)
    n = min(validate.positive_int("n", n), len(points))
    shuffled = points[np.random.default_rng(0).permutation(len(points))]
    floor = wasserstein.w1_assignment(shuffled[:n], shuffled[n:2 * n]) if len(points) >= 2 * n else None
    return wasserstein.w1_assignment(shuffled[:n], sample_generator(trainer, n, seed=3)), floor
