import numpy as np
import pytest
from scipy import integrate, stats

import torch

from gan_edu.distributions import GaussianMixture, grid, ring, torch_sampler


def test_1d_pdf_matches_scipy_and_integrates_to_one():
    mix = GaussianMixture([0.2, 0.8], [-1.0, 3.0], [0.5, 2.0])
    x = np.linspace(-5, 9, 57)
    ref = 0.2 * stats.norm.pdf(x, -1, 0.5) + 0.8 * stats.norm.pdf(x, 3, 2.0)
    np.testing.assert_allclose(mix.pdf(x), ref, rtol=1e-12)
    assert integrate.quad(mix.pdf, -30, 30)[0] == pytest.approx(1.0, abs=1e-10)


def test_2d_log_pdf_matches_scipy():
    mix = GaussianMixture([0.5, 0.5], [[0, 0], [2, 1]], [1.0, 0.3])
    x = np.array([[0.1, -0.2], [2.0, 1.1], [5.0, 5.0]])
    ref = np.log(0.5 * stats.multivariate_normal.pdf(x, [0, 0], 1.0)
                 + 0.5 * stats.multivariate_normal.pdf(x, [2, 1], 0.09))
    np.testing.assert_allclose(mix.log_pdf(x), ref, rtol=1e-10)


def test_sampling_is_seeded_and_has_the_right_moments():
    mix = GaussianMixture([0.3, 0.7], [-2.0, 1.0], [0.5, 1.0])
    a, b = mix.sample(200_000, np.random.default_rng(1)), mix.sample(200_000, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    mean = 0.3 * -2 + 0.7 * 1
    var = 0.3 * (0.25 + 4) + 0.7 * (1 + 1) - mean**2
    assert a.mean() == pytest.approx(mean, abs=0.01) and a.var() == pytest.approx(var, rel=0.01)


def test_ring_has_eight_distinct_modes_on_the_unit_circle():
    mix = ring()
    assert mix.means.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(mix.means, axis=1), 1.0)
    gaps = np.linalg.norm(mix.means[:, None] - mix.means[None], axis=-1) + np.eye(8)
    assert gaps.min() == pytest.approx(2 * np.sin(np.pi / 8))  # no two modes on top of each other


def test_grid_is_minus_four_to_four():
    mix = grid()
    assert sorted(set(mix.means[:, 0])) == [-4, -2, 0, 2, 4] and len(mix.means) == 25
    assert np.all(mix.stds == 0.05)


@pytest.mark.parametrize("kwargs, msg", [
    (dict(weights=[0.5, 0.5], means=[0, 1], stds=[1, 0]), r"stds must be > 0"),
    (dict(weights=[0.5, 0.5], means=[0, 1], stds=[1, -1]), r"stds must be > 0"),
    (dict(weights=[-0.5, 1.5], means=[0, 1], stds=[1, 1]), r"weights must be non-empty with entries in \[0, 1\]"),
    (dict(weights=[0.5, 0.6], means=[0, 1], stds=[1, 1]), "weights must sum to 1"),
    (dict(weights=[0.5, 0.5], means=[0, 1, 2], stds=[1, 1]), "same length K"),
    (dict(weights=[0.5, 0.5], means=[0, np.nan], stds=[1, 1]), "means must be finite"),
    (dict(weights=[1.0], means=[[0, 0, 0]], stds=[1]), r"means must have shape \(K,\) or \(K, 2\)"),
    (dict(weights=[0.5, np.nan], means=[0, 1], stds=[1, 1]), "weights must be finite"),
    (dict(weights=[0.5, 0.5], means=[0, 1], stds=[1, np.nan]), "stds must be finite"),
    (dict(weights=[], means=[], stds=[]), "weights must be non-empty"),
    (dict(weights=[0.5, 0.5], means=[0, 1], stds=[1]), "same length K"),
])
def test_bad_arguments_are_named(kwargs, msg):
    with pytest.raises(ValueError, match=msg):
        GaussianMixture(**kwargs)


def test_bad_sample_arguments():
    mix = GaussianMixture([1.0], [0.0], [1.0])
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        mix.sample(0, np.random.default_rng())
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        mix.sample(3, 0)
    with pytest.raises(ValueError, match="x must be finite"):
        mix.pdf([0.0, np.inf])


def test_torch_sampler_is_seeded_and_matches_the_mixture():
    mix = GaussianMixture([0.25, 0.75], [[0, 0], [3, -1]], [0.5, 1.0])
    sample = torch_sampler(mix)
    a = sample(100_000, torch.Generator().manual_seed(0))
    assert a.shape == (100_000, 2) and a.dtype == torch.float32
    assert torch.equal(a, sample(100_000, torch.Generator().manual_seed(0)))
    np.testing.assert_allclose(a.mean(0).numpy(), [0.75 * 3, -0.75], atol=0.02)
    with pytest.raises(TypeError, match="mix must be a GaussianMixture"):
        torch_sampler([0.5, 0.5])
