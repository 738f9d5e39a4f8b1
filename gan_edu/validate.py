"""Argument checks, the one validation layer behind every public function: each raises ValueError (a bad value)
or TypeError (a wrong kind of object) naming the argument and its allowed range."""

from __future__ import annotations

import numpy as np
import torch

__all__ = ["finite_array", "positive_array", "probability_vector", "positive_int", "in_range", "function", "broadcastable",
           "instance", "torch_generator", "tensor", "probability_rows", "covariance", "images"]


def finite_array(name: str, value, ndim: int | None = None) -> np.ndarray:
    """``value`` as a float64 array with no NaN or Inf (and ``ndim`` dimensions if given)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of real numbers (got {value!r})") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s) (got shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, with no NaN or Inf (got {value!r})")
    return arr


def positive_array(name: str, value, ndim: int | None = None) -> np.ndarray:
    """``value`` as a float64 array whose entries all lie in (0, inf)."""
    arr = finite_array(name, value, ndim)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0 everywhere, allowed range (0, inf) (got {value!r})")
    return arr


def probability_vector(name: str, value, atol: float = 1e-9) -> np.ndarray:
    """``value`` as a 1-D vector of weights in [0, 1] that sum to 1."""
    arr = finite_array(name, value, ndim=1)
    if arr.size == 0 or np.any(arr < 0):
        raise ValueError(f"{name} must be non-empty with entries in [0, 1] (got {value!r})")
    if abs(arr.sum() - 1.0) > atol:
        raise ValueError(f"{name} must sum to 1 (got sum {arr.sum():.6g})")
    return arr


def positive_int(name: str, value, minimum: int = 1) -> int:
    """``value`` as an int no smaller than ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum} (got {value!r})")
    return int(value)


def in_range(name: str, value, low: float, high: float) -> float:
    """``value`` as a float in the closed interval [low, high]."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [{low}, {high}] (got {value!r})") from None
    if not (low <= v <= high):  # also rejects NaN
        raise ValueError(f"{name} must lie in [{low}, {high}] (got {value!r})")
    return v


def function(name: str, value):
    """``value`` itself, if it can be called like a function."""
    if not callable(value):
        raise ValueError(f"{name} must be a function of x, e.g. lambda x: 0.5 + 0 * x (got {type(value).__name__})")
    return value


def broadcastable(names: str, *arrays: np.ndarray) -> tuple[int, ...]:
    """The common shape of ``arrays``; ValueError naming them if their shapes do not match."""
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays))
    except ValueError:
        shapes = ", ".join(str(np.shape(a)) for a in arrays)
        raise ValueError(f"{names} must have matching shapes (got {shapes})") from None


def instance(name: str, value, kind, what: str):
    """``value`` itself if it is a ``kind``; TypeError naming the argument and what it should be otherwise."""
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise TypeError(f"{name} must be {what} (got {type(value).__name__})")
    return value


def torch_generator(name: str, value):
    """``value`` if it is a seeded torch.Generator; None is refused, so no draw falls back to torch's global RNG."""
    if not isinstance(value, torch.Generator):
        raise TypeError(f"{name} must be a torch.Generator, e.g. torch.Generator().manual_seed(0), so every draw is "
                        f"seeded (got {type(value).__name__})")
    return value


def tensor(name: str, value, ndim: int | None = None, floating: bool = False, finite: bool = True):
    """``value`` as a torch tensor (numpy arrays and lists are converted), checked for dimensions and finiteness;
    ``floating`` converts integer and boolean tensors to float32."""
    if not isinstance(value, torch.Tensor):
        try:
            value = torch.as_tensor(np.asarray(value))
        except (TypeError, ValueError, RuntimeError):
            raise TypeError(f"{name} must be a tensor or an array of numbers (got {type(value).__name__})") from None
    if value.is_complex() or value.dtype == torch.bool and not floating:
        raise TypeError(f"{name} must hold real numbers (got dtype {value.dtype})")
    if ndim is not None and value.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s) (got shape {tuple(value.shape)})")
    if floating and not value.is_floating_point():
        value = value.float()
    if finite and value.is_floating_point() and not torch.isfinite(value).all():
        raise ValueError(f"{name} must be finite, with no NaN or Inf")
    return value


def probability_rows(name: str, value, n_columns: int | None = None, atol: float = 1e-4) -> torch.Tensor:
    """``value`` as a float tensor (n, K) whose rows are probability vectors: entries in [0, 1], each row summing to 1."""
    probs = tensor(name, value, ndim=2, floating=True)
    if len(probs) == 0 or probs.shape[1] == 0:
        raise ValueError(f"{name} must have shape (n, K) with n >= 1 and K >= 1 (got {tuple(probs.shape)})")
    if n_columns is not None and probs.shape[1] != n_columns:
        raise ValueError(f"{name} must have {n_columns} columns, one per class (got {probs.shape[1]})")
    if (probs < 0).any() or (probs > 1).any() or ((probs.sum(1) - 1).abs() > atol).any():
        raise ValueError(f"{name} must hold probability rows: entries in [0, 1], each row summing to 1 "
                         f"(got entries in [{probs.min().item():.3g}, {probs.max().item():.3g}], row sums in "
                         f"[{probs.sum(1).min().item():.4g}, {probs.sum(1).max().item():.4g}])")
    return probs


def covariance(name: str, value, k: int, rtol: float = 1e-6) -> torch.Tensor:
    """``value`` as a float64 (k, k) covariance matrix: finite, symmetric and positive semi-definite."""
    cov = tensor(name, value, ndim=2, floating=True).double()
    if cov.shape != (k, k):
        raise ValueError(f"{name} must have shape ({k}, {k}) to match the mean (got {tuple(cov.shape)})")
    scale = float(cov.abs().max()) if cov.numel() else 0.0
    if (cov - cov.T).abs().max() > rtol * max(scale, 1e-300):
        raise ValueError(f"{name} must be symmetric (largest |{name} - {name}.T| is {(cov - cov.T).abs().max().item():.3g})")
    low = float(torch.linalg.eigvalsh(cov).min()) if k else 0.0
    if low < -1e-8 * max(scale, 1e-300):
        raise ValueError(f"{name} must be positive semi-definite, allowed eigenvalues [0, inf) (smallest is {low:.3g})")
    return cov


def images(name: str, value) -> torch.Tensor:
    """``value`` as a finite float tensor of MNIST-shaped images (n, 1, 28, 28), n >= 1."""
    x = tensor(name, value, floating=True)
    if x.ndim != 4 or tuple(x.shape[1:]) != (1, 28, 28) or len(x) == 0:
        raise ValueError(f"{name} must be images of shape (n, 1, 28, 28) with n >= 1 (got {tuple(x.shape)})")
    return x
