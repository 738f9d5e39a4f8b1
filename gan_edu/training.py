"""Algorithm 1 of Goodfellow et al. (2014): k discriminator steps, then one generator step.

A ``Trainer`` owns the two models, their optimisers, one seeded ``torch.Generator`` for
every random draw, and a ``history``. ``trainer.run(until=n)`` trains until ``n``
iterations are done in total, so re-running a cell after an interrupt continues where
it stopped. Discriminators return logits.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import torch
from torch import nn
from tqdm.auto import tqdm

from . import losses, validate
from .settings import device as best_device

__all__ = ["TrainConfig", "Trainer", "every", "linear_lr_decay", "r1_penalty", "record", "snapshot_at", "generator_grad_norm", "sample_generator",
           "train_discriminator"]

SampleFn = Callable[[int, torch.Generator], torch.Tensor]
Callback = Callable[["Trainer"], None]
HISTORY_KEYS = ("step", "loss_d", "loss_g", "d_real", "d_fake", "divergence_bound")


@dataclass
class TrainConfig:
    """Hyper-parameters of Algorithm 1; ``batch_size`` is the paper's m, ``k_d_steps`` its k."""

    k_d_steps: int = 1
    batch_size: int = 64
    lr_d: float = 1e-3
    lr_g: float = 1e-3
    loss: str | losses.GANLoss = "non-saturating"
    optimizer: str = "adam"
    betas: tuple[float, float] = (0.5, 0.999)
    seed: int = 0
    r1_gamma: float = 0.0  # > 0 adds Mescheder et al.'s (2018) penalty gamma/2 * E|grad_x d(x_real)|^2 to loss_d
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        validate.positive_int("k_d_steps", self.k_d_steps, minimum=0)
        validate.positive_int("batch_size", self.batch_size)
        for name in ("lr_d", "lr_g"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0 < value <= 1):
                raise ValueError(f"{name} must lie in (0, 1] (got {value!r})")
        if not (isinstance(self.r1_gamma, (int, float)) and 0 <= self.r1_gamma < math.inf):
            raise ValueError(f"r1_gamma must lie in [0, inf) (got {self.r1_gamma!r})")
        if self.optimizer not in ("adam", "sgd"):
            raise ValueError(f"optimizer must be 'adam' or 'sgd' (got {self.optimizer!r})")
        self.loss = losses.get_loss(self.loss)


def every(n: int, fn: Callback) -> Callback:
    """A callback that calls ``fn(trainer)`` after every n-th iteration."""
    n = validate.positive_int("n", n)
    return lambda trainer: fn(trainer) if trainer.step_count % n == 0 else None


def linear_lr_decay(start: int, end: int, lr_d: float, lr_g: float) -> Callback:
    """A callback that lowers the learning rates linearly from (lr_d, lr_g) at iteration ``start`` towards 0 at ``end``.

    It depends on the step count only, so a run resumed from a checkpoint continues the same schedule."""
    start = validate.positive_int("start", start, minimum=0)
    end = validate.positive_int("end", end, minimum=start + 1)

    def callback(trainer: Trainer) -> None:
        if start <= trainer.step_count < end:  # rates for the next iteration, step_count + 1
            factor = (end - trainer.step_count) / (end - start)
            trainer.set_hyperparameters(lr_d=lr_d * factor, lr_g=lr_g * factor)
    return callback


class Trainer:
    """Train ``generator`` (z -> x) against ``discriminator`` (x -> logit) with Algorithm 1."""

    def __init__(self, generator: nn.Module, discriminator: nn.Module, sample_real: SampleFn,
                 sample_z: SampleFn, config: TrainConfig | None = None, device: torch.device | None = None):
        self.config = config or TrainConfig()
        self.device = device or best_device()
        self.generator = generator.to(self.device)
        self.discriminator = discriminator.to(self.device)
        self.sample_real, self.sample_z = sample_real, sample_z
        self.opt_g = self._optimizer(self.generator, self.config.lr_g)
        self.opt_d = self._optimizer(self.discriminator, self.config.lr_d)
        self.rng = torch.Generator().manual_seed(self.config.seed)  # all draws, on the CPU
        self.step_count = 0
        self.history: dict[str, list] = {key: [] for key in HISTORY_KEYS}
        self.records: dict[str, tuple[list[int], list[float]]] = {}  # name -> (steps, values), see record()
        self.snapshots: dict[int, Any] = {}  # step -> whatever snapshot_at()'s function returned

    def _optimizer(self, model: nn.Module, lr: float) -> torch.optim.Optimizer:
        if self.config.optimizer == "sgd":
            return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.5)
        return torch.optim.Adam(model.parameters(), lr=lr, betas=self.config.betas)

    def draw(self, fn: SampleFn, m: int) -> torch.Tensor:
        """m samples from ``fn`` drawn with the trainer's generator, moved to the device."""
        return fn(m, self.rng).to(self.device)

    def d_step(self) -> tuple[float, float, float]:
        """One discriminator step on m real and m generated samples; returns loss_d, D(real), D(fake)."""
        m, gamma = self.config.batch_size, self.config.r1_gamma
        x_real = self.draw(self.sample_real, m).requires_grad_(gamma > 0)
        with torch.no_grad():
            x_fake = self.generator(self.draw(self.sample_z, m))
        d_real, d_fake = self.discriminator(x_real), self.discriminator(x_fake)  # (m, 1) logits
        loss_d = self.config.loss.discriminator(d_real, d_fake)
        penalty = gamma / 2 * r1_penalty(d_real, x_real) if gamma > 0 else 0.0  # not part of loss_d's value
        self.opt_d.zero_grad(set_to_none=True)
        (loss_d + penalty).backward()
        self.opt_d.step()
        return loss_d.item(), torch.sigmoid(d_real).mean().item(), torch.sigmoid(d_fake).mean().item()

    def g_step(self) -> float:
        """One generator step on m fresh noise samples; returns loss_g."""
        z = self.draw(self.sample_z, self.config.batch_size)
        loss_g = self.config.loss.generator(self.discriminator(self.generator(z)))
        self.opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        self.opt_g.step()
        return loss_g.item()

    def step(self) -> None:
        """One iteration of Algorithm 1: k_d_steps discriminator steps, then one generator step."""
        d_stats = [self.d_step() for _ in range(self.config.k_d_steps)]
        loss_d, d_real, d_fake = d_stats[-1] if d_stats else (math.nan, math.nan, math.nan)
        loss_g = self.g_step()
        checked = [("loss_d", loss_d)] if d_stats else []  # loss_d is NaN by design when k = 0
        for name, value in checked + [("loss_g", loss_g)]:
            if not math.isfinite(value):
                raise FloatingPointError(
                    f"{name} became {value} at iteration {self.step_count + 1}; try smaller learning "
                    f"rates (lr_d={self.config.lr_d}, lr_g={self.config.lr_g})")
        self.step_count += 1
        row = (self.step_count, loss_d, loss_g, d_real, d_fake, self.config.loss.divergence_bound(loss_d))
        for key, value in zip(HISTORY_KEYS, row):
            self.history[key].append(value)

    def set_hyperparameters(self, k_d_steps: int | None = None, lr_d: float | None = None,
                            lr_g: float | None = None) -> None:
        """Change k and the learning rates mid-training (the live widget's sliders call this)."""
        if k_d_steps is not None:
            self.config.k_d_steps = validate.positive_int("k_d_steps", k_d_steps, minimum=0)
        for name, value, opt in (("lr_d", lr_d, self.opt_d), ("lr_g", lr_g, self.opt_g)):
            if value is not None:
                setattr(self.config, name, validate.in_range(name, value, 1e-12, 1.0))
                for group in opt.param_groups:
                    group["lr"] = getattr(self.config, name)

    def run(self, until: int, callbacks: Sequence[Callback] = (), progress: bool = True,
            max_seconds: float | None = None) -> dict:
        """Train until ``until`` iterations are done in total (or ``max_seconds`` pass); an interrupt keeps finished work."""
        until = validate.positive_int("until", until, minimum=0)
        if max_seconds is not None:
            max_seconds = validate.in_range("max_seconds", max_seconds, 0.0, math.inf)
        deadline = math.inf if max_seconds is None else time.perf_counter() + max_seconds
        bar = tqdm(total=until, initial=min(self.step_count, until), disable=not progress, desc="training")
        try:
            while self.step_count < until and time.perf_counter() < deadline:
                self.step()
                for callback in callbacks:
                    callback(self)
                bar.update(1)
        except KeyboardInterrupt:
            print(f"Interrupted after iteration {self.step_count}; run the cell again to continue.")
        finally:
            bar.close()
        return self.history

    def state_dict(self) -> dict:
        """Everything needed to resume: models, optimisers, random state, step count, history."""
        return {"generator": self.generator.state_dict(), "discriminator": self.discriminator.state_dict(),
                "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(),
                "rng": self.rng.get_state(), "step_count": self.step_count, "history": self.history,
                "records": self.records, "snapshots": self.snapshots}

    def load_state_dict(self, state: dict) -> None:
        """Restore a ``state_dict()``; training then continues exactly where it was saved."""
        self.generator.load_state_dict(state["generator"])
        self.discriminator.load_state_dict(state["discriminator"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.rng.set_state(state["rng"])
        self.step_count = int(state["step_count"])
        self.history = {key: list(values) for key, values in state["history"].items()}
        self.records = {name: (list(s), list(v)) for name, (s, v) in state.get("records", {}).items()}
        self.snapshots = dict(state.get("snapshots", {}))


def r1_penalty(d_real: torch.Tensor, x_real: torch.Tensor) -> torch.Tensor:
    """E |grad_x d(x)|^2 over the real minibatch (x_real must require grad); differentiable, for loss_d."""
    (grad,) = torch.autograd.grad(d_real.sum(), x_real, create_graph=True)  # (m, ...) like x_real
    return grad.pow(2).flatten(1).sum(1).mean()


def record(name: str, fn: Callable[[Trainer], float], every_n: int = 1) -> Callback:
    """A callback appending (step, fn(trainer)) to ``trainer.records[name]`` every ``every_n`` iterations."""
    every_n = validate.positive_int("every_n", every_n)

    def callback(trainer: Trainer) -> None:
        if trainer.step_count % every_n == 0:
            steps, values = trainer.records.setdefault(name, ([], []))
            steps.append(trainer.step_count)
            values.append(float(fn(trainer)))
    return callback


def snapshot_at(steps: Sequence[int], fn: Callable[[Trainer], Any]) -> Callback:
    """A callback storing ``trainer.snapshots[step] = fn(trainer)`` right after each listed iteration."""
    wanted = {validate.positive_int("steps[i]", s) for s in steps}

    def callback(trainer: Trainer) -> None:
        if trainer.step_count in wanted:
            trainer.snapshots[trainer.step_count] = fn(trainer)
    return callback


@torch.no_grad()
def sample_generator(trainer: Trainer, n: int, seed: int = 0):
    """n samples x = G(z) as a numpy array, z drawn from a separate seeded generator (training unaffected)."""
    n = validate.positive_int("n", n)
    z = trainer.sample_z(n, torch.Generator().manual_seed(seed)).to(trainer.device)
    return trainer.generator(z).cpu().numpy()


def generator_grad_norm(trainer: Trainer, loss: str | losses.GANLoss | None = None, m: int = 512, seed: int = 0) -> float:
    """||grad_theta_g loss_g(D(G(z)))||_2 on m noise samples from a separate seeded generator (training unaffected)."""
    loss = losses.get_loss(loss if loss is not None else trainer.config.loss)
    m = validate.positive_int("m", m)
    z = trainer.sample_z(m, torch.Generator().manual_seed(seed)).to(trainer.device)
    params = [p for p in trainer.generator.parameters() if p.requires_grad]
    grads = torch.autograd.grad(loss.generator(trainer.discriminator(trainer.generator(z))), params)
    return float(torch.sqrt(sum((g**2).sum() for g in grads)))


def train_discriminator(discriminator: nn.Module, sample_real: SampleFn, sample_fake: SampleFn, n_steps: int,
                        config: TrainConfig | None = None, callback: Callable[[int], None] | None = None) -> list[float]:
    """Algorithm 1's inner loop alone: n_steps discriminator steps against a fixed p_g; returns loss_d per step."""
    config = config or TrainConfig()
    n_steps = validate.positive_int("n_steps", n_steps, minimum=0)
    rng = torch.Generator().manual_seed(config.seed)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=config.lr_d, betas=config.betas)
    history = []
    for step in range(1, n_steps + 1):
        m = config.batch_size
        loss_d = config.loss.discriminator(discriminator(sample_real(m, rng)), discriminator(sample_fake(m, rng)))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        history.append(loss_d.item())
        if callback is not None:
            callback(step)
    return history
