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
