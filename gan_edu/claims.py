"""Claims: bind what a lesson's prose says to what its code measures.

Every number a lesson's markdown states is *stated* again in a code cell of the same section, next to the
value the notebook computes, and checked two-sided; every sentence about a direction or a shape names
the phrase it relies on, and the code checks that phrase:

    claims.number("D(0) between the modes, k = 1", d_mid, stated=0.05, tol=0.03)
    claims.that("p_g moves left", mean_after < mean_before)

``tests/test_prose_claims.py`` reads the notebooks without running them and fails when a number in the
prose is stated by no ``claims.number`` of its section, or when a direction/shape sentence contains no
phrase of a ``claims.that``; running the notebook (nbval) then checks each claim against the measurement.
"""

from __future__ import annotations

import math

from . import validate

__all__ = ["ClaimError", "number", "that"]


class ClaimError(AssertionError):
    """What the prose says is not what the notebook measured."""


def number(label: str, value, stated: float, tol: float) -> float:
    """Print ``value`` beside the ``stated`` number and check ``|value - stated| <= tol``; returns ``value``.

    ``tol`` comes from the measured spread (over seeds, or the rounding of ``stated``), not a wide margin.
    """
    if not isinstance(label, str) or not label:
        raise ValueError(f"label must be a non-empty string (got {label!r})")
    stated = validate.in_range("stated", stated, -math.inf, math.inf)
    tol = validate.in_range("tol", tol, 0.0, math.inf)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"value for {label!r} must be a real number (got {value!r})") from None
    print(f"{label}: {value:.6g} (the text says {stated:g} ± {tol:g})")
    if not abs(value - stated) <= tol:  # also fails on NaN
        raise ClaimError(f"the text says {label} is {stated:g} ± {tol:g}, but this run measured {value:.6g}")
    return value


def that(phrase: str, condition) -> None:
    """Check that the sentence part ``phrase`` (quoted from the prose) holds here; prints it with a tick."""
    if not isinstance(phrase, str) or not phrase:
        raise ValueError(f"phrase must be a non-empty string quoted from the prose (got {phrase!r})")
    holds = bool(condition)
    if not holds:
        raise ClaimError(f"the text says {phrase!r}, but it is false in this run")
    print(f"✔ {phrase}")
