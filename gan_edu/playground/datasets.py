"""The playground's data: preset point clouds, points drawn with the mouse, CSV files, and setup files.

A dataset is a fixed cloud of 2-D points, ``(N, 2)`` float64; training draws minibatches from it with
replacement. Presets built from a Gaussian mixture (ring, grid) keep that mixture as their ``target``,
so mode coverage can be measured against it. A *setup* is the data plus every control, saved as JSON.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field

import numpy as np
import torch

from .. import distributions, validate
from ..distributions import GaussianMixture

__all__ = ["PRESETS", "N_PRESET", "MAX_POINTS", "MAX_UPLOAD_BYTES", "Dataset", "preset", "draw_points", "load_csv", "Setup",
           "save_setup", "load_setup", "torch_sampler"]

N_PRESET = 1000  # points in a preset cloud
MAX_POINTS = 20_000  # more would make every redraw of the real layer slow
MAX_UPLOAD_BYTES = 2_000_000  # a CSV of MAX_POINTS lines fits; web/.../a11y.js refuses a bigger file before it is sent
SETUP_VERSION = 1


@dataclass
class Dataset:
    """``points`` (N, 2) and, for a mixture preset, the ``target`` mixture they were drawn from."""

    name: str
    points: np.ndarray
    target: GaussianMixture | None = None

    def __post_init__(self):
        self.points = check_points("points", self.points)


def check_points(name: str, points) -> np.ndarray:
    """``points`` as a finite (N, 2) float64 array with 2 <= N <= MAX_POINTS."""
    arr = validate.finite_array(name, points)
    if arr.ndim != 2 or arr.shape[1] != 2 or not 2 <= len(arr) <= MAX_POINTS:
        raise ValueError(f"{name} must have shape (N, 2) with 2 <= N <= {MAX_POINTS} (got {arr.shape})")
    return arr


def _spiral(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.sqrt(rng.uniform(0.05, 1, n)) * 3 * np.pi  # two turns, denser at the outside like the arc length
    return np.stack([t * np.cos(t), t * np.sin(t)], 1) / (3 * np.pi) + rng.normal(0, 0.02, (n, 2))


def _two_moons(n: int, rng: np.random.Generator) -> np.ndarray:
    t = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(t), 1 - np.cos(t)) - 0.5
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t)) - 0.25
    return 0.75 * np.stack([x, y], 1) + rng.normal(0, 0.04, (n, 2))


def _line(n: int, rng: np.random.Generator) -> np.ndarray:
    t = rng.uniform(-1, 1, n)
    return np.stack([t, 0.5 * t], 1) + rng.normal(0, 0.02, (n, 2))


MIXTURES = {"ring": lambda: distributions.ring(8, radius=1.0, std=0.05),
            "grid": lambda: distributions.grid(3, spacing=1.0, std=0.05)}
CLOUDS = {"spiral": _spiral, "two moons": _two_moons, "line": _line}
PRESETS = (*MIXTURES, *CLOUDS)


def preset(name: str, seed: int = 0, n: int = N_PRESET) -> Dataset:
    """The preset ``name`` (one of PRESETS) as N seeded points."""
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {list(PRESETS)} (got {name!r})")
    n = validate.positive_int("n", n, minimum=2)
    rng = np.random.default_rng(validate.positive_int("seed", seed, minimum=0))
    if name in MIXTURES:
        target = MIXTURES[name]()
        return Dataset(name, target.sample(n, rng), target)
    return Dataset(name, CLOUDS[name](n, rng))


def draw_points(center, n: int = 20, spread: float = 0.05, seed: int = 0) -> np.ndarray:
    """A brush stroke: n points scattered N(center, spread^2 I) around a mouse position."""
    center = validate.finite_array("center", center, ndim=1)
    if center.shape != (2,):
        raise ValueError(f"center must be a point (x, y) (got shape {center.shape})")
    n = validate.positive_int("n", n)
    spread = validate.in_range("spread", spread, 0.0, 10.0)
    return center + np.random.default_rng(seed).normal(0, spread, (n, 2))


def load_csv(text: str) -> np.ndarray:
    """Points from CSV text: one ``x,y`` per line; an optional header line; blank lines and # comments skipped.

    A malformed file raises ValueError naming its first bad line (counted from 1)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be the file's contents as a string (got {type(text).__name__})")
    rows: list[tuple[float, float]] = []
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        fields = [f.strip() for f in fields]
        if not fields or fields == [""] or fields[0].startswith("#"):
            continue
        if len(fields) != 2:
            raise ValueError(f"line {number}: expected 2 values x,y separated by a comma (got {len(fields)}: "
                             f"{','.join(fields)!r})")
        try:
            x, y = float(fields[0]), float(fields[1])
        except ValueError:
            if not rows and number == 1 and not any(_is_number(f) for f in fields):
                continue  # a header such as "x,y"
            raise ValueError(f"line {number}: x and y must be numbers (got {','.join(fields)!r})") from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"line {number}: x and y must be finite, no NaN or Inf (got {','.join(fields)!r})")
        rows.append((x, y))
        if len(rows) > MAX_POINTS:
            raise ValueError(f"line {number}: the file holds more than {MAX_POINTS} points")
    if len(rows) < 2:
        raise ValueError(f"the file must hold at least 2 points x,y (found {len(rows)})")
    return np.array(rows)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass
class Setup:
    """Everything the playground restores: the data (name, points, mixture target) and the controls' values."""

    data: Dataset
    controls: dict = field(default_factory=dict)
    run: list = field(default_factory=list)  # recorded frames of a run, for the compare slot (see model.Recorder)


def save_setup(setup: Setup) -> str:
    """The setup as JSON text; floats are written in shortest round-trip form, so loading restores them exactly."""
    target = setup.data.target
    mix = None if target is None else {k: getattr(target, k).tolist() for k in ("weights", "means", "stds")}
    return json.dumps({"version": SETUP_VERSION, "data": {"name": setup.data.name, "points": setup.data.points.tolist(),
                                                          "target": mix},
                       "controls": setup.controls, "run": setup.run})


def load_setup(text: str) -> Setup:
    """A Setup from ``save_setup``'s JSON; ValueError saying what is missing or wrong."""
    try:
        raw = json.loads(text)
    except (TypeError, json.JSONDecodeError) as err:
        raise ValueError(f"setup file is not valid JSON ({err})") from None
    if not isinstance(raw, dict) or raw.get("version") != SETUP_VERSION:
        raise ValueError(f"setup file must be a JSON object with \"version\": {SETUP_VERSION} "
                         f"(got {str(raw)[:60]!r})")
    for key, kind in (("data", dict), ("controls", dict), ("run", list)):
        if not isinstance(raw.get(key), kind):
            raise ValueError(f"setup file must have a {key!r} entry of type {kind.__name__}")
    data = raw["data"]
    target = data.get("target")
    mix = None if target is None else GaussianMixture(*(np.asarray(target[k], dtype=np.float64)
                                                        for k in ("weights", "means", "stds")))
    points = check_points("data.points", data.get("points"))
    if mix is not None:
        check_target(mix, points)
    return Setup(Dataset(str(data.get("name", "loaded")), points, mix), raw["controls"], raw["run"])


def check_target(target: GaussianMixture, points: np.ndarray, least: float = 0.9) -> None:
    """ValueError unless at least ``least`` of the points lie within 3 sigma of a mode of ``target`` and every mode has one."""
    from ..toy_metrics import mode_coverage

    cover = mode_coverage(points, target)
    if cover.high_quality < least or cover.modes_captured < len(cover.counts):
        raise ValueError(f"setup file's target does not fit its points: {100 * cover.high_quality:.0f} % of them lie within "
                         f"3 sigma of a mode and {cover.modes_captured}/{len(cover.counts)} modes have points; "
                         "remove data.target or fix it")


def torch_sampler(points: np.ndarray):
    """A sample function (m, torch.Generator) -> (m, 2) float32: m points of the cloud drawn with replacement."""
    cloud = torch.as_tensor(check_points("points", points), dtype=torch.float32)

    def sample(m: int, generator: torch.Generator) -> torch.Tensor:
        return cloud[torch.randint(len(cloud), (m,), generator=generator)]

    return sample
