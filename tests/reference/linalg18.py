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
}

#: differences the sweep found and gradlib does not follow (tests/test_linalg18.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
