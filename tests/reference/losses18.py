"""Differential fuzzing of the nn losses against PyTorch (session 18, losses18).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library,
``F`` to its ``nn.functional``, ``nn`` to its ``nn``, fuzz15's builders (``T``, ``D``, ``GRAD``) and these:

- ``A(dtype, shape, kind="n", grad=False)``: a deterministic floating tensor of ``shape`` (a tuple); ``kind``
  ``"n"``: mixed signs, ``"p"``: probabilities in [0, 1] holding 0 and 1, ``"e"``: edge values (0, 1, +-inf, NaN),
  ``"s"``: +1/-1 targets, ``"pos"``: positive numbers (variances, rates);
- ``C(shape, classes, dtype="int64", bad=False)``: class indices below ``classes`` (``bad``: one out of range);
- ``W(count, dtype="float32")``: a positive weight vector.

Warnings are part of the answer. The recorder (``python tests/reference/record_torch.py losses18``) stores
PyTorch's answers in ``torch_losses18.json``; tests/test_losses18.py demands gradlib give the same on every device.
tools/fuzz_losses18.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_losses18.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.losses18)

FILE = pathlib.Path(__file__).parent / "torch_losses18.json"

NAN = float("nan")
INF = float("inf")
_N = [0.5, -1.25, 2.0, 0.75, -0.5, 1.5, -2.25, 0.125, 3.0, -0.875, 0.25, -1.75, 1.0, -3.5, 0.625, 2.5]
_P = [0.25, 0.0, 0.75, 1.0, 0.5, 0.125, 0.875, 0.375, 0.625, 0.9375, 0.0625, 0.3125]
_E = [0.0, 1.0, INF, -INF, NAN, -0.0, -1.0, 0.5, 1e-30, 2.0, -2.0, 1e30]
_S = [1.0, -1.0, -1.0, 1.0, 1.0, -1.0, 1.0, 1.0, -1.0]
_POS = [0.5, 1.25, 2.0, 0.75, 0.125, 1.5, 3.0, 0.25, 4.0, 0.625]
_KINDS = {"n": _N, "p": _P, "e": _E, "s": _S, "pos": _POS}


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def A(dtype, shape, kind="n", grad=False, shift=0):  # noqa: N802
        pool = _KINDS[kind]
        count = math.prod(shape)
        flat = [pool[(i + shift) % len(pool)] for i in range(count)]
        x = lib.tensor(flat, dtype=getattr(lib, dtype), device=device).reshape(shape)
        if grad:
            x.requires_grad_(True)
        return x

    def C(shape, classes, dtype="int64", bad=False):  # noqa: N802
        count = math.prod(shape)
        flat = [(i * 2 + 1) % classes for i in range(count)]
        if bad and count:
            flat[-1] = classes
        return lib.tensor(flat, dtype=getattr(lib, dtype), device=device).reshape(shape)

    def W(count, dtype="float32"):  # noqa: N802
        return lib.tensor([_POS[i % len(_POS)] for i in range(count)], dtype=getattr(lib, dtype), device=device)

    names.update(A=A, C=C, W=W, F=lib.nn.functional, nn=lib.nn, nan=NAN, inf=INF)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device))


CASES = {
}

#: differences the sweep found and gradlib does not follow (tests/test_losses18.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
