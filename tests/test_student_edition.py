"""The student edition as a student meets it, and as nbgrader grades it.

- the markers become nbgrader metadata, and nbgrader's generate_assignment stubs every solution, removes the
  hidden tests and clears the outputs (a two-exercise fixture, tests/fixtures/exercise_lesson.ipynb);
- ``nbgrader autograde`` scores a filled-in copy of that fixture: one answer right, one wrong, 1 of 2 points;
- every lesson's student copy runs top to bottom with every check saying "not attempted yet"; with the
  teacher's solutions put back in place of the stubs it runs again and every check says "correct".

The lessons run in the setting GAN_EDU_FAST says (1 unless set), one test class per lesson so that
``pytest -n 2 --dist loadscope`` (``course.py test``) spreads them over the workers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from gan_edu import student_edition as se

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "exercise_lesson.ipynb"
STUB = re.compile(r"^[ \t]*# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)[ \t]*(\n|$)", re.M)
REGION = re.compile(r"^[ \t]*### BEGIN (SOLUTION|HIDDEN TESTS)[ \t]*\n(.*?)^[ \t]*### END \1[ \t]*(\n|$)", re.M | re.S)
REPORT = ("import json as _json\nfrom gan_edu import exercises as _exercises\n"
          "print('RESULTS', _json.dumps({k: v.status for k, v in _exercises.RESULTS.items()}))")


def exercise_names(notebook: Path) -> set[str]:
    """The exercises a lesson autogrades: the names in its hidden tests' ``exercises.passed("...")``."""
    text = "".join(c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
    return {a or b for a, b in re.findall(se.PASSED, text)}


def reinsert_solutions(student: nbformat.NotebookNode, teacher: nbformat.NotebookNode) -> None:
    """Put each of the teacher's solution regions back in place of the student's stubs (cells matched by grade_id)."""
    regions = {c.metadata["nbgrader"]["grade_id"]: [m.group(2) for m in REGION.finditer(c.source)]
               for c in se.mark(teacher).cells if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in regions:
            bodies = iter(regions.pop(grade_id))
            cell.source = STUB.sub(lambda m: next(bodies), cell.source)
    assert regions == {}, f"solution cells missing from the student edition: {sorted(regions)}"


def without_markers(source: str) -> str:
    """The teacher's cell as a student with the right answers would have it: solutions kept, hidden tests gone."""
    return REGION.sub(lambda m: m.group(2) if m.group(1) == "SOLUTION" else "", source).rstrip()


def execute(nb: nbformat.NotebookNode, folder: Path, monkeypatch) -> dict[str, str]:
    """Run every cell (an error fails the test); returns each exercise's latest check status."""
    monkeypatch.setenv("GAN_EDU_FAST", os.environ.get("GAN_EDU_FAST", "1"))
    monkeypatch.setenv("MPLBACKEND", "agg")
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return json.loads(printed.split("RESULTS ", 1)[1].splitlines()[0])


@pytest.fixture(scope="module")
def fixture_edition(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fixture_edition")
    [student] = se.build(tmp / "student", [FIXTURE], course=tmp / "course")
    return tmp, student


def test_mark_gives_solution_and_test_cells_nbgrader_metadata():
    nb = se.mark(nbformat.read(FIXTURE, as_version=4))
    meta = [c.metadata.get("nbgrader") for c in nb.cells]
    assert [m["grade_id"] if m else None for m in meta] == [
        None, None, "answer-d_star", "check-optimal-discriminator", None, "answer-predict_d_star_where_equal",
        "check-D-where-p-q", None]
    assert [(m["solution"], m["grade"], m.get("points")) for m in meta if m] == [
        (True, False, None), (False, True, 1), (True, False, None), (False, True, 1)]


@pytest.mark.parametrize("cell, message", [
    (nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\nx\n### END SOLUTION"), "markers belong in code cells"),
    (nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
                               "### BEGIN HIDDEN TESTS\nassert f() == 1\n### END HIDDEN TESTS"), "separate cells"),
])
def test_mark_rejects_misplaced_markers(cell, message):
    with pytest.raises(ValueError, match=message):
        se.mark(nbformat.v4.new_notebook(cells=[cell]), "bad.ipynb")


def test_grade_ids_stay_unique():
    cell = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"
    nb = se.mark(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for _ in range(3)]))
    assert [c.metadata["nbgrader"]["grade_id"] for c in nb.cells] == ["answer-f", "answer-f-2", "answer-f-3"]


def test_the_student_copy_has_stubs_no_hidden_tests_no_outputs(fixture_edition):
    tmp, student = fixture_edition
    teacher, copy = nbformat.read(FIXTURE, as_version=4), nbformat.read(student, as_version=4)
    assert any(c.get("outputs") for c in teacher.cells)  # the fixture is stored executed
    text = "\n".join(c.source for c in copy.cells)
    assert text.count("raise NotImplementedError()") == 2
    assert "BEGIN" not in text and "END SOLUTION" not in text and "passed(" not in text
    assert "p / (p + q)\n" not in text.split("def d_star")[1].split("exercises.check_function")[0]
    assert '"1/2"\n' not in text.split("def predict_d_star_where_equal")[1]
    assert all(not c.get("outputs") and not c.get("execution_count") for c in copy.cells if c.cell_type == "code")
    reinsert_solutions(copy, teacher)
    assert [c.source.rstrip() for c in copy.cells] == [without_markers(c.source) for c in teacher.cells]


def test_the_hand_out_installs_like_the_course(fixture_edition):
    tmp, student = fixture_edition
    folder = student.parents[1]
    for name in se.HANDOUT:
        assert (folder / name).exists(), name
    assert (folder / "gan_edu" / "exercises" / "__init__.py").exists()
    assert not list(folder.rglob("__pycache__"))


def test_a_rebuild_replaces_an_edition_and_nothing_else(fixture_edition, tmp_path):
    tmp, student = fixture_edition
    (student.parent / "stale.ipynb").write_text("{}")
    se.build(student.parents[1], [FIXTURE])
    assert not (student.parent / "stale.ipynb").exists() and student.exists()
    (tmp_path / "mine.txt").write_text("a student's work")
    with pytest.raises(ValueError, match="empty or an earlier student edition"):
        se.build(tmp_path, [FIXTURE])
    with pytest.raises(ValueError, match="outside the course"):
        se.build(ROOT, [FIXTURE])


def test_nbgrader_autograde_scores_a_filled_in_copy(fixture_edition):
    """nbgrader's own pipeline: release → submitted/alice → autograded, one right and one wrong answer."""
    tmp, _ = fixture_edition
    course = tmp / "course"
    submitted = course / "submitted" / "alice" / FIXTURE.stem
    shutil.copytree(course / "release" / FIXTURE.stem, submitted)
    nb = nbformat.read(submitted / FIXTURE.name, as_version=4)
    answers = {"answer-d_star": "    return p / (p + q)\n", "answer-predict_d_star_where_equal": '    return "1"\n'}
    for cell in nb.cells:
        answer = answers.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if answer:
            cell.source = STUB.sub(answer, cell.source)
    nbformat.write(nb, submitted / FIXTURE.name)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", FIXTURE.stem, f"--CourseDirectory.root={course}",
                    "--log-level=ERROR"], cwd=course, env=env, check=True)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        graded = gradebook.find_submission_notebook(FIXTURE.stem, FIXTURE.stem, "alice")
        scores = {grade.name: (grade.score, grade.max_score) for grade in graded.grades}
    assert scores == {"check-optimal-discriminator": (1.0, 1.0), "check-D-where-p-q": (0.0, 1.0)}
    autograded = nbformat.read(course / "autograded" / "alice" / FIXTURE.stem / FIXTURE.name, as_version=4)
    wrong = next(c for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "check-D-where-p-q")
    assert "D* is a ratio" in "".join(o.get("text", "") + o.get("evalue", "") for o in wrong.outputs)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition of every lesson, built once per worker (nbgrader's one run takes seconds)."""
    folder = tmp_path_factory.mktemp("student_edition") / "student"
    return {p.name: p for p in se.build(folder)}


class StudentLesson:
    """One lesson's student copy: run as handed out, then with the teacher's solutions put back."""

    lesson: str

    def test_runs_as_handed_out_and_every_check_is_not_attempted(self, edition, monkeypatch):
        student = edition[self.lesson]
        statuses = execute(nbformat.read(student, as_version=4), student.parent, monkeypatch)
        assert statuses == {name: "not attempted yet" for name in exercise_names(ROOT / "notebooks" / self.lesson)}

    def test_with_the_solutions_put_back_every_check_is_correct(self, edition, monkeypatch):
        student, teacher = edition[self.lesson], ROOT / "notebooks" / self.lesson
        nb = nbformat.read(student, as_version=4)
        reinsert_solutions(nb, nbformat.read(teacher, as_version=4))
        statuses = execute(nb, student.parent, monkeypatch)
        assert statuses == {name: "correct" for name in exercise_names(teacher)}


for _path in se.lessons():  # one class per lesson: loadscope hands each to a worker of its own
    _name = "TestStudent" + re.sub(r"\W", "_", _path.stem.title())
    globals()[_name] = type(_name, (StudentLesson,), {"lesson": _path.name})
