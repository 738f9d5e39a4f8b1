"""Lesson 08's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'; the
references agree with gan_edu's own W1 and gradient penalty."""

import numpy as np
import pytest
import torch

from gan_edu import penalties, wasserstein
from gan_edu.answers import wasserstein_gans as _key
from gan_edu.exercises import wasserstein_gans as _published
from exercise_cases import both, function_check_tests, stub

ex = both(_published, _key)
torch.set_num_threads(1)


def student_w1(x, y):
    """The solution as a student writes it."""
    return np.abs(np.sort(x) - np.sort(y)).mean()


def student_gp(critic, x_real, x_fake, eps, lam):
    x_hat = (eps * x_real + (1 - eps) * x_fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return lam * ((grad.norm(dim=1) - 1) ** 2).mean()


FUNCTION_CHECKS = [(ex.check_w1_sorted, student_w1, ex.W1_MISTAKES),
                   (ex.check_gradient_penalty, student_gp, ex.GP_MISTAKES)]
test_reference_passes_and_stub_is_not_attempted, test_each_mistake_gets_its_hint = function_check_tests(FUNCTION_CHECKS)


def test_the_references_agree_with_the_package():
    for x, y in ex.sorted_inputs():
        assert ex.w1_sorted(x, y) == pytest.approx(wasserstein.w1_sorted(x, y), abs=1e-12)
        assert ex.w1_sorted(x, y) == pytest.approx(wasserstein.w1_linprog(x, y).value, abs=1e-9)
    for critic, x_real, x_fake, eps, lam in ex.penalty_inputs():
        package = lam * penalties.gradient_penalty(critic, x_real, x_fake, eps.ravel())
        assert ex.gradient_penalty(critic, x_real, x_fake, eps, lam).item() == pytest.approx(package.item(), rel=1e-6)


def test_clipping_prediction():
    assert ex.check_clipping_prediction(lambda: "a line much flatter than slope 10").status == "correct"
    for wrong in ex.CLIP_HINTS:
        feedback = ex.check_clipping_prediction(lambda: wrong)
        assert feedback.status == "mistake" and feedback.mistake == wrong
    assert ex.check_clipping_prediction(stub).status == "not attempted yet"
