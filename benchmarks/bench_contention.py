"""Training speed on a busy laptop: iterations per second idle and beside 1 and 2 busy processes, old policy against new.

Workloads: lesson 09's MNIST classroom step (pretrain.RECIPES["classroom"]) and lesson 05's 2-D step (toy2d, the grid,
"recommended"). A busy process is another Python process spinning on one core (`while True: pass`), as a video, a second
kernel or the browser would. Policies:
- MNIST: the old one, 2 torch threads throughout (what lesson 09 and `pretrain` used), against the new one,
  `settings.AdaptiveThreads` (start on 1 thread, time 1 and 2, keep the faster, re-check every 60 s);
- 2-D: 1 thread (old and new) against 2 threads.
Each row is the iterations per second over `--seconds` (default 20) after a short warm-up, and its share of the same
policy's idle rate and of the old policy's idle rate, all measured in this one run. The header row is this machine's
sgemm GFLOP/s at 2 threads and the load average before the run.
Usage: python benchmarks/bench_contention.py [--seconds S]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from gan_edu import pretrain, settings, toy2d  # noqa: E402
from gan_edu.distributions import grid  # noqa: E402

SPIN = "while True: pass"


def emit(name: str, figure, unit: str, compared_against: str = "") -> None:
    print(json.dumps({"name": name, "figure": figure, "unit": unit, "compared_against": compared_against}), flush=True)


def busy(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(n)]


def rate(trainer, seconds: float, callbacks=()) -> float:
    """Iterations per second of ``trainer`` over ``seconds`` of training, after a 2-second warm-up."""
    trainer.run(budget_seconds=trainer.elapsed_seconds + 2.0, callbacks=list(callbacks), progress=False)
    n0, t0 = trainer.step_count, trainer.elapsed_seconds
    trainer.run(budget_seconds=t0 + seconds, callbacks=list(callbacks), progress=False)
    return (trainer.step_count - n0) / (trainer.elapsed_seconds - t0)


def mnist(policy: str):
    trainer = pretrain.make_trainer(pretrain.RECIPES["classroom"], pretrain.training_images()[:10_000])
    if policy == "old: 2 threads":
        settings.use_threads(2)
        return trainer, []
    return trainer, [settings.AdaptiveThreads(say=lambda text: print(text, file=sys.stderr))]


def grid_2d(policy: str):
    settings.use_threads(1 if policy.startswith("1") else 2)
    return toy2d.make_trainer(grid(), "recommended"), []


WORKLOADS = {"MNIST classroom step": (mnist, ["old: 2 threads", "new: AdaptiveThreads"]),
             "2-D grid step": (grid_2d, ["1 thread (old and new)", "2 threads"])}


def main(argv: list[str]) -> None:
    seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 20.0
    load = os.getloadavg()
    gflops = settings.sgemm_gflops(threads=2, repeats=20)
    print(f"machine: {os.cpu_count()} cores, sgemm {gflops:.0f} GFLOP/s at 2 threads, load average before {load[0]:.2f}",
          file=sys.stderr, flush=True)
    emit("machine: torch sgemm 2048², 2 threads", round(gflops), "GFLOP/s", f"{os.cpu_count()} cores; load average "
         f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} before the run")
    for workload, (make, policies) in WORKLOADS.items():
        idle = {}
        for n_busy in (0, 1, 2):
            spinners = busy(n_busy)
            try:
                time.sleep(0.5)
                for policy in policies:
                    trainer, callbacks = make(policy)
                    it_s = rate(trainer, seconds, callbacks)
                    idle.setdefault(policy, it_s) if n_busy == 0 else None
                    note = ", ".join(f"{it_s / idle[p]:.2f} of {p} idle" for p in dict.fromkeys([policy, policies[0]]))
                    if callbacks:
                        note += f"; {callbacks[0].summary()}"
                    emit(f"{workload}, {policy}, beside {n_busy} busy process{'es' * (n_busy != 1)}", round(it_s, 1),
                         "it/s", note)
            finally:
                for p in spinners:
                    p.kill()
                    p.wait()


if __name__ == "__main__":
    main(sys.argv[1:])
