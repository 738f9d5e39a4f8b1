import matplotlib

matplotlib.use("agg")
import pytest  # noqa: E402

from gan_edu import plotting  # noqa: E402
from gan_edu.widgets import SliderPanel, slider  # noqa: E402


def test_moving_a_slider_updates_the_figure():
    fig, ax = plotting.new_figure()
    (line,) = ax.plot([0, 1], [0, 0])
    calls = []

    def update(height):
        calls.append(height)
        line.set_ydata([height, height])

    panel = SliderPanel(fig, {"height": slider("height", 0.2, 0.0, 1.0)}, update)
    panel.sliders["height"].value = 0.7
    assert calls == [0.2, 0.7] and list(line.get_ydata()) == [0.7, 0.7]
    assert panel.values() == {"height": 0.7}


def test_slider_rejects_value_outside_range():
    with pytest.raises(ValueError, match=r"value must lie in \[low, high\]"):
        slider("s", 2.0, 0.0, 1.0)


def test_density_lines_rejects_unknown_names():
    fig, ax = plotting.new_figure()
    with pytest.raises(ValueError, match="curves must be named from"):
        plotting.density_lines(ax, [0, 1], {"q": [0, 1]})
