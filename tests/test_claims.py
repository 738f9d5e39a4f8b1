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


# ---- the four holes found by probing the guarantee (issue 23): each now raises --------------------------------

def test_an_infinite_tolerance_is_refused():
    with pytest.raises(ValueError, match="tol must be finite|an infinite tolerance accepts any value"):
        claims.number("D(0)", 12345.0, stated=0.83, tol=math.inf)
    with pytest.raises(ValueError, match="must be finite"):
        claims.number("D(0)", 1.0, stated=math.inf, tol=0)


@pytest.mark.parametrize("condition", [math.nan, "False", "True", 1.0, 0, [], [False], None])
def test_that_refuses_anything_but_a_truth_value(condition):
    with pytest.raises(TypeError, match="condition for 'p_g moves left' must be a bool"):
        claims.that("p_g moves left", condition)


def test_that_takes_numpy_and_torch_truth_values():
    import numpy as np
    import torch

    claims.that("numpy", np.float64(1.0) < 2)
    claims.that("torch", torch.tensor(1.0) < 2)
    claims.that("numpy all", np.all(np.array([1, 2]) > 0))
    with pytest.raises(claims.ClaimError):
        claims.that("torch false", torch.tensor([3.0]) < 2)
    with pytest.raises(TypeError):
        claims.that("two truth values", np.array([True, False]))


def test_number_refuses_strings_booleans_and_complex_values():
    for value in ("0.83", True, 0.83 + 0j):
        with pytest.raises(ValueError, match="must be a real number"):
            claims.number("D(0)", value, stated=0.83, tol=0.02)


def test_the_comparison_tests():
    collapse = claims.fisher_exact("collapsed runs, k = 5 against k = 1", 5, 1, seeds=8)
    assert collapse.p == pytest.approx(0.1189, abs=1e-4) and collapse.weak and collapse.seeds == 8
    assert not claims.fisher_exact("all against none", 8, 0, seeds=8).weak
    same = claims.paired_test("identical", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert same.p == 1.0 and same.weak
    shift = claims.paired_test("shifted", [1.0, 2.0, 3.0, 4.0, 5.0], [1.5, 2.6, 3.4, 4.5, 5.6])
    assert shift.p < 0.001 and "paired t-test, 5 seeds" in str(shift)
    with pytest.raises(ValueError, match="hits_a and hits_b must lie in"):
        claims.fisher_exact("x", 9, 1, seeds=8)
    with pytest.raises(ValueError, match="one value per seed"):
        claims.paired_test("x", [1.0, 2.0], [1.0])
