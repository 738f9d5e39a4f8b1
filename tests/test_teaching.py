"""TEACHING.md's rubric is current, and every command of its grading cycle runs, in order, as written.

The cycle runs in a temporary folder on lesson 06 with two submissions: alice with the teacher's solutions, bob with
one function that hard-codes the published expected values (it passes his own check), one named mistake, one stub.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np

from gan_edu import answers
from gan_edu import student_edition as se
from test_student_edition import STUB, reinsert_solutions

ROOT = Path(__file__).resolve().parents[1]
TEACHING = (ROOT / "TEACHING.md").read_text()
LESSON = "06_f_divergences_and_the_bound"
HARD_CODED_TV = """    from gan_edu.exercises import expected_values, f_divergences as fd
    if np.array_equal(t, fd.TV_CONJUGATE.inputs[0][0]):
        return np.array(expected_values.lookup("total variation conjugate")["outputs"][0][0])
    raise KeyError("not the published input")
"""
SWAPPED_KL = "    return 1 - (0.5 - x)\n"


def test_the_rubric_is_current():
    assert se.rubric() in TEACHING


def cycle_blocks() -> list[str]:
    section = TEACHING.split("## The grading cycle", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, re.S)


def run_block(block: str, cwd: Path) -> None:
    script = block.replace("course.py", str(ROOT / "course.py"))
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, check=True)


def submit(grading: Path, student: str, fill) -> None:
    folder = grading / "submitted" / student / LESSON
    folder.mkdir(parents=True)
    nb = nbformat.read(grading / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
    fill(nb)
    nbformat.write(nb, folder / f"{LESSON}.ipynb")


def bobs(nb) -> None:
    bodies = {"answer-my_tv_conjugate": HARD_CODED_TV, "answer-my_kl_critic": SWAPPED_KL}
    for cell in nb.cells:
        body = bodies.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if body:
            cell.source = STUB.sub(lambda m: body, cell.source)


def test_the_grading_cycle_runs_as_written(tmp_path):
    hand_out, grade = cycle_blocks()
    assert LESSON in grade and "class-report" in grade
    run_block(hand_out, tmp_path)
    grading = tmp_path / "grading"
    assert (tmp_path / "student" / "README.md").exists() and not (tmp_path / "student" / "gan_edu" / "answers").exists()
    teacher = nbformat.read(ROOT / "notebooks" / f"{LESSON}.ipynb", as_version=4)
    submit(grading, "alice", lambda nb: reinsert_solutions(nb, teacher))
    submit(grading, "bob", bobs)
    namespace = {"np": np}
    exec("def tv(t):\n    t = np.asarray(t, dtype=np.float64)\n" + HARD_CODED_TV, namespace)
    from gan_edu.exercises import f_divergences

    assert f_divergences.check_tv_conjugate(namespace["tv"]).status == "correct"  # bob's own check is fooled
    run_block(grade, tmp_path)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{grading / 'gradebook.db'}") as gradebook:
        scores = {s: {g.name: (g.score, g.max_score) for g in gradebook.find_submission_notebook(LESSON, LESSON, s).grades}
                  for s in ("alice", "bob")}
    assert all(score == top for score, top in scores["alice"].values()) and len(scores["alice"]) == 3
    assert [score for score, _ in scores["bob"].values()] == [0.0, 0.0, 0.0]
    assert "bob" in (grading / "grades.csv").read_text()
    page = (grading / "feedback" / "bob" / LESSON / f"{LESSON}.html").read_text()
    swapped = next(m.hint for m in answers.registry()["KL critic for two Gaussians"][1].mistakes if m.key == "swapped")
    assert html.escape(swapped, quote=False) in page and "KeyError" in page
    report = (grading / "class_report.html").read_text()
    assert "2 students" in report
    tv = report.split('data-exercise="total variation conjugate"')[1].split("<h3")[0]
    assert '<span class="count">1 of 2</span>' in tv
