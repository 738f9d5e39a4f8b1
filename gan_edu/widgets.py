"""Slider panels: a figure drawn once and updated in place whenever a slider moves.

With ``%matplotlib widget`` (ipympl) the canvas is itself a widget, and redrawing an
existing figure is several times faster than re-creating it as ``interact`` does.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

__all__ = ["SliderPanel", "slider"]


def slider(description: str, value: float, low: float, high: float, step: float | None = None) -> widgets.FloatSlider:
    """A float slider on [low, high] that reports changes while it is dragged."""
    if not low <= value <= high:
        raise ValueError(f"value must lie in [low, high] = [{low}, {high}] (got {value})")
    step = step if step is not None else (high - low) / 100
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               continuous_update=True, readout_format=".2f",
                               style={"description_width": "initial"})


class SliderPanel:
    """Sliders + a figure: ``update(**values)`` redraws the figure's artists in place."""

    def __init__(self, fig: Figure, sliders: dict[str, widgets.ValueWidget], update: Callable[..., None]):
        if not sliders:
            raise ValueError("sliders must name at least one slider")
        self.fig, self.sliders, self._draw = fig, sliders, update
        for control in sliders.values():
            control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def values(self) -> dict:
        """The sliders' current values by name."""
        return {name: control.value for name, control in self.sliders.items()}

    def redraw(self) -> None:
        """Call the update function with the slider values, then redraw the canvas."""
        self._draw(**self.values())
        self.fig.canvas.draw_idle()

    def _ipython_display_(self) -> None:
        canvas = self.fig.canvas
        view = canvas if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
        if not isinstance(canvas, widgets.DOMWidget):  # inline backend: show a static picture
            with view:
                display(self.fig)
        display(widgets.VBox([widgets.HBox(list(self.sliders.values()),
                                           layout=widgets.Layout(flex_flow="row wrap")), view]))
