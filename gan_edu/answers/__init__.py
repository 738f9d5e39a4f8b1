"""The teacher's answer key: reference solutions, typical mistakes, hidden inputs and points of every exercise.

This package is the teacher's alone: ``gan_edu.student_edition`` leaves it out of the student edition and
stores, in its place, the numbers the student-facing checkers need (:func:`expected_table`): each reference's
and each mistake's outputs on the *published* inputs, and a fingerprint of each prediction's answer.

Autograding runs :func:`grade` in each check cell's hidden tests: the student's function on *hidden* inputs
that the student copy never contains, compared with the reference computed here, so a function that hard-codes
the published expected values fails. A multi-part exercise (one returning several values) earns partial credit,
part by part. One module per lesson topic (``answers/optimal_discriminator.py`` ...) lists that lesson's
``EXERCISES``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .. import exercises as ex

__all__ = ["Mistake", "FunctionAnswer", "ChoiceAnswer", "CustomAnswer", "registry", "expected_entry",
           "expected_table", "grade", "lesson_points", "rubric_markdown", "GRADE_MIME"]

GRADE_MIME = "application/vnd.gan-edu.grade+json"  # the record an autograded cell carries for the class report


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``wrong`` computes it from the same inputs; ``hint`` names the mistake."""

    key: str
    hint: str
    wrong: Callable[..., Any]


@dataclass(frozen=True)
class FunctionAnswer:
    """The key of a function exercise: its reference, mistakes, hidden inputs and points."""

    exercise: ex.FunctionExercise
    reference: Callable
    mistakes: Sequence[Mistake]
    hidden: Sequence[tuple]
    points: int = 1

    def entry(self, inputs: Sequence[tuple] | None = None) -> dict:
        """The stored-values entry on ``inputs`` (default: the published ones)."""
        inputs = self.exercise.inputs if inputs is None else inputs
        run = lambda fn: ex.call_each(self.exercise.compared(fn), inputs)  # noqa: E731
        outputs = run(self.reference)
        n_parts = len(outputs[0]) if isinstance(outputs[0], tuple) else None
        as_parts = lambda out: [_plain(p) for p in (out if n_parts else [out])]  # noqa: E731
        return {"kind": "function", "parts": n_parts,
                "kinds": [ex.kind_of(p) for p in (outputs[0] if n_parts else [outputs[0]])],
                "outputs": [as_parts(o) for o in outputs],
                "mistakes": [{"key": m.key, "hint": m.hint, "outputs": [as_parts(o) for o in run(m.wrong)]}
                             for m in self.mistakes]}

    def grade(self, answer: Callable) -> tuple[ex.Feedback, float]:
        """Judge ``answer`` on the hidden inputs: the feedback and the fraction of the parts right."""
        name = self.exercise.name
        try:
            got = ex.call_each(self.exercise.compared(answer), self.hidden)
        except NotImplementedError:
            return ex.Feedback(name, ex.NOT_ATTEMPTED, "the function still raises NotImplementedError"), 0.0
        except Exception as err:
            return ex.Feedback(name, ex.WRONG, f"on the hidden inputs your function raised "
                                               f"{type(err).__name__}: {err}"), 0.0
        feedback, right = ex.judge(name, got, self.entry(self.hidden), self.exercise.rtol, self.exercise.atol)
        return feedback, sum(right) / len(right)


@dataclass(frozen=True)
class ChoiceAnswer:
    """The key of a prediction: the right choice, a hint for each typical wrong one, and points.

    A pair (prediction, reason) earns half the points for each right half.
    """

    exercise: ex.ChoiceExercise
    correct: Any
    hints: dict = field(default_factory=dict)
    points: int = 1

    def entry(self) -> dict:
        name = self.exercise.name
        return {"kind": "choice", "correct": ex.digest(name, self.correct),
                "hints": {ex.digest(name, choice): hint for choice, hint in self.hints.items()}}

    def grade(self, answer) -> tuple[ex.Feedback, float]:
        name = self.exercise.name
        try:
            value = self.exercise.value(answer)
        except NotImplementedError:
            return ex.Feedback(name, ex.NOT_ATTEMPTED, "the function still raises NotImplementedError"), 0.0
        except Exception as err:
            return ex.Feedback(name, ex.WRONG, f"your function raised {type(err).__name__}: {err}"), 0.0
        if not any(ex._same(a, value) for a in self.exercise.allowed):
            return ex.Feedback(name, ex.WRONG, f"{value!r} is not one of the choices"), 0.0
        feedback = ex.judge_choice(name, value, self.entry())
        if isinstance(self.correct, tuple):
            return feedback, sum(ex._same(c, v) for c, v in zip(self.correct, value)) / len(self.correct)
        return feedback, float(bool(feedback))


@dataclass(frozen=True)
class CustomAnswer:
    """An exercise judged by behaviour, not by values (an atomic save, a pair of vectors): ``judge`` grades it."""

    name: str
    judge: Callable[[Callable], ex.Feedback]
    labels: Sequence[str]  # the typical mistakes ``judge`` names
    points: int = 1

    def entry(self) -> None:
        return None

    def grade(self, answer) -> tuple[ex.Feedback, float]:
        feedback = self.judge(answer)
        return feedback, float(bool(feedback))


def _plain(value):
    """A JSON-ready copy of one output: arrays and tensors as nested lists of floats."""
    if ex.kind_of(value) == "tensor":
        value = value.detach().cpu().numpy()
    import numpy as np

    array = np.asarray(value, dtype=np.float64)
    return array.tolist() if array.ndim else float(array)


def _name(answer) -> str:
    return answer.exercise.name if hasattr(answer, "exercise") else answer.name


def registry() -> dict[str, tuple[str, FunctionAnswer | ChoiceAnswer | CustomAnswer]]:
    """Every exercise by name: (its topic module's name, its key), in lesson order."""
    out = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for answer in module.EXERCISES:
            if _name(answer) in out:
                raise ValueError(f"exercise name {_name(answer)!r} is used twice ({info.name})")
            out[_name(answer)] = (info.name, answer)
    return out


def expected_entry(name: str) -> dict:
    """The stored-values entry of exercise ``name`` (what the student-facing checker compares with)."""
    table = registry()
    if name not in table:
        raise KeyError(f"name must be an exercise of gan_edu.answers (got {name!r}; known: {sorted(table)})")
    entry = table[name][1].entry()
    if entry is None:
        raise KeyError(f"the exercise {name!r} is judged by behaviour and has no stored values")
    return entry


def expected_table() -> dict[str, dict]:
    """Every stored-values entry, by exercise name: what the student edition ships instead of this package."""
    entries = {name: answer.entry() for name, (_, answer) in registry().items()}
    return {name: entry for name, entry in entries.items() if entry is not None}


def grade(name: str, answer) -> float | None:
    """The hidden test of exercise ``name`` (autograding): judge ``answer`` on the hidden inputs.

    All right: returns None (nbgrader gives full points). Nothing right: raises AssertionError with the
    feedback (no points). Some parts right: prints the feedback and returns the points earned (nbgrader's
    partial credit). When not fully right, it also displays a record for ``course.py class-report``.
    """
    table = registry()
    if name not in table:
        raise KeyError(f"name must be an exercise of gan_edu.answers (got {name!r})")
    key = table[name][1]
    feedback, fraction = key.grade(answer)
    if fraction >= 1.0:
        return None
    score = round(key.points * fraction, 3)
    _display_record({"exercise": name, "status": feedback.status, "mistake": feedback.mistake,
                     "message": feedback.message, "score": score, "points": key.points})
    if score == 0:
        raise AssertionError(f"hidden test: {feedback}")
    print(f"hidden test, partial credit {score} of {key.points}: {feedback}")
    return score


def _display_record(record: dict) -> None:
    """Attach ``record`` to the cell's outputs under GRADE_MIME (inside a kernel only; HTML shows nothing of it)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display({GRADE_MIME: json.loads(json.dumps(record))}, raw=True)


def lesson_points() -> dict[str, list[tuple[str, int, str]]]:
    """Per topic module: [(exercise, points, "function" / "choice" / "behaviour" and its parts)]."""
    out: dict[str, list] = {}
    for name, (module, answer) in registry().items():
        if isinstance(answer, FunctionAnswer):
            n = answer.entry()["parts"]
            how = f"{n} parts, partial credit" if n else "values"
        elif isinstance(answer, ChoiceAnswer):
            how = "a pair, half for each" if isinstance(answer.correct, tuple) else "a choice"
        else:
            how = "behaviour"
        out.setdefault(module, []).append((name, answer.points, how))
    return out


def rubric_markdown(lesson_of: dict[str, str]) -> str:
    """The rubric table for TEACHING.md: one row per lesson, its exercises with points, and its total.

    ``lesson_of`` maps a topic module's name to the lesson's notebook stem.
    """
    rows = ["| lesson | exercises (points; how graded) | total |", "|---|---|---|"]
    for module, items in sorted(lesson_points().items(), key=lambda kv: lesson_of[kv[0]]):
        cells = "; ".join(f"{name} ({points}; {how})" for name, points, how in items)
        rows.append(f"| {lesson_of[module]} | {cells} | {sum(p for _, p, _ in items)} |")
    total = sum(p for items in lesson_points().values() for _, p, _ in items)
    rows.append(f"| all lessons | | {total} |")
    return "\n".join(rows)
