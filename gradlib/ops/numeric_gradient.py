"""``torch.gradient``: the derivative of sampled values along dims by finite differences (second-order central
differences inside, first- or second-order one-sided ones at the two ends), with uniform spacing or given
coordinates. Composed of slices, arithmetic and ``cat`` (PyTorch's graph ends in ``CatBackward0`` too), so it is
differentiable to any order."""
import numbers

from .. import _tensor
from .._numpy_names import numpy_names
from . import arithmetic
from ._args import require_tensor
from ._dims import normalize_dim
from .join import cat

__all__ = ["gradient"]


def _along(tensor, dim, start, stop):
    index = [slice(None)] * tensor.ndim
    index[dim] = slice(start, stop)
    return tensor[tuple(index)]


class MulBackward1(arithmetic.MulScalar):
    """``tensor * scalar`` through PyTorch's ``mul.Scalar`` overload, which its C++ ``gradient`` calls: no edge for
    the number (Python's ``*`` gives MulBackward0 with a wrapped-number edge)."""

    node_name = "MulBackward1"
    __slots__ = ()
    public_edges = None

    @staticmethod
    def forward(ctx, xp, a, scalar):
        ctx.scalar = scalar
        return a * scalar

    @staticmethod
    def backward(ctx, P, grad):
        return grad * ctx.scalar


def _div(tensor, number):
    return arithmetic.DivBackward1.apply(tensor, number)


def _mul(tensor, number):
    return MulBackward1.apply(tensor, number)


def _uniform(values, dim, h, edge_order):
    """PyTorch's uniform-spacing formulas in its order of operations (``div.Scalar``/``mul.Scalar`` nodes)."""
    h = float(h)
    interior = _div(_div(_along(values, dim, 2, None) - _along(values, dim, None, -2), h), 2)
    if edge_order == 1:
        first = _div(_along(values, dim, 1, 2) - _along(values, dim, 0, 1), h)
        last = _div(_along(values, dim, -1, None) - _along(values, dim, -2, -1), h)
    else:
        first = _div(_mul(_along(values, dim, 0, 1), -1.5) + _mul(_along(values, dim, 1, 2), 2)
                     - _mul(_along(values, dim, 2, 3), 0.5), h)
        last = _div(_mul(_along(values, dim, -3, -2), 0.5) - _mul(_along(values, dim, -2, -1), 2)
                    + _mul(_along(values, dim, -1, None), 1.5), h)
    return cat([first, interior, last], dim)


def _coordinates(values, dim, coordinates, edge_order):
    shape = [1] * values.ndim
    shape[dim] = -1
    steps = (coordinates[1:] - coordinates[:-1]).reshape(shape)
    dx1 = _along(steps, dim, None, -1)
    dx2 = _along(steps, dim, 1, None)
    a = -dx2 / (dx1 * (dx1 + dx2))
    b = (dx2 - dx1) / (dx1 * dx2)
    c = dx1 / (dx2 * (dx1 + dx2))
    interior = a * _along(values, dim, None, -2) + b * _along(values, dim, 1, -1) + c * _along(values, dim, 2, None)
    if edge_order == 1:
        first = (_along(values, dim, 1, 2) - _along(values, dim, 0, 1)) / _along(steps, dim, 0, 1)
        last = (_along(values, dim, -1, None) - _along(values, dim, -2, -1)) / _along(steps, dim, -1, None)
    else:
        d1, d2 = _along(steps, dim, 0, 1), _along(steps, dim, 1, 2)
        first = (-(2 * d1 + d2) / (d1 * (d1 + d2)) * _along(values, dim, 0, 1)
                 + (d1 + d2) / (d1 * d2) * _along(values, dim, 1, 2)
                 - d1 / (d2 * (d1 + d2)) * _along(values, dim, 2, 3))
        d1, d2 = _along(steps, dim, -2, -1), _along(steps, dim, -1, None)
        last = (d2 / (d1 * (d1 + d2)) * _along(values, dim, -3, -2)
                - (d2 + d1) / (d1 * d2) * _along(values, dim, -2, -1)
                + (2 * d2 + d1) / (d2 * (d1 + d2)) * _along(values, dim, -1, None))
    return cat([first, interior, last], dim)


@numpy_names
def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The derivative of ``input``'s samples along each dim of ``dim`` (all dims when None), as
    ``torch.gradient``: a tuple with one tensor of ``input``'s shape per dim. ``spacing``: a number (the same
    step everywhere), a list of numbers (one step per dim) or a list of 1-D coordinate tensors (one per dim).
    ``edge_order`` 1 or 2: the order of the one-sided differences at the ends. Integer input gives floating
    results. Raises RuntimeError for another ``edge_order``, a dim shorter than ``edge_order + 1``, a ``spacing``
    list of the wrong length or a dim named twice (PyTorch's messages).

    >>> import gradlib
    >>> gradlib.gradient(gradlib.tensor([1., 2., 4., 8., 10.]))
    (tensor([1.0000, 1.5000, 3.0000, 3.0000, 2.0000]),)
    """
    require_tensor("gradient", input)
    if dim is None:
        dims = list(range(input.ndim))
    elif isinstance(dim, int):
        dims = [normalize_dim(dim, input.ndim)]
    else:
        dims = [normalize_dim(d, input.ndim) for d in dim]
        for position, d in enumerate(dims):
            if d in dims[:position]:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    if isinstance(spacing, (numbers.Number, _tensor.Tensor)) and not (
            isinstance(spacing, _tensor.Tensor) and spacing.ndim):
        spacings = [spacing] * len(dims)
    else:
        spacings = list(spacing)
        if len(spacings) != len(dims):
            if dim is None:
                raise RuntimeError(f"gradlib.gradient expected spacing to be unspecified, a scalar, or a list of "
                                   f"length equal to 'self.dim() = {input.ndim}', since dim argument was not given, "
                                   f"but got a list of length {len(spacings)}")
            raise RuntimeError(f"gradlib.gradient expected spacing to be unspecified, a scalar or it's spacing and dim "
                               f"arguments to have the same length, but got a spacing argument of length "
                               f"{len(spacings)} and a dim argument of length {len(dims)}.")
    if edge_order not in (1, 2):
        raise RuntimeError("gradlib.gradient only supports edge_order=1 and edge_order=2.")
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("gradlib.gradient expected each dimension size to be at least edge_order+1")
    results = []
    for d, step in zip(dims, spacings):
        if isinstance(step, _tensor.Tensor) and step.ndim:
            results.append(_coordinates(input, d, step, edge_order))
        else:
            results.append(_uniform(input, d, step.item() if isinstance(step, _tensor.Tensor) else step,
                                    edge_order))
    return tuple(results)
