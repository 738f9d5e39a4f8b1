"""Wall time to execute each notebook top to bottom, classroom and CI settings.

Each run is a fresh kernel via `jupyter nbconvert --execute` (kernel start included),
with GAN_EDU_FAST=0 (classroom) and GAN_EDU_FAST=1 (CI). Rows go to stdout as JSON.
Usage: python benchmarks/bench_notebooks.py [lesson number ...]   (e.g. 07; default: all lessons)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# lesson prefix -> (classroom target, CI target) in seconds, from the issues
TARGETS = {"00": (30, 30), "01": (30, 30), "02": (30, 30), "03": (30, 30),
           "04": (120, 60), "05": (120, 60), "06": (120, 60), "07": (None, 120)}


def execute_seconds(path: Path, fast: str) -> float:
    env = dict(os.environ, GAN_EDU_FAST=fast, MPLBACKEND="agg")
    cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
           "--stdout", "--ExecutePreprocessor.timeout=1800", path.name]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=path.parent, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(lessons: list[str]) -> None:
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        if lessons and path.name[:2] not in lessons:
            continue
        targets = TARGETS.get(path.name[:2], (None, None))
        for setting, fast, target in (("classroom", "0", targets[0]), ("CI", "1", targets[1])):
            print(f"{path.name} ({setting}) ...", file=sys.stderr, flush=True)
            seconds = execute_seconds(path, fast)
            goal = f"target <= {target} s" if target else "classroom default trains for <= 5 min"
            print(json.dumps({"name": f"notebook {path.stem} ({setting})", "figure": round(seconds, 1),
                              "unit": "s", "compared_against": goal}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
