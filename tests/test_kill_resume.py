"""kill -9 at random moments, ≥ 20 times, some inside a save: the resumed run ends bit for bit where an
uninterrupted run ends.

A helper process imports torch once and forks one training process per attempt (so a restart costs
milliseconds, not a torch import); the test SIGKILLs that process after a random delay and starts the next,
which resumes from the checkpoint. The training process sleeps a random moment between writing the temporary
file and renaming it (a wrapped os.fsync), so kills land inside saves too; a kill landed inside a save when the
temporary file, written by that very process, is still on disk afterwards."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import torch

from gan_edu import checkpoint

ITERATIONS, EVERY_N = 200, 5

ZYGOTE = textwrap.dedent("""
    import os, random, sys, time
    import torch
    torch.set_num_threads(1)
    from gan_edu import checkpoint, toy_models
    from gan_edu.distributions import ring, torch_sampler
    from gan_edu.training import TrainConfig, Trainer, linear_lr_decay

    def train(path, until, every_n, slow_saves):
        if slow_saves:  # a pause between the temporary file's fsync and the rename: a kill may land in the save
            real_fsync, rng = os.fsync, random.Random(os.getpid())
            def slow_fsync(fd):
                real_fsync(fd)
                time.sleep(rng.uniform(0, 0.004))
            os.fsync = slow_fsync
        trainer = make_trainer()
        schedule = linear_lr_decay(until // 2, until, 1e-3, 1e-3)
        checkpoint.train_with_checkpoints(trainer, path, until, every_n, callbacks=[schedule], progress=False)

    def make_trainer():
        g, d = toy_models.toy_pair(2, 2, 16, 1, torch.Generator().manual_seed(0))
        return Trainer(g, d, torch_sampler(ring()), lambda m, r: torch.randn(m, 2, generator=r),
                       TrainConfig(batch_size=32, seed=0), device=torch.device("cpu"))

    make_trainer().run(2, progress=False)  # warm up once: the first optimiser step imports much of torch
    for line in sys.stdin:
        path, until, every_n, slow = line.split()
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # the child's prints would interleave with the protocol
            try:
                train(path, int(until), int(every_n), slow == "1")
                code = 0
            except BaseException as err:
                sys.stderr.write(repr(err) + "\\n")
                code = 1
            os._exit(code)
        print("pid", pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("status", status, flush=True)
""")


def start_zygote():
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env=env)


def launch(zygote, path, slow=True):
    zygote.stdin.write(f"{path} {ITERATIONS} {EVERY_N} {int(slow)}\n")
    zygote.stdin.flush()
    word, pid = zygote.stdout.readline().split()
    assert word == "pid"
    return int(pid)


def wait_status(zygote) -> int:
    word, status = zygote.stdout.readline().split()
    assert word == "status"
    return int(status)


def same_state(a, b) -> bool:
    """Equal tensors (torch.equal), numbers, strings and containers, bit for bit."""
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_state(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same_state(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)  # NaN (loss_d is NaN nowhere here, but history may hold it)


def test_sigkill_at_random_moments_then_resume_equals_the_uninterrupted_run(tmp_path):
    zygote = start_zygote()
    try:
        reference = tmp_path / "reference.pt"
        t0 = time.monotonic()
        launch(zygote, reference, slow=True)
        assert wait_status(zygote) == 0
        duration = time.monotonic() - t0

        path, tmp = tmp_path / "run.pt", tmp_path / ".run.pt.tmp"
        rng = random.Random(17)
        kills = in_save = 0
        while kills < 20 or (in_save == 0 and kills < 80):
            started = time.time()
            pid = launch(zygote, path)
            time.sleep(rng.uniform(0.0, duration / 60))  # small steps: 20+ kills before the run ends
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # it finished and was reaped before the kill came
                pass
            status = wait_status(zygote)
            if os.WIFEXITED(status):  # it finished before the kill came: nothing left to kill
                assert os.WEXITSTATUS(status) == 0
                break
            assert os.WTERMSIG(status) == signal.SIGKILL
            kills += 1
            in_save += tmp.exists() and tmp.stat().st_mtime >= started - 0.01
        else:
            launch(zygote, path)  # the last attempt is left to finish
            assert wait_status(zygote) == 0
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    print(f"{kills} kills, {in_save} inside a save")
    assert kills >= 20 and in_save >= 1
    done, ref = checkpoint.load_checkpoint(path), checkpoint.load_checkpoint(reference)
    assert done["trainer"]["step_count"] == ITERATIONS
    for state in (done, ref):
        state["trainer"].pop("elapsed_seconds")  # wall-clock time, the one thing that differs
    assert same_state(done, ref)
