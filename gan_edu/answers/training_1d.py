"""The key of lesson 04 (training in 1-D): Algorithm 1's two steps and their typical wrong versions, the k = 0
prediction, and the one-mode plateau."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ..exercises import training_1d as published
from ..training import Trainer
from . import ChoiceAnswer, FunctionAnswer, Mistake

__all__ = ["d_step", "g_step", "plateau", "EXERCISES"]


def d_step(trainer: Trainer) -> float:
    """Reference: the discriminator step Trainer runs (real minibatch first, then noise), returning loss_d."""
    return trainer.d_step()[0]


def g_step(trainer: Trainer) -> float:
    """Reference: the generator step Trainer runs (non-saturating loss), returning loss_g."""
    return trainer.g_step()


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
            lambda t: _d_step(t, sign=-1.0)),
    Mistake("zero_grad", "the gradients pile up from one step to the next: reset the optimiser's gradients "
                         "before each backward()", lambda t: _d_step(t, zero_grad=False)),
    Mistake("swapped", "real and generated samples are swapped: your D learns to call the fakes real",
            lambda t: _d_step(t, swap=True)),
    Mistake("noise_first", "right formula, different random numbers: draw the real minibatch first, then the "
                           "noise, as the exercise asks", lambda t: _d_step(t, noise_first=True)),
]


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
            lambda t: _g_step(t, loss="minimax")),
    Mistake("sign", "sign error: your generator moves its samples towards where D says 'fake'",
            lambda t: _g_step(t, loss="sign")),
    Mistake("zero_grad", "the gradients pile up from one step to the next: reset the optimiser's gradients "
                         "before each backward()", lambda t: _g_step(t, zero_grad=False)),
    Mistake("detached", "G did not move: its output was cut from the graph (torch.no_grad or .detach()), so no "
                        "gradient reaches the generator's parameters", lambda t: _g_step(t, detach=True)),
    Mistake("wrong_optimiser", "your step changed D, not G: the generator step uses the generator's optimiser",
            lambda t: _g_step(t, optimiser="d")),
]


# --- predict what k = 0 does -------------------------------------------------------------------------------

K0_HINTS = {
    "a": "with k = 0 the inner loop runs zero times: which line of Algorithm 1 would change D?",
    "c": "G still takes one step per iteration: against what, and in which direction does that step push D(G(z))?",
    "d": "the generator descends -log D(G(z)) (the non-saturating loss): what does descending it do to D(G(z))?",
}


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

EXERCISES = [
    FunctionAnswer(published.D_STEP, d_step, D_STEP_MISTAKES, hidden=[(5,), (12,)], points=3),
    FunctionAnswer(published.G_STEP, g_step, G_STEP_MISTAKES, hidden=[(5,), (12,)], points=3),
    ChoiceAnswer(published.K0, "b", K0_HINTS, points=1),
    FunctionAnswer(published.PLATEAU, plateau, PLATEAU_MISTAKES, hidden=[(0.15,), (0.62,)], points=2),
]
