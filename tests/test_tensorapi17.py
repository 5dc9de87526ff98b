"""Differential fuzzing of the Tensor object's own API and Python protocols against PyTorch (session 17,
tensorapi17): the cases the sweep of ``tools/fuzz_tensorapi17.py`` (~300 expressions x 115 inputs, ~40,000 cases
under PyTorch 2.13 and gradlib) found answered differently, one class per cause, now PyTorch's: values bit for bit,
dtype, shape, requires_grad/is_leaf/grad_fn name, whether the result is a view, warnings, float64 gradients, and
where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_tensorapi17.json`` by
``python tests/reference/record_torch.py tensorapi17`` from the expressions of ``tests/reference/tensorapi17.py``
("once/" cases each in a fresh interpreter: PyTorch's TORCH_WARN_ONCE warnings; here they run with gradlib's
once-flags cleared). Every case outside ``KNOWN`` and the guards failed before this session's fixes. ``KNOWN``
lists the differences gradlib does not follow, with the reason; they are checked to still differ.
"""
import json

import pytest

import gradlib
from gradlib import _tensor_methods_torch5, _warn_once
import recorded_cases
from reference import tensorapi17

RECORDED = json.loads(tensorapi17.FILE.read_text())

KNOWN = {
    "known/conj_view": "conj() of a complex tensor (H, mH, adjoint) is a view with a lazy conjugate bit in "
                       "PyTorch; gradlib's conj is a copy (no _base)",
    "known/real_imag_node": "a write through .real/.imag of a complex tensor with a graph: gradlib rewrites the base "
                            "through view_as_real, so its grad_fn is ViewAsComplexBackward0 over CopySlices where "
                            "PyTorch shows CopySlices (values and gradients agree: the real_imag/ cases)",
    "known/fill_int_from_grad": "fill_ of an integer or bool tensor with a 0-d tensor that requires grad: PyTorch "
                                "gives the integer tensor a FillBackward3 grad_fn (requires_grad=True); gradlib "
                                "keeps integer tensors out of the graph",
    "known/new_full_tensor_value": "new_full with a 0-d tensor as the fill value: PyTorch reads it into a Python "
                                   "number (a host sync) and checks that it fits the dtype; gradlib casts it",
    "known/empty_slice_offset": "storage_offset of a slice of an empty tensor: NumPy does not move the pointer of a "
                                "zero-size view (0), PyTorch counts the skipped elements (1)",
    "known/overlap_non_contiguous_base": "copy_ between overlapping views of a transposed (non-contiguous) base with a "
                                         "graph: gradlib cannot rebase such a view and says so before PyTorch's "
                                         "overlap check (PyTorch: its own `and` on the result fails)",
    "known/complex_half": "float16's complex counterpart is complex32 in PyTorch (ComplexHalf, experimental, with its "
                          "warning); gradlib has no complex32 and answers complex64",
    "known/bfloat16_dtype_type": "gradlib's bfloat16 dtype object is of a subclass of dtype (_ExtensionDtype: its "
                                 "NumPy dtype comes from ml_dtypes on first use); it compares, prints and hashes as "
                                 "PyTorch's",
    "known/numpy_array_copy_keyword": "np.array(t): NumPy 2 warns that PyTorch's __array__ takes no copy= keyword "
                                      "(DeprecationWarning); gradlib's takes it, as NumPy asks",
    "known/numpy_copy_false": "np.array(t, copy=False): NumPy refuses it (ValueError) because PyTorch's __array__ "
                              "has no copy= keyword; gradlib's shares the CPU array as asked",
    "known/numpy_array_wrap_signature": "a NumPy ufunc of a tensor: NumPy 2 warns that PyTorch's __array_wrap__ "
                                        "lacks its context/return_scalar arguments; gradlib's has them",
    "known/numpy_sum": "np.sum(t) calls Tensor.sum(axis=..., out=...): the TypeError names the first keyword the "
                       "method refuses (PyTorch: axis; gradlib, which takes NumPy's axis as dim: out)",
    "known/numpy_complex64_scalar": "np.complex64(1j) * t: PyTorch reads a NumPy complex64 scalar as its real part "
                                    "(a float, with NumPy's ComplexWarning), a PyTorch bug; gradlib keeps the complex "
                                    "number (as for np.complex128 and Python's complex)",
    "known/to_python_float": "t.to(1.5): PyTorch's parser takes a Python float as dtype float64; gradlib refuses it "
                             "with the parser's TypeError for an argument that is no dtype, device or tensor",
    "known/type_cuda_string": "t.type('torch.cuda.FloatTensor') on a CPU-only PyTorch build fails to load CUDA "
                              "(RuntimeError); gradlib's CPU-only answer is AssertionError 'Torch not compiled with "
                              "CUDA enabled' (and it converts where a GPU exists)",
    "known/abs_complex64": "abs of complex64: PyTorch's CPU kernel rounds |z| differently in the last bit for some "
                           "values (elementwise kernel numerics, outside this topic)",
    "known/neg_complex_zero": "-z of a complex number with a zero imaginary part: the sign of the zero differs "
                              "(elementwise kernel, outside this topic)",
    "known/pow_scalar_base": "2 ** t in float64: PyTorch's pow kernel differs from NumPy's by an ulp on some "
                             "negative exponents (elementwise kernel numerics, outside this topic)",
}

#: cases answered otherwise on a GPU by design
ON_GPU = {
    "guards/numpy_grad": "a CUDA tensor's numpy() is refused for the device before anything else",
    "known/type_cuda_string": "with a GPU the conversion happens",
    "numpy_operand/no_grad": "a CUDA tensor beside a NumPy array is numpy()'s device TypeError",
    "numpy_operand/plain": "a CUDA tensor beside a NumPy array is numpy()'s device TypeError",
    "compare/operators": "a CUDA tensor: x == 'a' is still False, but the recorded values are compared on the CPU",
    "guards/numpy_interplay": "a CUDA tensor beside a NumPy array is numpy()'s device TypeError",
    "apply_/uint8_overflow": "apply_ and map_ are CPU only",
    "numpy_operand/eq_grad": "a CUDA tensor compared with a NumPy array: CuPy refuses the host array",
    "guards/type_strings": "a CUDA tensor's legacy type names are torch.cuda.*Tensor",
}

GUARDS = tuple(name for name in tensorapi17.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in tensorapi17.CASES if name not in KNOWN and name not in GUARDS)


def _answer(name, device):
    expression = tensorapi17.CASES[name]
    if recorded_cases.on_gpu(device) and ("apply_" in expression or "map_" in expression):
        pytest.skip("apply_ and map_ are CPU only (PyTorch's too)")
    saved = set(_warn_once.WARNED), list(_tensor_methods_torch5._WARNED)
    if name.startswith("once/"):  # as in PyTorch's fresh interpreter: each once-a-process warning not given yet
        _warn_once.WARNED.clear()
        _tensor_methods_torch5._WARNED.clear()
    try:
        return recorded_cases.gradlib_answer(tensorapi17, name, device, gpu_skips=ON_GPU)
    finally:
        _warn_once.WARNED.update(saved[0])
        _tensor_methods_torch5._WARNED[:] = saved[1] or _tensor_methods_torch5._WARNED


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(tensorapi17, RECORDED, KNOWN, FIXED + GUARDS, _answer)


def _f64(device, values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=True)


def test_gradients_through_copy_and_fill(device):
    check = gradlib.autograd.gradcheck
    a = _f64(device, [[1.5, -2.0, 0.5], [0.25, 3.0, -1.0]])
    b = _f64(device, [0.5, -1.5, 2.0])
    value = _f64(device, 1.25)

    def copied(a, b):
        y = a * a
        y.copy_(b * b)  # broadcast (3,) into (2, 3): CopyBackwards
        return y * a
    assert check(copied, (a, b)) and gradlib.autograd.gradgradcheck(copied, (a, b))
    y = a * 1
    y.copy_(b)
    assert type(y.grad_fn).__name__ == "CopyBackwards" and y.grad_fn.next_functions[0][0] is not None

    def filled(a, v):
        y = a * 2
        y.fill_(v * v)  # FillBackward3
        return y * a
    assert check(filled, (a, value)) and gradlib.autograd.gradgradcheck(filled, (a, value))

    def through_imag(z):
        y = z * (2 - 1j)
        y.imag.mul_(3)  # a write through a real view of a complex tensor
        return gradlib.view_as_real(y * y.conj())
    z = gradlib.tensor([1 + 2j, 3 - 1j], dtype=gradlib.complex128, device=device, requires_grad=True)
    assert check(through_imag, (z,)) and gradlib.autograd.gradgradcheck(through_imag, (z,))

    def iterated(a):
        return gradlib.stack([row * k for k, row in enumerate(a, 1)])  # unbind's views
    assert check(iterated, (a,)) and gradlib.autograd.gradgradcheck(iterated, (a,))


def test_zero_grad_of_a_view_gradient_detaches_without_refusal(device):
    weight = gradlib.nn.Parameter(gradlib.ones(2, 3, device=device))
    weight.grad = gradlib.ones(3, 2, device=device).t()  # a view
    optimizer = gradlib.optim.SGD([weight], lr=0.1)
    optimizer.zero_grad(set_to_none=False)
    assert weight.grad.tolist() == [[0.0] * 3] * 2
