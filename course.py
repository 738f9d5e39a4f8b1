#!/usr/bin/env python3
"""Set up and run the gan-edu course with nothing but Python >= 3.10.

    python course.py lab      # install everything into .venv, open the course in JupyterLab
    python course.py test     # install everything into .venv, run every test and notebook
    python course.py bench    # run the benchmarks and print a table
    python course.py figures  # regenerate figures/

Extra arguments are passed on (to jupyter lab, pytest, or the benchmark runner).
Environment: GAN_EDU_TORCH (torch requirement to install, default the CPU-friendly
torch==2.13.0), GAN_EDU_VENV (where the virtual environment lives, default .venv),
GAN_EDU_FAST (1 = short CI setting; `test` defaults it to 1, everything else to 0).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("GAN_EDU_VENV", ROOT / ".venv"))
TORCH = os.environ.get("GAN_EDU_TORCH", "torch==2.13.0")
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | Path, **kw) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kw)


def setup() -> None:
    """Create the venv and install torch (CPU build first), then the package with tests."""
    if sys.version_info < (3, 10):
        sys.exit(f"gan-edu needs Python >= 3.10 (this is {sys.version.split()[0]})")
    if not PY.exists():
        print(f"creating a virtual environment in {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".gan_edu-installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + TORCH.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    has_torch = subprocess.run([str(PY), "-c", "import torch"], capture_output=True).returncode == 0
    if not has_torch:  # pinned first, so the resolver never pulls a multi-GB CUDA build
        run(PY, "-m", "pip", "install", TORCH)
    run(PY, "-m", "pip", "install", "-e", f"{ROOT}[test]")
    stamp.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test", "bench", "figures"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if command == "lab":
        args = [PY, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT / 'notebooks'}", *rest]
    elif command == "test":
        env.setdefault("GAN_EDU_FAST", "1")
        env.setdefault("MPLBACKEND", "agg")
        # two workers; --dist loadscope keeps each notebook's cells (and the browser tests) on one worker
        args = [PY, "-m", "pytest", "-n", "2", "--dist", "loadscope", *rest]
    elif command == "bench":
        args = [PY, ROOT / "benchmarks" / "run.py", *rest]
    else:
        env.setdefault("MPLBACKEND", "agg")
        args = [PY, ROOT / "figures" / "make_figures.py", *rest]
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
