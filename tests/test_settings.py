import pytest
import torch

from gan_edu import settings


@pytest.mark.parametrize("value, fast", [("0", False), ("", False), ("1", True), ("true", True)])
def test_fast_switch(monkeypatch, value, fast):
    monkeypatch.setenv(settings.FAST_ENV, value)
    assert settings.fast_mode() is fast
    assert settings.choose(classroom=1000, fast=10) == (10 if fast else 1000)


def test_classroom_is_the_default(monkeypatch):
    monkeypatch.delenv(settings.FAST_ENV, raising=False)
    assert settings.choose(classroom="long", fast="short") == "long"


def test_bad_switch_value_is_named(monkeypatch):
    monkeypatch.setenv(settings.FAST_ENV, "maybe")
    with pytest.raises(ValueError, match="GAN_EDU_FAST must be 0 or 1"):
        settings.fast_mode()


def test_device_prefers_cuda_then_mps(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert settings.device().type == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert settings.device().type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert settings.device().type == "cpu"


def test_use_threads_names_the_range():
    import os

    from gan_edu import settings

    with pytest.raises(ValueError, match=r"threads must be an integer in \[1, "):
        settings.use_threads((os.cpu_count() or 1) + 1)
    with pytest.raises(ValueError, match="threads must be an integer"):
        settings.use_threads(True)


def test_adaptive_threads_keeps_the_faster_count_and_warns_once_when_the_machine_slows(monkeypatch):
    """A fake clock: 1 thread takes 0.02 s an iteration, 2 threads 0.01 s; then a 'busy' machine slows both 4x."""
    import types

    import torch

    from gan_edu import settings

    clock = {"t": 0.0, "slow": 1.0}
    monkeypatch.setattr(settings.time, "perf_counter", lambda: clock["t"])
    said = []
    policy = settings.AdaptiveThreads(choices=(1, 2), probe=4, recheck_seconds=5.0, say=said.append)
    trainer = types.SimpleNamespace(step_count=0)
    previous = torch.get_num_threads()
    try:
        for step in range(3000):
            per_iteration = (0.02 if torch.get_num_threads() == 1 else 0.01) * clock["slow"]
            clock["t"] += per_iteration
            trainer.step_count += 1
            if step == 1500:
                clock["slow"] = 4.0
            policy(trainer)
        assert torch.get_num_threads() == 2 and policy.rates[2] > policy.rates[1]
        assert len(said) == 1 and "Another program is using the CPU" in said[0] and "25%" in said[0]
        assert "threads: 1 for" in policy.summary()
    finally:
        torch.set_num_threads(previous)
