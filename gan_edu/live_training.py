"""Live training: Play / Pause / Step buttons and sliders for k and the learning rates over a redrawn figure.

The browser's ``Play`` widget ticks while playing; each tick trains ``steps_per_frame``
iterations of Algorithm 1 and calls ``redraw(trainer)``, which updates the figure's
artists in place. ``frame()`` is that tick as a plain method, so tests need no browser.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

from . import a11y, validate
from .training import Trainer

__all__ = ["LiveTraining"]


class LiveTraining:
    """Train ``trainer`` a few iterations per frame and call ``redraw(trainer)`` after each frame."""

    def __init__(self, trainer, fig: Figure, redraw: Callable[[object], None], steps_per_frame: int = 25,
                 max_steps: int = 100_000, interval_ms: int = 150):
        validate.instance("trainer", trainer, Trainer, "a Trainer")
        validate.instance("fig", fig, Figure, "a matplotlib Figure")
        self.trainer, self.fig, self._redraw = trainer, fig, validate.function("redraw", redraw)
        self.steps_per_frame = validate.positive_int("steps_per_frame", steps_per_frame)
        self.max_steps = validate.positive_int("max_steps", max_steps)
        interval_ms = validate.positive_int("interval_ms", interval_ms, minimum=10)
        cfg = trainer.config
        self.play = widgets.Play(value=0, min=0, max=self.max_steps, step=1, interval=interval_ms,
                                 description="Play / Pause", tooltip=f"play or pause training, {self.steps_per_frame} "
                                                                     "iterations per frame")
        self.step_button = widgets.Button(description="Step", tooltip=f"train {self.steps_per_frame} iterations")
        self.k_slider = widgets.IntSlider(value=cfg.k_d_steps, min=0, max=10, description="k (D steps)",
                                          continuous_update=False,
                                          tooltip="k: discriminator steps per generator step, 0 to 10")
        self.lr_d_slider, self.lr_g_slider = (
            widgets.FloatLogSlider(value=getattr(cfg, f"lr_{who}"), base=10, min=-5, max=-1, step=0.25,
                                   description=f"lr_{who}", readout_format=".1e", continuous_update=False,
                                   tooltip=f"lr_{who}: learning rate of {who.upper()}, 1e-5 to 1e-1 (log scale)")
            for who in ("d", "g"))
        self.status = a11y.live(widgets.Label(value=self._status_text()))
        self.play.observe(lambda change: self.frame(), names="value")
        self.step_button.on_click(lambda _button: self.frame())
        for name, control in (("k_d_steps", self.k_slider), ("lr_d", self.lr_d_slider), ("lr_g", self.lr_g_slider)):
            # only the slider that moved: a log slider snaps its value to its steps, and copying every slider
            # on each move would silently change the learning rates when k moves
            control.observe(lambda change, name=name: self.trainer.set_hyperparameters(**{name: change["new"]}),
                            names="value")

    def _status_text(self) -> str:
        """One line for the figure's text alternative: the iteration and the last minibatch's losses and D."""
        h = self.trainer.history
        if not h["step"]:
            return f"iteration {self.trainer.step_count}"
        return (f"iteration {self.trainer.step_count}: loss_d {h['loss_d'][-1]:.3f}, loss_g {h['loss_g'][-1]:.3f}, "
                f"D(real) {h['d_real'][-1]:.2f}, D(fake) {h['d_fake'][-1]:.2f}")

    def frame(self) -> None:
        """One tick: train steps_per_frame more iterations (up to max_steps), then redraw in place."""
        until = min(self.trainer.step_count + self.steps_per_frame, self.max_steps)
        self.trainer.run(until=until, progress=False)
        self.redraw()

    def redraw(self) -> None:
        """Call ``redraw(trainer)`` and repaint the canvas (ipympl sends only the changed pixels)."""
        self._redraw(self.trainer)
        self.status.value = self._status_text()
        self.fig.canvas.draw_idle()

    def widget(self) -> widgets.VBox:
        """Controls above the figure: the ipympl canvas when available, otherwise a static snapshot."""
        canvas = self.fig.canvas
        view = canvas if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
        if not isinstance(canvas, widgets.DOMWidget):
            with view:
                display(self.fig)
        a11y.enable()
        buttons = widgets.HBox([self.play, self.step_button, self.status])
        sliders = widgets.HBox([self.k_slider, self.lr_d_slider, self.lr_g_slider],
                               layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox([buttons, sliders, view])

    def _ipython_display_(self) -> None:
        display(self.widget())
