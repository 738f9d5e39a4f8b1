"""Exercise checkers: compare a student's answer with the reference and say how close it is."""

from __future__ import annotations

import numpy as np

__all__ = ["check_close"]


def check_close(name: str, got, expected, rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Print exact / approximate / wrong for ``got`` against ``expected``; raise AssertionError if wrong.

    Works on scalars, numpy arrays and torch tensors.
    """
    if not (rtol >= 0 and atol >= 0):
        raise ValueError(f"rtol and atol must be >= 0, allowed range [0, inf) (got rtol={rtol}, atol={atol})")
    got_a = np.asarray(got.detach().cpu() if hasattr(got, "detach") else got, dtype=np.float64)
    exp_a = np.asarray(expected.detach().cpu() if hasattr(expected, "detach") else expected, dtype=np.float64)
    if got_a.shape != exp_a.shape:
        raise AssertionError(f"{name}: shape {got_a.shape} but the reference has shape {exp_a.shape}")
    if np.isnan(got_a).any():
        raise AssertionError(f"{name}: your answer contains NaN")
    max_diff = float(np.max(np.abs(got_a - exp_a))) if got_a.size else 0.0
    if np.array_equal(got_a, exp_a):
        print(f"{name}: exact match")
    elif np.allclose(got_a, exp_a, rtol=rtol, atol=atol):
        print(f"{name}: correct (max difference {max_diff:.1e})")
    else:
        raise AssertionError(f"{name}: not yet (max difference {max_diff:.3g}, allowed rtol={rtol}, atol={atol})")
