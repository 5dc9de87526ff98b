"""Joining tensors: cat and stack (and their gradients, which split the incoming gradient back)."""
from .._numpy_names import numpy_names
from .. import _tensor
from .. import _public_name
from ._dims import normalize_dim
from ._op import Op, check_argument_devices

__all__ = ["cat", "concat", "stack"]


def _legacy_empty(array):
    return array.ndim == 1 and array.shape[0] == 0


class CatBackward0(Op):
    __slots__ = ("axis", "sizes")
    saved_scalars = {"dim": "axis"}
    promote = True
    operands = 0  # the leading axis is no scalar operand (bool tensors stay bool); the tensors promote

    @staticmethod
    def forward(ctx, xp, axis, *arrays):
        ctx.axis = axis
        # PyTorch's legacy rule: a 1-d empty tensor beside tensors of other shapes is skipped (its dtype still
        # promotes: cat() passes every tensor); its gradient is empty (size None)
        if any(not _legacy_empty(a) for a in arrays):
            ctx.sizes = tuple(None if _legacy_empty(a) else a.shape[axis] for a in arrays)
            arrays = [a for a in arrays if not _legacy_empty(a)]
        else:
            ctx.sizes = tuple(a.shape[axis] for a in arrays)
        return xp.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx, P, grad):
        grads = []
        start = 0
        index = [slice(None)] * grad.ndim
        for size in ctx.sizes:
            if size is None:
                grads.append(P.reshape(grad, (-1,))[0:0])
                continue
            index[ctx.axis] = slice(start, start + size)
            grads.append(grad[tuple(index)])
            start += size
        return tuple(grads)


class StackBackward0(Op):
    __slots__ = ("axis",)
    saved_scalars = {"dim": "axis"}
    promote = True
    operands = 0  # the leading axis is no scalar operand (bool tensors stay bool); the tensors promote

    @staticmethod
    def forward(ctx, xp, axis, *arrays):
        ctx.axis = axis
        return xp.stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx, P, grad):
        index = [slice(None)] * grad.ndim
        grads = []
        for position in range(len(ctx._edges)):
            index[ctx.axis] = position
            grads.append(grad[tuple(index)])
        return tuple(grads)


def _check_tensors(name, tensors):
    """A tuple of the tensors to join, with PyTorch's errors for a tensor instead of a sequence, an empty
    sequence and elements that are not tensors."""
    Tensor = _tensor.Tensor
    if isinstance(tensors, Tensor) or not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    tensors = tuple(tensors)
    if not tensors:
        if name == "stack":
            raise RuntimeError("stack expects a non-empty TensorList")
        raise ValueError(f"{_public_name.PREFIX}{name}(): expected a non-empty list of Tensors")
    for index, tensor in enumerate(tensors):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"expected Tensor as element {index} in argument 0, but got {type(tensor).__name__}")
    return tensors


def _check_devices(tensors):
    """One device for all, 0-d CPU tensors included (unlike elementwise ops); PyTorch's stack is a cat too."""
    check_argument_devices("cat", *(("tensors", tensor) for tensor in tensors))


@numpy_names
def cat(tensors, dim=0):
    """Concatenate along an existing dim (shapes must match elsewhere).

    >>> import gradlib
    >>> gradlib.cat([gradlib.zeros(1, 2), gradlib.ones(2, 2)]).shape
    gradlib.Size([3, 2])
    """
    tensors = _check_tensors("cat", tensors)
    _check_devices(tensors)
    for index, tensor in enumerate(tensors):
        if tensor.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {index}) cannot be concatenated")
    joined = tensors
    tensors = tuple(t for t in tensors if not (t.ndim == 1 and t.numel() == 0)) or tensors[:1]
    reference = tensors[0]
    axis = normalize_dim(dim, reference.ndim)
    for index, tensor in enumerate(tensors[1:], start=1):
        if tensor.ndim != reference.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {reference.ndim} and {tensor.ndim}")
        for d in range(reference.ndim):
            if d != axis and tensor.shape[d] != reference.shape[d]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {axis}. Expected size {reference.shape[d]} "
                    f"but got size {tensor.shape[d]} for tensor number {index} in the list.")
    return CatBackward0.apply(axis, *joined)


concat = cat


@numpy_names
def stack(tensors, dim=0):
    """Join equally shaped tensors along a new dim.

    >>> import gradlib
    >>> gradlib.stack([gradlib.zeros(2), gradlib.ones(2)], dim=1)
    tensor([[0., 1.],
            [0., 1.]])
    """
    tensors = _check_tensors("stack", tensors)
    _check_devices(tensors)
    reference = tensors[0]
    for index, tensor in enumerate(tensors[1:], start=1):
        if tensor.shape != reference.shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(reference.shape)} at "
                               f"entry 0 and {list(tensor.shape)} at entry {index}")
    axis = normalize_dim(dim, reference.ndim + 1)
    return StackBackward0.apply(axis, *tensors)
