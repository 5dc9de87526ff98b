"""The test suite runs per device: ``pytest`` on CPU, ``pytest --device cuda`` (or GRADLIB_TEST_DEVICE=cuda)
on CuPy, skipping with a reason where no GPU is present."""
import os

import pytest

# The recorder needs PyTorch; the tests only read what it wrote.
collect_ignore = ["tests/reference/record_torch.py"]


def pytest_addoption(parser):
    parser.addoption("--device", action="store", default=os.environ.get("GRADLIB_TEST_DEVICE", "cpu"),
                     choices=("cpu", "cuda"), help="device the tests run on (default: cpu, or $GRADLIB_TEST_DEVICE)")


def pytest_configure(config):
    config.addinivalue_line("markers", "cpu_only: the test exercises CPU-only behaviour (NumPy interop)")


@pytest.fixture(scope="session")
def device(request):
    """The device under test ('cpu' or 'cuda'); skips the test where CUDA was asked for but is missing."""
    name = request.config.getoption("--device")
    if name == "cuda":
        import gradlib
        if not gradlib.cuda.is_available():
            pytest.skip("--device cuda: no usable CUDA GPU here (CuPy missing or no GPU visible)")
    return name


@pytest.fixture(autouse=True)
def _default_device(request):
    """Tests that do not ask for a device still run on the chosen one via the default device."""
    import gradlib
    name = request.config.getoption("--device")
    if name == "cuda":
        if type(request.node).__name__ == "DoctestItem":
            pytest.skip("docstring examples show CPU output")
        if request.node.get_closest_marker("cpu_only"):
            pytest.skip("CPU-only behaviour (NumPy interop)")
        if not gradlib.cuda.is_available():
            pytest.skip("--device cuda: no usable CUDA GPU here (CuPy missing or no GPU visible)")
        gradlib.set_default_device("cuda")
    yield
    gradlib.set_default_device("cpu")
    gradlib.set_default_dtype(gradlib.float32)
