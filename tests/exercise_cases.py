"""The two tests every function-checker module gets: reference and stub, then each listed mistake's hint.

A test module lists ``FUNCTION_CHECKS = [(check, reference, mistakes), ...]`` and binds
``test_reference_passes_and_stub_is_not_attempted, test_each_mistake_gets_its_hint = function_check_tests(FUNCTION_CHECKS)``.
"""

import pytest


def stub(*args):
    raise NotImplementedError()


def function_check_tests(function_checks):
    """Two parametrised test functions over ``function_checks`` (fresh objects for each calling module)."""
    mistake_cases = [(check, m) for check, _, mistakes in function_checks for m in mistakes]

    @pytest.mark.parametrize("check, reference, mistakes", function_checks, ids=lambda v: getattr(v, "__name__", ""))
    def reference_and_stub(check, reference, mistakes):
        assert len(mistakes) >= 2
        assert check(reference).status == "correct"
        assert check(stub).status == "not attempted yet"

    @pytest.mark.parametrize("check, mistake", mistake_cases, ids=lambda v: getattr(v, "key", getattr(v, "__name__", "")))
    def each_mistake_gets_its_hint(check, mistake):
        feedback = check(mistake.wrong)
        assert feedback.status == "mistake" and feedback.mistake == mistake.key and feedback.message == mistake.hint

    return reference_and_stub, each_mistake_gets_its_hint


def both(published, key):
    """One namespace with a lesson's student-facing checkers (``gan_edu.exercises.X``) and its answer key
    (``gan_edu.answers.X``): references, mistakes and hints, as the tests feed them back in."""
    import types

    return types.SimpleNamespace(**{k: v for k, v in vars(key).items() if not k.startswith("__")},
                                 **{k: v for k, v in vars(published).items() if not k.startswith("__")
                                    and k not in vars(key)})
