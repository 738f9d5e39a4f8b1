"""The student edition of the course, made by nbgrader from the lessons' own markers.

The lessons in notebooks/ are the teacher's edition. An exercise's solution sits between
``### BEGIN SOLUTION`` / ``### END SOLUTION``, and the check cell's autograding line between
``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``. nbgrader also needs cell metadata, which the
lessons do not carry, so :func:`mark` adds it to a copy (a cell with a solution becomes a solution
cell, a cell with hidden tests an autograded test cell worth 1 point; every other cell is left as it
is), :func:`write_source` lays the copies out as an nbgrader course (``source/<lesson>/<lesson>.ipynb``),
and nbgrader's ``generate_assignment`` writes ``release/<lesson>/<lesson>.ipynb``: each solution
replaced by ``# YOUR CODE HERE`` / ``raise NotImplementedError()``, hidden tests removed, outputs
cleared. :func:`build` puts the released lessons into a hand-out folder beside the files a student
needs to install and run the course (``python3 course.py lab`` works in it).

    python -m gan_edu.student_edition DIR [--course COURSE]   # or: python3 course.py student DIR

``--course COURSE`` keeps the nbgrader course (source/, release/, gradebook.db) for autograding.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTION, HIDDEN_TESTS = "### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"
PASSED = r"""passed\(\s*(?:"([^"]+)"|'([^']+)')\s*\)"""  # exercises.passed("name") in a hidden test
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"  # what nbgrader puts in place of a solution
HANDOUT = ["README.md", "course.py", "pyproject.toml", "environment.yml", "gan_edu", "figures"]
STAMP = ".gan_edu-student-edition"  # marks a folder this module wrote, so a rebuild may replace it


def lessons(folder: Path = ROOT / "notebooks") -> list[Path]:
    """The numbered lessons, in order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def _grade_id(source: str, solution: bool, index: int, taken: set[str]) -> str:
    """A readable, unique nbgrader id: answer-<function> for a solution, check-<exercise> for a check."""
    if solution:
        names = re.findall(r"def\s+(\w+)", source.split(SOLUTION)[0])
        base = f"answer-{names[-1]}" if names else f"answer-cell-{index}"
    else:
        names = [a or b for a, b in re.findall(PASSED, source)]
        base = "check-" + re.sub(r"[^A-Za-z0-9_]+", "-", names[0]).strip("-") if names else f"check-cell-{index}"
    grade_id, n = base, 2
    while grade_id in taken:
        grade_id, n = f"{base}-{n}", n + 1
    taken.add(grade_id)
    return grade_id


def mark(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Add nbgrader's cell metadata from the markers (in place); returns ``nb``."""
    taken: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)  # timings of the teacher's run
        solution, tests = SOLUTION in cell.source, HIDDEN_TESTS in cell.source
        if not (solution or tests):
            continue
        if cell.cell_type != "code" or (solution and tests):
            raise ValueError(f"{name}, cell {index}: markers belong in code cells, a solution and its hidden tests "
                             f"in separate cells (found solution={solution}, hidden tests={tests} in a "
                             f"{cell.cell_type} cell)")
        cell.metadata["nbgrader"] = {"schema_version": 3, "solution": solution, "grade": tests, "locked": tests,
                                     "task": False, "grade_id": _grade_id(cell.source, solution, index, taken),
                                     **({"points": 1} if tests else {})}
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


def _prepare(dest: Path) -> None:
    dest = dest.resolve()
    if dest == ROOT or dest in ROOT.parents:
        raise ValueError(f"dest must be a folder outside the course (got {dest}, which holds the teacher's edition)")
    if dest.exists() and any(dest.iterdir()):
        if not (dest / STAMP).exists():
            raise ValueError(f"dest must be empty or an earlier student edition (got {dest}, which is neither)")
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)


def build(dest: Path, notebooks: list[Path] | None = None, course: Path | None = None) -> list[Path]:
    """Write the student edition to ``dest`` (notebooks/ plus the files to install the course); returns its lessons.

    ``course`` keeps nbgrader's course folder there; by default it is a temporary folder.
    """
    notebooks = lessons() if notebooks is None else notebooks
    _prepare(dest)
    for name in HANDOUT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) if course is None else course.resolve()
        released = generate(course, write_source(notebooks, course))
        (dest / "notebooks").mkdir()
        out = [Path(shutil.copy2(nb, dest / "notebooks" / nb.name)) for nb in released]
    (dest / STAMP).write_text("written by gan_edu.student_edition; rebuilt (replaced) by `python3 course.py student`\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course.py student", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", nargs="?", default=str(ROOT / "student"), help="hand-out folder (default student/)")
    parser.add_argument("--course", help="keep nbgrader's course folder (source/, release/, gradebook.db) here")
    args = parser.parse_args(argv)
    out = build(Path(args.dest), course=Path(args.course) if args.course else None)
    print(f"student edition: {len(out)} lessons in {Path(args.dest).resolve() / 'notebooks'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
