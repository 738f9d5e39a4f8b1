import math

import numpy as np
import pytest
import torch
from scipy.cluster.vq import kmeans2
from scipy.linalg import sqrtm
from scipy.spatial.distance import cdist
from scipy.special import logsumexp
from scipy.stats import entropy, multivariate_normal

from gan_edu import mnist_metrics as ev
from gan_edu.mnist_models import Classifier


def random_cov(rng, k):
    a = rng.normal(size=(k, k))
    return a @ a.T / k + 0.1 * np.eye(k)


def test_gaussian_frechet_distance_closed_form_for_diagonal_covariances():
    rng = np.random.default_rng(0)
    mu_a, mu_b = rng.normal(size=5), rng.normal(size=5)
    var_a, var_b = rng.uniform(0.2, 3, size=5), rng.uniform(0.2, 3, size=5)
    expected = np.sum((mu_a - mu_b) ** 2) + np.sum((np.sqrt(var_a) - np.sqrt(var_b)) ** 2)
    got = ev.gaussian_frechet_distance(mu_a, np.diag(var_a), mu_b, np.diag(var_b))
    assert got == pytest.approx(expected, rel=1e-10)


def test_gaussian_frechet_distance_matches_scipy_sqrtm():
    rng = np.random.default_rng(1)
    mu_a, mu_b, cov_a, cov_b = rng.normal(size=8), rng.normal(size=8), random_cov(rng, 8), random_cov(rng, 8)
    expected = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a + cov_b - 2 * sqrtm(cov_a @ cov_b).real)
    assert ev.gaussian_frechet_distance(mu_a, cov_a, mu_b, cov_b) == pytest.approx(expected, rel=1e-9)
    assert ev.gaussian_frechet_distance(mu_a, cov_a, mu_a, cov_a) == pytest.approx(0, abs=1e-9)


def test_frechet_distance_of_samples_uses_mean_and_unbiased_covariance():
    rng = np.random.default_rng(2)
    f_a, f_b = rng.normal(size=(300, 4)), rng.normal(1.0, 2.0, size=(200, 4))
    expected = ev.gaussian_frechet_distance(f_a.mean(0), np.cov(f_a.T), f_b.mean(0), np.cov(f_b.T))
    assert ev.frechet_distance(torch.tensor(f_a), torch.tensor(f_b)) == pytest.approx(expected, rel=1e-6)
    # two samples of the same Gaussian are close; a shifted one is far (1 per unit shift per dimension)
    same = ev.frechet_distance(rng.normal(size=(4000, 4)), rng.normal(size=(4000, 4)))
    shifted = ev.frechet_distance(rng.normal(size=(4000, 4)), rng.normal(1.0, 1.0, size=(4000, 4)))
    assert same < 0.03 and 3.7 < shifted < 4.3


def test_kl_to_uniform_against_scipy_entropy():
    p = np.array([0.5, 0.2, 0.2, 0.1, 0.0])
    assert ev.kl_to_uniform(p) == pytest.approx(entropy(p, np.full(5, 0.2)), rel=1e-12)
    assert ev.kl_to_uniform(np.full(10, 0.1)) == pytest.approx(0, abs=1e-12)
    assert ev.kl_to_uniform(np.eye(10)[3]) == pytest.approx(math.log(10), rel=1e-12)


def test_class_histogram_and_confidence():
    probs = torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.9, 0.05, 0.05]])
    np.testing.assert_allclose(ev.class_histogram(probs, n_classes=3), [0.5, 0.25, 0.25])
    assert ev.mean_confidence(probs) == pytest.approx((0.7 + 0.8 + 0.4 + 0.9) / 4)


def test_squared_distances_and_nearest_neighbours_against_cdist():
    rng = np.random.default_rng(3)
    x, pool = rng.uniform(size=(37, 50)), rng.uniform(size=(101, 50))
    got = ev.squared_distances(torch.tensor(x), torch.tensor(pool)).numpy()
    np.testing.assert_allclose(got, cdist(x, pool, "sqeuclidean"), rtol=1e-5, atol=1e-5)
    expected = cdist(x, pool).argmin(1)
    np.testing.assert_array_equal(ev.nearest_neighbours(torch.tensor(x), torch.tensor(pool), batch_size=8), expected)


def test_parzen_log_likelihood_matches_literal_mixture_of_gaussians():
    rng = np.random.default_rng(4)
    samples, x = rng.uniform(size=(20, 6)), rng.uniform(size=(9, 6))
    for sigma in (0.1, 0.3, 1.0):
        log_k = np.array([[multivariate_normal(s, sigma**2 * np.eye(6)).logpdf(xi) for s in samples] for xi in x])
        expected = logsumexp(log_k, axis=1) - np.log(len(samples))  # log (1/N sum_i N(x; s_i, sigma^2 I))
        got = ev.parzen_log_likelihoods(torch.tensor(x), torch.tensor(samples), [sigma], batch_size=4, progress=False)
        np.testing.assert_allclose(got[0].numpy(), expected, rtol=1e-5)


def test_parzen_protocol_picks_the_best_sigma_on_validation_and_reports_test():
    rng = np.random.default_rng(5)
    samples, valid, test = (torch.tensor(rng.normal(size=(n, 3))) for n in (200, 100, 80))
    sigmas = [0.05, 0.3, 0.6, 2.0]
    result = ev.parzen_protocol(samples, valid, test, sigmas, progress=False)
    table = ev.parzen_log_likelihoods(valid, samples, sigmas, progress=False).mean(1).numpy()
    assert result["sigma"] == sigmas[int(np.argmax(table))] and 0 < np.argmax(table) < 3  # an interior optimum
    ll_test = ev.parzen_log_likelihoods(test, samples, [result["sigma"]], progress=False)[0]
    assert result["ll"] == pytest.approx(float(ll_test.mean())) and result["se"] == pytest.approx(
        float(ll_test.std() / math.sqrt(80)))


def test_kmeans_matches_scipy_kmeans2_from_the_same_start():
    rng = np.random.default_rng(6)
    centres = rng.normal(scale=5, size=(6, 2))
    x = np.concatenate([c + rng.normal(size=(50, 2)) for c in centres]).astype(np.float32)
    got = ev.kmeans(torch.tensor(x), k=6, n_iter=5, generator=torch.Generator().manual_seed(0), progress=False)
    start = torch.tensor(x)[torch.randperm(len(x), generator=torch.Generator().manual_seed(0))[:6]].numpy()
    expected, _ = kmeans2(x.astype(np.float64), start.astype(np.float64), iter=5, minit="matrix")
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-5)


def test_kmeans_centroids_are_averages_of_data():
    x = torch.tensor([[0.0], [1.0], [10.0], [11.0]])
    c = ev.kmeans(x, k=2, n_iter=3, generator=torch.Generator().manual_seed(0), progress=False)
    assert sorted(c.ravel().tolist()) == [0.5, 10.5]


def test_interpolate():
    z = ev.interpolate(torch.zeros(3), torch.tensor([2.0, 4.0, 6.0]), 5)
    np.testing.assert_allclose(z[:, 0], [0, 0.5, 1, 1.5, 2])
    assert torch.equal(z[-1], torch.tensor([2.0, 4.0, 6.0]))


def test_classify_returns_features_and_probabilities():
    model = Classifier()
    x = torch.rand(7, 1, 28, 28)
    feats, probs = ev.classify(model, x, batch_size=3)
    assert feats.shape == (7, 128) and probs.shape == (7, 10)
    torch.testing.assert_close(probs, torch.softmax(model(x), dim=1))
    torch.testing.assert_close(probs.sum(1), torch.ones(7))


def test_quality_measures_the_bar_and_meets_bar_compares_each_target():
    model = Classifier()
    x_fake, x_ref = torch.rand(50, 1, 28, 28, generator=torch.Generator().manual_seed(0)), torch.rand(60, 1, 28, 28)
    f_ref = ev.classify(model, x_ref)[0]
    q = ev.quality(model, x_fake, f_ref, fd_floor=2.0)
    feats, probs = ev.classify(model, x_fake)
    hist = ev.class_histogram(probs)
    assert q == pytest.approx({"classes present (of 10)": int((hist > 0).sum()), "KL to uniform": ev.kl_to_uniform(hist),
                               "mean confidence": ev.mean_confidence(probs), "FD / floor": ev.frechet_distance(feats, f_ref) / 2.0})
    good = {"classes present (of 10)": 10, "KL to uniform": 0.05, "mean confidence": 0.9, "FD / floor": 10.0}  # on each target
    assert all(ev.meets_bar(good).values())
    for name, worse in (("classes present (of 10)", 9), ("KL to uniform", 0.051), ("mean confidence", 0.899), ("FD / floor", 10.01)):
        met = ev.meets_bar({**good, name: worse})
        assert not met[name] and all(v for k, v in met.items() if k != name)
    with pytest.raises(ValueError, match=r"values must hold every measure of QUALITY_BAR.*missing \['FD / floor'\]"):
        ev.meets_bar({k: v for k, v in good.items() if k != "FD / floor"})
    with pytest.raises(ValueError, match="fd_floor"):
        ev.quality(model, x_fake, f_ref, fd_floor=0.0)


@pytest.mark.parametrize("call, message", [
    (lambda: ev.parzen_log_likelihoods(torch.zeros(2, 3), torch.zeros(4, 3), [0.0], progress=False),
     r"sigmas must be > 0 everywhere, allowed range \(0, inf\)"),
    (lambda: ev.parzen_log_likelihoods(torch.zeros(2, 3), torch.zeros(0, 3), [0.1]), r"samples must have shape \(n, \.\.\.\) with n >= 1"),
    (lambda: ev.squared_distances(torch.zeros(2, 3), torch.zeros(2, 4)), "x and y must have the same number of values"),
    (lambda: ev.squared_distances(torch.tensor([[math.nan]]), torch.zeros(2, 1)), "x must be finite"),
    (lambda: ev.kmeans(torch.zeros(5, 2), k=6, n_iter=1, generator=torch.Generator()), r"k must be an integer in \[1, 5\]"),
    (lambda: ev.kmeans(torch.zeros(5, 2), k=2, n_iter=-1, generator=torch.Generator()), "n_iter must be an integer >= 0"),
    (lambda: ev.kl_to_uniform([0.5, 0.6]), "p must sum to 1"),
    (lambda: ev.class_histogram(torch.ones(3, 4) / 4), "probs must have 10 columns, one per class"),
    (lambda: ev.frechet_distance(torch.zeros(1, 3), torch.zeros(5, 3)), "f_a and f_b must have at least 2 rows"),
    (lambda: ev.interpolate(torch.zeros(3), torch.zeros(3), 1), "n must be an integer >= 2"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_interpolate_between_integer_vectors_gives_the_fractional_points():
    line = ev.interpolate(torch.tensor([0, 0]), torch.tensor([4, 2]), 3)
    assert line.is_floating_point() and torch.equal(line, torch.tensor([[0.0, 0.0], [2.0, 1.0], [4.0, 2.0]]))
