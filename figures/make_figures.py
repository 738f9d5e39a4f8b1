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

from gan_edu import divergences, game, plotting  # noqa: E402
from gan_edu.distributions import GaussianMixture  # noqa: E402

OUT = Path(__file__).resolve().parent
SEED = 0


def d_star(path: Path) -> None:
    """Lesson 02: p_data, p_g and the optimal discriminator D* = p_data / (p_data + p_g)."""
    x = np.linspace(-5, 5, 400)
    p_data = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    p_g = GaussianMixture([0.7, 0.3], [0.0, 2.5], [1.0, 0.8])
    fig, ax = plotting.new_figure()
    a, b = p_data.pdf(x), p_g.pdf(x)
    plotting.density_lines(ax, x, {"p_data": a, "p_g": b, "d_star": game.optimal_discriminator(a, b)})
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
    fig, ax = plotting.new_figure(width=4.8, height=3.6)
    ax.plot(jsd, c_of_g, "o", markersize=4, label="100 random pairs (quadrature)")
    j = np.linspace(0, np.log(2), 50)
    ax.plot(j, -np.log(4) + 2 * j, "k-", linewidth=1, label=r"$-\log 4 + 2\,\mathrm{JSD}$")
    ax.set(xlabel=r"JSD$(p_{\mathrm{data}} \| p_g)$", ylabel=r"$C(G) = \max_D V(D, G)$")
    ax.legend(fontsize=8)
    fig.savefig(path)


FIGURES = {"d_star": d_star, "criterion_vs_jsd": criterion_vs_jsd}


def main(selectors: list[str]) -> None:
    for name, make in FIGURES.items():
        if selectors and not any(s in name for s in selectors):
            continue
        t0 = time.perf_counter()
        make(OUT / f"{name}.png")
        print(f"figures/{name}.png  ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
