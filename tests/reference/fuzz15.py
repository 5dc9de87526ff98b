"""Differential fuzzing against PyTorch (session 15, fuzz15): an op x a dtype x a shape form x an argument form.
Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
these builders:

- ``T(dtype, form, variant=0, grad=False)``: a deterministic tensor of ``dtype`` (a name: ``"bool"``, ``"uint8"``,
  ..., ``"complex64"``) in a shape form: ``"0d"``, ``"empty"`` (0,), ``"zero_mid"`` (2, 0, 3), ``"vec"`` (5,),
  ``"mat"`` (3, 4), ``"col"`` (3, 1), ``"row"`` (1, 4), ``"cube"`` (2, 3, 4), and the non-contiguous ``"t"``
  (a (4, 3) transposed), ``"slice"`` (every second column of a (3, 8)), ``"expand"`` (a (3, 1) expanded to
  (3, 4)); ``"special"`` (8,) holds NaN, +-inf, -0. and a tiny number (floats only);
- ``D(name)``: ``lib.<name>`` (a dtype);
- ``GRAD(function, *inputs)``: the inputs' gradients of ``function(*inputs)`` for a fixed ``grad_outputs``
  (``0.5, -1.25, 2.0, ...`` in the output's shape), through ``lib.autograd.grad``.

``plain`` turns a result into JSON-able data bit for bit: every tensor as ``[dtype, shape, values]`` with the
values' ``repr`` (so -0.0 and nan count). The recorder (``python tests/reference/record_torch.py fuzz15``) stores
PyTorch's answer per case in ``torch_fuzz15.json``: ``{"value": ...}`` or ``{"error": [class, message]}``
(``torch.`` written as ``gradlib.``); tests/test_fuzz15.py demands gradlib give the same on every device.
tools/fuzz15.py draws the large sweep these cases were chosen from.
"""
import json
import math
import pathlib
import re

FILE = pathlib.Path(__file__).parent / "torch_fuzz15.json"

INF = float("inf")
NAN = float("nan")
_FLOATS = [-2.5, 1.5, -0.0, 0.5, 3.0, -1.0, 0.25, 2.0, -0.75, 4.0, 0.0, -3.5, 1.25, -0.5, 6.0, 0.75]
_INTS = [-3, 2, 0, 1, 5, -1, 7, -2, 3, 4, 0, -6, 1, -5, 6, 2]
_UINTS = [3, 2, 0, 1, 5, 250, 7, 2, 3, 4, 0, 6, 1, 9, 6, 2]
_SPECIAL = [NAN, INF, -INF, -0.0, 0.0, 1e-30, -7.5, 2.5]
SHAPES = {"0d": (), "empty": (0,), "zero_mid": (2, 0, 3), "vec": (5,), "mat": (3, 4), "col": (3, 1),
          "row": (1, 4), "cube": (2, 3, 4), "t": (4, 3), "slice": (3, 8), "expand": (3, 1), "special": (8,)}
DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
          "complex64")


def _values(dtype, count, variant):
    if dtype == "bool":
        return [bool((i + variant) % 3) for i in range(count)]
    if dtype == "uint8":
        pool = _UINTS
    elif dtype.startswith("int"):
        pool = _INTS
    else:
        pool = _FLOATS
    values = [pool[(i * (variant + 1) + variant) % len(pool)] for i in range(count)]
    if dtype.startswith("complex"):
        values = [complex(v, pool[(i + 3) % len(pool)]) for i, v in enumerate(values)]
    return values


def _nest(flat, shape):
    if not shape:
        return flat[0]
    if shape[0] == 0:
        return []
    step = len(flat) // shape[0]
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def builders(lib, device):
    """The names a case's expression sees."""
    def T(dtype, form, variant=0, grad=False):
        shape = SHAPES[form]
        if form == "special":
            flat = list(_SPECIAL)
            if dtype.startswith("complex"):
                flat = [complex(v, _FLOATS[i]) for i, v in enumerate(flat)]
        else:
            flat = _values(dtype, max(1, math.prod(shape)), variant)
        data = _nest(flat, shape)
        x = lib.tensor(data, dtype=getattr(lib, dtype), device=device)
        if form == "zero_mid" or form == "empty":
            x = x.reshape(shape)
        if form == "t":
            x = x.t()
        elif form == "slice":
            x = x[:, ::2]
        elif form == "expand":
            x = x.expand(3, 4)
        if grad:
            x.requires_grad_(True)
        return x

    def D(name):
        return getattr(lib, name)

    def GRAD(function, *inputs):
        out = function(*inputs)
        count = out.numel()
        weights = [(0.5, -1.25, 2.0, 0.75, -0.5, 1.5)[i % 6] for i in range(count)]
        go = lib.tensor(weights, dtype=out.dtype, device=out.device).reshape(out.shape)
        grads = lib.autograd.grad(out, [x for x in inputs if getattr(x, "requires_grad", False)], go,
                                  allow_unused=True)
        return list(grads)

    return {"lib": lib, "T": T, "D": D, "GRAD": GRAD, "inf": INF, "nan": NAN}


def plain(value):
    if hasattr(value, "detach") and hasattr(value, "tolist") and hasattr(value, "dtype"):
        return [str(value.dtype).split(".")[-1], list(value.shape), plain(value.detach().cpu().tolist())]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    return repr(value)


def evaluate(lib, expression, device=None):
    try:
        return {"value": plain(eval(expression, builders(lib, device)))}
    except Exception as error:  # the message is the spec
        return {"error": [type(error).__name__, re.sub(r"\btorch\.", "gradlib.", str(error))]}


CASES = {}


def record():
    import torch
    recorded = {name: evaluate(torch, expression, "cpu") for name, expression in CASES.items()}
    FILE.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
