"""``meshgrid``: coordinate grids from 1-D tensors (views that expand each input)."""

from .._warn_once import warn_once
from . import shape as shape_ops

__all__ = ["meshgrid"]


def meshgrid(*tensors, indexing=None):
    """One grid per input: for 1-D inputs of sizes ``n1 .. nk``, tensors of shape ``(n1, .., nk)`` ('ij', the
    default) or with the first two dims swapped ('xy', NumPy's and MATLAB's), as ``torch.meshgrid``. Each
    output expands its input (``ExpandBackward0``). Without ``indexing`` PyTorch's UserWarning is given.

    >>> import gradlib
    >>> rows, cols = gradlib.meshgrid(gradlib.tensor([1, 2]), gradlib.tensor([3, 4, 5]), indexing='ij')
    >>> rows
    tensor([[1, 1, 1],
            [2, 2, 2]])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warn_once("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.")
        indexing = "ij"
    if not tensors:  # PyTorch's checks, in its order: dtypes and devices, the indexing, the dims
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for tensor in tensors[1:]:
        if tensor.dtype is not tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
        if tensor.device is not tensors[0].device:
            raise RuntimeError("torch.meshgrid: Expected all tensors in the tensor list to have the same device.")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    for tensor in tensors:
        if tensor.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {tensor}")
    sizes = [tensor.numel() for tensor in tensors]
    swap = indexing == "xy" and len(tensors) >= 2
    if swap:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for position, tensor in enumerate(tensors):
        axis = position
        if swap and position < 2:
            axis = 1 - position
        shape = [1] * len(tensors)
        shape[axis] = -1
        grids.append(shape_ops.expand(shape_ops.reshape(tensor, shape), sizes))
    return tuple(grids)
