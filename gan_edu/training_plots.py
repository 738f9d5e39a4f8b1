"""Pictures of a training run: Goodfellow's Figure 1 in 1-D, the critic heatmap with gradient arrows in 2-D.

``snapshot_1d`` / ``snapshot_2d`` read a trainer's current state into numpy arrays; the
``draw_*`` functions draw a snapshot and return their artists, and ``update_*`` change
those artists in place (cheap enough to call from a live-training callback).
"""

from __future__ import annotations

import numpy as np
import torch
from matplotlib.axes import Axes

from . import game_plots, palette, toy_metrics, validate
from .distributions import GaussianMixture
from .training import Trainer

__all__ = ["snapshot_1d", "draw_figure1_panel", "update_figure1_panel", "fake_gradient_field",
           "snapshot_2d", "draw_2d_panel", "update_2d_panel", "plot_mode_counts"]


def _as_np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(np.float64)


@torch.no_grad()
def snapshot_1d(trainer, p_data: GaussianMixture, x_grid: np.ndarray, z_lines: np.ndarray,
                n_samples: int = 5000, seed: int = 0) -> dict:
    """Arrays for one Figure-1 panel: p_data(x), p_g(x) (kernel estimate), D(x) = sigmoid(d(x)), and G(z) for z_lines."""
    _check_trainer(trainer)
    if not isinstance(p_data, GaussianMixture) or p_data.dim != 1:
        raise TypeError(f"p_data must be a 1-D GaussianMixture (got {type(p_data).__name__})")
    x_grid = validate.finite_array("x_grid", x_grid, ndim=1)
    z_lines = validate.finite_array("z_lines", z_lines, ndim=1)
    n_samples = validate.positive_int("n_samples", n_samples, minimum=2)
    g, d, dev = trainer.generator, trainer.discriminator, trainer.device
    z = trainer.sample_z(n_samples, torch.Generator().manual_seed(seed)).to(dev)
    x_fake = _as_np(g(z)).ravel()  # (n,)
    x_t = torch.as_tensor(x_grid, dtype=torch.float32, device=dev)[:, None]  # (X, 1)
    z_t = torch.as_tensor(z_lines, dtype=torch.float32, device=dev)[:, None]  # (L, 1)
    return {"step": trainer.step_count, "x": x_grid, "p_data": p_data.pdf(x_grid),
            "p_g": toy_metrics.estimate_density_1d(x_fake, x_grid), "d": _as_np(torch.sigmoid(d(x_t))).ravel(),
            "z": z_lines, "g_z": _as_np(g(z_t)).ravel(), "x_fake": x_fake}


def _check_trainer(trainer) -> None:
    validate.instance("trainer", trainer, Trainer, "a Trainer")


def _snapshot(name: str, snap, keys: tuple[str, ...]) -> dict:
    """``snap`` if it is a dict holding ``keys`` (what snapshot_1d / snapshot_2d return)."""
    if not isinstance(snap, dict) or not set(keys) <= set(snap):
        got = sorted(snap) if isinstance(snap, dict) else type(snap).__name__
        raise ValueError(f"{name} must be a snapshot dict with keys {list(keys)} (got {got})")
    return snap


SNAP_1D = ("step", "x", "p_data", "p_g", "d", "z", "g_z")
SNAP_2D = ("step", "limits", "d", "x_fake", "arrows_at", "arrows")


def _z_positions(snap: dict) -> np.ndarray:
    """Equal gaps on the lower line for the z_lines, which should be equally spaced quantiles of p_z."""
    x = snap["x"]
    return np.linspace(x[0] + 0.15 * (x[-1] - x[0]), x[-1] - 0.15 * (x[-1] - x[0]), len(snap["z"]))


def draw_figure1_panel(ax: Axes, snap: dict, title: str = "", y_max: float = 1.0) -> dict:
    """Figure 1 of the paper: p_data (black dots), p_g (green), D (blue dashes) above; lines z -> x = G(z) below."""
    validate.instance("ax", ax, Axes, "a matplotlib Axes")
    snap = _snapshot("snap", snap, SNAP_1D)
    y_max = validate.in_range("y_max", y_max, 1e-12, np.inf)
    curves = {"p_data": snap["p_data"] / y_max, "p_g": snap["p_g"] / y_max, "d": snap["d"]}
    artists = game_plots.density_lines(ax, snap["x"], curves, ylim=(-0.45, 1.1))
    z_pos, y_z, y_x = _z_positions(snap), -0.4, -0.05
    ax.axhline(y_x, color="black", linewidth=0.8)
    ax.plot([z_pos[0], z_pos[-1]], [y_z, y_z], color="black", linewidth=0.8)
    ax.text(snap["x"][0], y_x + 0.02, "x", fontsize=9)
    ax.text(snap["x"][0], y_z + 0.02, "z", fontsize=9)
    artists["mapping"] = [ax.plot([zp, gz], [y_z, y_x], color="0.4", linewidth=0.7)[0]
                          for zp, gz in zip(z_pos, snap["g_z"])]
    ax.set_xlim(snap["x"][0], snap["x"][-1])
    ax.set_yticks([0, 0.5, 1.0])
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(title or f"iteration {snap['step']}", fontsize=10)
    return artists


def update_figure1_panel(artists: dict, snap: dict, y_max: float = 1.0) -> None:
    """Move a drawn Figure-1 panel's curves and z -> x lines to a new snapshot."""
    snap = _snapshot("snap", snap, SNAP_1D)
    _snapshot("artists", artists, ("p_data", "p_g", "d", "mapping"))
    y_max = validate.in_range("y_max", y_max, 1e-12, np.inf)
    for name, scale in (("p_data", y_max), ("p_g", y_max), ("d", 1.0)):
        game_plots.set_curve(artists[name], snap[name] / scale)
    for line, gz in zip(artists["mapping"], snap["g_z"]):
        line.set_xdata([line.get_xdata()[0], gz])


def fake_gradient_field(trainer, x_fake: torch.Tensor, loss: str | None = None) -> torch.Tensor:
    """-grad_x loss_g at each fake point: (1 - D(x)) grad_x d(x) (non-saturating) or D(x) grad_x d(x) (saturating)."""
    from .losses import get_loss
    _check_trainer(trainer)
    x_fake = validate.tensor("x_fake", x_fake, ndim=2, floating=True)
    loss_pair = get_loss(loss if loss is not None else trainer.config.loss)
    x = x_fake.detach().clone().requires_grad_(True)  # (n, 2)
    per_sample = loss_pair.generator(trainer.discriminator(x)) * len(x)  # sum over samples: per-point gradients
    (grad,) = torch.autograd.grad(per_sample, x)
    return -grad


def snapshot_2d(trainer, limits: float, n_fake: int = 2500, n_grid: int = 80, n_arrows: int = 150,
                seed: int = 0) -> dict:
    """Arrays for the 2-D panel: D(x) on an n_grid^2 grid over [-limits, limits]^2, fakes, arrows at fakes."""
    _check_trainer(trainer)
    limits = validate.in_range("limits", limits, 1e-6, np.inf)
    seed = validate.positive_int("seed", seed, minimum=0)
    n_fake, n_grid = validate.positive_int("n_fake", n_fake), validate.positive_int("n_grid", n_grid, minimum=2)
    n_arrows = min(validate.positive_int("n_arrows", n_arrows, minimum=0), n_fake)
    n_arrows -= n_arrows % getattr(trainer.discriminator, "n_pack", 1)  # whole packs only
    dev = trainer.device
    z = trainer.sample_z(n_fake, torch.Generator().manual_seed(seed)).to(dev)
    with torch.no_grad():
        x_fake = trainer.generator(z)  # (n, 2)
        ticks = torch.linspace(-limits, limits, n_grid)
        gx, gy = torch.meshgrid(ticks, ticks, indexing="xy")
        pts = torch.stack([gx.ravel(), gy.ravel()], 1).to(dev)  # (n_grid^2, 2)
        if hasattr(trainer.discriminator, "n_pack"):  # a packed D judges n copies of the same point
            pts = pts.repeat_interleave(trainer.discriminator.n_pack, 0)
        d_grid = torch.sigmoid(trainer.discriminator(pts)).reshape(n_grid, n_grid)
    arrows = _as_np(fake_gradient_field(trainer, x_fake[:n_arrows])) if n_arrows else np.zeros((0, 2))
    return {"step": trainer.step_count, "limits": limits, "d": _as_np(d_grid), "x_fake": _as_np(x_fake),
            "arrows_at": _as_np(x_fake[:len(arrows)]), "arrows": arrows}


def _arrow_scale(arrows: np.ndarray, limits: float) -> np.ndarray:
    """Arrows rescaled so the longest is a tenth of the plot width (directions and ratios kept)."""
    longest = np.max(np.linalg.norm(arrows, axis=1)) if len(arrows) else 0.0
    return arrows * (0.2 * limits / longest) if longest > 0 else arrows


def draw_2d_panel(ax: Axes, snap: dict, x_real: np.ndarray, title: str = "") -> dict:
    """The standard toy picture: D(x) heatmap, real (black dots) and generated (orange crosses) points, generator-gradient arrows."""
    validate.instance("ax", ax, Axes, "a matplotlib Axes")
    snap = _snapshot("snap", snap, SNAP_2D)
    x_real = validate.finite_array("x_real", x_real, ndim=2)
    if x_real.shape[1] != 2:
        raise ValueError(f"x_real must have shape (N, 2) (got {x_real.shape})")
    lim = snap["limits"]
    image = ax.imshow(snap["d"], origin="lower", extent=(-lim, lim, -lim, lim), cmap="Blues", vmin=0, vmax=1,
                      alpha=0.8)
    real = ax.scatter(x_real[:, 0], x_real[:, 1], s=2, **palette.scatter_style("real"), label="real")
    fake = ax.scatter(snap["x_fake"][:, 0], snap["x_fake"][:, 1], s=3, **palette.scatter_style("fake"), linewidths=0.6,
                      alpha=0.6, label="generated")
    arrows = _arrow_scale(snap["arrows"], lim)
    quiver = ax.quiver(snap["arrows_at"][:, 0], snap["arrows_at"][:, 1], arrows[:, 0], arrows[:, 1],
                       color=palette.STYLE["arrows"]["color"], angles="xy", scale_units="xy", scale=1, width=0.004)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=7, markerscale=4)
    ax.set_title(title or f"iteration {snap['step']}", fontsize=10)
    return {"image": image, "real": real, "fake": fake, "quiver": quiver}


def update_2d_panel(artists: dict, snap: dict, title: str | None = None) -> None:
    """Move a drawn 2-D panel to a new snapshot (same n_arrows as when drawn)."""
    snap = _snapshot("snap", snap, SNAP_2D)
    _snapshot("artists", artists, ("image", "fake", "quiver"))
    artists["image"].set_data(snap["d"])
    artists["fake"].set_offsets(snap["x_fake"])
    if len(snap["arrows"]):
        arrows = _arrow_scale(snap["arrows"], snap["limits"])
        artists["quiver"].set_offsets(snap["arrows_at"])
        artists["quiver"].set_UVC(arrows[:, 0], arrows[:, 1])
    artists["image"].axes.set_title(title or f"iteration {snap['step']}", fontsize=10)


def plot_mode_counts(ax: Axes, coverage: toy_metrics.ModeCoverage, label: str = "", n_samples: int | None = None) -> None:
    """Bar chart of high-quality samples nearest each mode, with the ideal equal share as a dashed line."""
    validate.instance("ax", ax, Axes, "a matplotlib Axes")
    validate.instance("coverage", coverage, toy_metrics.ModeCoverage, "a ModeCoverage from toy_metrics.mode_coverage")
    if n_samples is not None:
        n_samples = validate.positive_int("n_samples", n_samples)
    k = len(coverage.counts)
    ax.bar(np.arange(k), coverage.counts, color=palette.STYLE["fake"]["color"])
    if n_samples is not None:
        ax.axhline(n_samples / k, color="black", linestyle="--", linewidth=1, label="equal share")
        ax.legend(fontsize=7)
    ax.set_xlabel("mode")
    ax.set_ylabel("high-quality samples")
    ax.set_title(f"{label} {coverage.modes_captured}/{k} modes, {100 * coverage.high_quality:.0f}% high quality",
                 fontsize=9)
