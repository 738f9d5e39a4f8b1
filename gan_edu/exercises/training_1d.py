"""Lesson 04's checkers: Algorithm 1's discriminator and generator steps, what k = 0 does, the one-mode plateau.

The two step checkers run the student's step and a reference on identical fresh 1-D trainers (same seed, so
the same networks and random numbers) and compare the losses and both networks' weights after three steps.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from .. import toy_models
from ..distributions import GaussianMixture, torch_sampler
from ..training import TrainConfig, Trainer
from . import Feedback, Mistake, check_choice, check_function

__all__ = ["check_d_step", "check_g_step", "check_k0_prediction", "check_plateau", "K0_CHOICES"]

N_STEPS = 3


def _trainer(seed: int) -> Trainer:
    """A small 1-D GAN on N(2, 0.5^2), as in the lesson: G 1-16-1, D 1-32-32-1, Adam, batch 64."""
    gen = torch.Generator().manual_seed(seed)
    g, d = toy_models.mlp([1, 16, 1], gen), toy_models.mlp([1, 32, 32, 1], gen)
    config = TrainConfig(seed=seed, batch_size=64, lr_d=2e-3, lr_g=2e-3)
    return Trainer(g, d, torch_sampler(GaussianMixture([1.0], [2.0], [0.5])),
                   lambda m, r: torch.randn(m, 1, generator=r), config, device=torch.device("cpu"))


def _outcome(step: Callable[[Trainer], float], seed: int) -> np.ndarray:
    """Losses of N_STEPS calls of ``step`` on a fresh trainer, then D's and G's weights, as one vector."""
    trainer = _trainer(seed)
    loss = [float(step(trainer)) for _ in range(N_STEPS)]
    weights = [p.detach().flatten() for p in (*trainer.discriminator.parameters(), *trainer.generator.parameters())]
    return np.concatenate([loss, torch.cat(weights).numpy()])


def _steps(step: Callable[[Trainer], float]) -> Callable[[int], np.ndarray]:
    return lambda seed: _outcome(step, seed)


# --- the discriminator step and its typical wrong versions ------------------------------------------------

def _d_step(trainer: Trainer, sign: float = 1.0, zero_grad: bool = True, swap: bool = False,
            noise_first: bool = False) -> float:
    m = trainer.config.batch_size
    if noise_first:
        z = trainer.draw(trainer.sample_z, m)
        x_real = trainer.draw(trainer.sample_real, m)
    else:
        x_real = trainer.draw(trainer.sample_real, m)
        z = trainer.draw(trainer.sample_z, m)
    with torch.no_grad():
        x_fake = trainer.generator(z)
    d_real, d_fake = trainer.discriminator(x_real), trainer.discriminator(x_fake)
    if swap:
        d_real, d_fake = d_fake, d_real
    loss_d = -sign * (F.logsigmoid(d_real).mean() + F.logsigmoid(-d_fake).mean())
    if zero_grad:
        trainer.opt_d.zero_grad()
    loss_d.backward()
    trainer.opt_d.step()
    return loss_d.item()


D_STEP_MISTAKES = [
    Mistake("sign", "sign error: your step descends V, so D gets worse at telling real from fake; "
                    "Algorithm 1 ascends V (and an optimiser always descends what you give it)",
            _steps(lambda t: _d_step(t, sign=-1.0))),
    Mistake("zero_grad", "the gradients pile up from one step to the next: reset the optimiser's gradients "
                         "before each backward()", _steps(lambda t: _d_step(t, zero_grad=False))),
    Mistake("swapped", "real and generated samples are swapped: your D learns to call the fakes real",
            _steps(lambda t: _d_step(t, swap=True))),
    Mistake("noise_first", "right formula, different random numbers: draw the real minibatch first, then the "
                           "noise, as the exercise asks", _steps(lambda t: _d_step(t, noise_first=True))),
]


def check_d_step(my_d_step: Callable[[Trainer], float]) -> Feedback:
    """Exercise: one discriminator step of Algorithm 1 on a Trainer, returning loss_d."""
    return check_function("discriminator step", _steps(my_d_step), _steps(lambda t: t.d_step()[0]),
                          [(0,), (1,)], D_STEP_MISTAKES, rtol=1e-4, atol=1e-6)


# --- the generator step and its typical wrong versions ----------------------------------------------------

def _g_step(trainer: Trainer, loss: str = "non-saturating", zero_grad: bool = True, detach: bool = False,
            optimiser: str = "g") -> float:
    z = trainer.draw(trainer.sample_z, trainer.config.batch_size)
    x_fake = trainer.generator(z)
    d_fake = trainer.discriminator(x_fake.detach() if detach else x_fake)
    loss_g = {"non-saturating": -F.logsigmoid(d_fake).mean(), "minimax": F.logsigmoid(-d_fake).mean(),
              "sign": F.logsigmoid(d_fake).mean()}[loss]
    opt = trainer.opt_g if optimiser == "g" else trainer.opt_d
    if zero_grad:
        opt.zero_grad()
    loss_g.backward()
    opt.step()
    return loss_g.item()


G_STEP_MISTAKES = [
    Mistake("minimax", "this is the paper's minimax generator loss log(1 - D(G(z))), which saturates when D "
                       "rejects the fakes; Trainer's default is the non-saturating loss",
            _steps(lambda t: _g_step(t, loss="minimax"))),
    Mistake("sign", "sign error: your generator moves its samples towards where D says 'fake'",
            _steps(lambda t: _g_step(t, loss="sign"))),
    Mistake("zero_grad", "the gradients pile up from one step to the next: reset the optimiser's gradients "
                         "before each backward()", _steps(lambda t: _g_step(t, zero_grad=False))),
    Mistake("detached", "G did not move: its output was cut from the graph (torch.no_grad or .detach()), so no "
                        "gradient reaches the generator's parameters", _steps(lambda t: _g_step(t, detach=True))),
    Mistake("wrong_optimiser", "your step changed D, not G: the generator step uses the generator's optimiser",
            _steps(lambda t: _g_step(t, optimiser="d"))),
]


def check_g_step(my_g_step: Callable[[Trainer], float]) -> Feedback:
    """Exercise: one generator step of Algorithm 1 as Trainer runs it (non-saturating loss), returning loss_g."""
    return check_function("generator step", _steps(my_g_step), _steps(lambda t: t.g_step()),
                          [(0,), (1,)], G_STEP_MISTAKES, rtol=1e-4, atol=1e-6)


# --- predict what k = 0 does -------------------------------------------------------------------------------

K0_CHOICES = ("a", "b", "c", "d")
K0_HINTS = {
    "a": "with k = 0 the inner loop runs zero times: which line of Algorithm 1 would change D?",
    "c": "G still takes one step per iteration: against what, and in which direction does that step push D(G(z))?",
    "d": "the generator descends -log D(G(z)) (the non-saturating loss): what does descending it do to D(G(z))?",
}


def check_k0_prediction(answer: Callable[[], str]) -> Feedback:
    """Prediction: with k = 0, do D's parameters change, and does the mean of D(G(z)) go up or down?"""
    return check_choice("k = 0 prediction", answer, "b", K0_CHOICES, K0_HINTS)


# --- the one-mode plateau ----------------------------------------------------------------------------------

def plateau(w: float) -> float:
    """JSD between w A + (1 - w) B (A, B disjoint) and p_g = B: the JSD a run collapsed onto B sits on."""
    return 0.5 * (w * math.log(2) + (1 - w) * math.log((1 - w) / (1 - w / 2))) + 0.5 * math.log(1 / (1 - w / 2))


PLATEAU_MISTAKES = [
    Mistake("log2", "that is the value in bits: the course measures divergences in nats (natural log)",
            lambda w: plateau(w) / math.log(2)),
    Mistake("factor2", "missing factor 1/2: JSD averages the two KL terms, it does not add them",
            lambda w: 2 * plateau(w)),
    Mistake("other_mode", "p_g sits on the mode of weight 1 - w, not on the one of weight w",
            lambda w: plateau(1 - w)),
]


def check_plateau(my_plateau: Callable[[float], float]) -> Feedback:
    """Exercise: JSD(p_data || p_g) for p_data = w A + (1 - w) B with disjoint modes and a p_g collapsed onto B."""
    return check_function("one-mode plateau", my_plateau, plateau, [(0.5,), (0.3,), (0.8,)], PLATEAU_MISTAKES,
                          rtol=1e-6)
