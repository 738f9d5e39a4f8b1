"""The playground's figure: one layered 2-D view, a compare slot and loss curves, redrawn by blitting.

Layers (each can be hidden): real samples, fake samples, D's heatmap (sigma of the critic output, which is
D(x) for the minimax and non-saturating losses), the generator's gradient arrows -grad_x loss_g at the
fakes, and the manifold of G: the image of a regular grid in z-space, drawn as a warped mesh. Every
moving artist is animated and blitted over a cached background, as ``gan_edu.sliders`` does.
"""

from __future__ import annotations

import html
import math

import numpy as np
import torch
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from .. import palette, training_plots

__all__ = ["LAYERS", "LAYER_HELP", "BOX_HELP", "Snapshot", "snapshot", "PlaygroundView", "overview_html", "view_limits"]

LAYERS = ("real", "fake", "heatmap", "arrows", "manifold")
LAYER_HELP = {"real": "the data points (black dots).", "fake": "the generator's samples G(z) (orange crosses).",
              "heatmap": "D(x) over the plane, dark where D thinks points are real (lesson 02).",
              "arrows": "the direction each fake point is pushed, -grad_x loss_g (lesson 05).",
              "manifold": "G's image of a regular grid of noise z, drawn as a mesh (lesson 01)."}
BOX_HELP = {"z": ("The noise z that G turns into points: its dimension and distribution.", "01"),
            "G": ("The generator G: its hidden layers, learning rate and steps per iteration.", "04"),
            "x = G(z)": ("The generated points: their mean and spread; p_g is their distribution.", "01"),
            "D": ("The discriminator D: its size and steps, and its mean score on real and fake minibatches.", "02"),
            "loss": ("The loss pair D and G minimise, the optimiser, the minibatch size and the last losses.", "04")}
N_CELLS, N_FAKE, N_ARROWS, N_MESH = 40, 500, 80, 13  # heatmap cells per side, fakes, arrows, mesh lines per side
Z_RANGE = {"gaussian": 2.0, "uniform": 1.0}  # the z-grid spans [-r, r] in the first two noise dimensions


def view_limits(points: np.ndarray) -> float:
    """Half-width of the square view [-L, L]^2 that shows every data point with a margin."""
    return float(max(1.5, 1.15 * np.abs(points).max()))


def z_mesh(z_dim: int, z_dist: str, n: int = N_MESH) -> torch.Tensor:
    """The regular z-grid, (n * n, z_dim): the first two coordinates on an n x n lattice, the rest 0 (a line if z_dim = 1)."""
    ticks = torch.linspace(-Z_RANGE[z_dist], Z_RANGE[z_dist], n)
    if z_dim == 1:
        return ticks[:, None]
    a, b = torch.meshgrid(ticks, ticks, indexing="xy")
    z = torch.zeros(n * n, z_dim)
    z[:, 0], z[:, 1] = a.ravel(), b.ravel()
    return z


def mesh_segments(x: np.ndarray, z_dim: int, n: int = N_MESH) -> list[np.ndarray]:
    """G's image of the z-grid as polylines: the rows and the columns of the lattice (one line if z_dim = 1)."""
    if z_dim == 1:
        return [x]
    grid = x.reshape(n, n, 2)
    return [grid[i] for i in range(n)] + [grid[:, j] for j in range(n)]


class Snapshot(dict):
    """What one frame shows: 'd' (N_CELLS^2 heat), 'x_fake', 'arrows_at', 'arrows', 'mesh' (G of the z-grid), 'z_dim'."""


@torch.no_grad()
def _mesh(trainer) -> np.ndarray:
    return trainer.generator(z_mesh(trainer.z_dim, trainer.z_dist)).numpy()


def snapshot(trainer, limits: float) -> Snapshot:
    """The trainer's current picture: ``training_plots.snapshot_2d`` plus the manifold of G."""
    snap = training_plots.snapshot_2d(trainer, limits, n_fake=N_FAKE, n_grid=N_CELLS, n_arrows=N_ARROWS)
    return Snapshot(snap, mesh=_mesh(trainer), z_dim=trainer.z_dim)


def _scaled(arrows: np.ndarray, limits: float) -> np.ndarray:
    longest = np.linalg.norm(arrows, axis=1).max() if len(arrows) else 0.0
    return arrows * (0.2 * limits / longest) if longest > 0 else arrows


class PlaygroundView:
    """The figure's artists; ``show(...)`` moves them and ``blit()`` repaints only them."""

    def __init__(self, fig: Figure, real: np.ndarray, limits: float):
        self.fig, self.limits = fig, limits
        grid = fig.add_gridspec(2, 2, width_ratios=(2.6, 1), height_ratios=(1, 1), left=0.04, right=0.98,
                                bottom=0.04, top=0.96, wspace=0.12, hspace=0.25)
        self.ax, self.ax_cmp, self.ax_loss = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])
        ax, empty = self.ax, np.zeros((0, 2))
        self.heat = ax.imshow(np.full((N_CELLS, N_CELLS), 0.5), origin="lower", cmap="Blues", vmin=0, vmax=1,
                              alpha=0.8, extent=(-limits, limits, -limits, limits), interpolation="nearest")
        self.manifold = LineCollection([], colors=palette.STYLE["manifold"]["color"], linewidths=0.6, alpha=0.7)
        ax.add_collection(self.manifold)
        self.real = ax.scatter(real[:, 0], real[:, 1], s=3, **palette.scatter_style("real"), label="real")
        self.fake = ax.scatter(empty[:, 0], empty[:, 1], s=6, linewidths=0.7, **palette.scatter_style("fake"), label="fake G(z)")
        self.arrows = ax.quiver(np.zeros(N_ARROWS), np.zeros(N_ARROWS), np.zeros(N_ARROWS), np.zeros(N_ARROWS),
                                color=palette.STYLE["arrows"]["color"], angles="xy", scale_units="xy", scale=1, width=0.004)
        ax.set_title("live run", fontsize=10)
        ax.legend(loc="upper right", fontsize=8, markerscale=2)
        self.cmp_real = self.ax_cmp.scatter(real[:, 0], real[:, 1], s=2, c="0.6")
        self.cmp_fake = self.ax_cmp.scatter(empty[:, 0], empty[:, 1], s=5, linewidths=0.6, **palette.scatter_style("compare_fake"))
        self.ax_cmp.set_title("compare slot", fontsize=9)
        self.loss_lines = {k: self.ax_loss.plot([], [], label=k, lw=1, **palette.line_style(k))[0] for k in ("loss_d", "loss_g")}
        self.ax_loss.legend(loc="upper right", fontsize=7)
        self.ax_loss.set_title("losses (per iteration)", fontsize=9)
        self.ax_loss.set_xlim(0, 100)
        self.ax_loss.set_ylim(0, 2)
        self.layers = {"real": [self.real], "fake": [self.fake], "heatmap": [self.heat], "arrows": [self.arrows],
                       "manifold": [self.manifold]}
        # blitted in this order over a background of axes and ticks (the compare slot's real points are background)
        self._moving = [self.heat, self.manifold, self.real, self.fake, self.arrows, self.cmp_fake, *self.loss_lines.values()]
        for artist in self._moving:
            artist.set_animated(True)
        self._background = None
        self.set_limits(limits)
        fig.canvas.mpl_connect("draw_event", self._capture)

    def set_limits(self, limits: float) -> None:
        """Show [-limits, limits]^2 in both 2-D panels (a full redraw follows)."""
        self.limits = limits
        for ax in (self.ax, self.ax_cmp):
            ax.set_xlim(-limits, limits)
            ax.set_ylim(-limits, limits)
            ax.set_aspect("equal")
        self.heat.set_extent((-limits, limits, -limits, limits))
        self._background = None

    def set_layer(self, name: str, visible: bool) -> None:
        if name not in self.layers:
            raise ValueError(f"layer must be one of {list(LAYERS)} (got {name!r})")
        for artist in self.layers[name]:
            artist.set_visible(bool(visible))
            if artist not in self._moving:
                self._background = None

    def set_real(self, real: np.ndarray) -> None:
        self.real.set_offsets(real)
        self.cmp_real.set_offsets(real)
        self._background = None

    def show(self, snap: Snapshot, heat_delta: np.ndarray | None = None) -> None:
        """Move the main panel to ``snap``; with ``heat_delta`` the heatmap shows a D update's change instead of D."""
        if heat_delta is None:
            self.heat.set_data(snap["d"])
            self.heat.set(cmap="Blues", clim=(0, 1))
        else:
            top = max(float(np.abs(heat_delta).max()), 1e-6)
            self.heat.set_data(heat_delta)
            self.heat.set(cmap="RdBu_r", clim=(-top, top))
        self.fake.set_offsets(snap["x_fake"])
        self.show_arrows(snap["arrows_at"], snap["arrows"])
        self.manifold.set_segments(mesh_segments(snap["mesh"], snap["z_dim"]))

    def show_arrows(self, at: np.ndarray, arrows: np.ndarray) -> None:
        at, arrows = at[:N_ARROWS], _scaled(arrows[:N_ARROWS], self.limits)
        pad = N_ARROWS - len(at)  # the quiver keeps its number of arrows: unused ones have length 0
        at, arrows = np.vstack([at, np.zeros((pad, 2))]), np.vstack([arrows, np.zeros((pad, 2))])
        self.arrows.set_offsets(at)
        self.arrows.set_UVC(arrows[:, 0], arrows[:, 1])

    def show_losses(self, history: dict) -> bool:
        """Loss curves; True when the axes had to grow (then a full redraw is needed)."""
        steps = history["step"]
        grew = False
        if steps and steps[-1] > self.ax_loss.get_xlim()[1]:
            self.ax_loss.set_xlim(0, 2 ** math.ceil(math.log2(steps[-1])))
            grew = True
        low, high = self.ax_loss.get_ylim()
        for key, line in self.loss_lines.items():
            values = np.asarray(history[key], dtype=float)
            line.set_data(steps, values)
            finite = values[np.isfinite(values)][-200:]
            if len(finite) and (finite.min() < low or finite.max() > high):
                low, high = min(low, math.floor(finite.min())), max(high, math.ceil(finite.max()))
                grew = True
        self.ax_loss.set_ylim(low, high)
        if grew:
            self._background = None
        return grew

    def show_compare(self, frame: dict | None) -> None:
        """The compare slot: a recorded frame's fakes over the live run's real points (nothing without a frame)."""
        fake = np.zeros((0, 2)) if frame is None else np.asarray(frame["fake"], dtype=float).reshape(-1, 2)
        self.cmp_fake.set_offsets(fake)

    def _capture(self, _event=None) -> None:
        self.fig.set_layout_engine("none")
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        for artist in self._moving:
            self.fig.draw_artist(artist)

    def blit(self) -> None:
        """Repaint the moving artists over the cached background (a full draw when there is none yet)."""
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()
            return
        canvas.restore_region(self._background)
        for artist in self._moving:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)


def _box(title: str, lines: list[str], titles: dict[str, str]) -> str:
    """One box of the overview; its explanation (naming the lesson) shows on hover and on keyboard focus."""
    sentence, lesson = BOX_HELP[title]
    help_text = html.escape(f"{title}: {sentence} Taught in lesson {lesson} ({titles.get(lesson, '')}).", quote=True)
    body = "<br>".join(html.escape(line) for line in lines)
    return (f"<div tabindex='0' role='group' title=\"{help_text}\" "
            f"style='border:1px solid #767676;border-radius:4px;padding:2px 6px;min-width:90px'>"
            f"<b>{html.escape(title)}</b><br><small>{body}</small></div>")


def overview_html(controls, stats: dict, titles: dict[str, str] | None = None) -> str:
    """The model overview strip z -> G -> x -> D -> loss, each box with its current values and an explanation."""
    c, fmt, titles = controls, (lambda v: "–" if v is None or not math.isfinite(v) else f"{v:.3f}"), titles or {}
    boxes = [("z", [f"{c.z_dim}-D {c.z_dist}"]),
             ("G", [f"{c.g_depth} × {c.g_width} hidden", f"lr_g {c.lr_g:.1e}", f"{c.k_g} step(s)"]),
             ("x = G(z)", [f"mean ({stats['fake_mean'][0]:.2f}, {stats['fake_mean'][1]:.2f})",
                               f"spread {stats['fake_std']:.2f}"]),
             ("D", [f"{c.d_depth} × {c.d_width} hidden", f"lr_d {c.lr_d:.1e}", f"{c.k_d} step(s), R1 γ {c.r1_gamma:g}"
                    + (f", GP λ {c.gp_lambda:g}" if c.loss == "WGAN-GP" else ""),
                        f"D(real) {fmt(stats['d_real'])}", f"D(fake) {fmt(stats['d_fake'])}"]),
             ("loss", [c.loss, f"{c.optimizer}, m = {c.batch_size}", f"loss_d {fmt(stats['loss_d'])}",
                           f"loss_g {fmt(stats['loss_g'])}"])]
    boxes = [_box(title, lines, titles) for title, lines in boxes]
    arrow = "<div aria-hidden='true' style='align-self:center;font-size:18px'>→</div>"
    return f"<div class='playground-overview' style='display:flex;gap:4px'>{arrow.join(boxes)}</div>"
