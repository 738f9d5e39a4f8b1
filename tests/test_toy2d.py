import pytest

from gan_edu import toy2d
from gan_edu.distributions import GaussianMixture, ring


def lrs(trainer):
    return trainer.opt_d.param_groups[0]["lr"], trainer.opt_g.param_groups[0]["lr"]


def test_recommended_adds_the_r1_penalty_and_decays_the_learning_rates_once():
    trainer = toy2d.make_trainer(ring(), "recommended", width=8, depth=1)
    assert trainer.config.r1_gamma == 0.1
    toy2d.train(trainer, 10, progress=False)
    assert trainer.step_count == 10 and lrs(trainer) == pytest.approx((1e-4, 1e-4))
    toy2d.train(trainer, 12, progress=False)  # a re-run continues; the rate is not divided again
    assert trainer.step_count == 12 and lrs(trainer) == pytest.approx((1e-4, 1e-4))


def test_vanilla_is_algorithm_1_unchanged():
    trainer = toy2d.train(toy2d.make_trainer(ring(), "vanilla", width=8, depth=1), 5, progress=False)
    assert trainer.config.r1_gamma == 0.0 and lrs(trainer) == pytest.approx((1e-3, 1e-3))
    assert len(trainer.history["loss_d"]) == 5


def test_same_seed_same_run_and_the_recipes_differ():
    runs = [toy2d.train(toy2d.make_trainer(ring(), recipe, width=8, depth=1), 20, progress=False).history["loss_d"]
            for recipe in ("recommended", "recommended", "vanilla")]
    assert runs[0] == runs[1] and runs[0] != runs[2]


@pytest.mark.parametrize("args, msg", [((ring(), "wgan"), "recipe must be one of"),
                                       ((GaussianMixture([1.0], [0.0], [1.0]),), "target must be a 2-D")])
def test_bad_arguments_are_named(args, msg):
    with pytest.raises(ValueError, match=msg):
        toy2d.make_trainer(*args)


def test_wgan_gp_is_gulrajani_et_als_algorithm_and_r1_is_vanilla_plus_the_penalty():
    wgan = toy2d.make_trainer(ring(), "wgan-gp", width=8, depth=1)
    config = wgan.config
    assert (config.loss.name, config.gp_lambda, config.k_d_steps, config.betas, config.r1_gamma) == ("wasserstein", 0.1, 5, (0.0, 0.9), 0.0)
    toy2d.train(wgan, 3, progress=False)
    assert wgan.step_count == 3 and lrs(wgan) == pytest.approx((1e-3, 1e-3))
    r1 = toy2d.train(toy2d.make_trainer(ring(), "r1", width=8, depth=1), 10, progress=False)
    assert r1.config.r1_gamma == 0.1 and lrs(r1) == pytest.approx((1e-3, 1e-3))  # no decay
