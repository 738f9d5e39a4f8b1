"""MNIST models: the paper's MLP pair, a small DCGAN pair, and the classifier behind the metrics.

Generators map noise z of shape (m, z_dim) to images (m, 1, 28, 28) with pixels in [0, 1]
(a sigmoid output, like the data); discriminators map images to logits (m, 1). Every weight
is drawn from an explicit ``torch.Generator``, so a seed fixes a model.
"""

from __future__ import annotations

import torch
from torch import nn

from . import validate

__all__ = ["KINDS", "MLPGenerator", "MLPDiscriminator", "DCGenerator", "DCDiscriminator", "Classifier",
           "init_weights", "gan_pair", "sample_z", "real_sampler", "generate"]

KINDS = ("mlp", "dcgan")


def _widths(hidden) -> tuple:
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
        raise TypeError(f"hidden must be a tuple of layer widths, e.g. (256, 512) (got {type(hidden).__name__})")
    return tuple(hidden)


def _noise_batch(z: torch.Tensor, z_dim: int) -> torch.Tensor:
    if not isinstance(z, torch.Tensor) or z.ndim != 2 or z.shape[1] != z_dim:
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        raise ValueError(f"z must be a tensor of shape (m, {z_dim}), z_dim={z_dim} (got {got})")
    return z


def _image_batch(x: torch.Tensor) -> torch.Tensor:
    if not isinstance(x, torch.Tensor) or x.ndim < 2 or x[0].numel() != 784:
        got = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"x must be a tensor of images of shape (m, 1, 28, 28) (got {got})")
    return x


def init_weights(model: nn.Module, generator: torch.Generator, std: float | None = None) -> nn.Module:
    """Redraw every Linear/Conv weight: N(0, std^2) if std is given (DCGAN's 0.02), else U(+-1/sqrt(fan_in)); biases 0."""
    validate.instance("model", model, nn.Module, "a torch.nn.Module")
    validate.torch_generator("generator", generator)
    if std is not None:
        std = validate.in_range("std", std, 1e-12, float("inf"))
    for layer in model.modules():
        if isinstance(layer, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            w = layer.weight
            with torch.no_grad():
                if std is None:  # fan_in = w[0].numel(), as PyTorch's default init counts it
                    w.copy_((torch.rand(w.shape, generator=generator) * 2 - 1) / w[0].numel()**0.5)
                else:
                    w.copy_(torch.randn(w.shape, generator=generator) * std)
                if layer.bias is not None:
                    layer.bias.zero_()
    return model


class MLPGenerator(nn.Module):
    """G(z) = sigmoid(W_3 relu(BN(W_2 relu(BN(W_1 z))))): z (m, z_dim) -> x (m, 1, 28, 28), after Goodfellow et al. (2014)."""

    def __init__(self, z_dim: int = 100, hidden: tuple[int, ...] = (256, 512)):
        super().__init__()
        sizes = [validate.positive_int("z_dim", z_dim)] + [validate.positive_int("hidden[i]", h) for h in _widths(hidden)]
        layers: list[nn.Module] = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(n_in, n_out), nn.BatchNorm1d(n_out), nn.ReLU()]
        self.net = nn.Sequential(*layers, nn.Linear(sizes[-1], 784), nn.Sigmoid())
        self.z_dim = z_dim

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(_noise_batch(z, self.z_dim)).view(-1, 1, 28, 28)  # (m, 1, 28, 28)


class MLPDiscriminator(nn.Module):
    """D(x) = W_3 lrelu(W_2 lrelu(W_1 x)): x (m, 1, 28, 28) -> logit (m, 1)."""

    def __init__(self, hidden: tuple[int, ...] = (512, 256)):
        super().__init__()
        sizes = [784] + [validate.positive_int("hidden[i]", h) for h in _widths(hidden)]
        layers: list[nn.Module] = [nn.Flatten()]
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(n_in, n_out), nn.LeakyReLU(0.2)]
        self.net = nn.Sequential(*layers, nn.Linear(sizes[-1], 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(_image_batch(x))  # (m, 1) logits


class DCGenerator(nn.Module):
    """DCGAN-style G: z -> (c, 7, 7) -> transposed conv -> (c/2, 14, 14) -> transposed conv -> sigmoid (1, 28, 28)."""

    def __init__(self, z_dim: int = 100, channels: int = 64):
        super().__init__()
        c = validate.positive_int("channels", channels, minimum=2)
        self.z_dim, self.c = validate.positive_int("z_dim", z_dim), c
        self.project = nn.Sequential(nn.Linear(z_dim, c * 49), nn.BatchNorm1d(c * 49), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(c, c // 2, 4, stride=2, padding=1), nn.BatchNorm2d(c // 2), nn.ReLU(),  # (c/2, 14, 14)
            nn.ConvTranspose2d(c // 2, 1, 4, stride=2, padding=1), nn.Sigmoid())  # (1, 28, 28)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(self.project(_noise_batch(z, self.z_dim)).view(-1, self.c, 7, 7))


class DCDiscriminator(nn.Module):
    """DCGAN-style D on n_pack images stacked as channels (PacGAN, lesson 05): (m, 1, 28, 28) -> logits (m / n_pack, 1)."""

    def __init__(self, channels: int = 64, n_pack: int = 1):
        super().__init__()
        c = validate.positive_int("channels", channels, minimum=2)
        self.n_pack = validate.positive_int("n_pack", n_pack)
        self.net = nn.Sequential(
            nn.Conv2d(n_pack, c // 2, 4, stride=2, padding=1), nn.LeakyReLU(0.2),  # (c/2, 14, 14)
            nn.Conv2d(c // 2, c, 4, stride=2, padding=1), nn.BatchNorm2d(c), nn.LeakyReLU(0.2),  # (c, 7, 7)
            nn.Flatten(), nn.Linear(c * 49, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if len(_image_batch(x)) % self.n_pack:
            raise ValueError(f"x must have a number of rows that is a multiple of n_pack={self.n_pack} (got {len(x)})")
        return self.net(x.reshape(-1, self.n_pack, 28, 28))  # (m / n_pack, 1) logits


class Classifier(nn.Module):
    """A small CNN: x (m, 1, 28, 28) -> logits (m, 10); ``features`` is its 128-d penultimate layer."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (32, 14, 14)
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (64, 7, 7)
            nn.Flatten(), nn.Linear(64 * 49, 128), nn.ReLU())  # (128,)
        self.head = nn.Linear(128, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(_image_batch(x))  # (m, 128)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))  # (m, 10) logits


def gan_pair(kind: str, generator: torch.Generator, z_dim: int = 100, width: int | None = None,
             n_pack: int = 1, d_width: int | None = None) -> tuple[nn.Module, nn.Module]:
    """(G, D) of ``kind`` 'mlp' (width = G's first hidden layer) or 'dcgan' (width = channels, D packs n_pack images);
    ``d_width``, if given, is D's own width (else D's is ``width`` too)."""
    validate.torch_generator("generator", generator)
    z_dim, n_pack = validate.positive_int("z_dim", z_dim), validate.positive_int("n_pack", n_pack)
    if kind == "mlp":
        if n_pack != 1:
            raise ValueError(f"n_pack must be 1 for kind='mlp' (got {n_pack!r})")
        w = 256 if width is None else validate.positive_int("width", width)
        wd = w if d_width is None else validate.positive_int("d_width", d_width)
        return init_weights(MLPGenerator(z_dim, (w, 2 * w)), generator), init_weights(MLPDiscriminator((2 * wd, wd)), generator)
    if kind == "dcgan":
        c = 64 if width is None else validate.positive_int("width", width, minimum=2)
        cd = c if d_width is None else validate.positive_int("d_width", d_width, minimum=2)
        g = init_weights(DCGenerator(z_dim, c), generator, 0.02)
        return g, init_weights(DCDiscriminator(cd, n_pack), generator, 0.02)
    raise ValueError(f"kind must be one of {list(KINDS)} (got {kind!r})")


def sample_z(m: int, generator: torch.Generator, z_dim: int = 100) -> torch.Tensor:
    """m draws of z ~ N(0, I_z_dim), shape (m, z_dim)."""
    m, z_dim = validate.positive_int("m", m), validate.positive_int("z_dim", z_dim)
    return torch.randn(m, z_dim, generator=validate.torch_generator("generator", generator))


def real_sampler(x: torch.Tensor):
    """sample_real(m, generator): m images drawn uniformly, with replacement, from the in-memory tensor x (N, 1, 28, 28).

    The function keeps x as ``sample_real.data``, so a checkpoint can fingerprint the data."""
    x = validate.tensor("x", x, floating=True)
    if x.ndim < 1 or len(x) == 0:
        raise ValueError(f"x must be a tensor of N >= 1 images (N, 1, 28, 28) (got shape {tuple(x.shape)})")
    n = len(x)

    def sample_real(m: int, generator: torch.Generator) -> torch.Tensor:
        idx = torch.randint(0, n, (validate.positive_int("m", m),), generator=validate.torch_generator("generator", generator))
        return x[idx]  # (m, 1, 28, 28)
    sample_real.data = x
    return sample_real


@torch.no_grad()
def generate(g: nn.Module, n: int | None = None, seed: int = 0, batch_size: int = 1000,
             z: torch.Tensor | None = None) -> torch.Tensor:
    """Images G(z) (n, 1, 28, 28) on the CPU, for the given z (n, z_dim) or for n draws z ~ N(0, I) from ``seed``;
    G in eval mode meanwhile."""
    validate.instance("g", g, nn.Module, "a generator (torch.nn.Module with a z_dim)")
    if not isinstance(getattr(g, "z_dim", None), int):
        raise TypeError(f"g must be a generator with an integer z_dim, e.g. from gan_pair (got {type(g).__name__})")
    batch_size = validate.positive_int("batch_size", batch_size)
    if (n is None) == (z is None):
        raise ValueError("give either n (how many images, z drawn from seed) or z, not both")
    if z is None:
        z = sample_z(validate.positive_int("n", n), torch.Generator().manual_seed(validate.positive_int("seed", seed, 0)), g.z_dim)
    z = validate.tensor("z", z, ndim=2, floating=True)
    if z.shape[1] != g.z_dim or len(z) == 0:
        raise ValueError(f"z must have shape (n, {g.z_dim}) with n >= 1, g's z_dim (got {tuple(z.shape)})")
    was_training, device = g.training, next(g.parameters()).device
    g.eval()
    try:
        return torch.cat([g(z[i:i + batch_size].to(device)).cpu() for i in range(0, len(z), batch_size)])
    finally:
        g.train(was_training)
