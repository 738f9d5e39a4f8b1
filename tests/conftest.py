import sys

import pytest
import torch


@pytest.fixture
def one_thread():
    """Small models run fastest on one thread, and two threads crawl when the cores are busy with other tests."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(autouse=True)
def close_figures():
    """pyplot keeps every figure a test opens; close them so a worker does not pile up dozens."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
