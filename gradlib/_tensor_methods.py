"""The named methods of ``Tensor``, part one: the families of the core op modules, one section each, in the order of
``gradlib/ops`` (arithmetic, elementwise, selection, ternary, reductions, shape, rearranging copies, indexing,
gather/scatter, linear algebra, softmax, comparison); part two, the families added after them, is
``gradlib/_tensor_methods_more.py``.

``TensorMethods`` is a base class of ``Tensor`` (``gradlib/_tensor.py`` holds the core: storage, flags, transfers,
printing; ``gradlib/_tensor_operators.py`` Python's operators; ``gradlib/autograd/inplace.py`` the in-place
methods). Each method delegates to the function of the same name in ``gradlib.ops`` (see those for shapes, dtypes
and errors) and holds no logic of its own beyond PyTorch's argument forms.
"""

import numbers

from . import _creation, dtypes
from ._numpy_names import numpy_names
from ._scalar_first import NOT_GIVEN, scalar_first
from ._warn_once import warn_once
from . import _tensor as _tensor_module
from .ops import (_args, _dims, arithmetic, comparison, elementwise, gather_scatter, indexing, linalg, nn_ops,
                  rearrange, reduction, selection, shape as shape_ops, sliding, ternary, triangular)

__all__ = ["TensorMethods"]


_T_NOT_2D = ("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will "
             "throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
             "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor. (Triggered "
             "internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)")
_SHAPE_CPP = " (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:{}.)"
#: PyTorch's TORCH_WARN_ONCE of the transposes of a 0-d tensor (each its own once-flag)
_T_ON_0D = "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases." + \
    _SHAPE_CPP.format(4321)
_MT_ON_0D = "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases." + \
    _SHAPE_CPP.format(4373)
_H_ON_0D = "Tensor.H is deprecated on 0-D tensors. Consider using x.conj()." + _SHAPE_CPP.format(4335)
_MH_ON_0D = "Tensor.mH is deprecated on 0-D tensors. Consider using x.conj()." + _SHAPE_CPP.format(4382)
_ADJOINT_ON_0D = "adjoint() is deprecated on 0-D tensors. Consider using x.conj()." + _SHAPE_CPP.format(4390)


def _check_comparison_operand(name, other):
    """PyTorch's comparison methods take a tensor or a number (``x.eq(None)``, ``x.lt('a')``, ``x.eq(array)``:
    its parser's TypeError listing ``(Tensor other)`` and ``(Number other)``)."""
    if isinstance(other, (_tensor_module.Tensor, numbers.Number)) or other.__class__ in dtypes.NUMPY_SCALAR_TYPES:
        return
    if isinstance(other, list):
        described = "list of [" + ", ".join(_args._type_name(item) for item in other) + "]"
    else:
        described = _args._type_name(other)
    mismatch = f"      didn't match because some of the arguments have invalid types: (!{described}!)\n"
    raise TypeError(f"{name}() received an invalid combination of arguments - got ({_args._type_name(other)}), but "
                    f"expected one of:\n * (Tensor other)\n{mismatch} * (Number other)\n{mismatch}")


class TensorMethods:
    """Named methods of ``Tensor``, part one (the class inherits them)."""

    __slots__ = ()

    # ----- arithmetic (ops/arithmetic.py) ---------------------------------------------------------------------------
    def add(self, other, other_=NOT_GIVEN, *, alpha=1):
        if other_ is not NOT_GIVEN:  # add(alpha, other): PyTorch's deprecated order
            scalar_first("add", other)
            other, alpha = other_, other
        return arithmetic.add(self, other, alpha=alpha)

    def sub(self, other, other_=NOT_GIVEN, *, alpha=1):
        if other_ is not NOT_GIVEN:  # sub(alpha, other): PyTorch's deprecated order
            scalar_first("sub", other)
            other, alpha = other_, other
        return arithmetic.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other):
        return arithmetic.mul(self, other)

    multiply = mul

    def div(self, other, *, rounding_mode=arithmetic._TRUE_DIVISION):
        return arithmetic.div(self, other, rounding_mode=rounding_mode)

    true_divide = div

    divide = div

    def pow(self, exponent):
        return arithmetic.pow(self, exponent)

    def neg(self):
        return arithmetic.neg(self)

    negative = neg

    def remainder(self, other):
        return arithmetic.remainder(self, other)

    def fmod(self, other):
        return arithmetic.fmod(self, other)

    def floor_divide(self, other):
        return arithmetic.floor_divide(self, other)

    # ----- elementwise functions (ops/elementwise.py) ---------------------------------------------------------------
    def exp(self):
        return elementwise.exp(self)

    def log(self):
        return elementwise.log(self)

    def sin(self):
        return elementwise.sin(self)

    def cos(self):
        return elementwise.cos(self)

    def tanh(self):
        return elementwise.tanh(self)

    def sigmoid(self):
        return elementwise.sigmoid(self)

    def relu(self):
        if self.__class__ is _tensor_module.Tensor and self._array.dtype.kind == "f":
            return _Relu.apply(self)  # elementwise.relu's common call, two call frames fewer
        return elementwise.relu(self)

    def sqrt(self):
        return elementwise.sqrt(self)

    def abs(self):
        return elementwise.abs(self)

    def sign(self):
        return elementwise.sign(self)

    def reciprocal(self):
        return elementwise.reciprocal(self)

    def expm1(self):
        return elementwise.expm1(self)

    def log1p(self):
        return elementwise.log1p(self)

    def log2(self):
        return elementwise.log2(self)

    def log10(self):
        return elementwise.log10(self)

    def rsqrt(self):
        return elementwise.rsqrt(self)

    def square(self):
        return elementwise.square(self)

    def tan(self):
        return elementwise.tan(self)

    def asin(self):
        return elementwise.asin(self)

    def acos(self):
        return elementwise.acos(self)

    def atan(self):
        return elementwise.atan(self)

    arcsin, arccos, arctan = asin, acos, atan

    def sinh(self):
        return elementwise.sinh(self)

    def cosh(self):
        return elementwise.cosh(self)

    def erf(self):
        return elementwise.erf(self)

    def erfc(self):
        return elementwise.erfc(self)

    def floor(self):
        return elementwise.floor(self)

    def ceil(self):
        return elementwise.ceil(self)

    def round(self, *, decimals=None):
        return elementwise.round(self, decimals=decimals)

    def trunc(self):
        return elementwise.trunc(self)

    def frac(self):
        return elementwise.frac(self)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return elementwise.nan_to_num(self, nan, posinf, neginf)

    def atan2(self, other):
        return elementwise.atan2(self, other)

    arctan2 = atan2

    def hypot(self, other):
        return elementwise.hypot(self, other)

    # ----- selection (ops/selection.py) -----------------------------------------------------------------------------
    def clamp(self, min=None, max=None):
        return selection.clamp(self, min, max)

    clip = clamp

    def fmax(self, other):
        return selection.fmax(self, other)

    def fmin(self, other):
        return selection.fmin(self, other)

    def maximum(self, other):
        return selection.maximum(self, other)

    def minimum(self, other):
        return selection.minimum(self, other)

    def where(self, condition, other):
        return selection.where(condition, self, other)

    # ----- three-operand functions (ops/ternary.py) -----------------------------------------------------------------
    def lerp(self, end, weight):
        return ternary.lerp(self, end, weight)

    def addcmul(self, tensor1, tensor2, tensor2_=NOT_GIVEN, *, value=1):
        if tensor2_ is not NOT_GIVEN:  # addcmul(value, tensor1, tensor2): PyTorch's deprecated order
            scalar_first("addcmul", tensor1)
            value, tensor1, tensor2 = tensor1, tensor2, tensor2_
        return ternary.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, tensor2_=NOT_GIVEN, *, value=1):
        if tensor2_ is not NOT_GIVEN:  # addcdiv(value, tensor1, tensor2): PyTorch's deprecated order
            scalar_first("addcdiv", tensor1)
            value, tensor1, tensor2 = tensor1, tensor2, tensor2_
        return ternary.addcdiv(self, tensor1, tensor2, value=value)

    # ----- reductions (ops/reduction.py) ----------------------------------------------------------------------------
    @numpy_names
    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return reduction.sum(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return reduction.mean(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def max(self, dim=None, keepdim=False, *, other=None):
        return reduction.max(self, dim, keepdim, other=other)

    @numpy_names
    def min(self, dim=None, keepdim=False, *, other=None):
        return reduction.min(self, dim, keepdim, other=other)

    @numpy_names
    def amax(self, dim=(), keepdim=False):
        return reduction.amax(self, dim, keepdim)

    @numpy_names
    def amin(self, dim=(), keepdim=False):
        return reduction.amin(self, dim, keepdim)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return reduction.norm(self, p, dim, keepdim, dtype)

    @numpy_names
    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return reduction.prod(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def argmax(self, dim=None, keepdim=False):
        return reduction.argmax(self, dim, keepdim)

    @numpy_names
    def argmin(self, dim=None, keepdim=False):
        return reduction.argmin(self, dim, keepdim)

    @numpy_names
    def count_nonzero(self, dim=None):
        return reduction.count_nonzero(self, dim)

    @numpy_names
    def logsumexp(self, dim, keepdim=False):
        return reduction.logsumexp(self, dim, keepdim)

    # ----- shape and views (ops/shape.py) ---------------------------------------------------------------------------
    def reshape(self, *shape_, shape=None):
        shape = shape_ if shape is None else _creation._size_argument("reshape", shape_, shape)
        return shape_ops.reshape(self, *shape)

    def view(self, *shape, size=None, dtype=None):
        if size is not None:
            shape = _creation._size_argument("view", shape, size)
        if dtype is not None:
            shape = (dtype,)
        if len(shape) == 1 and (isinstance(shape[0], dtypes.dtype)):
            raise RuntimeError("view(dtype) is not supported by gradlib; use .to(dtype)")
        return shape_ops.view(self, *shape)

    def view_as(self, other):
        return shape_ops.view(self, other.shape)

    def reshape_as(self, other):
        return shape_ops.reshape(self, other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return shape_ops.flatten(self, start_dim, end_dim)

    def transpose(self, dim0, dim1):
        return shape_ops.transpose(self, dim0, dim1)

    def swapaxes(self, axis0, axis1):
        return shape_ops.transpose(self, axis0, axis1)

    def t(self):
        return shape_ops.t(self)

    def permute(self, *dims_, dims=None):
        dims = dims_ if dims is None else _creation._size_argument("permute", dims_, dims)
        return shape_ops.permute(self, *dims)

    @property
    def T(self):
        """All dims reversed (PyTorch deprecates it for other than 2-D tensors, and warns so once a process)."""
        ndim = self._array.ndim
        if ndim != 2:
            warn_once(_T_ON_0D if ndim == 0 else _T_NOT_2D)
        return shape_ops.permute(self, tuple(range(ndim - 1, -1, -1)))

    @property
    def mT(self):
        """The last two dims swapped (a 0-d tensor itself, with PyTorch's deprecation warning, once a process;
        RuntimeError for 1-D)."""
        if self._array.ndim < 2:
            if self._array.ndim == 0:
                warn_once(_MT_ON_0D)
                return self
            raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
        return shape_ops.transpose(self, -2, -1)

    @property
    def H(self):
        """The conjugate transpose of a matrix (the transpose of a real one), as ``Tensor.H``; a 0-d tensor:
        ``conj()``, with PyTorch's deprecation warning (once a process)."""
        if self._array.ndim == 0:
            warn_once(_H_ON_0D)
            return self.conj()
        if self._array.ndim != 2:
            raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self._array.ndim}-D "
                               "tensor." + (" For batches of matrices, consider using tensor.mH"
                                            if self._array.ndim > 2 else ""))
        return shape_ops.transpose(self, 0, 1).conj()

    @property
    def mH(self):
        """The last two dims swapped and conjugated (complex), as ``Tensor.mH`` (a 0-d tensor: ``conj()``, with
        PyTorch's deprecation warning, once a process)."""
        return self._adjoint("tensor.mH", _MH_ON_0D)

    def adjoint(self):
        """``mH`` (``Tensor.adjoint``), with its own warning and message."""
        return self._adjoint("tensor.adjoint()", _ADJOINT_ON_0D)

    def _adjoint(self, name, on_0d):
        if self._array.ndim == 0:
            warn_once(on_0d)
            return self.conj()
        if self._array.ndim < 2:
            raise RuntimeError(f"{name} is only supported on matrices or batches of matrices. Got "
                               f"{self._array.ndim}-D tensor.")
        return shape_ops.transpose(self, -2, -1).conj()

    @numpy_names
    def unsqueeze(self, dim):
        return shape_ops.unsqueeze(self, dim)

    @numpy_names
    def squeeze(self, dim=None):
        return shape_ops.squeeze(self, dim)

    def expand(self, *sizes, size=None, implicit=False):
        if size is not None:
            sizes = _creation._size_argument("expand", sizes, size)
        return shape_ops.expand(self, *sizes)

    def expand_as(self, other):
        return shape_ops.expand(self, other.shape)

    def broadcast_to(self, *sizes, size=None):
        if size is not None:
            sizes = _creation._size_argument("broadcast_to", sizes, size)
        return shape_ops.expand(self, *sizes)

    def sum_to_size(self, *sizes, size=None):
        if size is not None:
            sizes = _creation._size_argument("sum_to_size", sizes, size)
        return shape_ops.sum_to_size(self, *sizes)

    def clone(self, *, memory_format=None):
        return shape_ops.clone(self, memory_format=memory_format)

    def contiguous(self, memory_format=None):
        return shape_ops.contiguous(self, memory_format)

    def movedim(self, source, destination):
        return shape_ops.movedim(self, source, destination)

    moveaxis = movedim

    def unflatten(self, dim, sizes):
        return shape_ops.unflatten(self, dim, sizes)

    @numpy_names
    def narrow(self, dim, start, length):
        return shape_ops.narrow(self, dim, start, length)

    def unfold(self, dimension, size, step):
        return sliding.unfold(self, dimension, size, step)

    def split(self, split_size, dim=0):
        return shape_ops.split(self, split_size, dim)

    @numpy_names
    def chunk(self, chunks, dim=0):
        return shape_ops.chunk(self, chunks, dim)

    @numpy_names
    def unbind(self, dim=0):
        return shape_ops.unbind(self, dim)

    # ----- rearranging copies (ops/rearrange.py) --------------------------------------------------------------------
    def flip(self, *dims_, dims=None):
        dims = dims_ if dims is None else _creation._size_argument("flip", dims_, dims)
        return rearrange.flip(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims)

    def roll(self, shifts, dims=None):
        return rearrange.roll(self, shifts, dims)

    @numpy_names
    def repeat_interleave(self, repeats=None, dim=None, *, output_size=None):
        return rearrange.repeat_interleave(self, repeats, dim, output_size=output_size)

    def repeat(self, *sizes, repeats=None):
        if repeats is not None:
            sizes = _creation._size_argument("repeat", sizes, repeats)
        return rearrange.repeat(self, *sizes)

    def tile(self, *dims_, dims=None):
        dims = dims_ if dims is None else _creation._size_argument("tile", dims_, dims)
        return rearrange.tile(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims)

    def tril(self, diagonal=0):
        return rearrange.tril(self, diagonal)

    def triu(self, diagonal=0):
        return rearrange.triu(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return rearrange.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        return rearrange.diag_embed(self, offset, dim1, dim2)

    # ----- indexing (ops/indexing.py) -------------------------------------------------------------------------------
    def __getitem__(self, index):
        return indexing.getitem(self, index)

    # ----- gather and scatter (ops/gather_scatter.py) ---------------------------------------------------------------
    @numpy_names
    def gather(self, dim, index, *, sparse_grad=False):
        return gather_scatter.gather(self, dim, index, sparse_grad=sparse_grad)

    @numpy_names
    def take_along_dim(self, indices, dim=None):
        return gather_scatter.take_along_dim(self, indices, dim)

    @numpy_names
    def index_select(self, dim, index):
        return gather_scatter.index_select(self, dim, index)

    def masked_fill(self, mask, value):
        return gather_scatter.masked_fill(self, mask, value)

    def masked_select(self, mask):
        return gather_scatter.masked_select(self, mask)

    @numpy_names
    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        return gather_scatter.scatter(self, dim, index, src, value=value, reduce=reduce)

    @numpy_names
    def scatter_add(self, dim, index, src):
        return gather_scatter.scatter_add(self, dim, index, src)

    @numpy_names
    def index_add(self, dim, index, source, *, alpha=1):
        return gather_scatter.index_add(self, dim, index, source, alpha=alpha)

    # ----- linear algebra (ops/linalg.py) ---------------------------------------------------------------------------
    def cholesky_solve(self, input2, upper=False):
        return triangular.cholesky_solve(self, input2, upper)

    def cholesky_inverse(self, upper=False):
        return triangular.cholesky_inverse(self, upper)

    def matmul(self, other):
        return linalg.matmul(self, other)

    def mm(self, mat2):
        return linalg.mm(self, mat2)

    def mv(self, vec):
        return linalg.mv(self, vec)

    def dot(self, tensor):
        return linalg.dot(self, tensor)

    def bmm(self, mat2):
        return linalg.bmm(self, mat2)

    def outer(self, vec2):
        return linalg.outer(self, vec2)

    # ----- softmax (ops/nn_ops.py) ----------------------------------------------------------------------------------
    @numpy_names
    def softmax(self, dim, dtype=None):
        return nn_ops.softmax(self, dim, dtype=dtype)

    @numpy_names
    def log_softmax(self, dim, dtype=None):
        return nn_ops.log_softmax(self, dim, dtype=dtype)

    # ----- comparison and logic (ops/comparison.py) -----------------------------------------------------------------
    def eq(self, other):
        _check_comparison_operand("eq", other)
        return comparison.eq(self, other)

    def ne(self, other):
        _check_comparison_operand("ne", other)
        return comparison.ne(self, other)

    def lt(self, other):
        _check_comparison_operand("lt", other)
        return comparison.lt(self, other)

    def le(self, other):
        _check_comparison_operand("le", other)
        return comparison.le(self, other)

    def gt(self, other):
        _check_comparison_operand("gt", other)
        return comparison.gt(self, other)

    def ge(self, other):
        _check_comparison_operand("ge", other)
        return comparison.ge(self, other)

    @numpy_names
    def all(self, dim=None, keepdim=False):
        return comparison.all(self, dim, keepdim)

    @numpy_names
    def any(self, dim=None, keepdim=False):
        return comparison.any(self, dim, keepdim)

    def isfinite(self):
        return comparison.isfinite(self)

    def equal(self, other):
        return comparison.equal(self, other)

    # ----- conversion -----------------------------------------------------------------------------------------------
    def type_as(self, other):
        """This tensor in ``other``'s dtype on ``other``'s device, as PyTorch's ``self.to(other.options())``
        (``self`` itself when it already is both): ``torch.ones(1, 1).type_as(src)`` lands where ``src`` is."""
        return self.to(device=other.device, dtype=other.dtype)

    # ----- memory layout (the backend array's strides and address) ---------------------------------------------------
    @numpy_names
    def stride(self, dim=None):
        """The step in elements between neighbours along each dim (a tuple), or along ``dim`` (an int), as
        ``torch.Tensor.stride``: views share their base's memory and report its steps (``t()`` swaps them,
        ``expand`` gives 0). IndexError with PyTorch's wording for a dim out of range.

        >>> import gradlib
        >>> x = gradlib.zeros(3, 4)
        >>> x.stride(), x.t().stride(), x.stride(-1)
        ((4, 1), (1, 4), 1)
        """
        strides = self._device._backend.element_strides(self._array)
        if dim is None:
            return strides
        _dims.check_dim_argument("stride", dim)
        if self.ndim == 0:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return strides[_dims.normalize_dim(dim, self.ndim)]

    def storage_offset(self):
        """How many elements into the memory it views this tensor starts, as ``torch.Tensor.storage_offset``.

        >>> import gradlib
        >>> gradlib.arange(6).view(2, 3)[:, 1:].storage_offset()
        1
        """
        return self._device._backend.storage_offset(self._array)

    def data_ptr(self):
        """The address of the first element (0 for an empty tensor), as ``torch.Tensor.data_ptr``: views of the
        same memory give related addresses; the number means nothing across devices.

        >>> import gradlib
        >>> x = gradlib.zeros(4)
        >>> x[1:].data_ptr() - x.data_ptr() == x.element_size()
        True
        """
        return self._device._backend.data_ptr(self._array)


_Relu = elementwise.ReluBackward0
