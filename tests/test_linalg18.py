"""Differential fuzzing of torch.linalg and torch.fft against PyTorch (session 18, linalg18): the cases the sweep of
``tools/fuzz_linalg18.py`` (every linalg function x dtypes x matrix forms: 0-d, vectors, empty batches, 0x0,
non-square, batched, broadcast, singular, non-contiguous; the solvers x pairs of forms; every fft function x n=, s=,
dim=, norm= x dtypes x signal forms; fftfreq/fftshift; float64/complex128 gradients: 63,497 cases under PyTorch 2.13
and gradlib) found answered differently, one class per cause, now PyTorch's: values within a tolerance (LAPACK and
pocketfft round differently from NumPy's: rtol 1e-6 in double, 1e-3 in single precision), dtypes, shapes, float64
gradients, and where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_linalg18.json`` by
``python tests/reference/record_torch.py linalg18`` from the expressions of ``tests/reference/linalg18.py``. Every
case outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib
does not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json

import gradlib
import recorded_cases
from reference import linalg18

RECORDED = json.loads(linalg18.FILE.read_text())

_ROUNDING = ("an (almost) singular matrix: the result is dominated by rounding, and LAPACK (MKL in PyTorch, "
             "OpenBLAS/LAPACK in NumPy) pivots and rounds otherwise; both are right to the matrix's condition")
KNOWN = {
    "known/fft_mkl_empty_batch": "a transform padding n= over an empty batch: PyTorch's MKL descriptor refuses it "
                                 "('MKL FFT error: ... Inconsistent configuration parameters', a CPU-library "
                                 "artifact); gradlib returns the empty result",
    "known/singular_rounding": "inv of " + _ROUNDING,
    "known/singular_slogdet": "slogdet of " + _ROUNDING + " (MKL's LU finds an exact zero pivot: sign 0, -inf)",
    "known/singular_det_grad": "det's gradient at " + _ROUNDING,
    "known/empty_skips_kernel": "an empty float16/bfloat16/integer input: PyTorch's kernels return before their "
                                "dtype dispatch (an empty result); gradlib refuses the dtype with the kernel's "
                                "error on every shape",
    "known/empty_lu_factor_int": "lu_factor of an empty integer batch: as known/empty_skips_kernel",
    "known/ldl_missing": "linalg.ldl_factor, ldl_factor_ex and ldl_solve are not implemented (LAPACK's sytrf "
                         "Bunch-Kaufman pivoting has no NumPy/CuPy counterpart); PyTorch 2.13 also crashes "
                         "(segmentation fault) in ldl_solve with a broadcast batch of LD",
    "known/tensorsolve_0d_message": "tensorsolve of a 0-d A: PyTorch's error is a C++ artifact ('cannot create "
                                    "std::vector larger than max_size()'); gradlib's names the shape requirement",
    "known/tensorinv_0d_message": "tensorinv of a 0-d A: PyTorch's error is an ArrayRef artifact ('invalid slice'); "
                                  "gradlib inverts the 1x1 matrix",
    "known/lstsq_gelsy_rcond": "lstsq with driver 'gelsy' and rcond=: LAPACK's rank-revealing QR drops other "
                               "directions than gradlib's SVD cutoff (the least-squares solutions differ where A is "
                               "declared rank-deficient)",
    "known/matrix_exp_half": "matrix_exp in float16: PyTorch's Taylor polynomial overflows to NaN in half "
                             "precision; gradlib's scaling and squaring stays finite",
    "known/cond_fro_complex_grad": "cond(A, 'fro') of complex A: PyTorch's backward fails ('modified by an inplace "
                                   "operation': its masked_fill_ on inv_ex's output); gradlib differentiates",
    "known/solve_triangular_complex_b": "solve_triangular of a real A and a complex B: PyTorch casts B to A's dtype "
                                        "and drops the imaginary part without a warning; gradlib promotes",
    "known/cholesky_ex_partial": "cholesky_ex of a matrix that is not positive definite: PyTorch returns LAPACK's "
                                 "partial factor; gradlib's (NumPy's) factor has NaN past the failing minor (info "
                                 "agrees)",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in linalg18.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in linalg18.CASES if name not in KNOWN and name not in GUARDS)


def _cpu_kernel_names(message):
    """A refusal names the device's kernel ("linalg_eig_cuda"), as PyTorch's; the recorded run was on the CPU."""
    return message.replace("_cuda", "_cpu")


_answer = functools.partial(recorded_cases.gradlib_answer, linalg18, gpu_words=_cpu_kernel_names)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(linalg18, RECORDED, KNOWN, FIXED + GUARDS, _answer,
                                                            same=linalg18.same_answer)


def _f64(device, rows, dtype=gradlib.float64):
    return gradlib.tensor(rows, dtype=dtype, device=device, requires_grad=True)


def test_gradients_through_the_new_transforms(device):
    check = gradlib.autograd.gradcheck
    twice = gradlib.autograd.gradgradcheck
    real = _f64(device, [[0.5, -1.25, 2.0, 0.75, 0.1], [1.5, 0.25, -0.5, 3.0, -2.0]])
    spectrum = _f64(device, [[0.5 + 1j, -1.25, 2.0 - 0.5j], [1.5j, 0.25, -0.5 + 2j]], gradlib.complex128)
    for fn in (lambda a: gradlib.fft.ihfft(a, n=6), lambda a: gradlib.fft.rfft2(a, norm="ortho"),
               lambda a: gradlib.fft.ihfftn(a, s=(2, 4)), lambda a: gradlib.fft.rfftn(a, dim=(0,))):
        assert check(fn, (real,))
        assert twice(fn, (real,))
    for fn in (lambda a: gradlib.fft.hfft(a, n=5), lambda a: gradlib.fft.irfft2(a),
               lambda a: gradlib.fft.hfftn(a, norm="forward"), lambda a: gradlib.fft.hfft2(a, s=(2, 3))):
        assert check(fn, (spectrum,))
        assert twice(fn, (spectrum,))


def test_gradients_through_the_fixed_linalg_ops(device):
    check = gradlib.autograd.gradcheck
    twice = gradlib.autograd.gradgradcheck
    a = _f64(device, [[4.0, 1.0, -0.5], [0.5, 3.0, 0.25], [-1.0, 0.75, 5.0]])
    b = _f64(device, [[1.0, -2.0, 0.5], [0.25, 1.5, -1.0]])
    assert check(lambda x, y: gradlib.linalg.solve(x, y, left=False), (a, b))
    assert twice(lambda x, y: gradlib.linalg.solve(x, y, left=False), (a, b))
    assert check(lambda x: gradlib.linalg.cond(x, 1), (a,))
    assert check(lambda x: gradlib.linalg.cond(x, "nuc"), (a,))
    spd = (a @ a.mT).detach().requires_grad_()
    # a symmetric perturbation: the factor reads one triangle, its gradient is the symmetric one (as PyTorch's)
    assert check(lambda x: gradlib.linalg.cholesky((x + x.mT) / 2, upper=True), (spd,))
    assert twice(lambda x: gradlib.linalg.cholesky((x + x.mT) / 2, upper=True), (spd,))
    z = _f64(device, [[0.3 + 0.2j, 1.0 - 0.5j], [0.1j, -0.4 + 0.1j]], gradlib.complex128)
    assert check(gradlib.linalg.matrix_exp, (z,))
    assert twice(gradlib.linalg.matrix_exp, (z,))
    tall = _f64(device, [[1.0, 0.5], [0.25, 2.0], [-1.0, 1.0]])
    rhs = _f64(device, [1.0, -0.5, 2.0])
    assert check(lambda x, y: gradlib.linalg.lstsq(x, y, driver="gelsd").residuals, (tall, rhs))


def test_edge_values(device):
    """0-d, empty and singular inputs of the fixed paths (values PyTorch gives, not recorded: simple enough)."""
    empty = gradlib.zeros(2, 0, 0, dtype=gradlib.float64, device=device)
    assert gradlib.linalg.cond(empty).tolist() == [0.0, 0.0]
    assert gradlib.linalg.cond(gradlib.tensor([[1.0, 2.0], [2.0, 4.0]], device=device), "fro").item() == float("inf")
    assert gradlib.fft.irfft(gradlib.zeros(3, 0, dtype=gradlib.complex64, device=device), n=8).abs().max().item() == 0
    assert gradlib.fft.fftn(gradlib.tensor(2.0, device=device)).dtype is gradlib.complex64
    assert gradlib.linalg.lstsq(gradlib.ones(3, 2, dtype=gradlib.float64, device=device),
                                gradlib.ones(3, dtype=gradlib.float64, device=device),
                                driver="gelsd").residuals.shape == (1,)
