"""Every public name of gan_edu refuses bad input with an error that names the argument.

The table below lists, for each name in each module's ``__all__``, bad inputs and the argument the
error must name; ``SKIPPED`` lists the names with no inputs to get wrong, each with its reason. A new
public name without an entry fails ``test_every_public_name_has_bad_inputs_or_a_reason``. Every bad input
must raise ValueError, TypeError or CheckpointError (a ValueError) whose message contains the name:
no silent NaN, no wrong number, no error from deep inside torch or numpy."""

import contextlib
import importlib
import os
import pkgutil
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

import gan_edu  # noqa: E402
from gan_edu import (a11y, checkpoint, data, dirac_gan, distributions, divergences, fgan, game, game_plots, image_plots,  # noqa: E402
                     live_training, losses, mnist_metrics, mnist_models, pretrain, settings, sliders, toy2d, toy_metrics,
                     toy_models, training, training_plots, validate, palette, penalties, wasserstein)

OTHER_OWNERS = {"exercises": "the exercise checkers, tested by their own engineer's tests/test_exercises_*.py",
                "claims": "the prose-claims mechanism, owned and tested by another engineer (tests/test_claims.py)",
                "student_edition": "the nbgrader build of the student edition (a command, another engineer's)",
                "answers": "the teacher's answer key; its bad names are tested in tests/test_exercise_count.py",
                "class_report": "the class-report command; its bad folder is tested in tests/test_class_report.py",
                "playground": "the playground app, another engineer's",
                "stored_outputs": "the lessons' stored outputs and their stamp, tested by tests/test_stored_outputs.py"}
SKIPPED = {  # (module, name): why it has no bad input to try
    "checkpoint.CheckpointError": "an exception class", "data.MNISTFileError": "an exception class",
    "losses.SATURATING": "a constant", "losses.NON_SATURATING": "a constant", "losses.WASSERSTEIN": "a constant",
    "wasserstein.CRITICS": "a constant", "wasserstein.Transport": "a result record that only w1_linprog builds", "wasserstein.DualCritic": "a result record that only kr_dual builds", "fgan.DIVERGENCES": "a constant",
    "mnist_metrics.SIGMAS": "a constant", "mnist_models.KINDS": "a constant", "toy2d.RECIPES": "a constant",
    "data.MNIST_DIR": "a constant", "data.MNIST_FILES": "a constant", "pretrain.WEIGHTS_DIR": "a constant",
    "pretrain.WEIGHTS_SHA256": "a constant", "pretrain.N_TRAIN": "a constant", "pretrain.RECIPES": "a constant",
    "settings.FAST_ENV": "a constant", "settings.SLOW_HOST_GFLOPS": "a constant", "mnist_metrics.QUALITY_BAR": "a constant", "game_plots.STYLE": "a constant",
    "toy_metrics.ModeCoverage": "a result record that only mode_coverage builds",
    "fgan.table_markdown": "takes no arguments", "pretrain.training_images": "takes no arguments",
    "settings.device": "takes no arguments", "settings.choose": "any two values are valid (it returns one of them)",
    "dirac_gan.METHODS": "a constant",
    "a11y.SCRIPT": "a constant", "a11y.enable": "takes no arguments", "palette.OKABE_ITO": "a constant",
    "palette.STYLE": "a constant", "palette.PAIRS": "a constant", "palette.RC": "a constant",
}


def public_modules():
    """Every gan_edu module with an __all__, except those other engineers own (``OTHER_OWNERS``) and playgrounds."""
    names = [m.name for m in pkgutil.iter_modules(gan_edu.__path__)]
    return [n for n in names if n not in OTHER_OWNERS]


@contextlib.contextmanager
def env(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def fast_mode_with(value):
    with env(GAN_EDU_FAST=value):
        return settings.fast_mode()


def build(tmp: Path) -> dict:
    """{"module.name": [(bad call, argument the message must name), ...]}."""
    gen = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    nan = float("nan")
    P, Q = distributions.GaussianMixture([1.0], [0.0], [1.0]), distributions.GaussianMixture([0.5, 0.5], [-1.0, 2.0], [0.5, 1.0])
    R = distributions.ring()
    d_prob = lambda x: 0.5 + 0 * x  # noqa: E731
    g1, d1 = toy_models.mlp([1, 4, 1], gen()), toy_models.mlp([1, 4, 1], gen())
    sample_real = lambda m, r: 2 + torch.randn(m, 1, generator=r)  # noqa: E731
    sample_z = lambda m, r: torch.randn(m, 1, generator=r)  # noqa: E731
    trainer = training.Trainer(g1, d1, sample_real, sample_z, training.TrainConfig(batch_size=8), device=torch.device("cpu"))
    t2d = toy2d.make_trainer(R, width=4, depth=1)
    ckpt = checkpoint.save_trainer(trainer, tmp / "good.pt")
    images = torch.rand(4, 1, 28, 28, generator=gen())
    clf = mnist_models.Classifier()
    G, _ = mnist_models.gan_pair("mlp", gen(), width=8)
    fig, ax = plt.subplots()
    (line,) = ax.plot([0.0, 1.0], [0.0, 1.0])
    x_grid, z_lines = np.linspace(-3, 3, 20), np.linspace(-2, 2, 5)
    snap1 = training_plots.snapshot_1d(trainer, P, x_grid, z_lines, n_samples=50)
    art1 = training_plots.draw_figure1_panel(ax, snap1)
    snap2 = training_plots.snapshot_2d(t2d, 1.5, n_fake=20, n_grid=4, n_arrows=5)
    art2 = training_plots.draw_2d_panel(ax, snap2, R.sample(10, np.random.default_rng(0)))
    cover = toy_metrics.mode_coverage(R.sample(10, np.random.default_rng(0)), R)
    a_slider = sliders.slider("a", 0.5, 0.0, 1.0)
    empty_dir = tmp / "empty"
    empty_dir.mkdir()
    bad_idx = tmp / "train-labels-idx1-ubyte.gz"
    bad_idx.write_bytes(b"not gzip")
    flipped = tmp / "flipped.pt"
    raw = bytearray(ckpt.read_bytes())
    raw[len(raw) // 2] ^= 4
    flipped.write_bytes(bytes(raw))
    rng = np.random.default_rng(0)
    cov = np.eye(3)
    nan_data = lambda m, r: torch.full((m, 1), nan)  # noqa: E731
    return {
        # --- validate: the layer itself; the name it is given is the argument the message must name
        "validate.finite_array": [(lambda: validate.finite_array("x", [nan]), "x"), (lambda: validate.finite_array("x", ["a"]), "x")],
        "validate.positive_array": [(lambda: validate.positive_array("stds", [0.0]), "stds")],
        "validate.probability_vector": [(lambda: validate.probability_vector("w", [0.5]), "w")],
        "validate.positive_int": [(lambda: validate.positive_int("n", 0), "n"), (lambda: validate.positive_int("n", 2.0), "n")],
        "validate.in_range": [(lambda: validate.in_range("lr", nan, 0, 1), "lr")],
        "validate.function": [(lambda: validate.function("d", 3), "d")],
        "validate.broadcastable": [(lambda: validate.broadcastable("a and b", np.zeros(2), np.zeros(3)), "a and b")],
        "validate.instance": [(lambda: validate.instance("model", 3, nn.Module, "a module"), "model")],
        "validate.torch_generator": [(lambda: validate.torch_generator("generator", None), "generator")],
        "validate.tensor": [(lambda: validate.tensor("x", "abc"), "x"), (lambda: validate.tensor("x", [nan]), "x"),
                            (lambda: validate.tensor("x", [1.0], ndim=2), "x")],
        "validate.probability_rows": [(lambda: validate.probability_rows("probs", [[2.0, -1.0]]), "probs")],
        "validate.covariance": [(lambda: validate.covariance("cov", [[1.0, 2.0], [0.0, 1.0]], 2), "cov"),
                                (lambda: validate.covariance("cov", [[1.0, 0.0], [0.0, -1.0]], 2), "cov")],
        "validate.images": [(lambda: validate.images("x", torch.zeros(2, 3)), "x")],
        # --- checkpoint
        "checkpoint.to_safe": [(lambda: checkpoint.to_safe({"f": print}), "state['f']")],
        "checkpoint.save_checkpoint": [(lambda: checkpoint.save_checkpoint(3, {}), "path"),
                                       (lambda: checkpoint.save_checkpoint(tmp / "s.pt", [1]), "state")],
        "checkpoint.load_checkpoint": [(lambda: checkpoint.load_checkpoint(tmp / "missing.pt"), "missing.pt"),
                                       (lambda: checkpoint.load_checkpoint(3), "path"),
                                       (lambda: checkpoint.load_checkpoint(ckpt, sha256="abc"), "sha256"),
                                       (lambda: checkpoint.load_checkpoint(flipped), "flipped.pt")],
        "checkpoint.data_fingerprint": [(lambda: checkpoint.data_fingerprint(3), "sample_real")],
        "checkpoint.fingerprint": [(lambda: checkpoint.fingerprint(None), "trainer")],
        "checkpoint.save_trainer": [(lambda: checkpoint.save_trainer(None, tmp / "x.pt"), "trainer"),
                                    (lambda: checkpoint.save_trainer(trainer, 5), "path")],
        "checkpoint.resume": [(lambda: checkpoint.resume(None, tmp / "none.pt"), "trainer"),
                              (lambda: checkpoint.resume(trainer, ckpt, allow_changes="lr_d"), "allow_changes"),
                              (lambda: checkpoint.resume(trainer, ckpt, allow_changes=("seed",)), "allow_changes")],
        "checkpoint.train_with_checkpoints": [
            (lambda: checkpoint.train_with_checkpoints(None, tmp / "w.pt", 2), "trainer"),
            (lambda: checkpoint.train_with_checkpoints(trainer, tmp / "w.pt", -1), "until"),
            (lambda: checkpoint.train_with_checkpoints(trainer, tmp / "w.pt", 2, every_n=0), "every_n"),
            (lambda: checkpoint.train_with_checkpoints(trainer, tmp / "w.pt", 2, callbacks=[3]), "callbacks[0]"),
            (lambda: checkpoint.train_with_checkpoints(trainer, 7, 2), "path")],
        # --- training
        "training.TrainConfig": [(lambda: training.TrainConfig(lr_d=0), "lr_d"), (lambda: training.TrainConfig(lr_g=True), "lr_g"),
                                 (lambda: training.TrainConfig(betas=(2, 0)), "betas"),
                                 (lambda: training.TrainConfig(max_grad_norm=-1), "max_grad_norm"),
                                 (lambda: training.TrainConfig(extra=3), "extra"), (lambda: training.TrainConfig(loss="x"), "loss"),
                                 (lambda: training.TrainConfig(seed=-1), "seed"), (lambda: training.TrainConfig(k_d_steps=1.5), "k_d_steps"),
                                 (lambda: training.TrainConfig(momentum=nan), "momentum"),
                                 (lambda: training.TrainConfig(optimizer="adagrad"), "optimizer")],
        "training.Trainer": [(lambda: training.Trainer(None, d1, sample_real, sample_z), "generator"),
                             (lambda: training.Trainer(g1, "d", sample_real, sample_z), "discriminator"),
                             (lambda: training.Trainer(g1, d1, 3, sample_z), "sample_real"),
                             (lambda: training.Trainer(g1, d1, sample_real, None), "sample_z"),
                             (lambda: training.Trainer(g1, d1, sample_real, sample_z, config={}), "config"),
                             (lambda: training.Trainer(g1, d1, sample_real, sample_z, device=3), "device"),
                             (lambda: trainer.run(until=-1), "until"), (lambda: trainer.run(2, max_seconds=-1), "max_seconds"),
                             (lambda: trainer.run(2, callbacks=[None]), "callbacks[0]"),
                             (lambda: trainer.set_hyperparameters(lr_d=2.0), "lr_d"),
                             (lambda: trainer.set_hyperparameters(betas=3), "betas"),
                             (lambda: trainer.set_hyperparameters(k_d_steps=-1), "k_d_steps"),
                             (lambda: training.Trainer(g1, d1, nan_data, sample_z, device="cpu").run(1, progress=False), "sample_real"),
                             (lambda: training.Trainer(g1, d1, sample_real, lambda m, r: torch.randn(m, 3, generator=r),
                                                       device="cpu").run(1, progress=False), "sample_z")],
        "training.every": [(lambda: training.every(0, print), "n"), (lambda: training.every(2, 3), "fn")],
        "training.linear_lr_decay": [(lambda: training.linear_lr_decay(5, 5, 1e-3, 1e-3), "end"),
                                     (lambda: training.linear_lr_decay(-1, 5, 1e-3, 1e-3), "start"),
                                     (lambda: training.linear_lr_decay(0, 5, 0, 1e-3), "lr_d"),
                                     (lambda: training.linear_lr_decay(0, 5, 1e-3, nan), "lr_g")],
        "penalties.r1_penalty": [(lambda: penalties.r1_penalty("a", torch.zeros(2, 1)), "d_real"),
                                (lambda: penalties.r1_penalty(torch.zeros(2, 1), torch.zeros(2, 1)), "x_real")],
        "penalties.interpolates": [(lambda: penalties.interpolates("a", torch.zeros(1, 1), torch.zeros(1)), "x_real"),
                                   (lambda: penalties.interpolates(torch.zeros(2, 1), torch.zeros(3, 1), torch.zeros(2)), "x_fake"),
                                   (lambda: penalties.interpolates(torch.zeros(2, 1), torch.zeros(2, 1), torch.full((2,), -1.0)), "eps")],
        "penalties.gradient_penalty": [(lambda: penalties.gradient_penalty(None, torch.zeros(2, 1), torch.zeros(2, 1), torch.zeros(2)), "critic"),
                                       (lambda: penalties.gradient_penalty(d1, torch.zeros(2, 1), torch.zeros(2, 1), torch.zeros(5)), "eps")],
        "wasserstein.w1_sorted": [(lambda: wasserstein.w1_sorted([1.0, 2.0], [1.0]), "y"), (lambda: wasserstein.w1_sorted([nan], [1.0]), "x")],
        "wasserstein.w1_linprog": [(lambda: wasserstein.w1_linprog([], [1.0]), "x"), (lambda: wasserstein.w1_linprog([0.0], [1.0], b=[2.0]), "b"),
                                   (lambda: wasserstein.w1_linprog(np.zeros((2, 2)), np.zeros((2, 3))), "y")],
        "wasserstein.w1_assignment": [(lambda: wasserstein.w1_assignment([[nan, 0.0]], [[0.0, 0.0]]), "x"),
                                      (lambda: wasserstein.w1_assignment(np.zeros((2, 2)), np.zeros((3, 2))), "y")],
        "wasserstein.kr_dual": [(lambda: wasserstein.kr_dual([0.0], [1.0], [1.0]), "points"),
                                (lambda: wasserstein.kr_dual([0.0, 1.0], [0.5, 0.5], [1.0, 1.0]), "q")],
        "wasserstein.lipschitz_1d": [(lambda: wasserstein.lipschitz_1d([0.0, 0.0], [1.0, 2.0]), "x"),
                                     (lambda: wasserstein.lipschitz_1d([0.0, 1.0], [nan, 2.0]), "f")],
        "wasserstein.clip_weights": [(lambda: wasserstein.clip_weights(None, 0.1), "model"),
                                     (lambda: wasserstein.clip_weights(d1, -1.0), "c")],
        "wasserstein.clipped_slope_bound": [(lambda: wasserstein.clipped_slope_bound(3, 0.1), "model"),
                                            (lambda: wasserstein.clipped_slope_bound(d1, 0.0), "c"),
                                            (lambda: wasserstein.clipped_slope_bound(torch.nn.ReLU(), 0.1), "model")],
        "wasserstein.gradient_norms": [(lambda: wasserstein.gradient_norms(3, [0.0]), "critic"),
                                       (lambda: wasserstein.gradient_norms(d1, []), "x")],
        "wasserstein.train_critic": [(lambda: wasserstein.train_critic(None, [0.0], [1.0], "clipping", 1), "critic"),
                                     (lambda: wasserstein.train_critic(d1, [0.0], [1.0], "spectral", 1), "method"),
                                     (lambda: wasserstein.train_critic(d1, [0.0, 1.0], [1.0], "clipping", 1), "x_fake"),
                                     (lambda: wasserstein.train_critic(d1, [0.0], [1.0], "clipping", -1), "n_steps"),
                                     (lambda: wasserstein.train_critic(d1, [0.0], [1.0], "gradient penalty", 1, gp_lambda=-1.0),
                                      "gp_lambda")],
        "wasserstein.critic_values": [(lambda: wasserstein.critic_values(None, [0.0]), "critic"),
                                      (lambda: wasserstein.critic_values(d1, [[nan]]), "x")],
        "losses.loss_d_wasserstein": [(lambda: losses.loss_d_wasserstein([1.0], torch.zeros(1)), "d_real"),
                                      (lambda: losses.loss_d_wasserstein(torch.zeros(1), "a"), "d_fake")],
        "losses.loss_g_wasserstein": [(lambda: losses.loss_g_wasserstein(torch.zeros(0)), "d_fake")],
        "losses.w1_estimate": [(lambda: losses.w1_estimate("a"), "loss_d")],
        "training.record": [(lambda: training.record(3, print), "name"), (lambda: training.record("a", 3), "fn"),
                            (lambda: training.record("a", print, every_n=0), "every_n")],
        "training.snapshot_at": [(lambda: training.snapshot_at(5, print), "steps"), (lambda: training.snapshot_at([0], print), "steps[i]"),
                                 (lambda: training.snapshot_at([1], 3), "fn")],
        "training.generator_grad_norm": [(lambda: training.generator_grad_norm(None), "trainer"),
                                         (lambda: training.generator_grad_norm(trainer, m=0), "m"),
                                         (lambda: training.generator_grad_norm(trainer, loss="x"), "loss"),
                                         (lambda: training.generator_grad_norm(trainer, seed=-1), "seed")],
        "training.sample_generator": [(lambda: training.sample_generator(None, 3), "trainer"),
                                      (lambda: training.sample_generator(trainer, 0), "n"),
                                      (lambda: training.sample_generator(trainer, 3, seed=1.5), "seed")],
        "training.train_discriminator": [
            (lambda: training.train_discriminator(None, sample_real, sample_real, 1), "discriminator"),
            (lambda: training.train_discriminator(d1, 3, sample_real, 1), "sample_real"),
            (lambda: training.train_discriminator(d1, sample_real, None, 1), "sample_fake"),
            (lambda: training.train_discriminator(d1, sample_real, sample_real, -1), "n_steps"),
            (lambda: training.train_discriminator(d1, sample_real, sample_real, 1, config=3), "config"),
            (lambda: training.train_discriminator(d1, sample_real, sample_real, 1, callback=3), "callback"),
            (lambda: training.train_discriminator(d1, nan_data, sample_real, 1), "sample_real")],
        # --- losses
        "losses.GANLoss": [(lambda: losses.GANLoss(3, print, print, print), "name"),
                           (lambda: losses.GANLoss("x", 1, print, print), "discriminator")],
        "losses.loss_d_minimax": [(lambda: losses.loss_d_minimax([1.0], torch.zeros(1)), "d_real"),
                                  (lambda: losses.loss_d_minimax(torch.zeros(1), torch.zeros(0)), "d_fake")],
        "losses.loss_g_saturating": [(lambda: losses.loss_g_saturating(None), "d_fake")],
        "losses.loss_g_nonsaturating": [(lambda: losses.loss_g_nonsaturating(torch.tensor([1])), "d_fake")],
        "losses.jsd_bound": [(lambda: losses.jsd_bound("a"), "loss_d")],
        "losses.get_loss": [(lambda: losses.get_loss("hinge"), "loss"), (lambda: losses.get_loss(3), "loss")],
        # --- game
        "game.logistic_discriminator": [(lambda: game.logistic_discriminator("a", 0), "slope"),
                                        (lambda: game.logistic_discriminator(1, nan), "threshold")],
        "game.LogisticDiscriminator": [(lambda: game.LogisticDiscriminator(np.inf, 0), "slope"),
                                       (lambda: game.LogisticDiscriminator(1, [0, 1]), "threshold")],
        "game.value_pointwise": [(lambda: game.value_pointwise(-1, 0.5, 0.5), "a"), (lambda: game.value_pointwise(0.1, 0.5, 1.5), "y"),
                                 (lambda: game.value_pointwise([1, 2], [1, 2, 3], 0.5), "a, b and y")],
        "game.value_function": [(lambda: game.value_function(3, P, Q), "d"), (lambda: game.value_function(lambda x: 2 + 0 * x, P, Q), "d"),
                                (lambda: game.value_function(lambda x: x[:1], P, Q), "d"),
                                (lambda: game.value_function(d_prob, 3, Q), "p_data"), (lambda: game.value_function(d_prob, P, R), "p_g")],
        "game.value_function_mc": [(lambda: game.value_function_mc(d_prob, [1.0], [1.0, 2.0]), "x_real"),
                                   (lambda: game.value_function_mc(d_prob, [nan, 1.0], [1.0, 2.0]), "x_real"),
                                   (lambda: game.value_function_mc(lambda x: x, [0.5, 1.5], [0.5, 0.2]), "d"),
                                   (lambda: game.value_function_mc(3, [0.5, 0.5], [0.5, 0.2]), "d")],
        "game.optimal_discriminator": [(lambda: game.optimal_discriminator([-1.0], [1.0]), "p_data_x"),
                                       (lambda: game.optimal_discriminator([1.0, 2.0], [1.0, 2.0, 3.0]), "p_data_x and p_g_x"),
                                       (lambda: game.optimal_discriminator([1.0], [nan]), "p_g_x")],
        "game.virtual_criterion": [(lambda: game.virtual_criterion(3, Q), "p_data"), (lambda: game.virtual_criterion(P, R), "p_g")],
        "game.descend_on_grid": [(lambda: game.descend_on_grid([0.5, 0.4], [0, 0], 1.0, 3), "p_data_mass"),
                                 (lambda: game.descend_on_grid([0.5, 0.5], [0, 0, 0], 1.0, 3), "logits"),
                                 (lambda: game.descend_on_grid([0.5, 0.5], [0, 0], -1.0, 3), "lr"),
                                 (lambda: game.descend_on_grid([0.5, 0.5], [0, 0], 1.0, 2.5), "n_steps")],
        # --- divergences
        "divergences.integrate_1d": [
            (lambda: divergences.integrate_1d(3, P), "fn"), (lambda: divergences.integrate_1d(np.sin), "mixes"),
            (lambda: divergences.integrate_1d(np.sin, 3), "mixes[0]"),
            (lambda: divergences.integrate_1d(np.sin, distributions.GaussianMixture([0.5, 0.5], [0.0, 1e6], [1e-3, 1.0])), "mixes")],
        "divergences.kl": [(lambda: divergences.kl(3, Q), "p"), (lambda: divergences.kl(P, R), "q")],
        "divergences.jsd": [(lambda: divergences.jsd(P, None), "q")],
        "divergences.kl_mc": [(lambda: divergences.kl_mc(P, Q, 1, rng), "n"), (lambda: divergences.kl_mc(P, Q, 10, 3), "rng")],
        "divergences.jsd_mc": [(lambda: divergences.jsd_mc(P, Q, 1, rng), "n"), (lambda: divergences.jsd_mc(P, 3, 10, rng), "q")],
        # --- distributions
        "distributions.GaussianMixture": [
            (lambda: distributions.GaussianMixture([0.5, 0.4], [0, 1], [1, 1]), "weights"),
            (lambda: distributions.GaussianMixture([1.0], [0.0], [-1.0]), "stds"),
            (lambda: distributions.GaussianMixture([1.0], [[0.0, 0.0, 0.0]], [1.0]), "means"),
            (lambda: distributions.GaussianMixture([0.5, 0.5], [0.0], [1.0, 1.0]), "weights, means and stds"),
            (lambda: P.sample(0, rng), "n"), (lambda: P.sample(3, None), "rng"), (lambda: P.log_pdf([nan]), "x"),
            (lambda: R.pdf([[1.0, 2.0, 3.0]]), "x")],
        "distributions.torch_sampler": [(lambda: distributions.torch_sampler(3), "mix"),
                                        (lambda: distributions.torch_sampler(P)(0, gen()), "m"),
                                        (lambda: distributions.torch_sampler(P)(3, None), "generator")],
        "distributions.ring": [(lambda: distributions.ring(0), "n_modes"), (lambda: distributions.ring(radius=-1), "radius"),
                               (lambda: distributions.ring(std=0), "std")],
        "distributions.grid": [(lambda: distributions.grid(0), "side"), (lambda: distributions.grid(spacing=-1), "spacing"),
                               (lambda: distributions.grid(std=nan), "std")],
        # --- fgan
        "fgan.Divergence": [(lambda: fgan.Divergence(3, *([print] * 6), (0, 1), {}), "name"),
                            (lambda: fgan.Divergence("x", 1, *([print] * 5), (0, 1), {}), "f"),
                            (lambda: fgan.Divergence("x", *([print] * 6), (1, 0), {}), "domain")],
        "fgan.get": [(lambda: fgan.get("chi"), "name"), (lambda: fgan.get(3), "name")],
        "fgan.fgan_loss": [(lambda: fgan.fgan_loss("kl", generator="x"), "generator"), (lambda: fgan.fgan_loss("x"), "name")],
        "fgan.divergence": [(lambda: fgan.divergence("kl", 3, Q), "p"), (lambda: fgan.divergence("x", P, Q), "name")],
        "fgan.bound": [(lambda: fgan.bound("kl", P, Q, 3), "critic"),
                       (lambda: fgan.bound("reverse-kl", P, Q, lambda x: 1 + 0 * x), "critic"),
                       (lambda: fgan.bound("kl", P, Q, lambda x: "a"), "critic"), (lambda: fgan.bound("kl", P, Q, lambda x: x[:1]), "critic")],
        "fgan.optimal_critic": [(lambda: fgan.optimal_critic("kl", P, 3), "q"), (lambda: fgan.optimal_critic(None, P, Q), "name")],
        "fgan.critic_bound": [(lambda: fgan.critic_bound("kl", P, Q, 3), "v"), (lambda: fgan.critic_bound("kl", P, Q, lambda x: x[:1]), "v"),
                              (lambda: fgan.critic_bound("kl", P, Q, lambda x: np.nan * x), "v")],
        "fgan.as_numpy_fn": [(lambda: fgan.as_numpy_fn(3), "fn")],
        # --- toy_metrics
        "toy_metrics.mode_coverage": [(lambda: toy_metrics.mode_coverage(np.zeros((3, 2)), 3), "target"),
                                      (lambda: toy_metrics.mode_coverage([[1.0, 2.0, 3.0]], R), "x_fake"),
                                      (lambda: toy_metrics.mode_coverage([[nan, 0.0]], R), "x_fake"),
                                      (lambda: toy_metrics.mode_coverage(np.zeros((3, 2)), R, n_std=0), "n_std")],
        "toy_metrics.estimate_density_1d": [(lambda: toy_metrics.estimate_density_1d([1.0], x_grid), "x_fake"),
                                            (lambda: toy_metrics.estimate_density_1d([1.0, 2.0], x_grid, bandwidth=-1), "bandwidth"),
                                            (lambda: toy_metrics.estimate_density_1d([1.0, 2.0], [nan]), "grid")],
        "toy_metrics.jsd_on_grid": [(lambda: toy_metrics.jsd_on_grid([1, 1], [1, 1], [0, 1]), "grid"),
                                    (lambda: toy_metrics.jsd_on_grid([-1, 1, 1], [1, 1, 1], [0, 1, 2]), "p and q")],
        "toy_metrics.jsd_from_samples": [(lambda: toy_metrics.jsd_from_samples([1.0, 2.0], 3, x_grid), "p_data"),
                                         (lambda: toy_metrics.jsd_from_samples([1.0, 2.0], P, np.zeros((2, 2))), "grid")],
        # --- mnist_metrics
        "mnist_metrics.classify": [(lambda: mnist_metrics.classify(3, images), "classifier"),
                                   (lambda: mnist_metrics.classify(clf, torch.zeros(2, 3)), "x"),
                                   (lambda: mnist_metrics.classify(clf, images, batch_size=0), "batch_size")],
        "mnist_metrics.gaussian_frechet_distance": [
            (lambda: mnist_metrics.gaussian_frechet_distance(np.zeros(2), [[1.0, 0.9], [0.0, 1.0]], np.zeros(2), np.eye(2)), "cov_a"),
            (lambda: mnist_metrics.gaussian_frechet_distance(np.zeros(2), np.eye(2), np.zeros(2), -np.eye(2)), "cov_b"),
            (lambda: mnist_metrics.gaussian_frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), cov), "mu_a and mu_b"),
            (lambda: mnist_metrics.gaussian_frechet_distance(np.zeros(3), cov * nan, np.zeros(3), cov), "cov_a"),
            (lambda: mnist_metrics.gaussian_frechet_distance(np.zeros(3), np.eye(2), np.zeros(3), cov), "cov_a")],
        "mnist_metrics.frechet_distance": [(lambda: mnist_metrics.frechet_distance(torch.ones(1, 3), torch.ones(5, 3)), "f_a and f_b"),
                                           (lambda: mnist_metrics.frechet_distance(torch.full((3, 2), nan), torch.ones(3, 2)), "f_a"),
                                           (lambda: mnist_metrics.frechet_distance(torch.ones(3, 2), "abc"), "f_b")],
        "mnist_metrics.class_histogram": [(lambda: mnist_metrics.class_histogram([[0.5, 0.6]], 2), "probs"),
                                          (lambda: mnist_metrics.class_histogram(torch.ones(3, 4) / 4), "probs"),
                                          (lambda: mnist_metrics.class_histogram(torch.ones(3, 4) / 4, 0), "n_classes")],
        "mnist_metrics.kl_to_uniform": [(lambda: mnist_metrics.kl_to_uniform([0.5, 0.6]), "p")],
        "mnist_metrics.mean_confidence": [(lambda: mnist_metrics.mean_confidence([[2.0, -1.0]]), "probs"),
                                          (lambda: mnist_metrics.mean_confidence([0.5, 0.5]), "probs")],
        "mnist_metrics.quality": [(lambda: mnist_metrics.quality(3, images, torch.ones(5, 3), 1.0), "classifier"),
                                  (lambda: mnist_metrics.quality(clf, images, torch.ones(5, 3), 0.0), "fd_floor")],
        "mnist_metrics.meets_bar": [(lambda: mnist_metrics.meets_bar({"KL to uniform": 0.1}), "values")],
        "mnist_metrics.squared_distances": [(lambda: mnist_metrics.squared_distances(torch.ones(2, 3), torch.ones(2, 4)), "x and y"),
                                            (lambda: mnist_metrics.squared_distances(torch.ones(2, 3), torch.full((2, 3), nan)), "y")],
        "mnist_metrics.parzen_log_likelihoods": [
            (lambda: mnist_metrics.parzen_log_likelihoods(torch.ones(2, 3), torch.ones(4, 3), [-1.0], progress=False), "sigmas"),
            (lambda: mnist_metrics.parzen_log_likelihoods(torch.ones(2, 3), torch.ones(4, 3), [1.0], 0, progress=False), "batch_size"),
            (lambda: mnist_metrics.parzen_log_likelihoods(torch.ones(0, 3), torch.ones(4, 3), [1.0], progress=False), "x")],
        "mnist_metrics.parzen_protocol": [
            (lambda: mnist_metrics.parzen_protocol(torch.ones(4, 3), torch.ones(2, 3), torch.ones(1, 3), progress=False), "x_test"),
            (lambda: mnist_metrics.parzen_protocol(torch.ones(4, 3), "v", torch.ones(2, 3), progress=False), "x_valid")],
        "mnist_metrics.kmeans": [(lambda: mnist_metrics.kmeans(torch.rand(5, 2), 0, 1, gen()), "k"),
                                 (lambda: mnist_metrics.kmeans(torch.rand(5, 2), 2, 1, None), "generator"),
                                 (lambda: mnist_metrics.kmeans(torch.rand(5, 2), 6, 1, gen()), "k"),
                                 (lambda: mnist_metrics.kmeans(torch.rand(5, 2), 2, -1, gen()), "n_iter")],
        "mnist_metrics.nearest_neighbours": [(lambda: mnist_metrics.nearest_neighbours(torch.ones(2, 3), torch.ones(4, 5)), "x and pool"),
                                             (lambda: mnist_metrics.nearest_neighbours(torch.ones(2, 3), torch.ones(4, 3), 0), "batch_size")],
        "mnist_metrics.interpolate": [(lambda: mnist_metrics.interpolate(torch.zeros(3), torch.zeros(4), 5), "z_a and z_b"),
                                      (lambda: mnist_metrics.interpolate(torch.zeros(3), torch.zeros(3), 1), "n"),
                                      (lambda: mnist_metrics.interpolate("abc", torch.zeros(3), 3), "z_a"),
                                      (lambda: mnist_metrics.interpolate(torch.zeros(3), torch.full((3,), nan), 3), "z_b")],
        # --- mnist_models
        "mnist_models.MLPGenerator": [(lambda: mnist_models.MLPGenerator(z_dim=0), "z_dim"),
                                      (lambda: mnist_models.MLPGenerator(hidden=(0,)), "hidden[i]"),
                                      (lambda: mnist_models.MLPGenerator(hidden=5), "hidden"),
                                      (lambda: mnist_models.MLPGenerator(z_dim=4)(torch.zeros(2, 5)), "z")],
        "mnist_models.MLPDiscriminator": [(lambda: mnist_models.MLPDiscriminator(hidden=(-1,)), "hidden[i]"),
                                          (lambda: mnist_models.MLPDiscriminator()(torch.zeros(2, 5)), "x")],
        "mnist_models.DCGenerator": [(lambda: mnist_models.DCGenerator(channels=1), "channels"),
                                     (lambda: mnist_models.DCGenerator(z_dim=0), "z_dim"),
                                     (lambda: mnist_models.DCGenerator(z_dim=4, channels=4)(torch.zeros(2, 3)), "z")],
        "mnist_models.DCDiscriminator": [(lambda: mnist_models.DCDiscriminator(n_pack=0), "n_pack"),
                                         (lambda: mnist_models.DCDiscriminator(channels=4)(torch.zeros(2, 5)), "x"),
                                         (lambda: mnist_models.DCDiscriminator(channels=4, n_pack=2)(torch.zeros(3, 1, 28, 28)), "x")],
        "mnist_models.Classifier": [(lambda: clf(torch.zeros(2, 3)), "x"), (lambda: clf.features(torch.zeros(2, 1, 14, 14)), "x")],
        "mnist_models.init_weights": [(lambda: mnist_models.init_weights(3, gen()), "model"),
                                      (lambda: mnist_models.init_weights(nn.Linear(1, 1), None), "generator"),
                                      (lambda: mnist_models.init_weights(nn.Linear(1, 1), gen(), std=-1), "std")],
        "mnist_models.gan_pair": [(lambda: mnist_models.gan_pair("gan", gen()), "kind"), (lambda: mnist_models.gan_pair("mlp", None), "generator"),
                                  (lambda: mnist_models.gan_pair("mlp", gen(), n_pack=2), "n_pack"),
                                  (lambda: mnist_models.gan_pair("dcgan", gen(), width=0), "width"),
                                  (lambda: mnist_models.gan_pair("mlp", gen(), z_dim=0), "z_dim")],
        "mnist_models.sample_z": [(lambda: mnist_models.sample_z(0, gen()), "m"), (lambda: mnist_models.sample_z(3, None), "generator"),
                                  (lambda: mnist_models.sample_z(3, gen(), z_dim=0), "z_dim")],
        "mnist_models.real_sampler": [(lambda: mnist_models.real_sampler(torch.zeros(0, 1, 28, 28)), "x"),
                                      (lambda: mnist_models.real_sampler("abc"), "x"),
                                      (lambda: mnist_models.real_sampler(images)(0, gen()), "m"),
                                      (lambda: mnist_models.real_sampler(images)(3, None), "generator")],
        "mnist_models.generate": [(lambda: mnist_models.generate(3, n=2), "g"), (lambda: mnist_models.generate(G), "n"),
                                  (lambda: mnist_models.generate(G, z=torch.zeros(2, 5)), "z"),
                                  (lambda: mnist_models.generate(G, n=2, batch_size=0), "batch_size"),
                                  (lambda: mnist_models.generate(G, n=2, seed=-1), "seed")],
        # --- toy_models
        "toy_models.mlp": [(lambda: toy_models.mlp([1], gen()), "sizes"), (lambda: toy_models.mlp([1, 0, 1], gen()), "sizes[1]"),
                           (lambda: toy_models.mlp([1, 1], None), "generator"), (lambda: toy_models.mlp([1, 1], gen(), activation=3), "activation"),
                           (lambda: toy_models.mlp(5, gen()), "sizes")],
        "toy_models.reinit": [(lambda: toy_models.reinit(3, gen()), "model"), (lambda: toy_models.reinit(nn.Linear(1, 1), None), "generator")],
        "toy_models.Packed": [(lambda: toy_models.Packed(3, 2), "discriminator"), (lambda: toy_models.Packed(nn.Linear(4, 1), 0), "n_pack"),
                              (lambda: toy_models.Packed(nn.Linear(4, 1), 2)(torch.zeros(3, 2)), "x"),
                              (lambda: toy_models.Packed(nn.Linear(4, 1), 2)("a"), "x")],
        "toy_models.toy_pair": [(lambda: toy_models.toy_pair(0, 2, 4, 1, gen()), "x_dim"), (lambda: toy_models.toy_pair(2, 2, 4, 1, None), "generator"),
                                (lambda: toy_models.toy_pair(2, 2, 4, 0, gen()), "depth"),
                                (lambda: toy_models.toy_pair(2, 2, 4, 1, gen(), n_pack=0), "n_pack")],
        # --- toy2d
        "toy2d.sample_z": [(lambda: toy2d.sample_z(0, gen()), "m"), (lambda: toy2d.sample_z(3, None), "generator")],
        "toy2d.make_trainer": [(lambda: toy2d.make_trainer(R, "wgan"), "recipe"), (lambda: toy2d.make_trainer(P), "target"),
                               (lambda: toy2d.make_trainer(R, seed=-1), "seed"), (lambda: toy2d.make_trainer(R, width=0), "width"),
                               (lambda: toy2d.make_trainer(R, lr_d=5.0), "lr_d")],
        "toy2d.train": [(lambda: toy2d.train(None, 5), "trainer"), (lambda: toy2d.train(trainer, 5), "trainer"),
                        (lambda: toy2d.train(t2d, -1), "n_steps")],
        # --- data
        "data.load_mnist": [(lambda: data.load_mnist("val"), "split"), (lambda: data.load_mnist(root=3), "root"),
                            (lambda: data.load_mnist("train", root=empty_dir), "train-images-idx3-ubyte.gz")],
        "data.read_idx": [(lambda: data.read_idx(tmp / "foo.gz"), "path"), (lambda: data.read_idx(3), "path"),
                          (lambda: data.read_idx(bad_idx), "train-labels-idx1-ubyte.gz")],
        # --- pretrain
        "pretrain.Recipe": [(lambda: pretrain.Recipe(kind="x"), "kind"), (lambda: pretrain.Recipe(lr=0), "lr"),
                            (lambda: pretrain.Recipe(lr_decay=2), "lr_decay"), (lambda: pretrain.Recipe(n_iterations=0), "n_iterations"),
                            (lambda: pretrain.Recipe(width=1), "width")],
        "pretrain.make_trainer": [(lambda: pretrain.make_trainer(3, images), "recipe"),
                                  (lambda: pretrain.make_trainer(pretrain.Recipe(), torch.zeros(2, 3)), "x_train")],
        "pretrain.schedule": [(lambda: pretrain.schedule(3), "recipe")],
        "pretrain.train_gan": [(lambda: pretrain.train_gan(3, tmp / "o.pt"), "recipe"), (lambda: pretrain.train_gan(pretrain.Recipe(), 5), "out"),
                               (lambda: pretrain.train_gan(pretrain.Recipe(), tmp / "o.pt", every_n=0), "every_n")],
        "pretrain.train_classifier": [(lambda: pretrain.train_classifier(n_epochs=0), "n_epochs"),
                                      (lambda: pretrain.train_classifier(batch_size=0), "batch_size"),
                                      (lambda: pretrain.train_classifier(lr=2.0), "lr"), (lambda: pretrain.train_classifier(seed=-1), "seed")],
        "pretrain.accuracy": [(lambda: pretrain.accuracy(clf, images, torch.tensor(3)), "y"),
                              (lambda: pretrain.accuracy(clf, images, torch.tensor([3])), "y"),
                              (lambda: pretrain.accuracy(clf, images, torch.zeros(4)), "y"),
                              (lambda: pretrain.accuracy(clf, torch.zeros(4, 3), torch.zeros(4, dtype=torch.long)), "x")],
        "pretrain.load_generator": [(lambda: pretrain.load_generator("dcgann"), "name"), (lambda: pretrain.load_generator(3), "name"),
                                    (lambda: pretrain.load_generator("classifier"), "classifier.pt"),
                                    (lambda: pretrain.load_generator(flipped), "flipped.pt")],
        "pretrain.load_classifier": [(lambda: pretrain.load_classifier(5), "name"), (lambda: pretrain.load_classifier(tmp / "missing.pt"), "missing.pt")],
        "pretrain.length": [(lambda: pretrain.length("classroom"), "recipe")],
        "pretrain.finished": [(lambda: pretrain.finished(3, None), "recipe"),
                              (lambda: pretrain.finished(pretrain.Recipe(), 3), "trainer")],
        "pretrain.flops_per_iteration": [(lambda: pretrain.flops_per_iteration(3, images), "recipe"),
                                         (lambda: pretrain.flops_per_iteration(pretrain.Recipe(), torch.zeros(2, 3)), "x_train")],
        "pretrain.main": [(lambda: pretrain.main(["classifier", "--threads", "0"]), "threads"),
                          (lambda: pretrain.main(["classroom", "--out", str(tmp / "nowhere" / "g.pt")]), "out")],
        "pretrain.checkpoint_name": [(lambda: pretrain.checkpoint_name("classroom"), "recipe")],
        "pretrain.check_writable": [(lambda: pretrain.check_writable(3), "out"), (lambda: pretrain.check_writable(tmp), "out")],
        # --- dirac_gan
        "dirac_gan.step": [(lambda: dirac_gan.step([1.0, 1.0], "sideways", 0.1), "method"),
                           (lambda: dirac_gan.step([1.0], "simultaneous", 0.1), "state"),
                           (lambda: dirac_gan.step([1.0, 1.0], "simultaneous", -0.1), "lr")],
        "dirac_gan.trajectory": [(lambda: dirac_gan.trajectory([1.0, 1.0], 0, "simultaneous", 0.1), "n_steps"),
                                 (lambda: dirac_gan.trajectory([1.0, 1.0], 3, "simultaneous", 0.1, gamma=-1), "gamma")],
        "dirac_gan.jacobian": [(lambda: dirac_gan.jacobian("sideways", 0.1), "method")],
        "dirac_gan.growth_factor": [(lambda: dirac_gan.growth_factor([[1.0, 1.0]]), "path"),
                                    (lambda: dirac_gan.growth_factor([[nan, 1.0]] * 3), "path")],
        # --- settings
        "settings.sgemm_gflops": [(lambda: settings.sgemm_gflops(n=8), "n"), (lambda: settings.sgemm_gflops(repeats=0), "repeats"),
                                  (lambda: settings.sgemm_gflops(n=16, threads=0), "threads")],
        "settings.fast_mode": [(lambda: fast_mode_with("maybe"), "GAN_EDU_FAST")],
        "settings.use_threads": [(lambda: settings.use_threads(0), "threads"), (lambda: settings.use_threads(1.5), "threads")],
        "settings.AdaptiveThreads": [(lambda: settings.AdaptiveThreads(probe=0), "probe"),
                                     (lambda: settings.AdaptiveThreads(recheck_seconds=0), "recheck_seconds"),
                                     (lambda: settings.AdaptiveThreads(say=3), "say")],
        # --- live_training
        "live_training.LiveTraining": [(lambda: live_training.LiveTraining(None, fig, print), "trainer"),
                                       (lambda: live_training.LiveTraining(trainer, 3, print), "fig"),
                                       (lambda: live_training.LiveTraining(trainer, fig, 3), "redraw"),
                                       (lambda: live_training.LiveTraining(trainer, fig, print, steps_per_frame=0), "steps_per_frame"),
                                       (lambda: live_training.LiveTraining(trainer, fig, print, interval_ms=5), "interval_ms")],
        # --- sliders
        "sliders.SliderPanel": [(lambda: sliders.SliderPanel(3, {"a": a_slider}, print), "fig"),
                                (lambda: sliders.SliderPanel(fig, {}, print), "sliders"),
                                (lambda: sliders.SliderPanel(fig, {"a": 3}, print), "sliders"),
                                (lambda: sliders.SliderPanel(fig, {"a": a_slider}, 3), "update")],
        "a11y.describe": [(lambda: a11y.describe(3, "a plot"), "fig"), (lambda: a11y.describe(fig, 3), "text"),
                          (lambda: a11y.describe(fig, " "), "text")],
        "a11y.alt_text": [(lambda: a11y.alt_text("figure"), "fig")],
        "a11y.figure_html": [(lambda: a11y.figure_html(None), "fig")],
        "a11y.live": [(lambda: a11y.live("label"), "widget")],
        "palette.line_style": [(lambda: palette.line_style("generated"), "role")],
        "palette.scatter_style": [(lambda: palette.scatter_style(3), "role")],
        "palette.simulate": [(lambda: palette.simulate("no colour"), "color"),
                             (lambda: palette.simulate("red", "tritanopia"), "vision")],
        "palette.delta_e": [(lambda: palette.delta_e(3, "red"), "a"), (lambda: palette.delta_e("red", "nope"), "b"),
                            (lambda: palette.delta_e("red", "blue", "colourblind"), "vision")],
        "sliders.slider": [(lambda: sliders.slider(3, 0.5, 0, 1), "description"), (lambda: sliders.slider("a", 2, 0, 1), "value"),
                           (lambda: sliders.slider("a", 0.5, 1, 0), "low"), (lambda: sliders.slider("a", 0.5, 0, 1, step=-1), "step")],
        "sliders.scrubber": [(lambda: sliders.scrubber(3, [1], print), "fig"), (lambda: sliders.scrubber(fig, [], print), "steps"),
                             (lambda: sliders.scrubber(fig, [1], 3), "show"), (lambda: sliders.scrubber(fig, [-1], print), "steps[i]"),
                             (lambda: sliders.scrubber(fig, 5, print), "steps")],
        "sliders.image_scrubber": [(lambda: sliders.image_scrubber([], []), "frames"),
                                   (lambda: sliders.image_scrubber([np.full((2, 2), 2.0)], ["a"]), "frames[0]"),
                                   (lambda: sliders.image_scrubber([np.zeros((2, 2))], ["a"], scale=0), "scale"),
                                   (lambda: sliders.image_scrubber(3, ["a"]), "frames")],
        # --- game_plots
        "game_plots.new_figure": [(lambda: game_plots.new_figure(0), "ncols"), (lambda: game_plots.new_figure(width=-1), "width and height")],
        "game_plots.density_lines": [(lambda: game_plots.density_lines(3, x_grid, {}), "ax"),
                                     (lambda: game_plots.density_lines(ax, x_grid, {"q": x_grid}), "curves"),
                                     (lambda: game_plots.density_lines(ax, x_grid, {"p_g": x_grid[:2]}), "curves['p_g']"),
                                     (lambda: game_plots.density_lines(ax, np.zeros((2, 2)), {}), "x"),
                                     (lambda: game_plots.density_lines(ax, x_grid, {"p_g": x_grid * nan}), "curves['p_g']")],
        "game_plots.set_curve": [(lambda: game_plots.set_curve(3, [0.0, 1.0]), "line"), (lambda: game_plots.set_curve(line, [1.0]), "y"),
                                 (lambda: game_plots.set_curve(line, [nan, 1.0]), "y")],
        # --- image_plots
        "image_plots.image_grid": [(lambda: image_plots.image_grid(torch.zeros(2, 3)), "x"), (lambda: image_plots.image_grid(images, 0), "n_cols"),
                                   (lambda: image_plots.image_grid(images, pad=-1), "pad"), (lambda: image_plots.image_grid("abc"), "x")],
        "image_plots.show_images": [(lambda: image_plots.show_images(3, images), "ax"), (lambda: image_plots.show_images(ax, torch.zeros(3)), "x")],
        # --- training_plots
        "training_plots.snapshot_1d": [(lambda: training_plots.snapshot_1d(None, P, x_grid, z_lines), "trainer"),
                                       (lambda: training_plots.snapshot_1d(trainer, 3, x_grid, z_lines), "p_data"),
                                       (lambda: training_plots.snapshot_1d(trainer, P, np.zeros((2, 2)), z_lines), "x_grid"),
                                       (lambda: training_plots.snapshot_1d(trainer, P, x_grid, z_lines, n_samples=1), "n_samples")],
        "training_plots.draw_figure1_panel": [(lambda: training_plots.draw_figure1_panel(3, snap1), "ax"),
                                              (lambda: training_plots.draw_figure1_panel(ax, {}), "snap"),
                                              (lambda: training_plots.draw_figure1_panel(ax, snap1, y_max=0), "y_max")],
        "training_plots.update_figure1_panel": [(lambda: training_plots.update_figure1_panel({}, snap1), "artists"),
                                                (lambda: training_plots.update_figure1_panel(art1, {}), "snap")],
        "training_plots.fake_gradient_field": [(lambda: training_plots.fake_gradient_field(None, torch.zeros(2, 2)), "trainer"),
                                               (lambda: training_plots.fake_gradient_field(t2d, "abc"), "x_fake")],
        "training_plots.snapshot_2d": [(lambda: training_plots.snapshot_2d(None, 1.0), "trainer"),
                                       (lambda: training_plots.snapshot_2d(t2d, -1), "limits"),
                                       (lambda: training_plots.snapshot_2d(t2d, 1.0, n_grid=1), "n_grid"),
                                       (lambda: training_plots.snapshot_2d(t2d, 1.0, n_fake=0), "n_fake")],
        "training_plots.draw_2d_panel": [(lambda: training_plots.draw_2d_panel(ax, {}, np.zeros((2, 2))), "snap"),
                                         (lambda: training_plots.draw_2d_panel(ax, snap2, np.zeros((2, 3))), "x_real"),
                                         (lambda: training_plots.draw_2d_panel(3, snap2, np.zeros((2, 2))), "ax")],
        "training_plots.update_2d_panel": [(lambda: training_plots.update_2d_panel({}, snap2), "artists"),
                                           (lambda: training_plots.update_2d_panel(art2, {}), "snap")],
        "training_plots.plot_mode_counts": [(lambda: training_plots.plot_mode_counts(ax, 3), "coverage"),
                                            (lambda: training_plots.plot_mode_counts(3, cover), "ax"),
                                            (lambda: training_plots.plot_mode_counts(ax, cover, n_samples=0), "n_samples")],
    }


def public_names():
    """module.name for every name in each public module's __all__; a module without __all__ is a failure."""
    modules = {m: importlib.import_module(f"gan_edu.{m}") for m in public_modules()}
    no_all = [m for m, mod in modules.items() if not hasattr(mod, "__all__")]
    assert not no_all, f"modules without __all__ (add one and entries here, or list them in OTHER_OWNERS): {no_all}"
    return [f"{m}.{name}" for m, mod in modules.items() for name in mod.__all__]


def test_every_public_name_has_bad_inputs_or_a_reason(tmp_path):
    table = build(tmp_path)
    missing = [n for n in public_names() if n not in table and n not in SKIPPED]
    assert not missing, f"public names with no bad-input entries and no reason to skip: {missing}"
    stale = [n for n in [*table, *SKIPPED] if n not in public_names()]
    assert not stale, f"entries for names that are not public: {stale}"
    print(f"skipped modules: {OTHER_OWNERS}; skipped names: {SKIPPED}")


def test_every_bad_input_gets_a_clear_error_naming_the_argument(tmp_path, one_thread):
    table = build(tmp_path)
    tried, unclear = 0, []
    for name, entries in table.items():
        for i, (call, argument) in enumerate(entries):
            tried += 1
            try:
                result = call()
            except (ValueError, TypeError) as err:  # CheckpointError and MNISTFileError are ValueErrors
                if argument not in str(err):
                    unclear.append(f"{name}[{i}]: {type(err).__name__} does not name {argument!r}: {err}")
            except Exception as err:  # noqa: BLE001 - anything else is an error from deep inside
                unclear.append(f"{name}[{i}]: {type(err).__name__} instead of ValueError/TypeError: {err}")
            else:
                unclear.append(f"{name}[{i}]: returned {result!r:.80} instead of refusing")
    print(f"{tried} bad inputs tried, {tried - len(unclear)} clear errors naming the argument")
    assert not unclear, f"{len(unclear)} of {tried} bad inputs without a clear error:\n" + "\n".join(unclear)
