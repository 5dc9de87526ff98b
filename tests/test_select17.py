"""Differential fuzzing of sorting, selection and statistics ops against PyTorch (session 17, select17): the cases
the sweep of ``tools/fuzz_select17.py`` (sort/argsort/msort, topk, kthvalue, mode, median/nanmedian,
quantile/nanquantile, unique/unique_consecutive, searchsorted/bucketize, histc/bincount/histogram, cummax/cummin,
clamp, where, masked ops, take/gather, nonzero/argwhere/count_nonzero, isin, diff, trapezoid, cov/corrcoef,
renorm, cdist x every dtype x shape forms with ties, NaN and empty dims, and their float64 gradients: ~30,700 cases
under PyTorch 2.13 and gradlib) found answered differently, one class per cause, now PyTorch's: values bit for bit,
dtype, shape, warnings, float64 gradients, and where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_select17.json`` by
``python tests/reference/record_torch.py select17`` from the expressions of ``tests/reference/select17.py``. Every
case outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib
does not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json

import gradlib
import recorded_cases
from reference import select17

RECORDED = json.loads(select17.FILE.read_text())

_TIES = ("PyTorch's CPU kernel selects with an unstable algorithm (libstdc++'s introselect/introsort, or its own "
         "quick-select), so which of equal elements it returns depends on that algorithm's swaps; gradlib's stable "
         "order gives the same values, another index among ties")
KNOWN = {
    "known/topk_tie_indices": "topk among ties: " + _TIES,
    "known/kthvalue_tie_indices": "kthvalue among ties: " + _TIES,
    "known/unstable_sort_over_16": "sort/argsort with stable=False over more than 16 elements: PyTorch's std::sort "
                                   "(insertion sort up to 16, then introsort) orders ties by its partitioning; "
                                   "gradlib's sort is always stable",
    "known/unique_signed_zero_over_16": "unique over more than 16 elements holding -0. and 0.: PyTorch shows the "
                                        "zero its std::sort put first; gradlib the first in the input",
    "known/median_signed_zero": "median of -0. and 0. at the middle: PyTorch's nth_element picks one of them by its "
                                "swaps; gradlib the stable order's",
    "known/quantile_tie_gradient": "quantile over more than 16 elements: PyTorch's unstable sort decides which of "
                                   "equal elements gets the gradient",
    "known/mode_nan": "mode of a slice holding NaN: PyTorch's std::sort with '<' is no strict weak order then, its "
                      "result depends on the sort's swaps; gradlib counts each NaN once and picks the smallest most "
                      "frequent number",
    "known/unique_dim_nan": "unique(dim=) of slices holding NaN: PyTorch's lexicographic std::sort leaves them "
                            "unsorted; gradlib sorts NaN last",
    "known/gather_expanded_index_bounds": "take_along_dim with an index that broadcasts (stride 0): PyTorch's gather "
                                          "skips the bounds check and reads row 9 % size; gradlib raises PyTorch's "
                                          "own out-of-bounds error",
    "known/take_along_dim_view": "take_along_dim(dim=None) of a non-contiguous input: PyTorch's view(-1) fails "
                                 "('view size is not compatible'); gradlib flattens",
    "known/isin_view": "isin with non-contiguous test elements: PyTorch's view(-1) fails; gradlib answers",
    "known/cov_blas_rounding": "cov/corrcoef in float32: PyTorch's mm (BLAS) sums the products in another order "
                               "(last-bit differences)",
    "known/cov_weighted_dof_warning": "cov with weights and degrees of freedom <= 0: PyTorch reads the tensor "
                                      "norm_factor on the host to warn; gradlib does not read it (no host sync), "
                                      "no warning, same value",
    "known/where_complex32": "float16 with a complex number: PyTorch's result is complex32 (ComplexHalf); gradlib "
                             "has no complex32 and gives complex64",
    "known/clamp_vectorized_zero": "clamp with a tensor bound equal to the input's zero of the other sign: PyTorch's "
                                   "vectorized maximum returns the bound's zero in full SIMD vectors and the input's "
                                   "in the scalar tail (which depends on the CPU's vector width and the loop shape); "
                                   "gradlib keeps the input's, the scalar kernel's answer",
    "known/renorm_gradient_rounding": "renorm's float64 gradient: PyTorch's renorm_backward formula rounds "
                                      "differently (last bits)",
    "known/cdist_rounding": "cdist with p=3: PyTorch's kernel accumulates |d|^p in its own order and pow (last bits)",
    "known/cdist_mm_half": "cdist of float16/bfloat16 with compute_mode='use_mm_for_euclid_dist': PyTorch's "
                           "matmul path accepts them; gradlib's cdist has no half kernel",
    "known/histc_bfloat16_edges": "histc of bfloat16 from the data's range: PyTorch computes the bin position in "
                                  "bfloat16-rounded steps; gradlib in float64 (a value at a bin edge lands in the "
                                  "neighbouring bin)",
    "known/mode_0d_complex": "mode of a 0-d complex tensor: PyTorch returns it; gradlib's mode has no complex path",
    "known/renorm_complex_inf": "renorm of complex with p=inf: PyTorch's complex norm and factor round differently",
}

#: cases answered otherwise on a GPU by design
ON_GPU = {
    "histogram/": "histogram runs on the CPU only (PyTorch's CUDA backend refuses it too)",
    "guards/histogram": "histogram runs on the CPU only (PyTorch's CUDA backend refuses it too)",
    "quantile_checks/q_values": "PyTorch checks a q tensor's values on the CPU only (on a GPU an asynchronous "
                                "assert); gradlib does not read a GPU q",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in select17.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in select17.CASES if name not in KNOWN and name not in GUARDS)


_answer = functools.partial(recorded_cases.gradlib_answer, select17, gpu_skips=ON_GPU, gpu_words=recorded_cases.cpu_kernel_words)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(select17, RECORDED, KNOWN, FIXED + GUARDS, _answer)


def _f64(device, values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=True)


def test_gradients_through_the_fixed_ops(device):
    check = gradlib.autograd.gradcheck
    twice = gradlib.autograd.gradgradcheck
    matrix = _f64(device, [[0.5, -1.25, 2.0, 0.75], [1.5, 0.25, -0.5, 3.0], [-2.0, 1.0, 0.125, 2.5]])
    q = gradlib.tensor([0.1, 0.5, 0.7], dtype=gradlib.float64, device=device)
    assert check(lambda a: gradlib.quantile(a, q, dim=-1), (matrix,))
    assert twice(lambda a: gradlib.quantile(a, q, dim=0), (matrix,))
    weight = _f64(device, [[0.3, 0.7, 1.7, -0.4]] * 3)
    end = _f64(device, [[1.5, -3.1, 7.3, 0.25]] * 3)
    assert check(lambda a, b, w: gradlib.lerp(a, b, w), (matrix, end, weight))
    assert twice(lambda a, b, w: gradlib.lerp(a, b, w), (matrix, end, weight))
    assert check(lambda a, b: gradlib.lerp(a, b, 0.7), (matrix, end))
    assert check(lambda a: gradlib.renorm(a, 2, 0, 1.0), (matrix,))
    assert check(lambda a: gradlib.cumsum(a, 1), (matrix,))
    assert twice(lambda a: gradlib.cumsum(a * a, 0), (matrix,))
    assert check(lambda a: gradlib.cumulative_trapezoid(a, a * 2, dim=0), (matrix,))
    assert twice(lambda a: gradlib.cumulative_trapezoid(a * a), (matrix,))
    assert check(lambda a: gradlib.cdist(a, a * 0.5 + 1, p=0), (matrix,))
    assert check(lambda a: gradlib.cdist(a, a * 0.5 + 1, p=float("inf")), (matrix,))
    low = gradlib.zeros(3, 4, dtype=gradlib.float64, device=device)
    assert check(lambda a: gradlib.clamp(a, low - 0.3, low + 1.1), (matrix,))  # no element at a bound
    assert twice(lambda a: gradlib.clamp(a * a, low - 0.3, low + 1.1), (matrix,))


def test_signed_zeros_and_empty_results(device):
    x = gradlib.tensor([-0.0, 1.0, -0.0], device=device)
    assert str(gradlib.cumsum(x, 0).tolist()) == "[0.0, 1.0, 1.0]"
    assert str(gradlib.clamp(x, min=gradlib.zeros(3, device=device)).tolist()) == "[-0.0, 1.0, -0.0]"
    assert gradlib.quantile(gradlib.ones(2, 3, device=device), gradlib.zeros(0, device=device), dim=1).shape == (0, 2)
    assert gradlib.searchsorted(gradlib.tensor([True], device=device),
                                gradlib.zeros(0, dtype=gradlib.bool, device=device)).dtype is gradlib.int64
    empty = gradlib.zeros(0, 3, dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradlib.trapezoid(empty, dim=0).grad_fn is None
