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
