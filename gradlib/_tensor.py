"""class Tensor: an array (NumPy or CuPy) plus the little metadata autograd needs.

Operators and methods delegate to the functions in ``gradlib.ops``; in-place
methods compute out of place, then write into the tensor's storage and bump its
version counter (see ``_commit_inplace``).
"""
import math
import numbers
import weakref

from ._numpy_names import numpy_names
from . import _creation, _dlpack, _formats, _tensor_methods, _tensor_str, autograd, dtypes
from .autograd import capture as _capture
from .autograd import grad_mode as _grad_mode, hooks, inference
from .autograd.grad_mode import state as _grad_state
from .backends import backend_for, backend_of_array
from .device import CPU, device as _device_type, resolve
from .ops import (_dims, _op, arithmetic, binary, comparison, conversion, elementwise, indexing, linalg, nn_ops,
                  reduction, selection, shape, unary)

__all__ = ["Tensor", "Size", "wrap"]

class Size(tuple):
    """A tensor's shape: a tuple that prints like PyTorch's.

    >>> import gradlib
    >>> gradlib.zeros(2, 3).shape
    gradlib.Size([2, 3])
    >>> gradlib.Size([2, 3]).numel()
    6
    """

    __slots__ = ()

    def __repr__(self):
        return f"gradlib.Size([{', '.join(str(s) for s in self)}])"

    __str__ = __repr__

    def numel(self):
        return math.prod(self)


_new = object.__new__


def wrap(array, device):
    """A Tensor around ``array`` (no copy), not requiring grad. Internal: ``array`` must be on ``device``.

    The hot path of every op: the fields are set here directly rather than through ``_init_leaf``."""
    tensor = _new(Tensor)
    tensor._array = array
    tensor._device = device
    tensor._grad_fn = None
    tensor._requires_grad = False
    tensor._output_nr = 0
    tensor._vc = None
    tensor._grad = None
    tensor._base = None
    tensor._grad_accumulator = None
    tensor._is_inference = False
    tensor._hooks = None
    tensor._view_version = None
    return tensor


def _check_assigned_grad(tensor, grad):
    """PyTorch's checks of ``tensor.grad = grad``, in its order and words: dtype, device type, device index,
    size (so a wrong gradient is refused here, not met later by an optimizer)."""
    if grad.dtype is not tensor.dtype:
        raise RuntimeError(
            f"attempting to assign a gradient with dtype '{grad.dtype.c_type}' to a tensor with "
            f"grad_dtype '{tensor.dtype.scalar_type}'. The gradient must match the tensor's "
            "grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a "
            "specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a "
            "tensor and its gradient may break downstream systems that assume they match.")
    if grad._device.type != tensor._device.type:
        raise RuntimeError(
            f"attempting to assign a gradient with device type '{grad._device.type}' to a tensor with device type "
            f"'{tensor._device.type}'. Please ensure that the gradient and the tensor are on the same device")
    if grad._device is not tensor._device:
        raise RuntimeError(
            f"attempting to assign a gradient located on device with index '{grad._device.index}' to a tensor "
            f"located on device with index '{tensor._device.index}'. Please ensure that the gradient and the "
            "tensor are on the same device")
    if grad._array.shape != tensor._array.shape:
        raise RuntimeError(
            f"attempting to assign a gradient of size '{list(grad.shape)}' to a tensor of size "
            f"'{list(tensor.shape)}'. Please ensure that the gradient and the tensor are the same size")


def refresh_view(tensor):
    """A view whose storage changed in place since its history was recorded (its base or another view of the
    base was written) takes the base's current history, as PyTorch regenerates a view's grad_fn
    (AsStridedBackward0). Cheap when nothing changed: callers test ``_base`` first."""
    version = tensor._view_version
    if version is not None and tensor._vc[0] != version:
        indexing.regenerate_view_history(tensor)


def _init_leaf(tensor, array, device):
    """Make an already allocated ``tensor`` (a Tensor subclass instance) a plain leaf around ``array``."""
    source = wrap(array, device)
    for name in Tensor.__slots__[:-1]:
        setattr(tensor, name, getattr(source, name))


def _is_tensor(value):
    return isinstance(value, Tensor)


def _guard(device):
    """The context manager making ``device`` current (a shared no-op on the CPU)."""
    return device._backend.guard(device)


def _elsewhere(tensor, index, value):
    """Whether ``tensor[index] = value`` involves a tensor on another device than ``tensor``."""
    if _is_tensor(value) and value._device is not tensor._device:
        return True
    if index.__class__ is tuple:
        for part in index:
            if part.__class__ is not int and _is_tensor(part) and part._device is not tensor._device:
                return True
        return False
    return _is_tensor(index) and index._device is not tensor._device


def _check_inplace_operand_device(tensor, other):
    """Only a 0-d CPU tensor may join an in-place op from another device; else PyTorch's error, which names
    the first non-CPU device first."""
    if other._device is CPU and other._array.ndim == 0:
        return
    if tensor._device is CPU:
        raise _op.mixed_device_error(other._device, tensor._device)
    raise _op.mixed_device_error(tensor._device, other._device)


class Tensor(_tensor_methods.ExtraMethods):
    """A multi-dimensional array that records operations for automatic differentiation.

    Create tensors with the factories (``gradlib.tensor``, ``gradlib.zeros``, ...);
    ``Tensor(data)`` is accepted too and makes a float tensor, as in PyTorch.

    >>> import gradlib
    >>> x = gradlib.tensor([1., 2., 3.], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([2., 4., 6.])
    """

    #: NumPy defers to a tensor: ``np.float64(0.5) * x`` calls ``x.__rmul__`` and stays in the graph
    __array_priority__ = 1000

    __slots__ = ("_array", "_device", "_grad_fn", "_requires_grad", "_output_nr", "_vc", "_grad", "_base",
                 "_grad_accumulator", "_is_inference", "_hooks", "_view_version",
                 "__weakref__")

    __hash__ = object.__hash__

    def __init__(self, *args, device=None):
        if len(args) == 1 and not isinstance(args[0], int):
            made = _creation.tensor(args[0], dtype=dtypes.get_default_dtype(), device=device)
        else:
            made = _creation.empty(*args, device=device)
        _init_leaf(self, made._array, made._device)

    # ----- storage and metadata -------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._array.shape)

    @numpy_names
    def size(self, dim=None):
        """The shape, or the size of one dim.

        >>> import gradlib
        >>> gradlib.zeros(2, 3).size(-1)
        3
        """
        if dim is None:
            return Size(self._array.shape)
        if self._array.ndim == 0:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return self._array.shape[_dims.normalize_dim(dim, self._array.ndim)]

    @property
    def dtype(self):
        return dtypes.from_np(self._array.dtype)

    @property
    def device(self):
        return self._device

    @property
    def is_cuda(self):
        return self._device.type == "cuda"

    @property
    def ndim(self):
        return self._array.ndim

    def dim(self):
        """Number of dims."""
        return self._array.ndim

    ndimension = dim

    def numel(self):
        """Number of elements."""
        return self._array.size

    nelement = numel

    def element_size(self):
        """Bytes per element."""
        return self._array.itemsize

    @property
    def itemsize(self):
        return self._array.itemsize

    @property
    def nbytes(self):
        return self._array.nbytes

    def is_floating_point(self):
        return self.dtype.is_floating_point

    def is_contiguous(self, memory_format=None):
        if memory_format is not None and memory_format is not _formats.contiguous_format:
            _formats.check_memory_format(memory_format)
        return bool(self._array.flags.c_contiguous)

    def type(self, dtype=None, non_blocking=False):
        """PyTorch's legacy type name (``'torch.FloatTensor'``, ``'torch.cuda.LongTensor'``), or this tensor
        converted to ``dtype``: a dtype or a legacy name (``'torch.LongTensor'``; the device stays).

        >>> import gradlib
        >>> x = gradlib.tensor([1.5, 2.0], device='cpu')
        >>> x.type()
        'torch.FloatTensor'
        >>> x.type('torch.LongTensor')
        tensor([1, 2])
        """
        if dtype is None:
            name = _tensor_str.legacy_type_name(self._array.dtype, self._array, self._device)
            return "torch" + name[len("gradlib"):]
        legacy = _tensor_methods.legacy_target(dtype)
        if legacy is not None:
            target_dtype, on_cuda = legacy
            if on_cuda != (self._device.type == "cuda"):
                return self.to("cuda" if on_cuda else "cpu", target_dtype)
            return self.to(target_dtype)
        return self.to(dtype)

    @property
    def _version(self):
        return 0 if self._vc is None else self._vc[0]

    def _bump_version(self):
        if self._vc is None:
            self._vc = [1]
        else:
            self._vc[0] += 1

    # ----- autograd flags ---------------------------------------------------------------------
    @property
    def requires_grad(self):
        if self._base is not None:
            refresh_view(self)
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        self._set_requires_grad(value)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` in place (leaves only; floating dtypes only) and return self.

        >>> import gradlib
        >>> gradlib.zeros(2).requires_grad_().requires_grad
        True
        """
        self._set_requires_grad(requires_grad)
        return self

    def _set_requires_grad(self, value):
        value = bool(value)
        if self._grad_fn is not None:
            if value:
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        if value and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if value and self._is_inference and not _grad_state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")
        self._requires_grad = value

    @property
    def grad_fn(self):
        if self._base is not None:
            refresh_view(self)
        return self._grad_fn

    @property
    def is_leaf(self):
        if self._base is not None:
            refresh_view(self)
        return self._grad_fn is None

    @property
    def output_nr(self):
        return self._output_nr

    @property
    def grad(self):
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not _is_tensor(value):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            _check_assigned_grad(self, value)
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    def retain_grad(self):
        """Keep this non-leaf tensor's gradient in ``.grad`` after backward (a no-op on leaves).

        >>> import gradlib
        >>> x = gradlib.tensor(2., requires_grad=True)
        >>> u = x * 3
        >>> u.retain_grad()
        >>> (u * u).backward()
        >>> u.grad
        tensor(12.)
        """
        if self._base is not None:
            refresh_view(self)
        if self._grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        self._grad_fn._get_extras().retained[self._output_nr] = weakref.ref(self)

    @property
    def retains_grad(self):
        node = self._grad_fn
        if node is None or node._extras is None:
            return False
        reference = node._extras.retained.get(self._output_nr)
        return reference is not None and reference() is self

    def __deepcopy__(self, memo):
        """``copy.deepcopy``: a leaf with copied data, ``requires_grad`` and ``.grad`` (as PyTorch; non-leaf
        tensors are refused with PyTorch's message). Tensors that shared memory do not share it in the copy.

        >>> import copy, gradlib
        >>> x = gradlib.tensor([1., 2.], requires_grad=True)
        >>> y = copy.deepcopy(x)
        >>> y, y is x
        (tensor([1., 2.], requires_grad=True), False)
        """
        if not self.is_leaf:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                               "because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        copied = shape_ops.clone(self.detach())
        if self._requires_grad:
            copied.requires_grad_(True)
        if self.grad is not None:
            copied.grad = self.grad.__deepcopy__(memo)
        memo[id(self)] = copied
        return copied

    def detach(self):
        """A tensor sharing this one's data that is out of the graph (``requires_grad=False``).

        >>> import gradlib
        >>> x = gradlib.ones(2, requires_grad=True)
        >>> x.detach().requires_grad
        False
        """
        out = wrap(self._array, self._device)
        if self._vc is None:
            self._vc = [0]
        out._vc = self._vc
        return out

    def detach_(self):
        """Take this tensor out of the graph in place: it becomes a leaf that does not require grad."""
        if self._base is not None and self._base._requires_grad:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self._grad_fn = None
        self._requires_grad = False
        self._output_nr = 0
        return self

    @property
    def data(self):
        """The same storage as a tensor outside the graph; changes through it are not tracked.

        >>> import gradlib
        >>> x = gradlib.ones(1, requires_grad=True)
        >>> x.data *= 100
        >>> x
        tensor([100.], requires_grad=True)
        """
        return wrap(self._array, self._device)

    @data.setter
    def data(self, value):
        if not _is_tensor(value):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if value._device is not self._device:
            self._grad_accumulator = None  # the next graph gets an AccumulateGrad node on the new device
        self._array = value._array
        self._device = value._device

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate the gradient of this tensor into the ``.grad`` of the leaves of its graph.

        A scalar needs no ``gradient``; otherwise pass one of this tensor's shape
        (the vector of the vector-Jacobian product).

        >>> import gradlib
        >>> x = gradlib.ones(2, 2, requires_grad=True)
        >>> ((x + 2) * (x + 2) * 3).mean().backward()
        >>> x.grad
        tensor([[4.5000, 4.5000],
                [4.5000, 4.5000]])
        """
        autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def register_hook(self, hook):
        """Run ``hook(grad)`` whenever this tensor's gradient is computed; a returned tensor replaces it.

        >>> import gradlib
        >>> x = gradlib.ones(2, requires_grad=True)
        >>> handle = x.register_hook(lambda grad: grad * 10)
        >>> (x * 3).sum().backward(); x.grad
        tensor([30., 30.])
        >>> handle.remove()
        """
        return hooks.register_tensor_hook(self, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """Run ``hook(tensor)`` after backward has updated this leaf's ``.grad``."""
        return hooks.register_post_accumulate_grad_hook(self, hook)

    def is_inference(self):
        """True for tensors created in ``inference_mode``."""
        return self._is_inference

    # ----- conversion and transfer ------------------------------------------------------------
    def to(self, *args, **kwargs):
        """Convert dtype and/or move device: ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)``.

        Moving between devices copies the data (the only way data crosses).

        >>> import gradlib
        >>> gradlib.tensor([1, 2]).to(gradlib.float64)
        tensor([1., 2.], dtype=gradlib.float64)
        """
        target_device, target_dtype, copy = _parse_to(self, args, kwargs)
        out = self
        if target_dtype is not None:
            out = conversion.to_dtype(out, target_dtype, copy and target_device is None)
        if target_device is not None:
            out = conversion.to_device(out, target_device, copy)
        return out

    def cpu(self, memory_format=None):
        """This tensor on the CPU (a copy from the GPU when it is there)."""
        _formats.check_memory_format(memory_format)
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        """This tensor on a CUDA device (a copy); raises with install instructions where there is no GPU.
        ``non_blocking`` is accepted; the copy is synchronous."""
        _formats.check_memory_format(memory_format)
        return self.to(resolve("cuda" if device is None else (device if not isinstance(device, int)
                                                               else f"cuda:{device}")))

    def float(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.float32)

    def double(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.float64)

    def half(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.float16)

    def long(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int64)

    def int(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int32)

    def short(self, memory_format=None):
        """``self.to(int16)`` (PyTorch's ``Tensor.short``): integer, so never differentiable.

        >>> import gradlib
        >>> x = gradlib.tensor([1.7, -2.2], requires_grad=True)
        >>> x.short(), x.short().requires_grad
        (tensor([ 1, -2], dtype=gradlib.int16), False)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int16)

    def char(self, memory_format=None):
        """``self.to(int8)`` (PyTorch's ``Tensor.char``): integer, so never differentiable.

        >>> import gradlib
        >>> gradlib.tensor([1.7, -2.2]).char()
        tensor([ 1, -2], dtype=gradlib.int8)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int8)

    def byte(self, memory_format=None):
        """``self.to(uint8)`` (PyTorch's ``Tensor.byte``): integer, so never differentiable.

        >>> import gradlib
        >>> gradlib.tensor([1.7, 200.0]).byte()
        tensor([  1, 200], dtype=gradlib.uint8)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.uint8)

    def bool(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.bool)

    def numpy(self, *, force=False):
        """The data as a NumPy array (shares memory on CPU).

        >>> import gradlib
        >>> gradlib.tensor([1., 2.], device='cpu').numpy()
        array([1., 2.], dtype=float32)
        """
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        _capture.check_host_read("Tensor.numpy()")
        if self._device.type != "cpu":
            if not force:
                raise TypeError(
                    f"can't convert {self._device} device type tensor to numpy. Use Tensor.cpu() to copy the "
                    "tensor to host memory first.")
            return self._device._backend.to_numpy(self._array)
        return self._array

    def __array__(self, dtype=None, copy=None):
        array = self.numpy(force=self._device.type == "cpu")
        if dtype is not None:
            array = array.astype(dtype)
        return array

    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        """A DLPack capsule sharing this tensor's memory, for another library's ``from_dlpack`` (zero copy).

        Refused (BufferError) for tensors that require grad, as in PyTorch. Writes the other library makes into
        the shared memory do not bump this tensor's version counter (see ``gradlib._dlpack``).

        >>> import gradlib, numpy
        >>> t = gradlib.tensor([1., 2.], device='cpu')
        >>> a = numpy.from_dlpack(t)
        >>> a[0] = 5.
        >>> t
        tensor([5., 2.])
        """
        return _dlpack.export(self, stream, max_version, dl_device, copy)

    def __dlpack_device__(self):
        """(DLPack device type, index): ``(kDLCPU, 0)`` or ``(kDLCUDA, n)``."""
        return _dlpack.dlpack_device(self)

    def item(self):
        """The value of a one-element tensor as a Python number (copies from the GPU).

        >>> import gradlib
        >>> gradlib.tensor([2.5]).item()
        2.5
        """
        if self._array.size != 1:
            raise RuntimeError(f"a Tensor with {self._array.size} elements cannot be converted to Scalar")
        _capture.check_host_read("Tensor.item() (also bool(), float(), int() and Python control flow on a tensor)")
        return self._device._backend.to_numpy(self._array).reshape(()).item()

    def tolist(self):
        """The data as (nested) Python lists (copies from the GPU).

        >>> import gradlib
        >>> gradlib.tensor([[1, 2]]).tolist()
        [[1, 2]]
        """
        _capture.check_host_read("Tensor.tolist()")
        return self._device._backend.to_numpy(self._array).tolist()

    def __bool__(self):
        if self._array.size != 1:
            many = "more than one value" if self._array.size else "no values"
            raise RuntimeError(f"Boolean value of Tensor with {many} is ambiguous")
        return bool(self.item())

    def __float__(self):
        self._check_one_element()
        return float(self.item())

    def __int__(self):
        self._check_one_element()
        return int(self.item())

    def _check_one_element(self):
        if self._array.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")

    def __index__(self):
        if self.dtype.is_floating_point or self._array.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __len__(self):
        if self._array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._array.shape[0]

    def __iter__(self):
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._array.shape[0]))

    def __repr__(self):
        return _tensor_str.tensor_repr(self)

    __str__ = __repr__

    def __format__(self, spec):
        if self._array.ndim == 0:
            return format(self.item(), spec)
        return format(repr(self), spec)

    # ----- in place -------------------------------------------------------------------------------
    def _check_inplace(self):
        """PyTorch's rules: a leaf that requires grad (or a view of one) changes in place only under no_grad;
        an inference tensor only inside inference mode."""
        if self._base is not None:
            refresh_view(self)
        if _grad_state.enabled:
            if self._requires_grad and self._grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
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
                raise RuntimeError(indexing.multiple_views_message(self))
            if result._array.dtype != self._array.dtype:
                result = result.to(self.dtype)
            with _guard(self._device):
                return indexing.rebase_view_history(self, result)
        with _guard(self._device):  # the write is a kernel on the tensor's GPU
            if _capture.recorder is None:
                self._array[...] = result._array
            else:
                _capture.recorder.call(_capture.assign, self._array, result._array)
        self._bump_version()
        if result._grad_fn is not None:
            self._grad_fn = result._grad_fn
            self._output_nr = result._output_nr
            self._requires_grad = True
        return self

    def _check_castable(self, other):
        """Before an in-place op computes: PyTorch refuses a result dtype that cannot be cast back to self's."""
        other = dtypes.plain_scalar(other)
        if _is_tensor(other):
            result = dtypes.result_type(self.dtype, self._array.ndim == 0, other.dtype, other._array.ndim == 0)
        elif isinstance(other, (bool, int, float)):
            result = dtypes.result_type_scalar(self.dtype, other)
        else:
            return
        if result.category > self.dtype.category:
            raise RuntimeError(f"result type {result.scalar_type} can't be cast to the desired "
                               f"output type {self.dtype.scalar_type}")

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
        if not (self._requires_grad or any(_is_tensor(a) and a._requires_grad for a in args)):
            return self
        with _guard(self._device):
            original = wrap(self._array.copy(), self._device)
        original._grad_fn = self._grad_fn
        original._output_nr = self._output_nr
        original._requires_grad = self._requires_grad
        return original

    def _arith_inplace(self, ufunc_name, function, other, scale=1):
        """``self = function(self, other)`` in place. Fast path: nothing to record and compatible dtypes, so
        one in-place ufunc on the storage (what optimizers' ``p -= lr * grad`` needs); else the general path."""
        check_no_overlap(self._array)
        if self._base is not None:
            refresh_view(self)
        if not _grad_state.enabled or not (self._requires_grad or (_is_tensor(other) and other._requires_grad)):
            if self._is_inference and not _grad_state.inference:
                self._check_inplace()
            array = self._array
            if _is_tensor(other):
                if other._device is not self._device:
                    _check_inplace_operand_device(self, other)
                value = other._array
                compatible = value.dtype == array.dtype and value.ndim <= array.ndim and not (
                    ufunc_name == "true_divide" and array.dtype.kind in "iub")
                if compatible and other._device is not self._device:
                    value = value[()]  # a NumPy scalar: CuPy refuses a NumPy array in its kernels
            else:
                value = dtypes.plain_scalar(other)
                if isinstance(value, complex):  # gradlib has no complex dtypes; PyTorch refuses the cast back
                    raise RuntimeError(f"result type ComplexFloat can't be cast to the desired output type "
                                       f"{self.dtype.scalar_type}")
                compatible = array.dtype.kind == "f" or (array.dtype.kind in "iu" and value.__class__ is int
                                                         and ufunc_name != "true_divide")
                if compatible and value.__class__ is int and array.dtype.kind in "iu":
                    value = dtypes.wrap_integer(value, self.dtype)  # PyTorch's kernels wrap; NumPy would raise
            if compatible:
                backend = self._device._backend
                ufunc = getattr(backend.xp, ufunc_name)
                guard = None
                if backend.needs_guard:
                    guard = backend.guard(self._device)
                    guard.__enter__()  # the kernels run on the tensor's GPU, whichever GPU is current
                try:
                    if _capture.recorder is None:
                        if scale != 1:
                            value = value * scale
                        ufunc(array, value, out=array)
                    else:
                        _capture.inplace_ufunc_recorded(ufunc, array, value, scale)
                except ValueError:
                    pass  # not broadcastable into self: the general path says so in PyTorch's words
                else:
                    self._bump_version()
                    return self
                finally:
                    if guard is not None:
                        guard.__exit__(None, None, None)
        return self._inplace(function, other)

    def add_(self, other, *, alpha=1):
        """In-place ``self += alpha * other``."""
        return self._arith_inplace("add", lambda s, o: arithmetic.add(s, o, alpha=alpha), other, alpha)

    def sub_(self, other, *, alpha=1):
        """In-place ``self -= alpha * other``."""
        arithmetic.check_subtraction(self, other)
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
        return self._inplace(binary.floor_divide, other)

    def remainder_(self, other):
        """In-place ``self %= other``."""
        self._check_castable(other)
        return self._inplace(binary.remainder, other)

    def fmod_(self, other):
        """In-place ``fmod``."""
        self._check_castable(other)
        return self._inplace(binary.fmod, other)

    def pow_(self, exponent):
        """In-place ``self **= exponent``."""
        return self._inplace(arithmetic.pow, exponent)

    def neg_(self):
        """In-place negation."""
        return self._inplace(arithmetic.neg)

    def relu_(self):
        """In-place relu."""
        return self._inplace(unary.relu)

    def exp_(self):
        """In-place exp."""
        return self._inplace(unary.exp)

    def sigmoid_(self):
        """In-place sigmoid."""
        return self._inplace(unary.sigmoid)

    def tanh_(self):
        """In-place tanh."""
        return self._inplace(unary.tanh)

    def __iadd__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.add_(other)

    def __isub__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.sub_(other)

    def __imul__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.mul_(other)

    def __itruediv__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.div_(other)

    def __ipow__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.pow_(other)

    def zero_(self):
        """Fill with zeros in place (and bump the version counter).

        >>> import gradlib
        >>> gradlib.ones(2).zero_()
        tensor([0., 0.])
        """
        return self.fill_(0)

    def fill_(self, value):
        """Fill with ``value`` (a number or a 0-d tensor on any device) in place."""
        self._check_inplace()
        if _is_tensor(value):
            if value._array.ndim:
                raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                                   f"{value._array.ndim} dimensions.")
            return self.copy_(value.expand(self.shape))  # from any device: PyTorch reads it with item()
        value = _checked_number(self, value)
        if self._requires_grad and _grad_state.enabled:
            return self._commit_inplace(indexing.setitem_result(self, Ellipsis, value))
        with _guard(self._device):
            if _capture.recorder is None:
                self._array[...] = value
            else:
                _capture.recorder.call(_capture.assign, self._array, value)
        self._bump_version()
        return self

    def copy_(self, other, non_blocking=False):
        """Copy ``other`` (broadcast, cast, moved from its device) into this tensor in place. ``other`` is
        PyTorch's keyword name (its documentation says ``src``); ``non_blocking`` is accepted (copies are
        synchronous)."""
        src = other
        self._check_inplace()
        check_no_overlap(self._array)
        if not _is_tensor(src):
            src = _creation.tensor(src, device=self._device)
        if src._device is not self._device:
            src = conversion.to_device(src, self._device)
        src = src.expand(self.shape)
        return self._commit_inplace(indexing.setitem_result(self, Ellipsis, src), allow_cast=True)

    def __setitem__(self, index, value):
        try:
            self._setitem(index, value)
        except ValueError:
            _explain_setitem_shapes(self, index, value)  # NumPy's broadcast error, in PyTorch's words
            raise

    def _setitem(self, index, value):
        if not _is_tensor(value):
            if not (value.__class__ is float and self._array.dtype.kind == "f"):  # else nothing to convert
                value = _assignable(self, value)
            if _is_tensor(index) and index.dtype is dtypes.uint8:  # PyTorch fills through masked_fill_
                raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
        self._check_inplace()
        if value is None or isinstance(value, (str, bytes)):  # PyTorch's error (NumPy's would be a ValueError)
            raise TypeError(f"can't assign a {type(value).__name__} to a "
                            f"{_tensor_str.legacy_type_name(self._array.dtype, self._array, self._device)}")
        if index is False:
            return  # PyTorch writes nothing and records nothing
        if _elsewhere(self, index, value):
            index, value = indexing.setitem_operands(self, index, value)  # other devices: PyTorch's copies
        _check_basic_write(self, index)
        needs_graph = _grad_state.enabled and (self._requires_grad or (_is_tensor(value) and value._requires_grad))
        if not needs_graph:
            index = indexing._convert_index(self, index)
            if _is_tensor(value):
                # a 0-d CPU value enters a device array as a NumPy scalar (CuPy refuses NumPy arrays)
                value = value._array if value._device is self._device else value._array[()]
            backend = self._device._backend
            if _capture.recorder is not None:
                with backend.guard(self._device):
                    _capture.recorder.call(indexing.write_at, backend, self._array, index, value)
            elif backend.needs_guard:
                with backend.guard(self._device):
                    indexing.write_at(backend, self._array, index, value)
            else:
                indexing.write_at(backend, self._array, index, value)
            self._bump_version()
            return
        self._commit_inplace(indexing.setitem_result(self, index, value), allow_cast=True)

    def __getitem__(self, index):
        return indexing.getitem(self, index)

    # ----- arithmetic -------------------------------------------------------------------------------
    # An operand that is no tensor, number or array gets NotImplemented, so Python raises PyTorch's TypeError
    # ("unsupported operand type(s) for +: 'Tensor' and 'str'") and ``x == 'a'`` is False, instead of NumPy's
    # casting errors.
    def __add__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.add(self, other)

    def __radd__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.add(self, other)

    def __sub__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.sub(self, other)

    def __rsub__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.rsub(self, other)

    def __mul__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.mul(self, other)

    def __rmul__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.mul(self, other)

    def __truediv__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.div(self, other)

    def __rtruediv__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return arithmetic.rdiv(self, other)

    def __pow__(self, exponent):
        if exponent.__class__ not in _OPERANDS and not _is_operand(exponent):
            return NotImplemented
        return arithmetic.pow(self, exponent)

    def __rpow__(self, base):
        if base.__class__ not in _OPERANDS and not _is_operand(base):
            return NotImplemented
        return arithmetic.rpow(self, base)

    def __neg__(self):
        return arithmetic.neg(self)

    def __pos__(self):
        if self.dtype is dtypes.bool:
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def __abs__(self):
        return unary.abs(self)

    def __matmul__(self, other):
        if not isinstance(other, Tensor):
            return NotImplemented  # PyTorch multiplies matrices of tensors only
        return linalg.matmul(self, other)

    def __rmatmul__(self, other):
        if not isinstance(other, Tensor):
            return NotImplemented  # PyTorch multiplies matrices of tensors only
        return linalg.matmul(other, self)

    def __eq__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.eq(self, other)

    def __ne__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.ne(self, other)

    def __lt__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.lt(self, other)

    def __le__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.le(self, other)

    def __gt__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.gt(self, other)

    def __ge__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.ge(self, other)

    def __and__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.bitwise_and(self, other)

    def __or__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.bitwise_or(self, other)

    def __xor__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return comparison.bitwise_xor(self, other)

    __rand__ = __and__
    __ror__ = __or__
    __rxor__ = __xor__

    def __invert__(self):
        if self.dtype.is_floating_point:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
        return self.bitwise_not()

    def add(self, other, *, alpha=1):
        return arithmetic.add(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return arithmetic.sub(self, other, alpha=alpha)

    def mul(self, other):
        return arithmetic.mul(self, other)

    def div(self, other, *, rounding_mode=arithmetic._TRUE_DIVISION):
        return arithmetic.div(self, other, rounding_mode=rounding_mode)

    def pow(self, exponent):
        return arithmetic.pow(self, exponent)

    def neg(self):
        return arithmetic.neg(self)

    multiply = mul
    subtract = sub
    true_divide = div
    divide = div
    negative = neg

    # ----- elementwise functions -------------------------------------------------------------------
    def exp(self):
        return unary.exp(self)

    def log(self):
        return unary.log(self)

    def sin(self):
        return unary.sin(self)

    def cos(self):
        return unary.cos(self)

    def tanh(self):
        return unary.tanh(self)

    def sigmoid(self):
        return unary.sigmoid(self)

    def relu(self):
        return unary.relu(self)

    def sqrt(self):
        return unary.sqrt(self)

    def abs(self):
        return unary.abs(self)

    def sign(self):
        return unary.sign(self)

    def reciprocal(self):
        return unary.reciprocal(self)

    def maximum(self, other):
        return selection.maximum(self, other)

    def minimum(self, other):
        return selection.minimum(self, other)

    def where(self, condition, other):
        return selection.where(condition, self, other)

    # ----- reductions ------------------------------------------------------------------------------
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

    def eq(self, other):
        return comparison.eq(self, other)

    def ne(self, other):
        return comparison.ne(self, other)

    def lt(self, other):
        return comparison.lt(self, other)

    def le(self, other):
        return comparison.le(self, other)

    def gt(self, other):
        return comparison.gt(self, other)

    def ge(self, other):
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

    # ----- shape ---------------------------------------------------------------------------------
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
        """All dims reversed (PyTorch deprecates it for other than 2-D tensors)."""
        return shape_ops.permute(self, tuple(range(self._array.ndim - 1, -1, -1)))

    @property
    def mT(self):
        """The last two dims swapped."""
        return shape_ops.transpose(self, -2, -1)

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

    def sum_to_size(self, *sizes, size=None):
        if size is not None:
            sizes = _creation._size_argument("sum_to_size", sizes, size)
        return shape_ops.sum_to_size(self, *sizes)

    def clone(self, *, memory_format=None):
        _formats.check_memory_format(memory_format)
        return shape_ops.clone(self)

    def contiguous(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return shape_ops.contiguous(self)

    # ----- linear algebra ----------------------------------------------------------------------
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

    # ----- the rest of the op library (see gradlib.ops) -------------------------------------------------
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

    def round(self, *, decimals=0):
        return elementwise.round(self, decimals=decimals)

    def trunc(self):
        return elementwise.trunc(self)

    def frac(self):
        return elementwise.frac(self)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return elementwise.nan_to_num(self, nan, posinf, neginf)

    def clamp(self, min=None, max=None):
        return elementwise.clamp(self, min, max)

    clip = clamp

    def clamp_(self, min=None, max=None):
        """In-place clamp."""
        for bound in (min, max):  # clamp_ names the output type as C does
            if isinstance(dtypes.plain_scalar(bound), float) and not self.dtype.is_floating_point:
                raise RuntimeError(f"result type Float can't be cast to the desired output type "
                                   f"{_C_TYPE_NAMES[self.dtype.name]}")
        return self._inplace(lambda s: elementwise.clamp(s, min, max))

    clip_ = clamp_

    def atan2(self, other):
        return binary.atan2(self, other)

    arctan2 = atan2

    def hypot(self, other):
        return binary.hypot(self, other)

    def fmax(self, other):
        return binary.fmax(self, other)

    def fmin(self, other):
        return binary.fmin(self, other)

    def remainder(self, other):
        return binary.remainder(self, other)

    def __mod__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return binary.remainder(self, other)

    def fmod(self, other):
        return binary.fmod(self, other)

    def floor_divide(self, other):
        return binary.floor_divide(self, other)

    def __floordiv__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return binary.floor_divide(self, other)

    def __rfloordiv__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return binary.floor_divide(other, self)

    def __rmod__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return binary.remainder(other, self)

    def __ifloordiv__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.floor_divide_(other)

    def __imod__(self, other):
        if other.__class__ not in _OPERANDS and not _is_operand(other):
            return NotImplemented
        return self.remainder_(other)

    def lerp(self, end, weight):
        return binary.lerp(self, end, weight)

    def addcmul(self, tensor1, tensor2, *, value=1):
        return binary.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        return binary.addcdiv(self, tensor1, tensor2, value=value)

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
    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return reduction.var(self, dim, unbiased, keepdim, correction=correction)

    @numpy_names
    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return reduction.std(self, dim, unbiased, keepdim, correction=correction)

    @numpy_names
    def logsumexp(self, dim, keepdim=False):
        return reduction.logsumexp(self, dim, keepdim)

    @numpy_names
    def cumsum(self, dim, *, dtype=None):
        return reduction.cumsum(self, dim, dtype=dtype)

    @numpy_names
    def cumprod(self, dim, *, dtype=None):
        return reduction.cumprod(self, dim, dtype=dtype)

    @numpy_names
    def softmax(self, dim, dtype=None):
        return nn_ops.softmax(self, dim, dtype=dtype)

    @numpy_names
    def log_softmax(self, dim, dtype=None):
        return nn_ops.log_softmax(self, dim, dtype=dtype)

    def flip(self, *dims_, dims=None):
        dims = dims_ if dims is None else _creation._size_argument("flip", dims_, dims)
        return shape_ops.flip(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims)

    def roll(self, shifts, dims=None):
        return shape_ops.roll(self, shifts, dims)

    def repeat(self, *sizes, repeats=None):
        if repeats is not None:
            sizes = _creation._size_argument("repeat", sizes, repeats)
        return shape_ops.repeat(self, *sizes)

    def tile(self, *dims_, dims=None):
        dims = dims_ if dims is None else _creation._size_argument("tile", dims_, dims)
        return shape_ops.tile(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims)

    def tril(self, diagonal=0):
        return shape_ops.tril(self, diagonal)

    def triu(self, diagonal=0):
        return shape_ops.triu(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return shape_ops.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        return shape_ops.diag_embed(self, offset, dim1, dim2)

    def movedim(self, source, destination):
        return shape_ops.movedim(self, source, destination)

    moveaxis = movedim

    def unflatten(self, dim, sizes):
        return shape_ops.unflatten(self, dim, sizes)

    @numpy_names
    def narrow(self, dim, start, length):
        return shape_ops.narrow(self, dim, start, length)

    def split(self, split_size, dim=0):
        return shape_ops.split(self, split_size, dim)

    @numpy_names
    def chunk(self, chunks, dim=0):
        return shape_ops.chunk(self, chunks, dim)

    @numpy_names
    def unbind(self, dim=0):
        return shape_ops.unbind(self, dim)

    @numpy_names
    def gather(self, dim, index, *, sparse_grad=False):
        return indexing.gather(self, dim, index, sparse_grad=sparse_grad)

    @numpy_names
    def take_along_dim(self, indices, dim=None):
        return indexing.take_along_dim(self, indices, dim)

    @numpy_names
    def index_select(self, dim, index):
        return indexing.index_select(self, dim, index)

    def masked_fill(self, mask, value):
        return indexing.masked_fill(self, mask, value)

    def masked_fill_(self, mask, value):
        """In-place masked_fill."""
        self._check_inplace()  # PyTorch's masked_fill_ writes an expanded tensor too (no overlap check)
        return self._commit_inplace(indexing.masked_fill(self._original_for_graph((mask, value)), mask, value))

    def masked_select(self, mask):
        return indexing.masked_select(self, mask)

    @numpy_names
    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        return indexing.scatter(self, dim, index, src, value=value, reduce=reduce)

    @numpy_names
    def scatter_add(self, dim, index, src):
        return indexing.scatter_add(self, dim, index, src)

    @numpy_names
    def index_add(self, dim, index, source, *, alpha=1):
        return indexing.index_add(self, dim, index, source, alpha=alpha)

    def outer(self, vec2):
        return linalg.outer(self, vec2)

    # ----- new tensors like this one ---------------------------------------------------------------
    def new_zeros(self, *sizes, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
        # PyTorch's new_zeros reports a negative size as empty() does (zeros() has its own words)
        _creation._check_options(layout, pin_memory)
        size = _creation._size_argument("new_zeros", sizes, size)
        return _creation.full(_creation._sizes(size), 0, dtype=dtype or self.dtype, device=device or self._device,
                              requires_grad=requires_grad)

    def new_ones(self, *sizes, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
        return _creation.ones(*sizes, size=size, dtype=dtype or self.dtype, device=device or self._device,
                               requires_grad=requires_grad, layout=layout, pin_memory=pin_memory)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False, layout=None,
                 pin_memory=False):
        return _creation.full(size, fill_value, dtype=dtype or self.dtype, device=device or self._device,
                              requires_grad=requires_grad, layout=layout, pin_memory=pin_memory)

    def new_empty(self, *sizes, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
        return _creation.empty(*sizes, size=size, dtype=dtype or self.dtype, device=device or self._device,
                               requires_grad=requires_grad, layout=layout, pin_memory=pin_memory)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        _formats.check_layout(layout)
        return _creation.tensor(data, dtype=dtype or self.dtype, device=device or self._device,
                                requires_grad=requires_grad, pin_memory=pin_memory)


shape_ops = shape


def _parse_to(tensor, args, kwargs):
    """Split ``Tensor.to``'s flexible arguments into (device or None, dtype or None, copy)."""
    target_device = None
    target_dtype = None
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    values = list(args)
    if "device" in kwargs:
        values.append(_device_type(kwargs.pop("device")) if kwargs.get("device") is not None else None)
    if "dtype" in kwargs:
        values.append(dtypes.as_dtype(kwargs.pop("dtype")))
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    for value in values:
        if value is None:
            continue
        if _is_tensor(value):
            target_device, target_dtype = value._device, value.dtype
        elif isinstance(value, dtypes.dtype):
            target_dtype = value
        elif isinstance(value, (str, int, _device_type)):
            target_device = resolve(value)
        else:
            target_dtype = dtypes.as_dtype(value)
    if target_device is not None:
        backend_for(target_device)
    return target_device, target_dtype, copy


def _checked_number(tensor, value):
    """A Python number written into ``tensor`` (fill_, item assignment), as PyTorch converts it once: refused
    when the dtype cannot hold it, wrapped (two's complement) otherwise; NumPy would raise OverflowError."""
    value = dtypes.plain_scalar(value)
    if value.__class__ is int or value.__class__ is float:
        dtype = tensor.dtype
        if not dtype.is_floating_point and dtype is not dtypes.bool:
            dtypes.check_fits(value, dtype)
            if value.__class__ is int:
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
        return _checked_number(tensor, plain)
    if isinstance(plain, complex):  # gradlib has no complex dtypes: PyTorch refuses to drop the imaginary part
        raise RuntimeError(f"value cannot be converted to type {_C_TYPE[tensor.dtype.name]} without overflow")
    kind = type(value)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    raise TypeError(f"can't assign a {name} to a {tensor.type()}")


_C_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "int64_t", "int32": "int",
           "int16": "int16_t", "int8": "int8_t", "uint8": "uint8_t", "bool": "bool"}


OVERLAP_MESSAGE = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                   "location. Please clone() the tensor before performing the operation.")


def check_no_overlap(array):
    """PyTorch refuses in-place arithmetic and copies into a tensor whose elements share memory (an expanded
    tensor: a stride of 0 over a dim longer than 1); fill_, zero_ and masked_fill_ write it. Reads only the
    array's metadata."""
    if not array.size:
        return  # nothing is written
    for size, stride in zip(array.shape, array.strides):
        if stride == 0 and size > 1:
            raise RuntimeError(OVERLAP_MESSAGE)


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


def _explain_setitem_shapes(tensor, index, value):
    """Raise PyTorch's error when ``value`` does not broadcast to the shape ``tensor[index]`` selects."""
    if not _is_tensor(value):
        return
    with _grad_mode.no_grad():
        try:
            target = tensor[index].shape
        except Exception:
            return
        parts = index if isinstance(index, tuple) else (index,)
        if any(_is_tensor(part) or isinstance(part, (list, range)) or hasattr(part, "__array_interface__")
               for part in parts):  # advanced indexing: PyTorch's index_put_ says it in its own words
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(value.shape)} cannot be broadcast to "
                               f"indexing result of shape {list(target)}")
        value.expand(target)


_C_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                 "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half", "float32": "float",
                 "float64": "double"}


#: operand classes of the arithmetic and comparison operators, checked by class first (the common case)
_OPERANDS = frozenset((Tensor, int, float, bool, complex)) | dtypes.NUMPY_SCALAR_TYPES


def _is_operand(value):
    """What an operator takes besides a tensor or number: a tensor subclass (Parameter), another number type,
    an array (NumPy's)."""
    return isinstance(value, (Tensor, numbers.Number)) or backend_of_array(value) is not None

