"""Offline MNIST: parse the bundled IDX files with numpy and verify their MD5.

Images come back as float32 tensors of shape (N, 1, 28, 28) with pixels in [0, 1]
(0 = background, 1 = ink); labels as int64 tensors of shape (N,) with values 0..9.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from pathlib import Path

import numpy as np
import torch

__all__ = ["MNIST_DIR", "MNIST_FILES", "MNISTFileError", "load_mnist", "read_idx"]

MNIST_DIR = Path(__file__).parent / "mnist"

# file name -> (magic number, MD5 of the uncompressed bytes), as published with MNIST
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": (2051, "6bbc9ace898e44ae57da46a324031adb"),
    "train-labels-idx1-ubyte.gz": (2049, "a25bea736e30d166cdddb491f175f624"),
    "t10k-images-idx3-ubyte.gz": (2051, "2646ac647ad5339dbf082846283269ea"),
    "t10k-labels-idx1-ubyte.gz": (2049, "27ae3e4e09519cfbb04c329615203637"),
}
_SPLITS = {"train": "train", "test": "t10k"}


class MNISTFileError(ValueError):
    """An MNIST file is missing, truncated or altered."""


def _read_verified(path: Path) -> bytes:
    """Uncompressed bytes of ``path``, checked against the published MD5."""
    magic, md5 = MNIST_FILES[path.name]
    if not path.is_file():
        raise MNISTFileError(f"MNIST file {path} is missing")
    try:
        raw = gzip.decompress(path.read_bytes())
    except (EOFError, OSError, zlib.error) as err:
        raise MNISTFileError(f"MNIST file {path} is truncated or corrupt: {err}") from None
    if hashlib.md5(raw).hexdigest() != md5:
        raise MNISTFileError(f"MNIST file {path} is altered: its MD5 is not {md5}")
    return raw


def read_idx(path: str | Path) -> np.ndarray:
    """Parse one verified IDX file into a uint8 array: images (N, 28, 28), labels (N,)."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file path (str or pathlib.Path) (got {type(path).__name__})")
    path = Path(path)
    if path.name not in MNIST_FILES:
        raise MNISTFileError(f"path must name one of {sorted(MNIST_FILES)} (got {path.name!r})")
    raw = _read_verified(path)
    ndim = MNIST_FILES[path.name][0] - 2048  # 2051 -> 3 dims, 2049 -> 1 dim
    shape = tuple(int(s) for s in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load_mnist(split: str = "train", root: str | Path | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST ``split`` ('train': 60,000 or 'test': 10,000) as (images in [0, 1], labels)."""
    if split not in _SPLITS:
        raise ValueError(f"split must be 'train' or 'test' (got {split!r})")
    if root is not None and not isinstance(root, (str, Path)):
        raise TypeError(f"root must be a directory path (str or pathlib.Path) or None (got {type(root).__name__})")
    root = MNIST_DIR if root is None else Path(root)
    prefix = _SPLITS[split]
    images = read_idx(root / f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(root / f"{prefix}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)  # (N, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))  # (N,)
    return x, y
