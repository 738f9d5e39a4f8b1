"""Each argument check: accepts a good value unchanged, and rejects each kind of bad value
with a ValueError that names the argument and its allowed range (one case per test)."""

import numpy as np
import pytest

from gan_edu import validate


def test_good_values_pass_through():
    np.testing.assert_array_equal(validate.finite_array("x", [1, 2.5]), [1.0, 2.5])
    np.testing.assert_array_equal(validate.positive_array("stds", [0.1, 3]), [0.1, 3.0])
    np.testing.assert_array_equal(validate.probability_vector("weights", [0.25, 0.75]), [0.25, 0.75])
    assert validate.positive_int("n", np.int64(3)) == 3 and validate.positive_int("n", 0, minimum=0) == 0
    assert validate.in_range("t", 1, 0, 1) == 1.0
    fn = lambda x: x  # noqa: E731
    assert validate.function("d", fn) is fn
    assert validate.broadcastable("a and b", np.zeros((3, 1)), np.zeros(4)) == (3, 4)


@pytest.mark.parametrize("call, msg", [
    # finite_array
    (lambda: validate.finite_array("x", [0.0, np.nan]), "x must be finite, with no NaN or Inf"),
    (lambda: validate.finite_array("x", [np.inf]), "x must be finite"),
    (lambda: validate.finite_array("x", ["a"]), "x must be an array of real numbers"),
    (lambda: validate.finite_array("x", [[1.0]], ndim=1), r"x must have 1 dimension\(s\)"),
    # positive_array: zero, negative, NaN widths
    (lambda: validate.positive_array("stds", [1.0, 0.0]), r"stds must be > 0 everywhere, allowed range \(0, inf\)"),
    (lambda: validate.positive_array("stds", [-1.0]), r"stds must be > 0 everywhere"),
    (lambda: validate.positive_array("stds", [np.nan]), "stds must be finite"),
    # probability_vector: negative, not summing to 1, empty, NaN, wrong dimension
    (lambda: validate.probability_vector("weights", [-0.1, 1.1]), r"weights must be non-empty with entries in \[0, 1\]"),
    (lambda: validate.probability_vector("weights", [0.5, 0.4]), "weights must sum to 1"),
    (lambda: validate.probability_vector("weights", []), "weights must be non-empty"),
    (lambda: validate.probability_vector("weights", [np.nan, 1.0]), "weights must be finite"),
    (lambda: validate.probability_vector("weights", [[0.5, 0.5]]), r"weights must have 1 dimension"),
    # positive_int
    (lambda: validate.positive_int("n", 0), "n must be an integer >= 1"),
    (lambda: validate.positive_int("n", 2.0), "n must be an integer >= 1"),
    (lambda: validate.positive_int("n", True), "n must be an integer >= 1"),
    # in_range
    (lambda: validate.in_range("lr", -1.0, 0.0, 1.0), r"lr must lie in \[0.0, 1.0\]"),
    (lambda: validate.in_range("lr", np.nan, 0.0, 1.0), r"lr must lie in \[0.0, 1.0\]"),
    (lambda: validate.in_range("lr", "fast", 0.0, 1.0), r"lr must be a number in \[0.0, 1.0\]"),
    # function, broadcastable
    (lambda: validate.function("d", 0.5), "d must be a function of x"),
    (lambda: validate.broadcastable("a and b", np.zeros(3), np.zeros(4)), r"a and b must have matching shapes \(got \(3,\), \(4,\)\)"),
])
def test_bad_values_are_named(call, msg):
    with pytest.raises(ValueError, match=msg):
        call()


def test_good_tensors_pass_through():
    import torch
    x = torch.arange(3.0)
    assert validate.tensor("x", x) is x and validate.tensor("x", [1, 2], floating=True).dtype == torch.float32
    probs = validate.probability_rows("probs", [[0.25, 0.75], [1.0, 0.0]])
    assert probs.shape == (2, 2)
    cov = validate.covariance("cov", [[2.0, 1.0], [1.0, 2.0]], 2)
    assert cov.dtype == torch.float64 and torch.equal(cov, cov.T)
    gen = torch.Generator()
    assert validate.torch_generator("generator", gen) is gen
    assert validate.images("x", torch.zeros(2, 1, 28, 28)).shape == (2, 1, 28, 28)
