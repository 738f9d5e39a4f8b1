"""Slider latency in the kernel: changed value -> redrawn figure, median over 50 updates.

Each lesson notebook is executed in a real kernel (its own `%matplotlib widget` backend); then
every SliderPanel it created has its first slider moved 50 times, timing `slider.value = v`,
which runs the update, the blit of the moving artists and (under ipympl) the PNG diff. For comparison, in
one run: the same lesson-02 picture re-created as `interact` does (new figure + PNG).
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PROBE = r'''
import gc, json, statistics, time
from gan_edu.sliders import SliderPanel
for panel in [o for o in gc.get_objects() if isinstance(o, SliderPanel)]:
    name, control = next(iter(panel.sliders.items()))
    values = np.linspace(control.min, control.max, 50)
    values = np.where(np.isclose(values, control.value), (control.min + control.max) / 2, values)
    times = []
    for v in values:
        t0 = time.perf_counter()
        control.value = float(v)  # runs the update and the blit (and, under ipympl, the PNG diff)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"slider": control.description, "ms": 1000 * statistics.median(times)}))
'''


def lesson_rows(path: Path) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def recreate_ms(n: int = 50) -> tuple[float, float]:
    """Lesson-02 density picture: a SliderPanel move (blit) vs new figure + PNG, medians in ms."""
    import matplotlib
    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from gan_edu import game, game_plots
    from gan_edu.distributions import GaussianMixture
    from gan_edu.sliders import SliderPanel, slider

    x = np.linspace(-5, 5, 201)
    p_data = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])

    def curves(mean):
        p_g = GaussianMixture([1.0], [mean], [1.0])
        return {"p_data": p_data.pdf(x), "p_g": p_g.pdf(x), "d_star": game.optimal_discriminator(p_data.pdf(x), p_g.pdf(x))}

    fig, ax = game_plots.new_figure()
    lines = game_plots.density_lines(ax, x, curves(0.0))
    panel = SliderPanel(fig, {"mean": slider("mean", 0.0, -3.0, 3.0)},
                        lambda mean: [game_plots.set_curve(lines[k], y) for k, y in curves(mean).items()])
    in_place, recreate = [], []
    for mean in np.linspace(-3, 3, n):
        t0 = time.perf_counter()
        panel.sliders["mean"].value = float(mean)
        in_place.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        new, new_ax = game_plots.new_figure()
        game_plots.density_lines(new_ax, x, curves(mean))
        new.savefig(io.BytesIO(), format="png")
        plt.close(new)
        recreate.append(time.perf_counter() - t0)
    return 1000 * statistics.median(in_place), 1000 * statistics.median(recreate)


def main() -> None:
    for path in sorted(NOTEBOOKS.glob("0[1-3]_*.ipynb")):
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        for row in lesson_rows(path):
            print(json.dumps({"name": f"slider latency {path.stem[:2]} '{row['slider']}'", "figure": round(row["ms"], 1),
                              "unit": "ms (median of 50)", "compared_against": "target <= 50 ms"}), flush=True)
    in_place, recreate = recreate_ms()
    print(json.dumps({"name": "lesson-02 picture, SliderPanel move (Agg)", "figure": round(in_place, 1), "unit": "ms (median of 50)",
                      "compared_against": f"re-created as interact does: {recreate:.1f} ms ({recreate / in_place:.1f}x slower)"}))


if __name__ == "__main__":
    main()
