"""A student's first Run All: one student-edition lesson in JupyterLab (headless Chromium) reaches its last cell.

Marker ``ui``; skipped, with instructions, when Debian's Chromium or playwright is missing (see tests/browser.py).
The lesson is the first one with exercises; its student copy replaces the teacher's in the server's folder.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from browser import ROOT, Lab, launch, missing, open_notebook, run_all, shut_down
from gan_edu import student_edition as se

pytestmark = pytest.mark.ui
SCREENSHOTS = ROOT / "tests" / "ui_screenshots"
WITH_EXERCISES = [p for p in se.lessons() if se.HIDDEN_TESTS in p.read_text(encoding="utf-8")]
LESSON = (WITH_EXERCISES or se.lessons())[0]

COUNT_JS = """(text) => Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)
  .filter(c => c.type === 'code')
  .map(c => c.outputs.toJSON().map(o => o.text || '').join('').split(text).length - 1)
  .reduce((a, b) => a + b, 0)"""


def test_a_student_copy_runs_all_in_jupyterlab(tmp_path):
    reason = missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    [student] = se.build(tmp_path / "student", [LESSON])
    checks = se.mark(nbformat.read(LESSON, as_version=4)).cells
    n_checks = sum(1 for c in checks if c.metadata.get("nbgrader", {}).get("grade"))
    lab = Lab(tmp_path / "jupyterlab")
    try:
        shutil.copy2(student, lab.root / LESSON.name)  # the server now serves the student's copy
        with sync_playwright() as p:
            chromium = launch(p)
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            open_notebook(page, lab, LESSON.name)
            errors = run_all(page, timeout_s=300)
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"student_{LESSON.stem}.png", full_page=True)
            shown = page.evaluate(COUNT_JS, "not attempted yet")
            stubs = page.evaluate(COUNT_JS.replace("c.outputs.toJSON().map(o => o.text || '').join('')",
                                                   "c.sharedModel.getSource()"), "raise NotImplementedError()")
            shut_down(page)
            chromium.close()
    finally:
        lab.stop()
    assert errors == [], f"the student copy of {LESSON.name} shows errors (or unrun cells) in the browser: {errors}"
    assert stubs > 0 or not WITH_EXERCISES  # it is the student's copy
    assert shown == n_checks, f"{shown} of {n_checks} checks say 'not attempted yet'"
