"""Lesson 09's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import pytest
import torch

from gan_edu import exercises, mnist_models
from gan_edu.answers import mnist_gan as _key
from gan_edu.exercises import mnist_gan as _published
from exercise_cases import both
from gan_edu.training import TrainConfig, Trainer, linear_lr_decay

ex = both(_published, _key)


def stub(*args):
    raise NotImplementedError()


CASES = [(ex.check_learning_rate, ex.learning_rate, ex.LEARNING_RATE_MISTAKES),
         (ex.check_nearest_distance, ex.nearest_distance, ex.NEAREST_MISTAKES)]


@pytest.mark.parametrize("check, reference, mistakes", CASES, ids=["learning rate", "nearest distance"])
def test_reference_mistakes_and_stub(check, reference, mistakes):
    assert len(mistakes) >= 2
    assert check(reference).status == "correct"
    for mistake in mistakes:
        feedback = check(mistake.wrong)
        assert (feedback.status, feedback.mistake, feedback.message) == ("mistake", mistake.key, mistake.hint)
    assert check(stub).status == "not attempted yet"
    assert check(lambda *args: 0.0).status == "not yet"


def test_fade_prediction():
    assert ex.check_fade_prediction(lambda: "pixel fades").status == "correct"
    assert len(ex.FADE_HINTS) >= 2
    for choice, hint in ex.FADE_HINTS.items():
        feedback = ex.check_fade_prediction(lambda: choice)
        assert (feedback.status, feedback.message) == ("mistake", hint)
    assert ex.check_fade_prediction(stub).status == "not attempted yet"
    with pytest.raises(AssertionError):
        exercises.passed("walk in z or fade in pixels")


def test_the_reference_schedule_is_what_the_trainer_uses():
    """learning_rate(t, ...) must be the rate Trainer's optimiser holds during iteration t under linear_lr_decay."""
    n, lr, start = 12, 1e-3, 6
    g, d = mnist_models.gan_pair("mlp", torch.Generator().manual_seed(0), width=4)
    x = torch.rand(32, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    trainer = Trainer(g, d, mnist_models.real_sampler(x), mnist_models.sample_z,
                      TrainConfig(batch_size=8, lr_d=lr, lr_g=lr), device=torch.device("cpu"))
    used = [lr]  # iteration 1 runs with the initial rate; after iteration t the callbacks set the rate of t + 1
    record = lambda t: used.append(t.opt_g.param_groups[0]["lr"])  # noqa: E731
    trainer.run(until=n, callbacks=[linear_lr_decay(start, n, lr, lr), record], progress=False)
    assert used[:n] == pytest.approx([ex.learning_rate(t, n, lr, 0.5) for t in range(1, n + 1)])
