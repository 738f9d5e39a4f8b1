"""A lab with no network: build a wheelhouse, install a fresh venv from it alone, run lesson 00 there.

Slow (minutes) and it downloads the wheelhouse (about 400 MB) the first time, so it runs only when asked:

    GAN_EDU_SLOW=1 python3 course.py test -m slow -s

The wheelhouse is kept in <venv>/gan_edu-wheelhouse/<hash of pyproject.toml and the torch pin>/ and reused
while they do not change. The fresh venv sees no pip configuration (PIP_CONFIG_FILE=/dev/null), so
nothing but the wheelhouse can supply a package. ``-s`` shows the three timings.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TORCH = os.environ.get("GAN_EDU_TORCH", "torch==2.13.0")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.environ.get("GAN_EDU_SLOW") != "1",
                                 reason="downloads ~400 MB and takes minutes: GAN_EDU_SLOW=1 python3 course.py test -m slow")]


def course(*args: str, venv: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "GAN_EDU_WHEELS"}
    environ.update(GAN_EDU_VENV=str(venv), **env)
    return subprocess.run([sys.executable, str(ROOT / "course.py"), *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=3600)


@pytest.fixture(scope="module")
def wheelhouse():
    key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + TORCH.encode()).hexdigest()[:16]
    folder = Path(sys.prefix) / "gan_edu-wheelhouse" / key
    done = folder / ".complete"
    if not done.exists():
        t0 = time.perf_counter()
        result = course("wheelhouse", str(folder), venv=Path(sys.prefix))
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        size = sum(p.stat().st_size for p in folder.glob("*.whl")) / 1e6
        print(f"\nwheelhouse built in {time.perf_counter() - t0:.0f} s: {size:.0f} MB in {folder}")
        done.write_text("built by tests/test_wheelhouse.py\n")
    return folder


def test_the_wheelhouse_holds_only_wheels_torch_and_the_build_backend(wheelhouse):
    names = [p.name for p in wheelhouse.iterdir() if not p.name.startswith(".")]
    assert names and all(n.endswith(".whl") for n in names), [n for n in names if not n.endswith(".whl")]
    pin = TORCH.split("==")[-1]
    for wanted in (f"torch-{pin}", "setuptools-", "nbgrader-", "jupyterlab-", "pytest-"):
        assert any(n.startswith(wanted) for n in names), wanted


def test_a_fresh_venv_installs_from_the_wheelhouse_alone_and_runs_lesson_00(wheelhouse, tmp_path):
    venv = tmp_path / "venv"
    t0 = time.perf_counter()
    installed = course("test", "--offline", str(wheelhouse), "--version", venv=venv, PIP_CONFIG_FILE=os.devnull)
    t1 = time.perf_counter()
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert installed.stdout.count("pip install --no-index --find-links") == 2  # torch, then the package
    lesson = course("test", "notebooks/00_setup_check.ipynb", venv=venv, PIP_CONFIG_FILE=os.devnull)
    t2 = time.perf_counter()
    assert lesson.returncode == 0 and " passed" in lesson.stdout, lesson.stdout[-3000:] + lesson.stderr[-3000:]
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    versions = subprocess.run([str(python), "-c", "import torch, nbgrader; print(torch.__version__, nbgrader.__version__)"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert versions[0].split("+")[0] == TORCH.split("==")[-1]
    print(f"\noffline install (fresh venv, torch, package with extras): {t1 - t0:.0f} s; lesson 00: {t2 - t1:.0f} s; "
          f"torch {versions[0]}, nbgrader {versions[1]}")
