"""Lesson 07 benchmark: the classroom GAN trained from scratch on 2 CPU threads, and the shipped weights, measured.

Rows (JSON on stdout): classifier test accuracy; training seconds of the classroom recipe; for the 5-minute model and
each shipped generator: Fréchet distance (with the real-vs-real floor), classes covered, KL to uniform, mean
confidence, Parzen log-likelihood (Table 1's protocol: 10,000 samples, sigma on train[50000:], the 10,000 test images);
and the Parzen baselines (real training images, 10,000 k-means centroids). ``--shipped-only`` skips training.
Usage: python benchmarks/bench_mnist.py [--shipped-only]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gan_edu import checkpoint, data, mnist_metrics, mnist_models, pretrain  # noqa: E402

N = 10_000
TARGET = "classroom target: 10 classes, KL <= 0.05, confidence >= 0.9, FD <= 10x floor, Parzen >= 225"


def emit(name, figure, unit, against):
    print(json.dumps({"name": name, "figure": figure, "unit": unit, "compared_against": against}), flush=True)


def measure(label: str, x_fake: torch.Tensor, ctx: dict) -> None:
    feats, probs = mnist_metrics.classify(ctx["classifier"], x_fake)
    hist = mnist_metrics.class_histogram(probs)
    fd = mnist_metrics.frechet_distance(feats, ctx["f_test"])
    parzen = mnist_metrics.parzen_protocol(x_fake, ctx["x_valid"], ctx["x_test"], progress=False)
    emit(f"{label}: Fréchet distance", round(fd, 2), "FD (classifier features)", f"floor {ctx['floor']:.2f}; 10x = {10 * ctx['floor']:.1f}")
    emit(f"{label}: FD / floor", round(fd / ctx["floor"], 2), "ratio", "target <= 10")
    emit(f"{label}: classes covered", int((hist > 0).sum()), "of 10", "target 10")
    emit(f"{label}: KL to uniform", round(mnist_metrics.kl_to_uniform(hist), 4), "nats", "target <= 0.05")
    emit(f"{label}: mean confidence", round(mnist_metrics.mean_confidence(probs), 4), "probability", "target >= 0.9")
    emit(f"{label}: Parzen log-likelihood", round(parzen["ll"], 1), f"nats (± {parzen['se']:.1f}, σ = {parzen['sigma']:.3f})",
         "target >= 225; paper's GAN 225 ± 2")


def main(shipped_only: bool) -> None:
    torch.set_num_threads(2)
    x_train, _ = data.load_mnist("train")
    x_test, y_test = data.load_mnist("test")
    classifier, _ = pretrain.load_classifier()
    emit("classifier test accuracy", round(100 * pretrain.accuracy(classifier, x_test, y_test), 2), "%", "target >= 98%")
    f_test, _ = mnist_metrics.classify(classifier, x_test)
    floor = mnist_metrics.frechet_distance(mnist_metrics.classify(classifier, x_train[:N])[0], f_test)
    ctx = {"classifier": classifier, "f_test": f_test, "floor": floor, "x_valid": x_train[pretrain.N_TRAIN:], "x_test": x_test}
    emit("Fréchet distance floor (10,000 train vs 10,000 test)", round(floor, 3), "FD", "real vs real")

    real = mnist_metrics.parzen_protocol(x_train[:N], ctx["x_valid"], x_test, progress=False)
    emit("Parzen: real training images as samples", round(real["ll"], 1), f"nats (± {real['se']:.1f})", "expected ≈ 241-244")
    t0 = time.perf_counter()
    centroids = mnist_metrics.kmeans(x_train[:pretrain.N_TRAIN].flatten(1), N, 3, torch.Generator().manual_seed(0), progress=False)
    print(f"k-means: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    kmeans = mnist_metrics.parzen_protocol(centroids, ctx["x_valid"], x_test, progress=False)
    emit("Parzen: 10,000 k-means centroids as samples", round(kmeans["ll"], 1), f"nats (± {kmeans['se']:.1f})", "expected ≈ 313-334")

    if not shipped_only:
        recipe = pretrain.RECIPES["classroom"]
        with tempfile.TemporaryDirectory() as tmp:
            trainer = pretrain.make_trainer(recipe, x_train[:pretrain.N_TRAIN], device=torch.device("cpu"))
            t0 = time.perf_counter()
            checkpoint.train_with_checkpoints(trainer, Path(tmp) / "bench.pt", recipe.n_iterations, every_n=500,
                                              callbacks=pretrain.schedule(recipe), progress=False)
            seconds = time.perf_counter() - t0
        emit(f"classroom recipe ({recipe.kind}, {recipe.n_iterations} iterations) training time, 2 threads",
             round(seconds, 1), "s", "target <= 300 s")
        measure("5-minute model", mnist_models.generate(trainer.generator, N, seed=1), ctx)
    for name in ("dcgan", "mlp_gan"):
        g, info = pretrain.load_generator(name)
        measure(f"shipped {name} ({info['iterations']} iterations)", mnist_models.generate(g, N, seed=1), ctx)
    print(TARGET, file=sys.stderr)


if __name__ == "__main__":
    main("--shipped-only" in sys.argv[1:])
