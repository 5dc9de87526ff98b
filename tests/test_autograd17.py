"""Differential fuzzing of the autograd API's edges against PyTorch (session 17, autograd17): the cases the sweep of
``tools/fuzz_autograd17.py`` (autograd.grad over outputs x inputs x grad_outputs x flags, Tensor.backward over
outputs x gradient x inputs=, and programs for .grad accumulation, retain_grad, in-place checks, grad modes,
anomaly mode, hooks, autograd.functional and custom Functions: ~12,500 cases under PyTorch 2.13 and gradlib) found
answered differently, one class per cause, now PyTorch's: values, which gradients are None, warnings, and where
PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_autograd17.json`` by
``python tests/reference/record_torch.py autograd17`` from the programs of ``tests/reference/autograd17.py``.
Cases outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib
does not follow, with the reason; they are checked to still differ.
"""
import json
import re

import pytest

import gradlib
import recorded_cases
from reference import autograd17

RECORDED = json.loads(autograd17.FILE.read_text())

KNOWN = {
    "known/grad_fn_hook_none_input": "a hook on x * 2's node returning two gradients: PyTorch's MulBackward0 has "
                                     "two inputs (the number 2's gradient is None, and replacing that None raises); "
                                     "gradlib's node for a tensor times a number has one input, so the extra "
                                     "gradient is dropped",
    "known/saved_detached_in_place": "a saved non-leaf tensor detached in place (y.detach_()) before backward: "
                                      "PyTorch's SavedVariable sees its grad_fn gone and refuses; gradlib saves "
                                      "arrays and version counters, not the tensor's history, and computes the "
                                      "gradient of the values saved",
    "known/stale_saved_named_first": "two stale saved tensors (y[0] * y after y.add_(1)): PyTorch's generated "
                                     "MulBackward0 unpacks `other` before `self` and names y; gradlib checks the "
                                     "saved values in input order and names y[0] (same error class, same version "
                                     "numbers)",
    "known/forward_mode_jit_warning": "jacobian(strategy='forward-mode', vectorize=True): PyTorch's vmap path "
                                      "scripts a helper and warns that torch.jit.script is deprecated (an internal "
                                      "detail of its implementation); gradlib computes the same Jacobian, silently",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in autograd17.CASES if name.startswith("guard/"))
FIXED = tuple(name for name in autograd17.CASES if name not in KNOWN and name not in GUARDS)


def _cpu_type_names(message):
    """PyTorch's CUDA type names (gradlib.cuda.FloatTensor, CUDABoolType) as its CPU run, recorded, has them."""
    return re.sub(r"\bCUDA(\w+Type)\b", r"CPU\1", message.replace("gradlib.cuda.", "gradlib."))


def _answer(name, device):
    try:
        return recorded_cases.gradlib_answer(autograd17, name, device, gpu_words=_cpu_type_names)
    finally:
        gradlib.set_grad_enabled(True)  # a case may switch grad mode off


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(autograd17, RECORDED, KNOWN, FIXED + GUARDS, _answer)


def _f64(device, values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=True)


def test_batched_grads_are_the_rows_vector_jacobian_products(device):
    x = _f64(device, [0.5, -1.25, 2.0])
    y = x.sin() * x
    rows = gradlib.tensor([[1.0, 0.0, 0.0], [0.5, -2.0, 1.5]], dtype=gradlib.float64, device=device)
    (batched,) = gradlib.autograd.grad(y, x, rows, retain_graph=True, is_grads_batched=True)
    for row in range(2):
        (one,) = gradlib.autograd.grad(y, x, rows[row], retain_graph=True)
        assert gradlib.equal(batched[row], one)
    (twice,) = gradlib.autograd.grad(y, x, rows, create_graph=True, is_grads_batched=True)
    assert twice.requires_grad
    assert gradlib.autograd.gradcheck(
        lambda a: gradlib.autograd.grad(a.sin() * a, a, rows, create_graph=True, is_grads_batched=True)[0], (x,))


def test_cast_grad_outputs_give_the_float_gradients(device):
    x = _f64(device, [0.5, -1.25, 2.0])
    ones = gradlib.ones(3, dtype=gradlib.int64, device=device)
    (g,) = gradlib.autograd.grad(x * x, x, ones)
    assert g.dtype is gradlib.float64
    assert g.tolist() == [1.0, -2.5, 4.0]
    assert gradlib.autograd.gradgradcheck(lambda a: a * a.exp(), (x,))


def test_grad_mode_is_restored_after_a_refused_argument():
    with pytest.raises(TypeError):
        gradlib.set_grad_enabled(1)
    assert gradlib.is_grad_enabled()
