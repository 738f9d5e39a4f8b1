"""Lesson 11's checkers: the reference passes, each typical mistake gets its own hint, the stub is 'not attempted'."""

import builtins
import io
import os
from pathlib import Path

import pytest

from gan_edu import checkpoint
from gan_edu.answers import checkpoints as _key
from gan_edu.exercises import checkpoints as _published
from exercise_cases import both

ex = both(_published, _key)


def stub(*args):
    raise NotImplementedError()


def in_place(path, data):
    with open(path, "wb") as f:
        f.write(data)


def no_fsync(path, data):
    tmp = Path(path).with_name("tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def rename_before_fsync(path, data):
    tmp = Path(path).with_name("tmp")
    f = open(tmp, "wb")
    f.write(data)
    f.flush()
    os.replace(tmp, path)
    os.fsync(f.fileno())
    f.close()


def other_directory(path, data):
    tmp = Path(path).parent.parent / "tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def with_rename(path, data):
    tmp = Path(path).with_name("tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.remove(path)
    os.rename(tmp, path)


def renames_even_after_a_crash(path, data):
    tmp = Path(path).with_name("tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    finally:
        os.replace(tmp, path)


def wrong_content(path, data):
    ex.atomic_save(path, data[::-1])


WRONG_SAVES = {"in place": in_place, "no fsync": no_fsync, "rename before fsync": rename_before_fsync,
               "other directory": other_directory, "os.rename": with_rename,
               "torn after a crash": renames_even_after_a_crash, "wrong content": wrong_content}


def test_atomic_save_reference_mistakes_and_stub():
    assert ex.check_atomic_save(ex.atomic_save).status == "correct"
    assert set(WRONG_SAVES) == set(ex.ATOMIC_SAVE_HINTS)
    for key, save in WRONG_SAVES.items():
        feedback = ex.check_atomic_save(save)
        assert (feedback.status, feedback.message) == ("mistake", ex.ATOMIC_SAVE_HINTS[key]), key
    assert ex.check_atomic_save(stub).status == "not attempted yet"
    feedback = ex.check_atomic_save(lambda path, data: 1 / 0)
    assert feedback.status == "not yet" and "ZeroDivisionError" in feedback.message
    assert builtins.open is io.open and builtins.open.__module__ in ("io", "_io")  # the checker put the real open back


def test_the_course_saves_atomically():
    """checkpoint._write_atomic, the course's own save, passes the same check."""
    assert ex.check_atomic_save(checkpoint._write_atomic).status == "correct"


def test_resume_point_reference_mistakes_and_stub():
    assert ex.check_resume_point(ex.resume_point).status == "correct"
    for mistake in ex.RESUME_MISTAKES:
        feedback = ex.check_resume_point(mistake.wrong)
        assert (feedback.status, feedback.mistake, feedback.message) == ("mistake", mistake.key, mistake.hint)
    assert ex.check_resume_point(stub).status == "not attempted yet"


@pytest.mark.parametrize("check, correct, hints", [(ex.check_torn_prediction, "a torn file", ex.TORN_HINTS),
                                                   (ex.check_state_prediction, ex.STATE_CHOICES[2], ex.STATE_HINTS)])
def test_predictions(check, correct, hints):
    assert check(lambda: correct).status == "correct"
    assert len(hints) >= 2
    for choice, hint in hints.items():
        feedback = check(lambda: choice)
        assert (feedback.status, feedback.message) == ("mistake", hint)
    assert check(stub).status == "not attempted yet"


def test_a_notebook_namespace_that_shadows_open_is_traced_too():
    """IPython puts its own `open` in a notebook's globals; the checker must see (and crash) that one as well."""
    shadow = lambda *args, **kwargs: builtins.open(*args, **kwargs)  # noqa: E731  like IPython's own open
    namespace = {"open": shadow, "os": os, "Path": Path}
    exec("def in_place(path, data):\n    with open(path, 'wb') as f:\n        f.write(data)\n", namespace)
    exec(__import__("inspect").getsource(ex.atomic_save).replace("\"\"\"Reference", "\"\"\"R"), namespace)
    assert ex.check_atomic_save(namespace["in_place"]).message == ex.ATOMIC_SAVE_HINTS["in place"]
    assert ex.check_atomic_save(namespace["atomic_save"]).status == "correct"
    assert namespace["open"] is shadow


def test_a_correct_low_level_atomic_save_with_os_open_and_os_write_is_correct():
    """A reviewer's answer: os.open / os.write / os.fsync / os.replace. The crash must reach os.write too."""
    import os

    from gan_edu.exercises import checkpoints

    def low_level(path, data):
        tmp = str(path) + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)

    feedback = checkpoints.check_atomic_save(low_level)
    assert feedback.status == "correct", feedback.message
