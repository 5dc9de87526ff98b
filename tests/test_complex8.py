"""Complex tensors (helper complex8, issue 15) against PyTorch's recorded behaviour
(tests/reference/torch_complex8.json, cases in tests/reference/complex8_cases.py): complex64/complex128 and
their promotion, creation and the random stream, printing, values, gradients under PyTorch's convention and the
ops PyTorch refuses; plus gradcheck/gradgradcheck of every complex op (gradcheck checks complex functions through
real and imaginary parts, as PyTorch's does) and a gradcheck that must fail on a wrong complex gradient."""
import json
import math
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from gradlib.autograd import gradcheck, gradgradcheck
from gradlib.autograd.gradcheck import GradcheckError
from reference.complex8_cases import CASES
from reference.serialize import serialize
from test_torch_reference import normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_complex8.json").read_text())
_SINGLE = ("float32", "complex64", "float16")
#: cases whose gradient has a zero part PyTorch's formula order signs -0. (its lazy conj view): the printed sign of
#: zero is not compared there
_ZERO_SIGN = {"grad/conj_imag", "values/unary"}  # and neg: vectorized 0 - z in PyTorch


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py complex8"


def _repr_compared(name):
    """Transforms' values are compared, not their printing: NumPy's/CuPy's FFTs and PyTorch's round differently
    in the last bits, and a 1e-17 where PyTorch has an exact 0 changes the printed format."""
    return not name.startswith("fft/") or name in ("fft/freq", "fft/dtypes")


def _unsigned_zeros(text):
    return text.replace("-0.", " 0.").replace("+0.", " 0.").replace("(0.", "( 0.").replace("[0.", "[ 0.")


def _compare(found, expected, where, on_cpu):
    if isinstance(expected, dict) and "tensor" in expected and where.split(".")[0] in _ZERO_SIGN:
        found = {"tensor": dict(found["tensor"], repr=_unsigned_zeros(found["tensor"]["repr"]))}
        expected = {"tensor": dict(expected["tensor"], repr=_unsigned_zeros(expected["tensor"]["repr"]))}
    if isinstance(expected, dict) and "tensor" in expected:
        want, got = expected["tensor"], found["tensor"]
        assert (got["dtype"], got["shape"], got["requires_grad"]) == (want["dtype"], want["shape"],
                                                                       want["requires_grad"]), where
        _compare_values(got["values"], want["values"], 2e-6 if want["dtype"] in _SINGLE else 1e-12, where)
        if on_cpu:
            assert " ".join(normalize(got["repr"]).split()) == " ".join(normalize(want["repr"]).split()), where
        return
    if isinstance(expected, dict):
        assert isinstance(found, dict) and sorted(found) == sorted(expected), f"{where}: {found!r}"
        for key in expected:
            _compare(found[key], expected[key], f"{where}.{key}", on_cpu)
        return
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: {found!r} != {expected!r}"
        for index, (f, e) in enumerate(zip(found, expected)):
            _compare(f, e, f"{where}[{index}]", on_cpu)
        return
    if isinstance(expected, str):
        if on_cpu or "device" not in expected:
            assert " ".join(normalize(found).split()) == " ".join(normalize(expected).split()), where
        return
    if isinstance(expected, float):
        assert math.isclose(found, expected, rel_tol=1e-6, abs_tol=1e-6), where
        return
    assert found == expected, where


def _compare_values(found, expected, tolerance, where):
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), where
        for f, e in zip(found, expected):
            _compare_values(f, e, tolerance, where)
        return
    if math.isnan(expected) or math.isinf(expected):
        assert found == expected or (math.isnan(found) and math.isnan(expected)), f"{where}: {found} != {expected}"
        return
    assert math.isclose(found, expected, rel_tol=tolerance, abs_tol=tolerance), f"{where}: {found} != {expected}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    expected = RECORDED[name]
    scope = {"torch": gradlib}
    on_cpu = gradlib.device(device).type == "cpu"
    if name.startswith("create/rand") and not on_cpu:
        pytest.skip("PyTorch's CPU random stream (CUDA generators draw another)")
    if "error" in expected:
        error_type, message = expected["error"]
        with pytest.raises(Exception) as caught:
            exec(CASES[name], scope)
        assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
        found = normalize(str(caught.value))
        assert found == normalize(message) or (not on_cpu and found == normalize(message.replace("_cpu", "_cuda")))
        return
    exec(CASES[name], scope)
    found = {key: serialize(without_device_suffix(value, device) if isinstance(value, str) else value)
             for key, value in scope["result"].items()}
    _compare(found, expected["result"], name, on_cpu and _repr_compared(name))


def _inputs(device, seed=0):
    gradlib.manual_seed(seed)
    z = gradlib.randn(3, dtype=gradlib.complex128, device=device).requires_grad_()
    w = (gradlib.randn(3, dtype=gradlib.complex128, device=device) + 0.5).requires_grad_()
    r = (gradlib.rand(3, dtype=gradlib.float64, device=device) + 0.5).requires_grad_()
    return z, w, r


_FUNCTIONS = {
    "mul": (lambda z, w, r: z * w, "zw"), "div": (lambda z, w, r: z / w, "zw"),
    "add": (lambda z, w, r: z + 2 * w - 1j, "zw"), "sub": (lambda z, w, r: z - w, "zw"),
    "exp": (lambda z, w, r: z.exp(), "z"), "log": (lambda z, w, r: z.log(), "z"),
    "abs": (lambda z, w, r: z.abs(), "z"), "angle": (lambda z, w, r: z.angle(), "z"),
    "conj": (lambda z, w, r: z.conj(), "z"), "real": (lambda z, w, r: z.real * 1, "z"),
    "imag": (lambda z, w, r: z.imag * 1, "z"), "pow2": (lambda z, w, r: z ** 2, "z"),
    "pow": (lambda z, w, r: z ** w, "zw"), "pow_half": (lambda z, w, r: z ** 0.5, "z"),
    "sum": (lambda z, w, r: z.sum(), "z"), "mean": (lambda z, w, r: z.mean(), "z"),
    "matmul": (lambda z, w, r: z.reshape(3, 1) @ w.reshape(1, 3), "zw"),
    "dot": (lambda z, w, r: z @ w, "zw"), "mixed": (lambda z, w, r: z * r, "zr"),
    "complex": (lambda z, w, r: gradlib.complex(r, r * r), "r"),
    "polar": (lambda z, w, r: gradlib.polar(r, r * 2), "r"),
    "view_as_real": (lambda z, w, r: gradlib.view_as_real(z) * 1, "z"),
    "view_as_complex": (lambda z, w, r: gradlib.view_as_complex(gradlib.stack([r, r * r], -1)), "r"),
    "sgn": (lambda z, w, r: z.sgn(), "z"), "scalar": (lambda z, w, r: z * (1 + 2j) + (2 - 1j) / z, "z"),
    "sqrt": (lambda z, w, r: z.sqrt(), "z"), "to_complex": (lambda z, w, r: r.to(gradlib.complex128).exp(), "r"),
    "mH": (lambda z, w, r: gradlib.stack([z, w]).mH @ gradlib.stack([w, z]), "zw"),
    "abs_of_sum": (lambda z, w, r: (z.sum() * w).abs(), "zw"),
    "fft": (lambda z, w, r: gradlib.fft.fft(z * w), "zw"),
    "fft_real_n5": (lambda z, w, r: gradlib.fft.fft(r, n=5), "r"),
    "fft_n2_ortho": (lambda z, w, r: gradlib.fft.fft(z, n=2, norm="ortho"), "z"),
    "ifft_forward": (lambda z, w, r: gradlib.fft.ifft(z, norm="forward"), "z"),
    "ifft_real": (lambda z, w, r: gradlib.fft.ifft(r), "r"),
    "rfft": (lambda z, w, r: gradlib.fft.rfft(r), "r"),
    "rfft_n6_ortho": (lambda z, w, r: gradlib.fft.rfft(r, n=6, norm="ortho"), "r"),
    "irfft": (lambda z, w, r: gradlib.fft.irfft(z), "z"),
    "irfft_n5_forward": (lambda z, w, r: gradlib.fft.irfft(z, n=5, norm="forward"), "z"),
    "irfft_n3": (lambda z, w, r: gradlib.fft.irfft(z, n=3), "z"),
    "fft2": (lambda z, w, r: gradlib.fft.fft2(gradlib.stack([z, w])), "zw"),
    "fftn_s": (lambda z, w, r: gradlib.fft.fftn(gradlib.stack([z, w]), s=(3, 2), norm="ortho"), "zw"),
    "ifftn_real": (lambda z, w, r: gradlib.fft.ifftn(gradlib.stack([r, r * r])), "r"),
    "fftshift": (lambda z, w, r: gradlib.fft.fftshift(z) * w, "zw"),
    "sigmoid": (lambda z, w, r: z.sigmoid(), "z"),
}


@pytest.mark.parametrize("name", sorted(_FUNCTIONS))
def test_gradcheck_complex(name, device):
    """Every complex op's first and second derivatives against finite differences of its real and imaginary
    parts (PyTorch's convention, checked as PyTorch's gradcheck checks it)."""
    function, wrt = _FUNCTIONS[name]
    z, w, r = _inputs(device)
    named = {"z": z, "w": w, "r": r}
    inputs = tuple(named[key] for key in wrt)

    def call(*values):
        given = dict(named)
        given.update(zip(wrt, values))
        return function(given["z"], given["w"], given["r"])

    assert gradcheck(call, inputs)
    assert gradgradcheck(call, inputs)


def test_gradcheck_catches_a_wrong_complex_gradient(device):
    """A Function whose backward forgets the conjugate (grad * a instead of grad * conj(a)) fails gradcheck."""
    class Scale(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, x, a):
            ctx.save_for_backward(a)
            return x * a

        @staticmethod
        def backward(ctx, grad):
            (a,) = ctx.saved_tensors
            return grad * a, None

    z, w, _ = _inputs(device)
    with pytest.raises(GradcheckError):
        gradcheck(lambda x: Scale.apply(x, w.detach()), (z,))

    class Right(Scale):
        @staticmethod
        def backward(ctx, grad):
            (a,) = ctx.saved_tensors
            return grad * a.conj(), None

    assert gradcheck(lambda x: Right.apply(x, w.detach()), (z,))


def test_abs_backward_is_z_over_abs(device):
    z = gradlib.tensor([3 + 4j, -1j, 2 + 0j], device=device, requires_grad=True)
    z.abs().sum().backward()
    expected = [0.6 + 0.8j, -1j, 1 + 0j]
    assert [complex(v) for v in z.grad.tolist()] == pytest.approx(expected)


def test_real_and_imag_are_views(device):
    z = gradlib.tensor([1 + 2j, 3 - 1j], device=device)
    z.real[0] = 5
    z.imag.mul_(2)
    assert z.tolist() == [5 + 4j, 3 - 2j]
    assert gradlib.real(gradlib.ones(2, device=device)).dtype is gradlib.float32


def test_promotion_table():
    c64, c128 = gradlib.complex64, gradlib.complex128
    assert gradlib.promote_types(c64, gradlib.float64) is c128
    assert gradlib.promote_types(gradlib.int64, c64) is c64
    assert gradlib.promote_types(gradlib.float16, c64) is c64
    assert gradlib.promote_types(c128, c64) is c128
    assert not c64.is_floating_point and c64.is_complex and c64.to_real() is gradlib.float32


def test_make_tensor_draws_complex_as_pytorch():
    """torch.testing.make_tensor of a complex dtype: the real pairs drawn in view_as_real's order, as PyTorch's
    (values printed by PyTorch 2.13 for manual_seed(0)); gradgradcheck's default grad_outputs rely on it."""
    gradlib.manual_seed(0)
    drawn = gradlib.testing.make_tensor((2,), dtype=gradlib.complex64, device="cpu")
    assert drawn.dtype is gradlib.complex64
    assert repr(drawn).startswith("tensor([-0.0674+4.8280j, -7.4074-6.6235j]")
