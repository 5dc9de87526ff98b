"""Differential fuzzer of indexing (session 16, index16): the same case list under PyTorch and gradlib, then a diff.

    /tmp/benchvenv/bin/python tools/fuzz_index16.py torch  OUT.json [FILTER]   # PyTorch
    .venv/bin/python tools/fuzz_index16.py gradlib OUT.json [FILTER]           # gradlib
    python tools/fuzz_index16.py diff TORCH.json GRADLIB.json [FILTER]           # classes of differences

Cases are drawn systematically (a fixed seed for the dtype/form pairs it samples) from the index forms below x the
shape forms x dtypes x read/write/gradient, and the indexing functions (index_select ... index_put_) x dtypes x
dims. The builders and the evaluation are tests/reference/index16.py's; the cases that found a difference are
copied there.
"""
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import index16 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

DT = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64")
FORMS = ("0d", "vec", "mat", "cube", "zero_mid", "empty", "t", "slice", "cube_t", "vv")
#: x of a form: fuzz15's T, and two more: a transposed cube and a view of a view
BASE = {"cube_t": "T('{dt}', 'cube').transpose(0, 2)", "vv": "T('{dt}', 'cube')[:, 1:][..., ::2]"}

INDICES = (
    # ints
    "0", "-1", "2", "-3", "5", "-6", "(0, 1)", "(0, -1)", "(1, 2, 3)", "(0, 0, 0, 0)", "(-1, 0)",
    # slices
    "slice(None)", "slice(1, None)", "slice(-2, None)", "slice(None, -1)", "slice(1, 3)", "slice(None, None, 2)",
    "slice(1, None, 2)", "slice(-10, 10)", "slice(5, None)", "slice(3, 1)", "slice(None, None, -1)",
    "slice(None, None, 0)", "slice(None, None, 3)", "(slice(None), 1)", "(slice(None), slice(1, 3))",
    "(Ellipsis, slice(None, None, 2))", "(slice(1, None), slice(None, -1), slice(None, None, 2))",
    # None
    "None", "(None, 0)", "(0, None)", "(None, None)", "(Ellipsis, None)", "(None, Ellipsis)",
    "(0, None, Ellipsis, None)", "(None, slice(1, None), None)",
    # Ellipsis
    "Ellipsis", "(Ellipsis, 0)", "(0, Ellipsis)", "(Ellipsis, 0, Ellipsis)", "(Ellipsis, Ellipsis)",
    "(Ellipsis, None, Ellipsis)", "(None, Ellipsis, None, Ellipsis)", "(Ellipsis, 1, Ellipsis, 0)",
    "(Ellipsis, [0, 1], Ellipsis)", "(Ellipsis, I([0]))", "(0, Ellipsis, 1, Ellipsis)", "(Ellipsis, Ellipsis, 0)",
    "(Ellipsis, slice(1, None), Ellipsis)", "(Ellipsis, 0, Ellipsis, Ellipsis)",
    # bool scalars
    "True", "False", "(True, 0)", "(0, True)", "(Ellipsis, False)", "(None, True)", "(True, Ellipsis)",
    "(slice(None), True)", "(True, True)", "(False, [0])", "(True, I([0, 1]))",
    # lists
    "[0]", "[0, 1]", "[-1, 0, -1]", "[[0, 1], [1, 0]]", "[True, False]", "[True, False, True]", "[]", "[[]]",
    "[0, 5]", "([0, 1], [1, 2])", "[0.0, 1.0]", "[0, True]", "[[0], [1]]", "([0], slice(None), [1])",
    "[slice(None), 0]", "[None, 0]", "[0, None]", "[Ellipsis, 0]", "[[0, 1]]", "[[True, False]]",
    "([0, 1], Ellipsis)", "[False, False, False]", "[[[0]]]",
    # integer tensors of every dtype
    "I([0, 2], 'int8')", "I([0, 2], 'int16')", "I([0, 2], 'int32')", "I([0, 2])", "I([1, 0], 'uint8')",
    "I([1, 0, 1], 'uint8')", "I([[0, 1], [1, 0]])", "I([-1])", "I([7])", "I([], 'int64')", "I(1)", "I(-1)",
    "I(5)", "I(1, 'int32')", "I(0, 'uint8')", "I([0, 1], 'float32')", "I([0, 1], 'bool')", "I(True, 'bool')",
    "I(False, 'bool')", "(I(0), I(1))", "(I([0, 1]), I(1))", "I([[-3]])", "I([], 'bool')",
    # masks (of x)
    "MK(x, 1)", "MK(x, 2)", "MK(x, 3)", "MK(x, 0)", "(MK(x, 1), 0)", "(0, MK(x[0], 1))",
    "(slice(None), MK(x[0], 1))", "(MK(x, 1), I([0]))", "(Ellipsis, MK(x[0], 1))", "(None, MK(x, 1))",
    "MK(x, 1, 1)", "(MK(x, 2), None)", "~MK(x, 1)",
    # tensors as slice bounds
    "slice(I(1), None)", "slice(None, I(-1))", "slice(I(0), I(3), I(2))", "slice(I(1, 'int32'), None)",
    "slice(I(0), None, I(0))",
    # numpy
    "N([0, 1])", "N([True, False, True])", "N(1)", "np.int64(1)", "(np.int64(0), N([0, 1]))", "N([[0, 1]])",
    "N([0, 1], 'int32')", "N([1, 0], 'uint8')", "N([], 'int64')", "np.bool_(True)", "N([0.0, 1.0])",
    # advanced and basic mixed
    "(I([0, 1]), slice(None), I([1, 2]))", "(slice(None), I([0, 1]), I([1, 2]))", "(0, slice(None), I([0, 1]))",
    "(I([0, 1]), None, I([1, 0]))", "(None, I([0, 1]))", "(I([[0], [1]]), I([0, 1, 2]))", "(MK(x, 1), I([0, 1]))",
    "(I([0, 1]), 1)", "(1, I([0, 1]), slice(None))", "(slice(None), 0, I([0, 1]))", "(I([0]), Ellipsis, I([1]))",
    "(I([0, 1]), slice(None, None, 2))", "(slice(1, None), I([0, 0, 1]))", "(Ellipsis, I([0, 1]), None)",
    # duplicates
    "I([0, 0])", "I([1, 1, 1])", "([0, 0], [1, 1])", "(I([-1, 1]), I([0, 0]))",
)

SCALARS = ("7", "2.5", "True", "-1", "1j", "float('nan')", "-0.0", "300")
#: a value tensor for setitem, shaped from x[index] (called with the result's shape)
VALUES = (
    "T('{vdt}', 'vec')[:1]",       # broadcast a single element
    "T('{vdt}', '0d')",            # 0-d tensor
    "lib.zeros(7, dtype=D('{vdt}'))",  # wrong shape (unless the selection's last dim is 7)
)

FUNCTIONS = (
    "lib.index_select({x}, 0, I([0, 1, 0]))", "lib.index_select({x}, -1, I([1]))", "lib.index_select({x}, 0, I(0))",
    "lib.index_select({x}, 0, I([0], 'int32'))", "lib.index_select({x}, 0, I([9]))", "lib.index_select({x}, 5, I([0]))",
    "lib.index_select({x}, 0, I([[0]]))", "lib.index_select({x}, 0, I([0.0], 'float32'))",
    "{x}.index_add(0, I([0, 0]), {x}[:2])", "{x}.index_add(-1, I([0]), {x}[..., :1])",
    "{x}.index_add(0, I([0, 0]), {x}[:2], alpha=2)", "{x}.index_add(0, I(0), {x}[0])",
    "{x}.index_copy(0, I([1, 0]), {x}[:2])", "{x}.index_copy(-1, I([0]), {x}[..., :1])",
    "{x}.index_copy(0, I(0), {x}[0])", "{x}.index_fill(0, I([0, 1]), 3)", "{x}.index_fill(-1, I([0, 0]), -1.5)",
    "{x}.index_fill(0, I(0), T('{dt}', '0d', 1))", "{x}.index_fill(0, I([0]), 1j)", "{x}.index_fill(0, I([0]), True)",
    "lib.take({x}, I([0, -1, 2]))", "lib.take({x}, I([[0], [1]]))", "lib.take({x}, I(0))", "lib.take({x}, I([99]))",
    "lib.take({x}, I([0], 'int32'))",
    "lib.take_along_dim({x}, I([[0], [1], [0]]), 1)", "lib.take_along_dim({x}, I([0, 1]))",
    "lib.take_along_dim({x}, I([[0]]), -1)", "lib.take_along_dim({x}, I([[0]]), 0)",
    "lib.gather({x}, 1, I([[0, 1], [1, 0]]))", "lib.gather({x}, -1, I([[0], [2]]))", "lib.gather({x}, 0, I([[0]]))",
    "lib.gather({x}, 0, I(0))", "lib.gather({x}, 1, I([[0, 1]], 'int32'))", "lib.gather({x}, 1, I([[5]]))",
    "lib.scatter({x}, 1, I([[0, 1], [1, 0]]), 1)", "lib.scatter({x}, 1, I([[0, 1], [1, 0]]), {x})",
    "lib.scatter({x}, 0, I([[0, 0]]), {x}, reduce='add')", "lib.scatter({x}, 0, I([[0, 0]]), {x}, reduce='multiply')",
    "lib.scatter({x}, 0, I([[0, 0]]), 2, reduce='add')", "lib.scatter({x}, 0, I([[0, 0]]), 2, reduce='multiply')",
    "lib.scatter_add({x}, 0, I([[0, 0, 1]]), {x})", "lib.scatter({x}, 0, I(0), 5)",
    "lib.scatter_reduce({x}, 0, I([[0, 0]]), {x}, 'sum')", "lib.scatter_reduce({x}, 0, I([[0, 0]]), {x}, 'prod')",
    "lib.scatter_reduce({x}, 0, I([[0, 0]]), {x}, 'mean')", "lib.scatter_reduce({x}, 0, I([[0, 0]]), {x}, 'amax')",
    "lib.scatter_reduce({x}, 0, I([[0, 0]]), {x}, 'amin', include_self=False)",
    "lib.scatter_reduce({x}, 0, I([[0, 0]]), {x}, 'mean', include_self=False)",
    "{x}.masked_fill(MK({x}, 1), 2)", "{x}.masked_fill(MK({x}, 99), T('{dt}', '0d', 1))",
    "{x}.masked_fill(MK({x}, 99), 1j)", "{x}.masked_fill(MK({x}, 99).to(D('uint8')), 0)",
    "{x}.masked_fill(MK({x}, 0), 0.5)", "{x}.masked_fill(MK({x}, 99), T('float64', 'vec')[:1])",
    "{x}.masked_scatter(MK({x}, 99), T('{dt}', 'cube', 1))", "{x}.masked_scatter(MK({x}, 99), T('{dt}', 'vec')[:1])",
    "lib.masked_select({x}, MK({x}, 99))", "lib.masked_select({x}, MK({x}, 0))", "lib.masked_select({x}, MK({x}, 1))",
    "lib.masked_select({x}, MK({x}, 99).to(D('uint8')))",
    "{x}.clone().put_(I([0, -1]), T('{dt}', 'vec')[:2])", "{x}.clone().put_(I([0, 0]), T('{dt}', 'vec')[:2], accumulate=True)",
    "{x}.clone().put_(I([99]), T('{dt}', 'vec')[:1])", "{x}.clone().put_(I(0), T('{dt}', '0d'))",
    "{x}.clone().index_put_((I([0, 0]),), T('{dt}', '0d', 1), accumulate=True)",
    "{x}.clone().index_put_((I([0, 1]),), T('{dt}', '0d', 1))",
    "{x}.clone().index_put_((MK({x}, 1),), T('{dt}', '0d', 1))",
    "{x}.clone().index_put_((I([0]), I([0])), T('{dt}', '0d', 1), accumulate=True)",
    "{x}.clone().index_put_([I([0])], T('{dt}', 'vec')[:1])",
    "{x}.clone().index_put_((I([0], 'int32'),), T('{dt}', '0d', 1))",
    "lib.index_put({x}, (I([0, 0]),), T('{dt}', '0d', 1), True)",
)
GRAD_FUNCTIONS = tuple(f for f in FUNCTIONS if "1j" not in f and "uint8" not in f and "'{dt}'" not in f)


def _x(dt, form):
    return BASE.get(form, "T('{dt}', '{form}')").format(dt=dt, form=form)


def generate():
    cases = {}
    rng = random.Random(16)
    for i, index in enumerate(INDICES):
        for form in FORMS:
            for dt in (("float32", "int64") + tuple(rng.sample(DT, 2))):
                x = _x(dt, form)
                cases[f"get/{i}/{form}/{dt}"] = f"(lambda x: GET(x, {index}))({x})"
            x = _x("float32", form)
            for s in SCALARS:
                cases[f"set_s/{i}/{form}/{s}"] = f"(lambda x: SET(x, {index}, {s}))({x})"
            for dt in rng.sample(DT, 3):
                x = _x(dt, form)
                for j, value in enumerate(VALUES):
                    vdt = rng.choice(DT)
                    cases[f"set_t/{i}/{form}/{dt}/{j}/{vdt}"] = \
                        f"(lambda x: SET(x, {index}, {value.format(vdt=vdt)}))({x})"
            x = _x("float64", form)
            cases[f"gget/{i}/{form}"] = f"(lambda x: GGET(x, {index}))({x})"
            cases[f"gset/{i}/{form}"] = f"(lambda x: GSET(x, {index}, T('float64', 'vec', 1)[:1]))({x})"
            cases[f"gset0/{i}/{form}"] = f"(lambda x: GSET(x, {index}, T('float64', '0d', 1)))({x})"
    for i, template in enumerate(FUNCTIONS):
        for dt in DT:
            for form in ("mat", "cube", "t", "0d", "zero_mid", "empty", "slice", "vv"):
                cases[f"fn/{i}/{dt}/{form}"] = template.format(x=_x(dt, form), dt=dt)
    for i, template in enumerate(GRAD_FUNCTIONS):
        for form in ("mat", "t", "0d", "cube"):
            cases[f"gfn/{i}/{form}"] = f"GRAD(lambda x: {template.format(x='x', dt='float64')}, " \
                                       f"{_x('float64', form)}.detach().requires_grad_())"
    return cases


if __name__ == "__main__":
    main(generate, R.evaluate, selects=lambda name, only: only in name)
