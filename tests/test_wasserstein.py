"""W1 three ways against scipy and closed forms; the Kantorovich–Rubinstein dual against the primal; clipping's slope bound."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from scipy.stats import wasserstein_distance

from gan_edu import toy_models, wasserstein


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_sorted_linprog_and_scipy_agree_on_equal_size_samples(n, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.standard_cauchy(size=n)
    by_sorting = wasserstein.w1_sorted(x, y)
    assert abs(wasserstein.w1_linprog(x, y).value - by_sorting) <= 1e-9 * max(1.0, by_sorting)
    assert abs(wasserstein_distance(x, y) - by_sorting) <= 1e-9 * max(1.0, by_sorting)


def test_point_masses_are_their_distance_apart_and_the_plan_moves_all_mass():
    transport = wasserstein.w1_linprog([0.0], [3.5])
    assert transport.value == pytest.approx(3.5, abs=1e-12)
    np.testing.assert_allclose(transport.plan, [[1.0]])
    two_d = wasserstein.w1_linprog([[0.0, 0.0], [1.0, 0.0]], [[0.0, 3.0], [1.0, 3.0]])
    assert two_d.value == pytest.approx(3.0, abs=1e-12)
    np.testing.assert_allclose(two_d.plan.sum(1), [0.5, 0.5])


def test_weighted_linprog_matches_scipy_with_weights():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=7), rng.normal(2, 1, size=5)
    a, b = rng.dirichlet(np.ones(7)), rng.dirichlet(np.ones(5))
    assert wasserstein.w1_linprog(x, y, a, b).value == pytest.approx(wasserstein_distance(x, y, a, b), abs=1e-9)


def test_the_dual_value_equals_the_primal_and_its_critic_is_1_lipschitz_and_tight():
    grid = np.linspace(-2, 2, 21)
    p = np.exp(-((grid + 1) ** 2)); p /= p.sum()
    q = np.exp(-4 * (grid - 1) ** 2); q /= q.sum()
    dual = wasserstein.kr_dual(grid, p, q)
    assert dual.value == pytest.approx(wasserstein.w1_linprog(grid, grid, p, q).value, abs=1e-9)
    assert dual.f[0] == 0.0
    assert wasserstein.lipschitz_1d(grid, dual.f) == pytest.approx(1.0, abs=1e-9)


def test_lipschitz_1d_finds_the_steepest_pair():
    assert wasserstein.lipschitz_1d([0.0, 1.0, 1.5], [0.0, 1.0, 3.0]) == pytest.approx(4.0)


def test_a_clipped_network_stays_under_its_slope_bound_and_the_bound_is_what_the_docstring_says():
    critic = toy_models.mlp([1, 16, 16, 1], torch.Generator().manual_seed(0))
    wasserstein.clip_weights(critic, 0.05)
    assert all(p.abs().max() <= 0.05 for p in critic.parameters())
    bound = wasserstein.clipped_slope_bound(critic, 0.05)
    assert bound == pytest.approx(0.05 * (0.05 * 16) * (0.05 * 16))
    x = np.linspace(-3, 3, 601)
    assert wasserstein.lipschitz_1d(x, wasserstein.critic_values(critic, x)) <= bound * (1 + 1e-5)
    with torch.no_grad():  # the bound is reached: every weight at +c, positive inputs, LeakyReLU in its identity part
        for p in critic.parameters():
            p.fill_(0.05)
    slope = wasserstein.lipschitz_1d(np.array([1.0, 2.0]), wasserstein.critic_values(critic, np.array([1.0, 2.0])))
    assert slope == pytest.approx(bound, rel=1e-5)


def test_in_2d_the_slope_bound_is_the_euclidean_norm_and_is_reached():
    critic = toy_models.mlp([2, 8, 8, 1], torch.Generator().manual_seed(0))
    with torch.no_grad():
        for p in critic.parameters():
            p.fill_(0.01)
    bound = wasserstein.clipped_slope_bound(critic, 0.01)
    assert bound == pytest.approx(np.sqrt(2) * 0.01 * (0.01 * 8) ** 2)
    assert wasserstein.gradient_norms(critic, np.array([[1.0, 1.0]]))[0] == pytest.approx(bound, rel=1e-5)
    rng = np.random.default_rng(1)
    for _ in range(5):  # any clipped weights stay under it
        with torch.no_grad():
            for p in critic.parameters():
                p.copy_(torch.as_tensor(rng.uniform(-0.01, 0.01, tuple(p.shape)), dtype=torch.float32))
        assert wasserstein.gradient_norms(critic, rng.normal(size=(50, 2))).max() <= bound


@pytest.mark.parametrize("call, msg", [
    (lambda: wasserstein.w1_sorted([1.0, 2.0], [1.0]), "same size"),
    (lambda: wasserstein.w1_linprog([0.0, 1.0], [0.0], a=[0.3, 0.3]), "a must be"),
    (lambda: wasserstein.w1_linprog(np.zeros((2, 2)), np.zeros((2, 3))), "same dimension"),
    (lambda: wasserstein.kr_dual([0.0], [1.0], [1.0]), "at least 2"),
    (lambda: wasserstein.lipschitz_1d([0.0, 0.0], [1.0, 2.0]), "distinct"),
    (lambda: wasserstein.clip_weights(torch.nn.Linear(1, 1), 0.0), "c must"),
])
def test_bad_inputs_name_the_argument(call, msg):
    with pytest.raises(ValueError, match=msg):
        call()


def test_a_gradient_penalty_critic_reaches_w1_on_2d_samples_and_a_clipped_one_stays_under_its_bound():
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    x_real, x_fake = rng.normal(size=(64, 2)), rng.normal(size=(64, 2)) + [2.0, 0.0]
    w1 = wasserstein.w1_linprog(x_real, x_fake).value
    estimates, critics = {}, {}
    for method in wasserstein.CRITICS:
        critic = critics[method] = toy_models.mlp([2, 32, 32, 1], torch.Generator().manual_seed(0))
        history = wasserstein.train_critic(critic, x_real, x_fake, method, 300)
        f = wasserstein.critic_values(critic, np.concatenate([x_real, x_fake]))
        estimates[method] = f[:64].mean() - f[64:].mean()
        assert -history[-1] == pytest.approx(estimates[method], rel=0.05)  # the loss is minus the estimate
    clipped = critics["clipping"]
    assert wasserstein.gradient_norms(clipped, x_real).max() <= wasserstein.clipped_slope_bound(clipped, 0.01)
    assert 0 < estimates["clipping"] < 0.01 * w1
    assert 0.8 * w1 < estimates["gradient penalty"] < 1.2 * w1


def test_gradient_norms_of_a_linear_critic_are_its_weight_norm():
    critic = torch.nn.Linear(2, 1)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[3.0, 4.0]]))
    np.testing.assert_allclose(wasserstein.gradient_norms(critic, np.zeros((3, 2))), 5.0)


@pytest.mark.parametrize("n, seed", [(1, 0), (7, 1), (64, 2), (128, 3)])
def test_w1_by_assignment_equals_the_transport_linear_program(n, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 1, (n, 2)), rng.normal((1.0, -0.5), 0.3, (n, 2))
    assert abs(wasserstein.w1_assignment(x, y) - wasserstein.w1_linprog(x, y).value) <= 1e-9


def test_w1_of_a_shifted_copy_is_the_length_of_the_shift():
    x = np.random.default_rng(5).normal(size=(200, 2))
    shift = np.array([0.3, -0.4])
    moved = (x + shift)[np.random.default_rng(0).permutation(len(x))]  # shuffled: the assignment must find the pairs
    assert wasserstein.w1_assignment(x, moved) == pytest.approx(np.linalg.norm(shift), abs=1e-12)
    assert wasserstein.w1_assignment(x, x) == 0.0
    with pytest.raises(ValueError, match=r"x and y must be point sets of the same shape \(n, d\)"):
        wasserstein.w1_assignment(x, moved[:-1])
