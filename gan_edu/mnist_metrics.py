"""Measuring an MNIST generator: Fréchet distance, class coverage, Parzen windows, nearest neighbours.
(``image_plots.image_grid`` and ``image_plots.show_images`` draw the images.)

Images are tensors (n, 1, 28, 28) with pixels in [0, 1]; functions that only need vectors accept
any (n, ...) tensor and flatten it to (n, d). Features and class probabilities come from the
project's classifier (``mnist_models.Classifier``); long loops show a tqdm bar.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from . import validate

__all__ = ["SIGMAS", "classify", "gaussian_frechet_distance", "frechet_distance", "class_histogram", "kl_to_uniform",
           "mean_confidence", "squared_distances", "parzen_log_likelihoods", "parzen_protocol", "kmeans",
           "nearest_neighbours", "interpolate", "QUALITY_BAR", "quality", "meets_bar"]

SIGMAS = np.logspace(-1, 0, 10)  # the Parzen-window widths of the code released with Goodfellow et al. (2014)


def _rows(name: str, x) -> torch.Tensor:
    """``x`` as a finite float32 (or float64) tensor (n, d), n >= 1, flattening everything after the first axis."""
    x = validate.tensor(name, x, finite=False)
    if x.ndim < 2 or len(x) == 0 or x[0].numel() == 0:
        raise ValueError(f"{name} must have shape (n, ...) with n >= 1 and at least one value per row (got {tuple(x.shape)})")
    x = x.reshape(len(x), -1)
    x = x if x.dtype in (torch.float32, torch.float64) else x.float()
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} must be finite, with no NaN or Inf")
    return x


@torch.no_grad()
def classify(classifier: nn.Module, x: torch.Tensor, batch_size: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """(penultimate features (n, 128), class probabilities softmax(logits) (n, 10)) for images x (n, 1, 28, 28)."""
    if not (isinstance(classifier, nn.Module) and callable(getattr(classifier, "features", None))
            and isinstance(getattr(classifier, "head", None), nn.Module)):
        raise TypeError(f"classifier must be a mnist_models.Classifier, e.g. from pretrain.load_classifier() "
                        f"(got {type(classifier).__name__})")
    x = validate.images("x", x)
    batch_size = validate.positive_int("batch_size", batch_size)
    classifier.eval()
    feats = [classifier.features(x[i:i + batch_size]) for i in range(0, len(x), batch_size)]
    feats = torch.cat(feats)  # (n, 128)
    return feats, torch.softmax(classifier.head(feats), dim=1)


def gaussian_frechet_distance(mu_a, cov_a, mu_b, cov_b) -> float:
    """||mu_a - mu_b||^2 + tr(cov_a + cov_b - 2 (cov_a^(1/2) cov_b cov_a^(1/2))^(1/2)); means (k,), covariances (k, k)."""
    mu_a = validate.tensor("mu_a", mu_a, ndim=1, floating=True).double()
    mu_b = validate.tensor("mu_b", mu_b, ndim=1, floating=True).double()
    if mu_a.shape != mu_b.shape or len(mu_a) == 0:
        raise ValueError(f"mu_a and mu_b must be vectors of the same length k >= 1 (got {tuple(mu_a.shape)} and {tuple(mu_b.shape)})")
    cov_a, cov_b = validate.covariance("cov_a", cov_a, len(mu_a)), validate.covariance("cov_b", cov_b, len(mu_a))
    evals, evecs = torch.linalg.eigh(cov_a)
    sqrt_a = evecs @ torch.diag(evals.clamp(min=0).sqrt()) @ evecs.T  # cov_a^(1/2), symmetric
    middle = sqrt_a @ cov_b @ sqrt_a  # symmetric PSD, same eigenvalues as cov_a cov_b
    trace_sqrt = torch.linalg.eigvalsh((middle + middle.T) / 2).clamp(min=0).sqrt().sum()
    distance = float(((mu_a - mu_b) ** 2).sum() + cov_a.trace() + cov_b.trace() - 2 * trace_sqrt)
    return max(distance, 0.0)  # >= 0 in exact arithmetic; rounding can leave -1e-15


def frechet_distance(f_a, f_b) -> float:
    """Fréchet distance between Gaussians fitted (mean, unbiased covariance) to features f_a (n_a, k) and f_b (n_b, k)."""
    f_a, f_b = _rows("f_a", f_a).double(), _rows("f_b", f_b).double()
    if min(len(f_a), len(f_b)) < 2 or f_a.shape[1] != f_b.shape[1]:
        raise ValueError(f"f_a and f_b must have at least 2 rows and the same number of columns "
                         f"(got {tuple(f_a.shape)} and {tuple(f_b.shape)})")
    return gaussian_frechet_distance(f_a.mean(0), torch.cov(f_a.T), f_b.mean(0), torch.cov(f_b.T))


def class_histogram(probs, n_classes: int = 10) -> np.ndarray:
    """Fraction of samples whose most probable class is c, for c = 0..n_classes-1; probs (n, n_classes)."""
    probs = validate.probability_rows("probs", probs, validate.positive_int("n_classes", n_classes))
    return np.bincount(probs.argmax(1).numpy(), minlength=n_classes) / len(probs)


def kl_to_uniform(p) -> float:
    """KL(p || uniform) = sum_c p_c log(K p_c) = log K - H(p), with 0 log 0 = 0; p a probability vector of length K."""
    p = validate.probability_vector("p", p, atol=1e-6)
    nz = p[p > 0]
    return float(np.sum(nz * np.log(len(p) * nz)))


def mean_confidence(probs) -> float:
    """Mean over samples of max_c p(c | x): how sure the classifier is that a sample is some digit."""
    return float(validate.probability_rows("probs", probs).max(1).values.mean())


# the course's bar for a classroom MNIST GAN, at 10,000 samples: (comparison, target) per measure of ``quality``
QUALITY_BAR = {"classes present (of 10)": (">=", 10), "KL to uniform": ("<=", 0.05), "mean confidence": (">=", 0.9),
               "FD / floor": ("<=", 10.0)}


def quality(classifier: nn.Module, x_fake: torch.Tensor, f_ref: torch.Tensor, fd_floor: float) -> dict[str, float]:
    """The measures of ``QUALITY_BAR`` for samples x_fake (n, 1, 28, 28), against the features f_ref of real images and
    the Fréchet distance ``fd_floor`` that other real images reach against them."""
    fd_floor = validate.in_range("fd_floor", fd_floor, 1e-12, math.inf)
    feats, probs = classify(classifier, x_fake)
    hist = class_histogram(probs)
    return {"classes present (of 10)": int((hist > 0).sum()), "KL to uniform": kl_to_uniform(hist),
            "mean confidence": mean_confidence(probs), "FD / floor": frechet_distance(feats, f_ref) / fd_floor}


def meets_bar(values: dict[str, float]) -> dict[str, bool]:
    """For each target of ``QUALITY_BAR``, whether ``values`` (from ``quality``) meets it."""
    missing = sorted(set(QUALITY_BAR) - set(values))
    if missing:
        raise ValueError(f"values must hold every measure of QUALITY_BAR, as quality() returns (missing {missing})")
    return {name: values[name] >= goal if op == ">=" else values[name] <= goal for name, (op, goal) in QUALITY_BAR.items()}


def squared_distances(x, y) -> torch.Tensor:
    """||x_i - y_j||^2 for rows x (n, d) and y (m, d), as ||x||^2 + ||y||^2 - 2 x.y after centring both; (n, m)."""
    x, y = _rows("x", x), _rows("y", y)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"x and y must have the same number of values per row (got {x.shape[1]} and {y.shape[1]})")
    dtype = torch.promote_types(x.dtype, y.dtype)
    x, y = x.to(dtype), y.to(dtype)
    centre = y.mean(0)  # centring shrinks the terms that cancel, so float32 stays accurate
    x, y = x - centre, y - centre
    return ((x**2).sum(1, keepdim=True) + (y**2).sum(1) - 2 * x @ y.T).clamp(min=0)


def parzen_log_likelihoods(x, samples, sigmas: Sequence[float], batch_size: int = 500,
                           progress: bool = True) -> torch.Tensor:
    """log p(x) = logsumexp_i(-||x - s_i||^2 / 2 sigma^2) - log N - (d/2) log(2 pi sigma^2); (len(sigmas), n) float64."""
    x, samples = _rows("x", x), _rows("samples", samples)
    sigmas = validate.positive_array("sigmas", np.atleast_1d(np.asarray(sigmas, dtype=float)), ndim=1)
    batch_size = validate.positive_int("batch_size", batch_size)
    n_samples, d = samples.shape
    out = torch.empty(len(sigmas), len(x), dtype=torch.float64)
    for start in tqdm(range(0, len(x), batch_size), desc="Parzen windows", disable=not progress, leave=False):
        dist2 = squared_distances(x[start:start + batch_size], samples)  # (b, N)
        for j, sigma in enumerate(sigmas):
            log_kernel = torch.logsumexp(-dist2 / (2 * sigma**2), dim=1).double()  # (b,)
            out[j, start:start + len(dist2)] = log_kernel - math.log(n_samples) - d / 2 * math.log(2 * math.pi * sigma**2)
    return out


def parzen_protocol(samples, x_valid, x_test, sigmas: Sequence[float] = SIGMAS, batch_size: int = 500,
                    progress: bool = True) -> dict:
    """Table 1's protocol: sigma maximising the mean log-likelihood of x_valid, then mean and standard error on x_test."""
    samples, x_valid, x_test = _rows("samples", samples), _rows("x_valid", x_valid), _rows("x_test", x_test)
    if len(x_test) < 2:
        raise ValueError("x_test must hold at least 2 rows for a standard error")
    valid = parzen_log_likelihoods(x_valid, samples, sigmas, batch_size, progress).mean(1)  # (len(sigmas),)
    sigma = float(np.asarray(sigmas, dtype=float)[int(valid.argmax())])
    test = parzen_log_likelihoods(x_test, samples, [sigma], batch_size, progress)[0]  # (n_test,)
    return {"sigma": sigma, "valid": valid.numpy(), "ll": float(test.mean()),
            "se": float(test.std() / math.sqrt(len(test)))}


def kmeans(x, k: int, n_iter: int, generator: torch.Generator, batch_size: int = 2000,
           progress: bool = True) -> torch.Tensor:
    """Lloyd's k-means on rows of x (N, d) from k distinct rows chosen by ``generator``; centroids (k, d).

    Each iteration assigns every row to its nearest centroid and moves each centroid to the mean of its rows;
    a centroid with no rows stays where it was.
    """
    x = _rows("x", x)
    validate.torch_generator("generator", generator)
    k = validate.positive_int("k", k)
    if k > len(x):
        raise ValueError(f"k must be an integer in [1, {len(x)}] (the number of rows of x) (got {k})")
    n_iter = validate.positive_int("n_iter", n_iter, minimum=0)
    batch_size = validate.positive_int("batch_size", batch_size)
    centroids = x[torch.randperm(len(x), generator=generator)[:k]].clone()  # (k, d)
    for _ in tqdm(range(n_iter), desc="k-means", disable=not progress, leave=False):
        labels = nearest_neighbours(x, centroids, batch_size)  # (N,)
        counts = torch.bincount(labels, minlength=k)  # (k,)
        sums = torch.zeros_like(centroids).index_add_(0, labels, x)  # (k, d)
        filled = counts > 0
        centroids[filled] = sums[filled] / counts[filled, None]
    return centroids


def nearest_neighbours(x, pool, batch_size: int = 1000) -> torch.Tensor:
    """For each row of x (n, d), the index into pool (N, d) of its nearest row in Euclidean distance; (n,) int64."""
    x, pool = _rows("x", x), _rows("pool", pool)
    if x.shape[1] != pool.shape[1]:
        raise ValueError(f"x and pool must have the same number of values per row (got {x.shape[1]} and {pool.shape[1]})")
    batch_size = validate.positive_int("batch_size", batch_size)
    return torch.cat([squared_distances(x[i:i + batch_size], pool).argmin(1) for i in range(0, len(x), batch_size)])


def interpolate(z_a: torch.Tensor, z_b: torch.Tensor, n: int) -> torch.Tensor:
    """n points z_a + t (z_b - z_a) for t = 0, 1/(n-1), ..., 1 on the line from z_a to z_b (z_dim,); (n, z_dim)."""
    n = validate.positive_int("n", n, minimum=2)
    z_a, z_b = validate.tensor("z_a", z_a, ndim=1, floating=True), validate.tensor("z_b", z_b, ndim=1, floating=True)
    if z_a.shape != z_b.shape or len(z_a) == 0:
        raise ValueError(f"z_a and z_b must be vectors of the same length (got {tuple(z_a.shape)} and {tuple(z_b.shape)})")
    dtype = torch.promote_types(z_a.dtype, z_b.dtype)  # integer input was made float above: never integer zeros
    z_a, z_b = z_a.to(dtype), z_b.to(dtype)
    t = torch.linspace(0, 1, n, dtype=dtype)[:, None]  # (n, 1)
    return z_a + t * (z_b - z_a)
