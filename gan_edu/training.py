"""Algorithm 1 of Goodfellow et al. (2014): k discriminator steps, then one generator step.

A ``Trainer`` owns the two models, their optimisers, one seeded ``torch.Generator`` for
every random draw, and a ``history``. ``trainer.run(until=n)`` trains until ``n``
iterations are done in total, so re-running a cell after an interrupt continues where
it stopped. Discriminators return logits.

Every update is checked before ``opt.step()``: a real batch with NaN or Inf raises a ValueError
blaming the data, a non-finite loss or gradient (or one past the optional guards ``max_loss`` and
``max_grad_norm``) raises a FloatingPointError that reports the learning rates in the optimisers.
Either way no weight has changed in the failing step.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

import torch
from torch import nn
from tqdm.auto import tqdm

from . import losses, validate
from .penalties import gradient_penalty, r1_penalty
from .settings import device as best_device

__all__ = ["TrainConfig", "Trainer", "every", "linear_lr_decay", "record", "snapshot_at", "generator_grad_norm", "sample_generator",
           "train_discriminator"]

SampleFn = Callable[[int, torch.Generator], torch.Tensor]
Callback = Callable[["Trainer"], None]
HISTORY_KEYS = ("step", "loss_d", "loss_g", "d_real", "d_fake", "divergence_bound")
OPTIMIZERS = ("adam", "sgd", "rmsprop")  # RMSProp: the WGAN paper's (Arjovsky et al. 2017, Algorithm 1)
CHANGEABLE = ("k_d_steps", "batch_size", "lr_d", "lr_g", "betas", "momentum", "r1_gamma")  # by set_hyperparameters


def _optional_bound(name: str, value) -> float | None:
    return None if value is None else validate.in_range(name, value, 1e-12, math.inf)


@dataclass
class TrainConfig:
    """Hyper-parameters of Algorithm 1; ``batch_size`` is the paper's m, ``k_d_steps`` its k.

    ``momentum`` is SGD's (``optimizer='sgd'``), ``betas`` Adam's. ``max_loss`` and ``max_grad_norm`` are optional
    divergence guards: training stops, before the update, when |loss| or a gradient's norm exceeds them."""

    k_d_steps: int = 1
    batch_size: int = 64
    lr_d: float = 1e-3
    lr_g: float = 1e-3
    loss: str | losses.GANLoss = "non-saturating"
    optimizer: str = "adam"
    betas: tuple[float, float] = (0.5, 0.999)
    seed: int = 0
    r1_gamma: float = 0.0  # > 0 adds Mescheder et al.'s (2018) penalty gamma/2 * E|grad_x d(x_real)|^2 to loss_d
    gp_lambda: float = 0.0  # > 0 adds Gulrajani et al.'s (2017) gradient penalty lambda * E(|grad_x f(x_hat)| - 1)^2
    r1_every: int = 1  # lazy R1 (Karras et al. 2020): the penalty, times r1_every, on every r1_every-th iteration only
    momentum: float = 0.5
    max_loss: float | None = None
    max_grad_norm: float | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        validate.positive_int("k_d_steps", self.k_d_steps, minimum=0)
        validate.positive_int("batch_size", self.batch_size)
        validate.positive_int("seed", self.seed, minimum=0)
        validate.positive_int("r1_every", self.r1_every)
        for name in ("lr_d", "lr_g"):
            value = getattr(self, name)
            if isinstance(value, bool) or not (isinstance(value, (int, float)) and 0 < value <= 1):
                raise ValueError(f"{name} must lie in (0, 1] (got {value!r})")
        for name in ("r1_gamma", "gp_lambda"):
            value = getattr(self, name)
            if isinstance(value, bool) or not (isinstance(value, (int, float)) and 0 <= value < math.inf):
                raise ValueError(f"{name} must lie in [0, inf) (got {value!r})")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS} (got {self.optimizer!r})")
        self.betas = _betas(self.betas)
        self.momentum = validate.in_range("momentum", self.momentum, 0.0, 1.0)
        self.max_loss, self.max_grad_norm = _optional_bound("max_loss", self.max_loss), _optional_bound("max_grad_norm", self.max_grad_norm)
        if not isinstance(self.extra, dict):
            raise TypeError(f"extra must be a dict (got {type(self.extra).__name__})")
        self.loss = losses.get_loss(self.loss)

    def describe(self) -> dict:
        """The fields that define the run (for a checkpoint's fingerprint): everything but the guards and ``extra``."""
        out = {key: value for key, value in asdict(self).items() if key not in ("max_loss", "max_grad_norm", "extra", "loss")}
        out.update(loss=self.loss.name, betas=list(self.betas), momentum=self.momentum if self.optimizer == "sgd" else None)
        if not self.gp_lambda:  # runs without the gradient penalty keep the fingerprints they had before it existed
            del out["gp_lambda"]
        return out


def _betas(betas) -> tuple[float, float]:
    try:
        pair = tuple(float(b) for b in betas)
    except (TypeError, ValueError):
        pair = ()
    if len(pair) != 2 or not all(0 <= b < 1 for b in pair):
        raise ValueError(f"betas must be two numbers in [0, 1), e.g. (0.5, 0.999) (got {betas!r})")
    return pair


def every(n: int, fn: Callback) -> Callback:
    """A callback that calls ``fn(trainer)`` after every n-th iteration."""
    n = validate.positive_int("n", n)
    validate.function("fn", fn)
    return lambda trainer: fn(trainer) if trainer.step_count % n == 0 else None


@dataclass(frozen=True)
class LinearLRDecay:
    """The callback ``linear_lr_decay`` returns; ``describe()`` is its identity in a checkpoint's fingerprint.

    ``start`` and ``end`` count iterations (``unit='iterations'``) or seconds of ``Trainer.elapsed_seconds``
    (``unit='seconds'``, for a run with a time budget)."""

    start: float
    end: float
    lr_d: float
    lr_g: float
    unit: str = "iterations"

    def __call__(self, trainer: Trainer) -> None:
        now = trainer.step_count if self.unit == "iterations" else trainer.elapsed_seconds
        factor = (self.end - now) / (self.end - self.start)  # rates for the next iteration
        if self.start <= now and factor > 0:
            trainer.set_hyperparameters(lr_d=self.lr_d * min(factor, 1.0), lr_g=self.lr_g * min(factor, 1.0))

    def describe(self) -> dict:
        return {"schedule": "linear_lr_decay", **asdict(self)}


def linear_lr_decay(start: float, end: float, lr_d: float, lr_g: float, unit: str = "iterations") -> LinearLRDecay:
    """A callback that lowers the learning rates linearly from (lr_d, lr_g) at ``start`` towards 0 at ``end``, both
    in iterations or, with ``unit='seconds'``, in seconds of training (``Trainer.elapsed_seconds``).

    It depends on the step count or the elapsed time only, both kept in checkpoints, so a resumed run continues the
    same schedule."""
    if unit not in ("iterations", "seconds"):
        raise ValueError(f"unit must be 'iterations' or 'seconds' (got {unit!r})")
    if unit == "iterations":
        start = validate.positive_int("start", start, minimum=0)
        end = validate.positive_int("end", end, minimum=start + 1)
    else:
        start = validate.in_range("start", start, 0.0, math.inf)
        end = validate.in_range("end", end, math.nextafter(start, math.inf), math.inf)
    return LinearLRDecay(start, end, validate.in_range("lr_d", lr_d, 1e-12, 1.0), validate.in_range("lr_g", lr_g, 1e-12, 1.0),
                         unit)


def _device(device) -> torch.device:
    try:
        return torch.device(device)
    except (TypeError, RuntimeError):
        raise TypeError(f"device must be a torch.device or a name such as 'cpu' or 'cuda' (got {device!r})") from None


def _optimizer(config: TrainConfig, model: nn.Module, lr: float) -> torch.optim.Optimizer:
    if config.optimizer == "sgd":
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=config.momentum)
    if config.optimizer == "rmsprop":
        return torch.optim.RMSprop(model.parameters(), lr=lr)
    return torch.optim.Adam(model.parameters(), lr=lr, betas=config.betas)


def _rates(*opts: torch.optim.Optimizer) -> str:
    names = ("lr_d", "lr_g") if len(opts) == 2 else ("lr_d",)
    return ", ".join(f"{name}={opt.param_groups[0]['lr']:.3g}" for name, opt in zip(names, opts))


def _checked_step(opt: torch.optim.Optimizer, loss: torch.Tensor, name: str, where: str, config: TrainConfig,
                  rates: Callable[[], str]) -> None:
    """backward(), then opt.step() only if the loss and the gradient norm are finite and within the guards."""
    opt.zero_grad(set_to_none=True)
    value = loss.item()
    advice = lambda: (f"no weight was changed by this step, but earlier steps led here, so lowering the rates on this trainer "  # noqa: E731
                      f"fails again. The learning rates in the optimiser are {rates()}: go back to a sound state with smaller "
                      "ones: rebuild the trainer with smaller lr_d and lr_g (run the cell that makes it), which starts over, and to "
                      "continue from the last checkpoint instead, pass allow_changes=('lr_d', 'lr_g') to "
                      "checkpoint.train_with_checkpoints")
    if not math.isfinite(value):
        raise FloatingPointError(f"{name} became {value} {where}; {advice()}")
    if config.max_loss is not None and abs(value) > config.max_loss:
        raise FloatingPointError(f"{name} = {value:.4g} exceeds max_loss = {config.max_loss:.4g} {where} "
                                 f"(training is diverging); {advice()}")
    loss.backward()
    grads = [p.grad for group in opt.param_groups for p in group["params"] if p.grad is not None]
    norm = float(torch.nn.utils.get_total_norm(grads)) if grads else 0.0
    if not math.isfinite(norm):
        raise FloatingPointError(f"the gradient of {name} became {norm} {where}; {advice()}")
    if config.max_grad_norm is not None and norm > config.max_grad_norm:
        raise FloatingPointError(f"the gradient norm of {name}, {norm:.4g}, exceeds max_grad_norm = "
                                 f"{config.max_grad_norm:.4g} {where} (training is diverging); {advice()}")
    opt.step()


def _finite_batch(x: torch.Tensor, m: int, source: str, where: str) -> torch.Tensor:
    """``x`` if it is a float tensor of m finite rows; ValueError blaming ``source`` (sample_real: the data) otherwise."""
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim < 1 or len(x) != m:
        got = f"{type(x).__name__} {tuple(x.shape)} {x.dtype}" if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"{source}(m, generator) must return a float tensor of m={m} rows (got {got})")
    if not torch.isfinite(x).all():
        what = "the training data" if source == "sample_real" else f"what {source} draws"
        raise ValueError(f"{source} returned NaN or Inf {where}: {what} holds non-finite values, so the DATA is at "
                         "fault, not the learning rates; no weight was changed by this step")
    return x


def _forward(model: nn.Module, x: torch.Tensor, model_name: str, input_name: str) -> torch.Tensor:
    """model(x), with a shape mismatch deep inside torch reported in the caller's words."""
    try:
        return model(x)
    except RuntimeError as err:
        raise ValueError(f"{model_name} cannot take {input_name} of shape {tuple(x.shape)} "
                         f"({str(err).splitlines()[0][:160]}); check that they fit together") from None


def _d_loss(config: TrainConfig, discriminator: nn.Module, x_real: torch.Tensor, x_fake: torch.Tensor, step: int,
            rng: torch.Generator):
    """(loss_d, loss_d + penalties, d_real, d_fake) for one discriminator step of iteration ``step`` (0-based): the R1
    penalty, weighted gamma * r1_every, enters on the iterations that are multiples of ``config.r1_every``; the gradient
    penalty, weighted lambda, on every step, at interpolates whose eps ~ U[0, 1] are drawn from ``rng``."""
    if x_fake.shape[1:] != x_real.shape[1:]:
        raise ValueError(f"the generator makes samples of shape {tuple(x_fake.shape[1:])} but sample_real draws "
                         f"{tuple(x_real.shape[1:])}; they must match")
    gamma = config.r1_gamma * config.r1_every if step % config.r1_every == 0 else 0.0
    x_real = x_real.requires_grad_(gamma > 0)
    d_real = _forward(discriminator, x_real, "the discriminator", "real samples")
    d_fake = _forward(discriminator, x_fake, "the discriminator", "generated samples")
    loss_d = config.loss.discriminator(d_real, d_fake)
    penalty = gamma / 2 * r1_penalty(d_real, x_real) if gamma > 0 else 0.0  # not part of loss_d's value
    if config.gp_lambda > 0:
        eps = torch.rand(len(x_real), generator=rng).to(x_real.device)  # (m,)
        penalty = penalty + config.gp_lambda * gradient_penalty(discriminator, x_real, x_fake, eps)
    return loss_d, loss_d + penalty, d_real, d_fake


class Trainer:
    """Train ``generator`` (z -> x) against ``discriminator`` (x -> logit) with Algorithm 1.

    ``config`` holds the current hyper-parameters (``set_hyperparameters`` changes them together with the
    optimisers); ``run_config`` is the configuration the trainer was built with, which a checkpoint records.
    ``elapsed_seconds`` is the wall-clock time spent in ``run``, kept across checkpoints."""

    def __init__(self, generator: nn.Module, discriminator: nn.Module, sample_real: SampleFn,
                 sample_z: SampleFn, config: TrainConfig | None = None, device: torch.device | None = None):
        for name, model in (("generator", generator), ("discriminator", discriminator)):
            validate.instance(name, model, nn.Module, "a torch.nn.Module")
        validate.function("sample_real", sample_real)
        validate.function("sample_z", sample_z)
        self.config = TrainConfig() if config is None else validate.instance("config", config, TrainConfig, "a TrainConfig")
        self.run_config = self.config.describe()
        self.device = best_device() if device is None else _device(device)
        self.generator = generator.to(self.device)
        self.discriminator = discriminator.to(self.device)
        self.sample_real, self.sample_z = sample_real, sample_z
        self.opt_g = _optimizer(self.config, self.generator, self.config.lr_g)
        self.opt_d = _optimizer(self.config, self.discriminator, self.config.lr_d)
        self.rng = torch.Generator().manual_seed(self.config.seed)  # all draws, on the CPU
        self.step_count = 0
        self.elapsed_seconds = 0.0
        self.history: dict[str, list] = {key: [] for key in HISTORY_KEYS}
        self.records: dict[str, tuple[list[int], list[float]]] = {}  # name -> (steps, values), see record()
        self.snapshots: dict[int, Any] = {}  # step -> whatever snapshot_at()'s function returned
        self.pending_d: tuple[float, float, float] | None = None  # a discriminator half waiting for step(part='g')

    def draw(self, fn: SampleFn, m: int) -> torch.Tensor:
        """m samples from ``fn`` drawn with the trainer's generator, moved to the device."""
        return fn(m, self.rng).to(self.device)

    def _where(self) -> str:
        return f"at iteration {self.step_count + 1}"

    def d_step(self) -> tuple[float, float, float]:
        """One discriminator step on m real and m generated samples; returns loss_d, D(real), D(fake)."""
        m = self.config.batch_size
        x_real = _finite_batch(self.draw(self.sample_real, m), m, "sample_real", self._where())
        with torch.no_grad():
            z = _finite_batch(self.draw(self.sample_z, m), m, "sample_z", self._where())
            x_fake = _forward(self.generator, z, "the generator", "sample_z's draws")
        loss_d, total, d_real, d_fake = _d_loss(self.config, self.discriminator, x_real, x_fake, self.step_count, self.rng)
        _checked_step(self.opt_d, total, "loss_d", self._where(), self.config, lambda: _rates(self.opt_d, self.opt_g))
        return loss_d.item(), torch.sigmoid(d_real).mean().item(), torch.sigmoid(d_fake).mean().item()

    def g_step(self) -> float:
        """One generator step on m fresh noise samples; returns loss_g."""
        m = self.config.batch_size
        z = _finite_batch(self.draw(self.sample_z, m), m, "sample_z", self._where())
        x_fake = _forward(self.generator, z, "the generator", "sample_z's draws")
        loss_g = self.config.loss.generator(_forward(self.discriminator, x_fake, "the discriminator", "generated samples"))
        _checked_step(self.opt_g, loss_g, "loss_g", self._where(), self.config, lambda: _rates(self.opt_d, self.opt_g))
        return loss_g.item()

    def step(self, part: str = "both") -> None:
        """One iteration of Algorithm 1: k_d_steps discriminator steps, then one generator step.

        ``part='d'`` runs only the discriminator half (its last loss_d, D(real), D(fake) wait in ``pending_d``);
        ``part='g'`` then runs the generator half and records the iteration in ``history``, as ``'both'`` does."""
        if part not in ("both", "d", "g"):
            raise ValueError(f"part must be 'both', 'd' or 'g' (got {part!r})")
        if part in ("both", "d"):
            d_stats = [self.d_step() for _ in range(self.config.k_d_steps)]
            self.pending_d = d_stats[-1] if d_stats else (math.nan, math.nan, math.nan)  # NaN by design when k = 0
        if part == "d":
            return
        if self.pending_d is None:
            raise ValueError("step(part='g') finishes an iteration: call step(part='d') first")
        (loss_d, d_real, d_fake), self.pending_d = self.pending_d, None
        loss_g = self.g_step()
        self.step_count += 1
        row = (self.step_count, loss_d, loss_g, d_real, d_fake, self.config.loss.divergence_bound(loss_d))
        for key, value in zip(HISTORY_KEYS, row):
            self.history[key].append(value)

    def set_hyperparameters(self, k_d_steps: int | None = None, lr_d: float | None = None, lr_g: float | None = None,
                            betas: tuple[float, float] | None = None, momentum: float | None = None,
                            batch_size: int | None = None, r1_gamma: float | None = None) -> None:
        """Change hyper-parameters mid-training, in ``config`` and in the optimisers (the live widget's sliders,
        learning-rate schedules and ``checkpoint.resume(..., allow_changes=...)`` call this)."""
        cfg = self.config
        if k_d_steps is not None:
            cfg.k_d_steps = validate.positive_int("k_d_steps", k_d_steps, minimum=0)
        if batch_size is not None:
            cfg.batch_size = validate.positive_int("batch_size", batch_size)
        if r1_gamma is not None:
            cfg.r1_gamma = validate.in_range("r1_gamma", r1_gamma, 0.0, math.inf)
        for name, value, opt in (("lr_d", lr_d, self.opt_d), ("lr_g", lr_g, self.opt_g)):
            if value is not None:
                setattr(cfg, name, validate.in_range(name, value, 1e-12, 1.0))
                for group in opt.param_groups:
                    group["lr"] = getattr(cfg, name)
        for name, value, check in (("betas", betas, _betas), ("momentum", momentum,
                                                               lambda v: validate.in_range("momentum", v, 0.0, 1.0))):
            if value is not None:
                setattr(cfg, name, check(value))
                if {"adam": "betas", "sgd": "momentum"}.get(cfg.optimizer) == name:
                    for group in [*self.opt_d.param_groups, *self.opt_g.param_groups]:
                        group[name] = getattr(cfg, name)

    def run(self, until: int | None = None, callbacks: Sequence[Callback] = (), progress: bool = True,
            max_seconds: float | None = None, budget_seconds: float | None = None) -> dict:
        """Train until ``until`` iterations are done in total, or ``elapsed_seconds`` reaches ``budget_seconds`` (a time
        budget over the whole run, resumes included), or ``max_seconds`` pass in this call; an interrupt keeps
        finished work."""
        if until is None and budget_seconds is None:
            raise ValueError("give until (iterations in total) or budget_seconds (seconds of training in total)")
        until = math.inf if until is None else validate.positive_int("until", until, minimum=0)
        budget = math.inf if budget_seconds is None else validate.in_range("budget_seconds", budget_seconds, 0.0, math.inf)
        callbacks = [validate.function(f"callbacks[{i}]", c) for i, c in enumerate(callbacks)]
        if max_seconds is not None:
            max_seconds = validate.in_range("max_seconds", max_seconds, 0.0, math.inf)
        t0, base = time.perf_counter(), self.elapsed_seconds
        deadline = math.inf if max_seconds is None else t0 + max_seconds
        bar = _ProgressBar(self, until, budget, progress)
        try:
            while self.step_count < until and self.elapsed_seconds < budget and time.perf_counter() < deadline:
                self.step()
                self.elapsed_seconds = base + time.perf_counter() - t0
                for callback in callbacks:
                    callback(self)
                self.elapsed_seconds = base + time.perf_counter() - t0
                bar.advance(self)
        except KeyboardInterrupt:
            print(f"Interrupted after iteration {self.step_count}; run the cell again to continue.")
        finally:
            bar.close()
        return self.history

    def state_dict(self) -> dict:
        """Everything needed to resume: models, optimisers, random state, step count, k, history, elapsed time."""
        return {"generator": self.generator.state_dict(), "discriminator": self.discriminator.state_dict(),
                "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(),
                "rng": self.rng.get_state(), "step_count": self.step_count, "history": self.history,
                "records": self.records, "snapshots": self.snapshots, "elapsed_seconds": self.elapsed_seconds,
                "current": {key: getattr(self.config, key) for key in ("k_d_steps", "batch_size", "r1_gamma")}}

    def load_state_dict(self, state: dict) -> None:
        """Restore a ``state_dict()``; training then continues exactly where it was saved."""
        self.generator.load_state_dict(state["generator"])
        self.discriminator.load_state_dict(state["discriminator"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.rng.set_state(state["rng"])
        self.step_count = int(state["step_count"])
        self.elapsed_seconds = float(state.get("elapsed_seconds", 0.0))
        self.history = {key: list(values) for key, values in state["history"].items()}
        self.records = {name: (list(s), list(v)) for name, (s, v) in state.get("records", {}).items()}
        self.snapshots = dict(state.get("snapshots", {}))
        for key, value in state.get("current", {}).items():  # what set_hyperparameters had made them
            setattr(self.config, key, value)
        self.config.lr_d, self.config.lr_g = self.opt_d.param_groups[0]["lr"], self.opt_g.param_groups[0]["lr"]


class _ProgressBar:
    """tqdm over iterations, or, with a time budget, over seconds showing the time left and the iterations done."""

    def __init__(self, trainer: Trainer, until: float, budget: float, progress: bool):
        self.timed = math.isfinite(budget)
        if self.timed:
            self.bar = tqdm(total=round(budget, 1), initial=min(round(trainer.elapsed_seconds, 1), budget),
                            disable=not progress, desc="training", unit="s", mininterval=1.0,  # redraws cost the browser CPU
                            bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s{postfix}")
        else:
            self.bar = tqdm(total=until, initial=min(trainer.step_count, until), disable=not progress, desc="training",
                            mininterval=0.5)  # a redraw a half-second is enough to watch, and leaves the CPU to training
        self.budget = budget

    def advance(self, trainer: Trainer) -> None:
        if not self.timed:
            self.bar.update(1)
            return
        left = max(self.budget - trainer.elapsed_seconds, 0.0)
        self.bar.set_postfix_str(f"{left // 60:.0f}:{left % 60:02.0f} left, {trainer.step_count:,} iterations", refresh=False)
        self.bar.update(min(trainer.elapsed_seconds, self.budget) - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def record(name: str, fn: Callable[[Trainer], float], every_n: int = 1) -> Callback:
    """A callback appending (step, fn(trainer)) to ``trainer.records[name]`` every ``every_n`` iterations."""
    name = validate.instance("name", name, str, "a string")
    validate.function("fn", fn)
    every_n = validate.positive_int("every_n", every_n)

    def callback(trainer: Trainer) -> None:
        if trainer.step_count % every_n == 0:
            steps, values = trainer.records.setdefault(name, ([], []))
            steps.append(trainer.step_count)
            values.append(float(fn(trainer)))
    return callback


def snapshot_at(steps: Sequence[int], fn: Callable[[Trainer], Any]) -> Callback:
    """A callback storing ``trainer.snapshots[step] = fn(trainer)`` right after each listed iteration."""
    if isinstance(steps, (str, bytes)) or not hasattr(steps, "__iter__"):
        raise TypeError(f"steps must be a list of iteration numbers (got {type(steps).__name__})")
    wanted = {validate.positive_int("steps[i]", s) for s in steps}
    validate.function("fn", fn)

    def callback(trainer: Trainer) -> None:
        if trainer.step_count in wanted:
            trainer.snapshots[trainer.step_count] = fn(trainer)
    return callback


@torch.no_grad()
def sample_generator(trainer: Trainer, n: int, seed: int = 0):
    """n samples x = G(z) as a numpy array, z drawn from a separate seeded generator (training unaffected)."""
    validate.instance("trainer", trainer, Trainer, "a Trainer")
    n = validate.positive_int("n", n)
    z = trainer.sample_z(n, torch.Generator().manual_seed(validate.positive_int("seed", seed, minimum=0)))
    return trainer.generator(z.to(trainer.device)).cpu().numpy()


def generator_grad_norm(trainer: Trainer, loss: str | losses.GANLoss | None = None, m: int = 512, seed: int = 0) -> float:
    """||grad_theta_g loss_g(D(G(z)))||_2 on m noise samples from a separate seeded generator (training unaffected)."""
    validate.instance("trainer", trainer, Trainer, "a Trainer")
    loss = losses.get_loss(loss if loss is not None else trainer.config.loss)
    m = validate.positive_int("m", m)
    z = trainer.sample_z(m, torch.Generator().manual_seed(validate.positive_int("seed", seed, minimum=0))).to(trainer.device)
    params = [p for p in trainer.generator.parameters() if p.requires_grad]
    grads = torch.autograd.grad(loss.generator(trainer.discriminator(trainer.generator(z))), params)
    return float(torch.sqrt(sum((g**2).sum() for g in grads)))


def train_discriminator(discriminator: nn.Module, sample_real: SampleFn, sample_fake: SampleFn, n_steps: int,
                        config: TrainConfig | None = None, callback: Callable[[int], None] | None = None) -> list[float]:
    """Algorithm 1's inner loop alone: n_steps discriminator steps against a fixed p_g; returns loss_d per step.

    Uses ``config``'s batch size, loss, optimizer ('adam' with betas, 'sgd' with momentum, or 'rmsprop'), lr_d,
    r1_gamma, gp_lambda, seed and guards; its generator-side fields (lr_g, k_d_steps) play no part."""
    validate.instance("discriminator", discriminator, nn.Module, "a torch.nn.Module")
    validate.function("sample_real", sample_real)
    validate.function("sample_fake", sample_fake)
    config = TrainConfig() if config is None else validate.instance("config", config, TrainConfig, "a TrainConfig")
    n_steps = validate.positive_int("n_steps", n_steps, minimum=0)
    if callback is not None:
        validate.function("callback", callback)
    rng = torch.Generator().manual_seed(config.seed)
    opt_d = _optimizer(config, discriminator, config.lr_d)
    history = []
    for step in range(1, n_steps + 1):
        m, where = config.batch_size, f"at step {step}"
        x_real = _finite_batch(sample_real(m, rng), m, "sample_real", where)
        x_fake = _finite_batch(sample_fake(m, rng), m, "sample_fake", where)
        loss_d, total, _, _ = _d_loss(config, discriminator, x_real, x_fake, step - 1, rng)
        _checked_step(opt_d, total, "loss_d", where, config, lambda: _rates(opt_d))
        history.append(loss_d.item())
        if callback is not None:
            callback(step)
    return history
