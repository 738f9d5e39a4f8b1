"""Slider panels: a figure drawn once and updated in place whenever a slider moves.

With ``%matplotlib widget`` (ipympl) the canvas is itself a widget, and redrawing an
existing figure is several times faster than re-creating it as ``interact`` does.
"""

from __future__ import annotations

import math

import io
from typing import Callable, Sequence

import ipywidgets as widgets
import matplotlib.image
import numpy as np
from IPython.display import display
from matplotlib.figure import Figure

from . import a11y, validate

__all__ = ["SliderPanel", "slider", "scrubber", "image_scrubber"]


def _round_step(most: float) -> float:
    """The largest 1, 2 or 5 times a power of ten that is at most ``most``: steps land on round values (0.6, not 0.596)."""
    power = 10.0 ** math.floor(math.log10(most))
    return max(m * power for m in (1, 2, 5) if m * power <= most * (1 + 1e-9))


def slider(description: str, value: float, low: float, high: float, step: float | None = None,
           help: str | None = None) -> widgets.FloatSlider:
    """A float slider on [low, high] that reports changes while it is dragged; its accessible name and tooltip are
    ``help`` (what it sets, with its unit) followed by its range."""
    validate.instance("description", description, str, "a string")
    low, high = validate.finite_array("low", low, ndim=0).item(), validate.finite_array("high", high, ndim=0).item()
    if not low < high:
        raise ValueError(f"low must be < high (got low={low}, high={high})")
    value = validate.in_range("value", value, low, high)
    step = validate.in_range("step", step, 1e-12, high - low) if step is not None else _round_step((high - low) / 100)
    what = description if help is None else validate.instance("help", help, str, "a string")
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               continuous_update=True, readout_format=".2f", tooltip=f"{what}, from {low:g} to {high:g}",
                               style={"description_width": "initial"})


def _titles(fig: Figure) -> str:
    return "; ".join(t for t in (ax.get_title() for ax in fig.axes) if t).replace("$", "")


class SliderPanel:
    """Sliders + a figure: ``update(**values)`` changes the lines and titles, which are then
    blitted over a cached background (axes, ticks, legend), so a move redraws only what moved.

    ``panel.update`` (the artists, no drawing) and ``panel.redraw()`` (update + blit, what a slider
    move runs) can be called without a browser, e.g. by tests and benchmarks."""

    def __init__(self, fig: Figure, sliders: dict[str, widgets.ValueWidget], update: Callable[..., None]):
        validate.instance("fig", fig, Figure, "a matplotlib Figure")
        if not isinstance(sliders, dict) or not sliders or not all(isinstance(c, widgets.ValueWidget) for c in sliders.values()):
            raise ValueError("sliders must be a non-empty dict {argument name: slider}")
        validate.function("update", update)
        self.fig, self.sliders, self.update = fig, sliders, update
        self.status = a11y.live(widgets.Label())  # a one-line description of the figure, announced as it changes
        self._moving = [artist for ax in fig.axes for artist in (*ax.lines, ax.title)]
        for artist in self._moving:
            artist.set_animated(True)
        self.update(**self.values())
        self._background = None
        # No draw here: ipympl shows a 0 x 0 canvas for a figure drawn before it is displayed. The
        # first full draw (the browser's, or redraw()'s) lays the figure out and caches the background.
        fig.canvas.mpl_connect("draw_event", self._capture_background)
        for control in sliders.values():
            control.observe(lambda _change: self.redraw(), names="value")

    def values(self) -> dict:
        """The sliders' current values by name."""
        return {name: control.value for name, control in self.sliders.items()}

    def _capture_background(self, _event=None) -> None:
        self.fig.set_layout_engine("none")  # keep the first layout: re-solving it on every move is slow
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        for artist in self._moving:
            self.fig.draw_artist(artist)

    def describe(self) -> str:
        """One line saying what the figure shows now: the slider values, then the panels' titles."""
        values = ", ".join(f"{control.description} = {control.value:.3g}" if isinstance(control.value, float)
                           else f"{control.description} = {control.value}" for control in self.sliders.values())
        return f"{values}: {_titles(self.fig)}"

    def redraw(self) -> None:
        """Call the update function with the slider values, then blit the moving artists."""
        self.update(**self.values())
        self.status.value = self.describe()
        canvas = self.fig.canvas
        if self._background is None:  # never drawn yet: a full draw caches the background
            canvas.draw()
            return
        canvas.restore_region(self._background)
        for artist in self._moving:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)

    def _ipython_display_(self) -> None:
        canvas = self.fig.canvas
        view = canvas if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
        if not isinstance(canvas, widgets.DOMWidget):  # inline backend: show a static picture
            with view:
                display(self.fig)
        self.status.value = self.describe()
        a11y.enable()
        display(widgets.VBox([widgets.HBox(list(self.sliders.values()),
                                           layout=widgets.Layout(flex_flow="row wrap")), view, self.status]))


def scrubber(fig: Figure, steps, show: Callable[[int], None], description: str = "iteration") -> widgets.VBox:
    """A slider over recorded ``steps`` above ``fig``: moving it calls ``show(step)`` and redraws the figure."""
    validate.instance("fig", fig, Figure, "a matplotlib Figure")
    validate.instance("description", description, str, "a string")
    if isinstance(steps, (str, bytes)) or not hasattr(steps, "__iter__"):
        raise TypeError(f"steps must be a list of recorded iteration numbers (got {type(steps).__name__})")
    steps = [validate.positive_int("steps[i]", s, minimum=0) for s in steps]
    if not steps:
        raise ValueError("steps must list at least one recorded step")
    validate.function("show", show)
    control = widgets.SelectionSlider(options=steps, value=steps[-1], description=description,
                                      continuous_update=True, style={"description_width": "initial"},
                                      tooltip=f"{description} shown in the figure, {steps[0]} to {steps[-1]}")
    status = a11y.live(widgets.Label())

    def on_change(_change=None) -> None:
        show(control.value)
        status.value = f"{description} {control.value}: {_titles(fig)}"
        fig.canvas.draw_idle()

    control.observe(on_change, names="value")
    on_change()
    a11y.enable()
    canvas = fig.canvas
    view = canvas if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
    if not isinstance(canvas, widgets.DOMWidget):  # inline backend: a static picture of the last step
        with view:
            display(fig)
    box = widgets.VBox([control, view, status])
    box.slider, box.status = control, status  # for tests and notebooks: box.slider.value = step
    return box


def image_scrubber(frames: Sequence[np.ndarray], labels: Sequence[str], description: str = "t",
                   scale: int = 4, alt: str = "grey image") -> widgets.VBox:
    """A slider over precomputed grey images (2-D arrays in [0, 1]), each pixel shown as a scale x scale block;
    ``alt`` says what the images show (the image's text alternative is ``alt`` and the frame's label).

    Each frame is encoded as PNG once, so a move only swaps bytes: no figure is redrawn, and it works
    under any matplotlib backend."""
    validate.instance("description", description, str, "a string")
    for name, seq in (("frames", frames), ("labels", labels)):
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{name} must be a list (got {type(seq).__name__})")
    if len(frames) == 0 or len(frames) != len(labels):
        raise ValueError(f"frames and labels must be non-empty and of equal length (got {len(frames)} and {len(labels)})")
    block = np.ones((validate.positive_int("scale", scale), scale))  # each pixel becomes a scale x scale block
    pngs = []
    for i, frame in enumerate(frames):
        frame = validate.finite_array(f"frames[{i}]", frame, ndim=2)
        if frame.min() < 0 or frame.max() > 1:
            raise ValueError(f"frames[{i}] must lie in [0, 1] (got [{frame.min():.3g}, {frame.max():.3g}])")
        buffer = io.BytesIO()
        matplotlib.image.imsave(buffer, np.kron(frame, block), cmap="gray", vmin=0, vmax=1, format="png")
        pngs.append(buffer.getvalue())
    width = f"{frames[0].shape[1] * scale}px"  # without a width the page stretches the image to the output's width
    validate.instance("alt", alt, str, "a string")
    names = [f"{alt}, {description} = {label}" for label in labels]
    image = widgets.Image(value=pngs[0], format="png", layout=widgets.Layout(width=width))
    # ipywidgets 8.1 cannot show a tooltip on an Image (or a Box): a11y.js takes the image's alt from this live line
    status = a11y.live(widgets.Label(value=names[0]))
    control = widgets.SelectionSlider(options=[(str(label), i) for i, label in enumerate(labels)], value=0,
                                      description=description, continuous_update=True,
                                      style={"description_width": "initial"}, layout=widgets.Layout(width=width),
                                      tooltip=f"{description}: which image is shown, {labels[0]} to {labels[-1]}")

    def on_change(change) -> None:
        image.value, status.value = pngs[change["new"]], names[change["new"]]

    control.observe(on_change, names="value")
    a11y.enable()
    box = widgets.VBox([control, image, status])
    box.slider, box.image, box.pngs, box.status = control, image, pngs, status  # for tests and notebooks
    return box
