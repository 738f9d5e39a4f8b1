"""Lessons 09-10 benchmark: the classroom GAN trained from scratch in time budgets on 2 CPU threads, and the shipped weights.

Rows (JSON on stdout): classifier test accuracy; for the classroom recipe trained in each budget of ``--minutes`` (by
default 5) and each shipped generator: iterations reached, Fréchet distance (with the real-vs-real floor), classes
covered, KL to uniform, mean confidence, Parzen log-likelihood (Table 1's protocol: 10,000 samples, sigma on
train[50000:], the 10,000 test images); and the Parzen baselines (real training images, 10,000 k-means centroids).
``--slow-host`` scales each budget by settings.SLOW_HOST_GFLOPS / this machine's sgemm GFLOP/s, so a fast machine
reproduces what the slow laptop reaches. ``--shipped-only`` skips training; ``--no-parzen`` skips the Parzen rows.
Usage: python benchmarks/bench_mnist.py [--minutes 2.5,5,10] [--slow-host] [--shipped-only] [--no-parzen]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dataclasses import replace  # noqa: E402

from gan_edu import checkpoint, data, mnist_metrics, mnist_models, pretrain, settings  # noqa: E402

N = 10_000
TARGET = "classroom target: 10 classes, KL <= 0.05, confidence >= 0.9, FD <= 10x floor, Parzen >= 225"


def emit(name, figure, unit, against):
    print(json.dumps({"name": name, "figure": figure, "unit": unit, "compared_against": against}), flush=True)


def measure(label: str, x_fake: torch.Tensor, ctx: dict, parzen: bool = True) -> None:
    q = mnist_metrics.quality(ctx["classifier"], x_fake, ctx["f_test"], ctx["floor"])
    met = mnist_metrics.meets_bar(q)
    for name, (op, goal) in mnist_metrics.QUALITY_BAR.items():
        emit(f"{label}: {name}", round(q[name], 4), "ratio" if name == "FD / floor" else "",
             f"target {op} {goal:g}: {'met' if met[name] else 'NOT met'}")
    if parzen:
        ll = mnist_metrics.parzen_protocol(x_fake, ctx["x_valid"], ctx["x_test"], progress=False)
        emit(f"{label}: Parzen log-likelihood", round(ll["ll"], 1), f"nats (± {ll['se']:.1f}, σ = {ll['sigma']:.3f})",
             "target >= 225; paper's GAN 225 ± 2")


def train_in_budget(minutes: float, scale: float, x_fit: torch.Tensor, ctx: dict, parzen: bool) -> None:
    """The classroom recipe with a budget of ``minutes`` x ``scale`` minutes here; emits its time and quality rows."""
    recipe = replace(pretrain.RECIPES["classroom"], minutes=minutes * scale)
    with tempfile.TemporaryDirectory() as tmp:
        trainer = pretrain.make_trainer(recipe, x_fit, device=torch.device("cpu"))
        t0 = time.perf_counter()
        checkpoint.train_with_checkpoints(trainer, Path(tmp) / "bench.pt", every_n=500, callbacks=pretrain.schedule(recipe),
                                          progress=False, **pretrain.length(recipe))
        wall = time.perf_counter() - t0
    label = f"classroom recipe, {minutes:g}-minute budget" + (f" on the slow host ({60 * minutes * scale:.0f} s here)" if scale != 1 else "")
    emit(f"{label}: wall-clock incl. checkpoints", round(wall, 1), "s", f"budget {60 * minutes * scale:.0f} s")
    emit(f"{label}: iterations reached", trainer.step_count, "iterations", f"{trainer.step_count / wall:.1f} it/s")
    measure(label, mnist_models.generate(trainer.generator, N, seed=1), ctx, parzen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", default="5", help="comma-separated budgets in minutes (default 5)")
    parser.add_argument("--slow-host", action="store_true", help="scale each budget to this machine's speed")
    parser.add_argument("--shipped-only", action="store_true", help="skip training; measure the shipped weights")
    parser.add_argument("--no-parzen", action="store_true", help="skip the Parzen rows (the slowest measurement)")
    args = parser.parse_args()
    budgets = [float(m) for m in args.minutes.split(",")]
    torch.set_num_threads(2)
    gflops = settings.sgemm_gflops(repeats=20)
    scale = settings.SLOW_HOST_GFLOPS / gflops if args.slow_host else 1.0
    print(f"machine: {torch.get_num_threads()} threads, torch sgemm 2048² {gflops:.0f} GFLOP/s", file=sys.stderr, flush=True)
    emit("machine: torch sgemm 2048², 2 threads", round(gflops), "GFLOP/s", f"slow host {settings.SLOW_HOST_GFLOPS:.0f}")
    x_train, _ = data.load_mnist("train")
    x_test, y_test = data.load_mnist("test")
    classifier, _ = pretrain.load_classifier()
    emit("classifier test accuracy", round(100 * pretrain.accuracy(classifier, x_test, y_test), 2), "%", "target >= 98%")
    f_test, _ = mnist_metrics.classify(classifier, x_test)
    floor = mnist_metrics.frechet_distance(mnist_metrics.classify(classifier, x_train[:N])[0], f_test)
    ctx = {"classifier": classifier, "f_test": f_test, "floor": floor, "x_valid": x_train[pretrain.N_TRAIN:], "x_test": x_test}
    emit("Fréchet distance floor (10,000 train vs 10,000 test)", round(floor, 3), "FD", "real vs real")
    if not args.no_parzen:
        parzen_baselines(x_train, x_test, ctx)
    if not args.shipped_only:
        for minutes in budgets:
            train_in_budget(minutes, scale, x_train[:pretrain.N_TRAIN], ctx, not args.no_parzen)
    for name in ("dcgan", "mlp_gan"):
        g, info = pretrain.load_generator(name)
        measure(f"shipped {name} ({info['iterations']} iterations)", mnist_models.generate(g, N, seed=1), ctx, not args.no_parzen)
    print(TARGET, file=sys.stderr)


def parzen_baselines(x_train: torch.Tensor, x_test: torch.Tensor, ctx: dict) -> None:
    real = mnist_metrics.parzen_protocol(x_train[:N], ctx["x_valid"], x_test, progress=False)
    emit("Parzen: real training images as samples", round(real["ll"], 1), f"nats (± {real['se']:.1f})", "expected ≈ 241-244")
    t0 = time.perf_counter()
    centroids = mnist_metrics.kmeans(x_train[:pretrain.N_TRAIN].flatten(1), N, 3, torch.Generator().manual_seed(0), progress=False)
    print(f"k-means: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    kmeans = mnist_metrics.parzen_protocol(centroids, ctx["x_valid"], x_test, progress=False)
    emit("Parzen: 10,000 k-means centroids as samples", round(kmeans["ll"], 1), f"nats (± {kmeans['se']:.1f})", "expected ≈ 313-334")


if __name__ == "__main__":
    main()
