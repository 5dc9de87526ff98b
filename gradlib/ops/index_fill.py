"""``index_fill``: write one value at the given positions along a dim (``Tensor.index_fill_`` is its in-place
form, in ``autograd/inplace.py``): a mask of the filled positions along the dim, made on the device, then
PyTorch's nodes: ``IndexFillBackward0`` (a number: the gradient with the filled positions zeroed) and
``IndexFillBackward1`` (a 0-d value tensor, which gets the sum of the gradient at the filled positions)."""
from .. import _tensor, dtypes
from .._numpy_names import numpy_names
from ..backends import device_guard
from ._args import require_tensor
from ._dims import normalize_dim
from ._op import Op, check_argument_devices
from ..autograd.graph import keep_edges
from . import conversion, gather_scatter

__all__ = ["index_fill"]


class IndexFillBackward0(Op):
    """``index_fill`` with a number: the gradient passes where nothing was filled."""

    __slots__ = ()
    public_edges = keep_edges(0)  # the positions filled get no edge

    @staticmethod
    def forward(ctx, xp, a, value, filled):
        ctx.save_for_backward(filled)
        return xp.where(filled, xp.asarray(value, dtype=a.dtype), a)

    @staticmethod
    def backward(ctx, P, grad):
        (filled,) = P.saved(ctx)
        return P.where(filled, 0.0, grad)


class IndexFillBackward1(Op):
    """``index_fill`` with a 0-d value tensor: the value gets the gradient of every filled position."""

    __slots__ = ()
    public_edges = keep_edges(0, 1)  # the positions filled get no edge

    @staticmethod
    def forward(ctx, xp, a, value, filled):
        ctx.save_for_backward(filled)
        return xp.where(filled, value, a)

    @staticmethod
    def backward(ctx, P, grad):
        (filled,) = P.saved(ctx)
        return P.where(filled, 0.0, grad), P.where(filled, grad, 0.0)


@numpy_names
def index_fill(input, dim, index, value):
    """``input`` with ``value`` at positions ``index`` (int64, 0-D or 1-D; negative counts from the end) along
    ``dim``, as ``torch.index_fill``. ``value``: a Python number (converted to ``input``'s dtype, as PyTorch
    does: 2.5 fills an integer tensor with 2) or a 0-d tensor. Raises IndexError for an index that is not int64
    or out of range and for a ``dim`` out of range, RuntimeError for an index with more than one dim or a value
    tensor that is not 0-d.

    >>> import gradlib
    >>> gradlib.arange(6.).reshape(2, 3).index_fill(1, gradlib.tensor([0, 2]), -1.)
    tensor([[-1.,  1., -1.],
            [-1.,  4., -1.]])
    """
    require_tensor("index_fill", input)
    require_tensor("index_fill", index, "index", 3)
    check_argument_devices("index_fill_", ("self", input), ("index", index))
    if index.dtype is not dtypes.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if index.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if isinstance(value, _tensor.Tensor) and value.ndim != 0:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value.ndim} dimension(s).")
    axis = normalize_dim(dim, max(input.ndim, 1))
    size = input.shape[axis] if input.ndim else 1
    xp = input._device._backend.xp
    with device_guard(input._device):
        positions = index._array.reshape(-1)
        positions = xp.where(positions < 0, positions + size, positions)
    gather_scatter._check_range(input, positions, size, f"index_fill(): index along dimension {axis}",
                                lambda found: IndexError(f"index {found} is out of bounds for dimension {axis} "
                                                         f"with size {size}"))
    with device_guard(input._device):
        filled = xp.zeros(size, dtype=bool)
        filled[positions] = True
    shape = [1] * input.ndim
    if input.ndim:
        shape[axis] = size
    mask = _tensor.wrap(filled.reshape(shape), input._device)
    if isinstance(value, _tensor.Tensor):
        return IndexFillBackward1.apply(input, conversion.to_dtype(value, input.dtype), mask)
    value = dtypes.plain_scalar(value)
    if isinstance(value, complex) and not input.dtype.is_complex:
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
    if input.dtype is dtypes.bool:
        value = bool(value)
    elif not (input.dtype.is_floating_point or input.dtype.is_complex):
        value = int(value)
    else:
        dtypes.check_fits(value, input.dtype)  # 1e300 into float32: PyTorch's overflow error, not inf
    return IndexFillBackward0.apply(input, value, mask)
