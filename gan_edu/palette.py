"""The course's one colour palette: Okabe and Ito's eight colours, a style per role, and colour-blindness simulation.

Every figure the package draws takes its colours from ``STYLE`` (a role such as "real", "fake", "d", "d_star" ->
colour, line style, marker), so the whole course changes colour here. Roles that a figure shows side by side
(``PAIRS``) differ by line style or marker as well as by colour, and tests/test_palette.py checks that their
colours stay apart under simulated deuteranopia and protanopia (Machado, Oliveira and Fernandes 2009).
"""

from __future__ import annotations

import numpy as np
from cycler import cycler
from matplotlib.colors import to_rgb

__all__ = ["OKABE_ITO", "STYLE", "PAIRS", "RC", "line_style", "scatter_style", "simulate", "delta_e"]

OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7"}
_C = OKABE_ITO

# role -> colour, line style (lines), marker (points); the labels stay with the plotting modules
STYLE = {
    "p_data": dict(color=_C["black"], linestyle=":", marker="o"),
    "p_g": dict(color=_C["bluish green"], linestyle="-", marker="s"),
    "d": dict(color=_C["blue"], linestyle="--", marker="^"),
    "d_star": dict(color=_C["vermillion"], linestyle="-.", marker="v"),
    "real": dict(color=_C["black"], linestyle=":", marker="o"),
    "fake": dict(color=_C["orange"], linestyle="-", marker="x"),
    "arrows": dict(color=_C["vermillion"], linestyle="-", marker=">"),
    "manifold": dict(color=_C["reddish purple"], linestyle="-", marker=""),
    "compare_fake": dict(color=_C["bluish green"], linestyle="-", marker="+"),
    "loss_d": dict(color=_C["blue"], linestyle="-", marker=""),
    "loss_g": dict(color=_C["vermillion"], linestyle="--", marker=""),
}
# pairs of roles that one figure shows together and a reader must tell apart
PAIRS = (("p_data", "p_g"), ("d", "d_star"), ("p_g", "d"), ("p_data", "d"), ("p_g", "d_star"), ("real", "fake"),
         ("fake", "arrows"), ("fake", "manifold"), ("real", "manifold"), ("loss_d", "loss_g"), ("real", "compare_fake"))
# matplotlib settings for figures made under ``plt.rc_context(RC)``: the default colour cycle is the palette
RC = {"axes.prop_cycle": cycler(color=[_C[k] for k in ("blue", "orange", "bluish green", "vermillion",
                                                       "reddish purple", "sky blue", "yellow", "black")])}


def _role(role: str) -> dict:
    if role not in STYLE:
        raise ValueError(f"role must be one of {list(STYLE)} (got {role!r})")
    return STYLE[role]


def line_style(role: str) -> dict:
    """Keyword arguments for ``ax.plot`` in ``role``'s colour and line style."""
    s = _role(role)
    return {"color": s["color"], "linestyle": s["linestyle"]}


def scatter_style(role: str) -> dict:
    """Keyword arguments for ``ax.scatter`` in ``role``'s colour and marker."""
    s = _role(role)
    return {"c": s["color"], "marker": s["marker"] or "o"}


# Machado et al. (2009), severity 1: linear-RGB matrices of dichromatic vision
_CVD = {"deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                                  [-0.011820, 0.042940, 0.968881]]),
        "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                                [-0.003882, -0.048116, 1.051998]])}


def _rgb(name: str, color) -> np.ndarray:
    try:
        return np.array(to_rgb(color))
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be a matplotlib colour such as '#0072B2' or 'black' (got {color!r})") from None


def _linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(color, vision: str = "normal") -> np.ndarray:
    """The sRGB triple (in [0, 1]) that ``color`` looks like to a viewer with ``vision``: normal, deuteranopia or protanopia."""
    rgb = _rgb("color", color)
    if vision == "normal":
        return rgb
    if vision not in _CVD:
        raise ValueError(f"vision must be 'normal', 'deuteranopia' or 'protanopia' (got {vision!r})")
    return _srgb(_CVD[vision] @ _linear(rgb))


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB triple."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ _linear(rgb)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a, b, vision: str = "normal") -> float:
    """CIE76 colour difference between colours a and b as seen with ``vision`` (about 2.3 is just noticeable)."""
    _rgb("a", a), _rgb("b", b)
    return float(np.linalg.norm(_lab(simulate(a, vision)) - _lab(simulate(b, vision))))
