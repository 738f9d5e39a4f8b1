"""Text alternatives without a browser: figure alt text, widget names (tooltips with ranges), live regions."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gan_edu import a11y, sliders  # noqa: E402


def test_alt_text_is_built_from_titles_axes_and_legends():
    fig, (a, b) = plt.subplots(1, 2)
    a.plot([0, 1], label=r"$p_{\mathrm{data}}$")
    a.plot([1, 0], label="D(x)")
    a.legend()
    a.set(title="iteration 0", xlabel="x", ylabel="density")
    b.imshow(np.zeros((2, 2)))
    b.set_title("samples")
    fig.suptitle("Two panels")
    assert a11y.alt_text(fig) == ("Two panels. Figure with 2 panels, 1 of them images. 'iteration 0': density against x; "
                                  "showing p_data, D(x). 'samples'.")
    a11y.describe(fig, "D against the data density.")
    assert a11y.alt_text(fig) == "D against the data density."
    html = a11y.figure_html(fig)
    assert html.startswith('<img src="data:image/png;base64,') and html.endswith('alt="D against the data density.">')
    with pytest.raises(ValueError, match="text must say what the figure shows"):
        a11y.describe(fig, " ")
    plt.close(fig)


def test_sliders_name_what_they_set_and_their_range():
    s = sliders.slider("G mean", 0.5, -4, 4, help="mean of p_g")
    assert s.tooltip == "mean of p_g, from -4 to 4"
    assert sliders.slider("w", 1, 0, 2).tooltip == "w, from 0 to 2"
    box = sliders.image_scrubber([np.zeros((2, 2)), np.ones((2, 2))], ["0", "1"], description="t", alt="digits")
    assert box.status.value == "digits, t = 0"
    box.slider.value = 1
    assert box.status.value == "digits, t = 1" and "gan-edu-live" in box.status._dom_classes


def test_the_page_script_names_sliders_buttons_images_and_live_regions():
    text = a11y.SCRIPT.read_text()
    for selector in (".noUi-handle", "aria-label", "img.widget-image", "aria-live", ".playground-play", ".playground-step"):
        assert selector in text
