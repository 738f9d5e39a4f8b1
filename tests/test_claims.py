"""claims.number is two-sided and names the label; claims.that names the false phrase."""

import math

import pytest

from gan_edu import claims


def test_number_is_two_sided(capsys):
    assert claims.number("D(0)", 0.82, stated=0.83, tol=0.02) == pytest.approx(0.82)
    assert "D(0): 0.82 (the text says 0.83 ± 0.02)" in capsys.readouterr().out
    for value in (0.80, 0.86, math.nan):
        with pytest.raises(claims.ClaimError, match=r"the text says D\(0\) is 0.83"):
            claims.number("D(0)", value, stated=0.83, tol=0.02)


def test_that_names_the_phrase(capsys):
    claims.that("p_g moves left", True)
    assert "✔ p_g moves left" in capsys.readouterr().out
    with pytest.raises(claims.ClaimError, match="'p_g moves left'"):
        claims.that("p_g moves left", False)


@pytest.mark.parametrize("call, msg", [
    (lambda: claims.number("", 1, 1, 0), "label must be a non-empty string"),
    (lambda: claims.number("x", "a", 1, 0), "value for 'x' must be a real number"),
    (lambda: claims.number("x", 1, 1, -1), "tol must lie in"),
    (lambda: claims.that("", True), "phrase must be a non-empty string"),
])
def test_bad_arguments_are_named(call, msg):
    with pytest.raises(ValueError, match=msg):
        call()
