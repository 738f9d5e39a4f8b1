import pytest
import torch

from gan_edu.toy_models import mlp


def test_mlp_shapes_and_seeded_init():
    a = mlp([2, 32, 32, 1], torch.Generator().manual_seed(0))
    b = mlp([2, 32, 32, 1], torch.Generator().manual_seed(0))
    c = mlp([2, 32, 32, 1], torch.Generator().manual_seed(1))
    x = torch.randn(5, 2)
    assert a(x).shape == (5, 1)
    assert torch.equal(a(x), b(x)) and not torch.equal(a(x), c(x))


def test_init_bound_matches_fan_in():
    net = mlp([100, 10], torch.Generator().manual_seed(0))
    w = net[0].weight
    assert 0.09 < w.abs().max().item() <= 0.1  # uniform on [-1/sqrt(100), 1/sqrt(100)]


@pytest.mark.parametrize("sizes, msg", [([3], "at least an input and an output"), ([2, 0, 1], r"sizes\[1\] must be an integer >= 1")])
def test_bad_sizes(sizes, msg):
    with pytest.raises(ValueError, match=msg):
        mlp(sizes, torch.Generator())
