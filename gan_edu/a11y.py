"""Accessibility of what the course shows: alt text for figures, names for widgets, live descriptions.

JupyterLab 4 draws an ``image/png`` output as an ``<img>`` with no ``alt`` (its image renderer sets only the
source and size), so ``enable()`` makes every matplotlib figure shown in the notebook also carry a
``text/html`` version, ``<img alt="...">``, which JupyterLab prefers. The alt text is ``describe(fig, text)``'s
when given, otherwise it is built from the figure's titles, axis labels and legend. ``enable()`` also shows
``SCRIPT``, which names the slider handles, Play buttons and images that ipywidgets leaves unnamed (from the
widget's description and tooltip) and makes ``live(widget)`` regions announce their changes (``aria-live``).
Nothing happens at import.
"""

from __future__ import annotations

import base64
import html
import importlib
import io
from pathlib import Path

import ipywidgets as widgets
import matplotlib
from matplotlib.figure import Figure

from . import validate

__all__ = ["SCRIPT", "enable", "describe", "alt_text", "figure_html", "live"]

SCRIPT = Path(__file__).with_name("web") / "voila" / "templates" / "gan-edu" / "a11y.js"  # also the playground template's
_ALT = "gan_edu_alt"  # the attribute describe() sets on a figure


def describe(fig: Figure, text: str) -> Figure:
    """Give ``fig`` the alt text ``text`` (one or two sentences saying what it shows); returns fig."""
    validate.instance("fig", fig, Figure, "a matplotlib Figure")
    text = validate.instance("text", text, str, "a string").strip()
    if not text:
        raise ValueError("text must say what the figure shows (got an empty string)")
    setattr(fig, _ALT, text)
    return fig


def _clean(text: str) -> str:
    """Mathtext read aloud plainly: $p_{\\mathrm{data}}$ -> p_data."""
    for old in ("$", "\\mathrm", "\\", "{", "}"):
        text = text.replace(old, "")
    return " ".join(text.split())


def alt_text(fig: Figure) -> str:
    """``describe``'s text, or one built from the figure: its title, each panel's title, axes and legend entries."""
    validate.instance("fig", fig, Figure, "a matplotlib Figure")
    if getattr(fig, _ALT, None):
        return getattr(fig, _ALT)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    parts = [_clean(fig._suptitle.get_text())] if fig._suptitle is not None and fig._suptitle.get_text() else []
    titled = [ax for ax in axes if ax.get_title() or ax.get_xlabel() or ax.get_legend()]
    images = sum(bool(ax.images) for ax in axes)
    parts.append(f"Figure with {len(axes)} panel{'s' * (len(axes) != 1)}" + (f", {images} of them images" if images else ""))
    for ax in titled[:6]:
        words = [f"'{_clean(ax.get_title())}'" if ax.get_title() else "a panel"]
        if ax.get_xlabel() or ax.get_ylabel():
            words.append(f"{_clean(ax.get_ylabel()) or 'value'} against {_clean(ax.get_xlabel()) or 'x'}")
        legend = ax.get_legend()
        if legend is not None:
            words.append("showing " + ", ".join(_clean(t.get_text()) for t in legend.get_texts()))
        parts.append(": ".join(words[:1]) + (": " + "; ".join(words[1:]) if len(words) > 1 else ""))
    return ". ".join(parts) + "."


def figure_html(fig: Figure) -> str:
    """The figure as ``<img>`` HTML with its alt text (a PNG at the figure's dpi, tight bounding box)."""
    validate.instance("fig", fig, Figure, "a matplotlib Figure")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt_text(fig), quote=True)}">'


def live(widget: widgets.DOMWidget) -> widgets.DOMWidget:
    """Mark ``widget`` (an HTML or Label widget holding a one-line description) as a polite aria-live region."""
    validate.instance("widget", widget, widgets.DOMWidget, "an ipywidgets DOMWidget")
    widget.add_class("gan-edu-live")
    return widget


def enable() -> None:
    """In a notebook: show figures with alt text, and load web/a11y.js into the page (safe to call again)."""
    from IPython import get_ipython
    from IPython.display import Javascript, display

    shell = get_ipython()
    if shell is None:
        return
    backend = matplotlib.get_backend()
    if backend.startswith("module://"):  # start it now: the inline backend clears every Figure formatter as it starts
        importlib.import_module(backend.removeprefix("module://"))
    shell.display_formatter.formatters["text/html"].for_type(Figure, figure_html)
    display(Javascript(SCRIPT.read_text(encoding="utf-8")))
