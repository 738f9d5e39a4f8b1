"""The GAN playground in a real browser: Voila on 127.0.0.1 (random port, a token), headless Debian Chromium, offline.

One page, one student session: draw points, load a CSV (a bad one first), Play, watch the heatmap and the
readouts change, Pause, slow motion (D update, then G update), the WGAN-GP loss and its W1 readouts, every layer
on and off, save the setup,
change a control, load the setup back; then the keyboard alone (load a CSV, play, pause, step, read the live
description), axe-core (0 critical, 0 serious), and kernels culled after repeated page loads. Any uncaught page
error, console error of the app, request that leaves 127.0.0.1, error box on the page or traceback in the server log
fails it. Screenshots go to tests/ui_screenshots/playground_*.png.
"""

from __future__ import annotations

import time

import pytest

from browser import ROOT, axe_violations, launch, missing
from playground_server import Voila, canvas_pixels, open_playground, readout_iteration, wait_for_new_pixels, \
    wait_for_text, watch

pytestmark = pytest.mark.ui
SCREENSHOTS = ROOT / "tests" / "ui_screenshots"
LAYERS = ("real", "fake", "heatmap", "arrows", "manifold")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    reason = missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    server = Voila(tmp_path_factory.mktemp("voila"))
    try:
        with sync_playwright() as p:
            chromium = launch(p)
            page = chromium.new_page(viewport={"width": 1280, "height": 1400}, accept_downloads=True)
            problems = watch(page)
            open_playground(page, server)
            yield page, problems, server, tmp_path_factory.mktemp("files")
            chromium.close()
    finally:
        server.stop()


def upload(page, selector: str, path) -> None:
    """Choose ``path`` in the file dialog that the upload button ``selector`` opens."""
    with page.expect_file_chooser() as chooser:
        page.click(selector)
    chooser.value.set_files(str(path))


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"playground_{name}.png", full_page=True)


def no_errors(page, problems, server) -> None:
    assert page.inner_text(".playground-error").strip() == ""
    assert problems == []
    assert server.kernel_errors() == []


def test_draw_points_with_the_mouse(session):
    page, problems, server, _ = session
    shot(page, "start")
    page.click(".playground-draw")
    box = page.locator(".jupyter-matplotlib-figure canvas").last.bounding_box()
    x0, y0 = box["x"] + 0.3 * box["width"], box["y"] + 0.5 * box["height"]  # inside the main panel
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(1, 6):
        page.mouse.move(x0 + 8 * i, y0 - 5 * i)
    page.mouse.up()
    wait_for_text(page, ".playground-readouts", "(drawn)")
    n = int(page.inner_text(".playground-readouts").split("data: ")[1].split(" points")[0])
    assert n > 1000  # the ring's 1,000 points and the stroke's
    page.click(".playground-draw")
    shot(page, "drawn")
    no_errors(page, problems, server)


def test_load_csv_bad_then_good(session):
    page, problems, server, files = session
    bad, good = files / "bad.csv", files / "good.csv"
    bad.write_text("x,y\n0.1,0.2\n0.3;0.4\n")
    good.write_text("x,y\n" + "\n".join(f"{0.1 * i:.2f},{0.05 * i:.2f}" for i in range(-8, 9)) + "\n")
    upload(page, ".playground-csv", bad)
    wait_for_text(page, ".playground-message", "bad.csv: line 3")
    upload(page, ".playground-csv", good)
    wait_for_text(page, ".playground-message", "loaded 17 points from good.csv")
    wait_for_text(page, ".playground-readouts", "17 points (CSV good.csv)")
    no_errors(page, problems, server)


def test_play_changes_the_heatmap_and_the_readouts(session):
    page, problems, server, _ = session
    page.select_option(".playground-preset select", "grid")  # the dropdown still says ring: pick another preset
    wait_for_text(page, ".playground-readouts", "points (grid)")
    start = readout_iteration(page)
    before = canvas_pixels(page)
    page.click(".playground-play")
    wait_for_new_pixels(page, before)
    page.wait_for_function(f"() => /iteration (\\d+)/.exec(document.querySelector('.playground-readouts').innerText)[1] > {start + 20}",
                           timeout=60_000, polling=200)
    jsd_before = page.inner_text(".playground-readouts")
    page.wait_for_timeout(2500)
    shot(page, "playing")
    page.click(".playground-play")  # pause
    assert page.inner_text(".playground-readouts") != jsd_before
    assert "modes captured" in jsd_before and "JSD" in jsd_before
    no_errors(page, problems, server)


def test_slow_motion_separates_the_d_and_the_g_update(session):
    page, problems, server, _ = session
    page.click(".playground-slow")
    page.click(".playground-step")
    wait_for_text(page, ".playground-caption", "D update")
    shot(page, "slow_d_update")
    page.click(".playground-step")
    wait_for_text(page, ".playground-caption", "G update")
    shot(page, "slow_g_update")
    page.click(".playground-slow")
    no_errors(page, problems, server)


def test_wgan_gp_steps_and_reads_w1(session):
    page, problems, server, _ = session
    page.select_option(".playground-loss select", "WGAN-GP")
    wait_for_text(page, ".playground-overview", "GP λ 10")
    start = readout_iteration(page)
    page.click(".playground-step")
    wait_for_text(page, ".playground-readouts", f"iteration {start + 1}")
    text = page.inner_text(".playground-readouts")
    assert "the critic's estimate of W1, −loss_d" in text and "W1(p_data, p_g), exact between 256 data points" in text
    wait_for_text(page, ".playground-description", "; W1 ")
    shot(page, "wgan_gp")
    page.select_option(".playground-loss select", "non-saturating")  # back to the default for the tests that follow
    wait_for_text(page, ".playground-overview", "non-saturating")
    no_errors(page, problems, server)


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_toggles(session, layer):
    page, problems, server, _ = session
    for _ in range(2):  # off, then on again
        before = canvas_pixels(page)
        page.click(f".playground-layer-{layer} input")
        wait_for_new_pixels(page, before)
    no_errors(page, problems, server)


def test_save_and_reload_a_setup(session):
    page, problems, server, files = session
    page.click(".playground-save")
    with page.expect_download() as download:
        page.click(".playground-download a")
    path = files / "setup.json"
    download.value.save_as(path)
    k_d = page.locator(".playground-k_d input")
    k_d.fill("3")
    k_d.press("Enter")
    wait_for_text(page, ".playground-overview", "3 step(s)")
    upload(page, ".playground-setup-file", path)
    wait_for_text(page, ".playground-message", "setup loaded: grid")
    assert k_d.input_value() == "1"
    wait_for_text(page, ".playground-compare-caption", "saved run of grid")
    shot(page, "setup_reloaded")
    no_errors(page, problems, server)


def test_the_keyboard_alone_loads_a_csv_plays_pauses_steps_and_reads_the_description(session):
    page, problems, server, files = session
    good = files / "keys.csv"
    good.write_text("\n".join(f"{0.1 * i:.2f},{-0.05 * i:.2f}" for i in range(-10, 11)) + "\n")
    page.locator(".playground-csv").focus()  # where Tab brings a student; the test presses keys only from here
    # the previous test's reload is still redrawing the page: wait until the button holds the focus, as a student would see it
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('playground-csv')",
                           timeout=30_000, polling=100)
    page.wait_for_timeout(500)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(good))
    wait_for_text(page, ".playground-message", "loaded 21 points from keys.csv")
    page.keyboard.press("Tab")  # focus leaves the upload button for the next control
    focused = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"  # focus is visible
    page.evaluate("() => document.activeElement.blur()")  # no control focused: Space and S drive the playground
    start = readout_iteration(page)
    page.keyboard.press("Space")  # play
    page.wait_for_function(f"() => /iteration (\\d+)/.exec(document.querySelector('.playground-readouts').innerText)[1] > {start + 5}",
                           timeout=60_000, polling=200)
    page.keyboard.press("Space")  # pause
    wait_for_text(page, ".playground-play", "Play")
    paused = readout_iteration(page)
    page.keyboard.press("s")  # one step
    page.wait_for_function(f"() => /iteration (\\d+)/.exec(document.querySelector('.playground-readouts').innerText)[1] > {paused}",
                           timeout=30_000, polling=100)
    live = page.locator(".playground-description")
    assert live.get_attribute("aria-live") == "polite"
    wait_for_text(page, ".playground-description", f"iteration {readout_iteration(page)}: D above ½ on ")
    shot(page, "keyboard")
    no_errors(page, problems, server)


def test_axe_finds_nothing_critical_or_serious(session):
    page, problems, server, _ = session
    found = axe_violations(page, {"include": [["#rendered_cells"]]})
    assert [v for v in found if v["impact"] in ("critical", "serious")] == [], found
    no_errors(page, problems, server)


def test_repeated_page_loads_do_not_keep_kernels(session, tmp_path):
    chromium = session[0].context.browser
    server = Voila(tmp_path, cull_seconds=4)
    try:
        for _ in range(3):
            page = chromium.new_page()
            page.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
            open_playground(page, server)
            page.close()
        started = server.kernels()
        deadline = time.monotonic() + 60
        while server.kernels() > 0 and time.monotonic() < deadline:
            time.sleep(1)
        assert started >= 1 and server.kernels() == 0
    finally:
        server.stop()
