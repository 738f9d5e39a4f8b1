import numpy as np
import pytest
from scipy import integrate, optimize
from scipy.special import expit

from gan_edu import divergences as dv
from gan_edu import game
from gan_edu.distributions import GaussianMixture

P = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
G = GaussianMixture([1.0], [0.5], [1.0])


def test_value_function_matches_scipy_quad_and_samples():
    d = game.logistic_discriminator(slope=1.5, threshold=0.3)
    ref = integrate.quad(lambda x: P.pdf(x) * np.log(d(x)) + G.pdf(x) * np.log(1 - d(x)), -15, 15, limit=200)[0]
    assert game.value_function(d, P, G) == pytest.approx(ref, abs=1e-9)
    rng = np.random.default_rng(0)
    est, se = game.value_function_mc(d, P.sample(50_000, rng), G.sample(50_000, rng))
    assert abs(est - ref) < 4 * se and se < 0.02


def test_pointwise_argmax_is_a_over_a_plus_b():
    for a, b in [(0.3, 0.7), (2.0, 0.1), (0.05, 0.05)]:
        res = optimize.minimize_scalar(lambda y: -game.value_pointwise(a, b, y), bounds=(1e-9, 1 - 1e-9), method="bounded",
                                       options={"xatol": 1e-10})
        assert res.x == pytest.approx(a / (a + b), abs=1e-6)


def test_optimal_discriminator_closed_form_and_zero_zero_convention():
    np.testing.assert_allclose(game.optimal_discriminator([1.0, 0.0, 0.3], [1.0, 2.0, 0.0]), [0.5, 0.0, 1.0])
    assert game.optimal_discriminator(0.0, 0.0) == 0.5
    np.testing.assert_array_equal(game.value_pointwise(0.0, 0.0, np.array([0.0, 0.3, 1.0])), 0.0)


def test_virtual_criterion_is_v_at_d_star_and_the_jsd_identity():
    d_star = lambda x: game.optimal_discriminator(P.pdf(x), G.pdf(x))  # noqa: E731
    assert game.virtual_criterion(P, G) == pytest.approx(game.value_function(d_star, P, G), abs=1e-12)
    assert game.virtual_criterion(P, G) == pytest.approx(-np.log(4) + 2 * dv.jsd(P, G), abs=1e-12)
    other = game.logistic_discriminator(2.0, 0.0)
    assert game.value_function(other, P, G) < game.virtual_criterion(P, G) - 1e-3
    assert game.virtual_criterion(P, P) == pytest.approx(-np.log(4), abs=1e-12)


def test_descend_on_grid_reaches_p_data():
    x = np.linspace(-5, 5, 201)
    mass = P.pdf(x) / P.pdf(x).sum()
    q, criterion = game.descend_on_grid(mass, np.zeros_like(x), lr=100.0, n_steps=400)
    assert criterion[-1] < criterion[0] and np.all(np.diff(criterion) <= 1e-12)
    assert criterion[-1] == pytest.approx(-np.log(4), abs=1e-3)
    assert np.abs(q - mass).sum() < 0.02


@pytest.mark.parametrize("call, msg", [
    (lambda: game.value_pointwise(-0.1, 0.5, 0.5), "a and b are densities and must be >= 0"),
    (lambda: game.value_pointwise(0.1, 0.5, 1.5), r"y must lie in \[0, 1\]"),
    (lambda: game.optimal_discriminator([np.nan], [0.1]), "p_data_x must be finite"),
    (lambda: game.optimal_discriminator([0.1], [-1.0]), "must be >= 0"),
    (lambda: game.logistic_discriminator(np.inf, 0.0), "slope must be finite"),
    (lambda: game.descend_on_grid([0.5, 0.6], [0.0, 0.0], 1.0, 3), "p_data_mass must sum to 1"),
    (lambda: game.descend_on_grid([0.5, 0.5], [0.0], 1.0, 3), "logits must have the shape"),
    (lambda: game.descend_on_grid([0.5, 0.5], [0.0, 0.0], -1.0, 3), r"lr must lie in"),
    (lambda: game.value_function_mc(lambda x: x, [0.5, np.nan], [0.5]), "x_real must be finite"),
    (lambda: game.value_pointwise([0.1, 0.2], [0.1, 0.2, 0.3], 0.5), "a, b and y must have matching shapes"),
    (lambda: game.value_pointwise(0.1, np.nan, 0.5), "b must be finite"),
    (lambda: game.optimal_discriminator([0.1, 0.2], [0.1, 0.2, 0.3]), "p_data_x and p_g_x must have matching shapes"),
    (lambda: game.logistic_discriminator(1.0, np.nan), "threshold must be finite"),
    (lambda: game.logistic_discriminator([1.0, 2.0], 0.0), r"slope must have 0 dimension\(s\)"),
    (lambda: game.value_function(0.5, P, G), "d must be a function of x"),
    (lambda: game.value_function(lambda x: 2.0 + 0 * x, P, G), r"d must return probabilities D\(x\) in \[0, 1\], not logits"),
    (lambda: game.value_function(lambda x: 0.5 + 0 * x, [0.5, 0.5], G), "p_data must be a 1-D GaussianMixture"),
    (lambda: game.value_function_mc(lambda x: x, [0.5, 0.5], [0.5]), "x_fake must hold at least 2 samples"),
    (lambda: game.value_function_mc(lambda x: x, [0.5, 1.5], [0.5, 0.2]), r"d must return probabilities D\(x\) in \[0, 1\]"),
    (lambda: game.value_function_mc(None, [0.5, 0.5], [0.5, 0.2]), "d must be a function of x"),
    (lambda: game.virtual_criterion(P, GaussianMixture([1.0], [[0.0, 0.0]], [1.0])), "p_g must be a 1-D GaussianMixture"),
    (lambda: game.descend_on_grid([0.5, -0.5, 1.0], [0.0, 0.0, 0.0], 1.0, 3), r"p_data_mass must be non-empty with entries in \[0, 1\]"),
    (lambda: game.descend_on_grid([0.5, 0.5], [0.0, np.nan], 1.0, 3), "logits must be finite"),
    (lambda: game.descend_on_grid([0.5, 0.5], [0.0, 0.0], 1.0, -1), "n_steps must be an integer >= 0"),
])
def test_bad_arguments_are_named(call, msg):
    with pytest.raises(ValueError, match=msg):
        call()


def test_virtual_criterion_matches_scipy_quad_of_the_definition():
    def integrand(x):  # p log(p / (p + q)) + q log(q / (p + q)), straight from the definition
        p, q = P.pdf(x), G.pdf(x)
        return p * np.log(p / (p + q)) + q * np.log(q / (p + q))
    ref = integrate.quad(integrand, -12, 12, points=[-2, 0.5, 2], limit=400, epsabs=1e-13)[0]
    assert game.virtual_criterion(P, G) == pytest.approx(ref, abs=1e-10)
    assert -np.log(4) < ref < 0


def test_logistic_discriminator_is_the_sigmoid():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(game.logistic_discriminator(2.0, 1.0)(x), expit(2.0 * (x - 1.0)), rtol=1e-10)


def test_v_of_a_one_neuron_discriminator_is_finite_where_d_rounds_to_0_or_1():
    """Issue 23: sigmoid(30 * 8) rounds to 1.0 in float64, so log(1 - D) read -inf; from the logit V stays finite."""
    d = game.logistic_discriminator(slope=6.0, threshold=-4.0)  # a corner of lesson 01's sliders
    data = GaussianMixture([1.0], [-2.0], [0.6])
    v = game.value_function(d, data, GaussianMixture([1.0], [0.5], [1.0]))
    assert np.isfinite(v) and v < 0
    with np.errstate(divide="ignore"):
        rounded = game.value_function(lambda x: d(x), data, GaussianMixture([1.0], [0.5], [1.0]))  # probabilities only
    assert rounded == -np.inf  # the old way: the reason for the logit
    est, _ = game.value_function_mc(d, np.array([-2.0, 5.0]), np.array([40.0, 0.0]))
    assert np.isfinite(est)
