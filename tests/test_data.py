import gzip
import shutil

import numpy as np
import pytest

from gan_edu import data

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def train():
    return data.load_mnist("train")


def test_train_split_shapes_range_and_counts(train):
    x, y = train
    assert tuple(x.shape) == (60000, 1, 28, 28) and str(x.dtype) == "torch.float32"
    assert float(x.min()) == 0.0 and float(x.max()) == 1.0
    assert y.bincount().tolist() == TRAIN_COUNTS


def test_test_split_counts():
    x, y = data.load_mnist("test")
    assert tuple(x.shape) == (10000, 1, 28, 28)
    assert y.bincount().tolist() == TEST_COUNTS


def test_pixels_match_raw_idx_bytes(train):
    raw = gzip.decompress((data.MNIST_DIR / "train-images-idx3-ubyte.gz").read_bytes())
    first = np.frombuffer(raw, np.uint8, count=784, offset=16).reshape(28, 28)
    np.testing.assert_array_equal((train[0][0, 0].numpy() * 255).round().astype(np.uint8), first)
    assert train[1][:3].tolist() == [5, 0, 4]  # the well-known first three training labels


@pytest.fixture
def copy_dir(tmp_path):
    for name in data.MNIST_FILES:
        shutil.copy(data.MNIST_DIR / name, tmp_path / name)
    return tmp_path


def test_missing_file_is_named(copy_dir):
    (copy_dir / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.MNISTFileError, match="t10k-labels-idx1-ubyte.gz is missing"):
        data.load_mnist("test", root=copy_dir)


def test_truncated_file_is_named(copy_dir):
    path = copy_dir / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:100_000])
    with pytest.raises(data.MNISTFileError, match="t10k-images-idx3-ubyte.gz is truncated"):
        data.load_mnist("test", root=copy_dir)


def test_byte_flipped_archive_is_named(copy_dir):
    path = copy_dir / "t10k-labels-idx1-ubyte.gz"
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(data.MNISTFileError, match="t10k-labels-idx1-ubyte.gz is (truncated|altered)"):
        data.load_mnist("test", root=copy_dir)


def test_altered_content_fails_md5(copy_dir):
    path = copy_dir / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(path.read_bytes()))
    raw[100] = (raw[100] + 1) % 10  # a valid archive with one label changed
    path.write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(data.MNISTFileError, match="t10k-labels-idx1-ubyte.gz is altered"):
        data.load_mnist("test", root=copy_dir)


def test_bad_split_names_argument():
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        data.load_mnist("validation")

