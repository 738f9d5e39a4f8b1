"""Slider latency as a student sees it: key press on a slider -> new pixels in the figure, in headless Chromium.

JupyterLab and Chromium are started as in tests/test_ui.py (CI setting, so the lessons run quickly);
each lesson is run top to bottom, then its slider is moved 20 times (back and forth with the arrow keys,
so it stays in range) and each move is timed until a matplotlib canvas shows new pixels.
Rows: median and slowest move per slider. Needs Debian's chromium and playwright (skipped otherwise).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import Lab, launch, missing, move_slider, open_notebook, run_all, slider_handle  # noqa: E402

N_MOVES = 20
SLIDERS = [("02_optimal_discriminator.ipynb", "G mean 1", "ArrowRight", "SliderPanel: blit of the moving lines"),
           ("05_training_in_2d_and_mode_collapse.ipynb", "iteration", "ArrowLeft", "scrubber: full redraw of a 2-D panel")]
BACK = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}


def main() -> None:
    reason = missing()
    if reason:
        print(f"skipped: {reason}", file=sys.stderr)
        return
    from playwright.sync_api import sync_playwright

    lab = Lab(Path(tempfile.mkdtemp(prefix="gan-edu-bench-")))
    try:
        with sync_playwright() as p:
            chromium = launch(p)
            for lesson, label, first_key, what in SLIDERS:
                page = chromium.new_page(viewport={"width": 1280, "height": 900})
                root = open_notebook(page, lab, lesson)
                errors = run_all(page, timeout_s=300)
                if errors:
                    raise RuntimeError(f"{lesson}: {errors}")
                handle = slider_handle(page, root, label)
                move_slider(page, root, handle, key=first_key)  # warm-up
                times = []
                for i in range(N_MOVES):
                    key = BACK[first_key] if i % 2 == 0 else first_key  # back and forth, so it stays in range
                    times.append(1000 * move_slider(page, root, handle, key=key))
                    time.sleep(0.1)
                print(f"{lesson} {label!r}: {[round(t) for t in times]}", file=sys.stderr)
                for stat, value in (("median", statistics.median(times)), ("slowest", max(times))):
                    print(json.dumps({"name": f"browser slider -> new pixels, {lesson[:2]} {label!r} ({what}), {stat} "
                                              f"of {N_MOVES}", "figure": round(value, 1), "unit": "ms",
                                      "compared_against": "notes: inline+interact 280-330 ms, ipympl 170-370 ms"}),
                          flush=True)
                page.close()
            chromium.close()
    finally:
        lab.stop()


if __name__ == "__main__":
    main()
