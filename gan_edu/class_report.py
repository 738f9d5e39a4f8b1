"""The class report: from nbgrader's autograded submissions, per exercise, how many got it right and which named
mistakes occurred how often, as one HTML page with bar charts, so the teacher knows what to re-teach.

A check cell's score is nbgrader's own (``nbgrader.utils.determine_grade``: full, partial, or none); the mistake
is the record ``gan_edu.answers.grade`` attaches to a check cell that was not fully right (its key and hint).

    python -m gan_edu.class_report COURSE [--out FILE]   # or: python3 course.py class-report COURSE
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

__all__ = ["ExerciseTally", "tally", "render", "write_report", "main", "RIGHT", "NOT_ATTEMPTED", "UNRECOGNISED"]

GRADE_MIME = "application/vnd.gan-edu.grade+json"  # gan_edu.answers.GRADE_MIME
GRADED = r"""answers\.grade\(\s*(?:"([^"]+)"|'([^']+)')"""
RIGHT, NOT_ATTEMPTED, UNRECOGNISED = "right", "not attempted", "wrong, no named mistake"


@dataclass
class ExerciseTally:
    """One exercise across the class: submissions, full scores, partial scores, and each outcome's count."""

    lesson: str
    exercise: str
    points: float
    submissions: int = 0
    right: int = 0
    partial: int = 0
    outcomes: Counter = field(default_factory=Counter)  # mistake key (or NOT_ATTEMPTED / UNRECOGNISED) -> students
    hints: dict = field(default_factory=dict)  # mistake key -> the checker's hint


def _record(cell) -> dict | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "display_data" and GRADE_MIME in output.get("data", {}):
            return dict(output["data"][GRADE_MIME])
    return None


def _cell_outcome(cell) -> tuple[str, float, float, dict | None]:
    """(outcome, score, points, record) of one autograded check cell."""
    from nbgrader.utils import determine_grade

    score, points = determine_grade(cell)
    record = _record(cell)
    if score is not None and score >= points:
        return RIGHT, score, points, record
    if record is None:
        return UNRECOGNISED, score or 0.0, points, None
    if record["status"] == "not attempted yet":
        return NOT_ATTEMPTED, score or 0.0, points, record
    if record["status"] == "mistake" and record.get("mistake"):
        return record["mistake"], score or 0.0, points, record
    return UNRECOGNISED, score or 0.0, points, record


def tally(course: Path) -> list[ExerciseTally]:
    """Every exercise of every autograded lesson under ``course/autograded/<student>/<lesson>/``, in order."""
    folder = Path(course) / "autograded"
    if not folder.is_dir():
        raise ValueError(f"course must be an nbgrader course folder with autograded submissions (got {course}, which "
                         f"has no autograded/ folder: run `nbgrader autograde LESSON` there first)")
    tallies: dict[tuple[str, str], ExerciseTally] = {}
    for path in sorted(folder.glob("*/*/*.ipynb")):
        lesson = path.parent.name
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade") or meta.get("solution") or cell.cell_type != "code":
                continue
            names = [a or b for a, b in re.findall(GRADED, cell.source)]
            name = names[0] if names else meta.get("grade_id", "?")
            outcome, score, points, record = _cell_outcome(cell)
            t = tallies.setdefault((lesson, name), ExerciseTally(lesson, name, points))
            t.submissions += 1
            t.right += outcome == RIGHT
            t.partial += outcome != RIGHT and score > 0
            if outcome != RIGHT:
                t.outcomes[outcome] += 1
                if record and record.get("mistake"):
                    t.hints[outcome] = record["message"]
    return sorted(tallies.values(), key=lambda t: t.lesson)


def _bar(label: str, count: int, total: int, colour: str, title: str = "") -> str:
    width = 100 * count / total if total else 0
    return (f'<div class="row" title="{html.escape(title)}"><span class="label">{html.escape(label)}</span>'
            f'<span class="track"><span class="bar" style="width:{width:.1f}%;background:{colour}"></span></span>'
            f'<span class="count">{count} of {total}</span></div>')


def render(tallies: list[ExerciseTally], title: str = "Class report") -> str:
    """The HTML page: per lesson, per exercise, a bar for the students right and one per mistake, commonest first."""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>"
             "body{font-family:sans-serif;max-width:60em;margin:2em auto}.row{display:flex;align-items:center;margin:2px 0}"
             ".label{width:22em;font-size:90%}.track{flex:1;background:#eee;height:1.1em;margin:0 .5em}"
             ".bar{display:block;height:100%}.count{width:6em;font-size:90%}.hint{color:#555;font-size:85%;margin-left:1em}"
             f"</style></head><body><h1>{html.escape(title)}</h1>"]
    lesson = None
    for t in tallies:
        if t.lesson != lesson:
            lesson = t.lesson
            parts.append(f"<h2>{html.escape(lesson)}</h2>")
        parts.append(f'<h3 data-exercise="{html.escape(t.exercise)}">{html.escape(t.exercise)} '
                     f"<small>({t.points:g} points; {t.partial} with partial credit)</small></h3>")
        parts.append(_bar(RIGHT, t.right, t.submissions, "#2e7d32"))
        for key, count in t.outcomes.most_common():
            colour = "#9e9e9e" if key in (NOT_ATTEMPTED, UNRECOGNISED) else "#c62828"
            parts.append(_bar(key, count, t.submissions, colour, t.hints.get(key, "")))
            if key in t.hints:
                parts.append(f'<div class="hint">{html.escape(t.hints[key])}</div>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_report(course: Path, out: Path | None = None) -> Path:
    """Tally ``course``'s autograded submissions and write the page (default ``course/class_report.html``)."""
    tallies = tally(course)
    out = Path(course) / "class_report.html" if out is None else Path(out)
    n_students = len({p.parent.parent.name for p in (Path(course) / "autograded").glob("*/*/*.ipynb")})
    out.write_text(render(tallies, f"Class report: {n_students} students"), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course.py class-report", description=__doc__.split("\n\n")[0])
    parser.add_argument("course", help="the nbgrader course folder (the one with autograded/)")
    parser.add_argument("--out", help="where to write the page (default COURSE/class_report.html)")
    args = parser.parse_args(argv)
    try:
        out = write_report(Path(args.course), Path(args.out) if args.out else None)
    except ValueError as err:
        parser.exit(2, f"course.py class-report: {err}\n")
    print(f"class report: {out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
