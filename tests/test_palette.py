"""The course palette: every pair of roles a figure shows stays distinguishable without colour vision's red-green axis."""

import numpy as np
import pytest
from matplotlib.colors import to_hex

from gan_edu import game_plots, palette, training_plots  # noqa: F401  (the modules that draw with it)
from gan_edu.playground import views

VISIONS = ("normal", "deuteranopia", "protanopia")
MIN_DELTA_E = 15  # CIE76; about 2.3 is just noticeable, and lines are thin


def test_the_palette_is_okabe_ito():
    assert len(palette.OKABE_ITO) == 8
    used = {to_hex(s["color"]).upper() for s in palette.STYLE.values()}
    assert used <= {c.upper() for c in palette.OKABE_ITO.values()}
    cycle = [to_hex(c).upper() for c in palette.RC["axes.prop_cycle"].by_key()["color"]]
    assert sorted(cycle) == sorted(c.upper() for c in palette.OKABE_ITO.values())


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("a, b", palette.PAIRS)
def test_each_pair_stays_distinguishable(a, b, vision):
    assert palette.delta_e(palette.STYLE[a]["color"], palette.STYLE[b]["color"], vision) >= MIN_DELTA_E


@pytest.mark.parametrize("a, b", palette.PAIRS)
def test_each_pair_also_differs_by_line_style_or_marker(a, b):
    sa, sb = palette.STYLE[a], palette.STYLE[b]
    assert (sa["linestyle"], sa["marker"]) != (sb["linestyle"], sb["marker"])
    if {a, b} in ({"real", "fake"}, {"d", "d_star"}, {"p_data", "p_g"}):
        assert sa["linestyle"] != sb["linestyle"] and sa["marker"] != sb["marker"]


def test_the_simulation_separates_what_it_should():
    """Tableau's red and green, the old default pair, nearly merge for a deuteranope; black and white never do."""
    assert palette.delta_e("tab:red", "tab:green", "deuteranopia") < 10 < palette.delta_e("tab:red", "tab:green")
    assert palette.delta_e("black", "white", "protanopia") == pytest.approx(100, abs=0.5)
    assert np.allclose(palette.simulate("#777777", "deuteranopia"), palette.simulate("#777777"), atol=0.01)  # greys stay
    with pytest.raises(ValueError, match="vision must be"):
        palette.simulate("red", "tritanopia")


def test_the_plotting_modules_draw_in_the_palette():
    assert game_plots.STYLE["d_star"]["color"] == palette.STYLE["d_star"]["color"]
    assert game_plots.STYLE["d"]["linestyle"] != game_plots.STYLE["d_star"]["linestyle"]
    import matplotlib
    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    fig = plt.figure()
    view = views.PlaygroundView(fig, np.zeros((3, 2)), 1.5)
    assert to_hex(view.fake.get_facecolor()[0]) == to_hex(palette.STYLE["fake"]["color"])
    assert to_hex(view.loss_lines["loss_g"].get_color()) == to_hex(palette.STYLE["loss_g"]["color"])
    plt.close(fig)


def test_matplotlibs_first_two_default_colours_stay_apart_for_colour_blind_viewers():
    """The README's claim about lines drawn with the default colour cycle (blue, then orange)."""
    for vision in ("deuteranopia", "protanopia"):
        assert palette.delta_e("tab:blue", "tab:orange", vision) > 15
