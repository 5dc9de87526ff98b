"""``gradlib.Size``: a tensor's shape."""
import math

from . import _public_name

__all__ = ["Size"]


class Size(tuple):
    """A tensor's shape: a tuple that prints like PyTorch's. As ``torch.Size``, a slice of it, a concatenation with
    a tuple (either side) and a repetition are Sizes too (``x.shape[1:]`` prints ``Size([...])``).

    >>> import gradlib
    >>> gradlib.zeros(2, 3).shape
    gradlib.Size([2, 3])
    >>> gradlib.Size([2, 3]).numel()
    6
    >>> gradlib.zeros(2, 3, 4).shape[1:], (1,) + gradlib.Size([2])
    (gradlib.Size([3, 4]), gradlib.Size([1, 2]))
    """
    __module__ = "gradlib"  # PyTorch's name (``torch.Size``); gradlib/_homes.py

    __module__ = "gradlib"  # type() prints <class 'gradlib.X'>, as PyTorch's <class 'torch.X'>; pickles find it there

    __slots__ = ()

    def __repr__(self):
        return f"{_public_name.PREFIX}Size([{', '.join(str(s) for s in self)}])"

    __str__ = __repr__

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return Size(item) if isinstance(key, slice) else item

    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to gradlib.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple.__add__(other, self))

    def __mul__(self, times):
        return Size(tuple.__mul__(self, times))

    __rmul__ = __mul__

    def numel(self):
        return math.prod(self)
