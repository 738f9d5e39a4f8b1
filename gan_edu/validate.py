"""Argument checks: each raises ValueError naming the argument and its allowed range."""

from __future__ import annotations

import numpy as np

__all__ = ["finite_array", "positive_array", "probability_vector", "positive_int", "in_range", "function", "broadcastable"]


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
