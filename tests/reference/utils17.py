"""Differential fuzzing of ``nn.utils`` (gradient clipping, parameters <-> vector, rnn packing, weight/spectral
norm, parametrize) and ``nn.init`` against PyTorch (session 17, utils17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders plus these:

- ``PS(shapes, dtype="float64", grads=True, scale=1.0)``: a list of Parameters of those shapes, with fixed values
  and (``grads``) fixed gradients (``None`` in ``shapes`` gives a parameter without a gradient);
- ``CLIP(function, params, *args, **kwargs)``: ``[result, [p.grad for p in params]]`` (the in-place effect);
- ``INIT(function, shape, *args, dtype="float32", **kwargs)``: a fresh tensor of ``shape`` after
  ``lib.manual_seed(0)`` and ``function(tensor, *args, **kwargs)`` (the tensor starts full of 7); the answer is
  the tensor and what ``function`` returned (``"self"`` for the tensor itself);
- ``S(shape, dtype="float32")``: a tensor of fixed values (sequences, inputs);
- ``U``: ``lib.nn.utils``; ``R``: ``lib.nn.utils.rnn``; ``NI``: ``lib.nn.init``.

Warnings are part of the answer. The recorder (``python tests/reference/record_torch.py utils17``) stores
PyTorch's answers in ``torch_utils17.json``; tests/test_utils17.py demands gradlib give the same on every device.
tools/fuzz_utils17.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_utils17.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.utils17)

FILE = pathlib.Path(__file__).parent / "torch_utils17.json"

_VALUES = [0.5, -1.25, 2.0, 0.75, -3.5, 1.5, 0.25, -0.125, 4.0, -2.5, 1.0, 3.25]


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def S(shape=(), dtype="float32", offset=0):  # noqa: N802
        count = math.prod(shape)
        flat = [_VALUES[(i + offset) % len(_VALUES)] * (1 + (i + offset) // len(_VALUES)) for i in range(count)]
        return lib.tensor(flat, dtype=getattr(lib, dtype), device=device).reshape(shape)

    def PS(shapes, dtype="float64", grads=True, scale=1.0):  # noqa: N802
        params = []
        for k, shape in enumerate(shapes):
            if shape is None:
                params.append(lib.nn.Parameter(S((2,), dtype, k)))
                continue
            p = lib.nn.Parameter(S(shape, dtype, k))
            if grads:
                p.grad = S(shape, dtype, 3 * k + 1) * scale
            params.append(p)
        return params

    def CLIP(function, params, *args, **kwargs):  # noqa: N802
        params = list(params) if not hasattr(params, "grad") else params
        result = function(params, *args, **kwargs)
        listed = [params] if hasattr(params, "grad") else params
        return [result, [p.grad for p in listed]]

    def INIT(function, shape, *args, dtype="float32", **kwargs):  # noqa: N802
        lib.manual_seed(0)
        tensor = lib.full(shape, 7, dtype=getattr(lib, dtype), device=device)
        result = function(tensor, *args, **kwargs)
        return [tensor, "self" if result is tensor else result]

    P = lib.nn.utils.parametrize

    class Sym(lib.nn.Module):
        def forward(self, x):
            return x.triu() + x.triu(1).transpose(-1, -2)

    class Scale(lib.nn.Module):
        def forward(self, x):
            return x * 2

        def right_inverse(self, x):
            return x / 2

    class Bad(lib.nn.Module):
        def forward(self, x):
            return x.sum()

    class Half(lib.nn.Module):
        def forward(self, x):
            return x.to(lib.float16)

    names.update(P=P, Sym=Sym, Scale=Scale, Bad=Bad, Half=Half)
    names.update(S=S, PS=PS, CLIP=CLIP, INIT=INIT, U=lib.nn.utils, R=lib.nn.utils.rnn, NI=lib.nn.init,
                 math=math)
    return names


def describe(value):
    """fuzz15's ``plain``, with a PackedSequence's fields and a float's bits."""
    if type(value).__name__ == "PackedSequence":
        return ["PackedSequence"] + [describe(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    return fuzz15.plain(value)


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), describe)


CASES = {}

#: differences the sweep found and gradlib does not follow (tests/test_utils17.py KNOWN gives each one's reason)
KNOWN_CASES = {}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
