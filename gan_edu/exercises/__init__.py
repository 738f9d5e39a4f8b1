"""Exercise checkers that teach: each recognises the typical wrong answers and names the mistake.

A student writes each exercise as a *function* in the notebook; the check cell hands that function to a
checker, which calls it on the exercise's published inputs and compares the results with *stored expected
values*: the reference solution's outputs on those inputs, and each typical mistake's outputs, computed from
the teacher's ``gan_edu.answers`` when the student edition is built (``expected_values``). The student's copy
holds those numbers, never the reference solutions or the mistake functions. The verdict:

- the function raises ``NotImplementedError`` (the student edition's stub): "not attempted yet";
- it returns the wrong type (a complex number, a string, a bool where a number is asked, a tensor where an
  array is asked ...): "not yet", naming the type;
- it matches the expected values on every input: "correct";
- it matches one typical mistake's stored outputs on every input: that mistake's hint, which names the
  mistake (a sign, a factor 2, log base 2 ...) without giving the answer;
- otherwise: "not yet", with where it differs (shape, NaN, too large or too small), never the value.

Each call of the student's function gets its own deep copy of the inputs, so an answer computed in place
is judged fairly and leaves the published inputs as they were. A checker prints its feedback and returns a
:class:`Feedback`; it never raises for a wrong answer, so *Run All* on a fresh student copy reaches the last
cell. Autograding runs the teacher's hidden tests (``gan_edu.answers.grade``) on inputs the student copy
never contains; ``passed(name)`` says whether the latest check of ``name`` passed.

One module per lesson topic (``exercises/optimal_discriminator.py`` ...) holds that lesson's published inputs
and checkers.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import expected_values

__all__ = ["Feedback", "FunctionExercise", "ChoiceExercise", "check_function", "check_choice", "passed", "RESULTS",
           "judge", "type_problem", "kind_of", "digest", "report", "CORRECT", "MISTAKE", "WRONG", "NOT_ATTEMPTED"]

CORRECT, MISTAKE, WRONG, NOT_ATTEMPTED = "correct", "mistake", "not yet", "not attempted yet"
RESULTS: dict[str, "Feedback"] = {}  # exercise name -> its latest feedback, read by passed()
KIND_WANTED = {"number": "a real number (a float)", "array": "a numpy array of real numbers",
               "tensor": "a torch tensor (or numpy array) of real numbers"}


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: ``status`` is one of correct / mistake / not yet / not attempted yet."""

    name: str
    status: str
    message: str
    mistake: str | None = None  # the mistake's key when status == "mistake"

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        mark = {CORRECT: "✔", NOT_ATTEMPTED: "…"}.get(self.status, "✘")
        status = f"{NOT_ATTEMPTED}: " if self.status == NOT_ATTEMPTED else ""
        return f"{mark} {self.name}: {status}{self.message}"

    def _ipython_display_(self) -> None:
        """Shown once: the checker has printed it, so a check cell ending in the call shows no second copy."""


def report(feedback: Feedback) -> Feedback:
    """Remember ``feedback`` as the latest of its exercise (for ``passed``) and print it."""
    RESULTS[feedback.name] = feedback
    print(feedback)
    return feedback


def _is_tensor(value) -> bool:
    return type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach")


def kind_of(value) -> str:
    """The kind of a reference output: "tensor", "array" (numpy, at least one axis) or "number"."""
    if _is_tensor(value):
        return "tensor"
    return "array" if isinstance(value, np.ndarray) and value.ndim > 0 else "number"


def _dtype_problem(dtype: np.dtype, what: str) -> str | None:
    names = {"b": "bools", "c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects"}
    return f"{what} of {names[dtype.kind]}" if dtype.kind in names else None


def type_problem(value, kind: str) -> str | None:
    """What is wrong with the type of ``value`` where a ``kind`` is asked ("number", "array", "tensor"), or None."""
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value!r})"
    if isinstance(value, (str, bytes)):
        return f"a string ({value!r})"
    if isinstance(value, (complex, np.complexfloating)):
        return f"a complex number ({value!r})"
    if value is None:
        return "None (did you forget `return`?)"
    if _is_tensor(value):
        if kind != "tensor":
            return "a torch tensor"
        if value.dtype.is_complex or str(value.dtype) == "torch.bool":
            return f"a torch tensor of {'complex numbers' if value.dtype.is_complex else 'bools'}"
        return None
    if isinstance(value, np.ndarray):
        return _dtype_problem(value.dtype, "a numpy array")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None
    if isinstance(value, (list, tuple)) and kind != "number":
        try:
            return _dtype_problem(np.asarray(value).dtype, f"a {type(value).__name__}")
        except (ValueError, TypeError):
            return f"a {type(value).__name__} that is not a grid of numbers"
    return f"a {type(value).__name__}"


def _as_array(value) -> np.ndarray:
    if _is_tensor(value):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def _split(value, n_parts: int | None) -> list | str:
    """The parts of one answer (a list of ``n_parts`` values, or [value]); a message if it has the wrong form."""
    if n_parts is None:
        return [value]
    if isinstance(value, (tuple, list)) and len(value) == n_parts:
        return list(value)
    if isinstance(value, np.ndarray) and value.ndim > 0 and len(value) == n_parts:
        return list(value)
    return f"return {n_parts} values, in order (for example `return a, b`), not a {type(value).__name__}"


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def judge(name: str, got: Sequence, want: dict, rtol: float, atol: float) -> tuple[Feedback, list[bool]]:
    """Compare the student's raw outputs ``got`` (one per input) with ``want`` (the stored-values format).

    ``want`` = {"parts": k or None, "kinds": [kind per part], "outputs": [[part, ...] per input],
    "mistakes": [{"key", "hint", "outputs"}]}. Returns the feedback and, per part, whether it is right on every
    input (for partial credit).
    """
    n_parts, kinds = want["parts"], want["kinds"]
    split = [_split(g, n_parts) for g in got]
    for i, parts in enumerate(split):
        if isinstance(parts, str):
            return Feedback(name, WRONG, f"on input {i + 1}: {parts}"), [False] * len(kinds)
        for j, (part, kind) in enumerate(zip(parts, kinds)):
            problem = type_problem(part, kind)
            if problem:
                where = f"part {j + 1} of your answer" if n_parts else "your answer"
                return Feedback(name, WRONG, f"{where} is {problem}; the exercise asks for {KIND_WANTED[kind]}"), \
                    [False] * len(kinds)
    got_arrays = [[_as_array(p) for p in parts] for parts in split]

    def matches(outputs) -> list[bool]:
        return [all(_close(g[j], np.asarray(w[j], dtype=np.float64), rtol, atol) for g, w in zip(got_arrays, outputs))
                for j in range(len(kinds))]

    right = matches(want["outputs"])
    if all(right):
        return Feedback(name, CORRECT, "correct"), right
    for mistake in want["mistakes"]:
        if all(matches(mistake["outputs"])):
            return Feedback(name, MISTAKE, mistake["hint"], mistake["key"]), right
    return Feedback(name, WRONG, _where_it_differs(got_arrays, want["outputs"], rtol, atol)), right


def _where_it_differs(got, want, rtol, atol) -> str:
    """Where the first differing answer goes wrong, without printing the expected value."""
    for i, (g_parts, w_parts) in enumerate(zip(got, want)):
        for j, (g, w) in enumerate(zip(g_parts, w_parts)):
            w = np.asarray(w, dtype=np.float64)
            part = f", part {j + 1}" if len(g_parts) > 1 else ""
            if g.shape != w.shape:
                return f"on input {i + 1}{part} your answer has shape {g.shape}, the expected shape is {w.shape}"
            if np.isnan(g).any() and not np.isnan(w).any():
                return f"on input {i + 1}{part} your answer contains NaN: look for log(0), 0/0 or a division by zero"
            if not np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True):
                with np.errstate(invalid="ignore"):
                    side = "too large" if np.nanmean(g - w) > 0 else "too small"
                return f"on input {i + 1}{part} your answer is {side} (and matches none of the usual mistakes)"
    return "not yet"


def call_each(fn: Callable, inputs: Sequence[tuple]) -> list:
    """``fn(*args)`` for each ``args``, each call on its own deep copy of the inputs."""
    return [fn(*copy.deepcopy(args)) for args in inputs]


@dataclass(frozen=True)
class FunctionExercise:
    """A function exercise as the student's copy knows it: its published inputs, never its reference.

    ``wrap`` turns a function of the exercise's form into the function the checker compares (a harness: for
    example one that runs a training step on a fresh trainer and returns the losses and weights).
    """

    name: str
    inputs: Sequence[tuple]
    wrap: Callable[[Callable], Callable] | None = None
    rtol: float = 1e-6
    atol: float = 1e-9

    def compared(self, fn: Callable) -> Callable:
        """The function the checker calls: ``wrap(fn)``, or ``fn`` itself."""
        return self.wrap(fn) if self.wrap else fn

    def check(self, answer: Callable) -> Feedback:
        """Run ``answer`` on the published inputs and judge it against the stored expected values."""
        return check_function(self, answer)

    def expected(self, *args):
        """The stored expected output for ``args``, one of the published inputs (a lesson's cell may quote it)."""
        for inputs, output in zip(self.inputs, expected_values.lookup(self.name)["outputs"]):
            if len(inputs) == len(args) and all(np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
                                                for a, b in zip(inputs, args)):
                return tuple(output) if len(output) > 1 else output[0]
        raise ValueError(f"args must be one of the published inputs of {self.name!r} (got {args!r})")


def check_function(exercise: FunctionExercise, answer: Callable) -> Feedback:
    """Call ``answer`` on each published input (a deep copy each time) and judge it against the stored values."""
    name = exercise.name
    if not callable(answer):
        return report(Feedback(name, WRONG, f"pass your function itself (got a {type(answer).__name__})"))
    try:
        got = call_each(exercise.compared(answer), exercise.inputs)
    except NotImplementedError:
        return report(Feedback(name, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your code, "
                                                    "run that cell, then this one"))
    except Exception as err:  # the student's code failed: say how, keep the notebook running
        return report(Feedback(name, WRONG, f"your function raised {type(err).__name__}: {err}"))
    feedback, _ = judge(name, got, expected_values.lookup(name), exercise.rtol, exercise.atol)
    return report(feedback)


def _plain(value):
    """A JSON-ready copy of a choice: tuples as lists, numpy scalars as Python numbers."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def digest(name: str, value) -> str:
    """The stored fingerprint of choice ``value`` of exercise ``name`` (the answer key is not stored in clear)."""
    return hashlib.sha256(json.dumps([name, _plain(value)]).encode()).hexdigest()[:24]


def _same(a, v) -> bool:
    """``v`` is the allowed choice ``a``, with a matching type: True is not the digit 1, "1" is not 1."""
    if isinstance(a, tuple):
        return isinstance(v, tuple) and len(a) == len(v) and all(_same(x, y) for x, y in zip(a, v))
    if isinstance(a, (bool, np.bool_)) or isinstance(v, (bool, np.bool_)):
        return isinstance(a, (bool, np.bool_)) and isinstance(v, (bool, np.bool_)) and a == v
    if isinstance(a, str):
        return isinstance(v, str) and a == v
    if isinstance(a, (int, float)):
        return isinstance(v, (int, float, np.integer, np.floating)) and a == v
    return a == v


@dataclass(frozen=True)
class ChoiceExercise:
    """A prediction or multiple-choice exercise: ``answer()`` returns one of ``allowed``.

    ``expected`` says what form the answer takes, for an answer outside ``allowed`` (default: the list).
    """

    name: str
    allowed: Sequence[Any]
    expected: str | None = None

    def value(self, answer):
        """The student's choice (tuples for pairs); NotImplementedError propagates."""
        value = answer() if callable(answer) else answer
        return tuple(value) if isinstance(value, list) and isinstance(self.allowed[0], tuple) else value

    def check(self, answer) -> Feedback:
        """Judge the student's choice against the stored answer key."""
        return check_choice(self, answer)


def check_choice(exercise: ChoiceExercise, answer) -> Feedback:
    """Judge ``answer()`` against the stored key: correct, a wrong choice with its hint, or not one of the choices."""
    name = exercise.name
    try:
        value = exercise.value(answer)
    except NotImplementedError:
        return report(Feedback(name, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your choice"))
    except Exception as err:
        return report(Feedback(name, WRONG, f"your function raised {type(err).__name__}: {err}"))
    if not any(_same(a, value) for a in exercise.allowed):
        form = exercise.expected or f"one of {list(exercise.allowed)}"
        return report(Feedback(name, WRONG, f"answer with {form} (got {value!r}, a {type(value).__name__})"))
    return report(judge_choice(name, value, expected_values.lookup(name)))


def judge_choice(name: str, value, want: dict) -> Feedback:
    """A valid choice against the stored key ``want`` = {"correct": digest, "hints": {digest: hint}}."""
    key = digest(name, value)
    if key == want["correct"]:
        return Feedback(name, CORRECT, "correct")
    hint = want["hints"].get(key)
    if hint is not None:
        return Feedback(name, MISTAKE, hint, str(value))
    return Feedback(name, WRONG, "not this one: run the experiment below the question and look again")


def passed(name: str) -> bool:
    """True if the latest check of ``name`` was correct; AssertionError with its feedback otherwise."""
    feedback = RESULTS.get(name)
    if feedback is None:
        raise AssertionError(f"{name}: its check cell has not run yet")
    if not feedback:
        raise AssertionError(str(feedback))
    return True
