"""Every lesson has at least three exercises, every exercise of the answer key recognises at least two wrong answers,
and every check cell's hidden test grades an exercise the answer key knows.

An exercise is a check cell: it calls a ``gan_edu.exercises`` checker and ends with its hidden autograding test,
``answers.grade(name, function)``. Its wrong answers are the key's ``Mistake`` s (a function exercise), hints (a
prediction) or named labels (an exercise judged by behaviour); each module's own test feeds every one of them back in.
"""

import json
import re
from pathlib import Path

import pytest

from gan_edu import answers
from gan_edu import student_edition as se

LESSONS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REGISTRY = answers.registry()


def check_cells(path):
    cells = json.loads(path.read_text())["cells"]
    sources = ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return [s for s in sources if "### BEGIN HIDDEN TESTS" in s and "answers.grade(" in s]


def wrong_answers(key) -> int:
    if isinstance(key, answers.FunctionAnswer):
        return len(key.mistakes)
    return len(key.hints) if isinstance(key, answers.ChoiceAnswer) else len(key.labels)


def test_the_lessons_are_found():
    assert len(LESSONS) == 12 and len(REGISTRY) >= 33


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_has_three_exercises_each_in_the_key(path):
    cells = check_cells(path)
    assert len(cells) >= 3, f"{path.name}: {len(cells)} exercises"
    names = [a or b for cell in cells for a, b in re.findall(se.GRADED, cell)]
    assert len(names) == len(cells) and all(n in REGISTRY for n in names), names


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_exercise_knows_two_wrong_answers_and_has_points(name):
    key = REGISTRY[name][1]
    assert wrong_answers(key) >= 2 and key.points >= 1
    if isinstance(key, answers.FunctionAnswer):
        assert len(key.hidden) >= 1


def test_every_exercise_of_the_key_is_graded_in_a_lesson():
    graded = {a or b for path in LESSONS for cell in check_cells(path) for a, b in re.findall(se.GRADED, cell)}
    assert graded == set(REGISTRY)


def test_an_unknown_exercise_is_refused_by_name():
    with pytest.raises(KeyError, match="name must be an exercise"):
        answers.grade("no such exercise", lambda: None)
    with pytest.raises(KeyError, match="name must be an exercise"):
        answers.expected_entry("no such exercise")
