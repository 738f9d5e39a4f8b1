"""Properties of the numerical core that hold for every input, checked on inputs drawn by hypothesis:
divergences >= 0 and JSD <= log 2, C(G) >= -log 4, D* in [0, 1], the f-GAN bound below the divergence,
the Fréchet distance >= 0 and symmetric, mode coverage independent of the samples' order."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from gan_edu import divergences, fgan, game, mnist_metrics, toy_metrics
from gan_edu.distributions import GaussianMixture

FAST = settings(max_examples=25, deadline=None, derandomize=True)  # derandomize: the same examples on every run
TOL = 1e-7  # quadrature of these smooth integrands is exact to ~1e-10


@st.composite
def mixtures_1d(draw, max_k=3):
    k = draw(st.integers(1, max_k))
    raw = draw(st.lists(st.floats(0.1, 1.0), min_size=k, max_size=k))
    means = draw(st.lists(st.floats(-4.0, 4.0), min_size=k, max_size=k))
    stds = draw(st.lists(st.floats(0.3, 2.0), min_size=k, max_size=k))
    return GaussianMixture(np.array(raw) / sum(raw), np.array(means), np.array(stds))


@FAST
@given(mixtures_1d(), mixtures_1d())
def test_kl_and_jsd_are_non_negative_and_jsd_is_at_most_log_2(p, q):
    assert divergences.kl(p, q) >= -TOL and divergences.kl(q, p) >= -TOL
    assert -TOL <= divergences.jsd(p, q) <= math.log(2) + TOL


@FAST
@given(mixtures_1d(), mixtures_1d())
def test_virtual_criterion_is_at_least_minus_log_4(p_data, p_g):
    assert game.virtual_criterion(p_data, p_g) >= -math.log(4) - TOL


@FAST
@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=20), st.lists(st.floats(0.0, 1e6), min_size=1, max_size=20))
def test_optimal_discriminator_lies_in_0_1(a, b):
    n = min(len(a), len(b))
    d = game.optimal_discriminator(a[:n], b[:n])
    assert np.all((d >= 0) & (d <= 1))


@settings(max_examples=8, deadline=None, derandomize=True)
@given(mixtures_1d(max_k=2), mixtures_1d(max_k=2), st.floats(-1.5, 1.5), st.floats(-1.0, 1.0))
def test_the_f_gan_bound_never_exceeds_the_divergence(p, q, a, b):
    for name in fgan.DIVERGENCES:
        bound = fgan.critic_bound(name, p, q, lambda x: a + b * x)  # any critic v(x) = a + b x, T = g_f(v)
        assert bound <= fgan.divergence(name, p, q) + 1e-6, name


@st.composite
def gaussians(draw, k=3):
    mu = np.array(draw(st.lists(st.floats(-10, 10), min_size=k, max_size=k)))
    a = np.array(draw(st.lists(st.floats(-3, 3), min_size=k * k, max_size=k * k))).reshape(k, k)
    return mu, a @ a.T  # A A^T: symmetric positive semi-definite


@FAST
@given(gaussians(), gaussians())
def test_frechet_distance_is_non_negative_and_symmetric(first, second):
    ab = mnist_metrics.gaussian_frechet_distance(*first, *second)
    ba = mnist_metrics.gaussian_frechet_distance(*second, *first)
    scale = 1 + np.trace(first[1]) + np.trace(second[1])
    assert ab >= 0 and abs(ab - ba) <= 1e-6 * scale
    assert mnist_metrics.gaussian_frechet_distance(*first, *first) <= 1e-6 * scale


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(1, 200))
def test_mode_coverage_does_not_depend_on_the_order_of_the_samples(seed, n):
    from gan_edu.distributions import ring
    rng = np.random.default_rng(seed)
    target = ring(8, std=0.05)
    x = target.sample(n, rng) + rng.normal(0, 0.1, (n, 2))
    before, after = toy_metrics.mode_coverage(x, target), toy_metrics.mode_coverage(x[rng.permutation(n)], target)
    assert before.modes_captured == after.modes_captured and before.high_quality == after.high_quality
    assert np.array_equal(before.counts, after.counts)


def test_frechet_distance_of_samples_is_symmetric_too():
    gen = torch.Generator().manual_seed(0)
    f_a, f_b = torch.randn(50, 4, generator=gen), 2 + torch.randn(60, 4, generator=gen)
    assert mnist_metrics.frechet_distance(f_a, f_b) == pytest.approx(mnist_metrics.frechet_distance(f_b, f_a), rel=1e-9)

