"""Differential fuzzing of indexing and index assignment against PyTorch (session 16, index16): the cases the sweep
of ``tools/fuzz_index16.py`` (an index form x a shape form x a dtype x read/write/gradient, and the indexing
functions, ~43,000 cases under PyTorch 2.13 and gradlib) found answered differently, one class per cause, now
PyTorch's: values bit for bit, dtype, shape, whether the result is a view (and a write through it reaches the
base), warnings, float64 gradients, and where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_index16.json`` by
``python tests/reference/record_torch.py index16`` from the expressions of ``tests/reference/index16.py``. Every
case outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib
does not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json

import pytest

import gradlib
import recorded_cases
from reference import index16

RECORDED = json.loads(index16.FILE.read_text())

KNOWN = {
    "known/slice_tensor_step_zero": "a tensor 0 as a slice step: PyTorch's __index__ leaks a SystemError ('returned a "
                                    "result with an exception set'); gradlib raises Python's ValueError 'slice step "
                                    "cannot be zero', as for an int 0",
    "known/index_fill_empty_storage": "index_fill of an empty dim with indices: PyTorch's kernel fails in setStorage "
                                      "(RuntimeError about storage sizes); gradlib's bounds check says 'index 0 is out "
                                      "of bounds for dimension 0 with size 0' (IndexError)",
    "known/past_the_end_place": "several Ellipses that run past the last dim when nothing is specified before them: "
                                "PyTorch's message numbers the int's place in the written index (2), gradlib its "
                                "place after the Ellipses are written out (0)",
    "known/numpy_uint8_mask": "a NumPy uint8 array as an index: PyTorch converts it to a uint8 tensor (a deprecated "
                              "mask); gradlib reads NumPy arrays as integer positions (NumPy's meaning)",
    "known/numpy_float_index": "a NumPy float array as an index: PyTorch truncates it to int64; gradlib refuses it "
                               "(IndexError), as NumPy does",
    "known/empty_result_bounds": "an out-of-range list index into a tensor with an empty dim: PyTorch's kernel skips "
                                 "the check when the result is empty; gradlib checks every index",
    "known/complex_cast_warning": "a complex value tensor written into a real tensor through basic indexing: PyTorch's "
                                  "copy_ warns 'Casting complex values to real discards the imaginary part' once per "
                                  "process (TORCH_WARN_ONCE, with its 'Triggered internally' suffix); gradlib gives "
                                  "NumPy's warning at each write (the values agree)",
    "known/scatter_reduce_derivative": "scatter with reduce= and a tensor src: PyTorch has no derivative "
                                       "('derivative for aten::scatter is not implemented'); gradlib differentiates it",
    "known/index_put_too_many_got": "index_put_ with more index tensors than dims: PyTorch adds '(got 1)' to 'too many "
                                    "indices for tensor of dimension 0'",
    "known/index_dtype_after_count": "an int8 index tensor on a 0-d tensor: PyTorch counts the dims first ('too many "
                                     "indices'), gradlib checks the index dtype first",
    "known/scatter_reduce_mean_signed_zero": "scatter_reduce 'mean' without self in bfloat16: PyTorch's 0/count keeps "
                                             "-0. for a row nothing reaches in one place; gradlib gives 0.",
}

#: cases answered otherwise on a GPU by design
ON_GPU = {
    "zero_d_view/int_tensor": "a lone 0-d index tensor on a GPU stays there: a copy (IndexBackward0) without the "
                              "host read PyTorch makes for its view (gradlib/ops/indexing.py _convert_index)",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in index16.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in index16.CASES if name not in KNOWN and name not in GUARDS)


_answer = functools.partial(recorded_cases.gradlib_answer, index16, gpu_skips=ON_GPU, gpu_words=recorded_cases.cpu_kernel_words)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(index16, RECORDED, KNOWN, FIXED + GUARDS, _answer)


def _f64(device, values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=True)


def test_gradients_through_the_fixed_indexing(device):
    check = gradlib.autograd.gradcheck
    cube = _f64(device, [[[0.5 * i - j + 0.25 * k for k in range(3)] for j in range(2)] for i in range(2)])
    assert check(lambda a: a[..., 0, ...], (cube,))
    assert check(lambda a: a[0, ..., None, ...], (cube,))
    assert gradlib.autograd.gradgradcheck(lambda a: a[..., [0, 1], ...] * a[..., [1, 0], ...], (cube,))
    vec = _f64(device, [1.5, -2.0, 0.0])

    def write_through(a):
        y = a * 1
        y[1].mul_(3.0)  # a 0-d view: the write reaches y
        return y * a
    assert check(write_through, (vec,))
    assert gradlib.autograd.gradgradcheck(write_through, (vec,))
    one = _f64(device, [2.5])

    def leading_ones(a, value):
        y = a.clone()
        y[0] = value  # a (1,) value into one element
        return y
    assert check(leading_ones, (vec, one))
    empty = gradlib.zeros(2, 0, 3, dtype=gradlib.float64, device=device, requires_grad=True)
    assert check(lambda a: a[..., 0, ...], (empty,))
    zero_d = _f64(device, 1.25)
    assert check(lambda a: a[..., None, ...], (zero_d,))


def test_views_and_edges_of_the_fixes(device):
    x = gradlib.arange(6.0, device=device).reshape(2, 3)
    x[1, 2].fill_(9)
    x[0][1].add_(100)
    assert x.tolist() == [[0.0, 101.0, 2.0], [3.0, 4.0, 9.0]]
    assert x[0, 1]._base is x._base and x[0, 1].grad_fn is None
    assert x[..., ...].shape == (2, 3) and x[(Ellipsis,) * 3].shape == (2, 3)
    y = gradlib.zeros(3, device=device)
    y[0] = gradlib.ones(1, 1, device=device)
    assert y.tolist() == [1.0, 0.0, 0.0]
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 2"):
        x[..., 0, 0, 0, ...]
