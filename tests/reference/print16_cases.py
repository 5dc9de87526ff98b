"""Printing cases (session 16, print16): each case is a snippet run with ``lib`` bound to PyTorch or gradlib that
leaves the printed text in ``out``. Builders available to a snippet:

- ``V(dtype, shape, kind, seed=0)``: a deterministic tensor of ``dtype`` (a name) and ``shape`` with values of a
  ``kind``: ``"small"`` (mixed signs, a few decimals), ``"ints"`` (whole numbers), ``"mixed"`` (1e-5 next to
  1e5), ``"big"`` (up to 1e12), ``"tiny"`` (1e-8..1e-6), ``"special"`` (nan, inf, -inf, -0.), ``"nan"`` (all
  nan), ``"extreme"`` (the dtype's extremes), ``"negzero"`` (-0. and 0. mixed, complex with -0. parts);
- ``OPTS(**options)``: ``lib.set_printoptions(**options)`` (every case resets to the defaults afterwards).

Used by tools/fuzz_print16.py (the sweep) and tests/reference/print16.py (the recorded cases).
"""
import math
import random

DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
          "complex64", "complex128")
_EXTREMES = {"uint8": (0, 255), "int8": (-128, 127), "int16": (-32768, 32767), "int32": (-2 ** 31, 2 ** 31 - 1),
             "int64": (-2 ** 63, 2 ** 63 - 1), "float16": (-65504.0, 65504.0), "bfloat16": (-3.3895e38, 3.3895e38),
             "float32": (-3.4028e38, 3.4028e38), "float64": (-1.7976e308, 1.7976e308)}


def _value(dtype, kind, rng, index):
    if dtype == "bool":
        return rng.random() < 0.5
    integer = dtype.startswith(("int", "uint"))
    if kind == "extreme":
        low, high = _EXTREMES.get(dtype.replace("complex64", "float32").replace("complex128", "float64"), (-1, 1))
        return (low, high, 0, 1, -1)[index % 5] if integer else (low, high, 0.0, 1.5, -2.25)[index % 5]
    if integer:
        if dtype == "uint8":
            return rng.randrange(0, 256)
        return rng.randrange(-1000, 1000) if kind in ("big", "mixed") else rng.randrange(-9, 10)
    if kind == "small":
        return round(rng.uniform(-10, 10), rng.choice((1, 2, 3, 5)))
    if kind == "ints":
        return float(rng.randrange(-50, 50))
    if kind == "mixed":
        return rng.choice((1e-5, -2.5e-5, 1e5, 3.25e5, 1.0, -7.5))
    if kind == "big":
        return rng.choice((1e12, -3.5e9, 123456789.0, 2.0, 1e8))
    if kind == "tiny":
        return rng.choice((1e-8, -2.5e-7, 3.3e-6, 1e-6))
    if kind == "special":
        return rng.choice((math.nan, math.inf, -math.inf, -0.0, 1.5, 0.0, -2.0))
    if kind == "nan":
        return math.nan
    if kind == "negzero":
        return rng.choice((-0.0, 0.0, 1.0))
    raise ValueError(kind)


def _nest(flat, shape):
    if not shape:
        return flat[0]
    if shape[0] == 0:
        return []
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def builders(lib):
    def V(dtype, shape, kind, seed=0):
        rng = random.Random(f"{dtype}{shape}{kind}{seed}")
        count = math.prod(shape)
        flat = [_value(dtype, kind, rng, i) for i in range(count)]
        if dtype.startswith("complex"):
            imag = [_value(dtype, kind, rng, i + 2) for i in range(count)]
            flat = [complex(r, i) for r, i in zip(flat, imag)]
        if any(n == 0 for n in shape):
            return lib.zeros(shape, dtype=getattr(lib, dtype))
        if dtype in ("float16", "bfloat16"):  # through float64: the same rounding in both libraries
            return lib.tensor(_nest(flat, shape), dtype=lib.float64).to(getattr(lib, dtype))
        return lib.tensor(_nest(flat, shape), dtype=getattr(lib, dtype))

    def OPTS(**options):
        lib.set_printoptions(**options)

    return {"V": V, "OPTS": OPTS}


def reset(lib):
    lib.set_printoptions(profile="default", sci_mode=None)


def run_case(lib, code, scope_extra=None):
    """Run one case; return its text (``torch.``/``gradlib.`` written ``lib.``), or ``"!Class: message"``."""
    scope = {"lib": lib, "nn": lib.nn, "math": math}
    scope.update(builders(lib))
    if scope_extra:
        scope.update(scope_extra)
    try:
        exec(code, scope)
        out = scope["out"]
    except Exception as error:  # the message is the spec
        out = f"!{type(error).__name__}: {error}"
    finally:
        reset(lib)
    return out.replace("torch.", "lib.").replace("gradlib.", "lib.")
