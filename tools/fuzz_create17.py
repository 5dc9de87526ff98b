"""Differential fuzzer of tensor creation and type promotion (session 17, create17): the same case list under
PyTorch and gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_create17.py torch  OUT.json [SECTIONS]   # PyTorch
    .venv/bin/python tools/fuzz_create17.py gradlib OUT.json [SECTIONS]            # gradlib
    python tools/fuzz_create17.py diff TORCH.json GRADLIB.json [SECTIONS]          # classes of differences

Cases are drawn systematically: Python and NumPy data x the tensor constructors x dtype/requires_grad keywords;
arange/range/linspace/logspace argument forms x dtypes; full's fill values; the factories x size forms; *_like and
new_*; tril/triu_indices, meshgrid, cartesian_prod, complex/polar; result_type/promote_types/can_cast over every
dtype pair; binary and in-place operators between dtypes, 0-d tensors and Python scalars; integer division by
zero, pow with negative exponents, bool arithmetic; conversions of special floats to integers. The builders and
the evaluation are tests/reference/create17.py's; the cases that found a difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import create17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

DT = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
      "complex64", "complex128")
MORE_DT = DT + ("uint16", "uint32", "uint64")

DATA = (
    "1", "2.5", "True", "1j", "-0.0", "float('nan')", "2**63", "2**63 - 1", "-2**63", "-2**63 - 1", "2**64",
    "[1, 2]", "[1, 2.5]", "[True, 2]", "[True, False]", "[1, 1j]", "[True, 1j]", "[2.5, 1j]", "[[1, 2], [3, 4.5]]",
    "[[1, 2], [3]]", "[[1], 2]", "[1, [2]]", "[]", "[[]]", "[[], []]", "[[[]]]", "[[], [1]]", "()", "((1, 2), (3, 4))",
    "[2**63]", "[1, 2**63]", "[-2**63 - 1]", "[2**64]", "[1e300, 1]", "[1e39]", "[float('inf'), -1]",
    "[None]", "None", "'abc'", "[1, 'a']", "[1, None]", "range(3)", "[range(2), range(2)]",
    "lib.tensor(3)", "lib.tensor([1, 2])", "[lib.tensor(1), lib.tensor(2.5)]", "[lib.tensor(1), 2.5]",
    "[lib.tensor(1, dtype=lib.int8), 200]", "[lib.tensor([1, 2]), lib.tensor([3, 4])]",
    "[lib.tensor([1, 2]), [3, 4]]", "[lib.tensor(True), 2]", "[lib.tensor(1j), 1]", "[lib.tensor(1.5, dtype=lib.float16)]",
    "[lib.tensor([1.5])]", "(lib.tensor(1), lib.tensor(2))", "[lib.tensor([]), lib.tensor([])]",
    "np.float32(1.5)", "np.float64(1.5)", "np.float16(1.5)", "np.int8(-3)", "np.uint8(200)", "np.int64(7)",
    "np.int32(7)", "np.bool_(True)", "np.complex64(1+2j)", "np.uint16(7)", "np.uint64(2**63)",
    "[np.float32(1.5), 2]", "[np.float16(1.5), np.float16(2)]", "[np.int16(3), 4]", "[np.int8(3), 2.5]",
    "[np.bool_(True), 2]", "[np.float64(1.5), np.float32(2.5)]", "[np.complex64(1j), 1]",
    "np.array([1, 2])", "np.array([1.5, 2])", "np.array([1, 2], dtype=np.int8)", "np.array([1, 2], dtype=np.uint8)",
    "np.array([1, 2], dtype=np.int16)", "np.array([1, 2], dtype=np.int32)", "np.array([1.5], dtype=np.float16)",
    "np.array([1.5], dtype=np.float32)", "np.array([True, False])", "np.array([1+2j], dtype=np.complex64)",
    "np.array([1+2j])", "np.array([1, 2], dtype=np.uint16)", "np.array([1, 2], dtype=np.uint32)",
    "np.array([1, 2], dtype=np.uint64)", "np.array(1.5)", "np.array(3)", "np.array([])", "np.array([[]])",
    "np.array(['a'])", "np.array([1, 'a'], dtype=object)", "np.arange(6.0).reshape(2, 3).T",
    "np.arange(6)[::2]", "np.arange(6)[::-1]", "np.array([1, 2], dtype='>i4')", "[np.array([1, 2]), np.array([3, 4])]",
    "[np.array(1.5), 2]", "np.zeros((2, 0, 3))", "np.array([1, 2], dtype=np.longlong)",
)

NUMPY_DATA = tuple(d for d in DATA if d.startswith("np.array") or d.startswith("np.arange") or d.startswith("np.zeros"))

KW = ("", ", dtype=lib.int32", ", dtype=lib.float16", ", dtype=lib.bool", ", dtype=lib.uint8", ", dtype=lib.float64",
      ", dtype=lib.complex64", ", requires_grad=True", ", dtype=lib.int64, requires_grad=True",
      ", dtype=lib.float32, requires_grad=True", ", dtype=lib.complex64, requires_grad=True", ", dtype=lib.bfloat16")

RANGE_ARGS = (
    "5", "5.0", "0, 5", "0, 5, 2", "0, 1, 0.1", "1, 0, -0.3", "0, -5, -1", "5, 0", "0, 5, 0", "0, 5, -1", "2.5",
    "0, 10, 3", "-1.5, 2.5, 0.5", "0, 0", "1, 1.0", "0", "-3", "0.5, 2", "1, 2.0, 0.25", "10, 0, -3", "True",
    "lib.tensor(3)", "lib.tensor(2.5)", "np.int64(5)", "np.float32(2.5)", "0, lib.tensor(4)", "1j", "0, 3, 1j",
    "float('inf')", "0, float('nan')", "0, 1, 1e-20", "1e20, 1e20 + 1e5", "0, 2**40, 2**38", "-5, 5, 3.0",
    "end=4", "start=1, end=4", "0, 4, step=2", "0.1, 0.7, 0.2", "0, 1, 1/3", "0, 0.3, 0.1", "300",
)
RANGE_KW = ("", ", dtype=lib.int32", ", dtype=lib.float16", ", dtype=lib.float64", ", dtype=lib.uint8",
            ", dtype=lib.bool", ", dtype=lib.complex64", ", dtype=lib.int8", ", requires_grad=True",
            ", dtype=lib.int64, requires_grad=True", ", dtype=lib.bfloat16")

SPACE_ARGS = (
    "0, 1, 5", "0, 1, 1", "0, 1, 0", "0, 1, -1", "1, 0, 4", "0, 10, 7", "0, 10, 11", "-1, 1, 3", "0.5, 2.5, 5",
    "0, 1, 2", "True, False, 3", "0, 1j, 3", "1+1j, 2, 3", "lib.tensor(0.), lib.tensor(1.), 4",
    "lib.tensor(0), 3, 4", "0, 255, 4", "-3, 3, 7", "0, 1, 2.5", "0, 1, steps=3", "0, 100, 9", "2, 2, 3",
    "float('nan'), 1, 3", "0, float('inf'), 3", "lib.tensor([0.]), 1, 3", "np.float32(0.5), 1, 3", "0, 1, lib.tensor(3)",
    "0, 1, 1000", "-1e10, 1e10, 5",
)
SPACE_KW = ("", ", dtype=lib.int32", ", dtype=lib.float16", ", dtype=lib.float64", ", dtype=lib.uint8",
            ", dtype=lib.int64", ", dtype=lib.complex64", ", requires_grad=True", ", dtype=lib.bfloat16",
            ", dtype=lib.bool", ", dtype=lib.int8")
LOG_KW = ("", ", base=2", ", base=2.5", ", base=-2", ", base=0", ", base=10, dtype=lib.int64", ", base=2, dtype=lib.int32",
          ", base=2, dtype=lib.uint8", ", dtype=lib.float16", ", base=1j", ", base=2, dtype=lib.complex64", ", base=True")

FILLS = ("1", "1.5", "True", "False", "1j", "-0.0", "float('nan')", "float('inf')", "2**63", "-2**63 - 1", "300",
         "-1", "lib.tensor(2)", "lib.tensor(2.5)", "lib.tensor([2])", "np.float32(1.5)", "np.int8(3)", "1e40", "None",
         "'a'", "np.bool_(True)", "2.5 + 0j")
FILL_KW = ("", ", dtype=lib.int32", ", dtype=lib.uint8", ", dtype=lib.bool", ", dtype=lib.float16", ", dtype=lib.int8",
           ", dtype=lib.complex64", ", dtype=lib.float64", ", requires_grad=True", ", dtype=lib.int64, requires_grad=True",
           ", dtype=lib.bfloat16")

SIZES = ("2, 3", "(2, 3)", "[2, 3]", "lib.Size([2, 3])", "()", "[]", "0", "-1", "2, -1", "(2, -1)", "2.5", "(2, 3.0)",
         "np.int64(2)", "lib.tensor(2)", "(lib.tensor(2), 3)", "size=(2, 3)", "None", "(2, None)", "'2'",
         "2, 0, 3", "(2,), 3", "[[2, 3]]", "True", "(True, 2)", "lib.tensor([2, 3])", "np.array([2, 3])",
         "(np.int32(2), 3)", "1, 1, 1, 1", "lib.Size([])", "size=2", "2, (3,)", "lib.tensor(2.0)", "-2, -3")
FACTORY_KW = ("", ", dtype=lib.int32", ", dtype=lib.bool", ", requires_grad=True", ", dtype=lib.int64, requires_grad=True",
              ", dtype=lib.complex64", ", dtype=lib.float16")

EYE = ("3", "2, 3", "3, 2", "0", "0, 3", "-1", "3, -1", "3, None", "2.5", "lib.tensor(2)", "np.int64(2)", "n=2",
       "2, m=3", "True")

TRI = ("3, 3", "3, 4, 1", "4, 3, -1", "0, 0", "3, 3, 10", "3, 3, -10", "1, 5, -2", "-1, 3", "3, -1", "3, 3, 0",
       "5, 2, 1", "2, 5, -1", "3.0, 3", "3, 3, 1.5", "row=3, col=2")
TRI_KW = ("", ", dtype=lib.int32", ", dtype=lib.float32", ", dtype=lib.uint8", ", dtype=lib.bool", ", dtype=lib.int16",
          ", device=DEV")

MESH = ("T('float32', 'vec'), T('float32', 'mat')[0]", "T('int64', 'vec'), T('float32', 'vec')", "T('float32', 'vec')",
        "[T('float32', 'vec'), T('float32', 'vec', 1)[:3]]", "T('float32', '0d'), T('float32', 'vec')",
        "T('float32', 'mat'), T('float32', 'vec')", "T('int8', 'vec'), T('int8', 'empty')",
        "T('float32', 'vec'), T('float32', 'vec')[:2], T('float32', 'vec')[:3]", "", "[]",
        "(T('bool', 'vec'), T('bool', 'vec'))", "T('float64', 'vec', grad=True), T('float64', 'vec')[:2]")
MESH_KW = ("", ", indexing='ij'", ", indexing='xy'", ", indexing='ab'", ", indexing=None")

CART = ("T('float32', 'vec')", "T('float32', 'vec'), T('float32', 'vec', 1)[:2]",
        "T('int64', 'vec')[:2], T('int64', 'vec')[:3], T('int64', 'vec')[:2]", "T('int64', 'vec'), T('float32', 'vec')",
        "T('float32', '0d'), T('float32', 'vec')", "T('float32', 'mat')", "T('float32', 'empty'), T('float32', 'vec')",
        "", "T('bool', 'vec')[:2], T('bool', 'vec')[:2]", "T('complex64', 'vec')[:2], T('complex64', 'vec')[:2]",
        "T('float32', '0d')")

BINOPS = ("a + b", "a - b", "a * b", "a / b", "a // b", "a % b", "a ** b", "lib.fmod(a, b)", "lib.remainder(a, b)",
          "lib.floor_divide(a, b)", "lib.true_divide(a, b)", "lib.div(a, b, rounding_mode='trunc')",
          "lib.div(a, b, rounding_mode='floor')", "a & b", "a | b", "a ^ b", "a == b", "a < b", "lib.maximum(a, b)",
          "lib.atan2(a, b)", "lib.heaviside(a, b)", "lib.add(a, b, alpha=2)", "lib.sub(a, b, alpha=2.5)")
INPLACE = ("a.add_(b)", "a.sub_(b)", "a.mul_(b)", "a.div_(b)", "a.floor_divide_(b)", "a.remainder_(b)", "a.pow_(b)",
           "a.fmod_(b)", "a.__iadd__(b)", "a.__itruediv__(b)", "a.bitwise_and_(b)", "a.copy_(b)",
           "a.div_(b, rounding_mode='floor')", "a.clamp_(b)", "a.lerp_(b, 0.5)", "a.atan2_(b)")
SCALARS = ("2", "-3", "2.5", "True", "False", "1j", "0", "0.0", "-1", "300", "2**40", "float('nan')", "np.float64(2.5)",
           "np.int64(2)", "np.float32(2.5)", "np.bool_(True)", "2**63")
FORMS = ("0d", "vec", "special")

CONVERT = ("x.to(D('{dt}'))", "x.type(D('{dt}'))", "x.to(dtype=D('{dt}'), copy=True)", "x.type('torch.{Name}Tensor')")
METHODS = ("x.int()", "x.long()", "x.short()", "x.char()", "x.byte()", "x.half()", "x.bfloat16()", "x.bool()",
           "x.float()", "x.double()", "x.cfloat()", "x.cdouble()", "x.type()", "x.type(lib.IntTensor)")
SPECIALS = ("lib.tensor([float('nan'), float('inf'), -float('inf'), -1.5, -0.5, 0.5, 255.5, 256.0, -129.0, 1e10, 3e9, -3e9], "
            "dtype=D('{src}'))",)


def _names(dt):
    return {"uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long", "float16": "Half",
            "bfloat16": "BFloat16", "float32": "Float", "float64": "Double", "bool": "Bool",
            "complex64": "ComplexFloat", "complex128": "ComplexDouble"}.get(dt, "Float")


def generate():  # noqa: C901 (one sweep, section by section)
    cases = {}
    for i, data in enumerate(DATA):
        for j, kw in enumerate(KW):
            for fn in ("tensor", "as_tensor", "asarray"):
                cases[f"data/{fn}/{i}/{j}"] = f"lib.{fn}({data}{kw}, device=DEV)" if fn != "asarray" or "requires" in kw \
                    else f"lib.{fn}({data}{kw}, device=DEV)"
        cases[f"data/tensor_cpu/{i}"] = f"lib.tensor({data})"
        cases[f"data/DD64/{i}"] = f"DD(lib.float64, lambda: lib.tensor({data}))"
        cases[f"data/DD16/{i}"] = f"DD(lib.float16, lambda: lib.as_tensor({data}))"
    for i, data in enumerate(NUMPY_DATA):
        cases[f"from_numpy/{i}"] = f"lib.from_numpy({data})"
    for i, data in enumerate(DATA[:12]):
        cases[f"from_numpy_bad/{i}"] = f"lib.from_numpy({data})"
    for fn in ("arange", "range"):
        for i, args in enumerate(RANGE_ARGS):
            for j, kw in enumerate(RANGE_KW):
                if fn == "range" and "int" in kw and ("." in args or "e-" in args or "/" in args):
                    continue  # PyTorch's range with a step truncated to 0 dies of SIGFPE
                cases[f"{fn}/{i}/{j}"] = f"lib.{fn}({args}{kw}, device=DEV)"
            cases[f"{fn}/DD/{i}"] = f"DD(lib.float64, lambda: lib.{fn}({args}))"
    for fn, kws in (("linspace", SPACE_KW), ("logspace", SPACE_KW + LOG_KW)):
        for i, args in enumerate(SPACE_ARGS):
            for j, kw in enumerate(kws):
                cases[f"{fn}/{i}/{j}"] = f"lib.{fn}({args}{kw}, device=DEV)"
            cases[f"{fn}/DD/{i}"] = f"DD(lib.float64, lambda: lib.{fn}({args}))"
    for i, fill in enumerate(FILLS):
        for j, kw in enumerate(FILL_KW):
            cases[f"full/{i}/{j}"] = f"lib.full((2, 2), {fill}{kw}, device=DEV)"
            cases[f"full_like/{i}/{j}"] = f"lib.full_like(T('int16', 'mat'), {fill}{kw})"
            cases[f"new_full/{i}/{j}"] = f"T('float16', 'vec').new_full((2,), {fill}{kw})"
            cases[f"fill_/{i}/{j}"] = f"lib.zeros(2{kw.replace(', requires_grad=True', '')}).fill_({fill})"
        cases[f"full/DD/{i}"] = f"DD(lib.float64, lambda: lib.full((2,), {fill}))"
        cases[f"full/size/{i}"] = f"lib.full(2, {fill})"
    for i, size in enumerate(SIZES):
        for j, kw in enumerate(FACTORY_KW):
            for fn in ("zeros", "ones", "empty", "rand", "randn"):
                wrap = "SH" if fn in ("empty", "rand", "randn") else ""
                cases[f"{fn}/{i}/{j}"] = f"{wrap}(lib.{fn}({size}{kw}, device=DEV))"
            cases[f"new_zeros/{i}/{j}"] = f"T('int8', 'vec').new_zeros({size}{kw})"
            cases[f"new_ones/{i}/{j}"] = f"T('float64', 'vec', grad=True).new_ones({size}{kw})"
            cases[f"new_empty/{i}/{j}"] = f"SH(T('complex64', 'vec').new_empty({size}{kw}))"
            cases[f"new_tensor/{i}/{j}"] = f"T('float16', 'vec').new_tensor({DATA[(i * 7 + j) % len(DATA)]}{kw})"
        cases[f"full_size/{i}"] = f"lib.full({size}, 1.5)" if "size=" not in size else f"lib.full({size}, fill_value=1.5)"
    for dt in DT:
        for form in ("0d", "vec", "mat", "t", "zero_mid"):
            for j, kw in enumerate(FACTORY_KW):
                for fn in ("zeros_like", "ones_like"):
                    cases[f"{fn}/{dt}/{form}/{j}"] = f"lib.{fn}(T('{dt}', '{form}'){kw})"
                cases[f"empty_like/{dt}/{form}/{j}"] = f"SH(lib.empty_like(T('{dt}', '{form}'){kw}))"
                cases[f"rand_like/{dt}/{form}/{j}"] = f"SH(lib.rand_like(T('{dt}', '{form}'){kw}))"
                cases[f"randint_like/{dt}/{form}/{j}"] = f"SH(lib.randint_like(T('{dt}', '{form}'), 5{kw}))"
    for i, args in enumerate(EYE):
        for j, kw in enumerate(FACTORY_KW):
            cases[f"eye/{i}/{j}"] = f"lib.eye({args}{kw}, device=DEV)"
    for fn in ("tril_indices", "triu_indices"):
        for i, args in enumerate(TRI):
            for j, kw in enumerate(TRI_KW):
                cases[f"{fn}/{i}/{j}"] = f"lib.{fn}({args}{kw})"
    for i, args in enumerate(MESH):
        for j, kw in enumerate(MESH_KW):
            cases[f"meshgrid/{i}/{j}"] = f"lib.meshgrid({args}{kw})"
    for i, args in enumerate(CART):
        cases[f"cartesian_prod/{i}"] = f"lib.cartesian_prod({args})"
        cases[f"cartesian_prod_grad/{i}"] = f"lib.cartesian_prod({args.replace(chr(39) + 'vec' + chr(39), chr(39) + 'vec' + chr(39) + ', grad=True')})" \
            if "float" in args else f"lib.cartesian_prod({args})"
    for a in DT:
        for b in DT:
            for fa in ("vec", "0d"):
                for fb in ("vec", "0d"):
                    cases[f"complex/{a}/{b}/{fa}/{fb}"] = f"lib.complex(T('{a}', '{fa}'), T('{b}', '{fb}'))"
                    cases[f"polar/{a}/{b}/{fa}/{fb}"] = f"lib.polar(T('{a}', '{fa}'), T('{b}', '{fb}'))"
    # promotion tables
    for a in MORE_DT:
        for b in MORE_DT:
            cases[f"promote_types/{a}/{b}"] = f"lib.promote_types(D('{a}'), D('{b}'))"
            cases[f"can_cast/{a}/{b}"] = f"lib.can_cast(D('{a}'), D('{b}'))"
    for a in DT:
        for b in DT:
            for fa in ("vec", "0d"):
                for fb in ("vec", "0d"):
                    cases[f"result_type/{a}/{b}/{fa}/{fb}"] = f"lib.result_type(T('{a}', '{fa}'), T('{b}', '{fb}'))"
        for s in SCALARS:
            cases[f"result_type_s/{a}/{s}"] = f"lib.result_type(T('{a}', 'vec'), {s})"
            cases[f"result_type_s0/{a}/{s}"] = f"lib.result_type({s}, T('{a}', '0d'))"
    for s in SCALARS:
        for s2 in SCALARS[:8]:
            cases[f"result_type_ss/{s}/{s2}"] = f"lib.result_type({s}, {s2})"
    # binary ops
    for k, op in enumerate(BINOPS):
        for a in DT:
            for b in DT:
                fa, fb = ("vec", "vec") if (DT.index(a) + DT.index(b) + k) % 3 else ("0d", "vec")
                if (DT.index(a) * 5 + DT.index(b) + k) % 4 == 0:
                    fa, fb = "vec", "0d"
                cases[f"bin/{k}/{a}/{b}/{fa}/{fb}"] = f"(lambda a, b: {op})(T('{a}', '{fa}'), T('{b}', '{fb}', 1))"
            for s in SCALARS:
                form = FORMS[(DT.index(a) + SCALARS.index(s)) % 3] if a[0] in "fcb" and a != "bool" else "vec"
                cases[f"bins/{k}/{a}/{form}/{s}"] = f"(lambda a, b: {op})(T('{a}', '{form}'), {s})"
                cases[f"bins_r/{k}/{a}/{s}"] = f"(lambda a, b: {op})({s}, T('{a}', 'vec'))"
    for k, op in enumerate(INPLACE):
        for a in DT:
            for b in DT:
                fb = "vec" if (DT.index(a) + DT.index(b) + k) % 2 else "0d"
                cases[f"inp/{k}/{a}/{b}/{fb}"] = f"(lambda a, b: ({op}, a)[1])(T('{a}', 'vec'), T('{b}', '{fb}', 1))"
            for s in SCALARS:
                cases[f"inps/{k}/{a}/{s}"] = f"(lambda a, b: ({op}, a)[1])(T('{a}', 'vec'), {s})"
    # integer division by zero, negative powers, bool arithmetic
    for a in DT:
        for z in ("0", "T('{a}', 'vec') * 0", "lib.tensor(0)", "0.0", "False"):
            for op in ("a // b", "a % b", "lib.fmod(a, b)", "a / b", "lib.div(a, b, rounding_mode='trunc')",
                       "lib.div(a, b, rounding_mode='floor')", "lib.remainder(a, b)", "a.floor_divide_(b)",
                       "a.remainder_(b)", "a.fmod_(b)"):
                cases[f"zero/{a}/{z}/{op}"] = f"(lambda a, b: {op})(T('{a}', 'vec'), {z.format(a=a)})"
        for e in ("-1", "-2", "lib.tensor(-1)", "T('int64', 'vec')", "-1.0", "0", "lib.tensor([-1, 2])"):
            cases[f"pow/{a}/{e}"] = f"lib.pow(T('{a}', 'vec'), {e})"
            cases[f"pow_r/{a}/{e}"] = f"lib.pow({e}, T('{a}', 'vec'))"
            cases[f"pow_/{a}/{e}"] = f"T('{a}', 'vec').pow_({e})"
        for op in ("-a", "a - a", "a - True", "True - a", "lib.sub(a, a)", "a.neg()", "lib.neg(a)", "a.sub_(a)",
                   "abs(a)", "~a", "a.sign()", "lib.rsub(a, 1)", "a + a", "a * True", "a / a", "a // True"):
            cases[f"boolop/{a}/{op}"] = f"(lambda a: {op})(T('{a}', 'vec'))"
    # overflow wrap
    for a in ("uint8", "int8", "int16", "int32", "int64"):
        for op in ("a + 250", "a * 100", "a - 300", "a * 2**40", "a + a * 127", "a.add_(200)", "a.mul_(1000)",
                   "a + np.int64(2**40)", "-a", "a.sum()", "a.cumsum(0)", "a.prod()", "a.add_(2**63)", "a + 2**63",
                   "a * -1", "a.mul_(-1)", "a + (-2**63)", "abs(a)"):
            cases[f"wrap/{a}/{op}"] = f"(lambda a: {op})(T('{a}', 'vec') * 60)"
    # conversions
    for src in ("float16", "bfloat16", "float32", "float64", "complex64", "int64", "int32"):
        x = SPECIALS[0].format(src=src) if src[0] in "fbc" else f"lib.tensor([-1, 255, 256, -129, 2**31 - 1], dtype=D('{src}'))"
        for dt in DT:
            for k, conv in enumerate(CONVERT):
                cases[f"conv/{src}/{dt}/{k}"] = f"(lambda x: {conv.format(dt=dt, Name=_names(dt))})({x})"
        for k, m in enumerate(METHODS):
            cases[f"convm/{src}/{k}"] = f"(lambda x: {m})({x})"
    return cases



def _section(name, only):
    """FILTER: sections, comma-separated (``arange,spacing``)."""
    return name.split("/")[0] in only.split(",")


def _value_class(t, g):
    """A tensor's answer is [dtype, shape, values, requires_grad]: which part differs first."""
    if isinstance(t, list) and isinstance(g, list) and len(t) == 4 and len(g) == 4:
        for part, label in ((0, "dtype"), (1, "shape"), (3, "requires_grad")):
            if t[part] != g[part]:
                return "value-" + label
    return "value"


if __name__ == "__main__":
    main(generate, R.evaluate, selects=_section, group=lambda name, expression, c: name.split("/")[0] + ":" + c,
         value_class=_value_class)
