"""Train the weights shipped in gan_edu/weights/ with the course's own code, and load them back.

    python -m gan_edu.pretrain classifier --out gan_edu/weights/classifier.pt
    python -m gan_edu.pretrain mlp_gan --out gan_edu/weights/mlp_gan.pt
    python -m gan_edu.pretrain dcgan --out gan_edu/weights/dcgan.pt
    python -m gan_edu.pretrain classroom --minutes 5 --out my_gan.pt   # lesson 09's recipe in a 5-minute budget

GANs train with ``training.Trainer`` (Algorithm 1) on the first 50,000 training images, as in the paper;
the last 10,000 are held out (lesson 10 chooses the Parzen width on them). A weights file holds the
generator only, with its recipe, so ``load_generator`` can rebuild it. Training checkpoints as it goes:
re-running the command after an interrupt or a crash continues where it stopped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode
from tqdm.auto import tqdm

from . import checkpoint, data, mnist_metrics, mnist_models, settings, validate
from .training import Callback, TrainConfig, Trainer, linear_lr_decay

__all__ = ["WEIGHTS_DIR", "WEIGHTS_SHA256", "N_TRAIN", "Recipe", "RECIPES", "training_images", "make_trainer", "schedule", "length", "finished", "flops_per_iteration", "checkpoint_name", "check_writable", "train_gan",
           "train_classifier", "accuracy", "load_generator", "load_classifier", "main"]

WEIGHTS_DIR = Path(__file__).parent / "weights"
# SHA-256 of each shipped file, checked on every load; after retraining one on purpose, put its new hash here
WEIGHTS_SHA256 = {
    "classifier.pt": "f606a1689184c6c6bc318f07a83d5a3dbf9fcc81dcbf379bac8f72e9e6c47705",
    "dcgan.pt": "ddc0a137260fbce5c0259f9dd8a5369c513dcb8865646732aebb7dffb5552725",
    "mlp_gan.pt": "2645efa11d868d203af5e75663b0f3d799bcdbf8ee3f6415628d17bee2f50ec0",
}
N_TRAIN = 50_000  # the GANs see train[:50000]; train[50000:] is held out, as in Goodfellow et al. (2014)


@dataclass
class Recipe:
    """One GAN training run: model kind, width (and D's own ``d_width`` if it differs) and packing, noise size, its
    length, minibatch m, Adam lr, the R1 penalty's gamma (lesson 05's cure, ``TrainConfig.r1_gamma``) applied every
    ``r1_every`` iterations (lazy R1, weighted gamma * r1_every), the fraction of the run at its end over which both
    learning rates fall linearly towards 0 (``schedule``), and the seed.

    The length is ``minutes`` of training (a time budget: the run, and its learning-rate decay, end on time on any
    machine) or, when ``minutes`` is None, ``n_iterations`` iterations of Algorithm 1."""

    kind: str = "mlp"
    width: int | None = None
    n_pack: int = 1
    z_dim: int = 100
    n_iterations: int = 10_000
    batch_size: int = 64
    lr: float = 2e-4
    r1_gamma: float = 0.0
    lr_decay: float = 0.0
    seed: int = 0
    minutes: float | None = None
    r1_every: int = 1
    d_width: int | None = None
    betas: tuple[float, float] = (0.5, 0.999)  # Adam's, both players
    d_lr_scale: float = 1.0  # the discriminator's learning rate is lr * d_lr_scale (two time-scale updates when > 1)

    def __post_init__(self):
        if self.kind not in mnist_models.KINDS:
            raise ValueError(f"kind must be one of {list(mnist_models.KINDS)} (got {self.kind!r})")
        for name, minimum in (("n_pack", 1), ("z_dim", 1), ("n_iterations", 1), ("batch_size", 1), ("seed", 0),
                              ("r1_every", 1)):
            validate.positive_int(name, getattr(self, name), minimum)
        for name in ("width", "d_width"):
            if getattr(self, name) is not None:
                validate.positive_int(name, getattr(self, name), 2)
        if self.minutes is not None:
            validate.in_range("minutes", self.minutes, 0.01, 24 * 60.0)
        validate.in_range("lr", self.lr, 1e-12, 1.0)
        validate.in_range("r1_gamma", self.r1_gamma, 0.0, float("inf"))
        validate.in_range("lr_decay", self.lr_decay, 0.0, 1.0)
        validate.in_range("d_lr_scale", self.d_lr_scale, 1e-3, 1e3)
        if len(tuple(self.betas)) != 2 or not all(0.0 <= float(b) < 1.0 for b in self.betas):
            raise ValueError(f"betas must be two numbers in [0, 1) (got {self.betas!r})")
        self.betas = tuple(float(b) for b in self.betas)


RECIPES = {
    # lesson 09: a 5-minute budget; the best of benchmarks/search_mnist_recipe.py's candidates for that budget on the slow host
    "classroom": Recipe("dcgan", width=32, n_pack=2, batch_size=32, lr=4e-4, r1_gamma=2.0, r1_every=16, lr_decay=0.5, minutes=5.0),
    # shipped dcgan.pt: the classroom recipe before that search (width 64, m = 64, R1 on every iteration), 50,000 iterations
    "dcgan": Recipe("dcgan", n_pack=2, lr=4e-4, r1_gamma=2.0, lr_decay=0.5, n_iterations=50_000),
    "mlp_gan": Recipe("mlp", n_iterations=60_000),  # shipped: the paper-style MLP pair
}


def training_images() -> torch.Tensor:
    """The first N_TRAIN MNIST training images, (50000, 1, 28, 28) in [0, 1]."""
    return data.load_mnist("train")[0][:N_TRAIN]


def make_trainer(recipe: Recipe, x_train: torch.Tensor, device: torch.device | None = None) -> Trainer:
    """A Trainer for ``recipe``: seeded models, Adam(lr, recipe.betas) for both players (D's lr scaled by d_lr_scale),
    minibatches of x_train."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['classroom']")
    x_train = validate.images("x_train", x_train)
    g, d = mnist_models.gan_pair(recipe.kind, torch.Generator().manual_seed(recipe.seed), recipe.z_dim, recipe.width,
                                 recipe.n_pack, recipe.d_width)
    config = TrainConfig(batch_size=recipe.batch_size, lr_d=min(recipe.lr * recipe.d_lr_scale, 1.0), lr_g=recipe.lr,
                         r1_gamma=recipe.r1_gamma, r1_every=recipe.r1_every, seed=recipe.seed, betas=recipe.betas)
    sample_z = lambda m, gen: mnist_models.sample_z(m, gen, recipe.z_dim)  # noqa: E731
    return Trainer(g, d, mnist_models.real_sampler(x_train), sample_z, config, device=device)


def schedule(recipe: Recipe) -> list[Callback]:
    """The callbacks that carry out ``recipe.lr_decay``: pass them to ``train_with_checkpoints`` or ``Trainer.run``."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['classroom']")
    decay = validate.in_range("lr_decay", recipe.lr_decay, 0.0, 1.0)
    if decay == 0:
        return []
    if recipe.minutes is not None:  # on the fraction of the time budget used
        seconds = 60 * recipe.minutes
        return [linear_lr_decay(seconds * (1 - decay), seconds, recipe.lr * recipe.d_lr_scale, recipe.lr, unit="seconds")]
    start = round(recipe.n_iterations * (1 - decay))
    return ([linear_lr_decay(start, recipe.n_iterations, recipe.lr * recipe.d_lr_scale, recipe.lr)]
            if start < recipe.n_iterations else [])


def length(recipe: Recipe) -> dict:
    """The keyword arguments that end ``recipe``'s run, for ``train_with_checkpoints`` or ``Trainer.run``:
    ``budget_seconds`` for a time budget, else ``until``."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['classroom']")
    if recipe.minutes is not None:
        return {"until": None, "budget_seconds": 60 * recipe.minutes}
    return {"until": recipe.n_iterations}


def finished(recipe: Recipe, trainer: Trainer) -> bool:
    """True once ``trainer`` has trained ``recipe`` to its end (time budget spent, or all iterations done)."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['classroom']")
    validate.instance("trainer", trainer, Trainer, "the Trainer that ran the recipe")
    if recipe.minutes is not None:
        return trainer.elapsed_seconds >= 60 * recipe.minutes
    return trainer.step_count >= recipe.n_iterations


def flops_per_iteration(recipe: Recipe, x_train: torch.Tensor) -> float:
    """Floating-point operations of one iteration of ``recipe`` without its R1 penalty (torch's FlopCounterMode cannot
    follow R1's double backward): the work an iteration costs on any machine, so speed can be put as GFLOP/s."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['classroom']")
    trainer = make_trainer(replace(recipe, minutes=None, r1_gamma=0.0), x_train, device=torch.device("cpu"))
    with FlopCounterMode(display=False) as counter:
        trainer.run(until=1, progress=False)
    return float(counter.get_total_flops())


def checkpoint_name(recipe: Recipe) -> Path:
    """Where ``train_gan`` checkpoints ``recipe``: named after the recipe and its length, not after the weights file, so
    fixing a mistyped ``--out`` resumes the same run (git ignores checkpoints/)."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['classroom']")
    run = f"{recipe.minutes:g}min" if recipe.minutes is not None else f"{recipe.n_iterations}it"
    digest = hashlib.sha256(json.dumps(asdict(recipe), sort_keys=True).encode()).hexdigest()[:8]
    return Path("checkpoints") / f"pretrain_{recipe.kind}_{run}_{digest}.pt"


def check_writable(out: str | Path) -> Path:
    """``out`` as a Path, after checking that a file can be written there; ValueError naming ``out`` otherwise."""
    out = Path(validate.instance("out", out, (str, Path), "a file path"))
    if out.is_dir():
        raise ValueError(f"out must be a file path, not a folder (got {str(out)!r})")
    if not out.parent.is_dir():
        raise ValueError(f"out: the folder {str(out.parent)!r} does not exist (got {str(out)!r})")
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", suffix=".check"):
            pass
    except OSError as err:
        raise ValueError(f"out: cannot write in {str(out.parent)!r} ({err.strerror}) (got {str(out)!r})") from None
    return out


def train_gan(recipe: Recipe, out: str | Path, checkpoint_path: str | Path | None = None, every_n: int = 1000,
              threads: int | None = None) -> Trainer:
    """Train ``recipe`` (resuming from its checkpoint) and save the generator's weights to ``out``, which is checked
    to be writable first. ``threads``: a fixed torch thread count, or None for ``settings.AdaptiveThreads``."""
    validate.instance("recipe", recipe, Recipe, "a pretrain.Recipe, e.g. pretrain.RECIPES['dcgan']")
    out = check_writable(out)
    every_n = validate.positive_int("every_n", every_n)
    checkpoint_path = Path(checkpoint_path or checkpoint_name(recipe))
    policy = [] if threads is not None else [settings.AdaptiveThreads()]
    settings.use_threads(1 if threads is None else threads)
    trainer = make_trainer(recipe, training_images())
    t0 = time.perf_counter()
    checkpoint.train_with_checkpoints(trainer, checkpoint_path, every_n=every_n, callbacks=[*schedule(recipe), *policy],
                                      **length(recipe))
    seconds = time.perf_counter() - t0
    if policy:
        print(policy[0].summary())
    if not finished(recipe, trainer):
        raise SystemExit(f"stopped at iteration {trainer.step_count} after {trainer.elapsed_seconds:.0f} s of training; "
                         "run the same command again to continue")
    meta = {"iterations": trainer.step_count, "seconds_last_session": round(seconds, 1),
            "training_seconds": round(trainer.elapsed_seconds, 1), "threads": torch.get_num_threads(),
            "device": str(trainer.device), "torch": torch.__version__}
    checkpoint.save_checkpoint(out, {"kind": "generator", "recipe": asdict(recipe), "meta": meta,
                                     "state_dict": trainer.generator.state_dict()})
    return trainer


def accuracy(classifier: mnist_models.Classifier, x: torch.Tensor, y: torch.Tensor, batch_size: int = 1000) -> float:
    """Fraction of images x (n, 1, 28, 28) whose most probable class is the label y (n,)."""
    x = validate.images("x", x)
    y = validate.tensor("y", y, ndim=1)
    if y.is_floating_point() or len(y) != len(x) or (y < 0).any() or (y > 9).any():
        raise ValueError(f"y must be {len(x)} integer labels in 0..9, one per image of x (got {tuple(y.shape)} {y.dtype})")
    _, probs = mnist_metrics.classify(classifier, x, batch_size)
    return (probs.argmax(1) == y).double().mean().item()


def train_classifier(n_epochs: int = 5, batch_size: int = 128, lr: float = 1e-3, seed: int = 0,
                     progress: bool = True) -> tuple[mnist_models.Classifier, float]:
    """Train the CNN with Adam on train[:50000], minibatches shuffled by a seeded generator; (model, test accuracy)."""
    n_epochs = validate.positive_int("n_epochs", n_epochs)
    batch_size = validate.positive_int("batch_size", batch_size)
    lr = validate.in_range("lr", lr, 1e-12, 1.0)
    gen = torch.Generator().manual_seed(validate.positive_int("seed", seed, minimum=0))
    model = mnist_models.init_weights(mnist_models.Classifier(), gen)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    x, y = data.load_mnist("train")
    x, y = x[:N_TRAIN], y[:N_TRAIN]
    for epoch in range(n_epochs):
        model.train()
        order = torch.randperm(len(x), generator=gen)
        for i in tqdm(range(0, len(x), batch_size), desc=f"classifier epoch {epoch + 1}/{n_epochs}", disable=not progress):
            idx = order[i:i + batch_size]
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return model, accuracy(model, *data.load_mnist("test"))


def _weights_path(name: str | Path) -> Path:
    if not isinstance(name, (str, Path)):
        raise TypeError(f"name must be a shipped weights name {sorted(n[:-3] for n in WEIGHTS_SHA256)} or a .pt path "
                        f"(got {type(name).__name__})")
    path = Path(name)
    if path.suffix != ".pt" and f"{name}.pt" not in WEIGHTS_SHA256:
        raise ValueError(f"name must be one of {sorted(n[:-3] for n in WEIGHTS_SHA256)} or a path ending in .pt "
                         f"(got {name!r})")
    return path if path.suffix == ".pt" else WEIGHTS_DIR / f"{name}.pt"


def _load_weights(name: str | Path, kind: str) -> dict:
    """The saved state of shipped weights ``name`` (SHA-256 checked against WEIGHTS_SHA256) or of a .pt path (checked
    against the digest stored in it), which must hold a ``kind``."""
    path = _weights_path(name)
    shipped = path.resolve().parent == WEIGHTS_DIR.resolve() and path.name in WEIGHTS_SHA256
    if shipped:
        restore = (f"restore it with `git checkout -- gan_edu/weights/{path.name}` (or, if you retrained it on purpose, "
                   "put its new SHA-256 in gan_edu.pretrain.WEIGHTS_SHA256)")
        state = checkpoint.load_checkpoint(path, sha256=WEIGHTS_SHA256[path.name], restore=restore)
    else:
        state = checkpoint.load_checkpoint(path, restore="retrain it, or restore your copy")
    if state.get("kind") != kind:
        raise checkpoint.CheckpointError(f"{path} holds {state.get('kind')!r} weights, not a {kind}'s")
    return state


def load_generator(name: str | Path = "mlp_gan") -> tuple[torch.nn.Module, dict]:
    """A shipped generator ('mlp_gan', 'dcgan') or one saved by ``train_gan`` at a .pt path, in eval mode; (G, info)."""
    state = _load_weights(name, "generator")
    recipe = Recipe(**state["recipe"])
    g, _ = mnist_models.gan_pair(recipe.kind, torch.Generator().manual_seed(0), recipe.z_dim, recipe.width, recipe.n_pack,
                                 recipe.d_width)
    g.load_state_dict(state["state_dict"])
    return g.eval(), {"recipe": recipe, **state["meta"]}


def load_classifier(name: str | Path = "classifier") -> tuple[mnist_models.Classifier, dict]:
    """The shipped classifier (or one at a .pt path), in eval mode; (model, info)."""
    state = _load_weights(name, "classifier")
    model = mnist_models.Classifier()
    model.load_state_dict(state["state_dict"])
    return model.eval(), dict(state["meta"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gan_edu.pretrain", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["classifier", *RECIPES])
    parser.add_argument("--out", type=Path, help="weights file (default gan_edu/weights/<what>.pt)")
    parser.add_argument("--iterations", type=int, help="train this many iterations instead of the recipe's length")
    parser.add_argument("--minutes", type=float, help="train for this time budget instead of the recipe's length")
    parser.add_argument("--threads", default="auto", help="torch CPU threads: 'auto' (the default: start on one, keep the "
                        "faster of one and two as the run goes, settings.AdaptiveThreads) or a count from 1 to the cores")
    args = parser.parse_args(argv)
    threads = None
    if args.threads != "auto":
        if not args.threads.isdigit() or not 1 <= int(args.threads) <= (os.cpu_count() or 1):
            raise ValueError(f"--threads must be 'auto' or an integer from 1 to {os.cpu_count()}, this machine's cores "
                             f"(got {args.threads!r})")
        threads = settings.use_threads(int(args.threads))
    out = check_writable(args.out or WEIGHTS_DIR / f"{args.what}.pt")  # before any training: a typo in --out costs nothing
    t0 = time.perf_counter()
    if args.what == "classifier":
        model, acc = train_classifier()
        meta = {"test_accuracy": acc, "seconds": round(time.perf_counter() - t0, 1), "torch": torch.__version__}
        checkpoint.save_checkpoint(out, {"kind": "classifier", "meta": meta, "state_dict": model.state_dict()})
        print(f"test accuracy {acc:.4f}")
    else:
        recipe = RECIPES[args.what]
        if args.iterations is not None and args.minutes is not None:
            parser.error("give --iterations or --minutes, not both")
        if args.iterations is not None:
            recipe = replace(recipe, minutes=None, n_iterations=validate.positive_int("iterations", args.iterations))
        if args.minutes is not None:
            recipe = replace(recipe, minutes=args.minutes)
        trainer = train_gan(recipe, out, threads=threads)
        print(f"{trainer.step_count:,} iterations in {trainer.elapsed_seconds:.0f} s of training, "
              f"{trainer.step_count / max(trainer.elapsed_seconds, 1e-9):.1f} it/s "
              f"({'adaptive' if threads is None else threads} threads, {trainer.device})")
    print(f"saved {out} ({out.stat().st_size / 1e6:.1f} MB) after {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
