"""In-place operations and view history: versions, views and CopySlices, in one place.

**Versions.** A tensor's storage carries a version counter, ``_vc``: a one-item list (None until the first
write) shared by the tensor and every view of it; ``Tensor._version`` reads it and ``_bump_version`` increments
it after every write into the storage. A node that saves a tensor for backward records the counter's value at
save time (``autograd.saved_hooks.SavedValue``); if an in-place op moved it before backward unpacks the value,
backward refuses it with PyTorch's "one of the variables needed for gradient computation has been modified by an
inplace operation".

**Views.** A view (``_base`` set: ``view``, ``transpose``, basic indexing, ...) shares its base's storage and
counter. ``_view_version`` is the counter's value when the view's history (``grad_fn``) was last right. When the
storage is written afterwards, through the base or through another view, that history is stale:
``gradlib._tensor.refresh_view`` (called wherever a view enters an op, the engine or a Function) sees the
counter moved and ``regenerate_view_history`` (below) gives the view ``AsStridedBackward0`` of its base, as
PyTorch regenerates a view's grad_fn.

**Writing.** An in-place method computes its result out of place and commits it: ``_inplace`` computes from
``_original_for_graph`` (when the op is recorded: a stand-in with this tensor's history and a copy of its values,
so a node that saves it keeps the values from before the write, as PyTorch saves a clone), and
``_commit_inplace`` checks shape and dtype, writes the values into the storage, bumps the version and makes the
result's ``grad_fn`` the tensor's own. Before any of it ``_check_inplace`` applies PyTorch's rules: a leaf that
requires grad, or a view of one, is written only under ``no_grad``; an inference tensor only in inference mode.

**CopySlices.** When the written tensor is a view and the result has a graph, the base's history must change
too: ``rebase_view_history`` writes the view's new values into the base through ``ViewCopySlices`` (in
``ops/indexing.py``: the base with the view's positions replaced by the result, PyTorch's CopySlices), so the
base's ``grad_fn`` routes gradient to the old base everywhere but at the view and to the result there, and gives
the view ``AsStridedBackward0`` of the new base.

**The fast path.** ``_arith_inplace`` (``add_``, ``sub_``, ``mul_``, ``div_``, what optimizers' ``p -= lr *
grad`` runs) writes with one in-place ufunc on the storage when nothing is recorded and the dtypes agree, and
takes the general path otherwise. The fast paths (and item assignment without a graph, and a write that casts
back into self) run in NumPy's quiet error state (``backends/quiet.py``, one enter/leave pair around the ufunc),
as ``Op.apply`` does: inf and NaN without NumPy's RuntimeWarning, as PyTorch.

``InPlaceMethods`` is a base class of ``Tensor`` (``gradlib/_tensor.py``); this module sits beside it at the
Tensor/ops seam and looks ``_tensor``'s names up at call time.
"""
import numbers

from .. import _creation, _layout, _tensor, _tensor_operators, _tensor_str, dtypes
from .._numpy_names import numpy_names
from .._scalar_first import NOT_GIVEN, scalar_first
from ..backends import device_guard, quiet as _quiet
from ..device import CPU
from ..ops import (_broadcast, _op, arithmetic, bitwise, complex_ops, conversion, elementwise, gather_scatter,
                   grad_copy, index_fill as _index_fill, indexing, inplace_views, scatter_reduce, selection, special,
                   shape as shape_ops)
from . import capture as _capture
from . import graph as _graph
from . import grad_mode, inference, saved_hooks
from .grad_mode import state as _grad_state

__all__ = ["InPlaceMethods", "rebase_view_history", "regenerate_view_history", "check_no_overlap"]


NO_GRAD_VIEW_MESSAGE = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use "
    "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if "
    "you want the inplace to be tracked).")


def _is_number(value):
    """A number PyTorch's parser takes as a Scalar: Python's and NumPy's scalars (``np.bool_`` is no
    ``numbers.Number``)."""
    return isinstance(value, numbers.Number) or value.__class__ in dtypes.NUMPY_SCALAR_TYPES


class InPlaceMethods:
    """The in-place methods of ``Tensor`` (the class inherits them)."""

    __slots__ = ()

    def _check_inplace(self):
        """PyTorch's rules: a leaf that requires grad (or a view of one) changes in place only under no_grad;
        an inference tensor only inside inference mode."""
        if self._base is not None:
            _tensor.refresh_view(self)
        if _grad_state.enabled:
            base = self._base
            if base is not None and self._view_version is None and base._requires_grad:
                raise RuntimeError(NO_GRAD_VIEW_MESSAGE)  # a view made under no_grad (it has no history version)
            if self._requires_grad and self._grad_fn is None:  # a leaf, or a view made a leaf by requires_grad_
                raise RuntimeError(("a view of a " if self._base is not None else "a ") +
                                   "leaf Variable that requires grad is being used in an in-place operation.")
            if self._output_nr in getattr(self._grad_fn, "_alias_outputs", ()):
                raise RuntimeError(
                    f"Output {self._output_nr} of {self._grad_fn._forward_cls.__name__} is a view and is being "
                    "modified inplace. This view was created inside a custom Function (or because an input was "
                    "returned as-is) and the autograd logic to handle view+inplace would override the custom "
                    "backward associated with the custom Function, leading to incorrect gradients. This behavior "
                    "is forbidden. You can fix this by cloning the output of the custom Function.")
            base = self._base
            if base is not None and base._requires_grad and base._grad_fn is None:
                raise RuntimeError(
                    "a view of a leaf Variable that requires grad is being used in an in-place operation.")
        if self._is_inference and not _grad_state.inference:
            raise RuntimeError(inference.INPLACE_MESSAGE)

    def _commit_inplace(self, result, allow_cast=False):
        """Write ``result`` (computed out of place from self) into self's storage and take over its history."""
        if result._device is not self._device:  # a 0-d CPU self beside a GPU operand: it is written, no scalar
            raise _op.mixed_device_error(result._device, self._device)
        if result._array.shape != self._array.shape:
            raise RuntimeError(
                f"output with shape {list(self._array.shape)} doesn't match the broadcast shape "
                f"{list(result._array.shape)}")
        if result._array.dtype != self._array.dtype and not allow_cast:
            mine, theirs = self.dtype, result.dtype
            if theirs.category > mine.category:  # PyTorch's canCast: never to a lower category
                raise RuntimeError(f"result type {theirs.scalar_type} can't be cast to the desired "
                                   f"output type {mine.scalar_type}")
        if result._grad_fn is not None and self._base is not None:
            if getattr(self._grad_fn, "multiple_views", False):
                raise RuntimeError(multiple_views_message(self))
            if result._array.dtype != self._array.dtype:
                result = result.to(self.dtype)
            with _tensor._guard(self._device):
                return rebase_view_history(self, result)
        quiet = _quiet_enter() if result._array.dtype != self._array.dtype else None  # a cast: 1e300 to float32 is inf
        try:
            with _tensor._guard(self._device):  # the write is a kernel on the tensor's GPU
                if _capture.recorder is None:
                    self._array[...] = result._array
                else:
                    _capture.recorder.call(_capture.assign, self._array, result._array)
        finally:
            if quiet is not None:
                _quiet_leave(quiet)
        self._bump_version()
        if result._grad_fn is not None:
            self._grad_fn = result._grad_fn
            self._output_nr = result._output_nr
            self._requires_grad = True
            if result._vc is not None:
                saved_hooks.save_written_tensor(result, self)
        return self

    def _check_castable(self, other):
        """Before an in-place op computes: PyTorch refuses a result dtype that cannot be cast back to self's."""
        other = dtypes.plain_scalar(other)
        if _tensor._is_tensor(other):
            result = dtypes.result_type(self.dtype, self._array.ndim == 0, other.dtype, other._array.ndim == 0)
            wrapped = other._array.ndim == 0 and self._array.ndim != 0
        elif isinstance(other, (bool, int, float, complex)):
            result = dtypes.result_type_scalar(self.dtype, other)
            wrapped = True
        else:
            return
        if result.category > self.dtype.category:
            name = _result_name(result, self.dtype) if wrapped else result.scalar_type
            raise RuntimeError(f"result type {name} can't be cast to the desired output type {self.dtype.scalar_type}")

    def _inplace(self, function, *args):
        self._check_inplace()
        check_no_overlap(self._array)
        return self._commit_inplace(function(self._original_for_graph(args), *args))

    def _original_for_graph(self, args):
        """What an in-place op computes from. When the op is recorded, a stand-in with this tensor's history
        and a copy of its values, so a node that saves it keeps the values from before the change (PyTorch
        saves a clone of the original for in-place ops too)."""
        if not _grad_state.enabled:
            return self
        if not (self._requires_grad or any(_tensor._is_tensor(a) and a._requires_grad for a in args)):
            return self
        with _tensor._guard(self._device):
            if _capture.recorder is not None and _capture.capturing():  # each replay copies that replay's values
                original = _tensor.wrap(_capture.recorder.call(_copy_array, self._array), self._device)
            else:
                original = _tensor.wrap(self._array.copy(), self._device)
        original._grad_fn = self._grad_fn
        original._output_nr = self._output_nr
        original._requires_grad = self._requires_grad
        return original

    def _arith_inplace(self, ufunc_name, function, other, scale=1):
        """``self = function(self, other)`` in place. Fast path: nothing to record and compatible dtypes, so
        one in-place ufunc on the storage (what optimizers' ``p -= lr * grad`` needs); else the general path."""
        check_no_overlap(self._array)
        if other.__class__ is _tensor.Tensor or _tensor._is_tensor(other):
            check_no_partial_overlap(self, other)
        if self._base is not None:
            _tensor.refresh_view(self)
            if _grad_state.enabled and self._view_version is None and self._base._requires_grad:
                raise RuntimeError(NO_GRAD_VIEW_MESSAGE)  # a view made under no_grad of a tensor requiring grad
        if not _grad_state.enabled or not (self._requires_grad or (_tensor._is_tensor(other) and other._requires_grad)):
            if self._is_inference and not _grad_state.inference:
                self._check_inplace()
            array = self._array
            if _tensor._is_tensor(other):
                if other._device is not self._device:
                    _check_inplace_operand_device(self, other)
                value = other._array
                compatible = value.dtype == array.dtype and value.ndim <= array.ndim and not (
                    ufunc_name == "true_divide" and array.dtype.kind in "iub")
                if compatible and other._device is not self._device:
                    value = value[()]  # a NumPy scalar: CuPy refuses a NumPy array in its kernels
            else:
                value = dtypes.plain_scalar(other)
                if value.__class__ is int:
                    dtypes.check_scalar_int(value)  # beyond any Scalar: PyTorch's OverflowError
                if isinstance(value, complex) and array.dtype.kind != "c":  # PyTorch refuses the cast back
                    result = dtypes.result_type_scalar(self.dtype, value)
                    raise RuntimeError(f"result type {_result_name(result, self.dtype)} can't be cast to the desired "
                                       f"output type {self.dtype.scalar_type}")
                compatible = dtypes.floating_np(array.dtype) or (array.dtype.kind in "iu" and value.__class__ is int
                                                         and ufunc_name != "true_divide")
                if compatible and value.__class__ is int and array.dtype.kind in "iu":
                    value = dtypes.wrap_integer(value, self.dtype)  # PyTorch's kernels _tensor.wrap; NumPy would raise
            if compatible and dtypes.is_low_extension(array.dtype):
                compatible = False  # bfloat16: the op's general path rounds scalars and results as PyTorch
            if compatible:
                if scale.__class__ is float and not -_HALF_MAX <= scale <= _HALF_MAX:
                    dtypes.check_fits(scale, self.dtype)  # alpha=1e300 for float32: PyTorch's overflow error
                backend = self._device._backend
                ufunc = getattr(backend.xp, ufunc_name)
                guard = None
                if backend.needs_guard:
                    guard = backend.guard(self._device)
                    guard.__enter__()  # the kernels run on the tensor's GPU, whichever GPU is current
                quiet = _quiet_enter()  # inf/NaN without NumPy's overflow/invalid-value warnings, as PyTorch
                try:
                    if _capture.recorder is None:
                        if scale != 1:  # (integers: alpha and the product wrap, as in PyTorch's kernel)
                            value = value * scale if array.dtype.kind == "f" else arithmetic.times_alpha(
                                array, value, scale)
                        ufunc(array, value, out=array)
                    else:
                        _capture.inplace_ufunc_recorded(ufunc, array, value, scale)
                except ValueError:
                    pass  # not broadcastable into self: the general path says so in PyTorch's words
                else:
                    self._bump_version()
                    return self
                finally:
                    _quiet_leave(quiet)
                    if guard is not None:
                        guard.__exit__(None, None, None)
        if ufunc_name != "true_divide":  # (a true division's result is a float: the commit checks it)
            self._check_castable(other)  # before the op's own dtype checks, as PyTorch's TensorIterator
        return self._inplace(function, other)

    def add_(self, other, other_=NOT_GIVEN, *, alpha=1):
        """In-place ``self += alpha * other`` (``add_(alpha, other)``: PyTorch's deprecated order, warned once)."""
        if other_ is not NOT_GIVEN:
            scalar_first("add_", other)
            other, alpha = other_, other
        if alpha.__class__ is int and alpha != 1:
            dtypes.check_scalar_int(alpha)
        return self._arith_inplace("add", lambda s, o: arithmetic.add(s, o, alpha=alpha), other, alpha)

    def sub_(self, other, other_=NOT_GIVEN, *, alpha=1):
        """In-place ``self -= alpha * other`` (``sub_(alpha, other)``: PyTorch's deprecated order, warned once)."""
        if other_ is not NOT_GIVEN:
            scalar_first("sub_", other)
            other, alpha = other_, other
        arithmetic.check_subtraction(self, other)
        if alpha.__class__ is int and alpha != 1:
            dtypes.check_scalar_int(alpha)
        return self._arith_inplace("subtract", lambda s, o: arithmetic.sub(s, o, alpha=alpha), other, alpha)

    def mul_(self, other):
        """In-place ``self *= other``."""
        return self._arith_inplace("multiply", arithmetic.mul, other)

    def div_(self, other, *, rounding_mode=arithmetic._TRUE_DIVISION):
        """In-place ``self /= other`` (or rounded with ``rounding_mode``, as ``div``)."""
        if rounding_mode is not arithmetic._TRUE_DIVISION:
            self._check_castable(other)
            return self._inplace(lambda s, o: arithmetic.div(s, o, rounding_mode=rounding_mode), other)
        return self._arith_inplace("true_divide", arithmetic.div, other)

    def floor_divide_(self, other):
        """In-place ``self //= other``."""
        self._check_castable(other)
        return self._inplace(arithmetic.floor_divide, other)

    def remainder_(self, other):
        """In-place ``self %= other``."""
        self._check_castable(other)
        return self._inplace(arithmetic.remainder, other)

    def fmod_(self, other):
        """In-place ``fmod``."""
        self._check_castable(other)
        return self._inplace(arithmetic.fmod, other)

    def pow_(self, exponent):
        """In-place ``self **= exponent``."""
        return self._inplace(arithmetic.pow, exponent)

    def neg_(self):
        """In-place negation."""
        return self._inplace(arithmetic.neg)

    def relu_(self):
        """In-place relu."""
        return self._inplace(elementwise.relu)

    def exp_(self):
        """In-place exp."""
        return self._inplace(elementwise.exp)

    def sigmoid_(self):
        """In-place sigmoid."""
        return self._inplace(elementwise.sigmoid)

    def tanh_(self):
        """In-place tanh."""
        return self._inplace(elementwise.tanh)

    def __iadd__(self, other):
        if _plain_update(self, other, _CPU_ADD):
            return self
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.add_(other)

    def __isub__(self, other):
        if _plain_update(self, other, _CPU_SUBTRACT):  # an optimizer's p -= lr * g
            return self
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.sub_(other)

    def __imul__(self, other):
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.mul_(other)

    def __itruediv__(self, other):
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.div_(other)

    def __ipow__(self, other):
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.pow_(other)

    def zero_(self):
        """Fill with zeros in place (and bump the version counter).

        >>> import gradlib
        >>> gradlib.ones(2).zero_()
        tensor([0., 0.])
        """
        if self._requires_grad and _grad_state.enabled:  # recorded as PyTorch's ZeroBackward0
            self._check_inplace()
            return self._commit_inplace(elementwise.ZeroBackward0.apply(self))
        return self.fill_(0)

    def fill_(self, value):
        """Fill with ``value`` (a number or a 0-d tensor on any device) in place."""
        if not _tensor._is_tensor(value) and not _is_number(value):
            name = _tensor._qualified_type_name(value)
            raise TypeError(f"fill_() received an invalid combination of arguments - got ({name}), but expected one "
                            "of:\n * (Tensor value)\n      didn't match because some of the arguments have invalid "
                            f"types: (!{name}!)\n * (Number value)\n      didn't match because some of the arguments "
                            f"have invalid types: (!{name}!)\n")
        self._check_inplace()
        if _tensor._is_tensor(value):
            if value._array.ndim:
                raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                                   f"{value._array.ndim} dimensions.")
            if self._base is None and _grad_state.enabled and (self._requires_grad or value._requires_grad) and (
                    self.dtype.is_floating_point or self.dtype.is_complex):
                return self._fill_with_graph(value)
            return self.copy_(value.expand(self.shape))  # from any device: PyTorch reads it with item()
        if not isinstance(value, (bool, int, float, complex)) and value.__class__ not in dtypes.NUMPY_SCALAR_TYPES:
            got = _creation._type_name(value)
            raise TypeError(f"fill_() received an invalid combination of arguments - got ({got}), but expected one "
                            f"of:\n * (Tensor value)\n      didn't match because some of the arguments have invalid "
                            f"types: (!{got}!)\n * (Number value)\n      didn't match because some of the arguments "
                            f"have invalid types: (!{got}!)\n")
        value = _checked_number(self, value)
        if self._requires_grad and _grad_state.enabled:  # recorded as PyTorch's FillBackward2
            return self._commit_inplace(elementwise.FillBackward2.apply(self, value))
        with _tensor._guard(self._device):
            if _capture.recorder is None:
                self._array[...] = value
            else:
                _capture.recorder.call(_capture.assign, self._array, value)
        self._bump_version()
        return self

    def _fill_with_graph(self, value):
        """``fill_`` of a tensor that is not a view with a 0-d tensor, recorded as PyTorch's FillBackward3."""
        if value._device is not self._device:
            value = conversion.to_device(value, self._device)
        if value.dtype.is_complex and not self.dtype.is_complex:
            conversion.warn_complex_to_real()
            value = value.real
        return self._commit_inplace(grad_copy.fill_for_inplace(self, value), allow_cast=True)

    def copy_(self, other, non_blocking=False):
        """Copy ``other`` (broadcast, cast, moved from its device) into this tensor in place. ``other`` is
        PyTorch's keyword name (its documentation says ``src``); ``non_blocking`` is accepted (copies are
        synchronous)."""
        src = other
        if not _tensor._is_tensor(src) and not _is_number(src):
            raise TypeError("copy_(): argument 'other' (position 1) must be Tensor, not "
                            f"{_tensor._qualified_type_name(src)}")
        self._check_inplace()
        check_no_overlap(self._array)
        if not _tensor._is_tensor(src):
            src = _creation.tensor(src, device=self._device)
        else:
            check_no_partial_overlap(self, src)
        if src._array.shape != self._array.shape:
            shape = _broadcast.broadcast_shapes(self._array.shape, src._array.shape)  # PyTorch's size error
            if shape != self._array.shape:
                raise RuntimeError(f"output with shape {list(self._array.shape)} doesn't match the broadcast shape "
                                   f"{list(shape)}")
        if src._device is not self._device:
            src = conversion.to_device(src, self._device)
        if src.dtype.is_complex and not (self.dtype.is_complex or self.dtype is dtypes.bool):
            conversion.warn_complex_to_real()
            src = src.real
        if src._requires_grad and not (self.dtype.is_floating_point or self.dtype.is_complex):
            src = src.detach()  # an integer or bool destination is out of the graph
        if self._base is None and _grad_state.enabled and (self._requires_grad or src._requires_grad):
            return self._commit_inplace(grad_copy.copy_for_inplace(self, src), allow_cast=True)  # CopyBackwards
        src = src.expand(self.shape)
        return self._commit_inplace(indexing.setitem_result(self, Ellipsis, src), allow_cast=True)

    def __setitem__(self, index, value):
        if index.__class__ is list:
            index = indexing._as_torch_index(index)  # PyTorch's reading (and warning) before any check
        if _tensor._is_tensor(value) and value._array.ndim and value._array.shape[0] == 1:
            value = _without_leading_ones(value)
        try:
            self._setitem(index, value)
        except ValueError:
            _explain_setitem_shapes(self, index, value)  # NumPy's broadcast error, in PyTorch's words
            raise

    def _setitem(self, index, value):
        if not _tensor._is_tensor(value):
            if value.__class__ is not float or not dtypes.floating_np(self._array.dtype):
                value = _assignable(self, value)
            elif not -_HALF_MAX <= value <= _HALF_MAX and self._array.dtype is _SINGLE:
                dtypes.check_fits(value, dtypes.float32)  # 1e300: PyTorch's overflow error (float16 takes inf)
        if index.__class__ is not tuple and _tensor._is_tensor(index) and index.dtype is dtypes.uint8 and \
                index._array.ndim and not getattr(value, "ndim", 0):
            _refuse_uint8_fill(self, index)  # PyTorch fills a one-mask index with one value through masked_fill_
        if _grad_state.enabled and self._requires_grad and self._grad_fn is None and self._base is None and \
                _setitem_slices_a_view(self, index):
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        self._check_inplace()
        if value is None or isinstance(value, (str, bytes)):  # PyTorch's error (NumPy's would be a ValueError)
            raise TypeError(f"can't assign a {type(value).__name__} to a "
                            f"{_tensor_str.legacy_type_name(self._array.dtype, self._array, self._device)}")
        if index is False:
            return  # PyTorch writes nothing and records nothing
        if value.__class__ is not float and _tensor._is_tensor(value) and value.dtype is not self.dtype:
            _check_index_put_dtype(self, index, value)
        if _elsewhere(self, index, value):
            index, value = indexing.setitem_operands(self, index, value)  # other devices: PyTorch's copies
        _check_basic_write(self, index)
        needs_graph = _grad_state.enabled and (self._requires_grad
                                               or (_tensor._is_tensor(value) and value._requires_grad))
        if not needs_graph:
            index = indexing._convert_index(self, index)
            if _tensor._is_tensor(value):
                # a 0-d CPU value enters a device array as a NumPy scalar (CuPy refuses NumPy arrays)
                value = value._array if value._device is self._device else value._array[()]
            backend = self._device._backend
            quiet = _quiet_enter()  # a cast to self's dtype (float64 -> float16) overflows to inf quietly, as PyTorch
            try:
                if _capture.recorder is not None:
                    with backend.guard(self._device):
                        _capture.recorder.call(indexing.write_at, backend, self._array, index, value)
                elif backend.needs_guard:
                    with backend.guard(self._device):
                        indexing.write_at(backend, self._array, index, value)
                else:
                    indexing.write_at(backend, self._array, index, value)
            finally:
                _quiet_leave(quiet)
            self._bump_version()
            return
        self._commit_inplace(indexing.setitem_result(self, index, value), allow_cast=True)

    def clamp_(self, min=None, max=None):
        """In-place clamp."""
        for bound in (min, max):  # clamp_ names the output type as C does (complex tensors: clamp refuses)
            bound = dtypes.plain_scalar(bound)
            if isinstance(bound, complex) and self.dtype.is_floating_point:  # read as a double
                raise RuntimeError("value cannot be converted to type double without overflow")
            if isinstance(bound, (bool, int, float, complex)) and not self.dtype.is_complex:
                result = dtypes.result_type_scalar(self.dtype, bound)
                if result.category > self.dtype.category:
                    raise RuntimeError(f"result type {_result_name(result, self.dtype)} can't be cast to the "
                                       f"desired output type {_C_TYPE_NAMES[self.dtype.name]}")
            elif _tensor._is_tensor(bound):
                self._check_castable(bound)
        return self._inplace(lambda s: selection.clamp(s, min, max))

    clip_ = clamp_

    def __ifloordiv__(self, other):
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.floor_divide_(other)

    def __imod__(self, other):
        if other.__class__ not in _tensor_operators.OPERANDS and not _tensor_operators.is_operand(other):
            return NotImplemented
        return self.remainder_(other)

    def masked_fill_(self, mask, value):
        """In-place masked_fill."""
        self._check_inplace()  # PyTorch's masked_fill_ writes an expanded tensor too (no overlap check)
        return self._commit_inplace(gather_scatter.masked_fill(self._original_for_graph((mask, value)), mask, value))

    def fill_diagonal_(self, fill_value, wrap=False):
        """Write ``fill_value`` on the main diagonal in place (``torch.Tensor.fill_diagonal_``): a 2-D tensor, or
        one whose dims are all equal; with ``wrap`` a tall matrix's diagonal starts again every ``cols + 1`` rows.
        RuntimeError (PyTorch's wording) for fewer than 2 dims or unequal dims beyond 2. The mask is made on the
        tensor's device.

        >>> import gradlib
        >>> gradlib.zeros(2, 3).fill_diagonal_(5)
        tensor([[5., 0., 0.],
                [0., 5., 0.]])
        """
        if self.ndim < 2:
            raise RuntimeError("dimensions must larger than 1")
        if self.ndim > 2 and len(set(self.shape)) != 1:
            raise RuntimeError("all dimensions of input must be of equal length")
        step = 0
        stride = 1
        for size in reversed(self.shape):  # the diagonal's step in a contiguous layout: the sum of the strides
            step += stride
            stride *= size
        positions = _creation.arange(self.numel(), device=self.device)
        mask = (positions % step) == 0
        if not (wrap and self.ndim == 2):
            mask = mask & (positions // step < min(self.shape))
        return self.masked_fill_(mask.reshape(self.shape), fill_value)

    def bitwise_left_shift_(self, other):
        return self._inplace(lambda s: bitwise.bitwise_left_shift(s, other))

    __ilshift__ = bitwise_left_shift_

    def bitwise_right_shift_(self, other):
        return self._inplace(lambda s: bitwise.bitwise_right_shift(s, other))

    __irshift__ = bitwise_right_shift_

    def bitwise_not_(self):
        return self._inplace(bitwise.bitwise_not)

    def xlogy_(self, other):
        return self._inplace(lambda s: special.xlogy(s, other))

    def index_put_(self, indices, values, accumulate=False):
        return self._inplace(lambda s: scatter_reduce.index_put(s, indices, values, accumulate))

    @numpy_names
    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        """In-place ``scatter`` (``Tensor.scatter_``): ``src`` a tensor or, positionally, a number."""
        return self._inplace(lambda s: gather_scatter.scatter(s, dim, index, src, value=value, reduce=reduce))

    @numpy_names
    def scatter_add_(self, dim, index, src):
        return self._inplace(lambda s: gather_scatter.scatter_add(s, dim, index, src))

    @numpy_names
    def index_add_(self, dim, index, source, *, alpha=1):
        return self._inplace(lambda s: gather_scatter.index_add(s, dim, index, source, alpha=alpha))

    @numpy_names
    def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
        return self._inplace(lambda s: scatter_reduce.scatter_reduce(s, dim, index, src, reduce,
                                                                     include_self=include_self))

    @numpy_names
    def index_fill_(self, dim, index, value):
        return self._inplace(lambda s: _index_fill.index_fill(s, dim, index, value))

    # ----- in-place views: the same storage seen with another shape ---------------------------------------------
    def _view_inplace(self, function, *args):
        """``unsqueeze_``, ``squeeze_``, ``t_``, ``transpose_``: self becomes the view ``function(self, *args)``
        (same storage, new shape and strides) and takes its history, the view's node under PyTorch's in-place name
        (``UnsqueezeBackward1``, ...: ``ops/inplace_views.py``). As PyTorch, the version counter moves (a saved self is stale) and a leaf that
        requires grad is refused outside no_grad."""
        self._check_inplace()
        result = function(self, *args)
        self._array = result._array
        self._bump_version()
        if self._view_version is not None:
            self._view_version = self._vc[0]
        if result._grad_fn is not None:
            self._grad_fn = inplace_views.inplace_view(result._grad_fn)
            self._output_nr = result._output_nr
        return self

    @numpy_names
    def unsqueeze_(self, dim):
        return self._view_inplace(shape_ops.unsqueeze, dim)

    @numpy_names
    def squeeze_(self, dim=None):
        return self._view_inplace(shape_ops.squeeze, dim)

    def t_(self):
        return self._view_inplace(shape_ops.t)

    def transpose_(self, dim0, dim1):
        return self._view_inplace(shape_ops.transpose, dim0, dim1)

    def swapaxes_(self, axis0, axis1):
        return self._view_inplace(shape_ops.transpose, axis0, axis1)

    def swapdims_(self, dim0, dim1):
        return self._view_inplace(shape_ops.transpose, dim0, dim1)


def rebase_view_history(view, result):
    """``view`` (of ``view._base``) was changed in place to ``result``, which has a graph: write the values
    into the base and rewrite the histories of base and view, as PyTorch's CopySlices does."""
    base = view._base
    source = _positions_source(view, base)
    positions = base._device._backend.view_positions(view._array, source._array)
    if positions is None:
        raise RuntimeError(
            "in-place change of a view whose base is not contiguous is not supported by gradlib while the graph "
            "needs it; compute out of place (y = y + x) or clone() the base first.")
    new_base = indexing.ViewCopySlices.apply(source, result, positions)
    if source is not base:
        new_base = complex_ops.view_as_complex(new_base)
    if _capture.recorder is not None and _capture.capturing():  # the replay writes that replay's values
        _capture.recorder.call(_capture.assign, base._array, new_base._array)
    else:
        base._array[...] = new_base._array
    base._bump_version()
    base._grad_fn = new_base._grad_fn
    base._output_nr = 0
    base._requires_grad = True
    history = indexing.AsStridedBackward0.apply(_positions_source(view, base), positions)
    view._grad_fn = history._grad_fn
    view._output_nr = 0
    view._requires_grad = True
    view._view_version = view._vc[0]
    return view


def _positions_source(view, base):
    """What a view's positions count in: the base, or for a real view of a complex base (``real``, ``imag``,
    ``view_as_real``: elements of half the size) the base as real pairs, ``view_as_real(base)``."""
    if view._array.dtype.itemsize != base._array.dtype.itemsize and base._array.dtype.kind == "c":
        return complex_ops.view_as_real(base)
    return base


def multiple_views_message(view):
    """PyTorch's refusal to change in place, while recording, one of several views a node returned (split,
    unbind): the other views' histories could not be rewritten."""
    return (f"Output {view._output_nr} of {_graph._forward_name(view._grad_fn.name())} is a view and is being "
            "modified inplace. This view is the output of a function that returns multiple views. Such functions "
            "do not allow the output views to be modified inplace. You should replace the inplace operation by an "
            "out-of-place one.")


def regenerate_view_history(view):
    """``view``'s storage was written in place after its history was recorded (through its base or another view
    of it): its values are now the base's at the view's positions, so its history becomes AsStridedBackward0 of
    the base, as PyTorch regenerates a view's grad_fn. A view of a base without history keeps its own."""
    base = view._base
    view._view_version = view._vc[0]
    if base._grad_fn is None:
        return  # a leaf base changes only under no_grad: the view's history is still right
    enabled = _grad_state.enabled
    _grad_state.enabled = True  # a property read under no_grad regenerates too
    try:
        source = _positions_source(view, base)
        with device_guard(base._device):  # the positions array is made on the base's GPU, whichever is current
            positions = base._device._backend.view_positions(view._array, source._array)
        if positions is None:
            return  # a non-contiguous base (see rebase_view_history): the view keeps the history it has
        history = indexing.AsStridedBackward0.apply(source, positions)
    finally:
        _grad_state.enabled = enabled
    view._grad_fn = history._grad_fn
    view._output_nr = 0
    view._requires_grad = True


def _elsewhere(tensor, index, value):
    """Whether ``tensor[index] = value`` involves a tensor on another device than ``tensor``."""
    if _tensor._is_tensor(value) and value._device is not tensor._device:
        return True
    if index.__class__ is tuple:
        for part in index:
            if part.__class__ is not int and _tensor._is_tensor(part) and part._device is not tensor._device:
                return True
        return False
    return _tensor._is_tensor(index) and index._device is not tensor._device


def _copy_array(array):
    return array.copy()


def _check_inplace_operand_device(tensor, other):
    """Only a 0-d CPU tensor may join an in-place op from another device; else PyTorch's error, which names
    the first non-CPU device first."""
    if other._device is CPU and other._array.ndim == 0:
        return
    if tensor._device is CPU:
        raise _op.mixed_device_error(other._device, tensor._device)
    raise _op.mixed_device_error(tensor._device, other._device)


def _check_index_put_dtype(tensor, index, value):
    """``tensor[index] = value`` with a value tensor of another dtype: PyTorch copies (and casts) through basic
    indexing and a single boolean mask with one value (its masked_fill_), but index_put_ (any other index
    tensor, list or array) refuses the cast with its RuntimeError (NumPy would cast, overflowing to inf)."""
    parts = index if index.__class__ is tuple else (index,)
    advanced = False
    for part in parts:
        if isinstance(part, list) and any(isinstance(item, bool) for item in part):
            return  # a mask spelled as a list: left to the write
        advanced = advanced or _advanced_part(part)  # a 0-d int tensor: an int
    if not advanced:
        return
    advanced = [part for part in parts if _advanced_part(part)]
    if len(advanced) == 1 and _tensor._is_tensor(advanced[0]) and advanced[0].dtype is dtypes.bool and \
            advanced[0]._array.ndim and value._array.size == 1:
        if value.dtype.is_complex and not tensor.dtype.is_complex and tensor.dtype is not dtypes.bool:
            indexing._convert_index(tensor, index)  # the mask's shape is checked first
            raise RuntimeError(f"value cannot be converted to type {_C_TYPE[tensor.dtype.name]} without overflow")
        return  # one mask among basic parts, one value: PyTorch's masked_fill_ converts it
    indexing._convert_index(tensor, index)  # index_put_ checks the index first (its errors), then the shapes
    _explain_setitem_shapes(tensor, index, value)
    raise RuntimeError(f"Index put requires the source and destination dtypes match, got {tensor.dtype.scalar_type} "
                       f"for the destination and {value.dtype.scalar_type} for the source.")


def _checked_number(tensor, value, assigned=False):
    """A Python number written into ``tensor`` (fill_, item assignment: ``assigned``), as PyTorch converts it
    once: refused when the dtype cannot hold it, wrapped (two's complement) otherwise; NumPy would raise
    OverflowError. A float beyond a floating dtype is refused too (1e300 into float32), except that item
    assignment converts a float for float16 and bfloat16 unchecked (PyTorch's scalar tensor: inf)."""
    value = dtypes.plain_scalar(value)
    if not assigned and value.__class__ in (int, float, complex):
        value = dtypes.fill_number(value, tensor.dtype)  # fill_: PyTorch's Scalar conversion
    if value.__class__ is int or value.__class__ is float:
        dtype = tensor.dtype
        if dtype is not dtypes.bool and not (assigned and dtype.is_floating_point and dtype is not dtypes.float32):
            dtypes.check_fits(value, dtype)
            if value.__class__ is int and not dtype.is_floating_point:
                value = dtypes.wrap_integer(value, dtype)
    return value


def _assignable(tensor, value):
    """What ``tensor[index] = value`` accepts besides a tensor: a Python or NumPy number (PyTorch refuses lists,
    arrays, None and strings with a TypeError)."""
    if value.__class__ in dtypes.NUMPY_SCALAR_TYPES and not isinstance(value, float) and value.dtype.kind not in "iu":
        plain = None  # PyTorch assigns NumPy integers and np.float64 (a float), not np.float32, np.float16, np.bool_
    else:
        plain = dtypes.plain_scalar(value)
    if plain.__class__ in (bool, int, float):
        if plain.__class__ is int and not -(1 << 63) <= plain < (1 << 63):
            raise ValueError("Overflow when unpacking long long")
        return _checked_number(tensor, plain, assigned=True)
    if isinstance(plain, complex):  # gradlib has no complex dtypes: PyTorch refuses to drop the imaginary part
        raise RuntimeError(f"value cannot be converted to type {_C_TYPE[tensor.dtype.name]} without overflow")
    kind = type(value)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    raise TypeError(f"can't assign a {name} to a {tensor.type()}")


_C_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16", "int64": "int64_t", "int32": "int",
           "int16": "int16_t", "int8": "int8_t", "uint8": "uint8_t", "bool": "bool"}


OVERLAP_MESSAGE = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                   "location. Please clone() the tensor before performing the operation.")


def _plain_update(target, value, ufunc):
    """``target += value`` (or ``-=``: ``ufunc`` is NumPy's add or subtract) done as one NumPy ufunc into
    ``target``'s storage and a version bump, when nothing else is left for ``_arith_inplace`` to decide: CPU float
    tensors of one dtype and shape, ``target`` not a view (nor expanded) nor an inference tensor, nothing to record
    (grad mode off, or no grad required), no capture for replay. Returns whether it did; anything else takes the
    general path. The questions are ordered cheapest first, each a slot read or an identity test before the
    array's shape and strides (two tuples built per read): an optimizer's ``p -= lr * g`` asks them all."""
    if value.__class__ is not _tensor.Tensor and not isinstance(value, _tensor.Tensor):
        return False
    if target._device is not CPU or value._device is not CPU or target._base is not None or target._is_inference:
        return False
    if value._base is target:  # a view of the target: _arith_inplace asks whether PyTorch refuses the overlap
        return False
    if _capture.recorder is not None or ((target._requires_grad or value._requires_grad) and _grad_state.enabled):
        return False
    array = target._array
    other = value._array
    dtype = array.dtype
    if dtype is not other.dtype or (dtype is not _SINGLE and dtype is not _DOUBLE and dtype.kind != "f"
                                    and not dtypes.floating_np(dtype)):
        return False
    if array.shape != other.shape or 0 in array.strides:
        return False
    quiet = _quiet_enter()  # inf/NaN without NumPy's overflow/invalid-value warnings, as PyTorch
    try:
        ufunc(array, other, out=array)
    finally:
        _quiet_leave(quiet)
    counter = target._vc  # _bump_version, inlined
    if counter is None:
        target._vc = [1]
    else:
        counter[0] += 1
    return True


_CPU_XP = CPU._backend.xp
_quiet_enter = _quiet.enter  # module globals: one lookup on the hot path
_quiet_leave = _quiet.leave
_CPU_ADD = _CPU_XP.add
_CPU_SUBTRACT = _CPU_XP.subtract
_SINGLE = dtypes.float32.np  # the float dtypes asked first (identity tests)
_HALF_MAX = 65504.0  # a float written into any floating dtype unchecked (float16's largest)
_DOUBLE = dtypes.float64.np




def check_no_overlap(array):
    """PyTorch refuses in-place arithmetic and copies into a tensor whose elements share memory (an expanded
    tensor: a stride of 0 over a dim longer than 1); fill_, zero_ and masked_fill_ write it. Reads only the
    array's metadata."""
    if 0 not in array.strides:
        return  # the common case, read from one tuple
    if not array.size:
        return  # nothing is written
    for size, stride in zip(array.shape, array.strides):
        if stride == 0 and size > 1:
            raise RuntimeError(OVERLAP_MESSAGE)


PARTIAL_OVERLAP_MESSAGE = ("unsupported operation: some elements of the input tensor and the written-to tensor refer "
                           "to a single memory location. Please clone() the tensor before performing the operation.")


def check_no_partial_overlap(target, other):
    """PyTorch's ``assert_no_partial_overlap`` of an in-place op's output and a Tensor operand: the operand may be
    the target's own memory in the target's own order (``p += p``) or share none of it; over part of it (``r +=
    p[1:]`` for ``r = p[:3]``), or over all of it in another order (``p += p.t().reshape(2, 3)``, a view when the
    shapes agree), PyTorch refuses, where NumPy would buffer and compute. As PyTorch, only two non-overlapping,
    dense operands are judged (a strided slice passes: "too hard"); a negative stride is a NumPy flip, a copy in
    PyTorch, and passes too. Two tensors share memory only under one base, so other operands cost one test."""
    base = target._base if target._base is not None else target
    if (other._base if other._base is not None else other) is not base or other is target:
        return
    array = target._array
    value = other._array
    if array is value or not array.size or not value.size:
        return
    for geometry in (array, value):
        if any(step < 0 for step in geometry.strides) or not _layout.is_non_overlapping_and_dense(
                geometry.shape, _layout.element_strides(geometry)):
            return
    backend = target._device._backend
    begin = backend.data_ptr(array)
    other_begin = backend.data_ptr(value)
    end = begin + array.size * array.itemsize
    other_end = other_begin + value.size * value.itemsize
    if begin == other_begin and end == other_end:
        if array.strides == value.strides:
            return  # the same memory in the same order: PyTorch's full overlap, allowed
        raise RuntimeError(PARTIAL_OVERLAP_MESSAGE)
    if begin < other_end and other_begin < end:
        raise RuntimeError(PARTIAL_OVERLAP_MESSAGE)


def _setitem_slices_a_view(tensor, index):
    """Whether PyTorch's ``x[index] = v`` writes through a view of ``x``: its basic indexing (an int or a 0-d
    integer tensor, None or a bool, a slice that is not the whole dim) runs first and makes one, so a leaf that requires grad is refused as "a view of a
    leaf"; advanced indices alone, Ellipsis and whole-dim slices write into ``x`` itself ("a leaf")."""
    items = index if index.__class__ is tuple else (index,)
    consumed = 0
    for item in items:
        if item is None or item is Ellipsis:
            continue
        if _tensor._is_tensor(item) and item.dtype is dtypes.bool:
            consumed += item.dim()
        else:
            consumed += 1
    shape = tensor.shape
    dim = 0
    for item in items:
        if item is None:
            return True
        if item is Ellipsis:
            dim += max(len(shape) - consumed, 0)
        elif item.__class__ is int or item.__class__ is bool:  # True/False: an unsqueeze, as None
            return True
        elif _tensor._is_tensor(item) and item.dim() == 0 and not item.dtype.is_floating_point and \
                item.dtype is not dtypes.bool:
            return True  # a 0-d integer tensor selects, as an int
        elif item.__class__ is slice:
            size = shape[dim] if dim < len(shape) else 0
            if item.indices(size) != (0, size, 1):
                return True
            dim += 1
        elif _tensor._is_tensor(item) and item.dtype is dtypes.bool:
            dim += item.dim()
        else:
            dim += 1
    return False


def _check_basic_write(tensor, index):
    """Item assignment through ints, slices, None and Ellipsis copies into a view: PyTorch refuses the view when
    its elements share memory (``e[:] = 7`` on an expanded tensor; ``e[0] = 7`` writes one row)."""
    array = tensor._array
    if 0 not in array.strides:
        return
    parts = index if isinstance(index, tuple) else (index,)
    if all(part is None or part is Ellipsis or (isinstance(part, (int, slice)) and not isinstance(part, bool))
           for part in parts):
        try:
            view = array[index]
        except (IndexError, TypeError):
            return  # the write itself reports it in PyTorch's words
        check_no_overlap(view)


def _without_leading_ones(value):
    """A value tensor of item assignment without its leading size-1 dims, as PyTorch's setitem slices them off
    (slicePrefix1sSize: ``x[0] = torch.ones(1)`` writes one element)."""
    shape = value.shape
    lead = 0
    while lead < len(shape) and shape[lead] == 1:
        lead += 1
    return value.reshape(shape[lead:])


def _refuse_uint8_fill(tensor, mask):
    """``x[uint8 mask] = value`` (one value): PyTorch checks the mask's shape, then masked_fill_ refuses uint8."""
    shape = list(tensor.shape)
    for dim, size in enumerate(mask.shape):
        if dim < len(shape) and size != shape[dim]:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {dim} does not match the shape of "
                             f"the indexed tensor {shape} at index {dim}")
    raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")


def _advanced_part(part):
    """Whether PyTorch's item assignment takes ``part`` as an index tensor (index_put_): tensors but 0-d integer
    ones (a select), Python bools, lists and arrays."""
    if _tensor._is_tensor(part):
        return part._array.ndim > 0 or part.dtype is dtypes.bool or part.dtype is dtypes.uint8
    return part is True or part is False or isinstance(part, (list, range)) or (
        hasattr(part, "__array_interface__") and getattr(part, "ndim", 1) > 0)


def _explain_setitem_shapes(tensor, index, value):
    """Raise PyTorch's error when ``value`` does not broadcast to the shape ``tensor[index]`` selects."""
    if not _tensor._is_tensor(value):
        return
    with grad_mode.no_grad():
        try:
            target = tensor[index].shape
        except Exception:
            return
        parts = index if isinstance(index, tuple) else (index,)
        if indexing._broadcasts(tuple(value.shape), tuple(target)):
            return
        if any(_advanced_part(part) for part in parts):  # advanced indexing: PyTorch's index_put_ says it its way
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(value.shape)} cannot be broadcast to "
                               f"indexing result of shape {list(target)}")
        value.expand(target)


def _result_name(result, dtype):
    """The result dtype's name in PyTorch's cast error: a float16 tensor with a complex number (or a 0-d complex
    tensor) gives ComplexHalf (gradlib has no complex32; its complex64 stands for it)."""
    if result.is_complex and dtype is dtypes.float16:
        return "ComplexHalf"
    return result.scalar_type


_C_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                 "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half", "float32": "float",
                 "float64": "double"}


#: operand classes of the arithmetic and comparison operators, checked by class first (the common case)
