"""torch.bfloat16 on the CPU (helper bf16_8, issue 15) against PyTorch's recorded behaviour
(tests/reference/torch_bfloat16.json, cases in tests/reference/bfloat16_cases.py): storage through ml_dtypes,
rounding, promotion, printing, conversions, arithmetic bit for bit, reductions and products within one bf16
rounding, gradients, CPU autocast, random draws, serialization. Without ml_dtypes, and on CUDA (CuPy has no
bfloat16), making a bfloat16 tensor raises a TypeError that says so."""
import io
import json
import math
import pathlib
import subprocess
import sys

import pytest

import gradlib
from reference.bfloat16_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, _compare_values, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_bfloat16.json").read_text())

#: PyTorch's own tolerance for bfloat16 results (torch.testing: rtol 1.6e-2, atol 1e-5)
BF16_RTOL = 1.6e-2


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted([*CASES, "files"]), "run: python tests/reference/record_torch.py bfloat16"


@pytest.mark.parametrize("kind", ["pt", "safetensors"])
def test_pytorchs_bfloat16_files_load(kind, tmp_path):
    """torch.save's archive (BFloat16Storage) and safetensors' BF16 entries load as PyTorch wrote them, and
    gradlib's own save of them loads back the same."""
    path = pathlib.Path(__file__).parent / "reference" / f"torch_bfloat16.{kind}"
    _DEVICE[0] = "cpu"
    previous = gradlib.get_default_device()
    gradlib.set_default_device("cpu")  # the files load on the CPU, printed as PyTorch's default device
    try:
        _check_file(kind, path, tmp_path)
    finally:
        gradlib.set_default_device(previous)


def _check_file(kind, path, tmp_path):
    if kind == "pt":
        loaded = gradlib.load(path)
    else:
        from gradlib.utils.safetensors import load_file, save_file
        loaded = load_file(str(path))
        save_file(loaded, str(tmp_path / "again.safetensors"))
        again = load_file(str(tmp_path / "again.safetensors"))
        assert all(gradlib.equal(again[name], loaded[name]) and again[name].dtype is loaded[name].dtype
                   for name in loaded)
    expected = RECORDED["files"]["result"]
    assert sorted(loaded) == sorted(expected)
    for name, want in expected.items():
        _compare(_one_line(serialize(loaded[name])), _one_line(want), f"{kind}.{name}")
    buffer = io.BytesIO()
    gradlib.save(loaded, buffer)
    buffer.seek(0)
    back = gradlib.load(buffer)
    assert all(gradlib.equal(back[name], loaded[name]) and back[name].dtype is loaded[name].dtype for name in loaded)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    if gradlib.device(device).type != "cpu":
        pytest.skip("bfloat16 is CPU-only (CuPy has no bfloat16): test_cuda_refuses_bfloat16")
    _DEVICE[0] = "cpu"
    expected = RECORDED[name]
    scope = {"torch": gradlib}
    if "error" in expected:
        error_type, message = expected["error"]
        with pytest.raises(Exception) as caught:
            exec(CASES[name], scope)
        assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
        assert normalize(str(caught.value)) == normalize(message)
        return
    exec(CASES[name], scope)
    found = {key: _one_line(serialize(value)) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    compare = _compare_close if name.startswith("close/") else _compare
    for key in expected["result"]:
        compare(found[key], _one_line(expected["result"][key]), f"{name}.{key}")


def _one_line(value):
    """A serialized value with its tensor reprs' whitespace collapsed: ``dtype=gradlib.bfloat16`` is two
    characters longer than ``dtype=torch.bfloat16`` and may wrap onto its own line where PyTorch's does not."""
    if isinstance(value, dict) and "tensor" in value:
        tensor = dict(value["tensor"])
        tensor["repr"] = " ".join(tensor["repr"].split())
        return {"tensor": tensor}
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    if isinstance(value, dict):
        return {key: _one_line(item) for key, item in value.items()}
    if isinstance(value, str) and value.startswith(("tensor(", "Parameter")):
        return " ".join(value.split())
    return value


def _compare_close(found, expected, where):
    """Dtype, shape and printing layout exactly; values within one bfloat16 rounding (accumulation order)."""
    if isinstance(expected, dict) and "tensor" in expected:
        want, got = expected["tensor"], found["tensor"]
        assert (got["dtype"], got["shape"], got["requires_grad"]) == (want["dtype"], want["shape"],
                                                                       want["requires_grad"]), where
        rtol = BF16_RTOL if want["dtype"] == "bfloat16" else 1e-5
        _compare_values(got["values"], want["values"], rtol, where)
        return
    if isinstance(expected, float):
        assert math.isclose(found, expected, rel_tol=BF16_RTOL), where
        return
    _compare(found, expected, where)


def test_cuda_refuses_bfloat16(device):
    """CuPy has no bfloat16: every way of making one on a GPU raises PyTorch-like TypeError naming the CPU."""
    if gradlib.device(device).type != "cuda":
        pytest.skip("the CUDA path")
    b = gradlib.bfloat16
    makers = [lambda: gradlib.ones(2, dtype=b, device=device),
              lambda: gradlib.tensor([1.0, 2.0], dtype=b, device=device),
              lambda: gradlib.randn(3, dtype=b, device=device),
              lambda: gradlib.ones(2, device=device).to(b),
              lambda: gradlib.ones(2, device=device).bfloat16(),
              lambda: gradlib.ones(2, dtype=b, device="cpu").to(device),
              lambda: gradlib.ones(2, dtype=b, device="cpu").cuda()]
    for make in makers:
        with pytest.raises(TypeError, match="bfloat16 .* CUDA"):
            make()


def test_without_ml_dtypes_bfloat16_names_the_extra():
    """Naming torch.bfloat16 needs nothing; storing one without ml_dtypes raises TypeError naming the extra."""
    code = ("import sys\nsys.modules['ml_dtypes'] = None\nimport gradlib\n"
            "b = gradlib.bfloat16\nassert b.is_floating_point and b.itemsize == 2 and repr(b) == 'gradlib.bfloat16'\n"
            "assert gradlib.promote_types(b, gradlib.float16) is gradlib.float32\n"
            "assert gradlib.get_autocast_dtype('cpu') is b\n"
            "for make in (lambda: gradlib.ones(2, dtype=b), lambda: gradlib.tensor([1.0]).bfloat16(),\n"
            "             lambda: gradlib.set_default_dtype(b), lambda: gradlib.tensor([1.5], dtype=b)):\n"
            "    try:\n        make()\n    except TypeError as error:\n        print(error)\n"
            "    else:\n        raise SystemExit('no error')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    for line in lines:
        assert "ml_dtypes" in line and "pip install 'gradlib[bfloat16]'" in line


def test_bfloat16_arrays_map_back_and_gradients_stay_bfloat16():
    x = gradlib.tensor([0.5, -1.25, 3.0], dtype=gradlib.bfloat16, device="cpu", requires_grad=True)
    assert gradlib.dtypes.from_np(x._array.dtype) is gradlib.bfloat16
    y = (x.exp() * 1.5 + x * x).sum()
    y.backward()
    assert x.grad.dtype is gradlib.bfloat16 and y.dtype is gradlib.bfloat16
    assert gradlib.finfo(gradlib.bfloat16).eps == 2.0 ** -7
    assert gradlib.bfloat16.is_floating_point and x.is_floating_point()


SWEEP = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_bf16_op_sweep.json").read_text())


@pytest.mark.parametrize("name", sorted(SWEEP))
def test_every_op_in_bfloat16(name, device):
    """Every op registry sample with bfloat16 float inputs: PyTorch's output and gradient dtypes (or its refusal's
    class) and, for floating outputs, its values within bfloat16's tolerance (PyTorch's own, relative 1.6e-2;
    products and reductions accumulate in another order)."""
    if gradlib.device(device).type != "cpu":
        pytest.skip("bfloat16 is CPU-only (CuPy has no bfloat16)")
    import op_registry
    from reference.bfloat16 import run_sample_bfloat16
    expected = SWEEP[name]
    previous = gradlib.get_default_device()
    gradlib.set_default_device("cpu")
    try:
        found = run_sample_bfloat16(gradlib, op_registry.SAMPLES_BY_NAME[name])
    except Exception as error:
        found = {"error": type(error).__name__}
    finally:
        gradlib.set_default_device(previous)
    if "error" in expected:
        if name in PYTORCH_CPU_LACKS:
            assert "error" not in found, found  # gradlib computes them in float32, as PyTorch's CUDA kernels
            return
        assert found.get("error") == expected["error"], found
        return
    assert "error" not in found, found
    assert found["outputs"] == expected["outputs"] and found.get("grads") == expected.get("grads")
    if name in RANDOM_SAMPLES or name in VALUES_DIFFER:
        return
    for got, want in zip(found["values"], expected["values"]):
        if want is not None:
            _close_values(got, want, name)


def _close_values(got, want, where):
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for g, w in zip(got, want):
            _close_values(g, w, where)
        return
    if math.isnan(want) or math.isinf(want):
        assert (math.isnan(got) and math.isnan(want)) or got == want, f"{where}: {got} != {want}"
        return
    assert math.isclose(got, want, rel_tol=BF16_RTOL, abs_tol=2e-2), f"{where}: {got} != {want}"


#: samples whose values are random draws (their bfloat16 streams are checked by the cases above)
RANDOM_SAMPLES = {name for name in SWEEP if any(word in name for word in ("dropout", "rrelu", "bernoulli",
                                                                           "multinomial", "normal", "random"))}

#: PyTorch's CPU has no bfloat16 kernel for these (NotImplementedError), its CUDA one has; gradlib runs them, as
#: the float16 sweep does (tests/test_op_dtypes.py: CPU_KERNEL_ONLY_MISSING)
PYTORCH_CPU_LACKS = {name for name in SWEEP if name.startswith(("avg_pool3d", "local_response_norm_4d",
                                                                  "multi_margin_loss", "multilabel_margin_loss",
                                                                  "sparse_csr_matmul", "sparse_log_softmax",
                                                                  "sparse_softmax"))}
#: values PyTorch's bfloat16 CPU kernels compute with bfloat16 intermediates (grid_sample's sampling coordinates),
#: or overflow (matrix_exp's scaling and squaring gives inf and nan); gradlib computes them in float32 and rounds
#: once, so only their dtypes are compared
VALUES_DIFFER = {"grid_sample", "grid_sample_bicubic", "grid_sample_bicubic_border_aligned",
                 "grid_sample_bicubic_reflection", "grid_sample_reflection", "spatial_transformer", "matrix_exp",
                 "matrix_exp_scaled"}
