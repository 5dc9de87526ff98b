"""``torch.types``: the type aliases PyTorch's annotations use (``Number``, ``Device``, ``_size``,
``_TensorOrTensors`` ...), for programs that annotate with them (``from torch.types import Device``).

>>> import gradlib.types
>>> gradlib.types.Number
int | float | bool
"""
import os
from typing import IO, Optional, Sequence, Union

from ._size import Size
from ._tensor import Tensor
from .device import device as _device
from . import _formats, dtypes
from .storage import UntypedStorage as Storage

__all__ = ["Number", "Device", "FileLike", "Storage", "Tensor", "Size", "IntLikeType", "FloatLikeType",
           "BoolLikeType", "SymInt", "SymFloat", "SymBool"]

_dtype = dtypes.dtype
_layout = _formats.layout
_int = int
_float = float
_bool = bool
_complex = complex
_str = str
_bytes = bytes
_size = Union[Size, Sequence[int]]
_symsize = _size
_TensorOrTensors = Union[Tensor, Sequence[Tensor]]
_TensorOrOptionalTensors = Union[Optional[Tensor], Sequence[Optional[Tensor]]]
_Number = (int, float, bool)  # the classes (isinstance(x, _Number)), as PyTorch's
Number = int | float | bool
Device = Optional[Union[_device, str, int]]
FileLike = Union[str, os.PathLike, IO[bytes]]
# gradlib has no symbolic shapes: PyTorch's Sym* stand for their plain Python types
SymInt = int
SymFloat = float
SymBool = bool
IntLikeType = Union[int, SymInt]
FloatLikeType = Union[float, SymFloat]
BoolLikeType = Union[bool, SymBool]
py_sym_types = (SymInt, SymFloat, SymBool)
