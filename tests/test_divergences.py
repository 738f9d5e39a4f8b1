import numpy as np
import pytest
from scipy import integrate

from gan_edu import divergences as dv
from gan_edu.distributions import GaussianMixture

P = GaussianMixture([0.3, 0.7], [-1.0, 2.0], [0.5, 1.0])
Q = GaussianMixture([1.0], [0.5], [1.5])


def quad(fn):
    return integrate.quad(fn, -30, 30, points=[-1, 0.5, 2], limit=400, epsabs=1e-13)[0]


def test_kl_matches_gaussian_closed_form():
    p, q = GaussianMixture([1.0], [0.0], [1.0]), GaussianMixture([1.0], [1.0], [2.0])
    closed = np.log(2.0) + (1 + 1) / (2 * 4) - 0.5
    assert dv.kl(p, q) == pytest.approx(closed, abs=1e-12)
    assert dv.kl(q, p) != pytest.approx(closed, abs=1e-3)  # KL is not symmetric


def test_kl_and_jsd_match_scipy_quad_on_mixtures():
    kl_ref = quad(lambda x: P.pdf(x) * (P.log_pdf(x) - Q.log_pdf(x)))
    m = lambda x: (P.pdf(x) + Q.pdf(x)) / 2  # noqa: E731
    jsd_ref = quad(lambda x: 0.5 * P.pdf(x) * np.log(P.pdf(x) / m(x)) + 0.5 * Q.pdf(x) * np.log(Q.pdf(x) / m(x)))
    assert dv.kl(P, Q) == pytest.approx(kl_ref, abs=1e-10)
    assert dv.jsd(P, Q) == pytest.approx(jsd_ref, abs=1e-10)


def test_jsd_bounds_and_symmetry():
    far = GaussianMixture([1.0], [60.0], [0.5])
    assert dv.jsd(P, P) == pytest.approx(0.0, abs=1e-13)
    assert dv.jsd(P, Q) == pytest.approx(dv.jsd(Q, P), abs=1e-12)
    assert dv.jsd(P, far) == pytest.approx(np.log(2), abs=1e-9)


def test_monte_carlo_within_four_standard_errors_and_seeded():
    est, se = dv.jsd_mc(P, Q, 20_000, np.random.default_rng(0))
    assert abs(est - dv.jsd(P, Q)) < 4 * se and se < 0.01
    assert dv.jsd_mc(P, Q, 100, np.random.default_rng(3)) == dv.jsd_mc(P, Q, 100, np.random.default_rng(3))
    est, se = dv.kl_mc(P, Q, 20_000, np.random.default_rng(0))
    assert abs(est - dv.kl(P, Q)) < 4 * se


def test_rejects_non_1d_arguments():
    two_d = GaussianMixture([1.0], [[0.0, 0.0]], [1.0])
    with pytest.raises(ValueError, match="q must be a 1-D GaussianMixture"):
        dv.kl(P, two_d)
    with pytest.raises(ValueError, match="p must be a 1-D GaussianMixture"):
        dv.jsd([0.5, 0.5], Q)


def test_integrate_1d_matches_scipy_quad():
    fn = lambda x: np.cos(x) * P.pdf(x)  # noqa: E731
    ref = integrate.quad(fn, -30, 30, points=[-1, 2], limit=400, epsabs=1e-13)[0]
    assert dv.integrate_1d(fn, P) == pytest.approx(ref, abs=1e-12)
    assert dv.integrate_1d(P.pdf, P, Q) == pytest.approx(1.0, abs=1e-12)


def test_kl_is_zero_only_for_equal_densities():
    assert dv.kl(P, P) == pytest.approx(0.0, abs=1e-13)
    assert dv.kl(P, Q) > 0.05


@pytest.mark.parametrize("call, msg", [
    (lambda: dv.integrate_1d(P.pdf), "mixes must name at least one"),
    (lambda: dv.integrate_1d(1.0, P), "fn must be a function of x"),
    (lambda: dv.integrate_1d(P.pdf, P, "Q"), r"mixes\[1\] must be a 1-D GaussianMixture"),
    (lambda: dv.kl_mc(P, Q, 0, np.random.default_rng(0)), "n must be an integer >= 2"),
    (lambda: dv.jsd_mc(P, Q, 10, 0), "rng must be a numpy Generator"),
    (lambda: dv.jsd_mc(P, "Q", 10, np.random.default_rng(0)), "q must be a 1-D GaussianMixture"),
])
def test_bad_arguments_are_named(call, msg):
    with pytest.raises((ValueError, TypeError), match=msg):
        call()
