"""Every lesson has at least three exercises, and every checker recognises at least two wrong answers.

An exercise is a check cell: it calls a ``gan_edu.exercises`` checker and ends with its hidden autograding test.
A checker's wrong answers are the ``Mistake(...)`` entries and hint-dictionary entries it uses, whether written
in its body or in a module constant it names; each module's own test feeds every one of them back in.
"""

import ast
import importlib
import inspect
import json
import pkgutil
import textwrap
from pathlib import Path

import pytest

from gan_edu import exercises

LESSONS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MODULES = [importlib.import_module(f"gan_edu.exercises.{m.name}") for m in pkgutil.iter_modules(exercises.__path__)]
CHECKERS = [(module, fn) for module in MODULES for name, fn in inspect.getmembers(module, inspect.isfunction)
            if name.startswith("check_") and fn.__module__ == module.__name__]


def check_cells(path):
    cells = json.loads(path.read_text())["cells"]
    sources = ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return [s for s in sources if "### BEGIN HIDDEN TESTS" in s and "exercises.passed(" in s]


def wrong_answers(module, fn) -> int:
    """How many wrong answers ``fn`` names: Mistake(...) calls, dict-literal entries, and named module constants."""
    count = 0
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Mistake":
            count += 1
        elif isinstance(node, ast.Dict):
            count += len(node.keys)
        elif isinstance(node, ast.Name) and node.id.endswith(("_MISTAKES", "_HINTS")):
            count += len(getattr(module, node.id))
    return count


def test_the_lessons_are_found():
    assert len(LESSONS) == 11 and len(CHECKERS) >= 33


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_has_three_exercises(path):
    assert len(check_cells(path)) >= 3, f"{path.name}: {len(check_cells(path))} exercises"


@pytest.mark.parametrize("module, fn", CHECKERS, ids=lambda x: getattr(x, "__name__", ""))
def test_each_checker_knows_two_wrong_answers(module, fn):
    assert wrong_answers(module, fn) >= 2, f"{module.__name__}.{fn.__name__}"


def test_the_count_sees_a_checker_with_one_hint():
    def check_lonely(answer):
        return exercises.check_choice("lonely", answer, "a", ["a", "b"], {"b": "only one hint"})
    assert wrong_answers(exercises, check_lonely) == 1
