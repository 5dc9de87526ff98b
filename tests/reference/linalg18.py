"""Differential fuzzing of torch.linalg and torch.fft against PyTorch (session 18, linalg18).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
these builders:

- ``M(dtype, form, grad=False)``: a deterministic tensor of ``dtype`` (a name) in a shape form (``FORMS``): square
  and well conditioned (``"sq"`` (3, 3), ``"one"`` (1, 1), ``"batch"`` (2, 3, 3), ``"bcast"`` (2, 1, 3, 3)),
  ``"wide"`` (2, 3), ``"tall"`` (3, 2), ``"vec"`` (3,), ``"vec5"`` (5,), ``"vec6"`` (6,), ``"0d"``, empty ones
  (``"zero"`` (0, 0), ``"zero_b"`` (2, 0, 0), ``"ebatch"`` (0, 3, 3), ``"e1"`` (0,), ``"zr"`` (3, 0)),
  ``"sing"`` (3, 3) rank 2, ``"t"`` (3, 3) transposed (non-contiguous), ``"spd"`` (3, 3) and ``"spdb"``
  (2, 3, 3) symmetric (Hermitian) positive definite, ``"ltri"`` (3, 3) lower triangular, ``"rhs"`` (3, 2),
  ``"rhsb"`` (2, 3, 2), ``"cube"`` (2, 3, 4), ``"mat"`` (3, 4);
- ``GRAD(function, *inputs)``: fuzz15's: the inputs' gradients of ``function(*inputs)`` for fixed grad_outputs.

``describe`` turns a result into JSON-able data: each tensor as ``[dtype, shape, values]`` with floats as numbers
(complex as ``[re, im]``; NaN and infinities as strings), so ``same`` compares values with a tolerance (LAPACK and
pocketfft round differently from NumPy's): rtol 1e-6 for double precision, 1e-3 for single, 1e-2 for half; dtypes,
shapes, integers and errors exactly. The recorder (``python tests/reference/record_torch.py linalg18``) stores
PyTorch's answers in ``torch_linalg18.json``; tests/test_linalg18.py demands gradlib give the same on every device.
tools/fuzz_linalg18.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_linalg18.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.linalg18)

FILE = pathlib.Path(__file__).parent / "torch_linalg18.json"

FORMS = {"0d": (), "vec": (3,), "vec5": (5,), "vec6": (6,), "e1": (0,), "sq": (3, 3), "one": (1, 1),
         "wide": (2, 3), "tall": (3, 2), "batch": (2, 3, 3), "bcast": (2, 1, 3, 3), "zero": (0, 0),
         "zero_b": (2, 0, 0), "ebatch": (0, 3, 3), "zr": (3, 0), "sing": (3, 3), "t": (3, 3), "spd": (3, 3),
         "spdb": (2, 3, 3), "ltri": (3, 3), "rhs": (3, 2), "rhsb": (2, 3, 2), "cube": (2, 3, 4), "mat": (3, 4)}


def _flat(dtype, shape, form):
    """Row-major values: sin-based, the diagonal of square matrices lifted (well conditioned)."""
    count = math.prod(shape)
    cols = shape[-1] if shape else 1
    rows = shape[-2] if len(shape) > 1 else 1
    out = []
    for i in range(count):
        v = round(2 * math.sin(1.3 * i + 0.7), 3)
        w = round(math.cos(0.9 * i + 0.2), 3)
        r, c = (i // cols) % rows, i % cols
        if form in ("sq", "one", "batch", "bcast", "t", "ltri") and r == c:
            v += 4.0
        if form == "ltri" and c > r:
            v, w = 0.0, 0.0
        out.append((v, w))
    if form == "sing":  # the last row is the sum of the first two
        for c in range(3):
            out[6 + c] = (out[c][0] + out[3 + c][0], out[c][1] + out[3 + c][1])
    if dtype == "bool":
        return [v > 0 for v, _ in out]
    if dtype.startswith(("int", "uint")):
        return [int(round(v)) for v, _ in out]
    if dtype.startswith("complex"):
        return [complex(v, w) for v, w in out]
    return [v for v, _ in out]


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def M(dtype, form, grad=False):  # noqa: N802
        shape = FORMS[form]
        x = lib.tensor(_flat(dtype, shape, form), dtype=getattr(lib, dtype), device=device).reshape(shape)
        if form == "t":
            x = x.mT
        elif form in ("spd", "spdb"):
            x = x @ x.mH + 3 * lib.eye(3, dtype=x.dtype, device=device) if x.dtype.is_floating_point or \
                x.dtype.is_complex else x
        if grad:
            x.requires_grad_(True)
        return x

    names.update(M=M)
    return names


def _number(v):
    if isinstance(v, complex):
        return [_number(v.real), _number(v.imag)]
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    return v


def _flatten(values):
    if isinstance(values, list):
        return [y for v in values for y in _flatten(v)]
    return [_number(values)]


def describe(value):
    """A result as JSON-able data (tensors ``[dtype, shape, flat values]``), compared with ``same``."""
    if hasattr(value, "detach") and hasattr(value, "tolist") and hasattr(value, "dtype"):
        return [str(value.dtype).split(".")[-1], list(value.shape), _flatten(value.detach().cpu().tolist())]
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return ["float", _number(value)]
    if type(value).__name__ == "dtype":
        return "dtype." + str(value).split(".")[-1]
    return repr(value)


_RTOL = {"float64": 1e-6, "complex128": 1e-6, "float32": 1e-3, "complex64": 1e-3, "float16": 1e-2,
         "bfloat16": 3e-2}


def _close(t, g, rtol, atol):
    if isinstance(t, list) and isinstance(g, list):
        return len(t) == len(g) and all(_close(a, b, rtol, atol) for a, b in zip(t, g))
    if isinstance(t, (int, float)) and isinstance(g, (int, float)) and not isinstance(t, bool) \
            and not isinstance(g, bool):
        return abs(t - g) <= atol + rtol * abs(t)
    return t == g


def _is_tensor(v):
    return isinstance(v, list) and len(v) == 3 and isinstance(v[0], str) and isinstance(v[1], list) \
        and isinstance(v[2], list)


def same(t, g, scale=1.0):
    """Whether gradlib's answer ``g`` is PyTorch's ``t``: dtypes and shapes exactly, values within the dtype's
    tolerance (times ``scale``)."""
    if _is_tensor(t) and _is_tensor(g):
        if t[0] != g[0] or t[1] != g[1]:
            return False
        rtol = _RTOL.get(t[0], 0) * scale
        return _close(t[2], g[2], rtol, rtol)
    if isinstance(t, list) and isinstance(g, list):
        return len(t) == len(g) and all(same(a, b, scale) for a, b in zip(t, g))
    return t == g


def same_answer(t, g):
    """``same`` for whole answers ({"value"} / {"error"} / "warnings")."""
    if set(t) != set(g) or t.get("warnings") != g.get("warnings"):
        return False
    if "error" in t:
        return t["error"] == g["error"]
    return same(t["value"], g["value"])


def _meta(v):
    if _is_tensor(v):
        return [v[0], v[1]]
    if isinstance(v, list):
        return [_meta(x) for x in v]
    return v


def value_class(t, g):
    """How a differing value differs: its dtypes/shapes, or a value close (within 1000 x the tolerance) or not."""
    if _meta(t) != _meta(g):
        return "value-dtype-shape"
    return "value-close" if same(t, g, 1000.0) else "value-gross"


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), describe=describe)


CASES = {
    # ----- fixed: the Hermitian and real n-dimensional transforms were missing (hfft, ihfft, rfft2, irfft2, rfftn,
    # irfftn, hfft2, ihfft2, hfftn, ihfftn): values, dtypes, s=/dim=/norm=, gradients
    "fft_missing/hfft": "lib.fft.hfft(M('complex128', 'vec5'))",
    "fft_missing/hfft_n_ortho": "lib.fft.hfft(M('complex64', 'mat'), n=5, dim=0, norm='ortho')",
    "fft_missing/hfft_real_int": "lib.fft.hfft(M('int64', 'vec6'), n=4)",
    "fft_missing/ihfft": "lib.fft.ihfft(M('float64', 'vec5'))",
    "fft_missing/ihfft_forward": "lib.fft.ihfft(M('bool', 'mat'), n=8, norm='forward')",
    "fft_missing/rfft2": "lib.fft.rfft2(M('float32', 'cube'))",
    "fft_missing/rfft2_s": "lib.fft.rfft2(M('float64', 'mat'), s=(4, 6), norm='ortho')",
    "fft_missing/irfft2": "lib.fft.irfft2(M('complex128', 'cube'))",
    "fft_missing/irfft2_s_minus_one": "lib.fft.irfft2(M('complex64', 'mat'), s=(-1, 4))",
    "fft_missing/rfftn": "lib.fft.rfftn(M('float64', 'cube'), dim=(-1, 0))",
    "fft_missing/rfftn_s_int": "lib.fft.rfftn(M('float32', 'cube'), s=3)",
    "fft_missing/irfftn": "lib.fft.irfftn(M('complex128', 'cube'), s=(2, 3), norm='forward')",
    "fft_missing/hfft2": "lib.fft.hfft2(M('complex128', 'cube'), norm='ortho')",
    "fft_missing/hfftn": "lib.fft.hfftn(M('float64', 'mat'), s=(2, 5))",
    "fft_missing/ihfft2": "lib.fft.ihfft2(M('float64', 'cube'))",
    "fft_missing/ihfftn": "lib.fft.ihfftn(M('float32', 'cube'), dim=(0, 2), norm='forward')",
    "fft_missing/hfft_grad": "GRAD(lambda a: lib.fft.hfft(a, n=8, norm='forward'), M('complex128', 'vec5', grad=True))",
    "fft_missing/hfft_grad_real": "GRAD(lambda a: lib.fft.hfft(a), M('float64', 'mat', grad=True))",
    "fft_missing/ihfft_grad": "GRAD(lambda a: lib.fft.ihfft(a, n=4), M('float64', 'vec6', grad=True))",
    "fft_missing/rfftn_grad": "GRAD(lambda a: lib.fft.rfftn(a, s=(2, 5)), M('float64', 'mat', grad=True))",
    "fft_missing/irfftn_grad": "GRAD(lambda a: lib.fft.irfftn(a, norm='ortho'), M('complex128', 'cube', grad=True))",
    "fft_missing/hfftn_grad": "GRAD(lambda a: lib.fft.hfftn(a, dim=(0,)), M('complex128', 'sq', grad=True))",
    "fft_missing/ihfftn_grad": "GRAD(lambda a: lib.fft.ihfftn(a), M('float64', 'cube', grad=True))",
    # ----- fixed: the transforms' checks in PyTorch's order: the real input, the dtype (float16/bfloat16 refused
    # on the CPU), the dims (a 0-d tensor has none), their uniqueness, s against dim and the input's dims, the
    # number of points (also where n is not given), the norm
    "fft_checks/half_before_norm": "lib.fft.fft(M('float16', 'vec5'), norm='bad')",
    "fft_checks/bfloat16": "lib.fft.rfft(M('bfloat16', 'mat'))",
    "fft_checks/half_fftn": "lib.fft.fftn(M('float16', 'cube'))",
    "fft_checks/dtype_before_dim": "lib.fft.fft(M('float16', '0d'), dim=2)",
    "fft_checks/0d_dim": "lib.fft.fft(M('float32', '0d'))",
    "fft_checks/0d_dim_irfft": "lib.fft.irfft(M('complex64', '0d'), dim=0)",
    "fft_checks/empty_points": "lib.fft.fft(M('float32', 'e1'))",
    "fft_checks/empty_points_before_norm": "lib.fft.ifft(M('complex64', 'e1'), norm='bad')",
    "guards/fft_irfft_one_point": "lib.fft.irfft(M('complex64', 'mat')[:, :1])",
    "fft_checks/s_longer_than_dims": "lib.fft.fftn(M('float32', 'vec6'), s=(2, 3))",
    "fft_checks/s_int": "lib.fft.fft2(M('float32', 'cube'), s=3)",
    "fft_checks/dims_unique_0d": "lib.fft.fft2(M('float32', '0d'), dim=(0, 0))",
    "fft_checks/s_zero": "lib.fft.rfftn(M('float32', 'mat'), s=(0, 2))",
    "fft_checks/no_axis": "lib.fft.irfftn(M('complex64', 'mat'), dim=())",
    "fft_checks/rfftn_complex": "lib.fft.rfft2(M('complex64', 'mat'))",
    "fft_checks/ihfft_complex": "lib.fft.ihfft(M('complex64', 'vec5'))",
    "fft_checks/ihfftn_complex": "lib.fft.ihfftn(M('complex128', 'mat'))",
    "guards/fft_fftn_no_dims": "lib.fft.fftn(M('float64', 'mat'), dim=())",
    "guards/fft_fftn_0d": "lib.fft.fftn(M('int64', '0d'))",
    # ----- fixed: an axis of size 0 padded by n= or s= is zeros (NumPy's irfftn read uninitialized memory)
    "fft_empty_pad/irfft": "lib.fft.irfft(M('complex64', 'zr'), n=8)",
    "fft_empty_pad/hfftn": "lib.fft.hfftn(M('float32', 'zero'), s=(4, 6), dim=(-2, -1), norm='ortho')",
    # ----- fixed: fftshift's dims (0-d: none); fftfreq/rfftfreq's checks (an int n, not negative, a floating dtype)
    "fft_shift/0d_dim": "lib.fft.fftshift(M('float32', '0d'), 0)",
    "fft_shift/dim_range": "lib.fft.ifftshift(M('int64', 'mat'), 3)",
    "fft_freq/negative": "lib.fft.fftfreq(-1)",
    "fft_freq/float_n": "lib.fft.rfftfreq(2.5)",
    "fft_freq/int_dtype": "lib.fft.fftfreq(4, dtype=lib.int64)",
    "fft_freq/rfftfreq_minus_one": "lib.fft.rfftfreq(-1, d=2)",
    "guards/fft_freq_complex": "lib.fft.fftfreq(3, dtype=lib.complex64)",
    "guards/fft_values": "lib.fft.fft(M('float64', 'cube'), n=5, dim=1, norm='ortho')",
    "guards/fft_grad": "GRAD(lambda a: lib.fft.irfft(a, n=7), M('complex128', 'vec5', grad=True))",
    "guards/fft2_grad": "GRAD(lambda a: lib.fft.fft2(a, s=(2, 5)), M('float64', 'cube', grad=True))",
    # ----- fixed: at least 2 dims before squareness (checkIsMatrix, squareCheckInputs); float16 and bfloat16 named
    # by their own type; svdvals/eigvalsh report as linalg.svd/eigh; svd's driver= refused on the CPU
    "matrix_checks/det_vec": "lib.linalg.det(M('float64', 'vec'))",
    "matrix_checks/inv_0d": "lib.linalg.inv(M('float32', '0d'))",
    "matrix_checks/cholesky_vec": "lib.linalg.cholesky(M('float64', 'e1'))",
    "matrix_checks/slogdet_0d": "lib.linalg.slogdet(M('complex64', '0d'))",
    "matrix_checks/eigh_vec": "lib.linalg.eigh(M('float64', 'vec'))",
    "matrix_checks/inv_bfloat16": "lib.linalg.inv(M('bfloat16', 'sq'))",
    "matrix_checks/det_bfloat16": "lib.linalg.det(M('bfloat16', 'batch'))",
    "matrix_checks/cholesky_bfloat16": "lib.linalg.cholesky(M('bfloat16', 'spd'))",
    "matrix_checks/svdvals_name": "lib.linalg.svdvals(M('int64', 'mat'))",
    "matrix_checks/svdvals_bfloat16": "lib.linalg.svdvals(M('bfloat16', 'batch'))",
    "matrix_checks/eigvalsh_name": "lib.linalg.eigvalsh(M('float32', 'tall'))",
    "matrix_checks/eigvalsh_uplo_after_dims": "lib.linalg.eigvalsh(M('int64', 'vec'), UPLO='X')",
    "matrix_checks/eigh_kernel": "lib.linalg.eigh(M('int64', 'sq'))",
    "matrix_checks/svd_driver": "lib.linalg.svd(M('float64', 'mat'), driver='gesvd')",
    "matrix_checks/svd_driver_half": "lib.linalg.svdvals(M('float16', 'sq'), driver='gesvdj')",
    "guards/svd_driver_empty": "lib.linalg.svdvals(M('float64', 'zr'), driver='gesvdj')",
    "matrix_checks/qr_mode_after_dtype": "lib.linalg.qr(M('int64', 'mat'), mode='bad')",
    "matrix_checks/matrix_exp_vec": "lib.linalg.matrix_exp(M('float64', 'vec'))",
    "matrix_checks/matrix_exp_int": "lib.linalg.matrix_exp(M('int64', 'sq'))",
    "matrix_checks/eig_complex_type_first": "lib.linalg.eig(M('int64', 'vec'))",
    "matrix_checks/eigvals_square_before_kernel": "lib.linalg.eigvals(M('bfloat16', 'tall'))",
    "guards/matrix_checks_square": "lib.linalg.inv(M('float64', 'wide'))",
    "guards/svdvals_values": "lib.linalg.svdvals(M('float64', 'batch'))",
    # ----- fixed: linalg.solve takes left=; solve and solve_ex check in _linalg_solve_ex's order
    "solve/left_false": "lib.linalg.solve(M('float64', 'sq'), M('float64', 'sq').flip(0), left=False)",
    "solve/left_false_batch": "lib.linalg.solve(M('complex128', 'batch'), M('complex128', 'rhs').mT, left=False)",
    "solve/left_false_grad": "GRAD(lambda a: lib.linalg.solve(a, a.flip(-1), left=False), M('float64', 'batch', grad=True))",
    "solve/left_false_shapes": "lib.linalg.solve(M('float64', 'sq'), M('float64', 'vec'), left=False)",
    "solve/left_false_vector": "lib.linalg.solve(M('float16', 'one'), M('float16', 'e1'), left=False)",
    "solve/left_false_vector_batch": "lib.linalg.solve_ex(M('float64', 'one').expand(2, 1, 1), "
                                     "M('float64', 'one')[0].expand(2, 1), left=False)",
    "solve/ex_info_shape": "lib.linalg.solve_ex(M('float64', 'sq'), M('float64', 'rhsb'))",
    "solve/ex_info_shape_broadcast": "lib.linalg.solve_ex(M('complex64', 'bcast'), M('complex64', 'batch'))",
    "solve/dtype_before_shape": "lib.linalg.solve(M('int64', 'wide'), M('int64', 'vec'))",
    "solve/b_0d": "lib.linalg.solve(M('float64', 'sq'), M('float64', '0d'))",
    "solve/a_vec": "lib.linalg.solve_ex(M('float64', 'vec'), M('float64', 'vec'))",
    "solve/half_shapes_first": "lib.linalg.solve(M('float16', 'batch'), M('float16', 'e1'))",
    "guards/solve_vector": "lib.linalg.solve(M('float64', 'batch'), M('float64', 'batch')[..., 0])",
    # ----- fixed: linalg.norm's and matrix_norm's checks (1D/2D without dim, dim's length, a string order always a
    # matrix norm, a 2-tuple of different dims, dtype=); vector_norm's string order and negative orders over nothing
    "norm_checks/norm_3d_ord": "lib.linalg.norm(M('float64', 'batch'), 'fro')",
    "norm_checks/norm_3d_int_ord": "lib.linalg.norm(M('int64', 'batch'), 2)",
    "norm_checks/norm_dim_length": "lib.linalg.norm(M('float32', 'cube'), dim=(0, 1, 2))",
    "norm_checks/norm_str_dim_length": "lib.linalg.norm(M('float32', 'cube'), 'nuc', dim=(0, 1, 2))",
    "norm_checks/norm_str_one_dim": "lib.linalg.norm(M('float32', 'mat'), 'fro', dim=(-1,))",
    "norm_checks/matrix_norm_one_dim": "lib.linalg.matrix_norm(M('float32', 'batch'), dim=(0,))",
    "norm_checks/matrix_norm_same_dims": "lib.linalg.matrix_norm(M('float32', 'batch'), dim=(0, 0))",
    "norm_checks/matrix_norm_vec": "lib.linalg.matrix_norm(M('float32', 'vec'))",
    "norm_checks/matrix_norm_order_first": "lib.linalg.matrix_norm(M('int64', 'vec'), 3)",
    "norm_checks/matrix_norm_dtype_kind": "lib.linalg.matrix_norm(M('complex64', 'sq'), dtype=lib.float64)",
    "norm_checks/matrix_norm_dtype_int": "lib.linalg.matrix_norm(M('float32', 'sq'), dtype=lib.int64)",
    "norm_checks/matrix_norm_low_precision": "lib.linalg.matrix_norm(M('bfloat16', 'sq'), 2)",
    "norm_checks/matrix_norm_neg_inf_empty": "lib.linalg.matrix_norm(M('float64', 'zero_b'), -inf)",
    "norm_checks/norm_dtype_complex_real": "lib.linalg.norm(M('float64', 'sq'), 2, dtype=lib.complex128)",
    "norm_checks/vector_norm_str": "lib.linalg.vector_norm(M('float32', 'vec'), 'fro')",
    "norm_checks/vector_norm_negative_empty": "lib.linalg.vector_norm(M('float32', 'ebatch'), -1)",
    "norm_checks/norm_negative_empty": "lib.linalg.norm(M('float64', 'e1'), -2)",
    "guards/norm_matrix_orders": "[lib.linalg.norm(M('float64', 'sq'), o) for o in ('fro', 'nuc', 2, -2, 1, -1, inf, -inf)]",
    "guards/norm_grad": "GRAD(lambda a: lib.linalg.norm(a, 'nuc'), M('float64', 'wide', grad=True))",
    "guards/matrix_norm_inf_empty": "lib.linalg.matrix_norm(M('float64', 'zero_b'), inf)",
    # ----- fixed: lstsq's checks in PyTorch's order (dims, dtypes, rows, the driver in any case, the default rcond's
    # epsilon, the kernel's dtypes); the residuals of a vector B keep their last dim
    "lstsq/a_vec": "lib.linalg.lstsq(M('float64', 'vec'), M('float64', 'vec'))",
    "lstsq/b_0d": "lib.linalg.lstsq(M('float64', 'tall'), M('float64', '0d'))",
    "lstsq/rows_vector": "lib.linalg.lstsq(M('float64', 'tall'), M('float64', 'tall')[:2, 0])",
    "lstsq/rows_before_driver": "lib.linalg.lstsq(M('float64', 'tall'), M('float64', 'wide'), driver='bad')",
    "lstsq/driver_upper_case": "lib.linalg.lstsq(M('float64', 'tall'), M('float64', 'rhs'), driver='GELSD')",
    "lstsq/epsilon": "lib.linalg.lstsq(M('int64', 'sq'), M('int64', 'rhs'))",
    "lstsq/kernel": "lib.linalg.lstsq(M('float16', 'sq'), M('float16', 'rhs'), rcond=0.5)",
    "lstsq/rows_matrix_one_dim_shorter": "lib.linalg.lstsq(M('float64', 'zero_b'), M('float64', 'zr'))",
    "lstsq/batch_broadcast": "lib.linalg.lstsq(M('float64', 'batch'), M('float64', 'sq'), rcond=0.5)",
    "lstsq/batch_broadcast_before_kernel": "lib.linalg.lstsq(M('float16', 'batch'), M('float16', 'rhs'), rcond=0.5)",
    "lstsq/residuals_batched_vectors": "lib.linalg.lstsq(M('float64', 'rhsb'), M('float64', 'rhsb')[..., 0], "
                                      "driver='gelsd')",
    "lstsq/residuals_vector": "lib.linalg.lstsq(M('float64', 'tall'), M('float64', 'vec'), driver='gelsd')",
    # ----- fixed: solve_triangular's checks (checkInputsSolver, the batch broadcast, then A's kernel dtype)
    "solve_triangular/a_vec": "lib.linalg.solve_triangular(M('float64', 'vec'), M('float64', 'vec'), upper=True)",
    "solve_triangular/a_wide": "lib.linalg.solve_triangular(M('float64', 'wide'), M('float64', 'vec'), upper=True)",
    "solve_triangular/shapes": "lib.linalg.solve_triangular(M('float64', 'sq'), M('float64', 'mat').mT, upper=True)",
    "solve_triangular/shapes_right": "lib.linalg.solve_triangular(M('float64', 'batch'), M('float64', 'rhs'), "
                                     "upper=False, left=False)",
    "solve_triangular/kernel_long": "lib.linalg.solve_triangular(M('int64', 'sq'), M('int64', 'rhs'), upper=False)",
    "solve_triangular/kernel_half": "lib.linalg.solve_triangular(M('float16', 'sq'), M('float16', 'rhs'), upper=True)",
    "guards/solve_triangular_grad": "GRAD(lambda a: lib.linalg.solve_triangular(a, a[..., :2], upper=True), "
                                    "M('float64', 'batch', grad=True))",
    # ----- fixed: cond's checks (dims, the order, empty matrices give 0, squareness named by the order); a singular
    # A gives inf; nuc by its definition
    "cond/vec": "lib.linalg.cond(M('float64', 'vec'))",
    "cond/order": "lib.linalg.cond(M('float64', 'sq'), 3)",
    "cond/order_str": "lib.linalg.cond(M('float64', 'wide'), 'bad')",
    "cond/wide_fro": "lib.linalg.cond(M('float64', 'wide'), 'fro')",
    "cond/wide_one": "lib.linalg.cond(M('float64', 'wide'), 1)",
    "cond/wide_inf": "lib.linalg.cond(M('float64', 'wide'), -inf)",
    "cond/empty": "lib.linalg.cond(M('float64', 'zr'))",
    "guards/cond_empty_fro": "lib.linalg.cond(M('complex64', 'zero_b'), 'fro')",
    "cond/int_fro": "lib.linalg.cond(M('int64', 'sq'), 'fro')",
    "cond/singular_inf": "lib.linalg.cond(lib.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=lib.float64), 1)",
    "guards/cond_grad_nuc": "GRAD(lambda a: lib.linalg.cond(a, 'nuc'), M('float64', 'batch', grad=True))",
    "guards/cond_values": "[lib.linalg.cond(M('float64', 'batch'), p) for p in (None, 2, -2, 'fro', 'nuc', 1, -1, inf)]",
    # ----- fixed: cholesky(upper=True) reads A's upper triangle (LAPACK's uplo='U'), as cholesky_ex
    "cholesky_upper/values": "lib.linalg.cholesky(M('float64', 't'), upper=True)",
    "cholesky_upper/ex": "lib.linalg.cholesky_ex(M('float32', 'sq'), upper=True)",
    "guards/cholesky_upper_grad": "GRAD(lambda a: lib.linalg.cholesky(a, upper=True), M('float64', 'spd', grad=True))",
    # ----- fixed: matrix_rank's and pinv's checks (the dims, the default tolerance's epsilon, pinv's combined
    # message, its sizes read for the default rtol)
    "rank_pinv/rank_vec": "lib.linalg.matrix_rank(M('float64', 'vec'))",
    "rank_pinv/rank_epsilon": "lib.linalg.matrix_rank(M('int64', 'sq'))",
    "rank_pinv/rank_svd": "lib.linalg.matrix_rank(M('int64', 'sq'), atol=1.0, rtol=0.0)",
    "rank_pinv/rank_hermitian_half": "lib.linalg.matrix_rank(M('float16', 'sq'), tol=0.5, hermitian=True)",
    "rank_pinv/pinv_vec": "lib.linalg.pinv(M('float64', 'vec'))",
    "rank_pinv/pinv_int": "lib.linalg.pinv(M('int64', 'batch'))",
    "rank_pinv/pinv_atol_epsilon": "lib.linalg.pinv(M('bfloat16', 'sq'), atol=1.0)",
    "rank_pinv/pinv_atol_0d": "lib.linalg.pinv(M('float64', '0d'), atol=1.0)",
    "rank_pinv/pinv_atol_vec": "lib.linalg.pinv(M('float64', 'vec'), atol=1.0)",
    "rank_pinv/pinv_hermitian_empty": "lib.linalg.pinv(M('float64', 'zr'), hermitian=True)",
    "rank_pinv/rank_hermitian_empty": "lib.linalg.matrix_rank(M('float32', 'zr'), hermitian=True)",
    "guards/pinv_grad": "GRAD(lambda a: lib.linalg.pinv(a), M('float64', 'wide', grad=True))",
    # ----- fixed: vector_norm's order 0 gives no gradient (None, PyTorch's undefined one); householder_product reads
    # a 0-d tau's last dim first
    "grad_edges/vector_norm_ord0": "GRAD(lambda a: lib.linalg.vector_norm(a, 0), M('float64', 'sq', grad=True))",
    "grad_edges/norm_ord0_dim": "GRAD(lambda a: lib.linalg.norm(a, 0, dim=0), M('complex128', 'batch', grad=True))",
    "grad_edges/householder_tau_0d": "lib.linalg.householder_product(M('float64', 'batch'), M('float64', '0d'))",
    # ----- fixed: matrix_exp of complex matrices (A^H in its gradient)
    "matrix_exp/complex": "lib.linalg.matrix_exp(M('complex128', 'batch') / 4)",
    "matrix_exp/complex64": "lib.linalg.matrix_exp(M('complex64', 'sq') / 4)",
    "matrix_exp/complex_grad": "GRAD(lambda a: lib.linalg.matrix_exp(a / 4), M('complex128', 'sq', grad=True))",
    "guards/matrix_exp_grad": "GRAD(lambda a: lib.linalg.matrix_exp(a / 4), M('float64', 'batch', grad=True))",
}

#: differences the sweep found and gradlib does not follow (tests/test_linalg18.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/fft_mkl_empty_batch": "lib.fft.fft(M('float32', 'zero'), n=4)",
    "known/singular_rounding": "lib.linalg.inv(M('float64', 'sing'))",
    "known/singular_slogdet": "lib.linalg.slogdet(M('float64', 'sing'))",
    "known/singular_det_grad": "GRAD(lambda a: lib.linalg.det(a), M('float64', 'sing', grad=True))",
    "known/empty_skips_kernel": "lib.linalg.svdvals(M('float16', 'zero'))",
    "known/empty_lu_factor_int": "lib.linalg.lu_factor(M('int64', 'ebatch'))",
    "known/ldl_missing": "lib.linalg.ldl_factor(M('float64', 'spd'))",
    "known/tensorsolve_0d_message": "lib.linalg.tensorsolve(M('float64', '0d'), M('float64', 'batch'))",
    "known/tensorinv_0d_message": "lib.linalg.tensorinv(M('float64', '0d'), 1)",
    "known/lstsq_gelsy_rcond": "lib.linalg.lstsq(M('float32', 'tall'), M('float32', 'vec'), rcond=0.5)",
    "known/matrix_exp_half": "lib.linalg.matrix_exp(M('float16', 't'))",
    "known/cond_fro_complex_grad": "GRAD(lambda a: lib.linalg.cond(a, 'fro'), M('complex128', 'batch', grad=True))",
    "known/solve_triangular_complex_b": "lib.linalg.solve_triangular(M('float64', 'sq'), M('complex128', 'rhs'), "
                                        "upper=False)",
    "known/cholesky_ex_partial": "lib.linalg.cholesky_ex(M('float64', 'sing'))",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
