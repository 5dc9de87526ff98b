"""Differential fuzzer of torch.linalg and torch.fft (session 18, linalg18): the same case list under PyTorch and
gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_linalg18.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_linalg18.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_linalg18.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: each linalg template x dtypes x matrix forms (tests/reference/linalg18.py's ``M``: square, batched,
broadcast, empty, 0x0, singular, non-contiguous, non-square, vectors, 0-d), the solvers x pairs of forms, the fft
templates (n=, s=, dim=, norm=) x dtypes x signal forms, and float64/complex128 gradients of the differentiable
ones. Values are compared with a tolerance (``linalg18.same``); ``value_class`` tells close values from gross
differences and from dtype/shape differences. The cases that found a difference are copied to linalg18.py.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import linalg18 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

DT = ("bool", "int64", "float16", "bfloat16", "float32", "float64", "complex64", "complex128")
MATRIX_FORMS = ("0d", "vec", "e1", "sq", "one", "wide", "tall", "batch", "bcast", "zero", "zero_b", "ebatch",
                "zr", "sing", "t", "spd", "spdb", "ltri")
UNARY = (
    "lib.linalg.det({x})", "lib.linalg.slogdet({x})", "lib.linalg.inv({x})", "lib.linalg.inv_ex({x})",
    "lib.linalg.cholesky({x})", "lib.linalg.cholesky({x}, upper=True)", "lib.linalg.cholesky_ex({x})",
    "lib.linalg.qr({x})", "lib.linalg.qr({x}, mode='r')", "lib.linalg.qr({x}, mode='complete')",
    "lib.linalg.qr({x}, mode='bad')",
    "lib.linalg.eigvals({x})", "lib.linalg.eig({x})[0]", "lib.linalg.eigh({x})[0]", "lib.linalg.eigvalsh({x})",
    "lib.linalg.eigvalsh({x}, UPLO='U')", "lib.linalg.eigvalsh({x}, UPLO='X')",
    "lib.linalg.svdvals({x})", "lib.linalg.svd({x})[1]", "lib.linalg.svd({x}, full_matrices=False)[1]",
    "[t.shape for t in lib.linalg.svd({x})]", "[t.shape for t in lib.linalg.svd({x}, full_matrices=False)]",
    "[t.dtype for t in lib.linalg.svd({x})]", "[t.shape for t in lib.linalg.eig({x})]",
    "[t.dtype for t in lib.linalg.eigh({x})]", "[t.shape for t in lib.linalg.qr({x}, mode='complete')]",
    "lib.linalg.svd({x}, driver='gesvd')", "lib.linalg.svdvals({x}, driver='gesvdj')",
    "lib.linalg.pinv({x})", "lib.linalg.pinv({x}, hermitian=True)", "lib.linalg.pinv({x}, rtol=0.5)",
    "lib.linalg.pinv({x}, atol=1.0)", "lib.linalg.pinv({x}, rcond=0.1)",
    "lib.linalg.matrix_rank({x})", "lib.linalg.matrix_rank({x}, hermitian=True)",
    "lib.linalg.matrix_rank({x}, atol=1.0, rtol=0.0)", "lib.linalg.matrix_rank({x}, tol=0.5)",
    "lib.linalg.matrix_power({x}, 0)", "lib.linalg.matrix_power({x}, 2)", "lib.linalg.matrix_power({x}, -1)",
    "lib.linalg.matrix_power({x}, 3)", "lib.linalg.matrix_power({x}, -2)",
    "lib.linalg.matrix_exp({x})",
    "lib.linalg.cond({x})", "lib.linalg.cond({x}, 'fro')", "lib.linalg.cond({x}, 'nuc')", "lib.linalg.cond({x}, inf)",
    "lib.linalg.cond({x}, 1)", "lib.linalg.cond({x}, -2)", "lib.linalg.cond({x}, -1)", "lib.linalg.cond({x}, 3)",
    "lib.linalg.norm({x})", "lib.linalg.norm({x}, 'fro')", "lib.linalg.norm({x}, 'nuc')", "lib.linalg.norm({x}, 2)",
    "lib.linalg.norm({x}, -2)", "lib.linalg.norm({x}, 1)", "lib.linalg.norm({x}, inf)", "lib.linalg.norm({x}, 0)",
    "lib.linalg.norm({x}, dim=0)", "lib.linalg.norm({x}, 3, dim=-1, keepdim=True)",
    "lib.linalg.norm({x}, dim=(0, 1))", "lib.linalg.norm({x}, 'fro', dim=(-1,))", "lib.linalg.norm({x}, 'nuc', dim=0)",
    "lib.linalg.norm({x}, dtype=lib.float64)", "lib.linalg.norm({x}, 2, dtype=lib.complex128)",
    "lib.linalg.vector_norm({x})", "lib.linalg.vector_norm({x}, 0)", "lib.linalg.vector_norm({x}, 1)",
    "lib.linalg.vector_norm({x}, inf)", "lib.linalg.vector_norm({x}, -inf)", "lib.linalg.vector_norm({x}, 3)",
    "lib.linalg.vector_norm({x}, 0.5)", "lib.linalg.vector_norm({x}, -1)", "lib.linalg.vector_norm({x}, dim=(0, -1))",
    "lib.linalg.vector_norm({x}, dim=0, keepdim=True)", "lib.linalg.vector_norm({x}, dtype=lib.float64)",
    "lib.linalg.vector_norm({x}, dtype=lib.float32)", "lib.linalg.vector_norm({x}, dtype=lib.int64)",
    "lib.linalg.vector_norm({x}, 'fro')", "lib.linalg.vector_norm({x}, dim=[])", "lib.linalg.vector_norm({x}, dim=5)",
    "lib.linalg.matrix_norm({x})", "lib.linalg.matrix_norm({x}, 'nuc')", "lib.linalg.matrix_norm({x}, 2)",
    "lib.linalg.matrix_norm({x}, -2)", "lib.linalg.matrix_norm({x}, 1)", "lib.linalg.matrix_norm({x}, -inf)",
    "lib.linalg.matrix_norm({x}, 3)", "lib.linalg.matrix_norm({x}, 'bad')", "lib.linalg.matrix_norm({x}, dim=(0, 0))",
    "lib.linalg.matrix_norm({x}, keepdim=True)", "lib.linalg.matrix_norm({x}, 2, dim=(-1, -2), keepdim=True)",
    "lib.linalg.matrix_norm({x}, dtype=lib.float64)", "lib.linalg.matrix_norm({x}, dim=(0,))",
    "lib.linalg.diagonal({x})", "lib.linalg.diagonal({x}, offset=1)", "lib.linalg.diagonal({x}, dim1=0, dim2=-1)",
    "lib.linalg.lu({x})", "lib.linalg.lu({x}, pivot=False)", "lib.linalg.lu_factor({x})",
    "lib.linalg.lu_factor_ex({x})", "lib.linalg.ldl_factor({x})", "lib.linalg.ldl_factor_ex({x})",
    "lib.linalg.ldl_factor({x}, hermitian=True)",
    "lib.linalg.tensorinv({x}, 1)", "lib.linalg.tensorinv({x}, 2)", "lib.linalg.tensorinv({x}, 0)",
    "lib.linalg.vander({x})", "lib.linalg.vander({x}, N=4)", "lib.linalg.vander({x}, N=0)",
    "lib.linalg.multi_dot([{x}, {x}])", "lib.linalg.multi_dot([{x}])", "lib.linalg.multi_dot([{x}, {x}, {x}])",
    "lib.linalg.multi_dot([])",
    "lib.linalg.householder_product({x}, {x}[..., 0, :1])", "lib.linalg.householder_product({x}, {x}[..., 0, :])",
    "lib.linalg.cross({x}, {x}.flip(-1))", "lib.linalg.cross({x}, {x}.flip(0), dim=0)",
    "lib.linalg.vecdot({x}, {x})", "lib.linalg.vecdot({x}, {x}.flip(0), dim=0)",
    "lib.linalg.matmul({x}, {x})", "lib.linalg.solve({x}, {x})", "lib.linalg.lstsq({x}, {x})",
)
A_FORMS = ("0d", "vec", "sq", "one", "wide", "tall", "batch", "bcast", "zero", "zero_b", "ebatch", "sing", "t",
           "spd", "ltri")
B_FORMS = ("0d", "vec", "e1", "rhs", "rhsb", "zr", "sq", "batch", "zero")
BINARY = (
    "lib.linalg.solve({a}, {b})", "lib.linalg.solve({a}, {b}, left=False)", "lib.linalg.solve_ex({a}, {b})",
    "lib.linalg.solve_triangular({a}, {b}, upper=False)", "lib.linalg.solve_triangular({a}, {b}, upper=True)",
    "lib.linalg.solve_triangular({a}, {b}, upper=False, left=False)",
    "lib.linalg.solve_triangular({a}, {b}, upper=True, unitriangular=True)",
    "lib.linalg.lstsq({a}, {b})", "lib.linalg.lstsq({a}, {b}, driver='gelsd')", "lib.linalg.lstsq({a}, {b})[0]",
    "lib.linalg.lstsq({a}, {b}, rcond=0.5, driver='gelsy')", "lib.linalg.lstsq({a}, {b}, driver='bad')",
    "lib.linalg.lu_solve(*lib.linalg.lu_factor({a}), {b})",
    "lib.linalg.lu_solve(*lib.linalg.lu_factor({a}), {b}, adjoint=True)",
    "lib.linalg.lu_solve(*lib.linalg.lu_factor({a}), {b}, left=False)",
    "lib.linalg.ldl_solve(*lib.linalg.ldl_factor({a}), {b})",
    "lib.linalg.tensorsolve({a}, {b})", "lib.linalg.cross({a}, {b})", "lib.linalg.vecdot({a}, {b})",
    "lib.linalg.multi_dot([{a}, {b}])", "lib.linalg.householder_product({a}, {b})",
)
B_DT = ("int64", "float32", "float64", "complex64", "complex128", "float16")
GRADS = (
    "lib.linalg.det(a)", "lib.linalg.slogdet(a)[1]", "lib.linalg.inv(a)", "lib.linalg.inv_ex(a)[0]",
    "lib.linalg.cholesky(a)", "lib.linalg.cholesky(a, upper=True)", "lib.linalg.qr(a)[1]", "lib.linalg.qr(a)[0]",
    "lib.linalg.eigvalsh(a)", "lib.linalg.svdvals(a)", "lib.linalg.pinv(a)", "lib.linalg.matrix_power(a, 3)",
    "lib.linalg.matrix_power(a, -2)", "lib.linalg.matrix_power(a, 0)", "lib.linalg.matrix_exp(a)",
    "lib.linalg.cond(a)", "lib.linalg.cond(a, 'fro')", "lib.linalg.cond(a, -2)", "lib.linalg.norm(a)",
    "lib.linalg.norm(a, 'nuc')", "lib.linalg.norm(a, 2)", "lib.linalg.norm(a, -2)", "lib.linalg.norm(a, 1)",
    "lib.linalg.norm(a, inf)", "lib.linalg.vector_norm(a, 0)", "lib.linalg.vector_norm(a, inf)",
    "lib.linalg.vector_norm(a, 3)", "lib.linalg.vector_norm(a, 0.5)", "lib.linalg.vector_norm(a, -1)",
    "lib.linalg.matrix_norm(a, -inf)", "lib.linalg.diagonal(a)", "lib.linalg.lu(a)[1]", "lib.linalg.lu(a)[2]",
    "lib.linalg.lu_factor(a)[0]", "lib.linalg.vander(a)", "lib.linalg.multi_dot([a, a.mT, a])",
    "lib.linalg.householder_product(a, a[..., 0, :1])", "lib.linalg.cross(a, a.flip(0), dim=0)",
    "lib.linalg.vecdot(a, a.flip(-1))", "lib.linalg.solve(a, a[..., :1])", "lib.linalg.solve(a, a, left=False)",
    "lib.linalg.solve_triangular(a, a, upper=True)", "lib.linalg.solve_triangular(a.tril(), a, upper=False, left=False)",
    "lib.linalg.lstsq(a, a[..., :1])[0]", "lib.linalg.lu_solve(*lib.linalg.lu_factor(a), a)",
    "lib.linalg.tensorinv(a, 1)", "lib.linalg.eigvals(a)", "lib.linalg.eigh(a)[0]", "lib.linalg.svd(a)[1]",
    "lib.linalg.matrix_rank(a)",
)
GRAD_FORMS = ("sq", "batch", "zero", "zero_b", "ebatch", "t", "spd", "wide", "tall", "sing", "one", "vec")
SIGNAL_FORMS = ("0d", "e1", "vec5", "vec6", "sq", "mat", "cube", "t", "wide", "zero", "zr")
FFT1 = ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")
FFTN = ("fft2", "ifft2", "rfft2", "irfft2", "hfft2", "ihfft2", "fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn")
FFT1_ARGS = ("", ", n=4", ", n=8", ", n=1", ", n=0", ", dim=0", ", dim=2", ", dim=-2, n=3", ", norm='ortho'",
             ", norm='forward'", ", norm='backward'", ", norm='bad'", ", n=5, norm='forward'", ", n=-1")
FFTN_ARGS = ("", ", s=(2, 3)", ", s=(4,)", ", s=(-1, 4)", ", s=(0, 2)", ", dim=(0,)", ", dim=(0, 0)", ", dim=(-1, 0)",
             ", dim=(0, 5)", ", s=(2,), dim=(0, 1)", ", s=(3, 3), dim=(0,)", ", norm='ortho'", ", norm='forward'",
             ", dim=()", ", s=(2, 2, 2)", ", dim=1", ", s=3", ", s=(4, 6), dim=(-2, -1), norm='ortho'")
FFT_DT = ("bool", "int64", "float16", "bfloat16", "float32", "float64", "complex64", "complex128")
FREQ = ("lib.fft.fftfreq({n})", "lib.fft.rfftfreq({n})", "lib.fft.fftfreq({n}, 0.5)", "lib.fft.rfftfreq({n}, d=2)",
        "lib.fft.fftfreq({n}, dtype=lib.float64)", "lib.fft.rfftfreq({n}, dtype=lib.float16)",
        "lib.fft.fftfreq({n}, dtype=lib.int64)", "lib.fft.fftfreq({n}, dtype=lib.complex64)",
        "lib.fft.fftfreq({n}, lib.tensor(0.5))", "lib.fft.rfftfreq({n}, requires_grad=True)")
SHIFT = ("lib.fft.fftshift({x})", "lib.fft.ifftshift({x})", "lib.fft.fftshift({x}, 0)", "lib.fft.ifftshift({x}, (0, -1))",
         "lib.fft.fftshift({x}, dim=(1,))", "lib.fft.fftshift({x}, dim=[0, 0])", "lib.fft.ifftshift({x}, 3)")
FFT_GRAD_FORMS = ("vec5", "vec6", "mat", "cube", "e1")


def generate():
    cases = {}
    for i, template in enumerate(UNARY):
        for dt in DT:
            for form in MATRIX_FORMS:
                cases[f"la/{i}/{dt}/{form}"] = template.format(x=f"M('{dt}', '{form}')")
    for i, template in enumerate(BINARY):
        for dt in B_DT:
            for a in A_FORMS:
                for b in B_FORMS:
                    if "ldl_solve" in template and a == "bcast":
                        continue  # PyTorch 2.13 crashes (segmentation fault) on a broadcast LD batch
                    cases[f"la2/{i}/{dt}/{a}/{b}"] = template.format(a=f"M('{dt}', '{a}')", b=f"M('{dt}', '{b}')")
        for dta, dtb in (("float32", "float64"), ("float64", "complex128"), ("int64", "float32")):
            for a, b in (("sq", "rhs"), ("batch", "rhsb"), ("spd", "vec")):
                cases[f"la2/{i}/{dta}+{dtb}/{a}/{b}"] = template.format(a=f"M('{dta}', '{a}')", b=f"M('{dtb}', '{b}')")
    for i, body in enumerate(GRADS):
        for dt in ("float64", "complex128"):
            for form in GRAD_FORMS:
                cases[f"grad/{i}/{dt}/{form}"] = f"GRAD(lambda a: {body}, M('{dt}', '{form}', grad=True))"
    for name in FFT1:
        for j, args in enumerate(FFT1_ARGS):
            for dt in FFT_DT:
                for form in SIGNAL_FORMS:
                    cases[f"fft/{name}/{j}/{dt}/{form}"] = f"lib.fft.{name}(M('{dt}', '{form}'){args})"
        for dt in ("float64", "complex128"):
            for form in FFT_GRAD_FORMS:
                for j, args in enumerate(("", ", n=4", ", norm='ortho'", ", n=8, norm='forward'")):
                    cases[f"fftgrad/{name}/{j}/{dt}/{form}"] = \
                        f"GRAD(lambda a: lib.fft.{name}(a{args}), M('{dt}', '{form}', grad=True))"
    for name in FFTN:
        for j, args in enumerate(FFTN_ARGS):
            for dt in FFT_DT:
                for form in SIGNAL_FORMS:
                    cases[f"fftn/{name}/{j}/{dt}/{form}"] = f"lib.fft.{name}(M('{dt}', '{form}'){args})"
        for dt in ("float64", "complex128"):
            for form in ("mat", "cube", "sq"):
                for j, args in enumerate(("", ", s=(2, 5)", ", norm='ortho'", ", dim=(0,)")):
                    cases[f"fftngrad/{name}/{j}/{dt}/{form}"] = \
                        f"GRAD(lambda a: lib.fft.{name}(a{args}), M('{dt}', '{form}', grad=True))"
    for i, template in enumerate(FREQ):
        for n in ("0", "1", "4", "5", "-1", "2.5"):
            cases[f"freq/{i}/{n}"] = template.format(n=n)
    for i, template in enumerate(SHIFT):
        for dt in ("bool", "int64", "float32", "complex64"):
            for form in SIGNAL_FORMS:
                cases[f"shift/{i}/{dt}/{form}"] = template.format(x=f"M('{dt}', '{form}')")
    return cases


def _op(name, expr):
    parts = name.split("/")
    if parts[0] == "la":
        return "la " + UNARY[int(parts[1])][:50]
    if parts[0] == "la2":
        return "la2 " + BINARY[int(parts[1])][:50]
    if parts[0] == "grad":
        return "grad " + GRADS[int(parts[1])][:40]
    return "/".join(parts[:2])


if __name__ == "__main__":
    main(generate, R.evaluate, group=lambda name, expression, c: c + " " + _op(name, expression),
         same=R.same, value_class=R.value_class)
