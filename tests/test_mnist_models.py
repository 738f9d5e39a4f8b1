import pytest
import torch

from gan_edu import checkpoint, mnist_models as mm, pretrain


pytestmark = pytest.mark.usefixtures("one_thread")  # tests/conftest.py


@pytest.mark.parametrize("kind", mm.KINDS)
def test_pair_shapes_ranges_and_seeded_init(kind):
    g, d = mm.gan_pair(kind, torch.Generator().manual_seed(0), width=8)
    g2, _ = mm.gan_pair(kind, torch.Generator().manual_seed(0), width=8)
    g3, _ = mm.gan_pair(kind, torch.Generator().manual_seed(1), width=8)
    z = mm.sample_z(5, torch.Generator().manual_seed(0))  # (5, 100)
    x = g(z)
    assert z.shape == (5, 100) and x.shape == (5, 1, 28, 28)
    assert 0 <= x.min() and x.max() <= 1  # a sigmoid output, like the data
    assert d(x).shape == (5, 1) and d(torch.rand(5, 1, 28, 28)).shape == (5, 1)
    assert torch.equal(g(z), g2(z)) and not torch.equal(g(z), g3(z))


def test_dcgan_init_std_and_mlp_init_bound():
    g, d = mm.gan_pair("dcgan", torch.Generator().manual_seed(0))
    w = d.net[2].weight
    assert 0.019 < w.std().item() < 0.021 and abs(w.mean().item()) < 1e-3
    g, d = mm.gan_pair("mlp", torch.Generator().manual_seed(0))
    w = d.net[1].weight  # (512, 784): uniform on +-1/sqrt(784)
    assert 0.99 / 28 < w.abs().max().item() <= 1 / 28


def test_packed_discriminator_sees_n_pack_images_at_once():
    _, d = mm.gan_pair("dcgan", torch.Generator().manual_seed(0), width=8, n_pack=2)
    x = torch.rand(6, 1, 28, 28)
    assert d(x).shape == (3, 1)
    d.eval()  # batch normalisation then uses running statistics, so packs do not influence each other
    swapped = x[[1, 0, 2, 3, 4, 5]]  # the order inside a pack matters, the packs are independent
    assert not torch.equal(d(x)[0], d(swapped)[0]) and torch.equal(d(x)[1:], d(swapped)[1:])
    with pytest.raises(ValueError, match="x must have a number of rows that is a multiple of n_pack=2"):
        d(x[:5])


def test_discriminator_logits_are_unbounded():
    _, d = mm.gan_pair("mlp", torch.Generator().manual_seed(0), width=8)
    with torch.no_grad():
        d.net[-1].bias.fill_(50.0)
    assert d(torch.rand(3, 1, 28, 28)).min() > 40  # no sigmoid inside D


def test_generate_is_seeded_and_independent_of_batch_size():
    g, _ = mm.gan_pair("dcgan", torch.Generator().manual_seed(0), width=8)
    a = mm.generate(g, 10, seed=3, batch_size=4)
    b = mm.generate(g, 10, seed=3, batch_size=10)
    c = mm.generate(g, 10, seed=4)
    torch.testing.assert_close(a, b)
    assert not torch.equal(a, c) and g.training  # eval mode only while generating
    z = mm.sample_z(10, torch.Generator().manual_seed(3))
    torch.testing.assert_close(mm.generate(g, z=z), a)


def test_real_sampler_draws_with_the_given_generator():
    x = torch.arange(100.0).view(100, 1, 1, 1)
    sample = mm.real_sampler(x)
    a, b = sample(8, torch.Generator().manual_seed(0)), sample(8, torch.Generator().manual_seed(0))
    assert torch.equal(a, b) and a.shape == (8, 1, 1, 1) and set(a.ravel().tolist()) <= set(range(100))


def test_classifier_shapes():
    model = mm.Classifier()
    x = torch.rand(4, 1, 28, 28)
    assert model(x).shape == (4, 10) and model.features(x).shape == (4, 128)


@pytest.mark.parametrize("call, message", [
    (lambda: mm.gan_pair("gru", torch.Generator()), r"kind must be one of \['mlp', 'dcgan'\]"),
    (lambda: mm.gan_pair("mlp", torch.Generator(), width=0), "width must be an integer >= 1"),
    (lambda: mm.gan_pair("dcgan", torch.Generator(), z_dim=0), "z_dim must be an integer >= 1"),
    (lambda: mm.generate(mm.MLPGenerator(), 0), "n must be an integer >= 1"),
    (lambda: mm.generate(mm.MLPGenerator(), 2, z=torch.zeros(3, 100)), "give either n .* or z, not both"),
    (lambda: mm.gan_pair("mlp", torch.Generator(), n_pack=2), "n_pack must be 1 for kind='mlp'"),
    (lambda: mm.gan_pair("dcgan", torch.Generator(), n_pack=0), "n_pack must be an integer >= 1"),
    (lambda: pretrain.schedule(pretrain.Recipe(lr_decay=1.5)), r"lr_decay must lie in \[0.0, 1.0\]"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("name", ["mlp_gan", "dcgan", "classifier"])
def test_shipped_weights_are_small_and_load_with_weights_only(name):
    path = pretrain.WEIGHTS_DIR / f"{name}.pt"
    assert path.stat().st_size < 5e6
    state = torch.load(path, weights_only=True)
    assert state["format"] == checkpoint.FORMAT and set(state) >= {"kind", "meta", "state_dict"}
    if name == "classifier":
        model, info = pretrain.load_classifier()
        assert info["test_accuracy"] >= 0.98 and not model.training
    else:
        g, info = pretrain.load_generator(name)
        assert info["recipe"] == pretrain.RECIPES[name]  # made by the documented command, with today's recipe
        assert info["iterations"] == info["recipe"].n_iterations and not g.training
        x = mm.generate(g, 4)
        assert x.shape == (4, 1, 28, 28) and 0 <= x.min() and x.max() <= 1


def test_loading_the_wrong_kind_of_weights_says_so():
    with pytest.raises(checkpoint.CheckpointError, match="not a generator's"):
        pretrain.load_generator(pretrain.WEIGHTS_DIR / "classifier.pt")


def test_train_gan_saves_a_generator_that_loads_back(tmp_path, capsys):
    recipe = pretrain.Recipe("dcgan", width=4, n_pack=2, n_iterations=4, batch_size=8, lr_decay=0.5)
    trainer = pretrain.train_gan(recipe, tmp_path / "tiny.pt", checkpoint_path=tmp_path / "ckpt.pt")
    g, info = pretrain.load_generator(tmp_path / "tiny.pt")
    assert info["iterations"] == 4 and info["recipe"] == recipe
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(recipe.lr / 2)  # decayed over iterations 3 and 4
    z = mm.sample_z(4, torch.Generator().manual_seed(0))
    torch.testing.assert_close(mm.generate(g, z=z), mm.generate(trainer.generator, z=z))
    pretrain.train_gan(recipe, tmp_path / "tiny.pt", checkpoint_path=tmp_path / "ckpt.pt")  # finished: resumes, trains nothing
    assert "resumed from" in capsys.readouterr().out
