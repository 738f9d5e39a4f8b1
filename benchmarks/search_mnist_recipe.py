"""Lesson 09's classroom recipe: which one gives the best quality for the compute of a time budget on the slow host.

For each candidate: its speed (iterations/s at 2 threads on this machine, and its GFLOP/s as a fraction of the machine's
sgemm GFLOP/s), then a run of as many iterations as it reaches in ``--minutes`` on the slow host (the budget scaled by
settings.SLOW_HOST_GFLOPS / this machine's GFLOP/s), and the quality: Fréchet distance over its floor, classes, KL to
uniform, mean confidence. The training runs count iterations, not seconds, so two can share the machine (one thread
each) without changing what they reach; only the speed is measured alone.
Usage: python benchmarks/search_mnist_recipe.py [--minutes 5] [--only NAME,...] [--seeds 3]
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gan_edu import data, losses, mnist_metrics, mnist_models, pretrain, settings  # noqa: E402

BASE = pretrain.Recipe("dcgan", n_pack=2, lr=4e-4, r1_gamma=2.0, lr_decay=0.5)  # lesson 09's recipe before this search
CANDIDATES = {
    "w64 (before)": BASE,
    "w32 lazyR1/16": replace(BASE, width=32, r1_every=16),
    "w32 lazyR1/16 lr 8e-4": replace(BASE, width=32, r1_every=16, lr=8e-4),
    "w48 lazyR1/16": replace(BASE, width=48, r1_every=16),
    "w32 lazyR1/16 m=32": replace(BASE, width=32, r1_every=16, batch_size=32),
    "G64 D32 lazyR1/16": replace(BASE, width=64, d_width=32, r1_every=16),
    "w32 lazyR1/16 no pack": replace(BASE, width=32, r1_every=16, n_pack=1),
    "w32 lazyR1/16 decay 0.75": replace(BASE, width=32, r1_every=16, lr_decay=0.75),
}
# the chosen recipe with another loss pair on D's logit d (the course's Trainer runs the non-saturating one by default)
LOSSES = {
    "hinge": losses.GANLoss("hinge", lambda d_real, d_fake: torch.relu(1 - d_real).mean() + torch.relu(1 + d_fake).mean(),
                            lambda d_fake: -d_fake.mean(), lambda loss_d: float("nan")),
    "least-squares": losses.GANLoss("least-squares",
                                    lambda d_real, d_fake: 0.5 * ((d_real - 1) ** 2).mean() + 0.5 * ((d_fake + 1) ** 2).mean(),
                                    lambda d_fake: 0.5 * ((d_fake - 1) ** 2).mean(), lambda loss_d: float("nan")),
}
LOSS_OF = {f"w32 lazyR1/16 m=32 {name} loss": name for name in LOSSES}
CANDIDATES.update({name: CANDIDATES["w32 lazyR1/16 m=32"] for name in LOSS_OF})
# issue 24: the settings published small-image recipes use, on the chosen recipe (pretrain.RECIPES["classroom"])
CHOSEN = replace(pretrain.RECIPES["classroom"], minutes=None)
CANDIDATES.update({
    **{f"chosen, R1 gamma {g:g}": replace(CHOSEN, r1_gamma=g) for g in (0.01, 0.1, 0.5)},
    "chosen, Adam betas (0, 0.99)": replace(CHOSEN, betas=(0.0, 0.99)),
    "chosen, D learning rate x2": replace(CHOSEN, d_lr_scale=2.0),
})


def emit(name, figure, unit, against):
    print(json.dumps({"name": name, "figure": figure, "unit": unit, "compared_against": against}), flush=True)


def speed(recipe: pretrain.Recipe, x: torch.Tensor, seconds: float = 8.0) -> float:
    """Iterations per second at the current thread count, after 20 warm-up iterations."""
    trainer = pretrain.make_trainer(replace(recipe, minutes=None), x, device=torch.device("cpu"))
    trainer.run(until=20, progress=False)
    t0, start = time.perf_counter(), trainer.step_count
    trainer.run(until=10**9, max_seconds=seconds, progress=False)
    return (trainer.step_count - start) / (time.perf_counter() - t0)


@functools.lru_cache(maxsize=1)
def reference() -> tuple:
    """(classifier, features of the 10,000 test images, Fréchet floor): the same for every candidate, so once per process."""
    classifier, _ = pretrain.load_classifier()
    x_train, _ = data.load_mnist("train")
    x_test, _ = data.load_mnist("test")
    f_test, _ = mnist_metrics.classify(classifier, x_test)
    return classifier, f_test, mnist_metrics.frechet_distance(mnist_metrics.classify(classifier, x_train[:10_000])[0], f_test)


def quality(g: torch.nn.Module) -> dict:
    classifier, f_test, floor = reference()
    return mnist_metrics.quality(classifier, mnist_models.generate(g, 10_000, seed=1), f_test, floor)


def train_and_measure(recipe: pretrain.Recipe, loss: str | None = None) -> dict:  # one seed: recipe.seed
    torch.set_num_threads(1)
    trainer = pretrain.make_trainer(recipe, pretrain.training_images(), device=torch.device("cpu"))
    if loss is not None:
        trainer.config.loss = LOSSES[loss]
    trainer.run(callbacks=pretrain.schedule(recipe), progress=False, **pretrain.length(recipe))
    return quality(trainer.generator)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="budget on the slow host (default 5)")
    parser.add_argument("--only", default="", help="comma-separated candidate names (default all)")
    parser.add_argument("--seeds", type=int, default=1, help="seeds per candidate: rows give the mean and the spread")
    args = parser.parse_args()
    names = [n for n in CANDIDATES if not args.only or n in args.only.split(",")]
    torch.set_num_threads(2)
    gflops = settings.sgemm_gflops(repeats=20)
    seconds_here = 60 * args.minutes * settings.SLOW_HOST_GFLOPS / gflops
    print(f"this machine: {torch.get_num_threads()} threads, sgemm {gflops:.0f} GFLOP/s; {args.minutes:g} min on the slow "
          f"host ({settings.SLOW_HOST_GFLOPS:.0f} GFLOP/s) = {seconds_here:.0f} s here", file=sys.stderr, flush=True)
    x = pretrain.training_images()
    runs = {}
    for name in names:
        rate = speed(CANDIDATES[name], x)
        flops, plain = pretrain.flops_per_iteration(CANDIDATES[name], x), speed(replace(CANDIDATES[name], r1_gamma=0.0), x, 4.0)
        runs[name] = replace(CANDIDATES[name], n_iterations=max(1, round(rate * seconds_here)))
        emit(f"{name}: speed", round(rate, 1), "it/s at 2 threads",
             f"without R1 {plain:.1f} it/s x {flops / 1e9:.2f} GFLOP = {flops * plain / 1e9:.1f} GFLOP/s, "
             f"{flops * plain / 1e9 / gflops:.0%} of sgemm {gflops:.0f}")
    jobs = [(name, seed) for name in runs for seed in range(args.seeds)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        done = pool.map(train_and_measure, [replace(runs[n], seed=s) for n, s in jobs], [LOSS_OF.get(n) for n, _ in jobs])
        results = dict(zip(jobs, done))
    for name in runs:
        qs = [results[name, seed] for seed in range(args.seeds)]
        spread = lambda key: f"{statistics.mean(q[key] for q in qs):.3f}" + (  # noqa: E731
            f" ± {statistics.stdev(q[key] for q in qs):.3f}" if len(qs) > 1 else "")
        emit(f"{name}: {args.minutes:g} min on the slow host = {runs[name].n_iterations} iterations, {args.seeds} seed(s)",
             round(statistics.mean(q["FD / floor"] for q in qs), 2), "FD / floor (mean)",
             f"FD / floor {spread('FD / floor')}, KL {spread('KL to uniform')}, confidence {spread('mean confidence')}, "
             f"classes {min(q['classes present (of 10)'] for q in qs)}+; recipe {asdict(runs[name])}")


if __name__ == "__main__":
    main()
