import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from gan_edu import toy_metrics, toy_models, training_plots  # noqa: E402
from gan_edu.distributions import GaussianMixture, ring, torch_sampler  # noqa: E402
from gan_edu.training import TrainConfig, Trainer  # noqa: E402


def trainer_2d(n_pack=1):
    g, d = toy_models.toy_pair(2, 2, 16, 2, torch.Generator().manual_seed(0), n_pack=n_pack)
    return Trainer(g, d, torch_sampler(ring()), lambda m, r: torch.randn(m, 2, generator=r), TrainConfig(),
                   device=torch.device("cpu"))


def test_snapshot_1d_matches_the_networks():
    g = nn.Linear(1, 1)
    with torch.no_grad():
        g.weight.fill_(2.0)
        g.bias.fill_(1.0)
    d = nn.Linear(1, 1)
    p = GaussianMixture([1.0], [0.0], [1.0])
    trainer = Trainer(g, d, torch_sampler(p), lambda m, r: torch.randn(m, 1, generator=r), TrainConfig(),
                      device=torch.device("cpu"))
    x = np.linspace(-6, 6, 241)
    snap = training_plots.snapshot_1d(trainer, p, x, np.array([-1.0, 0.0, 1.0]), n_samples=20000)
    assert np.allclose(snap["g_z"], [-1.0, 1.0, 3.0])  # G(z) = 2z + 1
    expected_d = 1 / (1 + np.exp(-(d.weight.item() * x + d.bias.item())))
    assert np.allclose(snap["d"], expected_d, atol=1e-6)
    assert np.max(np.abs(snap["p_g"] - GaussianMixture([1.0], [1.0], [2.0]).pdf(x))) < 0.02  # N(1, 2^2)


def test_figure1_panel_draws_and_updates():
    p = GaussianMixture([1.0], [0.0], [1.0])
    x = np.linspace(-3, 3, 50)
    snap = {"step": 0, "x": x, "p_data": p.pdf(x), "p_g": p.pdf(x - 1), "d": np.full(50, 0.5),
            "z": np.array([-1.0, 1.0]), "g_z": np.array([0.0, 1.0])}
    fig, ax = plt.subplots()
    artists = training_plots.draw_figure1_panel(ax, snap, "t")
    assert len(artists["mapping"]) == 2 and artists["mapping"][1].get_xdata()[1] == 1.0
    training_plots.update_figure1_panel(artists, dict(snap, d=np.full(50, 0.9), g_z=np.array([2.0, 2.5])))
    assert np.allclose(artists["d"].get_ydata(), 0.9) and artists["mapping"][0].get_xdata()[1] == 2.0
    plt.close(fig)


@pytest.mark.parametrize("loss, factor", [("non-saturating", lambda s: 1 - s), ("saturating", lambda s: s)])
def test_fake_gradient_field_is_the_chain_rule(loss, factor):
    trainer = trainer_2d()
    x = torch.randn(10, 2, generator=torch.Generator().manual_seed(1))
    arrows = training_plots.fake_gradient_field(trainer, x, loss)
    xr = x.clone().requires_grad_(True)
    logit = trainer.discriminator(xr)
    (grad_logit,) = torch.autograd.grad(logit.sum(), xr)
    expected = factor(torch.sigmoid(logit.detach())) * grad_logit  # (1 - D) grad d, or D grad d
    assert torch.allclose(arrows, expected, atol=1e-6)


@pytest.mark.parametrize("n_pack", [1, 4])
def test_2d_panel_draws_and_updates(n_pack):
    trainer = trainer_2d(n_pack)
    snap = training_plots.snapshot_2d(trainer, 1.5, n_fake=200, n_grid=20, n_arrows=30)
    assert snap["d"].shape == (20, 20) and np.all((snap["d"] > 0) & (snap["d"] < 1))
    assert snap["x_fake"].shape == (200, 2) and len(snap["arrows"]) == 30 - 30 % n_pack
    fig, ax = plt.subplots()
    artists = training_plots.draw_2d_panel(ax, snap, ring().sample(100, np.random.default_rng(0)))
    trainer.run(until=5, progress=False)
    new = training_plots.snapshot_2d(trainer, 1.5, n_fake=200, n_grid=20, n_arrows=30)
    training_plots.update_2d_panel(artists, new)
    assert np.allclose(artists["fake"].get_offsets(), new["x_fake"]) and ax.get_title() == "iteration 5"
    plt.close(fig)
    with pytest.raises(ValueError, match="limits must lie in"):
        training_plots.snapshot_2d(trainer, -1.0)


def test_plot_mode_counts_title():
    fig, ax = plt.subplots()
    cover = toy_metrics.mode_coverage(np.tile(ring().means[:3], (10, 1)), ring())
    training_plots.plot_mode_counts(ax, cover, "x:", n_samples=30)
    assert "3/8 modes, 100% high quality" in ax.get_title()
    plt.close(fig)
