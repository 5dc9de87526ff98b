"""Complex matrices in the linalg functions that took only real ones before helper cplxlinalg: slogdet, cholesky,
cholesky_solve (...), against PyTorch's recorded values, node names, gradients and errors
(tests/reference/torch_cplxlinalg.json, cases in tests/reference/cplxlinalg_cases.py); gradcheck and gradgradcheck
in complex128 on every device (losses independent of the phases of singular vectors where those are free)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from gradlib.autograd import gradcheck, gradgradcheck
from reference.cplxlinalg_cases import CASES
from reference.serialize import serialize
from test_complex8 import _compare
from test_linalg9 import _signless_zeros
from test_torch_reference import normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_cplxlinalg.json").read_text())
#: cases whose values are compared but not their printing, and why
_VALUES_ONLY = {
    "cholesky_solve/lower": "the diagonal of the gradient is real up to 1e-18 imaginary parts, LAPACK's and "
                            "gradlib's rounding differ there, which changes the printed format",
    "cholesky_solve/upper": "as cholesky_solve/lower",
    "pinv/hermitian": "1e-18 imaginary parts on the diagonal differ in their rounding, which changes the format",
    "pinv/rank_deficient": "complex64: PyTorch's 1e-9 rounding noise where gradlib's is 1e-17 changes the format",
    "svd/full": "an entry of U whose imaginary part is 1e-17 differs in its rounding, which changes the format",
}


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py cplxlinalg"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    expected = RECORDED[name]
    scope = {"torch": gradlib}
    on_cpu = gradlib.device(device).type == "cpu"
    if "error" in expected:
        error_type, message = expected["error"]
        with pytest.raises(Exception) as caught:
            exec(CASES[name], scope)
            gradlib.cuda.synchronize(device) if not on_cpu else None  # a deferred device check raises here
        assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
        found = normalize(str(caught.value))
        if on_cpu:
            assert found == normalize(message)
        else:  # a device raises the check at the next synchronization, without the batch element
            assert found.split(":")[0] == normalize(message).split(":")[0]
        return
    exec(CASES[name], scope)
    found = {key: serialize(without_device_suffix(value, device) if isinstance(value, str) else value)
             for key, value in scope["result"].items()}
    _compare(_signless_zeros(found), _signless_zeros(expected["result"]), name, on_cpu and name not in _VALUES_ONLY)


def _matrix(device, *shape, shift=0.0, seed=0):
    gradlib.manual_seed(seed)
    values = gradlib.randn(*shape, dtype=gradlib.complex128, device=device)
    if shift:
        values = values + shift * gradlib.eye(shape[-2], shape[-1], dtype=values.dtype, device=device)
    return values.requires_grad_()


def _positive(x):
    return x @ x.mH + gradlib.eye(x.shape[-1], dtype=x.dtype, device=x.device)


def _phase_free(factors):
    """|entries| of every factor: independent of the phases of singular vectors and of Q's columns."""
    return tuple(factor.abs() for factor in factors)


# (function, input shapes, shift added to the diagonal of the first input)
_FUNCTIONS = {
    "slogdet": (lambda a: tuple(gradlib.linalg.slogdet(a)), [(2, 3, 3)], 3.0),
    "slogdet/sign": (lambda a: gradlib.linalg.slogdet(a).sign, [(3, 3)], 0.0),
    "logdet": (gradlib.logdet, [(3, 3)], 3.0),
    "cholesky": (lambda a: gradlib.linalg.cholesky(_positive(a)), [(2, 3, 3)], 0.0),
    "cholesky/upper": (lambda a: gradlib.linalg.cholesky(_positive(a), upper=True), [(3, 3)], 0.0),
    "cholesky/hermitian": (lambda a: gradlib.linalg.cholesky((a + a.mH) / 2), [(3, 3)], 4.0),
    "cholesky_solve": (lambda a, b: gradlib.cholesky_solve(b, gradlib.linalg.cholesky(_positive(a))),
                       [(3, 3), (3, 2)], 0.0),
    "cholesky_solve/upper": (lambda a, b: gradlib.cholesky_solve(b, a.triu(), upper=True), [(2, 3, 3), (3, 2)], 3.0),
    "cholesky_solve/lower": (lambda a, b: gradlib.cholesky_solve(b, a.tril()), [(3, 3), (3, 2)], 3.0),
    "qr/tall": (lambda a: _phase_free(gradlib.linalg.qr(a)), [(4, 3)], 0.0),
    "qr/tall_plain": (lambda a: tuple(gradlib.linalg.qr(a)), [(2, 4, 3)], 0.0),
    "qr/square": (lambda a: tuple(gradlib.linalg.qr(a)), [(3, 3)], 0.0),
    "qr/wide": (lambda a: tuple(gradlib.linalg.qr(a)), [(3, 5)], 0.0),
    "qr/wide_R": (lambda a: gradlib.linalg.qr(a).R, [(2, 4)], 0.0),
    "qr/complete_wide": (lambda a: gradlib.linalg.qr(a, mode="complete").Q, [(2, 3)], 0.0),
    "svd/tall": (lambda a: _phase_free(gradlib.linalg.svd(a, full_matrices=False)), [(4, 3)], 0.0),
    "svd/wide": (lambda a: _phase_free(gradlib.linalg.svd(a, full_matrices=False)), [(2, 3, 4)], 0.0),
    "svd/full": (lambda a: _phase_free(gradlib.linalg.svd(a)), [(3, 3)], 0.0),
    "svd/polar": (lambda a: (lambda r: r.U @ r.Vh)(gradlib.linalg.svd(a, full_matrices=False)), [(4, 3)], 0.0),
    "svdvals": (gradlib.linalg.svdvals, [(2, 3, 4)], 0.0),
    "matrix_norm/nuc": (lambda a: gradlib.linalg.matrix_norm(a, "nuc"), [(3, 4)], 0.0),
    "cond": (gradlib.linalg.cond, [(3, 3)], 2.0),
    "pinv/tall": (gradlib.linalg.pinv, [(4, 3)], 0.0),
    "pinv/wide": (gradlib.linalg.pinv, [(2, 3, 4)], 0.0),
    "pinv/hermitian": (lambda a: gradlib.linalg.pinv(_positive(a), hermitian=True), [(3, 3)], 0.0),
    "lstsq": (lambda a, b: gradlib.linalg.lstsq(a, b).solution, [(4, 3), (4, 2)], 0.0),
    "lstsq/square": (lambda a, b: gradlib.linalg.lstsq(a, b).solution, [(3, 3), (3,)], 2.0),
}


@pytest.mark.parametrize("name", sorted(_FUNCTIONS))
def test_gradcheck(name, device):
    """First and second derivatives against finite differences, through real and imaginary parts."""
    function, shapes, shift = _FUNCTIONS[name]
    inputs = tuple(_matrix(device, *shape, shift=shift if index == 0 else 0.0, seed=index)
                   for index, shape in enumerate(shapes))
    assert gradcheck(function, inputs)
    assert gradgradcheck(function, inputs)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_factors_reconstruct_and_stay_on_the_device(dtype, device):
    kind = getattr(gradlib, dtype)
    a = _positive(_matrix(device, 2, 3, 3).detach().to(kind))
    lower = gradlib.linalg.cholesky(a)
    assert lower.dtype is kind and lower.device == a.device
    assert gradlib.allclose(lower @ lower.mH, a, atol=1e-4)
    assert gradlib.allclose(gradlib.linalg.cholesky(a, upper=True), lower.mH)
    sign, logabsdet = gradlib.linalg.slogdet(a)
    assert sign.dtype is kind and logabsdet.dtype is kind.to_real() and logabsdet.device == a.device
    assert gradlib.allclose(sign * logabsdet.exp(), gradlib.linalg.det(a), rtol=1e-4)
