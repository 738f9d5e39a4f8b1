"""The playground app: data, model and training controls, Play / Pause / Step, slow motion, layers, readouts.

``Playground()`` displays the whole app (the Voila notebook notebooks/playground.ipynb is that one line).
Its methods ``frame()``, ``step()`` and the widgets' values can be driven without a browser, as the tests do.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import html
import json
import math
import time
import traceback
from dataclasses import replace
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import display

from .. import a11y, toy_metrics
from ..training import sample_generator
from . import datasets, model, views
from .datasets import Dataset, Setup

__all__ = ["Playground", "lessons", "lessons_line"]

LESSONS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
KEYS_LINE = "Keys: Space plays or pauses, S steps (when no text box has the focus); Tab moves between controls."
RECORD_EVERY, RECORD_POINTS, MAX_FRAMES = 50, 200, 400  # compare slot: a frame per 50 iterations, 200 fakes each
SLOW_SECONDS = 0.8  # while playing in slow motion, one half-iteration per 0.8 s
_INT_CONTROLS = ("g_depth", "g_width", "d_depth", "d_width", "z_dim", "k_d", "k_g", "batch_size", "seed")


def lessons(folder: Path = LESSONS_DIR) -> dict[str, str]:
    """Lesson number -> title, read from the lesson files' first heading (notebooks/NN_slug.ipynb)."""
    found = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        heading = next((line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()
                        if line.startswith("# ")), "# " + path.stem[3:].replace("_", " "))
        found[path.name[:2]] = heading[2:].split(":", 1)[-1].strip() if ":" in heading else heading[2:].strip()
    return found


def lessons_line(titles: dict[str, str]) -> str:
    """The footer: every lesson, numbered as its file is."""
    listed = " · ".join(f"{n} {html.escape(t)}" for n, t in titles.items())
    return ("The ideas behind this page are derived in the lessons (open them with <code>python3 course.py lab</code>): "
            f"{listed}.")


def _help(name: str, titles: dict[str, str]) -> str:
    sentence, lesson = model.HELP[name]
    title = f" ({titles[lesson]})" if lesson in titles else ""  # a lesson being written has no file, so no title yet
    return f"{name}: {sentence} Allowed: {model.limits(name)}. Taught in lesson {lesson}{title}."


class Playground:
    """GAN Lab's live 2-D view on the course's Trainer; see the module docstring."""

    def __init__(self, setup: Setup | None = None, train_seconds: float = 0.04, min_frame_seconds: float = 0.05):
        self.train_seconds, self.min_frame_seconds, self._task = train_seconds, min_frame_seconds, None
        torch.set_num_threads(1)  # these networks are small: one thread is fastest, and it leaves a core to the browser
        self.controls, self.data = model.Controls(), datasets.preset("ring")
        self.frames: list[dict] = []  # this run, for "keep run for compare" and "save setup"
        self.compare: tuple[str, list[dict]] | None = None
        self.redraw_times: collections.deque = collections.deque(maxlen=30)
        self.frame_seconds: collections.deque = collections.deque(maxlen=30)  # (training, redraw) per Play frame
        self.errors: list[str] = []  # unexpected exceptions in callbacks (also shown on the page)
        self._phase, self._d_result, self._last_slow, self._last_distances = "D", None, 0.0, (-math.inf, None)
        self._quiet, self._replace_on_draw, self._stroke = False, False, 0
        self._build_widgets()
        with plt.ioff():
            self.fig = plt.figure(figsize=(14, 10), dpi=72)  # the main view is at least half of a 1280-pixel page
        canvas = self.fig.canvas
        if isinstance(canvas, widgets.DOMWidget):  # ipympl
            for name in ("header_visible", "toolbar_visible", "footer_visible", "resizable"):
                setattr(canvas, name, False)
            # ipympl 0.10 stores a static picture as bare base64, which Voila's page loads as a URL (403, a broken
            # image, no figure); without it the page asks the kernel for the first picture when it connects
            canvas.syncing_data_url = False
        self.view = views.PlaygroundView(self.fig, self.data.points, views.view_limits(self.data.points))
        canvas.mpl_connect("button_press_event", self._guard(self._on_mouse))
        canvas.mpl_connect("motion_notify_event", self._guard(self._on_mouse))
        self.rebuild()
        if setup is not None:
            self.load(setup)

    # ----- widgets -----
    def _build_widgets(self) -> None:
        w, c, g = widgets, self.controls, self._guard
        self.titles = lessons()
        small = {"layout": w.Layout(width="170px"), "style": {"description_width": "80px"}}
        helps = {name: _help(name, self.titles) for name in model.HELP}
        self.inputs = {name: w.IntText(value=getattr(c, name), description=name, tooltip=helps[name], **small)
                       for name in _INT_CONTROLS}
        self.inputs.update(
            z_dist=w.Dropdown(options=model.CHOICES["z_dist"], value=c.z_dist, description="z_dist", tooltip=helps["z_dist"],
                              **small),
            loss=w.Dropdown(options=model.CHOICES["loss"], value=c.loss, description="loss", tooltip=helps["loss"],
                            layout=w.Layout(width="260px"), style={"description_width": "80px"}),
            optimizer=w.Dropdown(options=model.CHOICES["optimizer"], value=c.optimizer, description="optimizer",
                                 tooltip=helps["optimizer"], **small),
            r1_gamma=w.FloatText(value=c.r1_gamma, description="R1 γ", tooltip=helps["r1_gamma"], **small),
            gp_lambda=w.FloatText(value=c.gp_lambda, description="GP λ", tooltip=helps["gp_lambda"], **small),
            **{name: w.FloatLogSlider(value=getattr(c, name), base=10, min=-5, max=0, step=0.1, description=name,
                                      readout_format=".1e", continuous_update=False, tooltip=helps[name])
               for name in ("lr_d", "lr_g")})
        for name, control in self.inputs.items():
            control.add_class(f"playground-{name}")
            control.observe(g(lambda change, name=name: self._on_control(name, change)), names="value")
        self.preset = w.Dropdown(options=datasets.PRESETS, value="ring", description="data", **small,
                                 tooltip="data: a preset point cloud to train on; ring and grid are the mixtures of lesson 05.")
        self.preset.observe(g(lambda ch: self.set_data(datasets.preset(ch["new"], seed=self.controls.seed))), names="value")
        limit = f"at most {datasets.MAX_POINTS:,} points, {datasets.MAX_UPLOAD_BYTES / 1e6:g} MB"
        self.draw = w.ToggleButton(value=False, description="✎ draw points",
                                   tooltip="draw points: click or drag on the main plot to add data points.")
        self.clear = w.Button(description="clear data", tooltip="clear data: your next stroke replaces the data.")
        self.csv = w.FileUpload(accept=".csv,.txt", multiple=False, description="load CSV",
                                tooltip=f"load CSV: a file of x,y lines, {limit}.")
        self.upload_limit = w.Label(f"CSV: {limit}")
        self.save = w.Button(description="save setup", tooltip="save setup: data, every control and the run, as JSON.")
        self.setup_file = w.FileUpload(accept=".json", multiple=False, description="load setup",
                                       tooltip=f"load setup: a JSON file saved here, {limit}.")
        self.keep = w.Button(description="keep run for compare",
                             tooltip="keep run for compare: replay this run in the compare slot beside the next one.")
        self.download = w.HTML()
        self.play = w.ToggleButton(value=False, description="Play",
                                   tooltip="Play / Pause (Space): train and redraw continuously (Algorithm 1, lesson 04).")
        self.step_button = w.Button(description="Step", tooltip="Step (S): one iteration; in slow motion one half of it.")
        self.slow = w.ToggleButton(value=False, description="slow motion",
                                   tooltip="slow motion: split each iteration into its D update and its G update (lesson 04).")
        self.reset = w.Button(description="reset model", tooltip="reset model: new weights from the seed, iteration 0.")
        self.layer_boxes = {name: w.Checkbox(value=True, description=name, indent=False, layout=w.Layout(width="95px"),
                                             tooltip=f"show or hide the {name} layer: {views.LAYER_HELP[name]}")
                            for name in views.LAYERS}
        self.overview, self.readouts, self.message, self.error = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        self.caption, self.compare_caption = w.HTML(), w.HTML()
        self.description = a11y.live(w.HTML())  # one line a screen reader announces: what the figure shows now
        self.help = w.HTML("Hover over a control, or move to it with Tab, to read what it does.")
        self.help.add_class("gan-edu-help")
        self._described = -math.inf
        for control, name in ((self.draw, "draw"), (self.clear, "clear"), (self.csv, "csv"), (self.save, "save"),
                              (self.setup_file, "setup-file"), (self.keep, "keep"), (self.download, "download"),
                              (self.play, "play"), (self.step_button, "step"), (self.slow, "slow"), (self.reset, "reset"),
                              (self.overview, "overview"), (self.readouts, "readouts"), (self.message, "message"),
                              (self.error, "error"), (self.preset, "preset"), (self.caption, "caption"),
                              (self.compare_caption, "compare-caption"), (self.description, "description"),
                              (self.help, "help")):
            control.add_class(f"playground-{name}")
        for name, box in self.layer_boxes.items():
            box.add_class(f"playground-layer-{name}")
            box.observe(g(lambda ch, name=name: self._on_layer(name, ch["new"])), names="value")
        self.play.observe(g(lambda ch: self._on_play(ch["new"])), names="value")
        self.step_button.on_click(g(lambda _b: self.step()))
        self.slow.observe(g(lambda ch: self._finish_half_iteration() if not ch["new"] else None), names="value")
        self.reset.on_click(g(lambda _b: self.rebuild()))
        self.clear.on_click(g(lambda _b: self._clear_data()))
        self.csv.observe(g(lambda ch: self._on_upload(ch, self._load_csv)), names="value")
        self.setup_file.observe(g(lambda ch: self._on_upload(ch, lambda text, name: self.load(datasets.load_setup(text)))),
                                names="value")
        self.save.on_click(g(lambda _b: self._save()))
        self.keep.on_click(g(lambda _b: self._keep()))

    def _guard(self, fn):
        """Run a callback; a bad value (ValueError) or a diverged run becomes a message, anything else an error box."""
        def wrapper(*args):
            try:
                return fn(*args)
            except (ValueError, FloatingPointError) as err:
                self.play.value = False
                self.message.value = f"<span style='color:#b00000'>{html.escape(str(err))}</span>"
            except Exception:  # a bug: show it, keep it for the tests
                self.errors.append(traceback.format_exc())
                self.error.value = f"<pre style='color:#b00000'>{html.escape(self.errors[-1])}</pre>"
        return wrapper

    # ----- controls and data -----
    def _on_control(self, name: str, change: dict) -> None:
        if self._quiet:
            return
        try:
            self.controls = replace(self.controls, **{name: model.check(name, change["new"])})
        except ValueError:
            self._quiet = True
            self.inputs[name].value = change["old"]  # keep the last good value in the box
            self._quiet = False
            raise
        self.message.value = ""
        if name == "loss":
            self._loss_since = self.trainer.step_count  # the bound readout averages this loss's bounds only
        if name in model.ARCHITECTURE:
            self.rebuild()
        else:
            model.apply_live(self.trainer, self.controls)
            self.overview.value = views.overview_html(self.controls, self._stats(), self.titles)

    def _on_layer(self, name: str, visible: bool) -> None:
        self.view.set_layer(name, visible)
        self.view.blit()

    def rebuild(self) -> None:
        """A fresh model from the controls (iteration 0), keeping the data and the compare slot."""
        self.trainer = model.make_trainer(self.controls, self.data.points)
        self.frames, self._phase, self._last_distances, self._loss_since = [], "D", (-math.inf, None), 0
        self.redraw()

    def set_data(self, data: Dataset, reset: bool = True) -> None:
        """Train on ``data`` from now on: a fresh model (``reset``) or the running one (drawing)."""
        self.data, self.message.value = data, ""
        self.view.set_real(data.points)
        limits = views.view_limits(data.points)
        if limits > self.view.limits or not reset:
            self.view.set_limits(max(limits, self.view.limits) if not reset else limits)
        elif reset and limits != self.view.limits:
            self.view.set_limits(limits)
        if reset:
            self.rebuild()
        else:
            self.trainer.sample_real = datasets.torch_sampler(data.points)
            self._last_distances = (-math.inf, None)
            self.redraw()

    def _clear_data(self) -> None:
        self._replace_on_draw, self.draw.value = True, True
        self.message.value = "Draw on the plot: your first stroke replaces the data."

    def _on_mouse(self, event) -> None:
        if not self.draw.value or event.inaxes is not self.view.ax or event.xdata is None:
            return
        if event.name == "motion_notify_event" and not event.button:
            return
        self._stroke += 1
        new = datasets.draw_points((event.xdata, event.ydata), n=10, seed=self._stroke)
        points = new if self._replace_on_draw else np.vstack([self.data.points, new])[-datasets.MAX_POINTS:]
        self._replace_on_draw = False
        self.set_data(Dataset("drawn", points), reset=False)

    def _on_upload(self, change: dict, handler) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            if len(item["content"]) > datasets.MAX_UPLOAD_BYTES:
                raise ValueError(f"{item['name']} has {len(item['content']):,} bytes; files of at most "
                                 f"{datasets.MAX_UPLOAD_BYTES:,} bytes ({datasets.MAX_POINTS:,} points) are accepted")
            handler(bytes(item["content"]).decode("utf-8-sig"), item["name"])
        except UnicodeDecodeError:
            raise ValueError(f"{item['name']} is not a UTF-8 text file") from None
        finally:
            self._quiet_clear(change["owner"])

    def _quiet_clear(self, upload: widgets.FileUpload) -> None:
        upload.value = ()  # so the same file can be chosen again

    def _load_csv(self, text: str, name: str) -> None:
        try:
            points = datasets.load_csv(text)
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None
        self.set_data(Dataset(f"CSV {name}", points))
        self.message.value = f"loaded {len(points)} points from {html.escape(name)}"

    # ----- setups and the compare slot -----
    def setup(self) -> Setup:
        return Setup(self.data, self.controls.as_dict(), list(self.frames))

    def _save(self) -> None:
        payload = base64.b64encode(datasets.save_setup(self.setup()).encode()).decode()
        self.download.value = (f"<a download='playground-setup.json' href='data:application/json;base64,{payload}'>"
                               f"⤓ download playground-setup.json (iteration {self.trainer.step_count})</a>")

    def load(self, setup: Setup) -> None:
        """Restore a setup's data and controls exactly (a fresh model); its recorded run goes to the compare slot."""
        controls = model.Controls.from_dict(setup.controls)
        self._quiet = True
        try:
            for name, value in controls.as_dict().items():
                self.inputs[name].value = value
        finally:
            self._quiet = False
        self.controls = controls
        if setup.run:
            self.compare = (f"saved run of {setup.data.name}", setup.run)
        self.set_data(setup.data)
        self.message.value = f"setup loaded: {html.escape(setup.data.name)}, {len(setup.data.points)} points"

    def _keep(self) -> None:
        self.compare = (f"kept run ({self.controls.loss})", list(self.frames))
        self.redraw()

    def _compare_frame(self) -> tuple[dict | None, str]:
        if not self.compare or not self.compare[1]:
            return None, "compare: no saved run (keep one, or load a setup)"
        label, frames = self.compare
        now = self.trainer.step_count
        frame = max((f for f in frames if f["step"] <= now), key=lambda f: f["step"], default=frames[0])
        jsd = "" if frame.get("jsd") is None else f", JSD {frame['jsd']:.3f}"
        w1 = "" if frame.get("w1") is None else f", W1 {frame['w1']:.3f}"
        return frame, f"{label}: iteration {frame['step']}{jsd}{w1}"

    def _record(self) -> None:
        last = self.frames[-1]["step"] if self.frames else -RECORD_EVERY
        if self.trainer.step_count - last < RECORD_EVERY or len(self.frames) >= MAX_FRAMES:
            return
        fake = sample_generator(self.trainer, RECORD_POINTS, seed=1)
        found = self._last_distances[1] or {"jsd": None, "w1": (None, None)}
        self.frames.append({"step": self.trainer.step_count, "fake": np.round(fake, 3).tolist(),
                            "jsd": found["jsd"] and found["jsd"][0], "w1": found["w1"][0]})

    # ----- training and drawing -----
    def _on_play(self, playing: bool) -> None:
        self.play.description = "Pause" if playing else "Play"
        if playing and self._task is None:
            try:
                self._task = asyncio.get_running_loop().create_task(self._play_loop())
            except RuntimeError:  # no event loop (a plain Python process): call frame() yourself
                self._task = None

    async def _play_loop(self) -> None:
        """While Play is on: a frame, then a short sleep so the kernel handles the page's messages (clicks, sliders)."""
        try:
            while self.play.value:
                started = time.perf_counter()
                if self._guard(self._train_tick)():  # the page's messages are handled between training and drawing
                    await asyncio.sleep(0)
                    self._guard(self._redraw_tick)(started)
                await asyncio.sleep(max(0.01, self.min_frame_seconds - (time.perf_counter() - started)))
        finally:
            self._task = None

    def frame(self) -> None:
        """One tick of Play: train for ``train_seconds`` (or one slow-motion half-iteration), then redraw."""
        started = time.perf_counter()
        if self._train_tick():
            self._redraw_tick(started)

    def _train_tick(self) -> bool:
        """Train for ``train_seconds``; True when a redraw should follow (slow motion draws its own halves)."""
        if self.slow.value:
            if time.perf_counter() - self._last_slow >= SLOW_SECONDS:
                self.step()
            return False
        model.train_for(self.trainer, self.controls.k_g, self.train_seconds, max_iterations=10_000)
        self._record()
        return True

    def _redraw_tick(self, started: float) -> None:
        trained = time.perf_counter()
        self.redraw()
        self.frame_seconds.append((trained - started, time.perf_counter() - trained))

    def step(self) -> None:
        """The Step button: one iteration, or in slow motion its next half (the D update, then the G update)."""
        self._last_slow = time.perf_counter()
        if not self.slow.value:
            model.train_for(self.trainer, self.controls.k_g, math.inf, max_iterations=1)
            self._record()
            self.redraw()
        elif self._phase == "D":
            self._d_half()
        else:
            self._finish_half_iteration()

    def _view_grid(self) -> torch.Tensor:
        ticks = torch.linspace(-self.view.limits, self.view.limits, views.N_CELLS)
        gx, gy = torch.meshgrid(ticks, ticks, indexing="xy")
        return torch.stack([gx.ravel(), gy.ravel()], 1)

    def _d_half(self) -> None:
        self._d_result = model.d_update(self.trainer, self._view_grid())
        delta = (self._d_result["after"] - self._d_result["before"]).reshape(views.N_CELLS, views.N_CELLS)
        self._phase = "G"
        self.redraw(heat_delta=delta, title=f"iteration {self.trainer.step_count + 1}, D update: red = D rose, blue = D fell; "
                                            f"|∇θ loss_d| = {self._d_result['grad_norm']:.3g}")

    def _finish_half_iteration(self) -> None:
        if self._phase != "G":
            return
        z = self.trainer.sample_z(views.N_FAKE, torch.Generator().manual_seed(0))[:views.N_ARROWS]
        result = model.g_update(self.trainer, z, self.controls.k_g)
        self._phase = "D"
        snap = views.snapshot(self.trainer, self.view.limits)
        snap.update(arrows_at=result["before"], arrows=result["arrows"])
        self.redraw(snap=snap, title=f"iteration {self.trainer.step_count}, G update: arrows −∇x loss_g before the step; "
                                     f"|∇θ loss_g| = {result['grad_norm']:.3g}")

    def _stats(self, snap: dict | None = None) -> dict:
        h = self.trainer.history
        last = {k: (h[k][-1] if h[k] else None) for k in ("loss_d", "loss_g", "d_real", "d_fake")}
        fake = snap["x_fake"] if snap is not None else sample_generator(self.trainer, views.N_FAKE)
        return {**last, "fake_mean": fake.mean(0), "fake_std": float(fake.std(0).mean())}

    def redraw(self, snap: dict | None = None, heat_delta=None, title: str | None = None) -> None:
        """Move every artist to the trainer's state, blit, and refresh the overview strip and readouts."""
        snap = snap if snap is not None else views.snapshot(self.trainer, self.view.limits)
        self.view.show(snap, heat_delta)
        self.view.show_losses(self.trainer.history)
        frame, compare_label = self._compare_frame()
        self.view.show_compare(frame)
        self.view.blit()
        self.caption.value = f"<b>{html.escape(title or f'iteration {self.trainer.step_count} · {self.data.name}')}</b>"
        self.compare_caption.value = f"<small>{html.escape(compare_label)}</small>"
        self.redraw_times.append(time.perf_counter())
        stats = self._stats(snap)
        self.overview.value = views.overview_html(self.controls, stats, self.titles)
        self.readouts.value = self._readouts(snap)
        if not self.play.value or time.perf_counter() - self._described > 2.0:  # a screen reader needs time to speak
            self.description.value = html.escape(self.describe(snap, stats), quote=False)
            self._described = time.perf_counter()

    def describe(self, snap: dict, stats: dict) -> str:
        """The figure in one line: iteration, where D is above 1/2, p_g's mean and spread, JSD and W1, modes."""
        above = float((snap["d"] > 0.5).mean())
        found = self._last_distances[1] or {"jsd": None, "w1": None}
        text = (f"iteration {self.trainer.step_count}: D above ½ on {100 * above:.0f} % of the view; p_g's mean "
                f"({stats['fake_mean'][0]:.2f}, {stats['fake_mean'][1]:.2f}), spread {stats['fake_std']:.2f}")
        text += f"; JSD {found['jsd'][0]:.2f} nats" if found["jsd"] else ""
        text += f"; W1 {found['w1'][0]:.2f}" if found["w1"] else ""
        if self.data.target is not None:
            text += f"; {toy_metrics.mode_coverage(snap['x_fake'], self.data.target).modes_captured}/{len(self.data.target.weights)} modes"
        return text

    def _distances(self) -> dict:
        """{"jsd": the kernel JSD estimate or None (under 4 points), "w1": model.w1_readout}, recomputed at most once
        a second while playing (the JSD costs about as much as a frame)."""
        when, value = self._last_distances
        if value is None or time.perf_counter() - when > 1.0 or not self.play.value:
            real = self.data.points[np.random.default_rng(0).permutation(len(self.data.points))[:1000]]
            jsd = model.jsd_kde(real, sample_generator(self.trainer, 1000, seed=2)) if len(real) >= 4 else None
            value = {"jsd": jsd, "w1": model.w1_readout(self.trainer, self.data.points)}
            self._last_distances = (time.perf_counter(), value)
        return value

    def _readouts(self, snap: dict) -> str:
        t, h = self.redraw_times, self.trainer.history
        rate = (len(t) - 1) / (t[-1] - t[0]) if len(t) > 1 and t[-1] > t[0] else 0.0
        found = self._distances()
        estimate, (w1, floor) = found["jsd"], found["w1"]
        jsd_text = "– (needs at least 4 data points)" if estimate is None else (
            f"<b>{estimate[0]:.3f} ± {estimate[1]:.3f} nats</b> = {estimate[0] / math.log(2):.3f} ± "
            f"{estimate[1] / math.log(2):.3f} bits")
        recent = h["divergence_bound"][max(self._loss_since, len(h["divergence_bound"]) - 50):]  # this loss's only
        bounds = [b for b in recent if b is not None and math.isfinite(b)]
        bound = (f"{np.mean(bounds):.3f} (mean of the last {len(bounds)} minibatches)" if bounds else "–")
        n = min(model.N_W1, len(self.data.points))
        floor_text = "" if floor is None else f"; two disjoint sets of {n} data points read {floor:.3f}, as a perfect G would"
        lines = [f"iteration <b>{self.trainer.step_count}</b> · {rate:.1f} redraws/s · data: {len(self.data.points)} "
                 f"points ({html.escape(self.data.name)})",
                 f"JSD(p_data ‖ p_g), kernel estimate on held-out samples: {jsd_text} "
                 "(0 when p_g = p_data, at most 1 bit)",
                 f"W1(p_data, p_g), exact between {n} data points and {n} samples of G (fixed seeds): <b>{w1:.3f}</b>"
                 f"{floor_text}",
                 f"{model.bound_label(self.controls.loss)}: {bound}"]
        if self.data.target is not None:
            cover = toy_metrics.mode_coverage(snap["x_fake"], self.data.target)
            lines.append(f"modes captured: <b>{cover.modes_captured}/{len(cover.counts)}</b>, "
                         f"{100 * cover.high_quality:.0f} % of samples high quality (within 3 σ of a mode)")
        return "<div class='playground-readout-lines'>" + "<br>".join(lines) + "</div>"

    # ----- display -----
    def widget(self) -> widgets.VBox:
        w = widgets
        canvas = self.fig.canvas
        view = canvas if isinstance(canvas, w.DOMWidget) else w.Output()
        if not isinstance(canvas, w.DOMWidget):
            with view:
                display(self.fig)
        i = self.inputs
        data_row = w.HBox([self.preset, self.draw, self.clear, self.csv, self.upload_limit])
        setup_row = w.HBox([self.save, self.setup_file, self.keep, self.download])
        transport = w.HBox([self.play, self.step_button, self.slow, self.reset])
        model_rows = w.VBox([w.HBox([i["g_depth"], i["g_width"], i["d_depth"], i["d_width"], i["z_dim"], i["z_dist"]]),
                             w.HBox([i["loss"], i["k_d"], i["k_g"], i["optimizer"], i["r1_gamma"], i["gp_lambda"]]),
                             w.HBox([i["lr_d"], i["lr_g"], i["batch_size"], i["seed"]])])
        layers = w.HBox([w.Label("layers:"), *self.layer_boxes.values()])
        title = w.HTML("<h1 style='margin:4px 0;font-size:1.5em'>GAN playground</h1>")
        return w.VBox([title, data_row, setup_row, model_rows, transport, self.help, self.overview, layers,
                       w.HBox([self.caption, self.compare_caption], layout=w.Layout(justify_content="space-between")),
                       view, self.description, self.readouts, self.message, self.error,
                       w.HTML(f"<small>{KEYS_LINE}<br>{lessons_line(self.titles)}</small>")])

    def _ipython_display_(self) -> None:
        a11y.enable()  # in JupyterLab; the playground's Voila template loads the same script itself
        display(self.widget())
