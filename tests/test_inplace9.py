"""Helper inplace9 against PyTorch's recorded behaviour (tests/reference/torch_inplace9.json, cases in
tests/reference/inplace9_cases.py): the top-level in-place functions (``torch.sin_(x)`` is ``x.sin_()``: value,
identity, version bump, grad_fn, gradient, the leaf error), Python numbers in the tensor positions of the binary
and ternary functions (result dtype, or PyTorch's TypeError naming the argument), and the reflected operators with
a number first; on every device, where a number-first result must be on the tensor's device. Plus gradcheck and
gradgradcheck of each differentiable in-place function in float64, and the parser's own checks."""
import json
import math
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from gradlib import _arg_parser
from gradlib.autograd import gradcheck, gradgradcheck
from reference.inplace9_cases import CASES, INPLACE
from reference.serialize import serialize
from test_torch_reference import normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_inplace9.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py inplace9"


def _same_text(found, expected, on_cpu):
    found, expected = " ".join(normalize(found).split()), " ".join(normalize(expected).split())
    return found == expected or (not on_cpu and found == expected.replace("_cpu", "_cuda"))


def _compare(found, expected, where, on_cpu):
    if isinstance(expected, dict) and "tensor" in expected:
        assert isinstance(found, dict) and "tensor" in found, f"{where}: expected a tensor, got {found!r}"
        want, got = expected["tensor"], found["tensor"]
        assert (got["dtype"], got["shape"], got["requires_grad"]) == (want["dtype"], want["shape"],
                                                                       want["requires_grad"]), f"{where}: {got}"
        tolerance = 1e-12 if want["dtype"] in ("float64", "complex128") else 2e-6
        _compare_values(got["values"], want["values"], tolerance, where)
        if on_cpu and want["dtype"] not in ("complex64", "complex128"):  # complex pow rounds its last bits
            assert _same_text(got["repr"], want["repr"], on_cpu), f"{where}: {got['repr']} != {want['repr']}"
        return
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: {found!r} != {expected!r}"
        for index, (f, e) in enumerate(zip(found, expected)):
            _compare(f, e, f"{where}[{index}]", on_cpu)
        return
    if isinstance(expected, str):
        assert isinstance(found, str) and _same_text(found, expected, on_cpu), f"{where}: {found!r} != {expected!r}"
        return
    assert found == expected, f"{where}: {found!r} != {expected!r}"


def _compare_values(found, expected, tolerance, where):
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), where
        for f, e in zip(found, expected):
            _compare_values(f, e, tolerance, where)
        return
    if isinstance(expected, float) and (math.isnan(expected) or math.isinf(expected)):
        assert found == expected or (math.isnan(found) and math.isnan(expected)), f"{where}: {found} != {expected}"
        return
    assert math.isclose(found, expected, rel_tol=tolerance, abs_tol=tolerance), f"{where}: {found} != {expected}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    expected = RECORDED[name]
    scope = {"torch": gradlib, "DEV": device}
    on_cpu = gradlib.device(device).type == "cpu"
    if "error" in expected:
        error_type, message = expected["error"]
        with pytest.raises(Exception) as caught:
            exec(CASES[name], scope)
        assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
        assert _same_text(str(caught.value), message, on_cpu), str(caught.value)
        return
    exec(CASES[name], scope)
    result = scope["result"]
    if name.startswith(("number/", "operator/")):  # a number-first result lives on the tensor's device
        where = gradlib.empty(0, device=device).device
        for key, value in result.items():
            assert not isinstance(value, gradlib.Tensor) or value.device == where, f"{name} {key}: {value.device}"
    found = {key: serialize(without_device_suffix(value, device) if isinstance(value, str) else value)
             for key, value in result.items()}
    assert sorted(found) == sorted(expected["result"]), name
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}", on_cpu)


_DIFFERENTIABLE = [(name, args) for name, values, args in INPLACE
                   if not name.startswith(("ceil_", "floor_", "round_", "trunc_", "fix_", "zero_", "fill_",
                                           "nan_to_num_", "dropout_", "alpha_dropout_", "feature_alpha_dropout_",
                                           "rrelu_", "nn.functional.rrelu_"))]
_POSITIVE = {"acos_": 0.4, "arccos_": 0.4, "asin_": 0.4, "arcsin_": 0.4, "logit_": 0.4, "log_": 1.5, "log2_": 1.5,
             "log10_": 1.5, "log1p_": 1.5, "sqrt_": 1.5, "rsqrt_": 1.5, "xlogy_": 1.5}


@pytest.mark.parametrize("name, args", _DIFFERENTIABLE, ids=[name for name, _ in _DIFFERENTIABLE])
def test_inplace_function_gradcheck(name, args, device):
    """First and second derivatives of ``torch.<name>(x * 1, ...)`` against finite differences in float64,
    away from kinks (0 and the thresholds)."""
    function = gradlib
    for part in name.split("."):
        function = getattr(function, part)
    scale = _POSITIVE.get(name, 1.0)
    x = gradlib.tensor([0.3, 0.55, 0.8], dtype=gradlib.float64, device=device)
    x = (x * scale if name in _POSITIVE else x * 2 - 0.9).requires_grad_()
    positional, keywords = eval(f"(lambda *a, **k: (a, k))(None{args})", {"torch": gradlib, "DEV": device})

    def call(t):
        return function(t * 1, *positional[1:], **keywords)
    assert gradcheck(call, (x,))
    assert gradgradcheck(call, (x,))


def test_inplace_functions_share_the_methods():
    """One implementation: the top-level function is the Tensor method called on its input."""
    x = gradlib.tensor([0.5, 1.0])
    assert gradlib.sqrt_(x) is x and x.tolist() == pytest.approx([0.5 ** 0.5, 1.0])
    assert gradlib.celu_ is gradlib.nn.functional.celu_
    with pytest.raises(TypeError, match=r"^sqrt_\(\): argument 'input' \(position 1\) must be Tensor, not int$"):
        gradlib.sqrt_(1)


def test_parser_refusals_and_acceptances():
    x = gradlib.ones(2)
    _arg_parser.parse("where", (gradlib.tensor([True, False]), 0.0, x), {})
    _arg_parser.parse("add", (2, x), {})
    _arg_parser.parse("clamp", (x,), {"min": 0})
    with pytest.raises(TypeError, match=r"^atan2\(\): argument 'other' \(position 2\) must be Tensor, not float$"):
        _arg_parser.parse("atan2", (x, 1.0), {})  # one overload has room for two arguments: the argument's message
    with pytest.raises(TypeError) as caught:  # several have: PyTorch's list, marks under those of that count
        _arg_parser.parse("where", (True, x, x), {})
    assert str(caught.value).splitlines()[3:5] == [
        " * (Tensor condition, Number self, Tensor other)",
        "      didn't match because some of the arguments have invalid types: (!bool!, !Tensor!, Tensor)"]
    with pytest.raises(TypeError, match=r"got \(list, max=float, min=float\)"):
        gradlib.clamp_([1.0], min=0.0, max=1.0)  # keywords in PyTorch's sorted order
