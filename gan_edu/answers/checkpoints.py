"""The key of lesson 11 (appendix: checkpoints): the atomic save, the resume point, and two predictions."""

from __future__ import annotations

import os
from pathlib import Path

from ..exercises import checkpoints as published
from . import ChoiceAnswer, CustomAnswer, FunctionAnswer, Mistake

__all__ = ["atomic_save", "resume_point", "EXERCISES"]


def atomic_save(path, data: bytes) -> None:
    """Reference: write a temporary file beside ``path``, force it to disk, then rename it over ``path``."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def resume_point(event, k, every_n):
    """Reference: the iteration count a resumed run starts from, when the run was stopped during iteration k
    (``"interrupt"``: the first Ctrl-C lets iteration k finish and saves; ``"kill -9"``: the process dies at once,
    and saves happen after every ``every_n``-th iteration)."""
    return k if event == "interrupt" else (k - 1) // every_n * every_n


RESUME_MISTAKES = [
    Mistake("off by one", "one save out: during iteration k only k - 1 iterations are complete, and a save runs "
            "after its iteration has finished", lambda e, k, n: k if e == "interrupt" else k // n * n),
    Mistake("kill like interrupt", "kill -9 gives the process no chance to save: only the last periodic save survives",
            lambda e, k, n: k),
    Mistake("interrupt like kill", "an interrupt is deferred: the first one lets the iteration finish and saves "
            "before stopping", lambda e, k, n: (k - 1) // n * n),
]


TORN_HINTS = {
    "the old checkpoint": "opening the file for writing empties it at once: the old bytes are gone before "
                          "the first new byte is written",
    "the new checkpoint": "the crash came halfway through the write: only part of the new bytes reached the file",
}


STATE_HINTS = {
    "the weights": "Adam keeps running averages of each gradient and its square: without them the next steps differ",
    "the weights and the optimisers": "the minibatches and the noise z come from a seeded torch.Generator: "
                                      "a fresh one would draw the first minibatches again",
}

EXERCISES = [
    ChoiceAnswer(published.TORN, "a torn file", TORN_HINTS, points=1),
    CustomAnswer(published.ATOMIC_SAVE, published.judge_atomic_save, list(published.ATOMIC_SAVE_HINTS), points=3),
    ChoiceAnswer(published.STATE, published.STATE_CHOICES[2], STATE_HINTS, points=1),
    FunctionAnswer(published.RESUME_POINT, resume_point, RESUME_MISTAKES, points=2,
                   hidden=[("interrupt", 13, 4), ("kill -9", 13, 4), ("kill -9", 21, 7), ("kill -9", 22, 7)]),
]
