"""The pretrain command line with a time budget: it ends on time, and load_generator loads what it writes."""

from dataclasses import replace

import pytest
import torch

from gan_edu import pretrain


def test_pretrain_classroom_with_minutes_ends_on_time_and_writes_a_loadable_generator(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # its checkpoint goes to ./checkpoints
    threads = torch.get_num_threads()
    try:
        pretrain.main(["classroom", "--minutes", "0.02", "--out", str(tmp_path / "g.pt"), "--threads", "1"])
    finally:
        torch.set_num_threads(threads)
    g, info = pretrain.load_generator(tmp_path / "g.pt")
    assert info["recipe"] == replace(pretrain.RECIPES["classroom"], minutes=0.02)
    assert 1.2 <= info["training_seconds"] < 1.2 + 1.0  # stops at the first iteration past the 1.2 s budget
    assert info["iterations"] >= 1 and f"{info['iterations']:,} iterations in" in capsys.readouterr().out
    assert g(torch.zeros(2, g.z_dim)).shape == (2, 1, 28, 28)


def test_pretrain_refuses_both_a_budget_and_an_iteration_count(capsys):
    with pytest.raises(SystemExit):
        pretrain.main(["classroom", "--minutes", "1", "--iterations", "10"])
    assert "give --iterations or --minutes, not both" in capsys.readouterr().err


def test_flops_per_iteration_counts_more_work_for_wider_networks():
    x = torch.rand(64, 1, 28, 28)
    narrow = pretrain.flops_per_iteration(pretrain.RECIPES["classroom"], x)
    assert narrow > 0
    assert pretrain.flops_per_iteration(replace(pretrain.RECIPES["classroom"], width=64), x) > 2 * narrow


def test_pretrain_refuses_a_bad_out_before_training(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="out: the folder .* does not exist"):
        pretrain.main(["classroom", "--minutes", "5", "--out", str(tmp_path / "no_such_folder" / "g.pt")])
    assert not (tmp_path / "checkpoints").exists()  # refused before any training or checkpoint
    with pytest.raises(ValueError, match="--threads must be 'auto' or an integer from 1 to"):
        pretrain.main(["classroom", "--minutes", "5", "--threads", "99", "--out", str(tmp_path / "g.pt")])


def test_the_checkpoint_is_named_after_the_recipe_so_a_corrected_out_resumes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recipe = replace(pretrain.RECIPES["classroom"], minutes=0.02)
    first = pretrain.train_gan(recipe, tmp_path / "a.pt", threads=1)
    again = pretrain.train_gan(recipe, tmp_path / "b.pt", threads=1)  # another --out: the same run, already finished
    assert again.step_count == first.step_count and (tmp_path / pretrain.checkpoint_name(recipe)).exists()
    assert pretrain.checkpoint_name(recipe) != pretrain.checkpoint_name(replace(recipe, minutes=0.03))
    with pytest.raises(ValueError, match="out must be a file path, not a folder"):
        pretrain.check_writable(tmp_path)
