"""Training benchmarks: the Trainer's overhead against a bare PyTorch loop, the 5-seed mode-coverage table,
and what k does to collapse in 1-D (lesson 04).

Rows (JSON on stdout): steps/s ratio trainer / bare loop (same models, batch, one run, interleaved
repeats); then for ring and grid, vanilla and recommended configurations: modes captured (mean of
5 seeds), % high-quality samples (mean) and seconds per run; then lesson 04's two-mode runs for
k = 1 and k = 5 over 8 seeds: how many ended on one mode, and the mean JSD. The grid runs use lesson
05's classroom length and sampling seed, so seed 0 is the run the lesson shows. Arguments select rows:
``--overhead-only``, or names such as "grid recommended" or "collapse".
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gan_edu import losses, toy_metrics, toy_models, toy2d  # noqa: E402
from gan_edu.distributions import GaussianMixture, grid, ring, torch_sampler  # noqa: E402
from gan_edu.training import TrainConfig, Trainer, sample_generator  # noqa: E402

SEEDS = range(5)
sample_z = toy2d.sample_z
GRID_STEPS = 4000  # lesson 05's classroom N_GRID; --grid-steps=N measures another length
TARGETS = {"ring": (ring, 8000), "grid": (grid, GRID_STEPS)}  # name -> (target, iterations per run)
COLLAPSE_SEEDS, COLLAPSE_STEPS = range(8), 1500  # lesson 04's two-mode runs (its classroom N_STEPS)


def emit(name, figure, unit, against):
    print(json.dumps({"name": name, "figure": figure, "unit": unit, "compared_against": against}), flush=True)


def bare_loop(g, d, sample_real, n_steps, m, seed):
    """Algorithm 1 with k = 1 written out by hand: the reference for the overhead."""
    rng = torch.Generator().manual_seed(seed)
    opt_d = torch.optim.Adam(d.parameters(), lr=1e-3, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(g.parameters(), lr=1e-3, betas=(0.5, 0.999))
    log = []
    for _ in range(n_steps):
        x_real = sample_real(m, rng)
        with torch.no_grad():
            x_fake = g(sample_z(m, rng))
        loss_d = losses.loss_d_minimax(d(x_real), d(x_fake))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = losses.loss_g_nonsaturating(d(g(sample_z(m, rng))))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        log.append((loss_d.item(), loss_g.item()))
    return log


def overhead(n_steps=1500, repeats=5):
    rates = {"trainer": [], "bare": []}
    for r in range(repeats):
        trainer = toy2d.make_trainer(ring(), "vanilla", seed=r)
        t0 = time.perf_counter()
        trainer.run(until=n_steps, progress=False)
        rates["trainer"].append(n_steps / (time.perf_counter() - t0))
        g, d = toy_models.toy_pair(2, 2, 128, 3, torch.Generator().manual_seed(r))
        t0 = time.perf_counter()
        bare_loop(g, d, torch_sampler(ring()), n_steps, 256, r)
        rates["bare"].append(n_steps / (time.perf_counter() - t0))
    trainer_rate, bare_rate = np.median(rates["trainer"]), np.median(rates["bare"])
    print(f"steps/s: trainer {trainer_rate:.0f}, bare {bare_rate:.0f}", file=sys.stderr)
    emit("trainer / bare loop steps per second (2-D MLPs 3x128, m=256)", round(trainer_rate / bare_rate, 3),
         "ratio", "target >= 0.95")


def coverage_row(target_name, recipe):
    build, n_steps = TARGETS[target_name]
    name = f"{target_name} {recipe}"
    captured, quality, seconds = [], [], []
    for seed in SEEDS:
        target = build()
        t0 = time.perf_counter()
        trainer = toy2d.train(toy2d.make_trainer(target, recipe, seed=seed), n_steps, progress=False)
        seconds.append(time.perf_counter() - t0)
        cover = toy_metrics.mode_coverage(sample_generator(trainer, 2500, seed=0), target)
        captured.append(cover.modes_captured)
        quality.append(100 * cover.high_quality)
        print(f"{name} seed {seed}: {cover.modes_captured} modes, {quality[-1]:.1f}% HQ, {seconds[-1]:.0f} s",
              file=sys.stderr, flush=True)
    n_modes = len(build().weights)
    papers = {8: "papers: vanilla GAN 1-6.3 modes; VEEGAN 8 (52.9% HQ); PacGAN 7.9",
              25: "papers: vanilla GAN 3.3-17.3 modes; VEEGAN 24.6 (40% HQ); PacGAN 24.8"}[n_modes]
    per_seed = ", ".join(f"{c}/{q:.0f}%" for c, q in zip(captured, quality))
    emit(f"{name}: modes captured (mean of 5 seeds; per seed modes/HQ: {per_seed})", float(np.mean(captured)),
         f"of {n_modes}", papers)
    emit(f"{name}: high-quality samples (mean of 5 seeds)", round(float(np.mean(quality)), 1), "%", "target >= 90")
    emit(f"{name}: seconds per run ({n_steps} iterations)", round(float(np.mean(seconds)), 1), "s",
         "target <= 60 on 2 cores")


def collapse_1d(k):
    """Lesson 04's two-mode experiment: G 1-32-32-1, D 1-32-32-1, batch 128, 1,500 iterations, seeds 0-7."""
    p_two = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.4, 0.4])
    x_grid = np.linspace(-6.0, 6.0, 601)
    jsds, minority = [], []
    for seed in COLLAPSE_SEEDS:
        gen = torch.Generator().manual_seed(seed)
        g, d = toy_models.mlp([1, 32, 32, 1], gen), toy_models.mlp([1, 32, 32, 1], gen)
        config = TrainConfig(seed=seed, batch_size=128, k_d_steps=k)
        trainer = Trainer(g, d, torch_sampler(p_two), lambda m, r: torch.randn(m, 1, generator=r), config,
                          device=torch.device("cpu"))
        trainer.run(until=COLLAPSE_STEPS, progress=False)
        x = sample_generator(trainer, 4000).ravel()
        jsds.append(toy_metrics.jsd_from_samples(x, p_two, x_grid))
        minority.append(min(np.mean(x < 0), np.mean(x > 0)))
        print(f"collapse k={k} seed {seed}: JSD {jsds[-1]:.3f}, minority-mode share {minority[-1]:.3f}",
              file=sys.stderr, flush=True)
    collapsed = int(np.sum(np.array(minority) < 0.05))
    per_seed = ", ".join(f"{j:.3f}" for j in jsds)
    emit(f"1-D two modes, k={k}: runs ending on one mode (<5 % of samples on the other), of {len(jsds)} seeds",
         collapsed, "runs", f"JSD per seed: {per_seed}")
    emit(f"1-D two modes, k={k}: JSD mean over {len(jsds)} seeds", round(float(np.mean(jsds)), 3), "nats",
         f"sd {np.std(jsds, ddof=1):.3f}; one-mode plateau 0.216")


def main() -> None:
    torch.set_num_threads(1)
    for arg in sys.argv[1:]:
        if arg.startswith("--grid-steps="):
            TARGETS["grid"] = (grid, int(arg.split("=", 1)[1]))
    only = [a for a in sys.argv[1:] if not a.startswith("--")]  # e.g. "grid recommended"
    if not only:
        overhead()
    if "--overhead-only" not in sys.argv:
        for target_name in TARGETS:
            for recipe in toy2d.RECIPES:
                if not only or f"{target_name} {recipe}" in only:
                    coverage_row(target_name, recipe)
        if not only or "collapse" in only:
            for k in (1, 5):
                collapse_1d(k)


if __name__ == "__main__":
    main()
