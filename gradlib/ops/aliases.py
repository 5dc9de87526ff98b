"""The other names PyTorch gives existing ops, and the small ops defined by one of them: ``divide``,
``absolute``, ``greater``/``less``/``not_equal``..., ``arcsin``/``arccos``/``arctan``, ``fix``, ``positive``,
``swapdims``, ``ravel``, ``select``, ``concatenate``. Each has the shapes, dtypes, gradient (and ``grad_fn`` name)
and errors of the op it names.
"""
from .._numpy_names import numpy_names
from . import arithmetic, comparison, elementwise, indexing, join, shape
from ._args import require_tensor
from ._dims import normalize_dim

__all__ = ["absolute", "greater", "greater_equal", "less", "less_equal", "not_equal", "divide", "arcsin", "arccos",
           "arctan", "fix", "positive", "swapdims", "ravel", "select", "concatenate"]


def absolute(input):
    """``abs``."""
    return elementwise.abs(input)


def greater(input, other):
    """``gt``."""
    return comparison.gt(input, other)


def greater_equal(input, other):
    """``ge``."""
    return comparison.ge(input, other)


def less(input, other):
    """``lt``."""
    return comparison.lt(input, other)


def less_equal(input, other):
    """``le``."""
    return comparison.le(input, other)


def not_equal(input, other):
    """``ne``."""
    return comparison.ne(input, other)


def divide(input, other, *, rounding_mode=arithmetic._TRUE_DIVISION):
    """``div`` (``rounding_mode`` None, 'trunc' or 'floor').

    >>> import gradlib
    >>> gradlib.divide(gradlib.tensor([7., -7.]), 2, rounding_mode="floor")
    tensor([ 3., -4.])
    """
    return arithmetic.div(input, other, rounding_mode=rounding_mode)


def arcsin(input):
    """``asin``."""
    return elementwise.asin(input)


def arccos(input):
    """``acos``."""
    return elementwise.acos(input)


def arctan(input):
    """``atan``."""
    return elementwise.atan(input)


def fix(input):
    """``trunc``: rounds toward zero."""
    return elementwise.trunc(input)


def positive(input):
    """``input`` itself (``+input``); RuntimeError for a bool tensor, as PyTorch."""
    require_tensor("positive", input)
    if input.dtype.name == "bool":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def swapdims(input, dim0, dim1):
    """``transpose``."""
    return shape.transpose(input, dim0, dim1)


def ravel(input):
    """``input`` flattened to 1-D: a view when its memory allows, else a copy (``reshape(-1)``)."""
    require_tensor("ravel", input)
    return shape.reshape(input, (-1,))


@numpy_names
def select(input, dim, index):
    """The slice at ``index`` along ``dim``, that dim removed (a view, ``input[..., index, ...]``).
    IndexError (PyTorch's words) for an index out of range, a dim out of range or a 0-d tensor.

    >>> import gradlib
    >>> gradlib.select(gradlib.arange(6).view(2, 3), 1, -1)
    tensor([2, 5])
    """
    require_tensor("select", input)
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    axis = normalize_dim(dim, input.ndim)
    size = input.shape[axis]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {axis}")
    return indexing.getitem(input, (slice(None),) * axis + (index,))


def concatenate(tensors, axis=0, *, dim=None):
    """``cat`` (NumPy's name; ``axis`` is its dim, and ``dim`` is accepted too, as PyTorch)."""
    return join.cat(tensors, axis if dim is None else dim)
