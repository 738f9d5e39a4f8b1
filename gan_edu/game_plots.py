"""Pictures of the 1-D game: densities, D and D* on one axis, in the course palette (``gan_edu.palette``).

As in Figure 1 of the paper: data density black dotted, p_g green solid, D blue dashed; D* vermillion dash-dotted.
Each function returns the artists it made so a slider can update them in place.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import palette, validate

__all__ = ["STYLE", "new_figure", "density_lines", "set_curve"]

LABELS = {"p_data": r"$p_{\mathrm{data}}$", "p_g": r"$p_g$", "d": r"$D(x)$", "d_star": r"$D^*(x)$"}
STYLE = {name: dict(**palette.line_style(name), linewidth=2, label=label) for name, label in LABELS.items()}


def new_figure(ncols: int = 1, width: float = 7.0, height: float = 3.2):
    """A figure with ``ncols`` axes side by side, sized for a notebook, not shown until asked."""
    ncols = validate.positive_int("ncols", ncols)
    width, height = validate.positive_array("width and height", [width, height])
    with plt.ioff(), plt.rc_context(palette.RC):
        fig, axes = plt.subplots(1, ncols, figsize=(width, height), dpi=90, layout="constrained")
    return fig, axes


def density_lines(ax, x: np.ndarray, curves: dict[str, np.ndarray], ylim: tuple[float, float] | None = None,
                  legend: dict | None = None) -> dict:
    """Plot named curves ('p_data', 'p_g', 'd', 'd_star') over x; returns {name: Line2D}.

    ``legend`` overrides the legend's keyword arguments, e.g. dict(loc="upper center", ncols=4)."""
    validate.instance("ax", ax, Axes, "a matplotlib Axes")
    validate.instance("curves", curves, dict, "a dict {name: y values}")
    if legend is not None:
        validate.instance("legend", legend, dict, "a dict of legend keyword arguments")
    unknown = set(curves) - set(STYLE)
    if unknown:
        raise ValueError(f"curves must be named from {sorted(STYLE)} (got {sorted(unknown)})")
    x = validate.finite_array("x", x, ndim=1)
    for name, y in curves.items():
        if np.shape(validate.finite_array(f"curves['{name}']", y)) != x.shape:
            raise ValueError(f"curves['{name}'] must have the shape of x {x.shape} (got {np.shape(y)})")
    lines = {name: ax.plot(x, y, **STYLE[name])[0] for name, y in curves.items()}
    ax.set_xlabel("x")
    ax.legend(**{"loc": "upper left", "fontsize": 8, **(legend or {})})
    if ylim is not None:
        ax.set_ylim(*ylim)
    return lines


def set_curve(line, y: np.ndarray) -> None:
    """Replace a line's y values (the cheap way to redraw under a slider)."""
    validate.instance("line", line, Line2D, "a matplotlib Line2D, e.g. from density_lines")
    y = validate.finite_array("y", y)
    if np.shape(y) != np.shape(line.get_xdata()):
        raise ValueError(f"y must have the shape of the line's x {np.shape(line.get_xdata())} (got {np.shape(y)})")
    line.set_ydata(y)
