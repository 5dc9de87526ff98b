"""The test suite runs per device: ``pytest`` on CPU, ``pytest --device cuda`` (or GRADLIB_TEST_DEVICE=cuda)
on CuPy, skipping with a reason where no GPU is present. ``pytest --device cuda:1`` runs the CUDA tests on the
second GPU while the current CUDA device stays 0 (work that launches on the current device instead of its
tensors' shows up there); it skips unless that many GPUs are visible.

``pytest --device cuda --cupy-stand-in`` (or GRADLIB_CUPY_STAND_IN=1) runs the CUDA path without a GPU on a
NumPy-backed stand-in for CuPy (tests/cupy_stand_in/): the run fails when gradlib makes a call CuPy refuses,
works on the wrong device, or waits for the device where PyTorch would not (tests/cupy_stand_in/allowed_syncs.py).
"""
import argparse
import contextlib
import gc
import os
import re
import sys

import pytest

# The recorder needs PyTorch; the tests only read what it wrote.
collect_ignore = ["tests/reference/record_torch.py", "tests/cupy_stand_in"]  # the stand-in is test machinery, not tests


def _device_option(value):
    """'cpu', 'cuda' or 'cuda:N', as given."""
    if not re.fullmatch(r"cpu|cuda(:\d+)?", value):
        raise argparse.ArgumentTypeError(f"expected cpu, cuda or cuda:N, got {value!r}")
    return value


def pytest_addoption(parser):
    parser.addoption("--device", action="store", default=os.environ.get("GRADLIB_TEST_DEVICE", "cpu"),
                     type=_device_option, metavar="{cpu,cuda,cuda:N}",
                     help="device the tests run on (default: cpu, or $GRADLIB_TEST_DEVICE); cuda:N keeps the "
                          "current CUDA device at 0")
    parser.addoption("--cupy-stand-in", action="store_true",
                     default=os.environ.get("GRADLIB_CUPY_STAND_IN", "") not in ("", "0"),
                     help="use the NumPy-backed CuPy stand-in (tests/cupy_stand_in) as CuPy; fail the run on "
                          "refusals, wrong-device work and syncs outside allowed_syncs.py ($GRADLIB_CUPY_STAND_IN=1)")
    parser.addoption("--cupy-stand-in-report-only", action="store_true",
                     help="with --cupy-stand-in: report the stand-in's events without failing the run")


def pytest_configure(config):
    config.addinivalue_line("markers", "cpu_only(reason): the test exercises CPU-only behaviour (skipped under --device cuda with the reason)")
    if config.getoption("--cupy-stand-in"):
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests", "cupy_stand_in"))
        try:
            from plugin import StandInPlugin
        finally:
            del sys.path[0]
        strict = not config.getoption("--cupy-stand-in-report-only")
        config.pluginmanager.register(StandInPlugin(config, strict), "cupy-stand-in")


def pytest_collection_modifyitems(config, items):
    """A public function wrapped for ``__torch_function__`` dispatch (``gradlib.exp``, gradlib/_torch_function.py)
    is gradlib's by ``__module__``, so its docstring is found again under gradlib: keep the example once, where the
    function is defined (``gradlib.ops.elementwise.exp``)."""
    kept = []
    for item in items:
        if type(item).__name__ == "DoctestItem" and item.name.startswith("gradlib."):
            owner, _, name = item.name.rpartition(".")
            function = getattr(sys.modules.get(owner), name, None)
            implementation = getattr(function, "__torch_function_implementation__", None)
            if implementation is not None and implementation.__module__ != owner:
                config.hook.pytest_deselected(items=[item])
                continue
        kept.append(item)
    items[:] = kept


def pytest_collection_finish(session):
    """Move everything collection made (~40,000 test items, the recorded reference tables) out of the garbage
    collector's sight: each full collection during the run otherwise walks it again, which made object-heavy tests
    (captured-step replays, the tutorial programs) several times slower inside the whole suite than alone. Objects
    the tests make are collected as usual."""
    gc.collect()
    gc.freeze()


_frozen_through = [None]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The same at each test module's first test, for what the modules before it left alive (caches, loaded
    reference tables, imported modules: ~200,000 objects by the middle of the suite). A full collection walked
    them all again: a captured step's ``gc.collect()`` took 0.2 s there, and test_replay15 six times as long as
    alone. The collection before freezing frees what is garbage; only the module's own objects are walked."""
    module = item.nodeid.partition("::")[0]
    if module != _frozen_through[0]:
        _frozen_through[0] = module
        gc.collect()
        gc.freeze()


class SyncCounter:
    """The device-to-host syncs seen inside a ``host_syncs()`` block: ``count`` and ``events`` (what, site)."""

    def __init__(self, active):
        self.active = active
        self.events = []

    @property
    def count(self):
        return len(self.events)

    def __repr__(self):
        return f"SyncCounter({self.count}: {[(e.what, e.site) for e in self.events]})"


@pytest.fixture
def host_syncs(request):
    """``with host_syncs() as s: ...; assert s.count == 0``: counts the stand-in's device-to-host syncs made in
    the block (``s.active`` is True under --cupy-stand-in); elsewhere nothing is counted (``s.active`` False).
    ``host_syncs(on_sync=f)`` also calls ``f(event)`` for each."""
    events_module = sys.modules.get("cupy._events") if request.config.getoption("--cupy-stand-in") else None

    @contextlib.contextmanager
    def counting(on_sync=None):
        counter = SyncCounter(events_module is not None)
        if events_module is None:
            yield counter
            return

        def listen(event):
            if event.kind == "sync":
                counter.events.append(event)
                if on_sync is not None:
                    on_sync(event)
        events_module._listeners.append(listen)
        try:
            yield counter
        finally:
            events_module._listeners.remove(listen)
    return counting


# Docstring examples of the 'mpi' backend (CPU tensors by definition; 'nccl' is tested in tests/test_nccl.py).
_CPU_BACKEND_EXAMPLES = ("gradlib.distributed.", "gradlib.nn.parallel.")
# examples of what a CPU tensor or PyTorch's CPU-only build does (host-memory methods; PyTorch's CPU draws of
# poisson): skipped with that reason on CUDA, where tests/test_waits8.py checks the CUDA behaviour
_CPU_ONLY_EXAMPLES = ("gradlib._tensor_methods_host.", "gradlib._sampling.poisson")


class _OnCudaChecker:
    """Docstring examples show what PyTorch prints on the CPU. Run on CUDA, the same example prints the same
    values plus the device (``device='cuda:0'``, ``gradlib.cuda.FloatTensor``): accept exactly that difference,
    for the GPU under test (``index``)."""

    def __init__(self, checker, index=0):
        self._checker = checker
        # a CPU tensor names its device; a sparse tensor's device suffix starts a line of its own
        self._on_cuda = ((re.compile(rf",\s+device='(cuda:{index}|cpu)'"), ""),
                         (re.compile(rf"device\(type='cuda', index={index}\)"), "device(type='cpu')"),
                         (re.compile(rf"\bcuda:{index}\b"), "cpu"),
                         (re.compile(r"\bcuda\.(\w+Tensor)\b"), r"\1"))

    def check_output(self, want, got, optionflags):
        if self._checker.check_output(want, got, optionflags):  # an example about devices prints them as they are
            return True
        for pattern, replacement in self._on_cuda:
            got = pattern.sub(replacement, got)
        return self._checker.check_output(want, got, optionflags)

    def output_difference(self, example, got, optionflags):
        return self._checker.output_difference(example, got, optionflags)


def _skip_without_cuda(name):
    """Skip unless the CUDA device ``name`` ('cuda' or 'cuda:N') is usable; return its index (0 for 'cuda')."""
    import gradlib
    if not gradlib.cuda.is_available():
        pytest.skip(f"--device {name}: no usable CUDA GPU here (CuPy missing or no GPU visible)")
    index = int(name.partition(":")[2] or 0)
    if gradlib.cuda.device_count() <= index:
        pytest.skip(f"--device {name}: needs {index + 1} CUDA GPUs, {gradlib.cuda.device_count()} visible")
    return index


@pytest.fixture(scope="session")
def device(request):
    """The device under test as given ('cpu', 'cuda' or 'cuda:N'); skips the test where that GPU is missing.
    Tests compare ``gradlib.device(device).type``, never the string."""
    name = request.config.getoption("--device")
    if name != "cpu":
        _skip_without_cuda(name)
    return name


@pytest.fixture(autouse=True)
def _default_device(request):
    """Tests that do not ask for a device still run on the chosen one via the default device."""
    import gradlib
    name = request.config.getoption("--device")
    if type(request.node).__name__ == "DoctestItem" and request.node.name.startswith(_CPU_BACKEND_EXAMPLES):
        import gradlib.distributed
        if not gradlib.distributed.is_mpi_available():
            pytest.skip("the 'mpi' backend's examples need mpi4py and an MPI runtime: pip install "
                        "'gradlib[distributed]'")
        yield  # they move CPU tensors, whatever the device under test
        return
    if name != "cpu":
        marker = request.node.get_closest_marker("cpu_only")
        if marker:
            pytest.skip(marker.kwargs.get("reason", "CPU-only behaviour"))
        if type(request.node).__name__ == "DoctestItem" and request.node.name.startswith(_CPU_ONLY_EXAMPLES):
            pytest.skip("an example of CPU tensors or PyTorch's CPU-only build (tests/test_waits8.py covers CUDA)")
        index = _skip_without_cuda(name)
        if type(request.node).__name__ == "DoctestItem":
            request.node.runner._checker = _OnCudaChecker(request.node.runner._checker, index)
        gradlib.set_default_device(name)
    yield
    gradlib.set_default_device("cpu")
    gradlib.set_default_dtype(gradlib.float32)
