"""Checkpoints that survive an interrupt, a killed kernel (kill -9) and a crash in the middle of a save.

A save writes a temporary file next to the target, flushes it to disk (fsync) and renames it
over the target with ``os.replace``, which is atomic: the file on disk is always the previous
checkpoint or the new one, never half of one. A load uses ``torch.load(weights_only=True)``,
which unpickles only tensors, numbers, strings and lists/tuples/dicts of them, so opening a
checkpoint cannot run code. ``train_with_checkpoints`` resumes from the file if it exists.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import threading
import zipfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch
from torch import nn

from . import validate
from .training import Callback, Trainer

__all__ = ["CheckpointError", "to_safe", "save_checkpoint", "load_checkpoint", "save_trainer", "resume",
           "train_with_checkpoints"]

FORMAT = "gan_edu.checkpoint/1"


class CheckpointError(ValueError):
    """A checkpoint file is missing, truncated, corrupt, or was saved by a different setup."""


def to_safe(obj: Any, where: str = "state") -> Any:
    """``obj`` with numpy arrays as tensors and numpy scalars as Python numbers; TypeError naming anything else."""
    if obj is None or isinstance(obj, torch.Tensor):
        return obj
    for kind in (bool, int, float, str):  # also turns subclasses (np.float64, torch's version string) into plain values
        if isinstance(obj, kind):
            return kind(obj)
    if isinstance(obj, np.ndarray):
        return torch.from_numpy(obj.copy())
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, dict):
        return {key: to_safe(value, f"{where}[{key!r}]") for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        items = [to_safe(value, f"{where}[{i}]") for i, value in enumerate(obj)]
        return items if isinstance(obj, list) else tuple(items)
    raise TypeError(f"{where} is a {type(obj).__name__}; a checkpoint holds only tensors, numbers, strings, "
                    "None and lists/tuples/dicts of them")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash at any moment leaves the old file or the new one."""
    tmp = path.with_name(f".{path.name}.tmp")  # same directory, so os.replace is a rename, not a copy
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())  # the bytes are on disk before the rename makes them the checkpoint
    os.replace(tmp, path)
    with contextlib.suppress(OSError, AttributeError):  # persist the rename itself (not possible on Windows)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save_checkpoint(path: str | Path, state: dict) -> Path:
    """Atomically save ``state`` (made weights_only-safe by ``to_safe``) to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    torch.save({"format": FORMAT, **to_safe(state)}, buffer)
    _write_atomic(path, buffer.getvalue())
    return path


def load_checkpoint(path: str | Path) -> dict:
    """The state saved at ``path``, read with torch.load(weights_only=True); CheckpointError naming the file if unreadable."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist")
    if not zipfile.is_zipfile(path):  # torch.save writes a zip archive; its directory sits at the very end
        raise CheckpointError(f"checkpoint {path} is truncated or corrupt (not a complete zip archive); "
                              "delete it to start again")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated zip, garbage bytes, forbidden pickle content...
        detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else ""
        reason = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
        if "weights only" in reason.lower():
            raise CheckpointError(f"checkpoint {path} holds objects other than tensors, numbers, strings and "
                                  "containers, so torch.load(weights_only=True) refuses it") from None
        raise CheckpointError(f"checkpoint {path} is truncated or corrupt ({reason}); "
                              "delete it to start again") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a gan_edu checkpoint (no format {FORMAT!r})")
    return state


def _shapes(model: nn.Module) -> dict:
    return {name: list(t.shape) for name, t in model.state_dict().items()}


def _fingerprint(trainer: Trainer) -> dict:
    """What must match for a checkpoint to continue this trainer: architectures, seed, batch, loss, optimiser, R1."""
    cfg = trainer.config
    return {"generator": _shapes(trainer.generator), "discriminator": _shapes(trainer.discriminator),
            "seed": cfg.seed, "batch_size": cfg.batch_size, "loss": cfg.loss.name, "optimizer": cfg.optimizer,
            "r1_gamma": cfg.r1_gamma}


def save_trainer(trainer: Trainer, path: str | Path) -> Path:
    """Atomically save everything ``trainer`` needs to resume (``Trainer.state_dict``) to ``path``."""
    return save_checkpoint(path, {"fingerprint": _fingerprint(trainer), "trainer": trainer.state_dict()})


def _restore(trainer: Trainer, path: Path, state: dict) -> None:
    mine, saved = _fingerprint(trainer), state.get("fingerprint", {})
    differ = [key for key in mine if mine[key] != saved.get(key)]
    if differ:
        raise CheckpointError(f"checkpoint {path} was saved by a different setup (differs in: {', '.join(differ)}); "
                              "delete it or choose another path")
    trainer.load_state_dict(state["trainer"])


def resume(trainer: Trainer, path: str | Path) -> bool:
    """Load the checkpoint at ``path`` into ``trainer`` if the file exists; True if it did."""
    path = Path(path)
    if not path.exists():
        return False
    _restore(trainer, path, load_checkpoint(path))
    return True


@contextlib.contextmanager
def _deferred_interrupt():
    """Within the block, a first Ctrl-C / kernel interrupt only sets ``flag['asked']``; a second one raises at once."""
    flag = {"asked": False, "stopped": False}
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def handler(signum, frame):
        if flag["asked"]:
            raise KeyboardInterrupt
        flag["asked"] = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


def train_with_checkpoints(trainer: Trainer, path: str | Path, until: int, every_n: int = 500,
                           callbacks: Sequence[Callback] = (), progress: bool = True) -> dict:
    """``trainer.run(until)`` that first resumes from ``path``, saves every ``every_n`` iterations and at the end.

    An interrupt (Ctrl-C, Jupyter's stop button) lets the current iteration finish, saves, and returns; run the
    call again to continue. If the process is killed, the next call continues from the last save.
    """
    path = Path(path)
    until = validate.positive_int("until", until, minimum=0)
    every_n = validate.positive_int("every_n", every_n)
    state = load_checkpoint(path) if path.exists() else None
    saved_at = [None]  # the iteration whose state the file holds, to skip saving the same state twice
    if state is not None and state["trainer"]["step_count"] >= trainer.step_count:
        _restore(trainer, path, state)
        saved_at[0] = trainer.step_count
        print(f"resumed from {path} at iteration {trainer.step_count}")
    del state

    def save(t: Trainer) -> None:
        save_trainer(t, path)
        saved_at[0] = t.step_count

    with _deferred_interrupt() as flag:
        def save_or_stop(t: Trainer) -> None:  # runs after the other callbacks, so the iteration is complete
            if t.step_count % every_n == 0:
                save(t)
            if flag["asked"]:
                flag["stopped"] = True
                raise KeyboardInterrupt
        trainer.run(until, callbacks=[*callbacks, save_or_stop], progress=progress)
        if trainer.step_count >= until or flag["stopped"]:
            if saved_at[0] != trainer.step_count:
                save(trainer)
            return trainer.history
    # an interrupt raised inside an iteration may have left it half done: go back to the last save
    if resume(trainer, path):
        print(f"rolled back to the last checkpoint, iteration {trainer.step_count}; run the call again to continue")
    else:
        print("interrupted inside an iteration before the first checkpoint: build a new trainer")
    return trainer.history
