"""Every lesson as a student meets it: JupyterLab in headless Chromium, Run All, no errors, sliders redraw, and
axe-core finds nothing critical or serious in what gan-edu renders (outputs and markdown; JupyterLab's own
interface is listed in the README).

Select with ``-m ui`` (or deselect with ``-m "not ui"``). Skipped, with instructions, when Debian's
Chromium or playwright is missing. Screenshots go to tests/ui_screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import ROOT, Lab, axe_violations, launch, missing, move_slider, open_notebook, run_all, shut_down, \
    slider_handle

pytestmark = pytest.mark.ui
SCREENSHOTS = ROOT / "tests" / "ui_screenshots"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDERS = {  # lesson -> (label of a slider whose move must change the figure, key that moves it)
    "02_optimal_discriminator.ipynb": ("G mean 1", "ArrowRight"),
    "05_training_in_2d_and_mode_collapse.ipynb": ("iteration", "ArrowLeft"),  # starts at the last iteration
    "08_wasserstein_gans.ipynb": ("shift θ", "ArrowRight"),
    "09_mnist_gan.ipynb": ("z walk", "ArrowRight"),  # an image widget, not a figure
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    lab = Lab(tmp_path_factory.mktemp("jupyterlab"))
    with sync_playwright() as p:
        chromium = launch(p)
        yield lab, chromium
        chromium.close()
    lab.stop()


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_in_jupyterlab_without_errors(browser, lesson):
    lab, chromium = browser
    SCREENSHOTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        root = open_notebook(page, lab, lesson)
        errors = run_all(page, timeout_s=240)
        page.screenshot(path=SCREENSHOTS / f"{Path(lesson).stem}.png")
        assert errors == [], f"{lesson} shows errors in the browser: {errors}"
        found = axe_violations(page, {"include": [[f"#{root} .jp-OutputArea"], [f"#{root} .jp-MarkdownOutput"]]})
        assert [v for v in found if v["impact"] in ("critical", "serious")] == [], f"{lesson}: {found}"
        if lesson in SLIDERS:
            label, key = SLIDERS[lesson]
            seconds = move_slider(page, root, slider_handle(page, root, label), key=key)
            page.screenshot(path=SCREENSHOTS / f"{Path(lesson).stem}_slider_moved.png")
            assert seconds < 20
    finally:
        shut_down(page)
        page.close()


def test_lesson_list_covers_the_course():
    assert LESSONS[:6] == ["00_setup_check.ipynb", "01_the_adversarial_game.ipynb", "02_optimal_discriminator.ipynb",
                           "03_global_optimum_and_jsd.ipynb", "04_training_in_1d.ipynb",
                           "05_training_in_2d_and_mode_collapse.ipynb"]
    assert set(SLIDERS) <= set(LESSONS)
