"""Run settings shared by every lesson: the CI switch, the compute device, and how fast this machine multiplies.

The switch is the environment variable ``GAN_EDU_FAST``: unset or ``0`` means the
classroom setting (the default); ``1`` shortens training so the test suite runs fast.
"""

from __future__ import annotations

import os
import time
from typing import TypeVar

import torch

from . import validate

__all__ = ["FAST_ENV", "SLOW_HOST_GFLOPS", "fast_mode", "choose", "device", "sgemm_gflops"]

FAST_ENV = "GAN_EDU_FAST"
SLOW_HOST_GFLOPS = 100.0  # the slowest classroom laptop planned for: 2 cores, AVX2, ~100 GFLOP/s sgemm at 2 threads
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


def sgemm_gflops(n: int = 2048, repeats: int = 10, threads: int | None = None) -> float:
    """This CPU's float32 matrix-multiply speed: 2 n^3 / (best of ``repeats`` times of an n x n product), in GFLOP/s,
    at ``threads`` torch threads (default: the current setting). Times measured on different machines compare when
    each is stated with this number."""
    n, repeats = validate.positive_int("n", n, 16), validate.positive_int("repeats", repeats)
    previous = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(validate.positive_int("threads", threads))
    try:
        gen = torch.Generator().manual_seed(0)
        a, b = torch.randn(n, n, generator=gen), torch.randn(n, n, generator=gen)
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            a @ b
            best = min(best, time.perf_counter() - t0)
    finally:
        torch.set_num_threads(previous)
    return 2 * n**3 / best / 1e9
