"""Differential fuzzing of sorting, selection and statistics ops against PyTorch (session 17, select17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
index16's builders (fuzz15's ``T(dtype, form, variant, grad)``, ``GRAD``, ``D``; index16's ``I``, ``N``, ``MK``)
plus these:

- ``X(dtype, form, grad=False)``: ``T``'s forms and tie-heavy ones: ``"tvec"`` (7,), ``"tmat"`` (3, 5),
  ``"tcube"`` (2, 3, 4) hold few distinct values (ties everywhere); ``"nmat"`` (3, 5) and ``"nvec"`` (7,) also
  hold NaN and +-inf (floats; other dtypes get the ties only); ``"tt"`` is ``"tmat"`` transposed;
- ``Q(values, dtype="float32")``: a float tensor (quantiles, bounds, weights) on the case's device;
- ``SRT(x)``: ``x`` sorted along its last dim (sorted boundaries for searchsorted).

Warnings are part of the answer. The recorder (``python tests/reference/record_torch.py select17``) stores
PyTorch's answers in ``torch_select17.json``; tests/test_select17.py demands gradlib give the same on every device.
tools/fuzz_select17.py draws the sweep these cases were chosen from.
"""
import json
import math
import pathlib
import re
import warnings

try:
    import fuzz15  # as the recorder and tools/fuzz_select17.py import it (tests/reference on sys.path)
    import index16
except ImportError:
    from . import fuzz15  # as the tests import it (reference.select17)
    from . import index16

FILE = pathlib.Path(__file__).parent / "torch_select17.json"

NAN = float("nan")
INF = float("inf")
_TIES = [1, 0, 2, 1, -1, 0, 1, 2, 0, -1, 1, 0, 2, 2, -1, 1, 0, 1, -1, 2, 0, 0, 1, 2]
_NANS = [1.0, NAN, 0.0, 1.0, -INF, NAN, 2.0, 0.0, INF, 1.0, -0.0, NAN, 2.0, -1.0, 1.0]
_TIE_SHAPES = {"tvec": (7,), "tmat": (3, 5), "tcube": (2, 3, 4), "nmat": (3, 5), "nvec": (7,), "tt": (5, 3)}


def builders(lib, device):
    """The names a case's expression sees."""
    names = index16.builders(lib, device)
    plain_t = names["T"]

    def X(dtype, form, grad=False):  # noqa: N802
        if form not in _TIE_SHAPES:
            return plain_t(dtype, form, 0, grad)
        shape = _TIE_SHAPES[form]
        count = math.prod(shape)
        floating = dtype.startswith(("float", "bfloat", "complex"))
        flat = (_NANS if form[0] == "n" and floating else _TIES)[:count]
        flat = (flat * 2)[:count]
        if dtype == "bool":
            flat = [bool(v > 0) for v in flat]
        elif dtype == "uint8":
            flat = [int(v) + 1 for v in flat]
        elif not floating:
            flat = [int(v) for v in flat]
        x = lib.tensor(flat, dtype=getattr(lib, dtype), device=device)
        x = x.reshape(shape[::-1]).t() if form == "tt" else x.reshape(shape)
        if grad:
            x.requires_grad_(True)
        return x

    def Q(values, dtype="float32"):  # noqa: N802
        return lib.tensor(values, dtype=getattr(lib, dtype), device=device)

    def SRT(x):  # noqa: N802
        return lib.sort(x, -1).values if x.dim() else x

    names.update(X=X, Q=Q, SRT=SRT, nan=NAN, inf=INF)
    return names


def _message(text):
    return re.sub(r"\btorch\.", "gradlib.", str(text))


def evaluate(lib, expression, device=None):
    scope = builders(lib, device)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            answer = {"value": fuzz15.plain(eval(expression, scope))}
        except Exception as error:  # the message is the spec
            answer = {"error": [type(error).__name__, _message(error)]}
    seen = [[w.category.__name__, _message(w.message)] for w in caught]
    if seen:
        answer["warnings"] = seen
    return answer


CASES = {
}

#: differences the sweep found and gradlib does not follow (tests/test_select17.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    recorded = {name: evaluate(__import__("torch"), expression, "cpu") for name, expression in CASES.items()}
    FILE.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
