"""Recorder section ``special9``: PyTorch's torch.special Bessel, Airy, error-function, zeta, incomplete-gamma and
orthogonal-polynomial functions (helper special9) on grids that reach every branch and edge (0, +-inf, NaN, poles,
branch boundaries, large arguments), in float64 and float32; their gradients in float64; result dtypes of integer
inputs; and PyTorch's errors. Written once for both libraries (``observe(lib)``);
``python tests/reference/record_torch.py special9`` writes ``torch_special9.json`` and tests/test_special9.py
demands gradlib reproduce it."""
import json
import math
import pathlib

INF = math.inf
NAN = math.nan

UNARY = ("airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
         "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
         "spherical_bessel_j0", "erfcx", "i0", "i0e", "i1", "i1e", "log_ndtr", "ndtri")
DIFFERENTIABLE = ("i0", "i0e", "i1", "i1e", "erfcx", "log_ndtr", "ndtri")
POLYNOMIALS = ("chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
               "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
               "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
               "laguerre_polynomial_l", "legendre_polynomial_p")

# every branch boundary of the kernels (2, 5, 8, 2.09, 8.32, 103.9, -26.7, -6.1, 50) from both sides
POINTS = (0.0, -0.0, 1e-300, 1e-8, -1e-8, 1e-5, 0.1, -0.1, 0.49, 0.5, -0.5, 0.75, 1.0, -1.0, 1.5, 1.99, 2.0, 2.01,
          -2.0, 2.08, 2.1, -2.08, -2.1, 2.5, 3.0, -3.0, 4.99, 5.0, 5.01, -5.0, 6.0, -6.0, -6.2, 7.99, 8.0, 8.01, -8.0,
          8.3, 8.33, 10.0, -10.0, 12.5, 20.0, -20.0, 26.0, -26.0, -26.8, 30.0, 49.0, 51.0, 80.0, -80.0, 100.0, 103.0,
          104.0, 500.0, 700.0, -700.0, 1e5, 1e8, -1e8, INF, -INF, NAN)
# ndtri's domain [0, 1] with its branch points exp(-2) and exp(-32) from both sides
PROBABILITIES = (0.0, 1.0, -0.1, 1.1, 1e-300, 1e-20, 1.2e-14, 1.3e-14, 1e-10, 0.01, 0.1, 0.135, 0.1354, 0.25, 0.5,
                 0.6, 0.864, 0.8647, 0.9, 0.99, 1 - 1e-10, 1 - 1e-15, NAN)
GRAD_POINTS = (-3.0, -1.2, -1e-9, 0.0, 1e-9, 0.3, 1.7, 4.0, 9.5)
GRAD_PROBABILITIES = (0.01, 0.2, 0.5, 0.7, 0.95)

ZETA_X = (1.0, 0.5, 1.5, 2.0, 3.0, 4.5, 10.0, 30.0, -2.0, INF, NAN)
ZETA_Q = (1.0, 0.25, 2.0, 9.5, 20.0, 1e4, 1e-300, 0.0, -1.0, -2.5, -10.5, -100.25, INF, NAN)
GAMMA_A = (0.0, 1e-3, 0.1, 0.5, 1.0, 2.5, 10.0, 25.0, 60.0, 150.0, 300.0, -1.0, INF, NAN)
GAMMA_X = (0.0, 1e-4, 0.3, 0.5, 0.6, 1.0, 1.05, 1.2, 2.0, 8.0, 24.0, 30.0, 55.0, 160.0, 310.0, -1.0, INF, NAN)
POLY_X = (-2.0, -1.0, -0.7, -0.2, 0.0, 0.3, 0.5, 0.999, 1.0, 1.5, 3.0, NAN)
POLY_N = (-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.5, 7.0, 9.0, 12.0, 30.0, 129.0, NAN, INF)


def _t(lib, device):
    """lib.tensor on ``device``."""
    return lambda data, **options: lib.tensor(data, device=device, **options)


def _grid(xs, ys):
    return [x for x in xs for _ in ys], [y for _ in xs for y in ys]


def values(lib, device="cpu"):
    """Every function on its grid, in float64 and float32, and in float64 at the float32 grid's points
    (``float32_points``: the exact values float32 results round)."""
    out = {}
    special = lib.special
    tensor = _t(lib, device)
    for dtype_name in ("float64", "float32", "float32_points"):
        dtype = lib.float32 if dtype_name != "float64" else lib.float64

        def make(values):
            made = tensor(values, dtype=dtype)
            return made.double() if dtype_name == "float32_points" else made
        for name in UNARY:
            points = PROBABILITIES if name == "ndtri" else POINTS
            out[f"{name}/{dtype_name}"] = getattr(special, name)(make(points)).tolist()
        x, q = _grid(ZETA_X, ZETA_Q)
        out[f"zeta/{dtype_name}"] = special.zeta(make(x), make(q)).tolist()
        a, x = _grid(GAMMA_A, GAMMA_X)
        for name in ("gammainc", "gammaincc"):
            out[f"{name}/{dtype_name}"] = getattr(special, name)(make(a), make(x)).tolist()
        x, n = _grid(POLY_X, POLY_N)
        for name in POLYNOMIALS:
            out[f"{name}/{dtype_name}"] = getattr(special, name)(make(x), make(n)).tolist()
    return out


def scalars(lib, device="cpu"):
    """Python numbers as one operand, and integer inputs (the default float dtype)."""
    special = lib.special
    x = _t(lib, device)([0.3, 1.5, 2.5], dtype=lib.float64)
    ints = _t(lib, device)([1, 2, 3])
    out = {
        "zeta_number_self": special.zeta(2.0, x).tolist(),
        "zeta_number_other": special.zeta(x + 1, 2.0).tolist(),
        "chebyshev_number_n": special.chebyshev_polynomial_t(x, 5).tolist(),
        "chebyshev_number_float_n": special.chebyshev_polynomial_t(x, 5.7).tolist(),
        "chebyshev_number_x": special.chebyshev_polynomial_t(0.3, ints).tolist(),
        "hermite_int_n_tensor": special.hermite_polynomial_h(x, ints).tolist(),
        "legendre_ints": special.legendre_polynomial_p(ints, ints).tolist(),
        "i0_ints": special.i0(ints).tolist(),
        "top_level": [lib.i0(x).tolist(), lib.igamma(x, x).tolist(), lib.igammac(x, x).tolist(),
                      x.i0().tolist(), x.igamma(x + 1).tolist(), x.igammac(x + 1).tolist()],
        "float32_i0": special.i0(_t(lib, device)([0.5, 9.0])).tolist(),
        "chebyshev_huge_degree": [
            getattr(special, name)(_t(lib, device)([2.0, -1.5, 0.5, 1.0, -1.0, 1.01], dtype=lib.float64),
                                   10 ** 7).tolist() for name in POLYNOMIALS if "chebyshev" in name],
        "chebyshev_huge_tensor_degree": special.chebyshev_polynomial_u(
            _t(lib, device)([2.0, 0.3, -1.0001], dtype=lib.float64),
            _t(lib, device)([5000, 4000, 3000], dtype=lib.float64)).tolist(),
    }
    dtypes = {}
    for name in UNARY:
        dtypes[name] = str(getattr(special, name)(ints).dtype).split(".")[-1]
    for name in POLYNOMIALS:
        dtypes[name] = str(getattr(special, name)(ints, ints).dtype).split(".")[-1]
    dtypes["zeta"] = str(special.zeta(ints, ints).dtype).split(".")[-1]
    dtypes["zeta_mixed"] = str(special.zeta(ints, x).dtype).split(".")[-1]
    dtypes["i0_half"] = str(special.i0(ints.half()).dtype).split(".")[-1]
    dtypes["gammainc_half"] = str(special.gammainc(ints.half(), ints.half()).dtype).split(".")[-1]
    out["dtypes"] = dtypes
    return out


def gradients(lib, device="cpu"):
    """d/dx of the differentiable functions (float64), zeta in q, igamma/igammac in x."""
    out = {}
    special = lib.special
    for name in DIFFERENTIABLE:
        points = GRAD_PROBABILITIES if name == "ndtri" else GRAD_POINTS
        x = _t(lib, device)(points, dtype=lib.float64, requires_grad=True)
        y = getattr(special, name)(x)
        (grad,) = lib.autograd.grad(y.sum(), x)
        out[name] = {"grad": grad.tolist(), "grad_fn": type(y.grad_fn).__name__}
    q = _t(lib, device)([0.5, 1.0, 2.5, 12.0], dtype=lib.float64, requires_grad=True)
    s = _t(lib, device)([2.0, 3.5, 1.5, 4.0], dtype=lib.float64)
    for key, y in (("zeta", special.zeta(s, q)), ("zeta_number_self", special.zeta(3.0, q))):
        (grad,) = lib.autograd.grad(y.sum(), q)
        out[key] = {"grad": grad.tolist(), "grad_fn": type(y.grad_fn).__name__}
    a = _t(lib, device)([0.5, 1.0, 2.5, 12.0], dtype=lib.float64)
    x = _t(lib, device)([0.3, 1.0, 4.0, 10.0], dtype=lib.float64, requires_grad=True)
    for name in ("gammainc", "gammaincc"):
        y = getattr(special, name)(a, x)
        (grad,) = lib.autograd.grad(y.sum(), x)
        out[name] = {"grad": grad.tolist(), "grad_fn": type(y.grad_fn).__name__}
    for name in ("bessel_j0", "modified_bessel_k0", "chebyshev_polynomial_t"):
        arguments = (x,) if not name.startswith("cheb") else (x, 3)
        out[f"{name}_requires_grad"] = getattr(special, name)(*arguments).requires_grad
    return out


def _error_cases(lib, device="cpu"):
    special = lib.special
    x = _t(lib, device)([1.5, 2.5], dtype=lib.float64, requires_grad=True)
    f = _t(lib, device)([0.5, 1.5])

    def backward(y):
        y.sum().backward()
    cases = {
        "zeta_self_grad": lambda: backward(special.zeta(x, _t(lib, device)([1.0, 2.0], dtype=lib.float64))),
        "zeta_number_other_grad": lambda: backward(special.zeta(x, 2.0)),
        "gammainc_self_grad": lambda: backward(special.gammainc(x, _t(lib, device)([1.0, 2.0], dtype=lib.float64))),
        "gammaincc_self_grad": lambda: backward(special.gammaincc(x, _t(lib, device)([1.0, 2.0], dtype=lib.float64))),
        "gammainc_ints": lambda: special.gammainc(_t(lib, device)([1, 2]), _t(lib, device)([1, 2])),
        "gammaincc_bool": lambda: special.gammaincc(_t(lib, device)([True]), _t(lib, device)([True])),
        "gammainc_complex": lambda: special.gammainc(f.to(lib.complex64), f.to(lib.complex64)),
        "gammainc_number": lambda: special.gammainc(f, 2.0),
        "zeta_numbers": lambda: special.zeta(2.0, 3.0),
        "zeta_half": lambda: special.zeta(f.half(), f.half()),
        "chebyshev_numbers": lambda: special.chebyshev_polynomial_t(2.0, 3),
        "hermite_bfloat16": lambda: special.hermite_polynomial_h(f.bfloat16(), 2),
        "legendre_complex": lambda: special.legendre_polynomial_p(f.to(lib.complex64), 2),
        "i0_complex": lambda: special.i0(f.to(lib.complex64)),
        "i1e_complex": lambda: lib.special.i1e(f.to(lib.complex64)),
        "i0_number": lambda: lib.i0(1.0),
        "special_i0_number": lambda: special.i0(1.0),
        "airy_ai_number": lambda: special.airy_ai(1.0),
        "bessel_j0_number": lambda: special.bessel_j0(1.0),
        "igamma_number": lambda: lib.igamma(1.0, f),
        "igammac_number_other": lambda: lib.igammac(f, 1.0),
        "gammainc_number_self": lambda: special.gammainc(1.0, f),
        "ndtri_number": lambda: special.ndtri(1.0),
    }
    for name in UNARY:
        if name not in ("i0", "i0e", "i1", "i1e"):
            cases[f"{name}_half"] = (lambda name: lambda: getattr(special, name)(f.half()))(name)
        cases[f"{name}_complex"] = (lambda name: lambda: getattr(special, name)(f.to(lib.complex128)))(name)
    return cases


def errors(lib, device="cpu"):
    out = {}
    for name, case in _error_cases(lib, device).items():
        try:
            case()
            out[name] = None
        except Exception as error:  # the message is the spec
            out[name] = [type(error).__name__, str(error)]
    return out


def observe(lib, device="cpu"):
    return {"values": values(lib, device), "scalars": scalars(lib, device), "gradients": gradients(lib, device),
            "errors": errors(lib, device)}


def record():
    import torch
    path = pathlib.Path(__file__).parent / "torch_special9.json"
    path.write_text(json.dumps(observe(torch), indent=0, sort_keys=True) + "\n")
    print(f"wrote the special9 references to {path.name}")
