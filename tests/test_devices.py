"""Devices and backends: parsing, defaults, CUDA absent or present, mixed-device errors, transfers."""
import subprocess
import sys

import pytest

import broken_cupy
import gradlib
from gradlib._tensor import wrap


def test_device_parsing_and_printing():
    assert str(gradlib.device("cuda:1")) == "cuda:1"
    assert gradlib.device("cuda", 1) is gradlib.device("cuda:1")
    assert repr(gradlib.device("cpu")) == "device(type='cpu')"
    assert gradlib.device("cpu") == gradlib.device("cpu")
    # as in PyTorch, a device never equals a string (torch.device('cpu') == 'cpu' is False)
    assert gradlib.device("cpu") != "cpu" and not (gradlib.device("cuda:0") == "cuda:0") and "cpu" != gradlib.device("cpu")
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda, meta device type"):
        gradlib.device("tpu")


def test_import_without_cupy_never_fails():
    code = ("import sys; sys.modules['cupy'] = None; sys.modules['cupyx'] = None; import gradlib; "
            "print(gradlib.cuda.is_available(), gradlib.cuda.device_count())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "0"]


def test_cuda_request_without_cupy_says_how_to_install():
    code = ("import sys; sys.modules['cupy'] = None; sys.modules['cupyx'] = None; import gradlib\n"
            "try:\n    gradlib.zeros(2, device='cuda')\nexcept AssertionError as e:\n    print(e, *e.__notes__)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Torch not compiled with CUDA enabled")  # PyTorch's CPU build's error
    assert "pip install 'gradlib[cuda12]'" in result.stdout and "CuPy" in result.stdout


def test_mixed_devices_raise_naming_both():
    """Without a GPU the CUDA tensor is simulated (a host array labelled cuda:0): the check is the same code.
    The CPU tensor is asked for by name: under --device cuda the default device is cuda:0. PyTorch's
    TensorIterator names the first non-CPU device first, whatever the order of the operands."""
    cpu = gradlib.ones(2, device="cpu")
    fake_cuda = wrap(cpu._array, gradlib.device("cuda:0"))
    fake_cuda1 = wrap(cpu._array, gradlib.device("cuda:1"))
    with pytest.raises(RuntimeError, match=r"same device, but found at least two devices, cuda:0 and cpu!"):
        cpu + fake_cuda
    with pytest.raises(RuntimeError, match=r"cuda:0 and cpu!"):
        fake_cuda * cpu
    with pytest.raises(RuntimeError, match=r"cuda:1 and cuda:0!"):
        gradlib.where(gradlib.tensor(True, device="cpu"), fake_cuda1, fake_cuda)


def test_zero_dim_cpu_tensor_may_join_other_device():
    scalar = gradlib.tensor(2.0)
    vector = gradlib.ones(2)
    assert (vector * scalar).tolist() == [2.0, 2.0]


def test_factories_take_device(device):
    for made in (gradlib.zeros(2, device=device), gradlib.ones(2, device=device), gradlib.arange(3, device=device),
                 gradlib.randn(2, device=device), gradlib.rand(2, device=device), gradlib.eye(2, device=device),
                 gradlib.full((2,), 1.0, device=device), gradlib.tensor([1.0], device=device),
                 gradlib.linspace(0, 1, 3, device=device), gradlib.randint(0, 5, (2,), device=device)):
        assert made.device.type == gradlib.device(device).type


def test_to_same_device_is_identity_and_cpu_roundtrip(device):
    x = gradlib.ones(2, requires_grad=True)
    assert x.to(x.device) is x
    y = x.cpu() * 2
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_set_default_device():
    gradlib.set_default_device("cpu")
    assert gradlib.get_default_device() is gradlib.device("cpu")


@pytest.mark.skipif(gradlib.cuda.is_available(), reason="CUDA is usable here (a GPU, or the CuPy stand-in)")
def test_cuda_unavailable_here():
    assert gradlib.cuda.is_available() is False
    with pytest.raises((RuntimeError, AssertionError)) as caught:  # no CuPy: PyTorch's CPU build's AssertionError
        gradlib.ones(2).cuda()
    text = str(caught.value) + " ".join(getattr(caught.value, "__notes__", []))
    assert "gradlib cannot use CUDA" in text and "pip install 'gradlib[cuda12]'" in text, text


def test_manual_seed_reproducible(device):
    gradlib.manual_seed(7)
    a = gradlib.randn(5, device=device)
    gradlib.manual_seed(7)
    b = gradlib.randn(5, device=device)
    assert a.tolist() == b.tolist()


def test_numpy_interop_zero_copy():  # from_numpy makes a CPU tensor whatever the default device
    import numpy
    array = numpy.arange(3.0)
    t = gradlib.from_numpy(array)
    array[0] = 7.0
    assert t.tolist() == [7.0, 1.0, 2.0]
    assert numpy.asarray(t) is array or numpy.shares_memory(numpy.asarray(t), array)
    assert t.numpy() is array


def test_cuda_tensor_numpy_error_text():
    fake = wrap(gradlib.ones(2, device="cpu")._array, gradlib.device("cuda:0"))  # the label is all it reads
    with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
        fake.numpy()


def test_cupy_without_a_driver_gives_the_install_hint(monkeypatch):
    """CuPy installed, no driver or GPU: CuPy raises CUDARuntimeError from getDeviceCount(); gradlib answers
    False / 0 and raises its own RuntimeError with the install hint and CuPy's reason, never CuPy's error."""
    broken_cupy.install(monkeypatch)
    assert gradlib.cuda.is_available() is False
    assert gradlib.cuda.device_count() == 0
    attempts = (lambda: gradlib.zeros(2, device="cuda"), lambda: gradlib.zeros(2, device="cuda:0"),
                lambda: gradlib.ones(2, device="cpu").cuda(), gradlib.cuda.current_device,
                gradlib.cuda.synchronize)
    for attempt in attempts:
        with pytest.raises(RuntimeError) as caught:
            attempt()
        assert type(caught.value) is RuntimeError, type(caught.value)
        message = str(caught.value)
        assert message.startswith("gradlib cannot use CUDA: CuPy found no usable CUDA driver or GPU"), message
        assert "pip install 'gradlib[cuda12]'" in message, message
        assert message.endswith(f"(CuPy says: {broken_cupy.NO_DRIVER})"), message


def test_cupy_that_sees_no_gpu_gives_the_install_hint(monkeypatch):
    broken_cupy.install(monkeypatch, device_count=0)
    assert gradlib.cuda.is_available() is False and gradlib.cuda.device_count() == 0
    with pytest.raises(RuntimeError, match=r"no CUDA GPU is visible\. CUDA support needs CuPy"):
        gradlib.zeros(2, device="cuda")


def test_cupy_that_fails_to_import_gives_the_install_hint(monkeypatch):
    broken_cupy.install_failing_import(monkeypatch, OSError("libcudart.so.12: cannot open shared object file"))
    assert gradlib.cuda.is_available() is False and gradlib.cuda.device_count() == 0
    with pytest.raises(RuntimeError) as caught:
        gradlib.zeros(2, device="cuda")
    assert str(caught.value).startswith("gradlib cannot use CUDA: CuPy failed to import. CUDA support needs")
    assert str(caught.value).endswith("(CuPy says: libcudart.so.12: cannot open shared object file)")


def test_cuda_rng_state_round_trip(device):
    """gradlib.cuda.get_rng_state / set_rng_state, PyTorch's API: a uint8 CPU tensor that repeats the draws."""
    if gradlib.device(device).type != "cuda":
        if not gradlib.cuda.is_available():
            with pytest.raises((RuntimeError, AssertionError)):
                gradlib.cuda.get_rng_state()
        return
    index = gradlib.empty(0, device=device).device.index  # 'cuda' is the current GPU
    gradlib.manual_seed(5)
    state = gradlib.cuda.get_rng_state(device)
    assert state.dtype is gradlib.uint8 and state.device.type == "cpu" and state.dim() == 1
    first = gradlib.rand(4, device=device).tolist()
    gradlib.cuda.set_rng_state(state, device)
    assert gradlib.rand(4, device=device).tolist() == first
    gradlib.cuda.set_rng_state(state, device=index)
    assert gradlib.rand(4, device=f"cuda:{index}").tolist() == first
    with pytest.raises(RuntimeError, match="RNG state is wrong size"):
        gradlib.cuda.set_rng_state(state[:-1], device)
    # PyTorch's checks: a uint8 CPU tensor only (any shape with the right number of bytes)
    for wrong in (state.float(), state.to(gradlib.int8), state.to(device)):
        with pytest.raises(TypeError, match=r"^RNG state must be a torch\.ByteTensor$"):
            gradlib.cuda.set_rng_state(wrong, device)
    with pytest.raises(TypeError, match="^expected a torch.ByteTensor, but got list$"):
        gradlib.cuda.set_rng_state(state.tolist(), device)
    gradlib.cuda.set_rng_state(state.reshape(-1, 4), device)
    assert gradlib.rand(4, device=device).tolist() == first


def test_cpu_tensor_made_without_a_device_lookup_works_as_the_first_tensor(device):
    """from_numpy and cuda.get_rng_state wrap a CPU array directly; as the first tensor of a program, the ops on it
    must still find the CPU backend (a fresh process: in this one the CPU is long since in use)."""
    make = (f"gradlib.cuda.get_rng_state({device!r})[:3]" if gradlib.device(device).type == "cuda"
            else "gradlib.from_numpy(numpy.array([1, 2, 3], dtype=numpy.uint8))")
    code = f"import gradlib, numpy\nt = {make}\nprint((t.float() * 2).device, t.sum().dtype)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["cpu", "gradlib.int64"]
