"""Checkpoints: interrupt and resume, kill -9 during training and during a save, corrupt files, weights_only."""

import io
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from gan_edu import checkpoint, mnist_models as mm
from gan_edu.training import TrainConfig, Trainer, linear_lr_decay

HERE = Path(__file__).resolve().parent


pytestmark = pytest.mark.usefixtures("one_thread")  # tests/conftest.py


def make_trainer(seed=0, data_seed=123, **config):
    """A tiny MNIST-shaped GAN on 64 random 'images': a few milliseconds per iteration."""
    g, d = mm.gan_pair("mlp", torch.Generator().manual_seed(seed), width=8)
    x = torch.rand(64, 1, 28, 28, generator=torch.Generator().manual_seed(data_seed))
    config = TrainConfig(**{"batch_size": 16, "lr_d": 1e-3, "lr_g": 1e-3, "seed": seed, **config})
    return Trainer(g, d, mm.real_sampler(x), mm.sample_z, config, device=torch.device("cpu"))


CHILD = textwrap.dedent("""
    import json, sys, time
    import torch
    torch.set_num_threads(1)
    sys.path.insert(0, {tests!r})
    from gan_edu import checkpoint
    from test_checkpoint import make_trainer

    path, until, pause, block_save_at = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])

    def report(trainer):
        print("step", trainer.step_count, flush=True)
        time.sleep(pause)

    if block_save_at:  # the next save after that iteration writes half its bytes, then hangs until killed
        real_open = open
        class HalfWriter:
            def __init__(self, f): self.f = f
            def __enter__(self): return self
            def __exit__(self, *exc): self.f.close()
            def write(self, data):
                self.f.write(bytes(data)[:len(data) // 2]); self.f.flush()
                print("HALF WRITTEN", flush=True)
                time.sleep(600)
            def __getattr__(self, name): return getattr(self.f, name)
        def blocking_open(file, mode="r", *args, **kwargs):
            f = real_open(file, mode, *args, **kwargs)
            return HalfWriter(f) if trainer.step_count >= block_save_at else f
        checkpoint.open = blocking_open

    trainer = make_trainer()
    checkpoint.train_with_checkpoints(trainer, path, until, every_n=10, callbacks=[report], progress=False)
    print(json.dumps(trainer.history), flush=True)
""").format(tests=str(HERE))


def start_child(tmp_path, path, until, pause=0.0, block_save_at=0):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    return subprocess.Popen([sys.executable, str(script), str(path), str(until), str(pause), str(block_save_at)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_child(tmp_path, path, until):
    proc = start_child(tmp_path, path, until)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    lines = out.strip().splitlines()
    return json.loads(lines[-1]), lines[:-1]


def kill_when(proc, predicate, timeout=60):
    """Read the child's stdout until ``predicate(line)``, then SIGKILL it; returns the lines read."""
    lines, t0 = [], time.monotonic()
    for line in proc.stdout:
        lines.append(line.strip())
        if predicate(line.strip()) or time.monotonic() - t0 > timeout:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return lines


def test_interrupt_then_resume_gives_the_uninterrupted_history(tmp_path):
    reference = make_trainer().run(until=50, progress=False)
    path = tmp_path / "ckpt.pt"

    def interrupt_at_23(trainer):  # what Jupyter's stop button does: SIGINT to the kernel
        if trainer.step_count == 23:
            signal.raise_signal(signal.SIGINT)

    first = make_trainer()
    checkpoint.train_with_checkpoints(first, path, until=50, every_n=10, callbacks=[interrupt_at_23], progress=False)
    assert first.step_count == 23  # the iteration in progress finished, then training stopped and saved
    assert checkpoint.load_checkpoint(path)["trainer"]["step_count"] == 23

    done = []
    second = make_trainer()  # a fresh kernel: same cell, run again
    checkpoint.train_with_checkpoints(second, path, until=50, every_n=10, progress=False,
                                      callbacks=[lambda t: done.append(t.step_count)])
    assert done == list(range(24, 51))  # no finished iteration is redone
    assert second.history == reference


def test_a_resumed_run_continues_the_learning_rate_schedule(tmp_path):
    decay = linear_lr_decay(10, 40, 1e-3, 1e-3)
    reference = make_trainer().run(until=40, callbacks=[decay], progress=False)
    path = tmp_path / "ckpt.pt"
    stop_at_25 = lambda t: signal.raise_signal(signal.SIGINT) if t.step_count == 25 else None  # noqa: E731
    checkpoint.train_with_checkpoints(make_trainer(), path, until=40, callbacks=[decay, stop_at_25], progress=False)
    resumed = make_trainer()
    checkpoint.train_with_checkpoints(resumed, path, until=40, callbacks=[decay], progress=False)
    assert resumed.history == reference  # the rates after the restart are the ones the schedule had reached


def test_interrupt_inside_an_iteration_rolls_back_to_the_last_save(tmp_path):
    reference = make_trainer().run(until=40, progress=False)
    path = tmp_path / "ckpt.pt"
    torn = make_trainer()
    draw, calls = torn.sample_real, [0]

    def sample_real_then_interrupt(m, generator):  # a KeyboardInterrupt raised in the middle of iteration 27
        calls[0] += 1
        if calls[0] == 27:
            raise KeyboardInterrupt
        return draw(m, generator)

    sample_real_then_interrupt.data = draw.data  # the same data, so the same run
    torn.sample_real = sample_real_then_interrupt
    checkpoint.train_with_checkpoints(torn, path, until=40, every_n=10, progress=False)
    assert torn.step_count == 20  # the half-done iteration 27 is gone; iterations up to 20 were saved
    torn.sample_real = draw
    checkpoint.train_with_checkpoints(torn, path, until=40, every_n=10, progress=False)
    assert torn.history == reference


def test_kill_9_during_training_resumes_from_the_last_checkpoint(tmp_path):
    reference, _ = run_child(tmp_path, tmp_path / "reference.pt", until=80)
    path = tmp_path / "ckpt.pt"
    proc = start_child(tmp_path, path, until=80, pause=0.02)
    lines = kill_when(proc, lambda line: line == "step 35")
    assert lines[-1] == "step 35"
    saved = checkpoint.load_checkpoint(path)["trainer"]["step_count"]
    assert saved in (30, 40)  # the last periodic save before the kill
    history, lines = run_child(tmp_path, path, until=80)
    assert lines[0].startswith(f"resumed from {path} at iteration {saved}")
    assert lines[1] == f"step {saved + 1}"
    assert history == reference


def test_kill_9_in_the_middle_of_a_save_leaves_the_previous_checkpoint(tmp_path):
    reference, _ = run_child(tmp_path, tmp_path / "reference.pt", until=50)
    path = tmp_path / "ckpt.pt"
    proc = start_child(tmp_path, path, until=50, block_save_at=30)
    kill_when(proc, lambda line: line == "HALF WRITTEN")
    tmp = path.with_name(f".{path.name}.tmp")
    assert 0 < tmp.stat().st_size < path.stat().st_size  # the torn temporary file is still there...
    assert checkpoint.load_checkpoint(path)["trainer"]["step_count"] == 20  # ...and the checkpoint is the previous one
    with pytest.raises(checkpoint.CheckpointError, match="truncated or corrupt"):
        checkpoint.load_checkpoint(tmp)
    history, lines = run_child(tmp_path, path, until=50)
    assert lines[0].startswith(f"resumed from {path} at iteration 20")
    assert history == reference and not tmp.exists()


def test_truncated_or_garbage_checkpoint_gives_a_clear_error_naming_the_file(tmp_path):
    trainer = make_trainer()
    trainer.run(until=5, progress=False)
    good = checkpoint.save_trainer(trainer, tmp_path / "good.pt")
    truncated, garbage = tmp_path / "truncated.pt", tmp_path / "garbage.pt"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    garbage.write_bytes(b"not a checkpoint" * 100)
    for bad in (truncated, garbage):
        with pytest.raises(checkpoint.CheckpointError, match=f"checkpoint {bad} is truncated or corrupt"):
            checkpoint.load_checkpoint(bad)
        with pytest.raises(checkpoint.CheckpointError, match=str(bad)):  # never silently starts over
            checkpoint.train_with_checkpoints(make_trainer(), bad, until=10, progress=False)
    with pytest.raises(checkpoint.CheckpointError, match="does not exist"):
        checkpoint.load_checkpoint(tmp_path / "missing.pt")


def test_checkpoints_load_with_weights_only_and_refuse_pickled_objects(tmp_path):
    trainer = make_trainer()
    trainer.run(until=3, progress=False)
    trainer.snapshots[3] = np.arange(4.0)  # numpy is not allowed by weights_only: stored as a tensor
    state = torch.load(checkpoint.save_trainer(trainer, tmp_path / "a.pt"), weights_only=True)
    assert torch.equal(state["trainer"]["snapshots"][3], torch.arange(4.0, dtype=torch.float64))
    buffer = io.BytesIO()
    torch.save({"format": checkpoint.FORMAT, "evil": Path("x")}, buffer)
    (tmp_path / "pickled.pt").write_bytes(checkpoint._with_digest(buffer.getvalue()))  # a valid digest, evil content
    with pytest.raises(checkpoint.CheckpointError, match="weights_only=True"):
        checkpoint.load_checkpoint(tmp_path / "pickled.pt")
    with pytest.raises(TypeError, match=r"state\['extra'\]\['f'\] is a function"):
        checkpoint.save_checkpoint(tmp_path / "b.pt", {"extra": {"f": lambda x: x}})


def test_resume_refuses_a_checkpoint_from_a_different_setup(tmp_path):
    trainer = make_trainer(seed=0)
    trainer.run(until=2, progress=False)
    path = checkpoint.save_trainer(trainer, tmp_path / "seed0.pt")
    with pytest.raises(checkpoint.CheckpointError, match=r"different run.*\(seed: 0 → 1\).*seed cannot change"):
        checkpoint.resume(make_trainer(seed=1), path)
    assert checkpoint.resume(make_trainer(seed=0), path) and not checkpoint.resume(make_trainer(), tmp_path / "none.pt")
    with pytest.raises(checkpoint.CheckpointError, match=r"r1_gamma: 0.0 → 1.0"):  # a penalty changes the game
        checkpoint.resume(make_trainer(r1_gamma=1.0), path)


@pytest.mark.parametrize("change, field", [
    (dict(lr_d=2e-3), "lr_d: 0.001 → 0.002"), (dict(lr_g=5e-4), "lr_g: 0.001 → 0.0005"),
    (dict(betas=(0.9, 0.999)), r"betas: \[0.5, 0.999\] → \[0.9, 0.999\]"), (dict(k_d_steps=2), "k_d_steps: 1 → 2"),
    (dict(batch_size=8), "batch_size: 16 → 8"), (dict(optimizer="sgd"), "optimizer: 'adam' → 'sgd'"),
    (dict(loss="saturating"), "loss: 'non-saturating' → 'saturating'"),
    (dict(data_seed=7), r"data: \{'shape': \[64, 1, 28, 28\]"),
    (dict(schedule=linear_lr_decay(5, 20, 1e-3, 1e-3)), r"schedule: \[\] → \[\{'schedule': 'linear_lr_decay'"),
])
def test_resuming_with_any_changed_field_refuses_naming_it_old_to_new(tmp_path, change, field):
    path = tmp_path / "run.pt"
    checkpoint.train_with_checkpoints(make_trainer(), path, until=3, progress=False)
    schedule = change.pop("schedule", None)
    changed = make_trainer(**change)
    with pytest.raises(checkpoint.CheckpointError, match=field):
        checkpoint.train_with_checkpoints(changed, path, until=6, progress=False, callbacks=[schedule] if schedule else ())
    assert checkpoint.load_checkpoint(path)["trainer"]["step_count"] == 3  # the file is untouched


def test_allow_changes_applies_the_new_learning_rate_to_the_optimiser(tmp_path):
    path = tmp_path / "run.pt"
    checkpoint.train_with_checkpoints(make_trainer(), path, until=3, progress=False)
    faster = make_trainer(lr_d=5e-3)
    checkpoint.train_with_checkpoints(faster, path, until=3, progress=False, allow_changes=("lr_d",))
    assert faster.step_count == 3 and faster.opt_d.param_groups[0]["lr"] == 5e-3 == faster.config.lr_d
    assert faster.opt_g.param_groups[0]["lr"] == 1e-3
    checkpoint.train_with_checkpoints(make_trainer(lr_d=5e-3), path, until=4, progress=False)  # now the file's own lr
    with pytest.raises(ValueError, match="allow_changes may name only"):
        checkpoint.resume(make_trainer(), path, allow_changes=("generator",))


def test_a_trainer_past_the_files_step_never_overwrites_another_runs_checkpoint(tmp_path):
    path = tmp_path / "run.pt"
    checkpoint.train_with_checkpoints(make_trainer(), path, until=2, progress=False)
    before = path.read_bytes()
    other = make_trainer(seed=3)
    other.run(until=5, progress=False)  # further along than the file, and of another run
    with pytest.raises(checkpoint.CheckpointError, match=r"overwriting it would silently change it \(seed: 0 → 3\)"):
        checkpoint.train_with_checkpoints(other, path, until=8, progress=False)
    with pytest.raises(checkpoint.CheckpointError, match="seed: 0 → 3"):
        checkpoint.save_trainer(other, path)
    assert path.read_bytes() == before
    same = make_trainer()
    same.run(until=5, progress=False)  # the same run, further along: it continues and overwrites
    checkpoint.train_with_checkpoints(same, path, until=6, progress=False)
    assert checkpoint.load_checkpoint(path)["trainer"]["step_count"] == 6


def test_elapsed_seconds_is_saved_and_restored(tmp_path):
    trainer = make_trainer()
    checkpoint.train_with_checkpoints(trainer, tmp_path / "t.pt", until=4, progress=False)
    assert trainer.elapsed_seconds > 0
    again = make_trainer()
    checkpoint.resume(again, tmp_path / "t.pt")
    assert again.elapsed_seconds == trainer.elapsed_seconds


def flip_one_bit(path, position):
    raw = bytearray(path.read_bytes())
    raw[position % len(raw)] ^= 1 << (position % 8)
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("where", [0, 1000, 0.5, -30, -1])  # start, early tensor bytes, middle, digest, last byte
def test_one_flipped_bit_anywhere_in_a_checkpoint_is_refused(tmp_path, where):
    trainer = make_trainer()
    trainer.run(until=2, progress=False)
    path = checkpoint.save_trainer(trainer, tmp_path / "c.pt")
    flip_one_bit(path, int(where * path.stat().st_size) if isinstance(where, float) else where)
    with pytest.raises(checkpoint.CheckpointError, match=f"{path}.*(SHA-256|truncated or corrupt).*delete it"):
        checkpoint.load_checkpoint(path)


@pytest.mark.parametrize("name", ["dcgan", "mlp_gan", "classifier"])
def test_one_flipped_bit_in_a_shipped_weight_file_is_refused(tmp_path, monkeypatch, name):
    from gan_edu import pretrain
    assert hashlib.sha256((pretrain.WEIGHTS_DIR / f"{name}.pt").read_bytes()).hexdigest() == pretrain.WEIGHTS_SHA256[f"{name}.pt"]
    copy = tmp_path / "weights"
    copy.mkdir()
    for file in pretrain.WEIGHTS_DIR.glob("*.pt"):
        (copy / file.name).write_bytes(file.read_bytes())
    monkeypatch.setattr(pretrain, "WEIGHTS_DIR", copy)
    flip_one_bit(copy / f"{name}.pt", 5 * 10**5 + 3)  # inside the tensors: torch.load alone would not notice
    load = pretrain.load_classifier if name == "classifier" else pretrain.load_generator
    with pytest.raises(checkpoint.CheckpointError, match=rf"{name}.pt fails its SHA-256.*git checkout -- gan_edu/weights/{name}.pt"):
        load(name)


@pytest.mark.parametrize("kwargs, message", [({"every_n": 0}, "every_n must be an integer >= 1"),
                                             ({"until": -1}, "until must be an integer >= 0")])
def test_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        checkpoint.train_with_checkpoints(make_trainer(), tmp_path / "c.pt", **{"until": 5, **kwargs})


def test_a_resumed_budget_continues_the_same_clock_and_a_different_budget_is_refused(tmp_path):
    path = tmp_path / "budget.pt"
    first = make_trainer()
    stop = lambda t: (_ for _ in ()).throw(KeyboardInterrupt) if t.step_count == 12 else None  # noqa: E731
    checkpoint.train_with_checkpoints(first, path, None, every_n=5, callbacks=[stop], progress=False, budget_seconds=2.0)
    saved = checkpoint.load_checkpoint(path)["trainer"]
    assert saved["step_count"] == 10 and 0 < saved["elapsed_seconds"] < 2.0
    again = make_trainer()
    starts = []
    checkpoint.train_with_checkpoints(again, path, None, every_n=5, callbacks=[lambda t: starts.append(t.elapsed_seconds)],
                                      progress=False, budget_seconds=2.0)
    assert starts[0] > saved["elapsed_seconds"]  # the clock went on from the saved time, not from 0
    assert again.elapsed_seconds >= 2.0 and again.step_count > 10
    assert checkpoint.load_checkpoint(path)["trainer"]["step_count"] == again.step_count
    with pytest.raises(checkpoint.CheckpointError, match=r"budget_seconds: 2.0 → 5.0.*cannot change within a run"):
        checkpoint.train_with_checkpoints(make_trainer(), path, None, progress=False, budget_seconds=5.0)


def test_the_divergence_advice_works_when_followed(tmp_path, one_thread, capsys):
    """Issue 24: after a divergence, lowering the rates on the same trainer fails again at the same iteration (earlier
    steps led there); the error's two remedies, a rebuilt trainer or the last checkpoint with smaller rates, train on."""
    from gan_edu import toy2d
    from gan_edu.distributions import grid

    fast = dict(optimizer="sgd", momentum=0.9, lr_d=1.0, lr_g=1.0)
    trainer, path = toy2d.make_trainer(grid(), "vanilla", **fast), tmp_path / "run.pt"
    with pytest.raises(FloatingPointError, match="rebuild the trainer.*allow_changes") as first:
        checkpoint.train_with_checkpoints(trainer, path, until=60, every_n=5, progress=False)
    stopped = trainer.step_count
    trainer.set_hyperparameters(lr_d=1e-3, lr_g=1e-3)  # what the old advice said
    with pytest.raises(FloatingPointError):
        trainer.run(until=stopped + 20, progress=False)
    assert trainer.step_count == stopped and "no weight was changed" in str(first.value)

    rebuilt = toy2d.make_trainer(grid(), "vanilla", **{**fast, "lr_d": 1e-3, "lr_g": 1e-3})  # remedy 1
    rebuilt.run(until=stopped + 20, progress=False)
    assert rebuilt.step_count == stopped + 20

    resumed = toy2d.make_trainer(grid(), "vanilla", **{**fast, "lr_d": 1e-3, "lr_g": 1e-3})  # remedy 2: from the checkpoint
    checkpoint.train_with_checkpoints(resumed, path, until=stopped + 20, every_n=5, progress=False,
                                      allow_changes=("lr_d", "lr_g"))
    assert resumed.step_count == stopped + 20 and resumed.opt_d.param_groups[0]["lr"] == 1e-3
    assert "resumed with changed lr_d=0.001, lr_g=0.001" in capsys.readouterr().out
