"""Differential cases of torch.special and the math elementwise family against PyTorch (session 18, special18):
lgamma/digamma/polygamma/mvlgamma, the error functions, the Bessel and Airy functions, ndtr/ndtri/log_ndtr,
xlogy/xlog1py, zeta, gammainc/gammaincc, sinc, logit/expit, entr, log_softmax/softmax/logsumexp and
round(decimals=), on edge values (0, -0., +-inf, NaN, poles, negative integers, huge, tiny) in every float dtype
and integers; float64 gradients; PyTorch's errors. special9 (tests/reference/special9.py) covers the Bessel and
orthogonal-polynomial grids; these cases are the sweep's (tools/fuzz_special18.py) bit-for-bit differences.

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders plus:

- ``V(kind, dtype="float64", grad=False)``: a 1-d tensor of the value set ``kind`` (``VALUES``) in ``dtype``;
- ``SP``: ``lib.special``.

Values are compared bit for bit (fuzz15's ``plain``: every element's ``repr``), with dtype, shape, warnings and,
where PyTorch raises, the exception class and message. ``python tests/reference/record_torch.py special18`` stores
PyTorch's answers in ``torch_special18.json``; tests/test_special18.py demands gradlib give the same on every
device.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_special18.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.special18)

FILE = pathlib.Path(__file__).parent / "torch_special18.json"
INF = math.inf
NAN = math.nan

VALUES = {
    # signed zeros, the poles and integers, near 1 and 2 (lgamma ~ 0), the non-finite, tiny and huge
    "edge": [0.0, -0.0, 1.0, 2.0, -1.0, -2.0, 0.5, -0.5, 1.0000001, 0.9999999, 2.0000001, 1.9999999, 3.7, -3.7,
             1e-300, -1e-300, 5e-324, 1e-40, 1e-8, 1e15 + 0.5, 1e308, -1e308, 100.5, -100.5, INF, -INF, NAN],
    # a grid over the reflection, the polynomial and the Stirling ranges
    "grid": [-30.3, -20.5, -10.25, -7.9, -4.6, -3.2, -2.7, -1.6, -1.1, -0.9, -0.3, 0.1, 0.3, 0.6, 0.9, 1.1, 1.4,
             1.7, 2.2, 2.5, 2.9, 3.3, 4.1, 5.5, 6.9, 7.3, 9.4, 12.7, 17.1, 25.9, 33.3, 58.6, 171.5, 1000.25],
    # probabilities and the open interval (-1, 1) with its ends
    "unit": [0.0, -0.0, 1e-300, 1e-20, 1e-10, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999, 1 - 1e-12, 1.0,
             1.0000001, -0.1, -0.5, -0.999999, -1.0, -1.5, INF, -INF, NAN],
    # large and very large arguments
    "big": [5.0, 10.0, 25.0, 50.0, 88.5, 100.0, 700.0, 710.0, 1e3, 1e5, 1e10, 1e20, 1e100, 1e300, -5.0, -25.0,
            -700.0, -1e5],
    # the non-positive integers and negative half-integers
    "neg": [-0.5, -1.5, -2.5, -10.3, -20.7, -100.25, -170.5, -99999.5, -1.0, -2.0, -3.0, -50.0, -1e6],
    # small integers (for the integer dtypes)
    "int": [0, 1, 2, 3, 5, 10, -1, -2, -7, 20],
}


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def V(kind, dtype="float64", grad=False):  # noqa: N802
        values = VALUES[kind]
        if dtype in ("int64", "int32", "int16", "int8", "uint8", "bool"):
            values = [int(v) for v in VALUES["int"]]
            if dtype == "uint8":
                values = [abs(v) for v in values]
            if dtype == "bool":
                values = [bool(v % 2) for v in values]
        x = lib.tensor(values, dtype=getattr(lib, dtype), device=device)
        return x.requires_grad_(True) if grad else x

    names.update(V=V, SP=lib.special, math=math)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device))


CASES = {
}

#: differences the sweep found and gradlib does not follow (tests/test_special18.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
