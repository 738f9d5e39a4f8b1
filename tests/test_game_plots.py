import matplotlib

matplotlib.use("agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gan_edu import game_plots  # noqa: E402


def test_density_lines_draws_each_named_curve_in_its_style():
    fig, ax = game_plots.new_figure()
    x = np.linspace(-1, 1, 5)
    lines = game_plots.density_lines(ax, x, {"p_data": x**2, "d": 0.5 + 0 * x}, ylim=(0, 2))
    assert set(lines) == {"p_data", "d"} and ax.get_ylim() == (0, 2)
    np.testing.assert_array_equal(lines["p_data"].get_ydata(), x**2)
    assert lines["p_data"].get_linestyle() == ":" and lines["d"].get_color() == "#0072B2"  # Okabe–Ito blue
    assert ax.get_legend()._loc == 2  # upper left by default
    _, ax2 = game_plots.new_figure()
    game_plots.density_lines(ax2, x, {"p_g": x}, legend=dict(loc="lower right"))
    assert ax2.get_legend()._loc == 4
    game_plots.set_curve(lines["d"], x)
    np.testing.assert_array_equal(lines["d"].get_ydata(), x)


@pytest.mark.parametrize("call, msg", [
    (lambda ax: game_plots.density_lines(ax, [0, 1], {"q": [0, 1]}), "curves must be named from"),
    (lambda ax: game_plots.density_lines(ax, [0, 1], {"p_g": [0, 1, 2]}), r"curves\['p_g'\] must have the shape of x"),
    (lambda ax: game_plots.density_lines(ax, [0, np.nan], {"p_g": [0, 1]}), "x must be finite"),
    (lambda ax: game_plots.set_curve(ax.plot([0, 1], [0, 1])[0], [1, 2, 3]), "y must have the shape of the line's x"),
    (lambda ax: game_plots.new_figure(ncols=0), "ncols must be an integer >= 1"),
    (lambda ax: game_plots.new_figure(width=-1.0), "width and height must be > 0"),
])
def test_bad_arguments_are_named(call, msg):
    _, ax = game_plots.new_figure()
    with pytest.raises(ValueError, match=msg):
        call(ax)
