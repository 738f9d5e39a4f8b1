"""The student edition of the course, made by nbgrader from the lessons' own markers; it never destroys a file.

The lessons in notebooks/ are the teacher's edition. An exercise's solution sits between
``### BEGIN SOLUTION`` / ``### END SOLUTION``, and the check cell's hidden test (``answers.grade(name, fn)``,
run by autograding on inputs the student copy never contains) between ``### BEGIN HIDDEN TESTS`` /
``### END HIDDEN TESTS``; the markers are recognised in any case. :func:`mark` adds nbgrader's cell metadata to a
copy (a solution cell; an autograded test cell worth the exercise's points from ``gan_edu.answers``),
:func:`write_source` lays the copies out as an nbgrader course (``source/<lesson>/<lesson>.ipynb``), and
nbgrader's ``generate_assignment`` writes ``release/<lesson>/<lesson>.ipynb``: each solution replaced by
``# YOUR CODE HERE`` / ``raise NotImplementedError()``, hidden tests removed, outputs cleared.

:func:`build` writes the hand-out: the released lessons, ``gan_edu`` *without* the teacher's ``gan_edu/answers``
and with the stored expected values the checkers compare with (``gan_edu/exercises/stored_values.py``), the
files to install the course, and a README with the one command a student runs. It builds into a temporary
folder beside ``dest``, checks that no solution reached it, then swaps it in: a failed build leaves the
previous edition as it was. A manifest (``.gan_edu-student-edition``) lists every file written; a rebuild
removes only those, and refuses when ``dest`` holds any other file, naming it.

    python -m gan_edu.student_edition DIR [--course COURSE]   # or: python3 course.py student DIR

``--course COURSE`` keeps the nbgrader course (source/, release/, gradebook.db) for autograding; it must lie
outside ``DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat

__all__ = ["lessons", "graded_exercises", "rubric", "mark", "write_source", "generate", "build", "main", "leaks", "GRADED", "MANIFEST", "HANDOUT",
           "SOLUTION", "HIDDEN_TESTS"]

ROOT = Path(__file__).resolve().parents[1]
SOLUTION, HIDDEN_TESTS = "### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"
MARKER = re.compile(r"^([ \t]*)#+[ \t]*(begin|end)[ \t]+(solution|hidden[ \t]+tests)[ \t]*$", re.I | re.M)
ANY_MARKER = re.compile(r"(begin|end)[ \t]+(solution|hidden[ \t]+tests)", re.I)
GRADED = r"""answers\.grade\(\s*(?:"([^"]+)"|'([^']+)')"""  # answers.grade("name", fn) in a hidden test
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"  # what nbgrader puts in place of a solution
HANDOUT = ["course.py", "pyproject.toml", "environment.yml", "gan_edu", "figures"]
TEACHER_ONLY = ["answers"]  # gan_edu's subpackages that never reach the student edition
MANIFEST = ".gan_edu-student-edition"  # the files this module wrote, so a rebuild removes those and no other
STORED = Path("gan_edu") / "exercises" / "stored_values.py"
README = """# gan-edu: Generative Adversarial Networks from first principles (student edition)

Eleven lessons in `notebooks/`, each ending with exercises. You need Python 3.10 or newer. In this folder, run

```bash
python3 course.py lab
```

The first time it installs everything into `.venv` (a few minutes); then JupyterLab opens the lessons. Work through
them in order: write each exercise's function in place of `raise NotImplementedError()`, run it, then run the check
cell below it. The check says "correct", names the mistake it recognises, or says where your answer goes wrong.
"""


def lessons(folder: Path = ROOT / "notebooks") -> list[Path]:
    """The numbered lessons, in order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def graded_exercises(path: Path) -> list[str]:
    """The exercises a lesson's hidden tests grade (``answers.grade("name", ...)``), in order."""
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    return [a or b for a, b in re.findall(GRADED, text)]


def rubric() -> str:
    """The rubric table of TEACHING.md, from the lessons' hidden tests and the points in ``gan_edu.answers``."""
    from . import answers

    table = answers.registry()
    lesson_of = {table[name][0]: path.stem for path in lessons() for name in graded_exercises(path)}
    return answers.rubric_markdown(lesson_of)


def _canonical(source: str) -> str:
    """The markers in nbgrader's spelling (upper case), whatever case the lesson used."""
    return MARKER.sub(lambda m: f"{m.group(1)}### {m.group(2).upper()} {' '.join(m.group(3).upper().split())}", source)


def _grade_id(source: str, solution: bool, index: int, taken: set[str]) -> str:
    """A readable, unique nbgrader id: answer-<function> for a solution, check-<exercise> for a check."""
    if solution:
        names = re.findall(r"def\s+(\w+)", source.split(SOLUTION)[0])
        base = f"answer-{names[-1]}" if names else f"answer-cell-{index}"
    else:
        names = [a or b for a, b in re.findall(GRADED, source)]
        base = "check-" + re.sub(r"[^A-Za-z0-9_]+", "-", names[0]).strip("-") if names else f"check-cell-{index}"
    grade_id, n = base, 2
    while grade_id in taken:
        grade_id, n = f"{base}-{n}", n + 1
    taken.add(grade_id)
    return grade_id


def _points(source: str, name: str, index: int) -> int:
    """The points of the exercise a hidden test grades, from the teacher's ``gan_edu.answers``."""
    from . import answers

    graded = [a or b for a, b in re.findall(GRADED, source)]
    table = answers.registry()
    if len(graded) != 1 or graded[0] not in table:
        raise ValueError(f"{name}, cell {index}: a hidden test must call answers.grade(name, function) once, with the "
                         f"name of an exercise of gan_edu.answers (found {graded})")
    return table[graded[0]][1].points


def mark(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Add nbgrader's cell metadata from the markers, in any case (in place); returns ``nb``."""
    taken: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)  # timings of the teacher's run
        cell.source = _canonical(cell.source) if cell.cell_type == "code" else cell.source
        markers = {" ".join(m.group(3).lower().split()) for m in MARKER.finditer(cell.source)}
        solution, tests = "solution" in markers, "hidden tests" in markers
        if cell.cell_type != "code" and MARKER.search(cell.source):
            raise ValueError(f"{name}, cell {index}: markers belong in code cells (found one in a {cell.cell_type} cell)")
        if not (solution or tests):
            continue
        if solution and tests:
            raise ValueError(f"{name}, cell {index}: markers belong in code cells, a solution and its hidden tests "
                             f"in separate cells (found solution={solution}, hidden tests={tests})")
        cell.metadata["nbgrader"] = {"schema_version": 3, "solution": solution, "grade": tests, "locked": tests,
                                     "task": False, "grade_id": _grade_id(cell.source, solution, index, taken),
                                     **({"points": _points(cell.source, name, index)} if tests else {})}
    nb.metadata.pop("widgets", None)  # saved widget state belongs to the teacher's run
    return nb


def write_source(notebooks: list[Path], course: Path) -> list[str]:
    """Write each notebook, marked, to ``course/source/<stem>/<stem>.ipynb``; returns the assignment ids."""
    ids = []
    for path in notebooks:
        nb = mark(nbformat.read(path, as_version=4), path.name)
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        ids.append(path.stem)
    return ids


def generate(course: Path, ids: list[str]) -> list[Path]:
    """nbgrader generate_assignment for every assignment in ``course`` (gradebook: course/gradebook.db), in one run.

    Returns the released notebooks of ``ids``.
    """
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text("# nbgrader course folder written by gan_edu.student_edition\nc = get_config()  # noqa: F821\n"
                          "c.Execute.timeout = 600  # seconds per cell when autograding (nbgrader's 30 s is too short)\n")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")  # alembic
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "*", "--force",
                    f"--CourseDirectory.root={course}", "--log-level=WARN"], cwd=course, env=env, check=True)
    return [course / "release" / a / f"{a}.ipynb" for a in ids]


def _solution_bodies(path: Path) -> list[str]:
    """The teacher's solution regions of one lesson, each as its non-blank lines."""
    text = "\n".join(_canonical(c.source) for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    bodies = re.findall(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", text, re.S | re.M)
    return [b for b in ("\n".join(line.strip() for line in body.splitlines() if line.strip()) for body in bodies) if b]


def leaks(released: Path, teacher: Path) -> list[str]:
    """What of the teacher's lesson reached its student copy: markers (any case), hidden tests, solution bodies."""
    nb = nbformat.read(released, as_version=4)
    code = "\n".join(c.source for c in nb.cells)
    found = [f"marker {m.group(0)!r}" for m in ANY_MARKER.finditer(code)]
    found += ["a hidden test (answers.grade)"] if re.search(GRADED, code) else []
    stripped = "\n".join(line.strip() for line in code.splitlines() if line.strip())
    found += [f"a solution: {body.splitlines()[0][:60]!r}" for body in _solution_bodies(teacher)
              if body != "raise NotImplementedError()" and body in stripped]
    return found


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _check_dest(dest: Path, course: Path | None) -> list[str] | None:
    """The manifest of the edition at ``dest`` (None if there is none yet); ValueError if a rebuild would lose a file."""
    if dest == ROOT or dest in ROOT.parents:
        raise ValueError(f"dest must be a folder outside the course (got {dest}, which holds the teacher's edition)")
    if course is not None and (course == dest or dest in course.parents or course in dest.parents):
        raise ValueError(f"--course must lie outside dest, and dest outside it (got --course {course} and dest {dest}): "
                         f"a rebuild replaces dest, and the course folder holds the gradebook")
    if not dest.exists() or not any(dest.iterdir()):
        return None
    if not dest.is_dir():
        raise ValueError(f"dest must be a folder (got {dest}, a file)")
    manifest = dest / MANIFEST
    present = [f for f in _files(dest) if f != MANIFEST]
    written = set(json.loads(manifest.read_text())["files"]) if manifest.exists() else set()
    other = [f for f in present if f not in written]
    if other:
        shown = ", ".join(other[:10]) + (f" and {len(other) - 10} more" if len(other) > 10 else "")
        what = "an earlier student edition with files it did not write" if manifest.exists() else \
            "not a student edition (no manifest)"
        raise ValueError(f"dest must be empty or an earlier student edition holding only the files it wrote (got {dest}, "
                         f"{what}: {shown}); move those files elsewhere, or choose another folder")
    return sorted(written & set(present))


def _copy_handout(target: Path) -> None:
    for name in HANDOUT:
        src = ROOT / name
        ignore = ["__pycache__", "*.egg-info", "stored_values.py"] + (TEACHER_ONLY if name == "gan_edu" else [])
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns(*ignore))
        elif src.exists():
            shutil.copy2(src, target / name)
    (target / "README.md").write_text(README)
    from . import answers

    table = json.dumps(answers.expected_table(), separators=(",", ":"))
    (target / STORED).write_text('"""Stored expected values of every exercise, written by gan_edu.student_edition '
                                 'when this edition was built."""\n\n__all__ = ["JSON"]\n\n'
                                 f"JSON = {table!r}\n")


def _swap(built: Path, dest: Path, previous: list[str] | None) -> None:
    """Put ``built`` at ``dest``; the previous edition's files (and only those) are removed."""
    if dest.exists() and previous is None:
        dest.rmdir()  # empty
    elif dest.exists():
        old = dest.with_name(f".{dest.name}.old-{uuid.uuid4().hex[:8]}")
        dest.rename(old)
        for rel in [*previous, MANIFEST]:
            (old / rel).unlink(missing_ok=True)
        for folder in sorted((p for p in old.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            folder.rmdir()
        old.rmdir()
    built.rename(dest)


def build(dest: Path, notebooks: list[Path] | None = None, course: Path | None = None) -> list[Path]:
    """Write the student edition to ``dest`` (notebooks/ plus the files to install the course); returns its lessons.

    ``course`` keeps nbgrader's course folder there; by default it is a temporary folder.
    """
    notebooks = lessons() if notebooks is None else notebooks
    dest = Path(dest).resolve()
    course = None if course is None else Path(course).resolve()
    _check_dest(dest, course)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.building-", dir=dest.parent))
    try:
        _copy_handout(staging)
        with tempfile.TemporaryDirectory() as tmp:
            where = Path(tmp) if course is None else course
            released = generate(where, write_source(notebooks, where))
            (staging / "notebooks").mkdir()
            for nb, teacher in zip(released, notebooks):
                found = leaks(nb, teacher)
                if found:
                    raise RuntimeError(f"{teacher.name}: the student copy still holds {'; '.join(found)}: "
                                       f"check the lesson's markers (the build was stopped; {dest} is unchanged)")
                shutil.copy2(nb, staging / "notebooks" / nb.name)
        (staging / MANIFEST).write_text(json.dumps({"written by": "gan_edu.student_edition (python3 course.py student)",
                                                    "files": _files(staging)}, indent=1) + "\n")
        previous = _check_dest(dest, course)  # again: nothing may have appeared while building
        _swap(staging, dest, previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [dest / "notebooks" / nb.name for nb in notebooks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course.py student", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", nargs="?", default=str(ROOT / "student"), help="hand-out folder (default student/)")
    parser.add_argument("--course", help="keep nbgrader's course folder (source/, release/, gradebook.db) here")
    args = parser.parse_args(argv)
    try:
        out = build(Path(args.dest), course=Path(args.course) if args.course else None)
    except ValueError as err:
        parser.exit(2, f"course.py student: {err}\n")
    print(f"student edition: {len(out)} lessons in {Path(args.dest).resolve() / 'notebooks'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
