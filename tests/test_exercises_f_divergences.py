"""Lesson 06's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import numpy as np
import pytest
from scipy import stats

from gan_edu import fgan
from gan_edu.answers import f_divergences as _key
from gan_edu.exercises import f_divergences as _published
from exercise_cases import both

ex = both(_published, _key)


def stub(*args):
    raise NotImplementedError()


CASES = [
    (ex.check_tv_conjugate, ex.tv_conjugate, [
        ("domain", lambda t: np.maximum(t, -0.5)),
        ("real line", lambda t: np.where(np.abs(t) > 0.5, np.inf, t)),
        ("factor 2", lambda t: np.where(t > 1, np.inf, np.maximum(t, -1.0))),
        ("no supremum", lambda t: t),
    ]),
    (ex.check_kl_critic, ex.kl_critic, [
        ("swapped", lambda x: 0.5 + x),
        ("missing 1", lambda x: 0.5 - x),
        ("log base 2", lambda x: 1 + (0.5 - x) / np.log(2)),
        ("f not f'", lambda x: np.exp(0.5 - x) * (0.5 - x)),
    ]),
    (ex.check_reverse_kl_from_logit, ex.reverse_kl_from_logit, [
        ("swapped", lambda d: -np.exp(d)),
        ("sign", lambda d: np.exp(-d)),
        ("wrong row", lambda d: 1 + d),
        ("log base 2", lambda d: -(0.5 ** d)),
    ]),
]


@pytest.mark.parametrize("check, reference, wrong", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_reference_mistakes_and_stub(check, reference, wrong):
    assert check(reference).status == "correct"
    assert check(stub).status == "not attempted yet"
    assert check(lambda *a: np.zeros(3)).status == "not yet"
    hints = set()
    for key, answer in wrong:
        feedback = check(answer)
        assert (feedback.status, feedback.mistake) == ("mistake", key)
        hints.add(feedback.message)
    assert len(hints) == len(wrong)  # every mistake has its own hint


def test_tv_reference_is_the_brute_force_supremum_over_positive_u():
    u = np.append(np.geomspace(1e-9, 1e5, 200_001), 1.0)  # the kink u = 1 is on the grid
    for t in [-2.0, -0.9, -0.6, -0.3, 0.0, 0.2, 0.45]:
        assert np.max(t * u - np.abs(u - 1) / 2) == pytest.approx(float(ex.tv_conjugate(t)), abs=1e-6)
    for t in [0.6, 1.5]:  # unbounded: the supremum keeps growing with the range of u
        assert np.max(t * u - np.abs(u - 1) / 2) > 1e4 and ex.tv_conjugate(t) == np.inf


def test_kl_critic_reference_is_one_plus_the_log_ratio():
    x = np.linspace(-3, 4, 9)
    np.testing.assert_allclose(ex.kl_critic(x), 1 + stats.norm.logpdf(x, 0, 1) - stats.norm.logpdf(x, 1, 1))


def test_reverse_kl_reference_is_the_table_row_at_exp_d():
    d = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(ex.reverse_kl_from_logit(d), fgan.as_numpy_fn(fgan.get("reverse-kl").t_star)(np.exp(d)))


def test_hints_never_print_the_answer(capsys):
    ex.check_tv_conjugate(lambda t: np.maximum(t, -0.5))
    ex.check_kl_critic(lambda x: 0.5 + x)
    out = capsys.readouterr().out
    assert "1.5" not in out and "np.maximum" not in out and "exp(-d)" not in out
