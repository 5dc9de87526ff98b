"""Histograms: ``torch.histogramdd`` (counts, or sums of weights, of the points of ``input[..., D]`` in a grid of
bins) and ``torch.histogram`` (its one-dimensional case). Bins are a count per dim (equal widths over ``range``,
or over the data's minimum and maximum) or the edges themselves. A point lands in the bin whose left edge is the
last one not above it; the last bin also holds its right edge; points outside, and NaN, are not counted.

PyTorch has these on the CPU only (its CUDA backend refuses them), and so does gradlib. Not differentiable.
"""
import builtins

from .. import _creation, _tensor, dtypes, return_types
from ._args import require_tensor

__all__ = ["histogram", "histogramdd"]


def _refuse_device(input, name):
    if input._device.type != "cpu":
        raise NotImplementedError(f"Could not run 'aten::{name}' with arguments from the "
                                  f"'{input._device.type.upper()}' backend. This could be because the operator "
                                  "doesn't exist for this backend.")


def _edges_of(points, dim, bins, range_pair, dtype, device):
    """The edges of ``dim``: the given tensor, or ``bins + 1`` equal steps over the range."""
    if isinstance(bins, _tensor.Tensor):
        if bins.dtype is not dtype:
            raise RuntimeError(f"gradlib.histogramdd: input tensor and bins tensors should have the same dtype, but "
                               f"got input with dtype {dtype.c_type} and bins for dimension {dim} with dtype "
                               f"{bins.dtype.c_type}")
        return bins
    bins = int(bins)
    if bins <= 0:
        raise RuntimeError(f"gradlib.histogram(): bins must be > 0, but got {bins} for dimension {dim}")
    if range_pair is not None:
        low, high = float(range_pair[0]), float(range_pair[1])
    elif points.shape[0]:
        if dtype not in (dtypes.float32, dtypes.float64):  # PyTorch's min/max kernel (named histogramdd)
            raise NotImplementedError(f"\"histogramdd\" not implemented for '{dtype.scalar_type}'")
        column = points._array[:, dim]  # host memory: histograms run on the CPU only
        low, high = float(column.min()), float(column.max())
    else:
        low, high = 0.0, 1.0
    if low > high:
        raise RuntimeError(f"gradlib.histogramdd: min should not exceed max, but got min {_number(low)} max "
                           f"{_number(high)} for dimension {dim}")
    if not (abs(low) < float("inf") and abs(high) < float("inf")):
        raise RuntimeError(f"gradlib.histogramdd: dimension {dim}'s range [{_number(low)}, {_number(high)}] is not "
                           "finite")
    if low == high:
        low, high = low - 0.5, high + 0.5
    # linspace in the input's dtype: no bool version, and the edges must fit an 8-bit integer; a complex input
    # fails in the kernel (refused here, before NumPy's linspace would warn about complex values)
    if dtype.is_complex:
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{dtype.scalar_type}'")
    if dtype is dtypes.bool:
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    limits = {dtypes.uint8: (0, 255, "uint8_t"), dtypes.int8: (-128, 127, "int8_t")}.get(dtype)
    if limits and not (limits[0] <= low and high <= limits[1]):
        raise RuntimeError(f"value cannot be converted to type {limits[2]} without overflow")
    return _creation.linspace(low, high, bins + 1, dtype=dtype, device=device)


def _number(value):
    return f"{value:g}"


def histogramdd(input, bins, *, range=None, weight=None, density=False):
    """The histogram of the points ``input[..., D]`` (the last dim holds each point's coordinates) in a grid of
    bins, as ``torch.histogramdd``: ``bins`` is an int (for every dim), a list of ints, or a list of edge tensors
    (increasing, ``input``'s dtype); ``range`` a flat list ``[min0, max0, min1, max1, ...]`` for counted bins
    (else each dim's minimum and maximum); ``weight`` (``input``'s shape without the last dim) sums weights
    instead of counting; ``density`` divides by the total and by each bin's volume. Returns
    ``(hist, bin_edges)``: ``hist`` of shape (bins of each dim), ``bin_edges`` a tuple of D tensors. Floating
    dtypes only (NotImplementedError otherwise, as PyTorch); RuntimeError for a zero bin count, a reversed or
    infinite range, or a weight of another shape or dtype.

    >>> import gradlib
    >>> gradlib.histogramdd(gradlib.tensor([[0., 0.], [1., 1.], [2., 2.]], device="cpu"), bins=2).hist
    tensor([[1., 0.],
            [0., 2.]])
    """
    require_tensor("histogramdd", input)
    _refuse_device(input, "histogramdd")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{input.dtype.scalar_type}'")
    return _histogramdd(input, bins, range, weight, density)


def _histogramdd(input, bins, range, weight, density):
    """histogramdd's work; histogram calls it directly, whose kernel checks the dtype after the edges."""
    dims = input.shape[-1] if input.ndim else 1
    points = input.reshape(-1, dims).detach()
    if isinstance(bins, (int, _tensor.Tensor)):
        bins = [bins] * dims
    bins = list(bins)
    edges = [_edges_of(points, d, bins[d], None if range is None else (range[2 * d], range[2 * d + 1]),
                       input.dtype, input._device) for d in _count(dims)]
    # the weight's checks after the edges, as PyTorch's histogramdd_check_inputs
    if weight is not None:
        expected = tuple(input.shape[:-1])
        if tuple(weight.shape) != expected:
            raise RuntimeError(f"gradlib.histogramdd: if weight tensor is provided it should have the same shape as "
                               f"the input tensor excluding its innermost dimension, but got input with shape "
                               f"{list(input.shape)} and weight with shape {list(weight.shape)}")
        if weight.dtype is not input.dtype:
            raise RuntimeError(f"gradlib.histogramdd: if weight tensor is provided, input tensor and weight tensor "
                               f"should have the same dtype, but got input({input.dtype.c_type}), and "
                               f"weight({weight.dtype.c_type})")
    if not input.dtype.is_floating_point:  # PyTorch's histogram kernel: floating dtypes only
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{input.dtype.scalar_type}'")
    xp = input._device._backend.xp
    array = points._array
    flat = xp.zeros(array.shape[0], dtype=xp.int64)
    inside = xp.ones(array.shape[0], dtype=bool)
    for d, edge in enumerate(edges):
        e = edge.detach()._array
        count = e.shape[0] - 1
        column = array[:, d]
        position = xp.searchsorted(e, column, side="right") - 1
        position = xp.where(column == e[-1], count - 1, position)
        inside &= (column >= e[0]) & (column <= e[-1])
        flat = flat * max(count, 1) + xp.clip(position, 0, max(count - 1, 0))
    sizes = tuple(edge.shape[0] - 1 for edge in edges)
    total = 1
    for size in sizes:
        total *= size
    values = xp.ones(array.shape[0], dtype=array.dtype) if weight is None else weight.detach()._array.reshape(-1)
    values = xp.where(inside, values, 0)
    hist = xp.zeros(max(total, 1), dtype=array.dtype)
    input._device._backend.scatter_add(hist, (flat,), values)
    hist = _tensor.wrap(hist[:total].reshape(sizes), input._device)
    if density:
        hist = hist / hist.sum()
        for d, edge in enumerate(edges):
            widths = edge[1:] - edge[:-1]
            shape = [1] * dims
            shape[d] = widths.shape[0]
            hist = hist / widths.reshape(shape)
    return return_types.histogramdd(hist, tuple(edge.detach() for edge in edges))


def _count(n):
    return list(builtins.range(n))  # ``range`` is an argument's name here, as in PyTorch


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """The histogram of ``input``'s elements, as ``torch.histogram``: ``bins`` an int (equal widths over
    ``range``, else over the elements' minimum and maximum) or a 1-D tensor of edges; ``weight`` (``input``'s
    shape) sums weights instead of counting; ``density`` makes the histogram integrate to 1. Returns
    ``(hist, bin_edges)``. Errors as ``histogramdd``.

    >>> import gradlib
    >>> gradlib.histogram(gradlib.tensor([1., 2., 1.], device="cpu"), bins=2)
    gradlib.return_types.histogram(
    hist=tensor([2., 1.]),
    bin_edges=tensor([1.0000, 1.5000, 2.0000]))
    """
    require_tensor("histogram", input)
    _refuse_device(input, "histogram.bin_ct")
    points = input.reshape(-1, 1)
    flat_weight = None if weight is None else weight.reshape(-1) if tuple(weight.shape) == tuple(input.shape) \
        else weight
    hist, edges = _histogramdd(points, [bins], range=None if range is None else list(range), weight=flat_weight,
                              density=density)
    return return_types.histogram(hist, edges[0])
