"""The Dirac-GAN against hand-derived closed forms (Mescheder et al. 2018, Section 2 and Appendix)."""

import numpy as np
import pytest
import torch

from gan_edu import dirac_gan as dg
from gan_edu import fgan


def closed_form_jacobian(method, h, gamma):
    """At (0, 0) with the gan row: sigma(0) = 1/2, so theta' = theta + h/2 psi and psi' = psi - h/2 theta - h gamma psi."""
    a = 0.5
    if method == "simultaneous":
        return np.array([[1.0, h * a], [-h * a, 1 - h * gamma]])
    return np.array([[1 - (h * a) ** 2, h * a * (1 - h * gamma)], [-h * a, 1 - h * gamma]])  # theta uses the new psi


@pytest.mark.parametrize("method", dg.METHODS)
@pytest.mark.parametrize("h, gamma", [(0.2, 0.0), (0.5, 0.0), (0.5, 0.5), (1.0, 2.0)])
def test_jacobian_matches_the_hand_derivation(method, h, gamma):
    np.testing.assert_allclose(dg.jacobian(method, h, gamma), closed_form_jacobian(method, h, gamma), atol=1e-12)


def test_eigenvalues_spiral_orbit_and_contract():
    h = 0.5
    assert np.allclose(np.abs(np.linalg.eigvals(dg.jacobian("simultaneous", h))), np.sqrt(1 + h**2 / 4))
    assert np.allclose(np.abs(np.linalg.eigvals(dg.jacobian("alternating", h))), 1.0)
    # simultaneous + R1: |lambda|^2 = det = 1 - h gamma + h^2/4 while the eigenvalues are complex
    assert np.allclose(np.abs(np.linalg.eigvals(dg.jacobian("simultaneous", h, 0.5))), np.sqrt(1 - 0.25 + h**2 / 4))
    assert np.allclose(np.abs(np.linalg.eigvals(dg.jacobian("alternating", h, 0.5))), np.sqrt(1 - h * 0.5))


def test_one_step_by_hand_away_from_the_equilibrium():
    theta, psi, h, gamma = 0.7, -1.3, 0.1, 0.4
    s = 1 / (1 + np.exp(-psi * theta))  # sigma(psi theta): d softplus(v)/dv
    new_psi = psi - h * (s * theta + gamma * psi)
    np.testing.assert_allclose(dg.step([theta, psi], "simultaneous", h, gamma), [theta + h * s * psi, new_psi])
    s_new = 1 / (1 + np.exp(-new_psi * theta))
    np.testing.assert_allclose(dg.step([theta, psi], "alternating", h, gamma), [theta + h * s_new * new_psi, new_psi])


def test_trajectories_spiral_out_orbit_and_converge():
    start, h = [0.1, 0.0], 0.5
    out = dg.trajectory(start, 100, "simultaneous", h)
    orbit = dg.trajectory(start, 100, "alternating", h)
    damped = dg.trajectory(start, 100, "simultaneous", h, gamma=0.5)
    radius = lambda path: np.hypot(path[:, 0], path[:, 1])  # noqa: E731
    assert out.shape == (101, 2) and np.all(np.diff(radius(out)) > 0)
    assert 0.5 < radius(orbit).min() / 0.1 and radius(orbit).max() / 0.1 < 1.5
    assert radius(damped)[-1] < 1e-3 * 0.1
    assert abs(dg.growth_factor(out) - np.sqrt(1 + h**2 / 4)) < 2e-3  # nearly linear this close to (0, 0)


def test_growth_factor_of_a_geometric_path():
    angles, radii = np.arange(50) * 0.3, 0.5 * 1.07 ** np.arange(50)
    assert dg.growth_factor(np.c_[radii * np.cos(angles), radii * np.sin(angles)]) == pytest.approx(1.07)


def test_other_losses_and_bad_input():
    kl = dg.jacobian("simultaneous", 0.5, loss=fgan.fgan_loss("kl"))  # kl row: f*(v) = e^(v - 1), slope 1/e at 0
    np.testing.assert_allclose(kl, [[1.0, 0.5 / np.e], [-0.5 / np.e, 1.0]], atol=1e-12)
    with pytest.raises(ValueError, match="method"):
        dg.step([0, 0], "sequential", 0.1)
    with pytest.raises(ValueError, match="lr"):
        dg.step([0, 0], "simultaneous", -0.1)
    with pytest.raises(ValueError, match="gamma"):
        dg.step([0, 0], "simultaneous", 0.1, gamma=-1)
    with pytest.raises(ValueError, match="state"):
        dg.step([0, 0, 0], "simultaneous", 0.1)
    with pytest.raises(ValueError, match="path"):
        dg.growth_factor(np.zeros((5, 2)))
    assert torch.get_default_dtype() == torch.float32  # the module never changes the global default
