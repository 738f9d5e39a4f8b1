"""The 2-D experiments of lessons 05 and 08: a trainer for a 2-D target, and the configurations (recipes) they compare.

``vanilla`` is the course's default Trainer (Algorithm 1 with the non-saturating loss and Adam). ``recommended`` adds two changes
against collapse on the ring and the grid: the R1 penalty gamma/2 E|grad_x d(x_real)|^2 (Mescheder et al. 2018) and a 10x smaller
learning rate for the last 40 % of the iterations (meant to let the samples settle inside the narrow modes). ``r1`` is vanilla
with that penalty alone. ``wgan-gp`` is Gulrajani et al.'s (2017) Algorithm 1: the Wasserstein losses, 5 critic steps per
generator step and Adam with betas (0, 0.9), with the gradient penalty's lambda = 0.1 of the authors' released toy script
(gan_toy.py; the paper's Algorithm 1 uses 10) and the course's rate 1e-3 (theirs is 1e-4).
All use the same networks (3 hidden layers of ``width`` units: 128 by default, as in lesson 05; lesson 08 uses 64), batch and
iterations, so only those changes differ.
"""

from __future__ import annotations

import torch

from . import toy_models, validate
from .distributions import GaussianMixture, torch_sampler
from .training import TrainConfig, Trainer

__all__ = ["RECIPES", "sample_z", "make_trainer", "train"]

RECIPES = {  # decay_at: the fraction of the iterations after which both rates drop 10x; the rest changes TrainConfig
    "vanilla": dict(decay_at=None),
    "recommended": dict(r1_gamma=0.1, decay_at=0.6),
    "r1": dict(r1_gamma=0.1, decay_at=None),
    "wgan-gp": dict(loss="wasserstein", gp_lambda=0.1, k_d_steps=5, betas=(0.0, 0.9), decay_at=None),
}


def sample_z(m: int, generator: torch.Generator) -> torch.Tensor:
    """p_z = N(0, I_2): (m, 2)."""
    return torch.randn(validate.positive_int("m", m), 2, generator=validate.torch_generator("generator", generator))


def make_trainer(target: GaussianMixture, recipe: str = "vanilla", seed: int = 0, width: int = 128,
                 depth: int = 3, **config) -> Trainer:
    """A CPU Trainer for a 2-D target: G, D with ``depth`` hidden layers of ``width``, batch 256, Adam 1e-3."""
    if recipe not in RECIPES:
        raise ValueError(f"recipe must be one of {sorted(RECIPES)} (got {recipe!r})")
    if not isinstance(target, GaussianMixture) or target.dim != 2:
        raise ValueError(f"target must be a 2-D GaussianMixture (got {type(target).__name__})")
    n_pack = config.pop("n_pack", 1)
    seed = validate.positive_int("seed", seed, minimum=0)
    g, d = toy_models.toy_pair(2, 2, width, depth, torch.Generator().manual_seed(seed), n_pack=n_pack)
    recipe_config = {key: value for key, value in RECIPES[recipe].items() if key != "decay_at"}
    settings = {"batch_size": 256, "lr_d": 1e-3, "lr_g": 1e-3, **recipe_config, **config}
    trainer = Trainer(g, d, torch_sampler(target), sample_z, TrainConfig(seed=seed, **settings),
                      device=torch.device("cpu"))
    trainer.recipe, trainer.base_lr = recipe, (trainer.config.lr_d, trainer.config.lr_g)
    return trainer


def train(trainer: Trainer, n_steps: int, progress: bool = True, callbacks=()) -> Trainer:
    """Run to ``n_steps`` iterations; the recommended recipe drops both learning rates 10x at its decay point."""
    validate.instance("trainer", trainer, Trainer, "a Trainer made by toy2d.make_trainer")
    if getattr(trainer, "recipe", None) not in RECIPES:
        raise TypeError("trainer must be made by toy2d.make_trainer, which gives it a recipe (this one has none)")
    n_steps = validate.positive_int("n_steps", n_steps, minimum=0)
    decay_at = RECIPES[trainer.recipe]["decay_at"]
    if decay_at is not None:
        trainer.run(until=int(decay_at * n_steps), callbacks=callbacks, progress=progress)
        if trainer.step_count < int(decay_at * n_steps):  # interrupted: keep the high rate for the rerun
            return trainer
        lr_d, lr_g = trainer.base_lr
        trainer.set_hyperparameters(lr_d=lr_d / 10, lr_g=lr_g / 10)  # idempotent when a cell is re-run
    trainer.run(until=n_steps, callbacks=callbacks, progress=progress)
    return trainer
