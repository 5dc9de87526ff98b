"""Differential checks of ``distributions`` against PyTorch (session 17, distrib17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
these builders:

- ``Dn``: ``lib.distributions``;
- ``P(values, dtype="float32", grad=False)``: a tensor of parameters or values on the case's device;
- ``I(values)``: an int64 tensor;
- ``SMP(d, x)``: a draw described by dtype, shape and whether it lies in ``d.support`` (the libraries' generators
  differ, so a draw's values are not compared);
- ``GC(function, *inputs)``: PyTorch's float64 gradients of ``function(*inputs)`` for a fixed ``grad_outputs``
  (fuzz15's ``GRAD``).

A distribution answers as ``["dist", repr, batch_shape, event_shape]``. Warnings are part of the answer. The
recorder (``python tests/reference/record_torch.py distrib17``) stores PyTorch's answers in ``torch_distrib17.json``;
tests/test_distrib17.py demands gradlib give the same on every device. tools/fuzz_distrib17.py draws the sweep
these cases were chosen from.
"""
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_distrib17.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.distrib17)

FILE = pathlib.Path(__file__).parent / "torch_distrib17.json"


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    leaves = []

    def P(values, dtype="float32", grad=False):  # noqa: N802
        x = lib.tensor(values, dtype=getattr(lib, dtype), device=device)
        if grad:
            leaves.append(x.requires_grad_(True))
        return x

    def GRADP(function):  # noqa: N802
        """The gradients of ``function()`` w.r.t. the leaves its ``P(..., grad=True)`` made (None: unused), for a
        fixed grad_outputs; NaN outputs weigh 0."""
        leaves.clear()
        out = function()
        weights = lib.tensor([0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 1.0] * (out.numel() // 7 + 1), dtype=out.dtype,
                             device=device)[:out.numel()].reshape(out.shape)
        weights = lib.where(lib.isfinite(out.detach()), weights, lib.zeros_like(weights))
        out = lib.where(lib.isfinite(out.detach()), out, lib.zeros_like(out))
        return lib.autograd.grad(out, list(leaves), weights, allow_unused=True)

    def I(values):  # noqa: N802,E743
        return lib.tensor(values, dtype=lib.int64, device=device)

    def SMP(d, x):  # noqa: N802
        inside = d.support.check(x)
        return [str(x.dtype).split(".")[-1], list(x.shape), bool(inside.all())]

    names.update(Dn=lib.distributions, P=P, GRADP=GRADP, I=I, SMP=SMP, lib=lib, inf=float("inf"), nan=float("nan"))
    return names


def describe(value):
    if hasattr(value, "batch_shape") and hasattr(value, "event_shape") and hasattr(value, "log_prob"):
        return ["dist", fuzz15.message(repr(value)), list(value.batch_shape), list(value.event_shape)]
    return fuzz15.plain(value)


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), describe)


CASES = {
}
