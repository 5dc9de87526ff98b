"""vmap's batching rules (gradlib/func/_batch_rules.py) against PyTorch's recorded results, on each device: the
batched result, the per-element loop's result and the gradients through the batched result
(tests/reference/vmap6_cases.py, recorded in torch_vmap6.json). Cases not named ``loop_`` must run with rules
only (no per-element fallback); j04, the torch.func Jacobians/Hessians tutorial, prints what PyTorch printed."""
import contextlib
import io
import json
import pathlib
import re
import runpy

import pytest

import gradlib
import gradlib.run
from gradlib.func import _batch_rules, _batched, grad, hessian, jacfwd, jacrev, vmap
from device_text import without_device_suffix
from reference.serialize import serialize
from reference.vmap6_cases import CASES
from test_torch_reference import _DEVICE, _compare

HERE = pathlib.Path(__file__).resolve().parent
RECORDED = json.loads((HERE / "reference" / "torch_vmap6.json").read_text())
J04_PRINTED = json.loads((HERE / "reference" / "torch_vmap6_j04.json").read_text())["printed"]


def _without_repr(value):
    """A serialized result whose printed forms leave out grad_fn (the names are the batched ops' own) and line
    breaks (``gradlib.float64`` is longer than ``torch.float64``)."""
    if isinstance(value, dict):
        return {key: " ".join(re.sub(r",\s*grad_fn=<\w+>", "", item).split()) if key == "repr"
                else _without_repr(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_repr(item) for item in value]
    return value


@pytest.fixture
def count_fallbacks(monkeypatch):
    """{'op': ops run per element, 'function': whole functions run per element} while the test runs."""
    counts = {"op": [], "function": 0}
    loop = _batch_rules._loop
    run = _batched.run

    def counted_loop(op, args, level, call=None):
        counts["op"].append(op.__name__)
        return loop(op, args, level, call)

    def counted_run(*args, **kwargs):
        try:
            return run(*args, **kwargs)
        except Exception:
            counts["function"] += 1
            raise

    monkeypatch.setattr(_batch_rules, "_loop", counted_loop)
    monkeypatch.setattr(_batched, "run", counted_run)
    return counts


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py vmap6"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device, count_fallbacks):
    _DEVICE[0] = device
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {}
        exec(CASES[name].replace("import torch\n", "import gradlib as torch\n")
             .replace("import torch.nn.functional as F", "import gradlib.nn.functional as F")
             .replace("from torch.func", "from gradlib.func"), scope)
    finally:
        gradlib.set_default_device(previous)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    expected = RECORDED[name]["result"]
    assert sorted(found) == sorted(expected)
    for key in expected:
        _compare(_without_repr(found[key]), _without_repr(expected[key]), f"{name}.{key}")
    if not name.startswith("loop_"):
        assert count_fallbacks == {"op": [], "function": 0}, "a case with rules ran per element"
    else:
        assert count_fallbacks["op"] or count_fallbacks["function"], "a fallback case found rules for everything"


def test_batched_equals_loop_bitwise_where_pytorch_is(device):
    """The batched run is one matrix product per layer, as PyTorch's: vmap(jacrev(f)) over rows equals the
    Jacobian of the summed batch exactly (j04's check; a per-row loop differs in float32's last bits)."""
    gradlib.manual_seed(0)
    weight, bias = gradlib.randn(33, 31, device=device), gradlib.randn(33, device=device)
    x = gradlib.randn(64, 31, device=device)

    def predict(weight, bias, x):
        return gradlib.nn.functional.linear(x, weight, bias).tanh()

    batched = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))(weight, bias, x)
    summed = jacrev(lambda w, b, v: predict(w, b, v).sum(0), argnums=2)(weight, bias, x).movedim(1, 0)
    assert gradlib.allclose(batched, summed)
    assert batched.device == x.device


def test_j04_prints_what_pytorch_printed(device):
    output = io.StringIO()
    installed = gradlib.run._FINDER in gradlib.run.sys.meta_path
    gradlib.run.install()
    try:
        with contextlib.redirect_stdout(output):
            runpy.run_path(str(HERE.parent / "examples" / "programs" / "judge_x" / "j04_jacobians_hessians.py"),
                           run_name="__main__")
    finally:
        if not installed:
            gradlib.run.uninstall()
    printed = without_device_suffix(output.getvalue(), device).replace("gradlib", "torch")
    assert " ".join(printed.split()) == " ".join(J04_PRINTED.split())  # the device suffix may move a line break


@pytest.mark.parametrize("make", [
    lambda x: vmap(lambda row: (row.sin() * row.sum()).tanh())(x),
    lambda x: vmap(lambda row: gradlib.nn.functional.log_softmax(row @ x[0], -1))(x),
    lambda x: vmap(vmap(lambda a: a.exp() / (1 + a * a)), in_dims=1)(x),
    lambda x: vmap(grad(lambda row: (row.sin() ** 2).sum()))(x),
])
def test_gradients_through_batched_ops(make, device):
    """gradcheck and gradgradcheck (float64) of functions built from vmap: grad of vmap and its second order."""
    x = (gradlib.arange(12, dtype=gradlib.float64, device=device).reshape(3, 4) * 0.37 % 1.1 - 0.5)
    x.requires_grad_()
    assert gradlib.autograd.gradcheck(make, (x,))
    assert gradlib.autograd.gradgradcheck(make, (x,))


def test_jacfwd_and_hessian_agree_with_jacrev(device):
    x = gradlib.tensor([0.3, -1.2, 0.7], dtype=gradlib.float64, device=device)
    w = gradlib.tensor([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]], dtype=gradlib.float64, device=device)

    def f(v):
        return (w @ v).tanh() * v.sum()

    assert gradlib.allclose(jacfwd(f)(x), jacrev(f)(x))
    scalar = lambda v: f(v).sum()  # noqa: E731
    assert gradlib.allclose(hessian(scalar)(x), jacrev(jacrev(scalar))(x))
    assert gradlib.allclose(vmap(hessian(scalar))(gradlib.stack([x, x * 2])),
                            gradlib.stack([hessian(scalar)(x), hessian(scalar)(x * 2)]))


def test_data_needed_runs_per_element(device, count_fallbacks):
    """``.item()`` and Python branching on a batched value: the whole function runs once per element."""
    x = gradlib.tensor([[1., -2.], [-3., 4.]], device=device)

    def f(row):
        return row * 2 if row.sum().item() > 0 else -row

    assert vmap(f)(x).tolist() == [[-1., 2.], [-6., 8.]]
    assert count_fallbacks["function"] == 1


def test_outputs_and_in_dims(device):
    x = gradlib.arange(6., device=device).reshape(2, 3)
    out, same = vmap(lambda row: (row * 2, x.sum()), out_dims=(1, None))(x)
    assert out.tolist() == [[0., 6.], [2., 8.], [4., 10.]]
    assert same.item() == 15.
    assert vmap(lambda c: c * 1, in_dims=1)(x).tolist() == [[0., 3.], [1., 4.], [2., 5.]]
    unbatched = vmap(lambda row: gradlib.ones(2, device=device))(x)  # an output independent of the batch
    assert unbatched.shape == (2, 2)
    with pytest.raises(ValueError, match="must only return Tensors"):
        vmap(lambda row: 1.0)(x)


def test_batched_tensor_repr_and_randomness(device):
    seen = []
    vmap(lambda row: seen.append(repr(row)) or row)(gradlib.ones(2, 3, device=device))
    assert seen[0].startswith("BatchedTensor(lvl=1, bdim=0, value=")
    gradlib.manual_seed(0)
    same = vmap(lambda row: row + gradlib.rand(3, device=device), randomness="same")(gradlib.zeros(2, 3, device=device))
    assert same[0].tolist() == same[1].tolist()
    different = vmap(lambda row: row + gradlib.rand(3, device=device), randomness="different")(
        gradlib.zeros(2, 3, device=device))
    assert different[0].tolist() != different[1].tolist()
