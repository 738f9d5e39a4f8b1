#!/usr/bin/env python3
"""Set up and run the gan-edu course with nothing but Python >= 3.10.

    python course.py lab      # install everything into .venv, open the course in JupyterLab
    python course.py test     # install everything into .venv, run every test and notebook
    python course.py bench    # run the benchmarks and print a table
    python course.py figures  # regenerate figures/
    python course.py execute [NN ...]  # re-execute lessons (default all) in the classroom setting: outputs + stamp
    python course.py playground  # the GAN playground (a Voila app) in the browser, served on 127.0.0.1
    python course.py student [DIR]     # write the student edition (default student/), by nbgrader
    python course.py class-report DIR  # from nbgrader's autograded submissions in DIR: one HTML page of the class's mistakes
    python course.py wheelhouse DIR    # download every wheel the course installs into DIR (needs the network)
    python course.py lab --offline DIR # any command: install from the wheelhouse DIR alone (--no-index)

Extra arguments are passed on (to jupyter lab, pytest, or the benchmark runner).
Environment: GAN_EDU_TORCH (torch requirement to install, default the CPU-friendly
torch==2.13.0), GAN_EDU_VENV (where the virtual environment lives, default .venv),
GAN_EDU_FAST (1 = short CI setting; `test` defaults it to 1, everything else to 0),
GAN_EDU_WHEELS (a wheelhouse folder: the same as --offline DIR).
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
EXTRAS = "test,teacher"  # one environment for every command: test tools, and nbgrader for `student`


def run(*args: str | Path, **kw) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kw)


def make_venv() -> None:
    if sys.version_info < (3, 10):
        sys.exit(f"gan-edu needs Python >= 3.10 (this is {sys.version.split()[0]})")
    if not PY.exists():
        print(f"creating a virtual environment in {VENV}", flush=True)
        venv.create(VENV, with_pip=True)


def setup() -> None:
    """Create the venv and install torch (CPU build first), then the package with its extras.

    With GAN_EDU_WHEELS (or --offline DIR) set, pip installs from that wheelhouse alone.
    """
    make_venv()
    stamp = VENV / ".gan_edu-installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + TORCH.encode() + EXTRAS.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    wheels = os.environ.get("GAN_EDU_WHEELS")
    source = ["--no-index", "--find-links", Path(wheels).resolve()] if wheels else []
    has_torch = subprocess.run([str(PY), "-c", "import torch"], capture_output=True).returncode == 0
    if not has_torch:  # pinned first, so the resolver never pulls a multi-GB CUDA build
        run(PY, "-m", "pip", "install", *source, TORCH)
    run(PY, "-m", "pip", "install", *source, "-e", f"{ROOT}[{EXTRAS}]")
    stamp.write_text(want)


def wheelhouse(dest: Path, rest: list[str]) -> int:
    """Download torch, the package's dependencies and extras, and its build backend, as wheels, into ``dest``."""
    make_venv()
    run(PY, "-m", "pip", "download", "--only-binary=:all:", "--dest", dest, TORCH, f"{ROOT}[{EXTRAS}]",
        "setuptools>=64", *rest)
    print(f"wheelhouse: {len(list(dest.glob('*.whl')))} wheels in {dest.resolve()}; on a laptop of the same "
          f"OS, machine and Python version: python3 course.py lab --offline {dest}")
    return 0


def main(argv: list[str]) -> int:
    if "--offline" in argv:  # a setup option for any command: the same as GAN_EDU_WHEELS
        at = argv.index("--offline")
        if at + 1 >= len(argv):
            sys.exit("--offline needs a wheelhouse folder: python3 course.py lab --offline DIR")
        os.environ["GAN_EDU_WHEELS"] = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    if not argv or argv[0] not in {"lab", "test", "bench", "figures", "student", "wheelhouse", "playground", "execute",
                                    "class-report"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "wheelhouse":
        if not rest:
            sys.exit("wheelhouse needs a folder: python3 course.py wheelhouse DIR")
        return wheelhouse(Path(rest[0]), rest[1:])
    setup()
    if command in ("student", "class-report"):  # folders are relative to where the command was typed
        rest = [a if a.startswith("-") else str(Path(a).resolve()) for a in rest]
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if command == "lab":
        args = [PY, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT / 'notebooks'}", *rest]
    elif command == "test":
        env.setdefault("GAN_EDU_FAST", "1")
        env.setdefault("MPLBACKEND", "agg")
        # two workers; --dist loadscope keeps each notebook's cells (and the browser tests) on one worker
        args = [PY, "-m", "pytest", "-n", "2", "--dist", "loadscope", *rest]
    elif command == "playground":  # the Voila app of gan_edu.playground, on this machine only, in the browser
        # gan-edu's template (no CDN, accessible); a token in the URL; kernels of closed pages culled after 2 minutes
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "gan_edu" / "web"), env.get("JUPYTER_PATH")]))
        args = [PY, "-m", "voila", ROOT / "notebooks" / "playground.ipynb", "--Voila.ip=127.0.0.1", "--template=gan-edu",
                "--Voila.auto_token=True", "--MappingKernelManager.cull_idle_timeout=120",
                "--MappingKernelManager.cull_interval=30", "--MappingKernelManager.cull_connected=False", *rest]
    elif command == "execute":  # the one way stored outputs are refreshed (gan_edu/stored_outputs.py)
        args = [PY, "-m", "gan_edu.stored_outputs", *rest]
    elif command == "student":
        args = [PY, "-m", "gan_edu.student_edition", *rest]
    elif command == "class-report":
        args = [PY, "-m", "gan_edu.class_report", *rest]
    elif command == "bench":
        args = [PY, ROOT / "benchmarks" / "run.py", *rest]
    else:
        env.setdefault("MPLBACKEND", "agg")
        args = [PY, ROOT / "figures" / "make_figures.py", *rest]
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
