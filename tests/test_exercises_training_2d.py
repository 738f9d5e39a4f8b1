"""Lesson 05's checkers: the reference passes, each listed wrong answer gets its own hint, the stub is not attempted."""

import numpy as np
import pytest
import torch

from gan_edu import toy_metrics
from gan_edu.distributions import GaussianMixture
from gan_edu.answers import training_2d as _key
from gan_edu.exercises import training_2d as _published
from exercise_cases import both

ex = both(_published, _key)

torch.set_num_threads(1)


def stub(*args):
    raise NotImplementedError()


def student_coverage(points, means, std):
    """The solution as a student writes it."""
    dist = np.linalg.norm(points[:, None] - means[None], axis=2)
    is_hq = dist.min(axis=1) <= 3 * std
    return len(set(dist.argmin(axis=1)[is_hq])), is_hq.mean()


def student_r1(discriminator, x_real, x_fake, gamma):
    x = x_real.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(discriminator(x).sum(), x, create_graph=True)
    return gamma / 2 * grad.pow(2).sum(1).mean()


def test_reference_coverage_agrees_with_toy_metrics():
    for points, means, std in ex.coverage_inputs():
        target = GaussianMixture(np.full(len(means), 1 / len(means)), means, np.full(len(means), std))
        reference = toy_metrics.mode_coverage(points, target)
        assert tuple(ex._coverage(points, means, std)) == (reference.modes_captured, reference.high_quality)


def test_coverage_reference_stub_and_mistakes():
    assert ex.check_mode_coverage(student_coverage).status == "correct"
    assert ex.check_mode_coverage(stub).status == "not attempted yet"
    for mistake in ex.COVERAGE_MISTAKES:
        feedback = ex.check_mode_coverage(mistake.wrong)
        assert feedback.status == "mistake" and feedback.mistake == mistake.key


def test_r1_reference_and_stub():
    assert ex.check_r1(student_r1).status == "correct"
    assert ex.check_r1(stub).status == "not attempted yet"


@pytest.mark.parametrize("kwargs, key", [(dict(half=False), "no_half"), (dict(on="fake"), "fake"),
                                         (dict(of="D"), "sigmoid"), (dict(squared=False), "not_squared"),
                                         (dict(create_graph=False), "no_graph")])
def test_r1_mistakes(kwargs, key):
    feedback = ex.check_r1(lambda d, r, f, g: ex._r1(d, r, f, g, **kwargs))
    assert feedback.status == "mistake" and feedback.mistake == key


def test_packing_prediction():
    assert ex.check_packing_prediction(lambda: "b").status == "correct"
    for wrong in ("a", "c", "d"):
        feedback = ex.check_packing_prediction(lambda: wrong)
        assert feedback.status == "mistake" and feedback.mistake == wrong
    assert ex.check_packing_prediction(stub).status == "not attempted yet"
