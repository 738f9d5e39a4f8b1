"""Lesson 04's checkers: the reference passes, each listed wrong answer gets its own hint, the stub is not attempted."""

import math

import pytest
import torch

from gan_edu.answers import training_1d as _key
from gan_edu.exercises import training_1d as _published
from exercise_cases import both

ex = both(_published, _key)

torch.set_num_threads(1)  # the checkers train tiny networks: many threads only add contention


def stub(*args):
    raise NotImplementedError()


def literal_d_step(trainer):
    """The solution as a student writes it: the literal formula, real samples first."""
    m = trainer.config.batch_size
    x_real = trainer.draw(trainer.sample_real, m)
    with torch.no_grad():
        x_fake = trainer.generator(trainer.draw(trainer.sample_z, m))
    d_real, d_fake = trainer.discriminator(x_real), trainer.discriminator(x_fake)
    loss_d = -(torch.log(torch.sigmoid(d_real)).mean() + torch.log(1 - torch.sigmoid(d_fake)).mean())
    trainer.opt_d.zero_grad()
    loss_d.backward()
    trainer.opt_d.step()
    return loss_d.item()


def literal_g_step(trainer):
    z = trainer.draw(trainer.sample_z, trainer.config.batch_size)
    loss_g = -torch.log(torch.sigmoid(trainer.discriminator(trainer.generator(z)))).mean()
    trainer.opt_g.zero_grad()
    loss_g.backward()
    trainer.opt_g.step()
    return loss_g.item()


def test_d_step_reference_and_stub():
    assert ex.check_d_step(literal_d_step).status == "correct"
    assert ex.check_d_step(stub).status == "not attempted yet"


@pytest.mark.parametrize("kwargs, key", [(dict(sign=-1.0), "sign"), (dict(zero_grad=False), "zero_grad"),
                                         (dict(swap=True), "swapped"), (dict(noise_first=True), "noise_first")])
def test_d_step_mistakes(kwargs, key):
    feedback = ex.check_d_step(lambda t: ex._d_step(t, **kwargs))
    assert feedback.status == "mistake" and feedback.mistake == key


def test_d_step_generic_miss_names_no_mistake():
    def half_step(trainer):  # a step on half the batch: wrong, but none of the listed mistakes
        x_real = trainer.draw(trainer.sample_real, 32)
        loss = -torch.nn.functional.logsigmoid(trainer.discriminator(x_real)).mean()
        trainer.opt_d.zero_grad()
        loss.backward()
        trainer.opt_d.step()
        return loss.item()
    assert ex.check_d_step(half_step).status == "not yet"


def test_g_step_reference_and_stub():
    assert ex.check_g_step(literal_g_step).status == "correct"
    assert ex.check_g_step(stub).status == "not attempted yet"


@pytest.mark.parametrize("kwargs, key", [(dict(loss="minimax"), "minimax"), (dict(loss="sign"), "sign"),
                                         (dict(zero_grad=False), "zero_grad"), (dict(detach=True), "detached"),
                                         (dict(optimiser="d"), "wrong_optimiser")])
def test_g_step_mistakes(kwargs, key):
    feedback = ex.check_g_step(lambda t: ex._g_step(t, **kwargs))
    assert feedback.status == "mistake" and feedback.mistake == key


def test_k0_prediction():
    assert ex.check_k0_prediction(lambda: "b").status == "correct"
    for wrong in ("a", "c", "d"):
        feedback = ex.check_k0_prediction(lambda: wrong)
        assert feedback.status == "mistake" and feedback.mistake == wrong
    assert ex.check_k0_prediction(stub).status == "not attempted yet"
    assert ex.check_k0_prediction(lambda: "e").status == "not yet"


def test_plateau_value_and_mistakes():
    # w = 1/2: 1/2 (1/2 log 2 + 1/2 log(2/3)) + 1/2 log(4/3), as in the lesson
    assert ex.plateau(0.5) == pytest.approx(0.5 * (0.5 * math.log(2) + 0.5 * math.log(2 / 3)) + 0.5 * math.log(4 / 3))
    assert ex.check_plateau(ex.plateau).status == "correct"
    assert ex.check_plateau(stub).status == "not attempted yet"
    for mistake in ex.PLATEAU_MISTAKES:
        feedback = ex.check_plateau(mistake.wrong)
        assert feedback.status == "mistake" and feedback.mistake == mistake.key
