import pytest
import torch


@pytest.fixture
def one_thread():
    """Small models run fastest on one thread, and two threads crawl when the cores are busy with other tests."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
