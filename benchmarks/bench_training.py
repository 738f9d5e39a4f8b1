"""Training benchmarks: the Trainer's overhead against a bare PyTorch loop, and the 5-seed mode-coverage table.

Rows (JSON on stdout): steps/s ratio trainer / bare loop (same models, batch, one run, interleaved
repeats); then for ring and grid, vanilla and recommended configurations: modes captured (mean of
5 seeds), % high-quality samples (mean) and seconds per run. ``--overhead-only`` skips the table.
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
from gan_edu.distributions import grid, ring, torch_sampler  # noqa: E402
from gan_edu.training import TrainConfig, Trainer, sample_generator  # noqa: E402

SEEDS = range(5)
sample_z = toy2d.sample_z
TARGETS = {"ring": (ring, 8000), "grid": (grid, 10000)}  # name -> (target, iterations per run)


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
        cover = toy_metrics.mode_coverage(sample_generator(trainer, 2500, seed=1000 + seed), target)
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


def main() -> None:
    torch.set_num_threads(1)
    overhead()
    if "--overhead-only" not in sys.argv:
        only = [a for a in sys.argv[1:] if not a.startswith("--")]  # e.g. "grid recommended"
        for target_name in TARGETS:
            for recipe in toy2d.RECIPES:
                if not only or f"{target_name} {recipe}" in only:
                    coverage_row(target_name, recipe)


if __name__ == "__main__":
    main()
