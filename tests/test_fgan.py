import math

import numpy as np
import pytest
import torch
from scipy import integrate
from scipy.optimize import minimize_scalar

from gan_edu import divergences as dv
from gan_edu import fgan, losses, toy_models
from gan_edu.distributions import GaussianMixture, torch_sampler
from gan_edu.training import TrainConfig, train_discriminator

NAMES = list(fgan.DIVERGENCES)
P = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.4, 0.4])
Q = GaussianMixture([0.7, 0.3], [-0.5, 1.5], [1.5, 2.0])  # wider than P: every D_f(P||Q) is finite
U = torch.tensor(np.geomspace(0.05, 20.0, 25), dtype=torch.float64)  # ratios u = p/q


def numeric_conjugate(f, t: float) -> tuple[float, float]:
    """sup_u t u - f(u) over u = e^s, by bounded scalar minimisation: (value, argmax u)."""
    res = minimize_scalar(lambda s: -(t * math.exp(s) - float(f(torch.tensor(math.exp(s), dtype=torch.float64)))),
                          bounds=(-12, 12), method="bounded", options={"xatol": 1e-10})
    return -res.fun, math.exp(res.x)


def quad(fn):
    return integrate.quad(fn, -25, 25, points=[-2, -0.5, 1.5, 2], limit=500, epsabs=1e-13)[0]


@pytest.mark.parametrize("name", NAMES)
def test_f_star_is_the_numerical_conjugate(name):
    div = fgan.get(name)
    t_grid = div.t_star(U)  # the slopes f'(u): a grid inside dom f* whose maximisers u are moderate
    assert float(t_grid.max()) < div.domain[1] and float(t_grid.min()) > div.domain[0]
    for t, u in zip(t_grid.tolist(), U.tolist()):
        value, argmax = numeric_conjugate(div.f, t)
        assert float(div.f_star(torch.tensor(t, dtype=torch.float64))) == pytest.approx(value, rel=1e-7, abs=1e-8)
        assert argmax == pytest.approx(u, rel=1e-4)  # t_star is f' and the sup is attained at u


@pytest.mark.parametrize("name", NAMES)
def test_t_star_is_the_derivative_of_f_and_f_is_convex(name):
    div, h = fgan.get(name), 1e-6
    central = (div.f(U * (1 + h)) - div.f(U * (1 - h))) / (2 * h * U)
    torch.testing.assert_close(div.t_star(U), central, rtol=1e-6, atol=1e-7)
    second = div.f(U * 1.01) + div.f(U * 0.99) - 2 * div.f(U)  # f(u + h) + f(u - h) - 2 f(u), h = u / 100
    assert bool((second > 0).all())


@pytest.mark.parametrize("name", NAMES)
def test_f_of_one_is_zero_except_for_the_gan_row(name):
    value = float(fgan.get(name).f(torch.tensor(1.0, dtype=torch.float64)))
    assert value == pytest.approx(-math.log(4) if name == "gan" else 0.0, abs=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_activation_lands_in_the_domain_and_stable_form_matches_literal(name):
    div = fgan.get(name)
    v = torch.linspace(-15, 15, 301, dtype=torch.float64)
    t = div.activation(v)
    assert bool((t < div.domain[1]).all())
    torch.testing.assert_close(div.f_star_of_v(v), div.f_star(t), rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(div.activation_inverse(t), v, rtol=1e-7, atol=1e-7)


def closed_form(name: str, p: GaussianMixture, q: GaussianMixture) -> float:
    return {"kl": lambda: dv.kl(p, q), "reverse-kl": lambda: dv.kl(q, p),
            "pearson": lambda: quad(lambda x: (p.pdf(x) - q.pdf(x)) ** 2 / q.pdf(x)),
            "hellinger": lambda: quad(lambda x: (np.sqrt(p.pdf(x)) - np.sqrt(q.pdf(x))) ** 2),
            "jensen-shannon": lambda: 2 * dv.jsd(p, q), "gan": lambda: 2 * dv.jsd(p, q) - math.log(4)}[name]()


@pytest.mark.parametrize("name", NAMES)
def test_bound_is_tight_at_t_star_and_smaller_elsewhere(name):
    d_f = fgan.divergence(name, P, Q)
    assert d_f == pytest.approx(closed_form(name, P, Q), abs=1e-8)
    t_star = fgan.optimal_critic(name, P, Q)
    assert fgan.bound(name, P, Q, t_star) == pytest.approx(d_f, abs=1e-8)
    assert fgan.bound(name, P, Q, lambda x: t_star(x) - 0.05 * (1 + np.cos(x))) < d_f - 1e-5
    assert fgan.divergence(name, P, P) == pytest.approx(-math.log(4) if name == "gan" else 0.0, abs=1e-10)


def test_gan_row_is_the_minimax_gan():
    v_real = torch.tensor([-3.0, -0.5, 0.0, 1.2, 4.0], dtype=torch.float64)
    v_fake = torch.tensor([-5.0, -1.0, 0.3, 2.0], dtype=torch.float64)
    minimax, alternative = fgan.fgan_loss("gan", "minimax"), fgan.fgan_loss("gan", "alternative")
    torch.testing.assert_close(minimax.discriminator(v_real, v_fake), losses.loss_d_minimax(v_real, v_fake))
    torch.testing.assert_close(minimax.generator(v_fake), losses.loss_g_saturating(v_fake))
    torch.testing.assert_close(alternative.generator(v_fake), losses.loss_g_nonsaturating(v_fake))
    assert abs(float(minimax.generator(v_fake) - alternative.generator(v_fake))) > 0.1  # not swapped
    js = fgan.fgan_loss("jensen-shannon").discriminator(v_real, v_fake)  # same critic, shifted by log 4
    assert float(js) == pytest.approx(float(losses.loss_d_minimax(v_real, v_fake)) - math.log(4), abs=1e-12)


def test_loss_at_the_optimal_critic_estimates_minus_d_f():
    div, rng = fgan.get("hellinger"), np.random.default_rng(0)
    x_real, x_fake = P.sample(200_000, rng), Q.sample(200_000, rng)
    v_star = lambda x: div.activation_inverse(torch.as_tensor(fgan.optimal_critic(div, P, Q)(x)))  # noqa: E731
    loss = fgan.fgan_loss(div)
    loss_d = float(loss.discriminator(v_star(x_real), v_star(x_fake)))
    assert loss.divergence_bound(loss_d) == pytest.approx(fgan.divergence(div, P, Q), abs=0.01)


def test_a_trained_critic_certifies_a_lower_bound_close_to_kl():
    gen = torch.Generator().manual_seed(0)
    p, q = GaussianMixture([1.0], [0.0], [1.0]), GaussianMixture([1.0], [1.0], [1.5])
    critic = toy_models.mlp([1, 32, 1], gen)
    config = TrainConfig(loss=fgan.fgan_loss("kl"), batch_size=512, lr_d=1e-2, seed=0)
    history = train_discriminator(critic, torch_sampler(p), torch_sampler(q), 400, config)
    certified = -float(np.mean(history[-100:]))
    assert 0.8 * dv.kl(p, q) < certified < dv.kl(p, q) + 0.03


def test_bad_input_names_the_argument_and_allowed_values():
    with pytest.raises(ValueError, match=r"name must be one of \['gan', 'hellinger'"):
        fgan.get("wasserstein")
    with pytest.raises(ValueError, match=r"generator must be one of \['minimax', 'alternative'\]"):
        fgan.fgan_loss("kl", generator="non-saturating")
    with pytest.raises(ValueError, match="q must be a 1-D GaussianMixture"):
        fgan.divergence("kl", P, GaussianMixture([1.0], [[0.0, 0.0]], [1.0]))
    with pytest.raises(ValueError, match=r"critic must return values t <= 0, the closure of dom f\* for 'gan'"):
        fgan.bound("gan", P, Q, lambda x: np.full_like(x, 0.1))  # T = log D = 0.1 would need D > 1
    with pytest.raises(ValueError, match="critic must be a function"):
        fgan.bound("kl", P, Q, 3.0)


def test_table_lists_every_row():
    table = fgan.table_markdown()
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert all(f"| {name} |" in table for name in NAMES) and len(rows) == len(NAMES) + 2
    assert table.startswith('<div tabindex="0" role="region"') and table.endswith("</div>")  # reachable by keyboard


def test_infinite_divergence_is_inf_not_nan():
    narrow = GaussianMixture([1.0], [0.0], [0.2])  # chi^2(P || narrow) = integral P^2 / narrow diverges
    assert fgan.divergence("pearson", P, narrow) == math.inf
    assert math.isfinite(fgan.divergence("kl", narrow, P))


@pytest.mark.parametrize("name", NAMES)
def test_critic_bound_in_network_units_matches_bound_and_stays_finite(name):
    div, t_star = fgan.get(name), fgan.optimal_critic(name, P, Q)
    v_star = lambda x: div.activation_inverse(torch.as_tensor(t_star(x))).numpy()  # noqa: E731
    assert fgan.critic_bound(name, P, Q, v_star) == pytest.approx(fgan.divergence(name, P, Q), abs=1e-8)
    saturated = fgan.critic_bound(name, P, Q, lambda x: 40.0 * np.sign(x))  # g_f(40) rounds onto the edge of dom f*
    assert math.isfinite(saturated) and saturated < fgan.divergence(name, P, Q)
