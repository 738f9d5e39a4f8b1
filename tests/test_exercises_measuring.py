"""Lesson 10's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import math

import numpy as np
import pytest
import torch

from gan_edu import mnist_metrics
from gan_edu.answers import measuring as _key
from gan_edu.exercises import measuring as _published
from exercise_cases import both

ex = both(_published, _key)


def stub(*args):
    raise NotImplementedError()


CASES = [(ex.check_parzen, ex.parzen, ex.PARZEN_MISTAKES),
         (ex.check_sigma_from_distances, ex.sigma_from_distances, ex.SIGMA_MISTAKES),
         (ex.check_one_digit_kl, ex.one_digit_kl, ex.ONE_DIGIT_MISTAKES)]


@pytest.mark.parametrize("check, reference, mistakes", CASES, ids=["parzen", "sigma", "one-digit KL"])
def test_reference_mistakes_and_stub(check, reference, mistakes):
    assert len(mistakes) >= 2
    assert check(reference).status == "correct"
    for mistake in mistakes:
        feedback = check(mistake.wrong)
        assert (feedback.status, feedback.mistake, feedback.message) == ("mistake", mistake.key, mistake.hint)
    assert check(stub).status == "not attempted yet"


def test_blur_prediction():
    assert ex.check_blur_prediction(lambda: "higher").status == "correct"
    assert len(ex.BLUR_HINTS) >= 2
    for choice, hint in ex.BLUR_HINTS.items():
        feedback = ex.check_blur_prediction(lambda: choice)
        assert (feedback.status, feedback.message) == ("mistake", hint)
    assert ex.check_blur_prediction(stub).status == "not attempted yet"


def test_parzen_reference_agrees_with_mnist_metrics():
    x, s = torch.rand(6, 1, 28, 28, generator=torch.Generator().manual_seed(0)), torch.rand(40, 1, 28, 28)
    want = mnist_metrics.parzen_log_likelihoods(x.double(), s.double(), [0.2], progress=False)[0]
    assert torch.allclose(ex.parzen(x, s, 0.2), want, atol=1e-6)


def test_the_derived_sigma_maximises_the_nearest_sample_likelihood():
    r, d = np.array([3.0, 4.5, 5.0]), 784
    sigmas = np.linspace(0.05, 0.4, 20001)
    ll = [np.mean(-r**2 / (2 * s**2) - d / 2 * np.log(2 * math.pi * s**2)) for s in sigmas]
    assert ex.sigma_from_distances(r, d) == pytest.approx(sigmas[int(np.argmax(ll))], abs=2e-5)


def test_a_float32_log_sum_exp_parzen_answer_is_correct():
    """A reviewer's answer, in the images' own float32 with torch.cdist and torch.logsumexp as the prompt suggests:
    right to ~1e-6 relative, which a 1e-7 tolerance used to call 'too large'."""
    import math

    import torch

    from gan_edu.exercises import measuring

    def float32_answer(x, samples, sigma):
        x, s = torch.as_tensor(x).flatten(1).float(), torch.as_tensor(samples).flatten(1).float()
        d = x.shape[1]
        kernel = torch.logsumexp(-torch.cdist(x, s) ** 2 / (2 * sigma**2), dim=1)
        return kernel - math.log(len(s)) - d / 2 * math.log(2 * math.pi * sigma**2)

    feedback = measuring.check_parzen(float32_answer)
    assert feedback.status == "correct", feedback.message
