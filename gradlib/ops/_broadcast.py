"""Reducing a broadcast gradient back to an input's shape (used by the engine, never by op authors)."""


def reduced_axes(grad_shape, shape):
    """The axes of ``grad_shape`` to sum so the result has ``shape`` (after dropping leading axes).

    >>> reduced_axes((4, 2, 3), (2, 1))
    (0, 2)
    """
    lead = len(grad_shape) - len(shape)
    axes = list(range(lead))
    for index, size in enumerate(shape):
        if size == 1 and grad_shape[lead + index] != 1:
            axes.append(lead + index)
    return tuple(axes)


def sum_to_shape(array, shape):
    """Sum a raw array over broadcast axes so that it has ``shape``.

    >>> import numpy as np
    >>> sum_to_shape(np.ones((4, 2, 3)), (2, 1)).tolist()
    [[12.0], [12.0]]
    """
    if array.shape == shape:
        return array
    axes = reduced_axes(array.shape, shape)
    if axes:
        array = array.sum(axis=axes, keepdims=True)
    return array.reshape(shape)


def broadcast_shapes(*shapes):
    """The shape that ``shapes`` broadcast to, with PyTorch's error when they do not (dimensions checked from the
    last, as PyTorch's ``infer_size`` does).

    >>> broadcast_shapes((2, 1), (3,))
    (2, 3)
    """
    ndim = max(len(shape) for shape in shapes)
    result = []
    for back in range(1, ndim + 1):
        size = 1
        for shape in shapes:
            this = shape[-back] if back <= len(shape) else 1
            if this != 1:
                if size not in (1, this):
                    raise RuntimeError(f"The size of tensor a ({size}) must match the size of tensor b ({this}) "
                                       f"at non-singleton dimension {ndim - back}")
                size = this
        result.append(size)
    return tuple(reversed(result))
