import copy
import math

import pytest
import torch
from torch import nn

from gan_edu import losses
from gan_edu.penalties import r1_penalty
from gan_edu.training import TrainConfig, Trainer, every, linear_lr_decay


def sample_real(m, rng):
    return 2.0 + 0.5 * torch.randn(m, 1, generator=rng)


def sample_z(m, rng):
    return torch.randn(m, 1, generator=rng)


def make_trainer(seed=0, **config):
    torch.manual_seed(seed)
    g = nn.Sequential(nn.Linear(1, 16), nn.ReLU(), nn.Linear(16, 1))
    d = nn.Sequential(nn.Linear(1, 16), nn.ReLU(), nn.Linear(16, 1))
    return Trainer(g, d, sample_real, sample_z, TrainConfig(seed=seed, **config), device=torch.device("cpu"))


def test_same_seed_same_history_different_seed_differs():
    h1 = make_trainer(seed=3).run(until=20, progress=False)
    h2 = make_trainer(seed=3).run(until=20, progress=False)
    h3 = make_trainer(seed=4).run(until=20, progress=False)
    assert h1 == h2 and len(h1["loss_d"]) == 20
    assert h1["loss_d"] != h3["loss_d"]


def test_k_discriminator_steps_per_generator_step():
    trainer = make_trainer(k_d_steps=3)
    calls = {"d": 0, "g": 0}
    d_step, g_step = trainer.d_step, trainer.g_step
    trainer.d_step = lambda: (calls.__setitem__("d", calls["d"] + 1), d_step())[1]
    trainer.g_step = lambda: (calls.__setitem__("g", calls["g"] + 1), g_step())[1]
    trainer.run(until=5, progress=False)
    assert calls == {"d": 15, "g": 5}


def test_a_step_in_two_halves_equals_a_whole_step():
    whole, halves = make_trainer(seed=5, k_d_steps=2), make_trainer(seed=5, k_d_steps=2)
    for _ in range(3):
        whole.step()
        halves.step(part="d")
        assert halves.pending_d is not None and len(halves.history["step"]) == whole.step_count - 1
        halves.step(part="g")
    assert halves.history == whole.history and halves.pending_d is None
    assert all(torch.equal(a, b) for a, b in zip(whole.generator.parameters(), halves.generator.parameters()))
    with pytest.raises(ValueError, match=r"call step\(part='d'\) first"):
        halves.step(part="g")
    with pytest.raises(ValueError, match="part must be 'both', 'd' or 'g'"):
        halves.step(part="G")


def test_k_zero_trains_only_the_generator():
    trainer = make_trainer(k_d_steps=0)
    before = [p.clone() for p in trainer.discriminator.parameters()]
    history = trainer.run(until=3, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(before, trainer.discriminator.parameters()))
    assert all(math.isnan(v) for v in history["loss_d"]) and all(math.isfinite(v) for v in history["loss_g"])


def test_run_until_is_a_total_and_resume_matches_uninterrupted():
    straight = make_trainer().run(until=12, progress=False)
    first = make_trainer()
    first.run(until=5, progress=False)
    state = first.state_dict()
    second = make_trainer(seed=0)
    second.load_state_dict(state)
    second.run(until=12, progress=False)
    second.run(until=12, progress=False)  # already there: nothing more happens
    assert second.history == straight


def test_history_records_discriminator_means_and_bound():
    h = make_trainer().run(until=4, progress=False)
    assert all(0 < v < 1 for v in h["d_real"] + h["d_fake"])
    assert h["divergence_bound"] == pytest.approx([(math.log(4) - v) / 2 for v in h["loss_d"]])


def test_callbacks_every_n():
    seen = []
    make_trainer().run(until=10, callbacks=[every(4, lambda t: seen.append(t.step_count))], progress=False)
    assert seen == [4, 8]


def weights(trainer):
    return [p.detach().clone() for model in (trainer.generator, trainer.discriminator) for p in model.parameters()]


def test_nan_in_the_data_is_a_data_error_and_no_weight_changes():
    trainer = make_trainer()
    trainer.run(until=2, progress=False)
    before = weights(trainer)
    trainer.sample_real = lambda m, rng: torch.full((m, 1), float("nan"))
    with pytest.raises(ValueError, match="sample_real returned NaN or Inf at iteration 3: the training data.*DATA is at fault"):
        trainer.run(until=5, progress=False)
    assert trainer.step_count == 2 and all(torch.equal(a, b) for a, b in zip(before, weights(trainer)))


def test_a_diverging_loss_stops_before_the_update_and_reports_the_rates_in_the_optimiser():
    trainer = make_trainer(max_loss=5.0)
    trainer.set_hyperparameters(lr_d=0.25, lr_g=0.5)  # the optimiser's rates, which the error must report
    with torch.no_grad():
        trainer.discriminator[-1].bias.fill_(-50.0)  # D rejects everything: loss_d on real data is about 50
    before = weights(trainer)
    with pytest.raises(FloatingPointError, match=r"loss_d = 50.* exceeds max_loss = 5 at iteration 1.*lr_d=0.25, lr_g=0.5"):
        trainer.run(until=3, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(before, weights(trainer)))
    trainer.config.max_loss = None  # without the guard the same trainer trains on: its weights are intact
    trainer.run(until=1, progress=False)
    assert trainer.step_count == 1


def test_a_non_finite_loss_and_an_exploding_gradient_never_reach_the_weights():
    trainer = make_trainer()
    with torch.no_grad():
        trainer.generator[-1].bias.fill_(float("inf"))  # G(z) = inf: loss_d is not finite
    before = weights(trainer)
    with pytest.raises(FloatingPointError, match=r"loss_d became nan at iteration 1.*lr_d=0.001, lr_g=0.001"):
        trainer.run(until=1, progress=False)
    assert all(torch.equal(a, b, ) or (a.isinf().any() and b.isinf().any()) for a, b in zip(before, weights(trainer)))
    guarded = make_trainer(max_grad_norm=1e-6)
    g_before = weights(guarded)
    with pytest.raises(FloatingPointError, match=r"gradient norm of loss_d, .* exceeds max_grad_norm = 1e-06"):
        guarded.run(until=1, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(g_before, weights(guarded)))


def test_train_discriminator_honours_the_optimizer_and_r1_gamma_and_checks_the_data():
    from gan_edu.training import train_discriminator

    def run(**config):
        torch.manual_seed(0)
        d = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1))
        train_discriminator(d, sample_real, sample_z, 3, TrainConfig(**config))
        return torch.cat([p.detach().flatten() for p in d.parameters()])

    adam, sgd, penalised = run(), run(optimizer="sgd"), run(r1_gamma=10.0)
    assert not torch.allclose(adam, sgd) and not torch.allclose(adam, penalised)
    assert torch.equal(run(optimizer="sgd"), sgd)  # seeded
    nan_data = lambda m, rng: torch.full((m, 1), float("nan"))  # noqa: E731
    with pytest.raises(ValueError, match="sample_real returned NaN or Inf at step 1.*DATA is at fault"):
        train_discriminator(nn.Linear(1, 1), nan_data, sample_z, 2)


def test_shape_mismatches_are_reported_in_the_callers_words():
    trainer = make_trainer()
    trainer.sample_z = lambda m, rng: torch.randn(m, 3, generator=rng)  # G takes 1-D noise
    with pytest.raises(ValueError, match=r"the generator cannot take sample_z's draws of shape \(64, 3\)"):
        trainer.run(until=1, progress=False)
    trainer = make_trainer()
    trainer.sample_real = lambda m, rng: torch.randn(m, 2, generator=rng)
    with pytest.raises(ValueError, match=r"the generator makes samples of shape \(1,\) but sample_real draws \(2,\)"):
        trainer.run(until=1, progress=False)


@pytest.mark.parametrize("field, value, msg", [
    ("lr_d", 0.0, r"lr_d must lie in \(0, 1\]"), ("lr_g", 2.0, r"lr_g must lie in \(0, 1\]"),
    ("k_d_steps", -1, "k_d_steps must be an integer >= 0"), ("batch_size", 0, "batch_size must be an integer >= 1"),
    ("optimizer", "adagrad", "optimizer must be one of"), ("loss", "hinge", "loss must be one of"),
    ("r1_gamma", -0.1, r"r1_gamma must lie in \[0, inf\)"), ("r1_gamma", math.nan, r"r1_gamma must lie in \[0, inf\)"),
    ("betas", (0.5,), "betas must be two numbers in"), ("momentum", 1.5, r"momentum must lie in \[0.0, 1.0\]"),
    ("max_loss", -1.0, "max_loss must lie in"), ("seed", -1, "seed must be an integer >= 0"),
])
def test_bad_config_names_the_argument(field, value, msg):
    with pytest.raises(ValueError, match=msg):
        TrainConfig(**{field: value})


def test_saturating_loss_is_selectable():
    assert TrainConfig(loss="saturating").loss is losses.SATURATING


# --- extensions: records, snapshots, time budget, live hyper-parameters, gradient norms ---

from gan_edu.training import generator_grad_norm, record, snapshot_at  # noqa: E402


def test_record_and_snapshots_do_not_change_training():
    plain = make_trainer().run(until=10, progress=False)
    trainer = make_trainer()
    callbacks = [record("mean_x", lambda t: t.generator(torch.zeros(1, 1)).item(), every_n=5),
                 snapshot_at([3, 7], lambda t: t.step_count * 10)]
    history = trainer.run(until=10, callbacks=callbacks, progress=False)
    assert history == plain
    assert trainer.records["mean_x"][0] == [5, 10] and len(trainer.records["mean_x"][1]) == 2
    assert trainer.snapshots == {3: 30, 7: 70}


def test_records_and_snapshots_survive_state_dict():
    trainer = make_trainer()
    trainer.run(until=4, callbacks=[record("one", lambda t: 1.0), snapshot_at([2], lambda t: "s")], progress=False)
    other = make_trainer()
    other.load_state_dict(trainer.state_dict())
    assert other.records == {"one": ([1, 2, 3, 4], [1.0] * 4)} and other.snapshots == {2: "s"}


def test_max_seconds_stops_early_and_resume_continues():
    trainer = make_trainer()
    trainer.run(until=10**6, max_seconds=0.0, progress=False)
    assert trainer.step_count == 0
    trainer.run(until=3, max_seconds=60.0, progress=False)
    assert trainer.step_count == 3
    with pytest.raises(ValueError, match="max_seconds must lie in"):
        trainer.run(until=5, max_seconds=-1.0, progress=False)


def test_set_hyperparameters_reaches_the_optimisers():
    trainer = make_trainer()
    trainer.set_hyperparameters(k_d_steps=4, lr_d=0.01, lr_g=0.02)
    assert trainer.config.k_d_steps == 4
    assert [g["lr"] for g in trainer.opt_d.param_groups] == [0.01]
    assert [g["lr"] for g in trainer.opt_g.param_groups] == [0.02]
    with pytest.raises(ValueError, match="lr_g must lie in"):
        trainer.set_hyperparameters(lr_g=1.5)
    with pytest.raises(ValueError, match="k_d_steps must be an integer >= 0"):
        trainer.set_hyperparameters(k_d_steps=-2)


def test_linear_lr_decay_lowers_both_rates_to_near_zero_at_the_end():
    trainer = make_trainer(lr_d=0.01, lr_g=0.02)
    seen = []  # the rates the next iteration will use, read after the decay callback
    rates = lambda t: seen.append((t.opt_d.param_groups[0]["lr"], t.opt_g.param_groups[0]["lr"]))  # noqa: E731
    trainer.run(until=10, callbacks=[linear_lr_decay(6, 10, 0.01, 0.02), rates], progress=False)
    assert seen[:6] == [(0.01, 0.02)] * 6  # untouched before iteration 6
    expected = [(0.01 * f, 0.02 * f) for f in (3 / 4, 2 / 4, 1 / 4, 1 / 4)]  # the last rate stays
    assert [r for pair in seen[6:] for r in pair] == pytest.approx([r for pair in expected for r in pair])
    with pytest.raises(ValueError, match="end must be an integer >= 7"):
        linear_lr_decay(6, 6, 0.01, 0.02)


def test_generator_grad_norm_matches_manual_gradient_and_saturation():
    trainer = make_trainer()
    z = sample_z(512, torch.Generator().manual_seed(0))
    loss_g = losses.loss_g_nonsaturating(trainer.discriminator(trainer.generator(z)))
    grads = torch.autograd.grad(loss_g, list(trainer.generator.parameters()))
    manual = torch.sqrt(sum((g**2).sum() for g in grads)).item()
    assert generator_grad_norm(trainer, "non-saturating") == pytest.approx(manual, rel=1e-6)
    # a discriminator that confidently rejects every fake (logit -8): the saturating loss has ~e^-8 of
    # the non-saturating gradient, since d/dl log(1 - s(l)) = -s(l) while d/dl -log s(l) = s(l) - 1
    with torch.no_grad():
        last = trainer.discriminator[-1]
        last.weight.mul_(1e-3)
        last.bias.fill_(-8.0)
    ratio = generator_grad_norm(trainer, "saturating") / generator_grad_norm(trainer, "non-saturating")
    assert 0.5 * math.exp(-8) < ratio < 2 * math.exp(-8)


def test_packed_discriminator_concatenates_samples():
    from gan_edu import toy_models
    g, d = toy_models.toy_pair(2, 2, 8, 1, torch.Generator().manual_seed(0), n_pack=2)
    x = torch.arange(8.0).reshape(4, 2)
    assert torch.equal(d(x), d.discriminator(torch.tensor([[0.0, 1, 2, 3], [4, 5, 6, 7]])))
    with pytest.raises(ValueError, match="multiple of n_pack=2"):
        d(torch.zeros(3, 2))
    with pytest.raises(ValueError, match="n_pack must be an integer >= 1"):
        toy_models.toy_pair(2, 2, 8, 1, torch.Generator(), n_pack=0)


def test_r1_penalty_is_the_squared_gradient_norm_of_the_logit():
    # d(x) = w.x + x0^2 has grad (w0 + 2 x0, w1): the penalty is its squared norm averaged over the batch
    w = torch.tensor([0.5, -2.0])
    x = torch.tensor([[1.0, 3.0], [-0.5, 0.0], [2.0, 1.0]], requires_grad=True)
    d = (x * w).sum(1, keepdim=True) + x[:, :1] ** 2  # (3, 1)
    expected = (((w[0] + 2 * x[:, 0]) ** 2 + w[1] ** 2).mean()).item()
    assert math.isclose(r1_penalty(d, x).item(), expected, rel_tol=1e-6)


def test_r1_gamma_changes_only_the_discriminator_update_not_the_reported_loss():
    plain, penalised = make_trainer(optimizer="sgd"), make_trainer(optimizer="sgd", r1_gamma=10.0)  # Adam's first step is ~sign(grad)
    loss_plain, loss_penalised = plain.d_step()[0], penalised.d_step()[0]
    assert math.isclose(loss_plain, loss_penalised, rel_tol=1e-6)  # same data, same weights before the step
    w_plain = torch.cat([p.flatten() for p in plain.discriminator.parameters()])
    w_penalised = torch.cat([p.flatten() for p in penalised.discriminator.parameters()])
    assert not torch.allclose(w_plain, w_penalised)


def test_a_time_budget_ends_the_run_on_the_first_iteration_past_it_and_the_decay_follows_the_clock():
    trainer = make_trainer(lr_d=0.01, lr_g=0.01)
    seen = []  # (elapsed seconds, rate for the next iteration) after each iteration
    log = lambda t: seen.append((t.elapsed_seconds, t.opt_d.param_groups[0]["lr"]))  # noqa: E731
    trainer.run(callbacks=[linear_lr_decay(0.2, 0.4, 0.01, 0.01, unit="seconds"), log], progress=False, budget_seconds=0.4)
    times, rates = zip(*seen)
    assert times[-2] < 0.4 <= trainer.elapsed_seconds and len(times) == trainer.step_count > 10
    before = [r for t, r in seen if t < 0.2]
    assert before and set(before) == {0.01}  # untouched in the first half of the budget
    assert all(a >= b for a, b in zip(rates, rates[1:]))  # then only falling
    last_below = [r for t, r in seen if t < 0.4][-1]
    assert last_below == pytest.approx(0.01 * (0.4 - times[-2]) / 0.2)  # linear in the time left
    trainer.run(progress=False, budget_seconds=0.4)  # the budget is spent: nothing more happens
    assert trainer.step_count == len(times)
    with pytest.raises(ValueError, match="give until"):
        trainer.run(progress=False)
    with pytest.raises(ValueError, match="budget_seconds must lie in"):
        trainer.run(progress=False, budget_seconds=-1.0)
    with pytest.raises(ValueError, match="unit must be 'iterations' or 'seconds'"):
        linear_lr_decay(0, 5, 0.01, 0.01, unit="minutes")


def test_lazy_r1_applies_the_scaled_penalty_on_every_nth_iteration_only():
    plain, lazy = make_trainer(optimizer="sgd"), make_trainer(optimizer="sgd", r1_gamma=1.0, r1_every=3)
    eager = make_trainer(optimizer="sgd", r1_gamma=3.0)  # what lazy R1 must equal on its penalised iterations
    weights = lambda t: [p.detach().clone() for p in t.discriminator.parameters()]  # noqa: E731
    for trainer in (plain, lazy, eager):
        trainer.run(until=1, progress=False)  # iteration 0: penalised (0 % 3 == 0)
    assert all(torch.equal(a, b) for a, b in zip(weights(lazy), weights(eager)))
    assert not all(torch.equal(a, b) for a, b in zip(weights(lazy), weights(plain)))
    before = weights(lazy)
    plain.load_state_dict(copy.deepcopy(lazy.state_dict()))  # a copy: optimisers share loaded tensors
    plain.set_hyperparameters(r1_gamma=0.0)  # the state carries lazy's gamma
    lazy.run(until=2, progress=False)  # iteration 1: no penalty, so the same step as without R1
    plain.run(until=2, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(weights(lazy), weights(plain)))
    assert not all(torch.equal(a, b) for a, b in zip(weights(lazy), before))
    with pytest.raises(ValueError, match="r1_every must be an integer >= 1"):
        TrainConfig(r1_every=0)


def test_the_gradient_penalty_changes_only_the_critic_update_and_is_seeded_by_the_trainer():
    plain = make_trainer(optimizer="sgd", loss="wasserstein")
    penalised = [make_trainer(optimizer="sgd", loss="wasserstein", gp_lambda=10.0) for _ in range(2)]
    losses_d = [t.d_step()[0] for t in (plain, *penalised)]
    assert math.isclose(losses_d[0], losses_d[1], rel_tol=1e-6)  # the penalty is not part of loss_d's value
    weights = [torch.cat([p.flatten() for p in t.discriminator.parameters()]) for t in (plain, *penalised)]
    assert not torch.allclose(weights[0], weights[1]) and torch.equal(weights[1], weights[2])
    assert penalised[0].config.describe()["gp_lambda"] == 10.0 and "gp_lambda" not in plain.config.describe()


def test_rmsprop_is_the_wgan_papers_optimiser():
    trainer = make_trainer(optimizer="rmsprop", lr_d=5e-5)
    assert isinstance(trainer.opt_d, torch.optim.RMSprop) and trainer.opt_d.param_groups[0]["lr"] == 5e-5
    trainer.set_hyperparameters(betas=(0.0, 0.9))  # stored in config; RMSProp has no betas to change
    assert trainer.config.betas == (0.0, 0.9)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        make_trainer(optimizer="adagrad")
