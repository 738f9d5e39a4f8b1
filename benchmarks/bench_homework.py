"""The homework path where students run it: lesson 09 with TRAIN_FROM_SCRATCH = True in JupyterLab in Chromium, against
the command line, for the same budget.

JupyterLab and headless Debian Chromium start as in tests/test_ui.py, in the classroom setting, over a copy of the lessons
whose lesson 09 has TRAIN_FROM_SCRATCH = True and MINUTES = the budget (gan_edu.stored_outputs.with_settings). The
notebook runs top to bottom as a student's Run All does, and the iterations its training cell printed are read back. Then
`python -m gan_edu.pretrain classroom --minutes M` trains the same recipe for the same budget (threads `auto`, as the
lesson). Rows: the iterations of each, and their ratio (goal >= 0.9), with sgemm and the load average. `--busy N` keeps N
busy processes spinning beside both runs.
Usage: python benchmarks/bench_homework.py [--minutes M] [--busy N]   (default 1 minute, 0 busy processes)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from browser import Lab, launch, missing, open_notebook, run_all  # noqa: E402

from gan_edu import settings, stored_outputs  # noqa: E402

LESSON = "09_mnist_gan.ipynb"
ITERATIONS = re.compile(r"budget \d+ s: ([\d,]+) iterations in")
OUTPUT_TEXT_JS = """() => Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)
  .flatMap(c => c.type === 'code' ? c.outputs.toJSON() : [])
  .map(o => [].concat(o.text || (o.data && o.data['text/plain']) || []).join('')).join('\\n')"""


def emit(name: str, figure, unit: str, compared_against: str = "") -> None:
    print(json.dumps({"name": name, "figure": figure, "unit": unit, "compared_against": compared_against}), flush=True)


def in_browser(minutes: float) -> int:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="gan-edu-homework-"))
    lab = Lab(workdir, fast=False)
    try:
        copy = lab.root / LESSON
        nb = stored_outputs.with_settings(json.loads(copy.read_text()), {"TRAIN_FROM_SCRATCH": True, "MINUTES": minutes})
        copy.write_text(json.dumps(nb))
        with sync_playwright() as p:
            page = launch(p).new_page(viewport={"width": 1280, "height": 900})
            open_notebook(page, lab, LESSON)
            errors = run_all(page, timeout_s=60 * minutes + 600)
            if errors:
                raise RuntimeError(f"{LESSON} in the browser: {errors[:3]}")
            found = ITERATIONS.search(page.evaluate(OUTPUT_TEXT_JS))
    finally:
        lab.stop()
    if not found:
        raise RuntimeError(f"{LESSON} printed no 'budget ... iterations' line")
    return int(found[1].replace(",", ""))


def on_the_command_line(minutes: float) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run([sys.executable, "-m", "gan_edu.pretrain", "classroom", "--minutes", str(minutes), "--out",
                              str(Path(folder) / "g.pt")], cwd=folder, capture_output=True, text=True, check=True).stdout
    found = re.search(r"([\d,]+) iterations in", out)
    return int(found[1].replace(",", ""))


def main(argv: list[str]) -> None:
    reason = missing()
    if reason:
        print(f"skipped: {reason}", file=sys.stderr)
        return
    minutes = float(argv[argv.index("--minutes") + 1]) if "--minutes" in argv else 1.0
    n_busy = int(argv[argv.index("--busy") + 1]) if "--busy" in argv else 0
    load, gflops = os.getloadavg(), settings.sgemm_gflops(threads=2, repeats=20)
    emit("machine: torch sgemm 2048², 2 threads", round(gflops), "GFLOP/s",
         f"{os.cpu_count()} cores; load average {load[0]:.2f} before the run; {n_busy} busy processes beside both runs")
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n_busy)]
    try:
        browser = in_browser(minutes)
        cli = on_the_command_line(minutes)
    finally:
        for p in spinners:
            p.kill()
    emit(f"lesson 09 from scratch in JupyterLab + Chromium, {minutes:g} min", browser, "iterations")
    emit(f"python -m gan_edu.pretrain classroom --minutes {minutes:g}", cli, "iterations")
    emit("browser / command line, same budget", round(browser / cli, 2), "ratio", "goal >= 0.9")


if __name__ == "__main__":
    main(sys.argv[1:])
