import numpy as np
import pytest
import torch

from gan_edu.checks import check_close


def test_exact_and_approximate(capsys):
    check_close("a", [1.0, 2.0], np.array([1.0, 2.0]))
    assert "a: exact match" in capsys.readouterr().out
    check_close("b", torch.tensor(1.0 + 1e-9, dtype=torch.float64), 1.0)
    assert "b: correct (max difference 1.0e-09)" in capsys.readouterr().out


@pytest.mark.parametrize("got, msg", [(1.1, "not yet"), ([1.0, 1.0], "shape"), (float("nan"), "NaN")])
def test_wrong_answers_raise(got, msg):
    with pytest.raises(AssertionError, match=msg):
        check_close("c", got, 1.0)
