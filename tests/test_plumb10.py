"""The tensor plumbing and signal ops of issue 15 (helper plumb10) print what PyTorch printed for the same snippet
(recorded by tests/reference/plumb10.py into torch_plumb10.json), on the device under test; gradcheck and
gradgradcheck of the differentiable ones at their edges (the registry samples of tests/op_registry_plumb10.py
cover the generic checks); the CPU-only histogram refuses other devices as PyTorch's CUDA backend does."""
import json
import pathlib
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_plumb10.json").read_text())
#: snippets of CPU-only functions (PyTorch's histogram has no CUDA kernel; frombuffer/asarray of host memory)
_CPU_ONLY = ("histogram", "frombuffer", "np.array")


def test_there_are_snippets():
    assert len(RECORDED) >= 15


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and any(word in snippet for word in _CPU_ONLY):
        pytest.skip("host-memory or CPU-only function (checked on the CPU run)")
    if device != "cpu" and "tensor([2, 5])" in snippet:
        pytest.skip("range checks on a GPU are deferred (test_range_checks_on_a_gpu_are_deferred)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            printed = without_device_suffix(run_snippet(gradlib, snippet), device)
        finally:
            gradlib.set_printoptions(profile="default")
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def _f64(device, *values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device)


def test_as_strided_gradients(device):
    x = gradlib.arange(8., dtype=gradlib.float64, device=device).requires_grad_()
    for geometry in [((2, 3), (1, 2), 1), ((3, 3), (1, 1), 0), ((2, 2), (0, 1), 3), ((0, 2), (1, 1), 0), ((), (), 5)]:
        function = lambda a, g=geometry: a.as_strided(*g)
        assert gradlib.autograd.gradcheck(function, (x,))
        assert gradlib.autograd.gradgradcheck(function, (x,))
    expanded = lambda a: a.expand(3, 2).as_strided((2, 2), (1, 0))
    a = _f64(device, 1.5, -2.0).requires_grad_()
    assert gradlib.autograd.gradcheck(expanded, (a,))


def test_as_strided_shares_memory_and_version(device):
    x = gradlib.zeros(6, device=device)
    view = x.as_strided((2, 2), (1, 2), 1)
    view.add_(1)
    assert x.tolist() == [0., 1., 1., 1., 1., 0.]
    assert view._version == x._version == 1
    assert view.is_cuda == x.is_cuda


def test_index_write_gradients(device):
    a = gradlib.rand(3, 4, dtype=gradlib.float64, device=device, requires_grad=True)
    s = gradlib.rand(2, 4, dtype=gradlib.float64, device=device, requires_grad=True)
    index = gradlib.tensor([2, 0], device=device)
    mask = gradlib.tensor([[True, False, True, False], [False] * 4, [True] * 4], device=device)
    flat = gradlib.tensor([[0, 11], [5, 5]], device=device)
    for function in (lambda x, y: x.index_copy(0, index, y),
                     lambda x, y: x.masked_scatter(mask, y),
                     lambda x, y: x.put(flat, y[0], accumulate=True),
                     lambda x, y: gradlib.index_reduce(x, 0, index, y, "mean", include_self=False),
                     lambda x, y: x.index_reduce(0, index, y, "prod")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert gradlib.autograd.gradcheck(function, (a, s))
            assert gradlib.autograd.gradgradcheck(function, (a, s))


def test_zero_d_and_empty_edges(device):
    x = gradlib.tensor(2., dtype=gradlib.float64, device=device, requires_grad=True)
    v = gradlib.tensor(5., dtype=gradlib.float64, device=device, requires_grad=True)
    zero = gradlib.tensor([0], device=device)
    assert gradlib.autograd.gradcheck(lambda a, b: a.index_copy(0, zero, b), (x, v))
    assert gradlib.autograd.gradcheck(lambda a, b: a.put(zero, b.reshape(1)), (x, v))
    empty = gradlib.zeros(0, dtype=gradlib.float64, device=device, requires_grad=True)
    out = gradlib.ones(2, dtype=gradlib.float64, device=device, requires_grad=True).masked_scatter(
        gradlib.tensor([False, False], device=device), empty)
    out.sum().backward()
    assert empty.grad.shape == (0,)


def test_gradient_of_gradient(device):
    y = gradlib.rand(3, 4, dtype=gradlib.float64, device=device, requires_grad=True)
    c = gradlib.tensor([0., 1., 1.5, 3.], dtype=gradlib.float64, device=device)
    for kwargs in ({}, {"edge_order": 2}, {"spacing": (c,), "dim": 1, "edge_order": 2}, {"spacing": [2., 0.5]}):
        function = lambda a, k=kwargs: gradlib.gradient(a, **k)
        assert gradlib.autograd.gradcheck(function, (y,))
        assert gradlib.autograd.gradgradcheck(function, (y,))


def test_windows_on_the_device(device):
    for name in ("hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"):
        window = getattr(gradlib, name)(6, device=device, dtype=gradlib.float64)
        assert window.device.type == gradlib.device(device).type and window.dtype == gradlib.float64
        host = getattr(gradlib, name)(6, dtype=gradlib.float64, device="cpu")
        assert gradlib.allclose(window.cpu(), host)


def test_histogram_refuses_other_devices(device):
    if device == "cpu":
        pytest.skip("the CPU computes histograms")
    with pytest.raises(NotImplementedError, match="aten::histogram"):
        gradlib.histogram(gradlib.ones(3, device=device), 2)


def test_empty_strided_and_unsafe_split_devices(device):
    e = gradlib.empty_strided((2, 3), (1, 2), device=device)
    assert e.stride() == (1, 2) and e.device.type == gradlib.device(device).type
    x = gradlib.arange(6., device=device)
    assert [p.device for p in x.unsafe_split(4)] == [x.device] * 2
    assert x.get_device() == (-1 if device == "cpu" else x.device.index)


@pytest.mark.parametrize("bad", ["index_copy", "put", "masked_scatter", "index_reduce"])
def test_range_checks_on_a_gpu_are_deferred(bad, device):
    """On the CPU PyTorch's exceptions (the snippets); on a GPU a RuntimeError at the next synchronization."""
    if device == "cpu":
        pytest.skip("the CPU raises at once (recorded snippet)")
    x = gradlib.zeros(3, 4, device=device)
    calls = {"index_copy": lambda: x.index_copy(0, gradlib.tensor([2, 5], device=device), gradlib.ones(2, 4, device=device)),
             "put": lambda: x.put(gradlib.tensor([1, 12], device=device), gradlib.ones(2, device=device)),
             "masked_scatter": lambda: x.masked_scatter(x > -1, gradlib.ones(3, device=device)),
             "index_reduce": lambda: x.index_reduce(0, gradlib.tensor([0, 5], device=device),
                                                    gradlib.ones(2, 4, device=device), "prod")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RuntimeError, match="device-side assert"):
            calls[bad]()
            gradlib.cuda.synchronize(x.device)


def test_stft_and_istft_gradients(device):
    """First and second derivatives through the frames, the window, the fft ops and the overlap-add."""
    signal = gradlib.tensor([0.5, -1.0, 2.0, 0.0, 1.5, 3.0, -2.0, 1.0], dtype=gradlib.float64, device=device)
    signal.requires_grad_()
    window = gradlib.hann_window(4, dtype=gradlib.float64, device=device) + 0.1

    def forward(a):
        return gradlib.stft(a, 4, hop_length=2, window=window, return_complex=True)

    def real_view(a):
        return gradlib.stft(a, 4, hop_length=1, return_complex=False, normalized=True, pad_mode="constant")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert gradlib.autograd.gradcheck(forward, (signal,))
        assert gradlib.autograd.gradgradcheck(forward, (signal,))
        assert gradlib.autograd.gradcheck(real_view, (signal,))
        spectrum = forward(signal).detach().requires_grad_()
        inverse = lambda s: gradlib.istft(s, 4, hop_length=2, window=window, length=8)
        assert gradlib.autograd.gradcheck(inverse, (spectrum,))
        assert gradlib.autograd.gradgradcheck(inverse, (spectrum,))
        round_trip = gradlib.istft(forward(signal), 4, hop_length=2, window=window, length=8)
    assert gradlib.allclose(round_trip, signal)
    assert round_trip.device == signal.device


def test_istft_refuses_a_window_that_sums_to_zero(device):
    signal = gradlib.arange(8., device=device)
    spectrum = gradlib.stft(signal, 4, hop_length=4, window=gradlib.ones(4, device=device), return_complex=True)
    with pytest.raises(RuntimeError, match="window overlap add min"):  # on a GPU at the next synchronization
        gradlib.istft(spectrum, 4, hop_length=4, window=gradlib.hann_window(4, device=device))
        if device != "cpu":
            gradlib.cuda.synchronize(signal.device)
