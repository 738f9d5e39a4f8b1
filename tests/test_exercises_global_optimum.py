"""Lesson 03's checkers: the reference passes, each listed mistake gets its own hint, the stub is 'not attempted'."""

import numpy as np

from gan_edu.answers import global_optimum as _key
from gan_edu.exercises import global_optimum as _published
from exercise_cases import both, function_check_tests, stub

go = both(_published, _key)

FUNCTION_CHECKS = [
    (go.check_kl_gauss, go.kl_gauss, go.KL_GAUSS_MISTAKES),
    (go.check_jsd, go.jsd_vectors, go.JSD_MISTAKES),
]
test_reference_passes_and_stub_is_not_attempted, test_each_mistake_gets_its_hint = function_check_tests(FUNCTION_CHECKS)


def _one_hot_pair(n):
    p, q = np.zeros(n), np.zeros(n)
    p[0], q[-1] = 1.0, 1.0
    return p, q


def test_disjoint_pair():
    assert go.check_disjoint_pair(_one_hot_pair).status == "correct"
    spread = lambda n: (np.r_[np.ones(n // 2), np.zeros(n - n // 2)] / (n // 2),  # noqa: E731
                        np.r_[np.zeros(n // 2), np.ones(n - n // 2)] / (n - n // 2))
    assert go.check_disjoint_pair(spread).status == "correct"      # any pair with disjoint supports reaches log 2
    slips = {
        "identical": lambda n: (np.ones(n) / n, np.ones(n) / n),
        "overlap": lambda n: (np.r_[1.0, np.zeros(n - 1)], np.r_[0.5, 0.5, np.zeros(n - 2)]),
        "complement": lambda n: (np.r_[1.0, np.zeros(n - 1)], np.r_[0.0, np.ones(n - 1)]),
        "not normalised": lambda n: (np.ones(n), np.ones(n)),
        "negative": lambda n: (np.r_[2.0, -1.0, np.zeros(n - 2)], np.r_[0.0, 0.0, 1.0, np.zeros(n - 3)]),
        "length": lambda n: _one_hot_pair(4),
    }
    assert set(slips) == set(go.PAIR_HINTS)
    for key, answer in slips.items():
        feedback = go.check_disjoint_pair(answer)
        assert (feedback.status, feedback.message) == ("mistake", go.PAIR_HINTS[key]), key
    assert go.check_disjoint_pair(lambda n: 3).status == "not yet"
    assert go.check_disjoint_pair(lambda n: 1 / 0).status == "not yet"
    assert go.check_disjoint_pair(stub).status == "not attempted yet"


def test_capacity_prediction():
    assert go.check_capacity_prediction(lambda: "JSD stops at a positive value").status == "correct"
    for wrong, hint in go.CAPACITY_HINTS.items():
        feedback = go.check_capacity_prediction(lambda: wrong)
        assert feedback.status == "mistake" and feedback.message == hint
    assert go.check_capacity_prediction(stub).status == "not attempted yet"
