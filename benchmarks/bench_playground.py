"""The GAN playground's speed: redraws per second while playing, key press -> visible effect, ring to 8/8 modes.

Browser rows: Voila and headless Chromium as in tests/test_playground_ui.py. While Play runs, the page counts
how often the figure's pixels change (requestAnimationFrame polling) over 10 s; then, paused and playing,
20 key presses each: Space on a layer checkbox until the figure's pixels change, and ArrowRight / ArrowLeft
on the lr_d slider until the overview strip shows the new rate. Training rows: the app's own Play frame
(train for its time budget, then redraw) with the default controls on the ring preset, without a browser,
3 seeds: seconds until 8/8 modes are captured, and until 8/8 with at least 80 % high-quality samples.
WGAN-GP rows (``python benchmarks/bench_playground.py wgan`` runs only these): the sample W1 readout on the ring
(model.w1_readout) before and after a fixed number of iterations, WGAN_SEEDS seeds, with the default controls and with
k_d = 5, lr_g = 1e-4 (the setting tests/test_playground.py trains), and the readout's own time.
Every row names the machine's cores and load average (other processes slow every figure down).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import launch, missing  # noqa: E402
from playground_server import Voila, canvas_pixels, open_playground, wait_for_new_pixels, wait_for_text, watch  # noqa: E402

N_EVENTS, PLAY_SECONDS, SEEDS, LIMIT_S = 20, 10.0, (0, 1, 2), 60.0
WGAN_SEEDS = range(6)
WGAN_SETTINGS = {"WGAN-GP, default controls": ({}, 3000), "WGAN-GP, k_d = 5, lr_g = 1e-4": ({"k_d": 5, "lr_g": 1e-4}, 800)}
COUNT_JS = """(seconds) => new Promise(done => {
  const canvas = () => Array.from(document.querySelectorAll('.jupyter-matplotlib-figure canvas'))
      .sort((a, b) => b.width * b.height - a.width * a.height)[0];
  let last = canvas().toDataURL(), changes = 0; const t0 = performance.now();
  const tick = () => { const now = canvas().toDataURL(); if (now !== last) { changes++; last = now; }
    if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(tick); else done(changes / seconds); };
  requestAnimationFrame(tick); })"""


def machine() -> str:
    return f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end"


def emit(name: str, figure: float, unit: str, against: str) -> None:
    print(json.dumps({"name": name, "figure": round(figure, 1), "unit": unit,
                      "compared_against": f"{against}; {machine()}"}), flush=True)


def key_latencies(page, playing: bool) -> dict[str, list[float]]:
    out = {"layer checkbox (Space) -> new pixels": [], "lr_d slider (arrow key) -> overview text": []}
    box = page.locator(".playground-layer-arrows input")
    for _ in range(N_EVENTS):
        before = canvas_pixels(page)
        box.focus()
        t0 = time.perf_counter()
        page.keyboard.press("Space")
        wait_for_new_pixels(page, before)
        out["layer checkbox (Space) -> new pixels"].append(1000 * (time.perf_counter() - t0))
    handle = page.locator(".playground-lr_d .noUi-handle").first
    for i in range(N_EVENTS):
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        handle.focus()
        t0 = time.perf_counter()
        page.keyboard.press(key)
        wait_for_text(page, ".playground-overview", "lr_d 1.3e-03" if key == "ArrowRight" else "lr_d 1.0e-03")
        out["lr_d slider (arrow key) -> overview text"].append(1000 * (time.perf_counter() - t0))
    return out


def browser_rows() -> None:
    reason = missing()
    if reason:
        print(f"browser rows skipped: {reason}", file=sys.stderr)
        return
    from playwright.sync_api import sync_playwright

    server = Voila(Path(tempfile.mkdtemp(prefix="gan-edu-playground-")))
    try:
        with sync_playwright() as p:
            chromium = launch(p)
            page = chromium.new_page(viewport={"width": 1280, "height": 1400})
            problems = watch(page)
            open_playground(page, server)
            for playing in (False, True):
                if playing:
                    page.click(".playground-play")
                    time.sleep(2)  # warm-up
                    rate = page.evaluate(COUNT_JS, PLAY_SECONDS)
                    emit(f"playground: redraws per second in the browser while playing (over {PLAY_SECONDS:.0f} s)",
                         rate, "1/s", "target >= 10")
                state = "playing" if playing else "paused"
                for what, times in key_latencies(page, playing).items():
                    print(f"{state} {what}: {[round(t) for t in times]}", file=sys.stderr)
                    emit(f"playground ({state}): {what}, median of {len(times)}", statistics.median(times), "ms",
                         "target < 150 ms")
            if problems:
                raise RuntimeError(f"page errors: {problems}")
            chromium.close()
    finally:
        server.stop()


def training_rows() -> None:
    os.environ.setdefault("MPLBACKEND", "agg")
    from gan_edu import toy_metrics
    from gan_edu.playground import Playground
    from gan_edu.training import sample_generator

    first, good, frames = [], [], []
    for seed in SEEDS:
        app = Playground()
        app.inputs["seed"].value = seed  # rebuilds the model with this seed
        t0, hit, hit_good = time.perf_counter(), None, None
        while time.perf_counter() - t0 < LIMIT_S and hit_good is None:
            app.frame()
            cover = toy_metrics.mode_coverage(sample_generator(app.trainer, 2000, seed=5), app.data.target)
            now = time.perf_counter() - t0
            if cover.modes_captured == 8 and hit is None:
                hit = now
            if cover.modes_captured == 8 and cover.high_quality >= 0.8:
                hit_good = now
        frames.append(len(app.redraw_times) and statistics.median(r for _, r in app.frame_seconds))
        print(f"seed {seed}: 8/8 after {hit} s, 8/8 with >= 80 % HQ after {hit_good} s, {app.trainer.step_count} "
              f"iterations, median redraw {1000 * frames[-1]:.0f} ms", file=sys.stderr)
        first.append(hit if hit is not None else float("inf"))
        good.append(hit_good if hit_good is not None else float("inf"))
    emit(f"playground, ring, default controls: seconds to 8/8 modes, slowest of {len(SEEDS)} seeds", max(first), "s",
         "target <= 60 s (Play frames incl. redraws, no browser)")
    emit(f"playground, ring: seconds to 8/8 modes with >= 80 % high quality, slowest of {len(SEEDS)} seeds",
         max(good), "s", "target <= 60 s")
    emit("playground: kernel time per redraw (agg, no browser), median", 1000 * statistics.median(frames), "ms",
         "one frame = 40 ms of training + this")


def wgan_rows() -> None:
    import math

    from gan_edu.playground import datasets, model

    ring = datasets.preset("ring")
    for name, (controls, iterations) in WGAN_SETTINGS.items():
        ratios = []
        for seed in WGAN_SEEDS:
            trainer = model.make_trainer(model.Controls(loss="WGAN-GP", seed=seed, **controls), ring.points)
            before, floor = model.w1_readout(trainer, ring.points)
            t0 = time.perf_counter()
            model.train_for(trainer, 1, math.inf, iterations)
            after = model.w1_readout(trainer, ring.points)[0]
            print(f"{name}, seed {seed}: sample W1 {before:.3f} -> {after:.3f} (x {after / before:.2f}) after {iterations} "
                  f"iterations ({time.perf_counter() - t0:.1f} s; two data samples read {floor:.3f})", file=sys.stderr)
            ratios.append(after / before)
        emit(f"playground, ring, {name}: sample W1 after {iterations} iterations / before, largest of "
             f"{len(WGAN_SEEDS)} seeds", max(ratios), "ratio", "< 1 means W1 fell on every seed")
        emit(f"playground, ring, {name}: the same ratio, smallest of {len(WGAN_SEEDS)} seeds", min(ratios), "ratio", "")
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        model.w1_readout(trainer, ring.points)
        times.append(1000 * (time.perf_counter() - t0))
    emit(f"playground: the W1 readout ({model.N_W1} + {model.N_W1} points, and the data's own floor), median of 20",
         statistics.median(times), "ms", "once a second while playing, at every redraw when paused")


if __name__ == "__main__":
    import torch

    torch.set_num_threads(1)
    if sys.argv[1:] == ["wgan"]:
        wgan_rows()
    else:
        training_rows()
        wgan_rows()
        browser_rows()
