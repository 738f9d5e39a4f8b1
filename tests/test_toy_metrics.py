import numpy as np
import pytest
from scipy import integrate, stats

from gan_edu import divergences, toy_metrics
from gan_edu.distributions import GaussianMixture, grid, ring


def test_ring_modes_are_distinct_and_exact_samples_capture_all():
    target = ring()
    assert len(np.unique(np.round(target.means, 6), axis=0)) == 8
    cover = toy_metrics.mode_coverage(target.sample(2500, np.random.default_rng(0)), target)
    # within 3 std in 2-D: P(chi2_2 <= 9) = 1 - exp(-4.5) = 0.989, so perfect samples score 98.9 %
    assert cover.modes_captured == 8 and abs(cover.high_quality - (1 - np.exp(-4.5))) < 0.01
    assert cover.counts.sum() == pytest.approx(cover.high_quality * 2500)


def test_collapsed_samples_capture_one_mode():
    target = grid()
    x = np.tile(target.means[3], (100, 1)) + 0.01
    cover = toy_metrics.mode_coverage(x, target)
    assert cover.modes_captured == 1 and cover.high_quality == 1.0 and cover.counts[3] == 100


def test_high_quality_threshold_is_three_standard_deviations():
    target = ring()  # std 0.01 -> threshold 0.03 from the mode at (1, 0)
    x = np.array([[1.0 + 0.029, 0.0], [1.0 + 0.031, 0.0], [0.0, 0.0]])
    cover = toy_metrics.mode_coverage(x, target)
    assert cover.high_quality == pytest.approx(1 / 3) and cover.modes_captured == 1
    assert toy_metrics.mode_coverage(x, target, n_std=4.0).high_quality == pytest.approx(2 / 3)


def test_mode_coverage_validates_arguments():
    with pytest.raises(ValueError, match=r"x_fake must have shape \(N, 2\)"):
        toy_metrics.mode_coverage(np.zeros((5, 3)), ring())
    with pytest.raises(ValueError, match="n_std must lie in"):
        toy_metrics.mode_coverage(np.zeros((5, 2)), ring(), n_std=0)
    with pytest.raises(TypeError, match="target must be a GaussianMixture"):
        toy_metrics.mode_coverage(np.zeros((5, 2)), "ring")


def test_density_estimate_matches_scipy_and_integrates_to_one():
    x = np.random.default_rng(1).normal(1.0, 0.5, 4000)
    xs = np.linspace(-3, 5, 801)
    est = toy_metrics.estimate_density_1d(x, xs)
    assert np.allclose(est, stats.gaussian_kde(x)(xs))
    assert integrate.trapezoid(est, xs) == pytest.approx(1.0, abs=1e-3)
    assert np.max(np.abs(est - stats.norm(1.0, 0.5).pdf(xs))) < 0.08
    fixed = toy_metrics.estimate_density_1d(x, xs, bandwidth=0.1)
    assert np.allclose(fixed, np.mean(stats.norm(x[:, None], 0.1).pdf(xs[None]), axis=0))


def test_jsd_on_grid_matches_quadrature():
    p, q = GaussianMixture([1.0], [0.0], [1.0]), GaussianMixture([0.5, 0.5], [-1.0, 2.0], [0.5, 0.7])
    xs = np.linspace(-10, 12, 4001)
    assert toy_metrics.jsd_on_grid(p.pdf(xs), q.pdf(xs), xs) == pytest.approx(divergences.jsd(p, q), abs=1e-6)
    assert toy_metrics.jsd_on_grid(p.pdf(xs), p.pdf(xs), xs) == pytest.approx(0.0, abs=1e-12)
    far = GaussianMixture([1.0], [9.0], [0.1])
    assert toy_metrics.jsd_on_grid(p.pdf(xs), far.pdf(xs), xs) == pytest.approx(np.log(2), abs=1e-6)


def test_jsd_from_samples_is_small_for_matching_and_large_for_shifted():
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.5, 0.5])
    xs = np.linspace(-6, 6, 1201)
    rng = np.random.default_rng(0)
    same = toy_metrics.jsd_from_samples(p.sample(5000, rng), p, xs)
    one_mode = toy_metrics.jsd_from_samples(rng.normal(2.0, 0.5, 5000), p, xs)
    assert same < 0.02  # the kernel estimate smooths p_g a little: a small positive floor
    assert abs(one_mode - divergences.jsd(p, GaussianMixture([1.0], [2.0], [0.5]))) < 0.02


def test_density_and_jsd_validate_arguments():
    xs = np.linspace(0, 1, 11)
    with pytest.raises(ValueError, match="x_fake must hold at least 2 samples"):
        toy_metrics.estimate_density_1d([1.0], xs)
    with pytest.raises(ValueError, match="bandwidth must lie in"):
        toy_metrics.estimate_density_1d([0.0, 1.0], xs, bandwidth=-1)
    with pytest.raises(ValueError, match="grid must be strictly increasing"):
        toy_metrics.jsd_on_grid(xs, xs, xs[::-1])
    with pytest.raises(ValueError, match="p and q must be non-negative"):
        toy_metrics.jsd_on_grid(-xs, xs, xs)
    with pytest.raises(ValueError, match="p_data must be a 1-D GaussianMixture"):
        toy_metrics.jsd_from_samples([0.0, 1.0], ring(), xs)


def test_collapsed_samples_give_a_spike_not_an_error():
    xs = np.linspace(-1, 1, 201)
    est = toy_metrics.estimate_density_1d(np.zeros(10), xs)
    assert est.argmax() == 100 and integrate.trapezoid(est, xs) == pytest.approx(1.0, abs=1e-3)
