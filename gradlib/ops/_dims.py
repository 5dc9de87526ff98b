"""Checking and normalizing ``dim`` and size arguments with PyTorch's errors."""


def size_arguments(args):
    """The sizes of ``f(2, 3)``, ``f((2, 3))`` or ``f([2, 3])`` (or of a ``gradlib.Size``), as given.

    >>> size_arguments(((2, 3),)), size_arguments((2, 3))
    ((2, 3), (2, 3))
    """
    if len(args) == 1 and not isinstance(args[0], int):
        return tuple(args[0])
    return tuple(args)


def check_dim_argument(method, dim):
    """PyTorch's argument parser on a method's ``dim`` (``size``, ``stride``): an int or an int-like value (not a
    bool, a float or a str), with its TypeError naming the method.

    >>> check_dim_argument("size", True)
    Traceback (most recent call last):
    TypeError: size(): argument 'dim' (position 1) must be int, not bool
    """
    if isinstance(dim, bool) or not (isinstance(dim, int) or hasattr(dim, "__index__")):
        raise TypeError(f"{method}(): argument 'dim' (position 1) must be int, not {type(dim).__name__}")


def normalize_dim(dim, ndim):
    """A non-negative axis for ``dim`` in a tensor of ``ndim`` dims (0-d tensors accept -1 and 0).

    >>> normalize_dim(-1, 3)
    2
    """
    if not isinstance(dim, int):
        if not hasattr(dim, "__index__"):  # not int-like: PyTorch's argument parser refuses it
            raise TypeError(f"argument 'dim' must be int, not {type(dim).__name__}")
        dim = dim.__index__()
    rank = ndim if ndim > 0 else 1
    if not -rank <= dim < rank:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {dim})")
    return dim % rank if ndim > 0 else 0


def normalize_dims(dim, ndim):
    """A sorted tuple of axes for ``dim`` (None means all axes; a repeated axis is an error)."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, int):
        dims = (normalize_dim(dim, ndim),)
    elif not isinstance(dim, (tuple, list)):
        dims = (normalize_dim(dim, ndim),)  # an int-like value, or normalize_dim's TypeError
    else:
        dims = tuple(normalize_dim(d, ndim) for d in dim)
        if len(set(dims)) != len(dims):
            repeated = next(d for d in dims if dims.count(d) > 1)
            raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
        if not dims:
            return tuple(range(ndim))
    if ndim == 0:
        return ()
    return tuple(sorted(dims))


def expand_reduced(P, grad, input_shape, axes, keepdim):
    """Broadcast a reduction's gradient back over the reduced ``axes`` to ``input_shape``."""
    if not keepdim:
        for axis in axes:
            grad = P.expand_dims(grad, axis)
    return P.broadcast_to(grad, input_shape)
