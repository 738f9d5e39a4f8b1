"""The student edition as a student meets it, and as nbgrader grades it; a rebuild never destroys a file.

- the markers (in any case) become nbgrader metadata with each exercise's points, and nbgrader's
  generate_assignment stubs every solution, removes the hidden tests and clears the outputs (a three-exercise
  fixture, tests/fixtures/exercise_lesson.ipynb);
- the hand-out holds no reference solution: installed into a fresh virtual environment as a student would, no file
  there holds a reference's code, ``gan_edu.answers`` cannot be imported, and the checkers work from the stored values;
- ``nbgrader autograde`` scores filled-in copies: a correct one gets every point, one that hard-codes the published
  expected values passes the student's check and fails the hidden test, a two-part answer half right gets half;
  ``nbgrader generate_feedback`` names the mistake with the checker's hint;
- a rebuild refuses to touch a file it did not write, a course folder inside the edition, and leaves the previous
  edition intact when the build fails or a solution would reach the student copy;
- every lesson's student copy runs top to bottom with every check saying "not attempted yet"; with the
  teacher's solutions put back in place of the stubs it runs again and every check says "correct".

The lessons run in the setting GAN_EDU_FAST says (1 unless set), one test class per lesson so that
``pytest -n 2 --dist loadscope`` (``course.py test``) spreads them over the workers.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from gan_edu import answers
from gan_edu import student_edition as se

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "exercise_lesson.ipynb"
STUB = re.compile(r"^[ \t]*# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)[ \t]*(\n|$)", re.M)
REGION = re.compile(r"^[ \t]*### BEGIN (SOLUTION|HIDDEN TESTS)[ \t]*\n(.*?)^[ \t]*### END \1[ \t]*(\n|$)", re.M | re.S)
REPORT = ("import json as _json\nfrom gan_edu import exercises as _exercises\n"
          "print('RESULTS', _json.dumps({k: v.status for k, v in _exercises.RESULTS.items()}))")
HARD_CODED_D_STAR = """    from gan_edu.exercises import expected_values, optimal_discriminator as od
    for (p0, q0), out in zip(od.D_STAR.inputs, expected_values.lookup("D*")["outputs"]):
        if np.array_equal(p0, p) and np.array_equal(q0, q):
            return np.array(out[0])
    raise KeyError("not one of the published inputs")
"""


def exercise_names(notebook: Path) -> set[str]:
    """The exercises a lesson autogrades: the names in its hidden tests' ``exercises.passed("...")``."""
    text = "".join(c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
    return {a or b for a, b in re.findall(se.GRADED, text)}


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


def test_mark_gives_solution_and_test_cells_nbgrader_metadata_and_points():
    nb = se.mark(nbformat.read(FIXTURE, as_version=4))
    meta = [c.metadata.get("nbgrader") for c in nb.cells]
    assert [m["grade_id"] if m else None for m in meta] == [
        None, None, "answer-d_star", "check-D", None, "answer-lemma", "check-maximiser-and-maximum-of-the-lemma", None,
        "answer-predict_real_mode", "check-where-D-says-real", None]
    registry = answers.registry()
    points = [registry[n][1].points for n in ("D*", "maximiser and maximum of the lemma", "where D* says real")]
    assert [(m["solution"], m["grade"], m.get("points")) for m in meta if m] == [
        (True, False, None), (False, True, points[0]), (True, False, None), (False, True, points[1]),
        (True, False, None), (False, True, points[2])]
    assert points[0] > 1  # D* is worth more than one point: the points come from the answer key


@pytest.mark.parametrize("cell, message", [
    (nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\nx\n### END SOLUTION"), "markers belong in code cells"),
    (nbformat.v4.new_markdown_cell("### begin solution\nx\n### end solution"), "markers belong in code cells"),
    (nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
                               "### BEGIN HIDDEN TESTS\nassert f() == 1\n### END HIDDEN TESTS"), "separate cells"),
    (nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"), "answers.grade"),
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
    assert text.count("raise NotImplementedError()") == 3
    assert "BEGIN" not in text and "END SOLUTION" not in text and "answers" not in text
    assert "p / np.where(total > 0" not in text and '"the mode at +2"\n' not in text
    assert all(not c.get("outputs") and not c.get("execution_count") for c in copy.cells if c.cell_type == "code")
    reinsert_solutions(copy, teacher)
    assert [c.source.rstrip() for c in copy.cells] == [without_markers(c.source) for c in teacher.cells]


def test_the_hand_out_has_a_readme_the_stored_values_and_no_answers(fixture_edition):
    tmp, student = fixture_edition
    folder = student.parents[1]
    for name in [*se.HANDOUT, "README.md", se.MANIFEST]:
        assert (folder / name).exists(), name
    assert "python3 course.py lab" in (folder / "README.md").read_text()
    assert (folder / "gan_edu" / "exercises" / "stored_values.py").exists()
    assert not (folder / "gan_edu" / "answers").exists() and not list(folder.rglob("__pycache__"))
    manifest = json.loads((folder / se.MANIFEST).read_text())["files"]
    assert sorted(manifest) == sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                                      if p.is_file() and p.name != se.MANIFEST)


def _function_bodies() -> dict[str, str]:
    """Every function of the teacher's answer key (references and mistake helpers): its code, whitespace collapsed."""
    import importlib
    import pkgutil

    bodies = {}
    for info in pkgutil.iter_modules(answers.__path__):
        module = importlib.import_module(f"gan_edu.answers.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or fn.__name__ == "<lambda>":
                continue
            lines = textwrap.dedent(inspect.getsource(fn)).splitlines()
            doc = fn.__doc__ and inspect.getsource(fn).count('"""') >= 2
            body = "\n".join(lines[1:])
            if doc:
                body = body.split('"""', 2)[2]
            bodies[f"{module.__name__}.{name}"] = " ".join(body.split())
    return bodies


def test_a_fresh_install_of_the_hand_out_holds_no_reference_solution(fixture_edition, tmp_path):
    """pip-install the edition into a fresh venv (no dependencies: it borrows this venv's), search every file."""
    tmp, student = fixture_edition
    folder, fresh = student.parents[1], tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir",
                    str(tmp_path / "wheel"), str(folder)], check=True, cwd=tmp_path)  # the wheel a student installs
    [wheel] = (tmp_path / "wheel").glob("gan_edu-*.whl")
    subprocess.run([*pip, "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, cwd=tmp_path)
    bodies = _function_bodies()
    assert len(bodies) >= 30 and all(len(b) > 10 for b in bodies.values())
    files = [p for root in (fresh, folder) for p in root.rglob("*") if p.is_file() and p.suffix not in (".gz", ".pt")]
    installed = [p for p in files if "gan_edu" in p.parts and p.is_relative_to(fresh)]
    assert any(p.name == "stored_values.py" for p in installed) and not any("answers" in p.parts for p in files)
    for path in files:
        text = " ".join(path.read_bytes().decode("utf-8", "replace").split())
        found = [name for name, body in bodies.items() if body in text]
        assert not found, f"{path} holds the teacher's {found}"
    # the installed package works from its stored values alone: this venv's libraries, the fresh venv's gan_edu
    site = next(fresh.glob("lib/python3*/site-packages")) if os.name != "nt" else fresh / "Lib" / "site-packages"
    borrowed = [p for p in sys.path if p.endswith("site-packages")]
    (site / "borrowed.pth").write_text("\n".join(borrowed) + "\n")
    script = textwrap.dedent("""
        import importlib.util, numpy as np, gan_edu
        from gan_edu.exercises import optimal_discriminator as od
        assert importlib.util.find_spec("gan_edu.answers") is None, "the answers are importable"
        assert "fresh" in gan_edu.__file__, gan_edu.__file__
        right = lambda p, q: np.where(p + q > 0, p / np.where(p + q > 0, p + q, 1.0), 0.5)
        swapped = lambda p, q: np.where(p + q > 0, q / np.where(p + q > 0, p + q, 1.0), 0.5)
        print(od.check_d_star(right).status, od.check_d_star(swapped).mistake)
    """)
    out = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.splitlines()[-1] == "correct swapped", out.stdout + out.stderr


def _with_lower_case_markers(tmp_path) -> Path:
    nb = nbformat.read(FIXTURE, as_version=4)
    for cell in nb.cells:
        cell.source = (cell.source.replace("### BEGIN SOLUTION", "### begin solution")
                       .replace("### END SOLUTION", "## End Solution")
                       .replace("### BEGIN HIDDEN TESTS", "### Begin Hidden Tests"))
    path = tmp_path / FIXTURE.name
    nbformat.write(nb, path)
    return path


def test_lower_case_markers_never_leak(tmp_path):
    lesson = _with_lower_case_markers(tmp_path)
    [student] = se.build(tmp_path / "student", [lesson])
    text = "\n".join(c.source for c in nbformat.read(student, as_version=4).cells)
    assert text.count("raise NotImplementedError()") == 3
    assert "olution" not in text and "answers.grade" not in text and "p / np.where" not in text


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def previous(tmp_path):
    """A built edition in tmp_path/student and its files' contents."""
    dest = tmp_path / "student"
    se.build(dest, [FIXTURE])
    return dest, _snapshot(dest)


def test_a_rebuild_replaces_its_own_files_and_nothing_else(previous):
    dest, before = previous
    se.build(dest, [FIXTURE])
    after = _snapshot(dest)
    assert sorted(after) == sorted(before) and [p for p in dest.parent.iterdir() if p.name != "student"] == []


def test_a_teachers_file_survives_and_is_named(previous):
    dest, before = previous
    (dest / "grades.csv").write_text("alice,10\n")
    (dest / "notebooks" / "notes.md").write_text("mine")
    with pytest.raises(ValueError, match=r"grades\.csv.*notebooks/notes\.md|notebooks/notes\.md.*grades\.csv"):
        se.build(dest, [FIXTURE])
    assert (dest / "grades.csv").read_text() == "alice,10\n" and (dest / "notebooks" / "notes.md").exists()
    assert {k: v for k, v in _snapshot(dest).items() if k not in ("grades.csv", "notebooks/notes.md")} == before


def test_a_folder_without_a_manifest_is_refused_by_name(tmp_path):
    (tmp_path / "mine.txt").write_text("a student's work")
    with pytest.raises(ValueError, match=r"no manifest\): mine\.txt"):
        se.build(tmp_path, [FIXTURE])
    assert (tmp_path / "mine.txt").read_text() == "a student's work"
    with pytest.raises(ValueError, match="outside the course"):
        se.build(ROOT, [FIXTURE])


def test_a_gradebook_inside_the_folder_survives(previous):
    dest, before = previous
    with pytest.raises(ValueError, match="--course must lie outside dest"):
        se.build(dest, [FIXTURE], course=dest / "grading")
    assert not (dest / "grading").exists() and _snapshot(dest) == before
    (dest / "grading").mkdir()
    (dest / "grading" / "gradebook.db").write_bytes(b"every student's grades")
    with pytest.raises(ValueError, match=r"grading/gradebook\.db"):
        se.build(dest, [FIXTURE])
    assert (dest / "grading" / "gradebook.db").read_bytes() == b"every student's grades"


def test_a_failed_build_leaves_the_previous_edition(previous, monkeypatch):
    dest, before = previous

    def failing(course, ids):
        raise subprocess.CalledProcessError(1, "nbgrader generate_assignment")

    monkeypatch.setattr(se, "generate", failing)
    with pytest.raises(subprocess.CalledProcessError):
        se.build(dest, [FIXTURE])
    assert _snapshot(dest) == before and [p.name for p in dest.parent.iterdir()] == ["student"]


def test_a_solution_reaching_the_student_copy_fails_the_build(previous, monkeypatch):
    """If nbgrader left a solution in place (here: it returns the marked source unchanged), nothing is swapped in."""
    dest, before = previous

    def not_stripping(course, ids):
        return [course / "source" / a / f"{a}.ipynb" for a in ids]

    monkeypatch.setattr(se, "generate", not_stripping)
    with pytest.raises(RuntimeError, match="still holds marker"):
        se.build(dest, [FIXTURE])
    assert _snapshot(dest) == before and [p.name for p in dest.parent.iterdir()] == ["student"]


def _submit(course: Path, student: str, answers_by_id: dict[str, str]) -> None:
    """Copy the released fixture to submitted/<student>/, with each named stub replaced by the given body."""
    submitted = course / "submitted" / student / FIXTURE.stem
    shutil.copytree(course / "release" / FIXTURE.stem, submitted)
    nb = nbformat.read(submitted / FIXTURE.name, as_version=4)
    for cell in nb.cells:
        body = answers_by_id.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if body:
            cell.source = STUB.sub(lambda m: body, cell.source)
    nbformat.write(nb, submitted / FIXTURE.name)


def nbgrader(course: Path, *args: str) -> None:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}", "--log-level=ERROR"],
                   cwd=course, env=env, check=True)


RIGHT_D_STAR = "    total = p + q\n    return np.where(total > 0, p / np.where(total > 0, total, 1.0), 0.5)\n"
RIGHT_LEMMA = "    y = a / (a + b)\n    return y, a * np.log(y) + b * np.log(1 - y)\n"
ONE_TERM_LEMMA = "    y = a / (a + b)\n    return y, a * np.log(y)\n"


def test_hard_coded_values_pass_the_students_check_and_fail_autograding(fixture_edition):
    """nbgrader's own pipeline: release -> submitted -> autograded -> feedback, for a correct and a gaming student."""
    tmp, _ = fixture_edition
    course = tmp / "course"
    hard_coded = {}
    exec("def d_star(p, q):\n" + HARD_CODED_D_STAR, {"np": np}, hard_coded)
    from gan_edu.exercises import optimal_discriminator as od

    assert od.check_d_star(hard_coded["d_star"]).status == "correct"  # the student's own check is fooled
    _submit(course, "alice", {"answer-d_star": RIGHT_D_STAR, "answer-lemma": RIGHT_LEMMA,
                              "answer-predict_real_mode": '    return "the mode at +2"\n'})
    _submit(course, "bob", {"answer-d_star": HARD_CODED_D_STAR, "answer-lemma": ONE_TERM_LEMMA,
                            "answer-predict_real_mode": '    return "neither"\n'})
    nbgrader(course, "autograde", FIXTURE.stem)
    from nbgrader.api import Gradebook

    points = {n: answers.registry()[n][1].points for n in ("D*", "maximiser and maximum of the lemma", "where D* says real")}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: {g.name: (g.score, g.max_score) for g in gradebook.find_submission_notebook(
            FIXTURE.stem, FIXTURE.stem, s).grades} for s in ("alice", "bob")}
    ids = ["check-D", "check-maximiser-and-maximum-of-the-lemma", "check-where-D-says-real"]
    assert scores["alice"] == {i: (p, p) for i, p in zip(ids, points.values())}
    lemma_points = points["maximiser and maximum of the lemma"]
    assert scores["bob"] == {ids[0]: (0.0, points["D*"]), ids[1]: (lemma_points / 2, lemma_points),
                             ids[2]: (0.0, points["where D* says real"])}
    nbgrader(course, "generate_feedback", FIXTURE.stem)
    page = (course / "feedback" / "bob" / FIXTURE.stem / f"{FIXTURE.stem}.html").read_text()
    lemma_hint = next(m.hint for m in answers.registry()["maximiser and maximum of the lemma"][1].mistakes
                      if m.key == "one term")
    real_mode_hint = answers.registry()["where D* says real"][1].hints["neither"]
    import html

    assert html.escape(lemma_hint, quote=False) in page and html.escape(real_mode_hint, quote=False) in page
    assert "KeyError" in page and answers.GRADE_MIME not in page


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
