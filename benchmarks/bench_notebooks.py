"""Wall time to execute each notebook top to bottom, classroom and CI settings.

Each run is a fresh kernel via `gan_edu.stored_outputs.execute`, the code behind `course.py execute` (kernel start included),
with GAN_EDU_FAST=0 (classroom) and GAN_EDU_FAST=1 (CI). Rows go to stdout as JSON; the header row is this machine's
torch sgemm GFLOP/s at 2 threads, and each row gives the time scaled to the slow host (settings.SLOW_HOST_GFLOPS)
beside it, assuming time goes as 1 / GFLOP/s.
Usage: python benchmarks/bench_notebooks.py [lesson number ...]   (e.g. 07; default: all lessons)
"""

from __future__ import annotations

import json
import os
import tempfile
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))
from gan_edu import settings, stored_outputs  # noqa: E402

# lesson prefix -> (classroom target, CI target) in seconds, from the issues: lessons 00-03 within 30 s, the rest
# within 2 minutes in class and 60 s under CI
TARGETS = {f"{n:02d}": (30, 30) if n <= 3 else (120, 60) for n in range(11)}


def execute_seconds(path: Path, fast: str) -> float:
    """One top-to-bottom run in a fresh kernel and folder, as `course.py execute` does; the lesson file is left alone."""
    with tempfile.TemporaryDirectory() as folder:
        return stored_outputs.execute(path, fast=fast == "1", out=Path(folder) / path.name)


def main(lessons: list[str]) -> None:
    gflops = settings.sgemm_gflops(threads=2, repeats=20)
    slow = settings.SLOW_HOST_GFLOPS / gflops
    print(f"machine: {os.cpu_count()} cores, torch sgemm 2048² at 2 threads {gflops:.0f} GFLOP/s", file=sys.stderr, flush=True)
    print(json.dumps({"name": "machine: torch sgemm 2048², 2 threads", "figure": round(gflops), "unit": "GFLOP/s",
                      "compared_against": f"slow host {settings.SLOW_HOST_GFLOPS:.0f}"}), flush=True)
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        if lessons and path.name[:2] not in lessons:
            continue
        targets = TARGETS.get(path.name[:2], (None, None))
        for setting, fast, target in (("classroom", "0", targets[0]), ("CI", "1", targets[1])):
            print(f"{path.name} ({setting}) ...", file=sys.stderr, flush=True)
            seconds = execute_seconds(path, fast)
            goal = f"target <= {target} s; ≈ {seconds / slow:.0f} s on the slow host" if target else ""
            print(json.dumps({"name": f"notebook {path.stem} ({setting})", "figure": round(seconds, 1),
                              "unit": "s", "compared_against": goal}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
