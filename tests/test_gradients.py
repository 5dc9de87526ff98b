"""Every op in the registry (tests/op_registry.py), on the chosen device:

- forward values and gradients equal PyTorch's recorded ones (tests/reference/torch_ops.json);
- gradcheck in float64 against finite differences, and gradgradcheck where the op is twice differentiable;
- float32 in gives float32 out and float32 gradients; integer and bool outputs never require grad;
- every op class has a sample.
"""
import json
import math
import pathlib

import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck
from op_registry import COVERED_ELSEWHERE, SAMPLES, SAMPLES_BY_NAME, nondifferentiable_ops, outputs_of
from reference.record_torch_shared import run_sample

RECORDED = {name: record for file in sorted((pathlib.Path(__file__).parent / "reference").glob("torch_ops*.json"))
            for name, record in json.loads(file.read_text()).items()}
NAMES = [sample.name for sample in SAMPLES]


def test_every_sample_is_recorded():
    assert sorted(RECORDED) == sorted(NAMES), "run tests/reference/record_torch.py after editing op_registry.py"


def _close(found, expected, where, rtol=1e-9, atol=1e-11):
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: shape differs"
        for index, (f, e) in enumerate(zip(found, expected)):
            _close(f, e, f"{where}[{index}]", rtol, atol)
        return
    if isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(found), where
        return
    assert math.isclose(found, expected, rel_tol=rtol, abs_tol=atol), f"{where}: {found} != {expected}"


#: samples compared more loosely: PyTorch's trigamma (in the gradients of digamma terms: entropy, KL) is accurate to
#: about 1e-9 relative; gradlib's matches mpmath's
LOOSER = {"gamma_distribution": 1e-7, "beta_distribution": 1e-7, "dirichlet_distribution": 1e-7,
          "binomial_studentt_halfnormal_mixture": 1e-7}


@pytest.mark.parametrize("name", NAMES)
def test_matches_pytorch(name, device):
    expected = RECORDED[name]
    sample = SAMPLES_BY_NAME[name]
    if "error" in expected:
        pytest.fail(f"PyTorch raised on this sample: {expected['error']}")
    found = run_sample(gradlib, sample, device)
    assert len(found["outputs"]) == len(expected["outputs"])
    for index, (f, e) in enumerate(zip(found["outputs"], expected["outputs"])):
        assert f["dtype"] == e["dtype"] and f["shape"] == e["shape"], f"output {index}"
        _close(f["values"], e["values"], f"output {index}")
    assert len(found["grads"]) == len(expected["grads"])
    for index, (f, e) in enumerate(zip(found["grads"], expected["grads"])):
        if e is None:
            assert f is None or all(v == 0 for v in _flat(f)), f"grad {index}"
        else:
            assert f is not None, f"grad {index} missing"
            _close(f, e, f"grad {index}", rtol=LOOSER.get(name, 1e-9))


def _flat(values):
    if isinstance(values, list):
        for item in values:
            yield from _flat(item)
    else:
        yield values


def _differentiable_function(sample):
    def function(*inputs):
        outputs = [o for o in outputs_of(sample.function(gradlib, *inputs)) if o.requires_grad]
        return tuple(outputs)
    return function


@pytest.mark.parametrize("name", NAMES)
def test_gradcheck(name, device):
    sample = SAMPLES_BY_NAME[name]
    if not sample.differentiable:
        pytest.skip("the op's outputs are not differentiable")
    if not sample.exact_derivative:
        pytest.skip("PyTorch's gradient here is by design not the derivative (compared with PyTorch instead)")
    inputs = sample.make_inputs(gradlib, device)
    assert gradcheck(_differentiable_function(sample), inputs)


@pytest.mark.parametrize("name", NAMES)
def test_gradgradcheck(name, device):
    sample = SAMPLES_BY_NAME[name]
    if not (sample.differentiable and sample.twice and sample.exact_derivative):
        pytest.skip("piecewise op: its second derivative is zero almost everywhere and undefined at the kinks")
    inputs = sample.make_inputs(gradlib, device)
    assert gradgradcheck(_differentiable_function(sample), inputs)


@pytest.mark.parametrize("name", NAMES)
def test_float32_in_float32_out(name, device):
    sample = SAMPLES_BY_NAME[name]
    inputs = sample.make_inputs(gradlib, device, dtype=gradlib.float32)
    outputs = outputs_of(sample.function(gradlib, *inputs))
    for output in outputs:
        if output.dtype.is_floating_point:
            expected = gradlib.float64 if name in ("to_dtype", "float_power") else gradlib.float32  # float64 by design
            assert output.dtype is expected
        else:
            assert not output.requires_grad, "integer and bool outputs are never differentiable"
    differentiable = [o for o in outputs if o.requires_grad]
    if not differentiable:
        return
    sum(o.sum() for o in differentiable).backward()
    for tensor in inputs:
        if tensor.requires_grad and tensor.grad is not None:
            assert tensor.grad.dtype is gradlib.float32 and tensor.grad.shape == tensor.shape


def test_registry_covers_every_op(device):
    """Walk the forward graph of every sample and the graph of its first derivative (create_graph=True)."""
    covered = set()
    for sample in SAMPLES:
        inputs = sample.make_inputs(gradlib, device)
        outputs = [o for o in outputs_of(sample.function(gradlib, *inputs)) if o.requires_grad]
        wanted = [t for t in inputs if t.requires_grad]
        stack = [o.grad_fn for o in outputs]
        if outputs and wanted:
            seeds = [gradlib.ones_like(o).requires_grad_() for o in outputs]  # so every backward node records
            grads = gradlib.autograd.grad(outputs, wanted, seeds, create_graph=True, allow_unused=True)
            stack += [g.grad_fn for g in grads if g is not None]
        visited = set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in visited:
                continue
            visited.add(id(node))
            covered.update(type(node).__mro__)  # a node class named for PyTorch's step covers the op it specializes
            stack.extend(child for child, _ in node.next_functions if child is not None)
    # by the classes' own names (_impl_name): two classes may print as one PyTorch node
    missing = [cls._impl_name for cls in gradlib.ops.ops_table
               if cls not in covered and cls._impl_name not in nondifferentiable_ops()
               and cls._impl_name not in COVERED_ELSEWHERE
               and not (cls.moves_device and device == "cpu")]  # a copy between devices needs two of them
    assert not missing, f"ops without a sample in tests/op_registry.py: {missing}"


def test_nondifferentiable_outputs_never_require_grad(device):
    x = gradlib.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = gradlib.tensor([1.0, 2.0, -3.0], requires_grad=True)
    results = [x == y, x != y, x < y, x <= y, x > y, x >= y, (x > 0) & (y > 0), (x > 0) | (y > 0),
               (x > 0) ^ (y > 0), (x > 0).all(), (x > 0).any(), x.isfinite(), ~(x > 0), x.max(0).indices,
               x.argmax(), gradlib.count_nonzero(x), x.int(), x.long(), x.bool(), x.to(gradlib.uint8),
               x.type(gradlib.int16)]
    for result in results:
        assert not result.requires_grad and result.grad_fn is None


def test_broadcast_gradient_reduces_to_input_shape(device):
    a = gradlib.ones(4, 1, 3, requires_grad=True)
    b = gradlib.ones(2, 1, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == a.shape and b.grad.shape == b.shape
    assert a.grad.tolist() == [[[2.0] * 3]] * 4
    assert b.grad.tolist() == [[12.0], [12.0]]


def test_repeated_indices_accumulate(device):
    x = gradlib.zeros(3, requires_grad=True)
    x[[0, 0, 0, 2]].sum().backward()
    assert x.grad.tolist() == [3.0, 0.0, 1.0]
