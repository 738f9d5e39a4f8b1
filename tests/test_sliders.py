import io

import matplotlib

matplotlib.use("agg")
import matplotlib.image  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gan_edu import game_plots  # noqa: E402
from gan_edu.sliders import SliderPanel, image_scrubber, scrubber, slider  # noqa: E402


def test_moving_a_slider_updates_the_figure():
    fig, ax = game_plots.new_figure()
    (line,) = ax.plot([0, 1], [0, 0])
    calls = []

    def update(height):
        calls.append(height)
        line.set_ydata([height, height])

    panel = SliderPanel(fig, {"height": slider("height", 0.2, 0.0, 1.0)}, update)
    panel.sliders["height"].value = 0.7
    assert calls == [0.2, 0.7] and list(line.get_ydata()) == [0.7, 0.7]
    assert panel.values() == {"height": 0.7}
    panel.update(height=0.4)  # the exposed update function: artists only, no slider involved
    assert list(line.get_ydata()) == [0.4, 0.4] and calls[-1] == 0.4


def test_a_move_redraws_only_through_the_update_and_changes_the_pixels():
    fig, ax = game_plots.new_figure()
    (line,) = ax.plot([0, 1], [0.1, 0.1], linewidth=5)
    ax.set_ylim(0, 1)
    panel = SliderPanel(fig, {"height": slider("height", 0.1, 0.0, 1.0)}, lambda height: line.set_ydata([height, height]))
    fig.canvas.draw()  # what showing the figure does
    before = np.asarray(fig.canvas.buffer_rgba()).copy()
    panel.sliders["height"].value = 0.9
    after = np.asarray(fig.canvas.buffer_rgba()).copy()
    assert (before != after).any(axis=-1).sum() > 100  # the blitted line moved
    panel.sliders["height"].value = 0.1
    np.testing.assert_array_equal(np.asarray(fig.canvas.buffer_rgba()), before)  # and nothing else changed


@pytest.mark.parametrize("args, msg", [
    (("s", 2.0, 0.0, 1.0), r"value must lie in \[0.0, 1.0\]"),
    (("s", np.nan, 0.0, 1.0), r"value must lie in \[0.0, 1.0\]"),
    (("s", 0.5, 1.0, 0.0), "low must be < high"),
    (("s", 0.5, 0.0, np.inf), "high must be finite"),
    (("s", 0.5, 0.0, 1.0, 0.0), r"step must lie in \[1e-12, 1.0\]"),
])
def test_slider_rejects_bad_arguments(args, msg):
    with pytest.raises(ValueError, match=msg):
        slider(*args)


@pytest.mark.parametrize("sliders, update, msg", [
    ({}, print, "sliders must be a non-empty dict"),
    ([slider("s", 0.5, 0.0, 1.0)], print, "sliders must be a non-empty dict"),
    ({"s": slider("s", 0.5, 0.0, 1.0)}, None, "update must be a function"),
])
def test_panel_rejects_bad_arguments(sliders, update, msg):
    fig, _ = game_plots.new_figure()
    with pytest.raises(ValueError, match=msg):
        SliderPanel(fig, sliders, update)


def test_scrubber_shows_the_chosen_step_and_redraws():
    fig, ax = game_plots.new_figure()
    (line,) = ax.plot([0, 1], [0, 0])
    shown = []
    box = scrubber(fig, [0, 100, 200], lambda step: (shown.append(step), line.set_ydata([step, step])))
    assert shown == [200]  # starts at the last recorded step
    box.slider.value = 100
    assert shown == [200, 100] and list(line.get_ydata()) == [100, 100]
    with pytest.raises(Exception):
        box.slider.value = 150  # not a recorded step


@pytest.mark.parametrize("steps, show, msg", [([], print, "steps must list at least one"),
                                              ([0, -1], print, r"steps\[i\] must be an integer >= 0"),
                                              ([0], None, "show must be a function")])
def test_scrubber_rejects_bad_arguments(steps, show, msg):
    fig, _ = game_plots.new_figure()
    with pytest.raises(ValueError, match=msg):
        scrubber(fig, steps, show)


def test_image_scrubber_shows_the_chosen_frame_scaled_up():
    frames = [np.full((3, 5), v) for v in (0.0, 0.5, 1.0)]
    box = image_scrubber(frames, ["0", "0.5", "1"], scale=4)
    assert box.image.value == box.pngs[0] and len(set(box.pngs)) == 3
    box.slider.value = 2
    assert box.image.value == box.pngs[2]
    shown = matplotlib.image.imread(io.BytesIO(box.image.value))
    assert shown.shape[:2] == (12, 20) and np.allclose(shown[..., :3], 1.0)  # white, 4 x 4 pixels per value


@pytest.mark.parametrize("frames, labels, msg", [([], [], "frames and labels must be non-empty"),
                                                 ([np.zeros((2, 2))], ["a", "b"], "of equal length"),
                                                 ([np.zeros(4)], ["a"], r"frames\[0\] must have 2 dimension"),
                                                 ([np.full((2, 2), 1.5)], ["a"], r"frames\[0\] must lie in \[0, 1\]")])
def test_image_scrubber_rejects_bad_arguments(frames, labels, msg):
    with pytest.raises(ValueError, match=msg):
        image_scrubber(frames, labels)


def test_the_default_step_lands_on_round_values():
    """Lesson 02 asks for a G width of 0.6; a step of (2.0 - 0.2) / 100 = 0.018 could only reach 0.596 or 0.614."""
    from gan_edu.sliders import slider

    width = slider("G width", 1.0, 0.2, 2.0)
    assert width.step == 0.01 and abs(round((0.6 - 0.2) / width.step) * width.step + 0.2 - 0.6) < 1e-12
    assert slider("G mean", 0.5, -4, 4).step == 0.05
