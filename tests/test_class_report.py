"""``course.py class-report`` on a synthetic class: twelve submissions of the three-exercise fixture with known
mistakes, autograded by nbgrader; the counts per exercise (right, partial credit, each named mistake) are checked,
in the tally and on the HTML page."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import pytest

from gan_edu import class_report
from gan_edu import student_edition as se
from test_student_edition import FIXTURE, HARD_CODED_D_STAR, ONE_TERM_LEMMA, RIGHT_D_STAR, RIGHT_LEMMA, _submit, nbgrader

ROOT = Path(__file__).resolve().parents[1]
NAN_D_STAR = "    return p / (p + q)\n"  # 0/0 where both densities are 0
SWAPPED_D_STAR = "    total = p + q\n    return np.where(total > 0, q / np.where(total > 0, total, 1.0), 0.5)\n"
LOG2_LEMMA = "    y = a / (a + b)\n    return y, (a * np.log(y) + b * np.log(1 - y)) / np.log(2)\n"
RIGHT_MODE, NEITHER, LEFT_MODE = ('    return "the mode at +2"\n', '    return "neither"\n', '    return "the mode at -2"\n')
ALL_RIGHT = (RIGHT_D_STAR, RIGHT_LEMMA, RIGHT_MODE)
CLASS = {  # student: (D*, lemma, prediction); None leaves the stub
    "s01": ALL_RIGHT, "s02": ALL_RIGHT, "s03": ALL_RIGHT,
    "s04": (NAN_D_STAR, RIGHT_LEMMA, NEITHER), "s05": (NAN_D_STAR, RIGHT_LEMMA, NEITHER),
    "s06": (SWAPPED_D_STAR, RIGHT_LEMMA, LEFT_MODE), "s07": (HARD_CODED_D_STAR, RIGHT_LEMMA, RIGHT_MODE),
    "s08": (RIGHT_D_STAR, ONE_TERM_LEMMA, RIGHT_MODE), "s09": (RIGHT_D_STAR, ONE_TERM_LEMMA, RIGHT_MODE),
    "s10": (RIGHT_D_STAR, ONE_TERM_LEMMA, RIGHT_MODE), "s11": (RIGHT_D_STAR, LOG2_LEMMA, RIGHT_MODE),
    "s12": (None, None, None),
}
EXPECTED = {  # exercise: (right, partial, {outcome: students})
    "D*": (7, 0, {"0/0": 2, "swapped": 1, class_report.UNRECOGNISED: 1, class_report.NOT_ATTEMPTED: 1}),
    "maximiser and maximum of the lemma": (7, 4, {"one term": 3, "log2": 1, class_report.NOT_ATTEMPTED: 1}),
    "where D* says real": (8, 0, {"neither": 2, "the mode at -2": 1, class_report.NOT_ATTEMPTED: 1}),
}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    course = tmp / "course"
    se.build(tmp / "student", [FIXTURE], course=course)
    for student, bodies in CLASS.items():
        ids = ("answer-d_star", "answer-lemma", "answer-predict_real_mode")
        _submit(course, student, {i: b for i, b in zip(ids, bodies) if b})
    nbgrader(course, "autograde", FIXTURE.stem)
    return course


def test_the_tally_counts_each_named_mistake(graded_class):
    tallies = {t.exercise: t for t in class_report.tally(graded_class)}
    assert len(CLASS) >= 10 and set(tallies) == set(EXPECTED)
    for name, (right, partial, outcomes) in EXPECTED.items():
        t = tallies[name]
        assert (t.submissions, t.right, t.partial, dict(t.outcomes)) == (len(CLASS), right, partial, outcomes), name
    assert tallies["D*"].hints["0/0"].startswith("where both densities are 0 your answer is NaN")


def test_course_py_class_report_writes_one_page_with_the_counts(graded_class, tmp_path):
    out = tmp_path / "report.html"
    subprocess.run([sys.executable, str(ROOT / "course.py"), "class-report", str(graded_class), "--out", str(out)],
                   check=True, cwd=tmp_path)
    page = out.read_text()
    assert "12 students" in page and page.count('class="bar"') == sum(1 + len(o) for _, _, o in EXPECTED.values())
    for name, (right, _, outcomes) in EXPECTED.items():
        section = page.split(f'data-exercise="{html.escape(name)}"')[1].split("<h3")[0]
        assert f"{right} of 12" in section
        for outcome, count in outcomes.items():
            assert f'<span class="label">{html.escape(outcome)}</span>' in section and f"{count} of 12" in section


def test_a_folder_without_autograded_submissions_is_refused(tmp_path):
    with pytest.raises(ValueError, match="course must be an nbgrader course folder"):
        class_report.tally(tmp_path)
    result = subprocess.run([sys.executable, "-m", "gan_edu.class_report", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "autograded/" in result.stderr
