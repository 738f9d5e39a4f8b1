import matplotlib
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.use("agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from gan_edu import image_plots  # noqa: E402


def test_image_grid_tiles_images_row_by_row():
    x = torch.arange(5.0).view(5, 1, 1, 1).expand(5, 1, 2, 3)
    grid = image_plots.image_grid(x, n_cols=2, pad=1, pad_value=-1)
    assert grid.shape == (3 * 3 + 1, 2 * 4 + 1)
    assert np.all(grid[1:3, 5:8] == 1) and np.all(grid[7:9, 1:4] == 4) and np.all(grid[7:9, 5:8] == -1)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 1, h, w\)"):
        image_plots.image_grid(torch.zeros(4, 3, 28, 28))


def test_show_images_draws_the_grid_in_grey_without_axes():
    fig, ax = plt.subplots()
    x = torch.rand(6, 1, 4, 4, generator=torch.Generator().manual_seed(0))
    image = image_plots.show_images(ax, x, n_cols=3, title="six")
    np.testing.assert_array_equal(image.get_array(), image_plots.image_grid(x, n_cols=3))
    assert image.get_cmap().name == "gray" and image.get_clim() == (0, 1)
    assert ax.get_title() == "six" and not ax.axison
