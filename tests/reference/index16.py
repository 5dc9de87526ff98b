"""Differential fuzzing of indexing and index assignment against PyTorch (session 16, index16).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders (``T(dtype, form, variant, grad)``, ``GRAD``, ``D``; tests/reference/fuzz15.py) plus these:

- ``I(values, dtype="int64")``: an index tensor on the case's device; ``N(values, dtype=None)``: a NumPy array;
- ``MK(x, k, variant=0)``: a bool mask of ``x.shape[:k]`` (a fixed pattern; ``k=0`` gives a 0-d mask);
- ``GET(x, index)``: ``x[index]`` as ``[value, is_view, base_after]``: whether the result's ``_base`` is ``x``'s
  base (PyTorch's views), and the base after ``fill_``-ing the result (a write through a view reaches it);
- ``SET(x, index, value)``: ``x[index] = value``, then ``[x, x's base]``;
- ``GGET(x, index)`` / ``GSET(x, index, value)``: float64 gradients of ``x[index]``, and of ``x`` and ``value`` for
  ``y = x.clone(); y[index] = value`` (``value`` a tensor).

Warnings are part of the answer (``{"warnings": [[class, message], ...]}``), as PyTorch's uint8-mask deprecation.
The recorder (``python tests/reference/record_torch.py index16``) stores PyTorch's answers in ``torch_index16.json``;
tests/test_index16.py demands gradlib give the same on every device. tools/fuzz_index16.py draws the sweep these
cases were chosen from.
"""
import json
import pathlib
import re
import warnings

import numpy

import fuzz15

FILE = pathlib.Path(__file__).parent / "torch_index16.json"


def _root(x):
    return x if x._base is None else x._base


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def I(values, dtype="int64"):  # noqa: E743
        return lib.tensor(values, dtype=getattr(lib, dtype), device=device)

    def N(values, dtype=None):
        return numpy.array(values, dtype=dtype)

    def MK(x, k, variant=0):
        shape = tuple(x.shape[:k])
        count = 1
        for size in shape:
            count *= size
        flat = [(i + variant) % 3 != 1 for i in range(count)]
        return lib.tensor(flat, dtype=lib.bool, device=device).reshape(shape)

    def GET(x, index):
        out = x[index]
        base = _root(x)
        is_view = out._base is base
        value = fuzz15.plain(out)
        try:
            out.fill_(1)
            after = fuzz15.plain(base)
        except Exception as error:  # noqa: BLE001 (the class is the answer)
            after = type(error).__name__
        return [value, is_view, after]

    def SET(x, index, value):
        x[index] = value
        return [fuzz15.plain(x), fuzz15.plain(_root(x))]

    def GGET(x, index):
        return names["GRAD"](lambda a: a[index], x.to(lib.float64).detach().requires_grad_())

    def GSET(x, index, value):
        def function(a, b):
            y = a.clone()
            y[index] = b
            return y
        return names["GRAD"](function, x.to(lib.float64).detach().requires_grad_(),
                             value.to(lib.float64).detach().requires_grad_())

    names.update(I=I, N=N, MK=MK, GET=GET, SET=SET, GGET=GGET, GSET=GSET, np=numpy)
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

#: differences the sweep found and gradlib does not follow (tests/test_index16.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    recorded = {name: evaluate(__import__("torch"), expression, "cpu") for name, expression in CASES.items()}
    FILE.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
