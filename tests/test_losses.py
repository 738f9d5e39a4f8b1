import pytest
import torch

from gan_edu import losses

LOGITS_REAL = torch.tensor([-3.0, -0.5, 0.0, 1.2, 4.0], dtype=torch.float64)
LOGITS_FAKE = torch.tensor([-5.0, -1.0, 0.3, 2.0], dtype=torch.float64)


def test_discriminator_loss_is_minus_v_literal():
    dr, df = torch.sigmoid(LOGITS_REAL), torch.sigmoid(LOGITS_FAKE)
    literal = -(torch.log(dr).mean() + torch.log(1 - df).mean())
    torch.testing.assert_close(losses.loss_d_minimax(LOGITS_REAL, LOGITS_FAKE), literal, rtol=1e-12, atol=0)


def test_generator_losses_match_literal_and_differ():
    df = torch.sigmoid(LOGITS_FAKE)
    sat, nonsat = losses.loss_g_saturating(LOGITS_FAKE), losses.loss_g_nonsaturating(LOGITS_FAKE)
    torch.testing.assert_close(sat, torch.log(1 - df).mean(), rtol=1e-12, atol=0)
    torch.testing.assert_close(nonsat, -torch.log(df).mean(), rtol=1e-12, atol=0)
    assert abs(float(sat - nonsat)) > 0.1  # two-sided: the names are not swapped


def test_saturating_gradient_vanishes_when_d_rejects_fakes():
    d = torch.tensor([-10.0], requires_grad=True)  # D(G(z)) ~ 4.5e-5
    losses.loss_g_saturating(d).backward()
    g_sat = d.grad.abs().item()
    d.grad = None
    losses.loss_g_nonsaturating(d).backward()
    assert g_sat < 1e-4 < 0.99 < d.grad.abs().item()


def test_stable_at_extreme_logits():
    big = torch.tensor([80.0, -80.0])
    assert torch.isfinite(losses.loss_d_minimax(big, -big))
    assert torch.isfinite(losses.loss_g_nonsaturating(-big))


def test_get_loss_names_allowed_values():
    assert losses.get_loss("saturating") is losses.SATURATING
    with pytest.raises(ValueError, match="loss must be one of"):
        losses.get_loss("hinge")


def test_wasserstein_pair_is_the_difference_of_critic_means_and_its_estimate_is_minus_loss_d():
    loss_d = losses.loss_d_wasserstein(LOGITS_REAL, LOGITS_FAKE)
    torch.testing.assert_close(loss_d, LOGITS_FAKE.mean() - LOGITS_REAL.mean(), rtol=1e-12, atol=0)
    torch.testing.assert_close(losses.loss_g_wasserstein(LOGITS_FAKE), -LOGITS_FAKE.mean(), rtol=1e-12, atol=0)
    assert losses.get_loss("wasserstein") is losses.WASSERSTEIN
    assert losses.WASSERSTEIN.divergence_bound(float(loss_d)) == pytest.approx(float(LOGITS_REAL.mean() - LOGITS_FAKE.mean()))
    with pytest.raises(TypeError, match="loss_d"):
        losses.w1_estimate("0.3")
