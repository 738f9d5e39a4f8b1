"""Exercise checkers that teach: each recognises the typical wrong answers and names the mistake.

A student writes each exercise as a *function* in the notebook; the check cell hands that function to a
checker, which calls it on a few inputs and compares the result with the course's own reference:

- the function raises ``NotImplementedError`` (the student edition's stub): "not attempted yet";
- it matches the reference on every input: "correct";
- it matches one of the exercise's listed :class:`Mistake` s on every input: that mistake's hint,
  which names the mistake (a sign, a factor 2, log base 2 ...) without giving the answer;
- otherwise: "not yet", with where it differs (shape, NaN, too large or too small), never the value.

A checker prints its feedback and returns a :class:`Feedback`; it never raises for a wrong answer, so
*Run All* on a fresh student copy reaches the last cell. Autograding uses ``passed(name)`` in the
notebooks' hidden-test blocks, which raises ``AssertionError`` unless the last check of ``name`` passed.

One module per lesson topic (``exercises/optimal_discriminator.py`` ...) holds that lesson's checkers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["Feedback", "Mistake", "check_function", "check_choice", "passed", "RESULTS"]

CORRECT, MISTAKE, WRONG, NOT_ATTEMPTED = "correct", "mistake", "not yet", "not attempted yet"
RESULTS: dict[str, "Feedback"] = {}  # exercise name -> its latest feedback, read by passed()


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: ``status`` is one of correct / mistake / not yet / not attempted yet."""

    name: str
    status: str
    message: str
    mistake: str | None = None  # the Mistake's key when status == "mistake"

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        mark = {CORRECT: "✔", NOT_ATTEMPTED: "…"}.get(self.status, "✘")
        status = f"{NOT_ATTEMPTED}: " if self.status == NOT_ATTEMPTED else ""
        return f"{mark} {self.name}: {status}{self.message}"

    def _ipython_display_(self) -> None:
        """Shown once: the checker has printed it, so a check cell ending in the call shows no second copy."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``wrong`` computes it from the same inputs; ``hint`` names the mistake."""

    key: str
    hint: str
    wrong: Callable[..., Any]


def _report(feedback: Feedback) -> Feedback:
    RESULTS[feedback.name] = feedback
    print(feedback)
    return feedback


def _as_array(value) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def check_function(name: str, answer: Callable, reference: Callable, inputs: Sequence[tuple],
                   mistakes: Sequence[Mistake] = (), rtol: float = 1e-6, atol: float = 1e-9) -> Feedback:
    """Call ``answer(*args)`` for each ``args`` in ``inputs`` and compare with ``reference(*args)``.

    Numbers, numpy arrays and torch tensors are compared with ``np.allclose(rtol, atol)``.
    """
    if not callable(answer):
        return _report(Feedback(name, WRONG, f"pass your function itself (got a {type(answer).__name__})"))
    got, want = [], []
    for args in inputs:
        try:
            got.append(_as_array(answer(*args)))
        except NotImplementedError:
            return _report(Feedback(name, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your code, "
                                                        "run that cell, then this one"))
        except Exception as err:  # the student's code failed: say how, keep the notebook running
            return _report(Feedback(name, WRONG, f"your function raised {type(err).__name__}: {err}"))
        want.append(_as_array(reference(*args)))
    if all(_close(g, w, rtol, atol) for g, w in zip(got, want)):
        return _report(Feedback(name, CORRECT, "correct"))
    for mistake in mistakes:
        wrong = [_as_array(mistake.wrong(*args)) for args in inputs]
        if all(_close(g, w, rtol, atol) for g, w in zip(got, wrong)):
            return _report(Feedback(name, MISTAKE, mistake.hint, mistake.key))
    return _report(Feedback(name, WRONG, _where_it_differs(got, want, inputs, rtol, atol)))


def _where_it_differs(got, want, inputs, rtol, atol) -> str:
    """Where the first differing answer goes wrong, without printing the expected value."""
    for i, (g, w) in enumerate(zip(got, want)):
        if g.shape != w.shape:
            return f"on input {i + 1} your answer has shape {g.shape}, the expected shape is {w.shape}"
        if np.isnan(g).any() and not np.isnan(w).any():
            return f"on input {i + 1} your answer contains NaN: look for log(0), 0/0 or a division by zero"
        if not np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True):
            side = "too large" if np.nanmean(g - w) > 0 else "too small"
            return f"on input {i + 1} your answer is {side} (and matches none of the usual mistakes)"
    return "not yet"


def check_choice(name: str, answer: Callable[[], Any], correct: Any, allowed: Sequence[Any],
                 hints: dict[Any, str] | None = None, expected: str | None = None) -> Feedback:
    """A prediction or multiple-choice answer: ``answer()`` must return one of ``allowed``.

    ``hints`` maps a wrong choice to what that choice overlooks (shown instead of the answer); ``expected``
    says what form the answer takes, for an answer outside ``allowed`` (default: the list of ``allowed``).
    """
    try:
        value = answer() if callable(answer) else answer
    except NotImplementedError:
        return _report(Feedback(name, NOT_ATTEMPTED, "replace the `raise NotImplementedError` with your choice"))
    if value not in allowed:
        form = expected or f"one of {list(allowed)}"
        return _report(Feedback(name, WRONG, f"answer with {form} (got {value!r})"))
    if value == correct:
        return _report(Feedback(name, CORRECT, "correct"))
    hint = (hints or {}).get(value)
    if hint is not None:
        return _report(Feedback(name, MISTAKE, hint, str(value)))
    return _report(Feedback(name, WRONG, "not this one: run the experiment below the question and look again"))


def passed(name: str) -> bool:
    """True if the latest check of ``name`` was correct; AssertionError with its feedback otherwise (autograding)."""
    feedback = RESULTS.get(name)
    if feedback is None:
        raise AssertionError(f"{name}: its check cell has not run yet")
    if not feedback:
        raise AssertionError(str(feedback))
    return True
