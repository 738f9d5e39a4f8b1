"""Checkers for lesson 11 (appendix: checkpoints): an atomic save, the iteration a resumed run continues from,
and two predictions (what a crash halfway through an in-place save leaves; what a bit-identical resume needs).

``check_atomic_save`` runs the student's ``save(path, data)`` in a temporary folder twice, recording the calls to
``open``, ``os.fsync``, ``os.replace`` and ``os.rename``: once normally, and once with a write that crashes
halfway. It names the first typical mistake it sees (``ATOMIC_SAVE_HINTS``); the other checkers compare with the
stored expected values (the references and typical mistakes are the teacher's, in ``gan_edu.answers``).
"""

from __future__ import annotations

import builtins
import io
import os
import tempfile
from pathlib import Path

from . import CORRECT, MISTAKE, NOT_ATTEMPTED, WRONG, ChoiceExercise, Feedback, FunctionExercise, report

__all__ = ["ATOMIC_SAVE", "ATOMIC_SAVE_HINTS", "RESUME_POINT", "TORN", "STATE", "TORN_CHOICES", "STATE_CHOICES",
           "judge_atomic_save", "check_atomic_save", "check_resume_point", "check_torn_prediction",
           "check_state_prediction"]


ATOMIC_SAVE_HINTS = {
    "in place": "you opened the checkpoint itself for writing: a crash halfway leaves a torn file, "
                "and the previous checkpoint is already gone",
    "no fsync": "the data may still sit in the operating system's cache when the rename happens: "
                "after a power cut the new name can point at an empty file. Force the bytes to disk first",
    "rename before fsync": "you renamed before forcing the bytes to disk: the order matters, "
                           "the file must be complete on disk before it takes the checkpoint's name",
    "other directory": "your temporary file is in another folder: a rename is only atomic within one file system, "
                       "so keep it next to the checkpoint",
    "os.rename": "os.rename refuses to overwrite an existing file on Windows; use the call that replaces on every system",
    "torn after a crash": "after a write that crashed halfway, the checkpoint no longer holds the previous save: "
                          "only rename a file once it is complete",
    "wrong content": "after your function the file does not hold exactly the bytes you were given",
}


class _Crash(Exception):
    """The simulated crash halfway through a write."""


def _traced(answer, path: Path, data: bytes, crash: bool) -> list[tuple]:
    """Run answer(path, data) with open/fsync/replace/rename recorded; with ``crash``, every write stops halfway."""
    events: list[tuple] = []
    real = {"open": builtins.open, "io_open": io.open, "fsync": os.fsync, "replace": os.replace, "rename": os.rename,
            "os_open": os.open, "os_write": os.write}

    class Tracked:
        def __init__(self, f, name):
            self._f, self._name = f, name

        def write(self, b):
            b = bytes(b)
            if crash:
                self._f.write(b[:len(b) // 2])
                self._f.flush()
                raise _Crash()
            events.append(("write", self._name))
            return self._f.write(b)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._f.close()

        def __getattr__(self, name):
            return getattr(self._f, name)

    def traced_open(file, mode="r", *args, **kwargs):
        f = real["open"](file, mode, *args, **kwargs)
        if any(c in mode for c in "wax+"):
            name = os.path.abspath(file) if isinstance(file, (str, os.PathLike)) else str(getattr(f, "name", file))
            events.append(("open", name))
            return Tracked(f, name)
        return f

    def traced_os_open(file, flags, *args, **kwargs):  # the low-level route: os.open / os.write
        fd = real["os_open"](file, flags, *args, **kwargs)
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            events.append(("open", os.path.abspath(file)))
        return fd

    def traced_os_write(fd, b):
        b = bytes(b)
        if crash:
            real["os_write"](fd, b[:len(b) // 2])
            raise _Crash()
        events.append(("write", fd))
        return real["os_write"](fd, b)

    def traced_fsync(fd):
        events.append(("fsync",))
        return real["fsync"](fd)

    def traced_move(kind):
        def move(src, dst, *args, **kwargs):
            events.append((kind, os.path.abspath(src), os.path.abspath(dst)))
            return real[kind](src, dst, *args, **kwargs)
        return move

    namespace = getattr(answer, "__globals__", {})  # IPython puts its own `open` in a notebook's namespace
    shadowing = "open" in namespace
    builtins.open = io.open = traced_open
    if shadowing:
        real["namespace_open"], namespace["open"] = namespace["open"], traced_open
    os.fsync, os.replace, os.rename = traced_fsync, traced_move("replace"), traced_move("rename")
    os.open, os.write = traced_os_open, traced_os_write
    try:
        answer(path, data)
    except _Crash:
        pass
    finally:
        builtins.open, io.open = real["open"], real["io_open"]
        if shadowing:
            namespace["open"] = real["namespace_open"]
        os.fsync, os.replace, os.rename = real["fsync"], real["replace"], real["rename"]
        os.open, os.write = real["os_open"], real["os_write"]
    return events


def _classify(answer) -> tuple[str, str]:
    """(label, detail) of the student's save; NotImplementedError propagates (not attempted)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run" / "checkpoint.pt"
        path.parent.mkdir()
        old, new = b"previous checkpoint " * 50, b"the new checkpoint! " * 60
        path.write_bytes(old)
        try:
            events = _traced(answer, path, new, crash=False)
        except NotImplementedError:
            raise
        except Exception as err:
            return "raised", f"your function raised {type(err).__name__}: {err}"
        target = os.path.abspath(path)
        moves = [i for i, e in enumerate(events) if e[0] in ("replace", "rename")]
        syncs = [i for i, e in enumerate(events) if e[0] == "fsync"]
        if any(e[:2] == ("open", target) for e in events):
            return "in place", ""
        if path.read_bytes() != new:
            return "wrong content", ""
        if not syncs:
            return "no fsync", ""
        if moves and min(syncs) > min(moves):
            return "rename before fsync", ""
        if any(os.path.dirname(events[i][1]) != os.path.dirname(target) for i in moves):
            return "other directory", ""
        if any(events[i][0] == "rename" for i in moves):
            return "os.rename", ""
        path.write_bytes(old)
        try:
            _traced(answer, path, new, crash=True)
        except Exception:  # the crash may surface as another error in the student's code; the file is what counts
            pass
        if path.read_bytes() != old:
            return "torn after a crash", ""
    return "atomic", ""


ATOMIC_SAVE = "an atomic save"


def judge_atomic_save(answer) -> Feedback:
    """The feedback on ``answer(path, data)``, from its calls and from what a crash halfway leaves (not printed)."""
    try:
        label, detail = _classify(answer)
    except NotImplementedError:
        return Feedback(ATOMIC_SAVE, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your code")
    if label == "atomic":
        return Feedback(ATOMIC_SAVE, CORRECT, "correct")
    if label == "raised":
        return Feedback(ATOMIC_SAVE, WRONG, detail)
    return Feedback(ATOMIC_SAVE, MISTAKE, ATOMIC_SAVE_HINTS[label], label)


def check_atomic_save(answer) -> Feedback:
    """``answer(path, data)`` must replace the file at ``path`` by ``data`` so that a crash leaves old or new."""
    return report(judge_atomic_save(answer))


RESUME_POINT = FunctionExercise("the iteration a resumed run continues from",
                                [("interrupt", 25, 20), ("kill -9", 36, 10), ("kill -9", 40, 10), ("kill -9", 41, 10),
                                 ("interrupt", 7, 5), ("kill -9", 3, 5)])
TORN_CHOICES = ("the old checkpoint", "the new checkpoint", "a torn file")
TORN = ChoiceExercise("a crash halfway through an in-place save", TORN_CHOICES)
STATE_CHOICES = ("the weights", "the weights and the optimisers", "the weights, the optimisers and the random generator")
STATE = ChoiceExercise("what a bit-identical resume needs", STATE_CHOICES)


def check_resume_point(answer) -> Feedback:
    """``answer(event, k, every_n)``: the iteration a resumed run continues from."""
    return RESUME_POINT.check(answer)


def check_torn_prediction(answer) -> Feedback:
    """``answer()``: what the file holds after a crash halfway through writing a checkpoint in place."""
    return TORN.check(answer)


def check_state_prediction(answer) -> Feedback:
    """``answer()``: what a checkpoint must hold for a resumed run to repeat the uninterrupted one bit for bit."""
    return STATE.check(answer)
