"""The penalties on the critic's input gradient, against gradients written out by hand for a linear critic."""

import pytest
import torch
from torch import nn

from gan_edu import penalties


def linear_critic(weight, bias=0.0):
    critic = nn.Linear(2, 1)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([weight]))
        critic.bias.fill_(bias)
    return critic


def test_interpolates_weight_the_real_sample_by_eps():
    x_real, x_fake = torch.zeros(3, 2), torch.ones(3, 2)
    eps = torch.tensor([0.0, 0.25, 1.0])
    expected = torch.tensor([[1.0, 1.0], [0.75, 0.75], [0.0, 0.0]])
    torch.testing.assert_close(penalties.interpolates(x_real, x_fake, eps), expected)


def test_gradient_penalty_of_a_linear_critic_is_the_squared_gap_of_its_slope_to_one():
    x_real, x_fake = torch.randn(8, 2, generator=torch.Generator().manual_seed(0)), torch.zeros(8, 2)
    eps = torch.rand(8, generator=torch.Generator().manual_seed(1))
    for weight, expected in (([3.0, 4.0], 16.0), ([0.6, 0.8], 0.0), ([0.0, 0.5], 0.25)):
        assert penalties.gradient_penalty(linear_critic(weight), x_real, x_fake, eps).item() == pytest.approx(expected, abs=1e-6)


def test_gradient_penalty_is_differentiable_in_the_critics_weights():
    critic = linear_critic([3.0, 4.0])
    x = torch.randn(4, 2, generator=torch.Generator().manual_seed(2))
    penalties.gradient_penalty(critic, x, x + 1, torch.full((4,), 0.5)).backward()
    # d/dw (|w| - 1)^2 = 2 (|w| - 1) w / |w| = 2 * 4 * (0.6, 0.8)
    torch.testing.assert_close(critic.weight.grad, torch.tensor([[4.8, 6.4]]))


def test_r1_is_zero_for_a_flat_critic_and_grows_with_its_slope():
    x = torch.randn(5, 2, generator=torch.Generator().manual_seed(3)).requires_grad_(True)
    flat, steep = linear_critic([0.0, 0.0], 2.0), linear_critic([3.0, 4.0])
    assert penalties.r1_penalty(flat(x), x).item() == 0.0
    assert penalties.r1_penalty(steep(x), x).item() == pytest.approx(25.0)


@pytest.mark.parametrize("args, msg", [
    ((torch.zeros(3, 2), torch.zeros(4, 2), torch.zeros(3)), "x_fake"),
    ((torch.zeros(3, 2), torch.zeros(3, 2), torch.zeros(2)), "eps"),
    ((torch.zeros(3, 2), torch.zeros(3, 2), torch.full((3,), 1.5)), "eps"),
])
def test_bad_interpolates_name_the_argument(args, msg):
    with pytest.raises(ValueError, match=msg):
        penalties.interpolates(*args)
