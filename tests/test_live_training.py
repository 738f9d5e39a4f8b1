import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from gan_edu.live_training import LiveTraining  # noqa: E402
from gan_edu.training import TrainConfig, Trainer  # noqa: E402


def make_live(**kw):
    torch.manual_seed(0)
    g, d = nn.Linear(1, 1), nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1))
    trainer = Trainer(g, d, lambda m, r: 2 + torch.randn(m, 1, generator=r), lambda m, r: torch.randn(m, 1, generator=r),
                      TrainConfig(), device=torch.device("cpu"))
    fig, ax = plt.subplots()
    (line,) = ax.plot([0], [0])
    seen = []
    redraw = lambda t: (seen.append(t.step_count), line.set_ydata([t.step_count]))  # noqa: E731
    return LiveTraining(trainer, fig, redraw, **kw), seen, line


def test_frame_trains_steps_per_frame_and_redraws_in_place():
    live, seen, line = make_live(steps_per_frame=7)
    live.frame()
    live.frame()
    assert live.trainer.step_count == 14 and seen == [7, 14] and list(line.get_ydata()) == [14]
    h = live.trainer.history
    assert live.status.value == (f"iteration 14: loss_d {h['loss_d'][-1]:.3f}, loss_g {h['loss_g'][-1]:.3f}, "
                                 f"D(real) {h['d_real'][-1]:.2f}, D(fake) {h['d_fake'][-1]:.2f}")
    assert "gan-edu-live" in live.status._dom_classes  # announced by screen readers (aria-live, web/a11y.js)


def test_play_ticks_and_step_button_each_run_one_frame():
    live, seen, _ = make_live(steps_per_frame=3)
    live.play.value = 1  # what the browser's Play widget does on each tick
    live.play.value = 2
    live.step_button.click()
    assert seen == [3, 6, 9]


def test_max_steps_caps_training():
    live, seen, _ = make_live(steps_per_frame=5, max_steps=8)
    for _ in range(3):
        live.frame()
    assert live.trainer.step_count == 8


def test_sliders_change_k_and_learning_rates():
    live, _, _ = make_live()
    live.k_slider.value = 3
    live.lr_d_slider.value = 1e-2
    live.lr_g_slider.value = 1e-4
    assert live.trainer.config.k_d_steps == 3
    assert live.trainer.opt_d.param_groups[0]["lr"] == pytest.approx(1e-2)
    assert live.trainer.opt_g.param_groups[0]["lr"] == pytest.approx(1e-4)


def test_widget_has_controls_and_arguments_are_validated():
    live, _, _ = make_live()
    box = live.widget()
    assert live.play in box.children[0].children and live.k_slider in box.children[1].children
    with pytest.raises(ValueError, match="steps_per_frame must be an integer >= 1"):
        make_live(steps_per_frame=0)


def test_moving_k_leaves_the_learning_rates_alone():
    live, _, _ = make_live()
    live.trainer.set_hyperparameters(lr_d=2e-3, lr_g=3e-3)  # between the log sliders' steps
    live.k_slider.value = 4
    assert live.trainer.config.k_d_steps == 4
    assert (live.trainer.opt_d.param_groups[0]["lr"], live.trainer.opt_g.param_groups[0]["lr"]) == (2e-3, 3e-3)
