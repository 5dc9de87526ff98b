"""torch.linalg completeness (helper linalg9): the LU family (lu_factor_ex, lu_factor, lu, lu_solve, lu_unpack,
torch.lu, torch.lu_solve), inv_ex/solve_ex/cholesky_ex, eig/eigvals, and matmul, multi_dot, vecdot, vdot, diagonal, vander,
tensorinv, tensorsolve, against PyTorch's recorded values, gradients, node names and errors
(tests/reference/torch_linalg9.json, cases in tests/reference/linalg9_cases.py); gradcheck and gradgradcheck of
every differentiable function in float64 (and complex128 where PyTorch supports it), on every device."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from gradlib.autograd import gradcheck, gradgradcheck
from reference.linalg9_cases import CASES
from reference.serialize import serialize
from test_complex8 import _compare, _unsigned_zeros
from test_torch_reference import normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_linalg9.json").read_text())
#: cases whose last node differs from PyTorch's, and why (the values and gradients are still compared)
_NAME_DIFFERS = {
    # PyTorch's inverse is column-major (LAPACK's layout), so its reshape is a strided alias (ReshapeAliasBackward0);
    # gradlib's inverse is row-major and the same reshape is a plain view
    "tensorinv/ind1": ("ReshapeAliasBackward0", "ViewBackward0"),
    "tensorinv/ind2": ("ReshapeAliasBackward0", "ViewBackward0"),
}

#: cases whose values are compared but not their printing, and why
_VALUES_ONLY = {"eig/complex": "entries PyTorch has as 1e-16 imaginary parts are rounded otherwise (geev's work order), "
                               "which changes the printed format"}


def _signless_zeros(value):
    """``value`` with the printed sign of zero dropped: an entry that is exactly 0 in one library and -1e-17 in the
    other (LAPACK's and gradlib's rounding) prints -0.0000 on one side only."""
    if isinstance(value, dict):
        return {key: (_unsigned_zeros(item) if key == "repr" else _signless_zeros(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_signless_zeros(item) for item in value]
    return value


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py linalg9"


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
        else:  # a device raises the check at the next synchronization, without the batch element and pivot
            messages = (normalize(message), normalize(message).replace("_cpu", "_cuda"))  # the kernel's CUDA name
            assert found in messages or found.split(":")[0] == messages[0].split(":")[0]
        return
    exec(CASES[name], scope)
    found = {key: serialize(without_device_suffix(value, device) if isinstance(value, str) else value)
             for key, value in scope["result"].items()}
    expected = expected["result"]
    if name in _NAME_DIFFERS:
        theirs, ours = _NAME_DIFFERS[name]
        assert found["name"] == ours and expected["name"] == theirs
        expected = json.loads(json.dumps(expected).replace(theirs, ours))
    _compare(_signless_zeros(found), _signless_zeros(expected), name, on_cpu and name not in _VALUES_ONLY)


def _matrix(device, *shape, dtype=gradlib.float64, shift=0.0, seed=0):
    gradlib.manual_seed(seed)
    values = gradlib.randn(*shape, dtype=dtype, device=device)
    if shift:
        values = values + shift * gradlib.eye(shape[-2], shape[-1], dtype=dtype, device=device)
    return values.requires_grad_()


def _lu_solve(lu, b, left=True, adjoint=False):
    _, pivots = gradlib.linalg.lu_factor(lu.detach())
    return gradlib.linalg.lu_solve(lu, pivots, b, left=left, adjoint=adjoint)


def _unpacked(shape, part):
    def call(a):
        factors = gradlib.linalg.lu_factor(a)
        return getattr(gradlib.lu_unpack(factors.LU, factors.pivots), part)
    return call


def _symmetric(upper):
    return lambda s: gradlib.linalg.cholesky_ex((s + s.mH) / 2 + 4 * gradlib.eye(3, dtype=s.dtype, device=s.device),
                                                upper=upper).L


# (function, input shapes, shift added to the diagonal of the first input)
_FUNCTIONS = {
    "lu_factor_ex/square": (lambda a: gradlib.linalg.lu_factor_ex(a).LU, [(2, 3, 3)], 0.0),
    "lu_factor_ex/wide": (lambda a: gradlib.linalg.lu_factor_ex(a).LU, [(3, 5)], 0.0),
    "lu_factor_ex/tall": (lambda a: gradlib.linalg.lu_factor_ex(a).LU, [(5, 3)], 0.0),
    "lu_factor/square": (lambda a: gradlib.linalg.lu_factor(a).LU, [(3, 3)], 0.0),
    "lu/square": (lambda a: tuple(gradlib.linalg.lu(a))[1:], [(3, 3)], 0.0),
    "lu/wide": (lambda a: tuple(gradlib.linalg.lu(a))[1:], [(2, 4)], 0.0),
    "lu/tall": (lambda a: tuple(gradlib.linalg.lu(a))[1:], [(4, 2)], 0.0),
    "lu/tall_L": (lambda a: gradlib.linalg.lu(a).L, [(4, 2)], 0.0),
    "lu/wide_U": (lambda a: gradlib.linalg.lu(a).U, [(2, 4)], 0.0),
    "lu_solve/left": (lambda a, b: _lu_solve(a, b), [(3, 3), (3, 2)], 3.0),
    "lu_solve/adjoint": (lambda a, b: _lu_solve(a, b, adjoint=True), [(2, 3, 3), (3, 2)], 3.0),
    "lu_solve/right": (lambda a, b: _lu_solve(a, b, left=False), [(3, 3), (2, 3)], 3.0),
    "lu_solve/right_adjoint": (lambda a, b: _lu_solve(a, b, left=False, adjoint=True), [(3, 3), (2, 3)], 3.0),
    "lu_unpack/square": (_unpacked((3, 3), "L"), [(3, 3)], 0.0),
    "lu_unpack/wide_U": (_unpacked((2, 4), "U"), [(2, 4)], 0.0),
    "lu_unpack/tall_L": (_unpacked((4, 2), "L"), [(4, 2)], 0.0),
    "lu_unpack/tall_U": (_unpacked((4, 2), "U"), [(4, 2)], 0.0),
    "inv_ex": (lambda a: gradlib.linalg.inv_ex(a).inverse, [(2, 3, 3)], 3.0),
    "solve_ex/matrix": (lambda a, b: gradlib.linalg.solve_ex(a, b).result, [(2, 3, 3), (3, 2)], 3.0),
    "solve_ex/vector": (lambda a, b: gradlib.linalg.solve_ex(a, b).result, [(3, 3), (3,)], 3.0),
    "solve_ex/right": (lambda a, b: gradlib.linalg.solve_ex(a, b, left=False).result, [(3, 3), (2, 3)], 3.0),
    "cholesky_ex/lower": (_symmetric(False), [(3, 3)], 0.0),
    "cholesky_ex/upper": (_symmetric(True), [(3, 3)], 0.0),
    "eigvals": (lambda a: gradlib.linalg.eigvals(a), [(2, 3, 3)], 0.0),
    "eig/vectors_abs": (lambda a: gradlib.linalg.eig(a).eigenvectors.abs(), [(3, 3)], 0.0),
    "householder_product": (gradlib.linalg.householder_product, [(4, 3), (2,)], 0.0),
    "householder_product/batched": (gradlib.orgqr, [(2, 3, 3), (2, 3)], 0.0),
    "triangular_solve": (lambda a, b: tuple(gradlib.triangular_solve(b, a)), [(2, 3, 3), (3, 2)], 3.0),
    "triangular_solve/lower_t_unit": (lambda a, b: gradlib.triangular_solve(b, a, False, True, True).solution,
                                      [(3, 3), (3, 2)], 3.0),
    "cholesky_legacy": (lambda s: gradlib.cholesky(s @ s.mH + gradlib.eye(3, dtype=s.dtype, device=s.device),
                                                    upper=True), [(3, 3)], 0.0),
    "multi_dot": (lambda a, b, c: gradlib.linalg.multi_dot([a, b, c, c.mT]), [(3,), (3, 4), (4, 2)], 0.0),
    "vecdot": (lambda a, b: gradlib.linalg.vecdot(a, b), [(2, 3), (3,)], 0.0),
    "vdot": (gradlib.vdot, [(3,), (3,)], 0.0),
    "diagonal": (lambda a: gradlib.linalg.diagonal(a, offset=-1), [(2, 3, 3)], 0.0),
    "vander": (lambda a: gradlib.linalg.vander(a, N=4), [(2, 3)], 0.0),
    "tensorinv": (lambda a: gradlib.linalg.tensorinv(a.reshape(4, 2, 2), ind=1), [(4, 4)], 3.0),
    "tensorsolve": (lambda a, b: gradlib.linalg.tensorsolve(a.reshape(2, 3, 6), b), [(6, 6), (2, 3)], 3.0),
}
_COMPLEX = {"lu_factor_ex/square", "lu_factor_ex/wide", "lu_factor_ex/tall", "lu/square", "lu/wide", "lu/tall",
            "lu_solve/left", "lu_solve/adjoint", "lu_solve/right", "lu_solve/right_adjoint", "lu_unpack/square",
            "inv_ex", "solve_ex/matrix", "solve_ex/right", "cholesky_ex/lower", "cholesky_ex/upper", "vecdot",
            "vdot", "multi_dot", "eigvals", "eig/vectors_abs",
            "householder_product", "householder_product/batched", "triangular_solve",
            "triangular_solve/lower_t_unit", "cholesky_legacy"}


@pytest.mark.parametrize("dtype", ["float64", "complex128"])
@pytest.mark.parametrize("name", sorted(_FUNCTIONS))
def test_gradcheck(name, dtype, device):
    """First and second derivatives against finite differences (complex ones through real and imaginary parts,
    PyTorch's convention)."""
    if dtype == "complex128" and name not in _COMPLEX:
        pytest.skip("real-only case")
    function, shapes, shift = _FUNCTIONS[name]
    kind = getattr(gradlib, dtype)
    inputs = tuple(_matrix(device, *shape, dtype=kind, shift=shift if index == 0 else 0.0, seed=index)
                   for index, shape in enumerate(shapes))
    assert gradcheck(function, inputs)
    assert gradgradcheck(function, inputs)


def test_lu_reconstructs_and_stays_on_the_device(device):
    """A = P L U for square, wide, tall and batched input; pivots and info are int32 on the input's device."""
    for shape in ((4, 4), (3, 5), (5, 3), (2, 3, 3), (0, 2, 2)):
        a = _matrix(device, *shape).detach()
        P, L, U = gradlib.linalg.lu(a)
        assert gradlib.allclose(P @ L @ U, a)
        LU, pivots, info = gradlib.linalg.lu_factor_ex(a)
        assert (pivots.dtype, info.dtype) == (gradlib.int32, gradlib.int32)
        assert pivots.device == info.device == a.device == LU.device
        assert list(info.shape) == list(shape[:-2])
        unpacked = gradlib.lu_unpack(LU, pivots)
        for mine, theirs in zip(unpacked, (P, L, U)):
            assert gradlib.equal(mine, theirs)


def test_lu_pivots_like_lapack(device):
    """Partial pivoting picks the largest magnitude (|re| + |im| for complex numbers, LAPACK's i?amax), and a zero
    column leaves the pivot in place and sets info."""
    a = gradlib.tensor([[1., 2., 0.], [-4., 1., 0.], [2., 8., 0.]], device=device)
    LU, pivots, info = gradlib.linalg.lu_factor_ex(a)
    assert pivots.tolist() == [2, 3, 3] and info.item() == 3
    z = gradlib.tensor([[1 + 0j, 0], [0.8 + 0.8j, 1]], device=device)  # |z| 1.13 < 1.6 = |re| + |im|
    assert gradlib.linalg.lu_factor_ex(z).pivots.tolist() == [2, 2]


def test_ex_functions_do_not_raise_without_check_errors(device):
    singular = gradlib.zeros(2, 3, 3, device=device)
    assert gradlib.linalg.inv_ex(singular).info.tolist() == [1, 1]
    assert gradlib.linalg.solve_ex(singular, gradlib.ones(2, 3, device=device)).info.tolist() == [1, 1]
    assert gradlib.linalg.cholesky_ex(singular).info.tolist() == [1, 1]
    assert gradlib.linalg.lu_factor_ex(singular).info.tolist() == [1, 1]
