"""The order in which PyTorch's CPU kernels visit the elements of a tensor they write: memory order, from the
largest stride to the smallest. A transposed or permuted tensor is filled in that order, not in index order, so
random draws into it (in-place fills, dropout's mask of a transposed input, ``rand_like`` of one) land where
PyTorch's do. Used by ``_creation`` (the ``*_like`` draws) and ``_sampling`` (the fills)."""

__all__ = ["memory_order", "order_of", "inverse", "is_identity"]


def memory_order(array, backend):
    """The dims of ``array`` from the largest stride to the smallest; dims with equal strides keep their order.

    >>> import gradlib
    >>> x = gradlib.zeros(2, 3, 4).permute(2, 0, 1)
    >>> memory_order(x._array, x.device._backend), order_of(x.t() if x.ndim == 2 else x)
    ((1, 2, 0), (1, 2, 0))
    """
    strides = backend.element_strides(array)
    return tuple(sorted(range(array.ndim), key=lambda dim: -strides[dim]))


def order_of(tensor):
    """``tensor``'s memory order (``memory_order`` of its array)."""
    return memory_order(tensor._array, tensor._device._backend)


def inverse(order):
    """The permutation that undoes ``order``: ``array.transpose(order).transpose(inverse(order))`` is ``array``.

    >>> inverse((2, 0, 1))
    (1, 2, 0)
    """
    undo = [0] * len(order)
    for position, dim in enumerate(order):
        undo[dim] = position
    return tuple(undo)


def is_identity(order):
    """Whether ``order`` leaves the dims where they are (a C-ordered layout)."""
    return tuple(order) == tuple(range(len(order)))
