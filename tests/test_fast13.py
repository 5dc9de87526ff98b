"""The eager shortcuts against PyTorch (helper fast13): each snippet of tests/reference/fast13.py prints what
PyTorch 2.13 printed for it (recorded in torch_fast13.json), on the device under test. They cover Python ints no
PyTorch Scalar holds (apply's fast path, the unrecorded scalar operators, the general path), inference_mode(False)
nested in inference_mode or no_grad, in-place arithmetic with an operand over part of the target's memory
(``_plain_update``, ``_arith_inplace``), relu's backward (layout, its node under create_graph) and the engine's
leaf accumulation (never aliasing a grad_outputs tensor, a hook's result or another leaf's gradient; versions;
CopyBackwards; an expanded .grad). Plus gradcheck/gradgradcheck of the two nodes added for it."""
import json
import pathlib
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference import fast13

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_fast13.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(fast13.SNIPPETS), "run: python tests/reference/record_torch.py fast13"


@pytest.mark.parametrize("snippet", fast13.SNIPPETS, ids=range(len(fast13.SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printed = without_device_suffix(fast13.run(gradlib, snippet, device), device)
    assert printed == RECORDED[snippet].replace("torch.", "gradlib.")


def _f64(device, *values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device)


def test_relu_second_derivative_node_gradchecks(device):
    """ThresholdBackwardBackward0 (relu's gradient under create_graph): gradcheck and gradgradcheck, with the
    incoming gradient as an input too, away from the kink."""
    x = _f64(device, -1.5, 0.5, 2.0, -0.25).requires_grad_()
    seed = _f64(device, 1.0, -2.0, 3.0, 0.5).requires_grad_()

    def gradient(a, g):
        return gradlib.autograd.grad(a.relu(), a, g, create_graph=True)[0]

    assert gradlib.autograd.gradcheck(gradient, (x, seed))
    assert gradlib.autograd.gradgradcheck(gradient, (x, seed))
    assert gradlib.autograd.gradgradcheck(lambda a: a.relu(), (x,))


def test_copy_backwards_gradchecks(device):
    """CopyBackwards (a leaf's first .grad under create_graph) passes the gradient through unchanged: the .grad
    of a cubic is 3 a^2 and differentiates as such, in float64, on the leaf's device."""
    def grad_of_cube(a):
        leaf = a.detach().requires_grad_()
        (leaf * leaf * leaf).sum().backward(create_graph=True)
        assert leaf.grad.grad_fn.name() == "torch::autograd::CopyBackwards"
        return leaf.grad

    a = _f64(device, 1.0, -2.0, 0.5)
    assert gradlib.allclose(grad_of_cube(a), 3 * a * a)
    x = _f64(device, 1.0, -2.0, 0.5).requires_grad_()
    node = gradlib.ops.grad_copy.CopyBackwards
    layout = (1,)
    assert gradlib.autograd.gradcheck(lambda t: node.apply(t * t, layout), (x,))
    assert gradlib.autograd.gradgradcheck(lambda t: node.apply(t * t, layout), (x,))


def test_scalar_int_range_is_checked_before_any_work(device):
    """The boundary ints a Scalar holds still work on every path; one past them raises before anything is
    written or recorded."""
    x = gradlib.ones(3, device=device)
    w = gradlib.ones(3, device=device, requires_grad=True)
    assert (x * (2 ** 64 - 1)).tolist() == [float(2 ** 64 - 1)] * 3
    assert (w + -(2 ** 63)).grad_fn.name() == "AddBackward0"
    for operand in (2 ** 64, -(2 ** 63) - 1):
        for function in (lambda: x * operand, lambda: operand * w, lambda: x.t() + operand):
            with pytest.raises(OverflowError):
                function()


def test_alpha_rounds_twice(device):
    """A known difference, kept on purpose: ``add``/``sub``/``add_``/``sub_`` with ``alpha`` and the optimizers'
    updates round the product and then the sum (NumPy has no fused multiply-add), where PyTorch's CPU kernels round
    once: 1 ulp on about 18% of float32 ``add(x, y, alpha=0.3)`` elements and 2% of an SGD step's. Rounding once
    (float32 computed exactly in float64) was tried in session 13 and dropped: it made optim.SGD's step 5.5x and
    Adam's 3.6x slower on an MLP's 1.9 million parameters. Eager, in-place and the optimizer agree with each other."""
    import numpy as np
    rng = np.random.default_rng(1)
    a = rng.standard_normal(1000).astype(np.float32)
    b = rng.standard_normal(1000).astype(np.float32)
    x, y = gradlib.tensor(a, device=device), gradlib.tensor(b, device=device)
    twice = a + np.float32(0.3) * b
    assert gradlib.add(x, y, alpha=0.3).cpu().numpy().tobytes() == twice.tobytes()
    assert x.clone().add_(y, alpha=0.3).cpu().numpy().tobytes() == twice.tobytes()
    assert gradlib.sub(x, y, alpha=0.3).cpu().numpy().tobytes() == (a - np.float32(0.3) * b).tobytes()
    w = gradlib.nn.Parameter(gradlib.tensor(a, device=device))
    w.grad = y.clone()
    gradlib.optim.SGD([w], lr=0.3).step()
    assert w.detach().cpu().numpy().tobytes() == (a - np.float32(0.3) * b).tobytes()
