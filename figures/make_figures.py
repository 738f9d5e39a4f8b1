"""Regenerate the course's key figures into figures/*.png from gan_edu.

    python3 course.py figures            # all of them
    python3 course.py figures d_star     # only those whose name contains "d_star"

Each figure is one small function below; all randomness is seeded, so reruns give the same pictures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import numpy as np  # noqa: E402

import torch  # noqa: E402

from gan_edu import (dirac_gan, divergences, fgan, game, game_plots, image_plots, mnist_metrics, mnist_models,  # noqa: E402
                     palette, pretrain, toy2d, toy_metrics, toy_models, training_plots, wasserstein)
from gan_edu.distributions import GaussianMixture, grid, torch_sampler  # noqa: E402
from gan_edu.training import TrainConfig, Trainer, sample_generator  # noqa: E402

OUT = Path(__file__).resolve().parent
SEED = 0


def d_star(path: Path) -> None:
    """Lesson 02: p_data, p_g and the optimal discriminator D* = p_data / (p_data + p_g)."""
    x = np.linspace(-5, 5, 400)
    p_data = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    p_g = GaussianMixture([0.7, 0.3], [0.0, 2.5], [1.0, 0.8])
    fig, ax = game_plots.new_figure()
    a, b = p_data.pdf(x), p_g.pdf(x)
    game_plots.density_lines(ax, x, {"p_data": a, "p_g": b, "d_star": game.optimal_discriminator(a, b)})
    ax.axhline(0.5, color="gray", linewidth=0.5)
    ax.set_title(r"$D^*(x) = p_{\mathrm{data}}(x) / (p_{\mathrm{data}}(x) + p_g(x))$")
    fig.savefig(path)


def criterion_vs_jsd(path: Path) -> None:
    """Lesson 03: C(G) against JSD(p_data || p_g) for 100 random pairs of mixtures."""
    rng = np.random.default_rng(SEED)

    def random_mixture():
        k = rng.integers(1, 4)
        return GaussianMixture(rng.dirichlet(np.ones(k)), rng.uniform(-4, 4, k), rng.uniform(0.3, 2.0, k))

    pairs = [(random_mixture(), random_mixture()) for _ in range(100)]
    jsd = [divergences.jsd(p, q) for p, q in pairs]
    c_of_g = [game.virtual_criterion(p, q) for p, q in pairs]
    fig, ax = game_plots.new_figure(width=4.8, height=3.6)
    ax.plot(jsd, c_of_g, "o", markersize=4, label="100 random pairs (quadrature)")
    j = np.linspace(0, np.log(2), 50)
    ax.plot(j, -np.log(4) + 2 * j, "k-", linewidth=1, label=r"$-\log 4 + 2\,\mathrm{JSD}$")
    ax.set(xlabel=r"JSD$(p_{\mathrm{data}} \| p_g)$", ylabel=r"$C(G) = \max_D V(D, G)$")
    ax.legend(fontsize=8)
    fig.savefig(path)


def sample_z_1d(m: int, generator: torch.Generator) -> torch.Tensor:
    return torch.randn(m, 1, generator=generator)  # (m, 1)


def figure1_reproduction(path: Path) -> None:
    """Lesson 04: Goodfellow et al.'s Figure 1 from a real run: (a) start, (b) after D steps, (c) after G steps, (d) late."""
    import copy

    from scipy.stats import norm
    p_data, x = GaussianMixture([1.0], [2.0], [0.5]), np.linspace(-2.5, 4.5, 351)
    gen = torch.Generator().manual_seed(SEED)
    g, d = toy_models.mlp([1, 16, 1], gen), toy_models.mlp([1, 32, 32, 1], gen)
    config = TrainConfig(batch_size=128, lr_d=2e-3, lr_g=2e-3, seed=SEED)
    trainer = Trainer(g, d, torch_sampler(p_data), sample_z_1d, config, device=torch.device("cpu"))
    snap = lambda t: training_plots.snapshot_1d(t, p_data, x, norm.ppf(np.linspace(0.025, 0.975, 21)))  # noqa: E731
    trainer.run(until=100, progress=False)
    panels = {"(a) start": snap(trainer)}
    after_d = copy.deepcopy(trainer)
    for _ in range(300):
        after_d.d_step()
    panels["(b) after 300 D steps"] = snap(after_d)
    for _ in range(10):
        after_d.g_step()
    panels["(c) after 10 G steps"] = snap(after_d)
    trainer.run(until=1500, progress=False)
    panels["(d) iteration 1500"] = snap(trainer)
    fig, axes = game_plots.new_figure(ncols=4, width=13)
    for ax, (title, s) in zip(axes, panels.items()):
        training_plots.draw_figure1_panel(ax, s, title, y_max=1.1 * p_data.pdf(x).max())
    fig.savefig(path)


def mode_collapse_2d(path: Path) -> None:
    """Lesson 05: the 25-mode grid after 8,000 iterations, plain Algorithm 1 against the recommended recipe."""
    fig, axes = game_plots.new_figure(ncols=2, width=9, height=4.6)
    x_real = grid().sample(2500, np.random.default_rng(SEED))
    for ax, recipe in zip(axes, ("vanilla", "recommended")):
        trainer = toy2d.train(toy2d.make_trainer(grid(), recipe, seed=SEED), 8000, progress=False)
        cover = toy_metrics.mode_coverage(sample_generator(trainer, 2500, seed=SEED), grid())
        title = f"{recipe}: {cover.modes_captured}/25 modes, {100 * cover.high_quality:.0f}% high quality"
        training_plots.draw_2d_panel(ax, training_plots.snapshot_2d(trainer, 5.0, n_arrows=0), x_real, title)
    fig.savefig(path)


def fgan_covering_vs_seeking(path: Path) -> None:
    """Lesson 06: one Gaussian fitted to two modes by f-GAN: KL covers both modes, reverse KL seeks one."""
    p_data, x = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.4, 0.4]), np.linspace(-6, 6, 400)
    fig, axes = game_plots.new_figure(ncols=2, width=9.0)
    for ax, name in zip(axes, ("kl", "reverse-kl")):
        gen = torch.Generator().manual_seed(SEED)
        g, v = toy_models.mlp([1, 1], gen), toy_models.mlp([1, 64, 64, 1], gen)  # p_g = N(bias, weight^2)
        config = TrainConfig(loss=fgan.fgan_loss(name), batch_size=256, lr_d=1e-3, lr_g=5e-3, seed=SEED)
        Trainer(g, v, torch_sampler(p_data), sample_z_1d, config, device=torch.device("cpu")).run(until=3000,
                                                                                                progress=False)
        mu, sigma = g[0].bias.item(), abs(g[0].weight.item())
        game_plots.density_lines(ax, x, {"p_data": p_data.pdf(x), "p_g": GaussianMixture([1.0], [mu], [sigma]).pdf(x)})
        ax.set_title(rf"f-GAN, {name}: $p_g = \mathcal{{N}}({mu:.2f}, {sigma:.2f}^2)$")
    fig.savefig(path)


def dirac_gan_phase(path: Path) -> None:
    """Lesson 07: the Dirac-GAN (Mescheder et al. 2018): simultaneous steps spiral out, alternating ones orbit, R1 converges."""
    variants = {"simultaneous": ("simultaneous", 0.0), "alternating": ("alternating", 0.0),
                r"simultaneous + R1, $\gamma = 0.5$": ("simultaneous", 0.5)}
    fig, axes = game_plots.new_figure(ncols=3, width=10.5, height=3.6)
    for ax, (title, (method, gamma)) in zip(axes, variants.items()):
        path_ = dirac_gan.trajectory([0.1, 0.0], 100, method, 0.5, gamma)
        ax.plot(path_[:, 0], path_[:, 1], linewidth=0.8)
        ax.plot(*path_[0], "o", color="tab:green")
        ax.plot(0, 0, "*", color="black", ms=10)
        ax.set(title=f"{title}\n(radius x{dirac_gan.growth_factor(path_):.3f} per step)", xlabel=r"$\theta$", ylabel=r"$\psi$",
               aspect="equal")
    fig.savefig(path)


def wasserstein_vs_jsd(path: Path) -> None:
    """Lesson 08: W1 and JSD between point masses at 0 and theta; the Kantorovich-Rubinstein dual's critic for two densities."""
    fig, (left, right) = game_plots.new_figure(ncols=2, width=9, height=3.2)
    thetas = np.linspace(-3, 3, 121)
    w1 = [wasserstein.w1_linprog([0.0], [t]).value for t in thetas]
    left.plot(thetas, w1, **palette.line_style("p_data"), label="$W_1$")
    left.plot(thetas, np.where(np.abs(thetas) > 1e-9, np.log(2), 0.0), **palette.line_style("p_g"), label="JSD (nats)")
    left.set(xlabel=r"shift $\theta$", title=r"point masses at 0 and $\theta$")
    left.legend(fontsize=8)
    x = np.linspace(-4, 4, 81)
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.4, 0.4]).pdf(x)
    q = GaussianMixture([1.0], [0.5], [1.0]).pdf(x)
    dual = wasserstein.kr_dual(x, p / p.sum(), q / q.sum())
    right.plot(x, p, **palette.line_style("p_data"), label="p")
    right.plot(x, q, **palette.line_style("p_g"), label="q")
    right.plot(x, dual.f / 4, color="black", label="optimal critic / 4")
    right.set(xlabel="x", title=f"the dual's critic, slope ±1: $W_1$ = {dual.value:.3f}")
    right.legend(fontsize=8)
    fig.savefig(path)


def mnist_samples_nn(path: Path) -> None:
    """Lesson 07: the paper's Figure 2 with the shipped DCGAN: samples (top rows), nearest training image below each."""
    g, info = pretrain.load_generator("dcgan")
    x_fit = pretrain.training_images()
    samples = mnist_models.generate(g, 24, seed=SEED + 1)  # (24, 1, 28, 28)
    nearest = x_fit[mnist_metrics.nearest_neighbours(samples, x_fit)]
    rows = [t for i in (0, 12) for t in (samples[i:i + 12], nearest[i:i + 12])]  # samples, neighbours, samples, neighbours
    fig, ax = game_plots.new_figure(width=7.5, height=3.4)
    image_plots.show_images(ax, torch.cat(rows), n_cols=12, pad=2,
                         title=f"DCGAN ({info['iterations']:,} iterations): samples in rows 1 and 3,\nthe nearest training image below each")
    fig.savefig(path)


FIGURES = {"d_star": d_star, "wasserstein_vs_jsd": wasserstein_vs_jsd, "criterion_vs_jsd": criterion_vs_jsd, "figure1_reproduction": figure1_reproduction,
           "mode_collapse_2d": mode_collapse_2d, "fgan_covering_vs_seeking": fgan_covering_vs_seeking,
           "mnist_samples_nn": mnist_samples_nn, "dirac_gan_phase": dirac_gan_phase}


def main(selectors: list[str]) -> None:
    torch.set_num_threads(1)  # the networks are tiny: threads only add overhead
    for name, make in FIGURES.items():
        if selectors and not any(s in name for s in selectors):
            continue
        t0 = time.perf_counter()
        make(OUT / f"{name}.png")
        print(f"figures/{name}.png  ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
