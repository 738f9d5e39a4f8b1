"""Run settings shared by every lesson: the CI switch, the compute device, the thread policy, and how fast this machine
multiplies.

The switch is the environment variable ``GAN_EDU_FAST``: unset or ``0`` means the
classroom setting (the default); ``1`` shortens training so the test suite runs fast.

**The thread policy** (measured by ``benchmarks/bench_contention.py``). A student's laptop is never idle, and two torch
threads on two cores wait on each other whenever another program takes one core: the MNIST step then runs several times
slower than on one thread. So every training path starts on one thread (:func:`use_threads`); the 1-D and 2-D models
stay there (one thread is fastest for them even on an idle machine), and a long MNIST run adds :class:`AdaptiveThreads`,
which times the next iterations at one and at two threads, keeps the faster, re-checks as the run goes on, and says once,
in plain words, when another program is taking the CPU.
"""

from __future__ import annotations

import math
import os
import time
from typing import Callable, TypeVar

import torch

from . import validate

__all__ = ["FAST_ENV", "SLOW_HOST_GFLOPS", "fast_mode", "choose", "device", "sgemm_gflops", "use_threads", "AdaptiveThreads"]

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


def use_threads(threads: int = 1) -> int:
    """Set torch's CPU threads for training (the policy: start on one; see the module docstring); returns the count.

    ``threads`` must lie in [1, os.cpu_count()]: more threads than cores only make them wait on each other."""
    cores = os.cpu_count() or 1
    if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= cores:
        raise ValueError(f"threads must be an integer in [1, {cores}] (this machine's cores) (got {threads!r})")
    torch.set_num_threads(threads)
    return threads


class AdaptiveThreads:
    """A ``Trainer`` callback that keeps a run on the faster of 1 and 2 torch threads, and notices a busy machine.

    Every ``recheck_seconds`` it times the next ``probe`` iterations on each thread count, or as many as fit in
    ``probe_seconds`` when that count is slow (they are real training iterations, nothing is thrown away), and keeps
    the faster; ``probe`` is a multiple of a lazy R1 period, so both counts time the same mix of steps. When the iterations per second fall below ``slow_fraction`` of the best rate the run
    reached, it says so once (through ``say``). :meth:`summary` gives the thread counts used and the rates.
    """

    def __init__(self, choices: tuple[int, ...] = (1, 2), probe: int = 16, recheck_seconds: float = 60.0,
                 slow_fraction: float = 0.5, say: Callable[[str], None] = print, probe_seconds: float = 1.0):
        cores = os.cpu_count() or 1
        self.choices = tuple(c for c in choices if isinstance(c, int) and 1 <= c <= cores) or (1,)
        self.probe = validate.positive_int("probe", probe)
        self.recheck_seconds = validate.in_range("recheck_seconds", recheck_seconds, 1.0, math.inf)
        self.slow_fraction = validate.in_range("slow_fraction", slow_fraction, 0.0, 1.0)
        self.say = validate.function("say", say)
        self.probe_seconds = validate.in_range("probe_seconds", probe_seconds, 0.01, math.inf)
        self.rates: dict[int, float] = {}  # threads -> the latest measured iterations per second
        self.seconds_at: dict[int, float] = {c: 0.0 for c in self.choices}  # threads -> seconds spent on it
        self.best_rate, self.warned = 0.0, False
        self._queue: list[int] = list(self.choices)  # thread counts still to time in this round
        self._mark: tuple[int, float] | None = None  # (step_count, time) where the current timing started
        self._last_round = -math.inf
        self._current = use_threads(self._queue[0])

    def __call__(self, trainer) -> None:
        now = time.perf_counter()
        if self._mark is None:
            self._mark = (trainer.step_count, now)
            return
        done, elapsed = trainer.step_count - self._mark[0], now - self._mark[1]
        if self._queue and (done >= self.probe or (done >= 1 and elapsed >= self.probe_seconds)):  # a probe finished
            self._record(done / elapsed, elapsed)
            self._queue.pop(0)
            if self._queue:
                self._switch(self._queue[0], trainer.step_count, now)
            else:  # round over: keep the faster
                self._last_round = now
                self._switch(max(self.rates, key=self.rates.get), trainer.step_count, now)
        elif not self._queue and done >= self.probe and now - self._mark[1] >= min(10.0, self.recheck_seconds):
            self._record(done / elapsed, elapsed)  # the running rate, for the warning
            self._mark = (trainer.step_count, now)
            if now - self._last_round >= self.recheck_seconds:  # time both counts again, current one last
                self._queue = [c for c in self.choices if c != self._current] + [self._current]
                self._switch(self._queue[0], trainer.step_count, now)

    def _record(self, rate: float, elapsed: float) -> None:
        self.rates[self._current] = rate
        self.seconds_at[self._current] += elapsed
        self.best_rate = max(self.best_rate, rate)
        fastest_now = max(self.rates.values())
        if not self.warned and not self._queue and fastest_now < self.slow_fraction * self.best_rate:
            self.warned = True
            self.say(f"Another program is using the CPU: this run is getting about {fastest_now / self.best_rate:.0%} of "
                     f"the iterations per second it reached earlier ({fastest_now:.1f} against {self.best_rate:.1f}). "
                     "Close other programs, or expect a weaker model from this budget.")

    def _switch(self, threads: int, step_count: int, now: float) -> None:
        self._current = use_threads(threads)
        self._mark = (step_count, now)

    def summary(self) -> str:
        """E.g. "threads: 1 for 80 % of the timed run, 2 for 20 %; latest it/s: 1 thread 48.2, 2 threads 55.1"."""
        total = sum(self.seconds_at.values()) or 1.0
        shares = ", ".join(f"{c} for {self.seconds_at[c] / total:.0%}" for c in self.choices)
        rates = ", ".join(f"{c} thread{'s' * (c > 1)} {r:.1f}" for c, r in sorted(self.rates.items()))
        return f"threads: {shares} of the timed run; latest it/s: {rates or 'not yet measured'}"
