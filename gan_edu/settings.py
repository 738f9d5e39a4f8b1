"""Run settings shared by every lesson: the CI switch and the compute device.

The switch is the environment variable ``GAN_EDU_FAST``: unset or ``0`` means the
classroom setting (the default); ``1`` shortens training so the test suite runs fast.
"""

from __future__ import annotations

import os
from typing import TypeVar

import torch

__all__ = ["FAST_ENV", "fast_mode", "choose", "device"]

FAST_ENV = "GAN_EDU_FAST"
T = TypeVar("T")


def fast_mode() -> bool:
    """True when ``GAN_EDU_FAST`` asks for the short CI setting."""
    value = os.environ.get(FAST_ENV, "0").strip().lower()
    if value not in {"", "0", "1", "false", "true", "no", "yes"}:
        raise ValueError(f"{FAST_ENV} must be 0 or 1 (got {value!r})")
    return value in {"1", "true", "yes"}


def choose(classroom: T, fast: T) -> T:
    """Return ``fast`` under the CI switch, otherwise the ``classroom`` value."""
    return fast if fast_mode() else classroom


def device() -> torch.device:
    """The best available device: CUDA, then Apple's MPS, then the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
