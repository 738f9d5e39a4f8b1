"""Grids of images (MNIST digits and generator samples): tile them into one array, draw them without axes."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from . import validate

__all__ = ["image_grid", "show_images"]


def image_grid(x, n_cols: int = 8, pad: int = 1, pad_value: float = 0.5) -> np.ndarray:
    """Images x (a tensor (n, 1, h, w)) tiled row by row, n_cols per row, ``pad`` pixels apart; a 2-D array for imshow."""
    n_cols = validate.positive_int("n_cols", n_cols)
    pad = validate.positive_int("pad", pad, minimum=0)
    pad_value = validate.finite_array("pad_value", pad_value, ndim=0).item()
    x = validate.tensor("x", x, floating=True)
    if x.ndim != 4 or x.shape[1] != 1 or len(x) == 0:
        raise ValueError(f"x must have shape (n, 1, h, w) with n >= 1 (got {tuple(x.shape)})")
    n, _, h, w = x.shape
    n_rows = -(-n // n_cols)
    grid = np.full((n_rows * (h + pad) + pad, n_cols * (w + pad) + pad), pad_value, dtype=np.float32)
    for i, image in enumerate(x.detach().cpu().float().numpy()[:, 0]):
        r, c = divmod(i, n_cols)
        grid[pad + r * (h + pad):pad + r * (h + pad) + h, pad + c * (w + pad):pad + c * (w + pad) + w] = image
    return grid


def show_images(ax, x, n_cols: int = 16, title: str | None = None, pad: int = 1, fontsize: float = 10):
    """Draw images x (n, 1, h, w) in [0, 1] on ``ax`` as a grey grid (``image_grid``), without axes; returns the AxesImage."""
    validate.instance("ax", ax, Axes, "a matplotlib Axes")
    image = ax.imshow(image_grid(x, n_cols, pad), cmap="gray", vmin=0, vmax=1)
    if title is not None:
        ax.set_title(title, fontsize=fontsize)
    ax.axis("off")
    return image
