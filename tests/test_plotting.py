import matplotlib

matplotlib.use("agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from gan_edu import plotting  # noqa: E402


def test_density_lines_draws_each_named_curve_in_its_style():
    fig, ax = plotting.new_figure()
    x = np.linspace(-1, 1, 5)
    lines = plotting.density_lines(ax, x, {"p_data": x**2, "d": 0.5 + 0 * x}, ylim=(0, 2))
    assert set(lines) == {"p_data", "d"} and ax.get_ylim() == (0, 2)
    np.testing.assert_array_equal(lines["p_data"].get_ydata(), x**2)
    assert lines["p_data"].get_linestyle() == ":" and lines["d"].get_color() == "tab:blue"
    assert ax.get_legend()._loc == 2  # upper left by default
    _, ax2 = plotting.new_figure()
    plotting.density_lines(ax2, x, {"p_g": x}, legend=dict(loc="lower right"))
    assert ax2.get_legend()._loc == 4
    plotting.set_curve(lines["d"], x)
    np.testing.assert_array_equal(lines["d"].get_ydata(), x)


@pytest.mark.parametrize("call, msg", [
    (lambda ax: plotting.density_lines(ax, [0, 1], {"q": [0, 1]}), "curves must be named from"),
    (lambda ax: plotting.density_lines(ax, [0, 1], {"p_g": [0, 1, 2]}), r"curves\['p_g'\] must have the shape of x"),
    (lambda ax: plotting.density_lines(ax, [0, np.nan], {"p_g": [0, 1]}), "x must be finite"),
    (lambda ax: plotting.set_curve(ax.plot([0, 1], [0, 1])[0], [1, 2, 3]), "y must have the shape of the line's x"),
    (lambda ax: plotting.new_figure(ncols=0), "ncols must be an integer >= 1"),
    (lambda ax: plotting.new_figure(width=-1.0), "width and height must be > 0"),
])
def test_bad_arguments_are_named(call, msg):
    _, ax = plotting.new_figure()
    with pytest.raises(ValueError, match=msg):
        call(ax)


def test_image_grid_tiles_images_row_by_row():
    x = torch.arange(5.0).view(5, 1, 1, 1).expand(5, 1, 2, 3)
    grid = plotting.image_grid(x, n_cols=2, pad=1, pad_value=-1)
    assert grid.shape == (3 * 3 + 1, 2 * 4 + 1)
    assert np.all(grid[1:3, 5:8] == 1) and np.all(grid[7:9, 1:4] == 4) and np.all(grid[7:9, 5:8] == -1)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 1, h, w\)"):
        plotting.image_grid(torch.zeros(4, 3, 28, 28))


def test_show_images_draws_the_grid_in_grey_without_axes():
    fig, ax = plotting.new_figure()
    x = torch.rand(6, 1, 4, 4, generator=torch.Generator().manual_seed(0))
    image = plotting.show_images(ax, x, n_cols=3, title="six")
    np.testing.assert_array_equal(image.get_array(), plotting.image_grid(x, n_cols=3))
    assert image.get_cmap().name == "gray" and image.get_clim() == (0, 1)
    assert ax.get_title() == "six" and not ax.axison
