"""Checkpoints that survive an interrupt, a killed kernel (kill -9) and a crash in the middle of a save.

A save writes a temporary file next to the target, flushes it to disk (fsync) and renames it
over the target with ``os.replace``, which is atomic: the file on disk is always the previous
checkpoint or the new one, never half of one. A load uses ``torch.load(weights_only=True)``,
which unpickles only tensors, numbers, strings and lists/tuples/dicts of them, so opening a
checkpoint cannot run code. Every save stores the SHA-256 of the archive in its zip comment and every
load checks it, so one flipped bit anywhere in the file is refused. ``train_with_checkpoints`` resumes
from the file if it exists and holds the same run (``fingerprint``); it never overwrites another run's file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
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
from .training import CHANGEABLE, Callback, Trainer

__all__ = ["CheckpointError", "to_safe", "save_checkpoint", "load_checkpoint", "data_fingerprint", "fingerprint",
           "save_trainer", "resume", "train_with_checkpoints"]

FORMAT = "gan_edu.checkpoint/1"
DIGEST_TAG = b"gan_edu sha256 "  # then 64 hex digits: the zip comment that save_checkpoint writes


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


def _with_digest(payload: bytes) -> bytes:
    """torch.save's zip archive with the SHA-256 of its bytes written into the archive's comment field."""
    if payload[-22:-18] != b"PK\x05\x06" or payload[-2:] != b"\x00\x00":
        raise RuntimeError("torch.save did not end its archive with an empty zip comment")
    comment = DIGEST_TAG + hashlib.sha256(payload).hexdigest().encode()
    return payload[:-2] + len(comment).to_bytes(2, "little") + comment


def _verify(path: Path, raw: bytes, sha256: str | None, restore: str) -> None:
    """CheckpointError naming ``path`` unless ``raw`` matches ``sha256`` (the whole file) or its own stored digest."""
    if sha256 is not None:
        actual = hashlib.sha256(raw).hexdigest()
        if actual != sha256:
            raise CheckpointError(f"{path} fails its SHA-256 integrity check (expected {sha256}, got {actual}): "
                                  f"the file is damaged or was replaced; {restore}")
        return
    n = len(DIGEST_TAG) + 64
    tail = raw[-(n + 22):]
    if len(raw) < n + 22 or tail[:4] != b"PK\x05\x06" or tail[20:22] != n.to_bytes(2, "little") \
            or not tail[22:].startswith(DIGEST_TAG):
        raise CheckpointError(f"{path} has no SHA-256 digest (written by an older gan_edu, truncated, or its end is "
                              f"damaged), so its integrity cannot be checked; {restore}")
    stored = tail[22 + len(DIGEST_TAG):].decode("ascii", "replace")
    actual = hashlib.sha256(raw[:-(n + 2)] + b"\x00\x00").hexdigest()
    if actual != stored:
        raise CheckpointError(f"{path} fails its SHA-256 integrity check (stored {stored}, computed {actual}): "
                              f"the file is damaged; {restore}")


def save_checkpoint(path: str | Path, state: dict) -> Path:
    """Atomically save ``state`` (made weights_only-safe by ``to_safe``) to ``path``, with the SHA-256 of its bytes
    in the zip archive's comment (``load_checkpoint`` checks it); returns the path. torch.load still reads it."""
    path = Path(validate.instance("path", path, (str, Path), "a file path (str or pathlib.Path)"))
    validate.instance("state", state, dict, "a dict")
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    torch.save({"format": FORMAT, **to_safe(state)}, buffer)
    _write_atomic(path, _with_digest(buffer.getvalue()))
    return path


def load_checkpoint(path: str | Path, sha256: str | None = None, restore: str = "delete it to start again") -> dict:
    """The state saved at ``path``, checked against its stored SHA-256 (or the whole file against ``sha256``, as for
    the shipped weights) and read with torch.load(weights_only=True); CheckpointError naming the file and saying how
    to ``restore`` it if it is missing, damaged or unreadable."""
    path = Path(validate.instance("path", path, (str, Path), "a file path (str or pathlib.Path)"))
    if sha256 is not None and not (isinstance(sha256, str) and len(sha256) == 64):
        raise ValueError(f"sha256 must be a hex SHA-256 digest of 64 characters (got {sha256!r})")
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist")
    raw = path.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(raw)):  # torch.save writes a zip archive; its directory sits at the very end
        raise CheckpointError(f"checkpoint {path} is truncated or corrupt (not a complete zip archive); {restore}")
    _verify(path, raw, sha256, restore)
    try:
        state = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except Exception as err:  # truncated zip, garbage bytes, forbidden pickle content...
        detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else ""
        reason = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
        if "weights only" in reason.lower():
            raise CheckpointError(f"checkpoint {path} holds objects other than tensors, numbers, strings and "
                                  "containers, so torch.load(weights_only=True) refuses it") from None
        raise CheckpointError(f"checkpoint {path} is truncated or corrupt ({reason}); {restore}") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a gan_edu checkpoint (no format {FORMAT!r})")
    return state


def _architecture(model: nn.Module) -> dict:
    return {"modules": repr(model), "shapes": {name: list(t.shape) for name, t in model.state_dict().items()}}


def data_fingerprint(sample_real) -> dict:
    """A cheap identity of the training data: the shape and SHA-256 of 256 rows drawn from the tensor behind
    ``sample_real`` (``mnist_models.real_sampler`` keeps it as ``.data``), else of 64 draws ``sample_real`` makes with
    a generator seeded 0 (independent of training)."""
    rng = torch.Generator().manual_seed(0)
    data = getattr(sample_real, "data", None)
    if isinstance(data, torch.Tensor) and len(data):
        rows = data[torch.randint(0, len(data), (256,), generator=rng)]
        shape = list(data.shape)
    else:
        rows = validate.function("sample_real", sample_real)(64, rng)
        shape = ["m", *rows.shape[1:]]
    rows = rows.detach().cpu().contiguous()
    digest = hashlib.sha256(str(rows.dtype).encode() + rows.numpy().tobytes()).hexdigest()
    return {"shape": shape, "dtype": str(rows.dtype), "sha256_of_sample": digest}


def fingerprint(trainer: Trainer, callbacks: Sequence[Callback] = ()) -> dict:
    """What must match for a checkpoint to continue ``trainer``: both architectures, every field of the
    configuration it was built with (``Trainer.run_config``), the schedules among ``callbacks`` (those with a
    ``describe()``) and the training data (``data_fingerprint``)."""
    validate.instance("trainer", trainer, Trainer, "a Trainer")
    schedules = [cb.describe() for cb in callbacks if callable(getattr(cb, "describe", None))]
    return to_safe({"generator": _architecture(trainer.generator), "discriminator": _architecture(trainer.discriminator),
                    **trainer.run_config, "schedule": schedules, "data": data_fingerprint(trainer.sample_real)})


ALLOWED_CHANGES = (*CHANGEABLE, "schedule", "data")  # what allow_changes may name


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 90 else text[:87] + "..."


def _differences(saved: dict, mine: dict) -> list[str]:
    return [key for key in {**saved, **mine} if saved.get(key, "<missing>") != mine.get(key, "<missing>")]


def _check_allowed(allow_changes) -> tuple[str, ...]:
    if isinstance(allow_changes, str) or not isinstance(allow_changes, (list, tuple, set, frozenset)):
        raise TypeError(f"allow_changes must be a tuple of field names, e.g. ('lr_d',) (got {allow_changes!r})")
    for name in allow_changes:
        if name not in ALLOWED_CHANGES:
            raise ValueError(f"allow_changes may name only {list(ALLOWED_CHANGES)} (got {name!r})")
    return tuple(allow_changes)


def _refuse_other_run(path: Path, state: dict, mine: dict, allow_changes: tuple[str, ...], action: str) -> list[str]:
    """The allowed differing fields; CheckpointError listing every other one as old -> new."""
    saved = state.get("fingerprint", {})
    differ = _differences(saved, mine)
    refused = [key for key in differ if key not in allow_changes]
    if refused:
        changes = "; ".join(f"{key}: {_short(saved.get(key, '<missing>'))} → {_short(mine.get(key, '<missing>'))}"
                            for key in refused)
        changeable = [key for key in refused if key in ALLOWED_CHANGES]
        fixed = [key for key in refused if key not in ALLOWED_CHANGES]
        hint = (f" Pass allow_changes=({', '.join(repr(k) for k in changeable)},) to change "
                f"{'it' if len(changeable) == 1 else 'them'} on purpose." if changeable else "")
        hint += f" {', '.join(fixed)} cannot change within a run." if fixed else ""
        raise CheckpointError(f"checkpoint {path} was saved by a different run, so {action} would silently change it "
                              f"({changes}).{hint} Otherwise delete the file or choose another path")
    return differ


def save_trainer(trainer: Trainer, path: str | Path, callbacks: Sequence[Callback] = ()) -> Path:
    """Atomically save everything ``trainer`` needs to resume, with its ``fingerprint``, to ``path``; refuses to
    overwrite a readable checkpoint of another run (a damaged one, which holds no run, is replaced)."""
    mine, path = fingerprint(trainer, callbacks), Path(validate.instance("path", path, (str, Path), "a file path"))
    if path.exists():
        try:
            state = load_checkpoint(path)
        except CheckpointError as err:  # a damaged checkpoint holds no run to protect; any other file does
            if "is not a gan_edu checkpoint" in str(err):
                raise CheckpointError(f"refusing to overwrite {path}: it is not a gan_edu checkpoint") from None
        else:
            _refuse_other_run(path, state, mine, (), "overwriting it")
    return _save(trainer, path, mine)


def _save(trainer: Trainer, path: Path, mine: dict) -> Path:
    return save_checkpoint(path, {"fingerprint": mine, "trainer": trainer.state_dict()})


def _restore(trainer: Trainer, path: Path, state: dict, mine: dict, allow_changes: tuple[str, ...]) -> list[str]:
    """Load ``state`` into ``trainer`` if it is of the same run up to ``allow_changes``; returns the changed fields."""
    differ = _refuse_other_run(path, state, mine, allow_changes, "resuming")
    wanted = dict(trainer.run_config)  # the caller's values, before the checkpoint's overwrite them
    trainer.load_state_dict(state["trainer"])
    changed = {key: wanted[key] for key in differ if key in CHANGEABLE}
    if changed:  # the caller's new values, applied to the optimisers too, not just to the config
        trainer.set_hyperparameters(**changed)
        print(f"resumed with changed {', '.join(f'{k}={v!r}' for k, v in changed.items())}")
    return differ


def resume(trainer: Trainer, path: str | Path, allow_changes: Sequence[str] = (),
           callbacks: Sequence[Callback] = ()) -> bool:
    """Load the checkpoint at ``path`` into ``trainer`` if the file exists; True if it did. CheckpointError if it was
    saved by a different run (fields not in ``allow_changes``); ``callbacks`` are the run's (schedules count)."""
    validate.instance("trainer", trainer, Trainer, "a Trainer")
    allow_changes = _check_allowed(allow_changes)
    path = Path(validate.instance("path", path, (str, Path), "a file path (str or pathlib.Path)"))
    if not path.exists():
        return False
    _restore(trainer, path, load_checkpoint(path), fingerprint(trainer, callbacks), allow_changes)
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


def train_with_checkpoints(trainer: Trainer, path: str | Path, until: int | None, every_n: int = 500,
                           callbacks: Sequence[Callback] = (), progress: bool = True,
                           allow_changes: Sequence[str] = (), budget_seconds: float | None = None) -> dict:
    """``trainer.run(until, budget_seconds=...)`` that first resumes from ``path``, saves every ``every_n`` iterations
    and at the end.

    With a time budget the elapsed time is in the checkpoint, so a resumed run spends what is left of the same budget;
    the budget is part of the fingerprint, and resuming with another one is refused.

    The file must hold this run: the same ``fingerprint`` (models, configuration, schedules among ``callbacks``,
    data), except the fields named in ``allow_changes``, whose new values then apply; otherwise CheckpointError
    lists each differing field, old → new, and the file is never overwritten. An interrupt (Ctrl-C, Jupyter's stop
    button) lets the current iteration finish, saves, and returns; run the call again to continue. If the process
    is killed, the next call continues from the last save.
    """
    allow_changes = _check_allowed(allow_changes)
    path = Path(validate.instance("path", path, (str, Path), "a file path (str or pathlib.Path)"))
    if until is None and budget_seconds is None:
        raise ValueError("give until (iterations in total) or budget_seconds (seconds of training in total)")
    until = math.inf if until is None else validate.positive_int("until", until, minimum=0)
    every_n = validate.positive_int("every_n", every_n)
    callbacks = [validate.function(f"callbacks[{i}]", c) for i, c in enumerate(callbacks)]
    mine = fingerprint(trainer, callbacks)
    if budget_seconds is not None:
        mine["budget_seconds"] = validate.in_range("budget_seconds", budget_seconds, 0.0, math.inf)
    budget = mine.get("budget_seconds", math.inf)
    state = load_checkpoint(path) if path.exists() else None
    saved_at = [None]  # the iteration whose state the file holds, to skip saving the same state twice
    if state is not None:
        if state["trainer"]["step_count"] >= trainer.step_count:
            changed = _restore(trainer, path, state, mine, allow_changes)
            saved_at[0] = None if changed else trainer.step_count  # a changed run is saved under its new fingerprint
            print(f"resumed from {path} at iteration {trainer.step_count}")
        else:  # this trainer is further along: it may overwrite the file only if the file is of the same run
            _refuse_other_run(path, state, mine, allow_changes, "overwriting it")
    del state

    def save(t: Trainer) -> None:
        _save(t, path, mine)
        saved_at[0] = t.step_count

    with _deferred_interrupt() as flag:
        def save_or_stop(t: Trainer) -> None:  # runs after the other callbacks, so the iteration is complete
            if t.step_count % every_n == 0:
                save(t)
            if flag["asked"]:
                flag["stopped"] = True
                raise KeyboardInterrupt
        trainer.run(None if until == math.inf else until, callbacks=[*callbacks, save_or_stop], progress=progress,
                    budget_seconds=None if budget == math.inf else budget)
        if trainer.step_count >= until or trainer.elapsed_seconds >= budget or flag["stopped"]:
            if saved_at[0] != trainer.step_count:
                save(trainer)
            return trainer.history
    # an interrupt raised inside an iteration may have left it half done: go back to the last save
    if path.exists():
        _restore(trainer, path, load_checkpoint(path), mine, allow_changes)
        print(f"rolled back to the last checkpoint, iteration {trainer.step_count}; run the call again to continue")
    else:
        print("interrupted inside an iteration before the first checkpoint: build a new trainer")
    return trainer.history
