"""class Tensor, its core: the array (NumPy or CuPy), the metadata autograd needs, flags, transfers, printing hooks.

The rest comes from its bases: Python's operators (``_tensor_operators.py``), the named methods in the order of
``gradlib/ops`` (``_tensor_methods.py``, ``_tensor_methods_more.py``), in-place methods and view history
(``autograd/inplace.py``, which explains versions, views and CopySlices).
"""
import copy
import numbers
import warnings
import weakref

from . import (_creation, _dlpack, _formats, _legacy_types, _tensor_methods, _tensor_methods_more, _tensor_operators,
               _tensor_methods_sparse, _tensor_subclass, _tensor_methods_torch5, _tensor_str, autograd, dtypes,
               _tensor_methods_host, _tensor_methods_plumb)
from ._numpy_names import numpy_names
from .autograd import capture as _capture
from .autograd import hooks, inplace, inplace_more
from .autograd.grad_mode import state as _grad_state
from .backends import backend_for
from .device import device as _device_type, resolve
from .ops import _dims, conversion, shape as shape_ops
from ._size import Size

#: The complex tensors carrying PyTorch's conjugate bit: ``conj()``'s results and the views and detached copies of
#: them (``is_conj()``). gradlib conjugates eagerly, so the bit is metadata only: the values are already conjugated,
#: ``resolve_conj()`` copies, and writes to such a tensor do not reach the one it was conjugated from. Keyed by id,
#: held weakly (a WeakSet would compare tensors with ``==``, which is elementwise).
CONJUGATE_BIT = weakref.WeakValueDictionary()


def has_conjugate_bit(tensor):
    """Whether ``tensor`` carries the conjugate bit (``CONJUGATE_BIT``)."""
    return CONJUGATE_BIT.get(id(tensor)) is tensor


def set_conjugate_bit(tensor):
    CONJUGATE_BIT[id(tensor)] = tensor

#: PyTorch's warning on reading ``.grad`` of a non-leaf tensor that does not retain it (ATen's TensorBase::grad,
#: with the note PyTorch's warning handler appends)
NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf "
    "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
    "you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. "
    "(Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")

__all__ = ["Tensor", "Size", "wrap"]

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
        inplace.regenerate_view_history(tensor)


def _init_leaf(tensor, array, device):
    """Make an already allocated ``tensor`` (a Tensor subclass instance) a plain leaf around ``array``."""
    source = wrap(array, device)
    for name in Tensor.__slots__[:-2]:  # the state slots, not __dict__ and __weakref__
        setattr(tensor, name, getattr(source, name))


def _rebuild(cls, array, device, requires_grad, state):
    """The tensor ``Tensor.__reduce_ex__`` describes: a leaf of class ``cls`` around ``array``."""
    tensor = object.__new__(cls)
    _init_leaf(tensor, array, device)
    tensor._requires_grad = requires_grad
    if state:
        tensor.__dict__.update(state)
    return tensor


def _initialized(tensor):
    return hasattr(tensor, "_array")


def _is_tensor(value):
    return isinstance(value, Tensor)


def _guard(device):
    """The context manager making ``device`` current (a shared no-op on the CPU)."""
    return device._backend.guard(device)


class Tensor(_tensor_operators.TensorOperators, _tensor_methods.TensorMethods, _tensor_methods_more.MoreTensorMethods,
             _tensor_methods_torch5.Torch5TensorMethods, _tensor_methods_sparse.SparseTensorMethods,
             inplace.InPlaceMethods, inplace_more.MoreInPlaceMethods, _tensor_subclass.SubclassMethods,
             _tensor_methods_host.HostMemoryTensorMethods, _tensor_methods_plumb.PlumbingTensorMethods):
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
    __module__ = "gradlib"  # PyTorch's name (``torch.Tensor``); gradlib/_homes.py

    __module__ = "gradlib"  # type() prints <class 'gradlib.Tensor'>, as PyTorch's <class 'torch.Tensor'>; pickles find it there

    #: NumPy defers to a tensor: ``np.float64(0.5) * x`` calls ``x.__rmul__`` and stays in the graph
    __array_priority__ = 1000

    #: ``__dict__``: a tensor takes any Python attribute (``x.g = grad``, as fast.ai's lessons do), as in PyTorch;
    #: ``copy.copy``/``deepcopy``, pickling and ``save``/``load`` keep them, ``clone``/``detach``/views do not
    __slots__ = ("_array", "_device", "_grad_fn", "_requires_grad", "_output_nr", "_vc", "_grad", "_base",
                 "_grad_accumulator", "_is_inference", "_hooks", "_view_version",
                 "__dict__", "__weakref__")

    __hash__ = object.__hash__

    def __init__(self, *args, device=None):
        if _initialized(self):
            return  # a subclass's __new__ made it already (Tensor._make_subclass): PyTorch's no-op
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
        _dims.check_dim_argument("size", dim)
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

    def is_pinned(self, device=None):
        """False: gradlib never pins host memory (NumPy arrays; a CUDA tensor is not host memory either). Mirrors
        ``torch.Tensor.is_pinned`` on a machine without an accelerator; ``device`` is deprecated there and warns
        here too.

        >>> import gradlib
        >>> gradlib.ones(2).is_pinned()
        False
        """
        if device is not None:
            warnings.warn("The argument 'device' of Tensor.is_pinned() is deprecated. Please do not pass this "
                          "argument.", DeprecationWarning, stacklevel=2)
        return False

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

    def is_complex(self):
        """Whether the dtype is complex (``Tensor.is_complex``)."""
        return self.dtype.is_complex

    def is_contiguous(self, *args, memory_format=None):
        """Row-major storage, or ``memory_format``'s order (``channels_last``: channels innermost), as PyTorch
        (``memory_format`` is keyword-only there)."""
        if args:
            raise TypeError(f"is_contiguous() takes 0 positional arguments but {len(args)} "
                            f"{'was' if len(args) == 1 else 'were'} given")
        return _formats.is_in_format(self._array, self._device._backend.element_strides(self._array), memory_format)

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
        legacy = _legacy_types.legacy_target(dtype)
        if legacy is not None:
            target_dtype, on_cuda = legacy
            if on_cuda != (self._device.type == "cuda"):
                return self.to("cuda" if on_cuda else "cpu", target_dtype)
            return self.to(target_dtype)
        return self.to(dtype)

    @property
    def _version(self):
        if self._is_inference:
            raise RuntimeError("Inference tensors do not track version counter.")
        return 0 if self._vc is None else self._vc[0]

    def _bump_version(self):
        if self._vc is None:
            self._vc = [1]
        else:
            self._vc[0] += 1

    @property
    def name(self):
        """None: gradlib has no named tensors (``Tensor.name`` of an unnamed one)."""
        return None

    @property
    def is_quantized(self):
        """False: gradlib has no quantized tensors."""
        return False

    # ----- autograd flags ---------------------------------------------------------------------
    @property
    def requires_grad(self):
        if self._base is not None:
            refresh_view(self)
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if not isinstance(value, bool):  # PyTorch's check of the attribute (the method's is the argument parser's)
            raise RuntimeError("requires_grad must be a bool")
        if self._grad_fn is not None and value:  # the attribute refuses a non-leaf even where the method passes
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        self._set_requires_grad(value, "floating point and complex")

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` in place (leaves only; floating dtypes only) and return self.

        >>> import gradlib
        >>> gradlib.zeros(2).requires_grad_().requires_grad
        True
        """
        if not isinstance(requires_grad, bool):
            raise TypeError("requires_grad_(): argument 'requires_grad' (position 1) must be bool, not "
                            f"{type(requires_grad).__name__}")
        self._set_requires_grad(requires_grad)
        return self

    def _set_requires_grad(self, value, kinds="floating point"):
        """``kinds``: the dtypes PyTorch's message names (the attribute's setter says "floating point and
        complex", ``requires_grad_`` only "floating point"; both accept complex)."""
        value = bool(value)
        if self._grad_fn is not None:
            if value:
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        if value and not (self.dtype.is_floating_point or self.dtype.is_complex):
            raise RuntimeError(f"only Tensors of {kinds} dtype can require gradients")
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
        """The gradient accumulated by backward (a leaf's, or a non-leaf's after ``retain_grad()``), else None.
        Reading it on a non-leaf tensor that does not retain its gradient and has none warns, with PyTorch's
        UserWarning and text (``torch.Tensor.grad``).

        >>> import gradlib, warnings
        >>> x = gradlib.ones(2, requires_grad=True)
        >>> (x * 3).sum().backward(); x.grad
        tensor([3., 3.])
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     (x * 2).grad is None
        True
        >>> str(caught[0].message)[:60]
        'The .grad attribute of a Tensor that is not a leaf Tensor is'
        """
        grad = self._grad
        if grad is None and (self._grad_fn is not None or self._base is not None) and not self.is_leaf and (
                not self.retains_grad):
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return grad

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
        if self.__dict__:
            copied.__dict__ = copy.deepcopy(self.__dict__, memo)
        return copied

    def __reduce_ex__(self, protocol):
        """``pickle`` and ``copy.copy``, as PyTorch's: the data, ``requires_grad``, the class (a ``Parameter``
        stays one) and the attributes a program set; not ``.grad`` or the history (it comes back a leaf).
        ``copy.copy`` shares the data; a pickle holds its own copy (a view's sharing with its base is not kept:
        PyTorch pickles whole storages). A CUDA tensor's data goes through the host (CuPy's pickling).

        >>> import pickle, gradlib
        >>> x = gradlib.tensor([1., 2.], requires_grad=True)
        >>> pickle.loads(pickle.dumps(x * 2))
        tensor([2., 4.], requires_grad=True)
        """
        state = self.__dict__ or None
        return (_rebuild, (type(self), self._array, self._device, self._requires_grad, state))

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
        if CONJUGATE_BIT and has_conjugate_bit(self):
            set_conjugate_bit(out)
        return out

    def detach_(self):
        """Take this tensor out of the graph in place: it becomes a leaf that does not require grad."""
        if self._base is not None:  # any view, whether or not it is in a graph (PyTorch's is_view check)
            raise RuntimeError(_DETACH_VIEW)
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
            raise TypeError(f"Variable data has to be a tensor, but got {_qualified_type_name(value)}")
        if self._requires_grad and not (value.dtype.is_floating_point or value.dtype.is_complex):
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex "
                               "dtype")
        if _capture.recorder is not None:
            _capture.check_storage_swap(self._array, "Tensor.data = ...")
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
        """Convert dtype and/or move device: ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)``;
        ``memory_format=`` stores the result in that order (see ``gradlib._formats``).

        Moving between devices copies the data (the only way data crosses).

        >>> import gradlib
        >>> gradlib.tensor([1, 2]).to(gradlib.float64)
        tensor([1., 2.], dtype=gradlib.float64)
        """
        memory_format = kwargs.pop("memory_format", None)
        _formats.check_format_argument(memory_format)
        target_device, target_dtype, copy = _parse_to(self, args, kwargs)
        out = self
        if target_dtype is not None:
            out = conversion.to_dtype(out, target_dtype, copy and target_device is None, memory_format)
        if target_device is not None:
            out = conversion.to_device(out, target_device, copy)
        if out is self or (memory_format is not None and not out.is_contiguous(memory_format=memory_format)):
            out = conversion.to_memory_format(out, memory_format)  # none of the copies made it in that order yet
        return out

    def cpu(self, memory_format=None):
        """This tensor on the CPU (a copy from the GPU when it is there)."""
        _formats.check_memory_format(memory_format)
        return self.to("cpu", memory_format=memory_format)

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        """This tensor on a CUDA device (a copy); raises with install instructions where there is no GPU.
        ``non_blocking`` is accepted; the copy is synchronous."""
        _formats.check_memory_format(memory_format)
        return self.to(resolve("cuda" if device is None else (device if not isinstance(device, int)
                                                               else f"cuda:{device}")), memory_format=memory_format)

    def float(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.float32, memory_format=memory_format)

    def double(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.float64, memory_format=memory_format)

    def half(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.float16, memory_format=memory_format)

    def bfloat16(self, memory_format=None):
        """``self.to(gradlib.bfloat16)``: rounded to nearest even, as PyTorch's conversion (needs the
        ``bfloat16`` extra, ml_dtypes). Mirrors ``torch.Tensor.bfloat16``.

        >>> import gradlib
        >>> gradlib.tensor([1.0, 3.14159]).bfloat16()
        tensor([1.0000, 3.1406], dtype=gradlib.bfloat16)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.bfloat16)

    def long(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int64, memory_format=memory_format)

    def int(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int32, memory_format=memory_format)

    def short(self, memory_format=None):
        """``self.to(int16)`` (PyTorch's ``Tensor.short``): integer, so never differentiable.

        >>> import gradlib
        >>> x = gradlib.tensor([1.7, -2.2], requires_grad=True)
        >>> x.short(), x.short().requires_grad
        (tensor([ 1, -2], dtype=gradlib.int16), False)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int16, memory_format=memory_format)

    def char(self, memory_format=None):
        """``self.to(int8)`` (PyTorch's ``Tensor.char``): integer, so never differentiable.

        >>> import gradlib
        >>> gradlib.tensor([1.7, -2.2]).char()
        tensor([ 1, -2], dtype=gradlib.int8)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.int8, memory_format=memory_format)

    def byte(self, memory_format=None):
        """``self.to(uint8)`` (PyTorch's ``Tensor.byte``): integer, so never differentiable.

        >>> import gradlib
        >>> gradlib.tensor([1.7, 200.0]).byte()
        tensor([  1, 200], dtype=gradlib.uint8)
        """
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.uint8, memory_format=memory_format)

    def bool(self, memory_format=None):
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.bool, memory_format=memory_format)

    def cfloat(self, memory_format=None):
        """``self.to(complex64)`` (``Tensor.cfloat``)."""
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.complex64, memory_format=memory_format)

    def cdouble(self, memory_format=None):
        """``self.to(complex128)`` (``Tensor.cdouble``)."""
        _formats.check_memory_format(memory_format)
        return self.to(dtypes.complex128, memory_format=memory_format)

    def numpy(self, *, force=False):
        """The data as a NumPy array (shares memory on CPU). Mirrors ``torch.Tensor.numpy``.

        RuntimeError for a tensor that requires grad while grad mode is on (under ``no_grad``, and so inside an
        ``autograd.Function``'s forward, it is allowed, as in PyTorch); TypeError for a CUDA tensor unless
        ``force=True``, and for a bfloat16 tensor ("Got unsupported ScalarType BFloat16", as PyTorch: convert it
        with ``.float()`` first).

        >>> import gradlib
        >>> gradlib.tensor([1., 2.], device='cpu').numpy()
        array([1., 2.], dtype=float32)
        """
        if self._requires_grad and not force and _grad_state.enabled:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        _capture.check_host_read("Tensor.numpy()", "NumPy array")
        if self.dtype is dtypes.bfloat16:  # NumPy has no bfloat16 of its own: PyTorch refuses, so does gradlib
            raise TypeError("Got unsupported ScalarType BFloat16")
        if self._device.type != "cpu":
            if not force:
                raise TypeError(
                    f"can't convert {self._device} device type tensor to numpy. Use Tensor.cpu() to copy the "
                    "tensor to host memory first.")
            return self._device._backend.to_numpy(self._array)
        return self._array

    def __array__(self, dtype=None, copy=None):
        """``np.asarray(t)``, ``np.array(t)`` and every NumPy function given a tensor: the data as ``numpy()``
        gives it (shared on the CPU), so a tensor that requires grad is refused with PyTorch's RuntimeError and a
        CUDA tensor with its TypeError."""
        array = self.numpy()
        if dtype is not None:
            array = array.astype(dtype)
        return array

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """What NumPy gives back for a ufunc (``np.exp(t)``, ``np.add(t, 1)``) or a function it runs on the array
        (``np.argmax(t)``, ``np.transpose(t)``): a CPU tensor sharing the result's memory, 0-d for a scalar
        result, as PyTorch's; a bool result comes back as uint8 (PyTorch's ``__array_wrap__`` does that too).

        >>> import gradlib, numpy as np
        >>> np.exp(gradlib.tensor([0., 1.]))
        tensor([1.0000, 2.7183])
        >>> np.argmax(gradlib.tensor([1., 3., 2.]))
        tensor(1)
        >>> np.greater(gradlib.tensor([1., 3.]), 2)
        tensor([0, 1], dtype=gradlib.uint8)
        """
        if array.dtype == bool:
            array = array.astype("uint8")
        return _creation.from_numpy(array)

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
        return self._python_value("number")

    def _python_value(self, conversion):
        """``item()`` for every conversion to a Python value; ``conversion`` names the kind made (for
        ``gradlib.jit.trace``'s TracerWarning)."""
        if self._array.size != 1:
            raise RuntimeError(f"a Tensor with {self._array.size} elements cannot be converted to Scalar")
        _capture.check_host_read("Tensor.item() (also bool(), float(), int() and Python control flow on a tensor)",
                                 conversion)
        return self._device._backend.item(self._array)

    def tolist(self):
        """The data as (nested) Python lists (copies from the GPU).

        >>> import gradlib
        >>> gradlib.tensor([[1, 2]]).tolist()
        [[1, 2]]
        """
        _capture.check_host_read("Tensor.tolist()", "list")
        return self._device._backend.to_numpy(self._array).tolist()

    def __bool__(self):
        if self._array.size != 1:
            many = "more than one value" if self._array.size else "no values"
            raise RuntimeError(f"Boolean value of Tensor with {many} is ambiguous")
        return bool(self._python_value("boolean"))

    def __float__(self):
        _tensor_methods_torch5.check_float_conversion(self)  # one element; PyTorch's warning when it requires grad
        value = self._python_value("float")
        if value.__class__ is complex:  # PyTorch's refusal of a complex number as a double
            raise RuntimeError("value cannot be converted to type double without overflow")
        return float(value)

    def __complex__(self):
        """``complex(tensor)``: the one element as a Python complex number."""
        self._check_one_element()
        return complex(self._python_value("number"))

    def __int__(self):
        self._check_one_element()
        value = self._python_value("integer")
        if value.__class__ is complex:  # PyTorch's refusal of a complex number as an int64
            raise RuntimeError("value cannot be converted to type int64_t without overflow")
        return int(value)

    def _check_one_element(self):
        if self._array.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")

    def __index__(self):
        if self.dtype.is_floating_point or self.dtype.is_complex or self._array.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._python_value(None))

    def __len__(self):
        if self._array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._array.shape[0]

    def __iter__(self):
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))  # PyTorch's __iter__: views with UnbindBackward0

    def __contains__(self, element):
        """``element in tensor``: whether any element equals ``element`` (a tensor or a number; a host read, as
        PyTorch's ``(element == self).any().item()``)."""
        if isinstance(element, (Tensor, numbers.Number)):
            return bool((element == self).any().item())
        raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a {type(element)}.")

    def __repr__(self):
        return _tensor_str.tensor_repr(self)

    __str__ = __repr__

    def __format__(self, spec):
        # PyTorch formats the number of a plain 0-d tensor; anything else (a Parameter too) is object's format:
        # str(self) for an empty spec, TypeError "unsupported format string passed to X.__format__" otherwise
        if self._array.ndim == 0 and type(self) is Tensor and self._device.type != "meta":
            return format(self.item(), spec)
        return object.__format__(self, spec)

    # ----- new tensors like this one ---------------------------------------------------------------
    def new_zeros(self, *sizes, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
        # PyTorch's new_zeros reports a negative size as empty() does (zeros() has its own words)
        _creation._check_options(layout, pin_memory)
        size = _creation.factory_size("new_zeros", sizes, size)
        return _creation.full(_creation._sizes(size), 0, dtype=dtype or self.dtype, device=device or self._device,
                              requires_grad=requires_grad)

    def new_ones(self, *sizes, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
        sizes = _creation.factory_size("new_ones", sizes, size)
        return _creation.ones(sizes, dtype=dtype or self.dtype, device=device or self._device,
                               requires_grad=requires_grad, layout=layout, pin_memory=pin_memory)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False, layout=None,
                 pin_memory=False):
        if not isinstance(size, (tuple, list)):  # PyTorch's parser: a sequence, even for one dim
            raise TypeError("new_full(): argument 'size' (position 1) must be tuple of ints, not "
                            f"{type(size).__name__}")
        _creation._check_fill_value("new_full", fill_value)
        return _creation.full(size, fill_value, dtype=dtype or self.dtype, device=device or self._device,
                              requires_grad=requires_grad, layout=layout, pin_memory=pin_memory)

    def new_empty(self, *sizes, size=None, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
        sizes = _creation.factory_size("new_empty", sizes, size)
        return _creation.empty(sizes, dtype=dtype or self.dtype, device=device or self._device,
                               requires_grad=requires_grad, layout=layout, pin_memory=pin_memory)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
        _formats.check_layout(layout)
        if isinstance(data, Tensor):
            _creation._warn_copy_construct("tensor.new_tensor")
            if pin_memory:
                _formats.check_pin_memory(pin_memory, _creation.cuda_available)
            return _creation.copy_construct(data, dtype or self.dtype, device or self._device, requires_grad)
        return _creation.tensor(data, dtype=dtype or self.dtype, device=device or self._device,
                                requires_grad=requires_grad, pin_memory=pin_memory)


_DETACH_VIEW = ("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) "
                "for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and "
                "hence detach_() cannot be called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")


def _qualified_type_name(value):
    """A value's type as PyTorch's messages name it: ``numpy.ndarray``, but ``int``."""
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module.partition('.')[0]}.{kind.__qualname__}"


_TO_OVERLOADS = (
    " * (gradlib.device device = None, gradlib.dtype dtype = None, bool non_blocking = False, bool copy = False, *, "
    "gradlib.memory_format memory_format = None)\n"
    " * (gradlib.dtype dtype, bool non_blocking = False, bool copy = False, *, gradlib.memory_format memory_format = "
    "None)\n"
    " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, gradlib.memory_format memory_format = "
    "None)\n")
#: Python types PyTorch's parser takes for a dtype (``x.to(float)``)
_PYTHON_DTYPES = (float, int, bool, complex)
_PYTHON_TYPE_DTYPES = {float: dtypes.float64, int: dtypes.int64, bool: dtypes.bool, complex: dtypes.complex128}


def _to_type_name(value):
    if _is_tensor(value):
        return "Tensor"
    if isinstance(value, dtypes.dtype):
        return "gradlib.dtype"
    if isinstance(value, _device_type):
        return "gradlib.device"
    return type(value).__name__


def _to_refused(args, kwargs):
    got = [_to_type_name(value) for value in args] + [f"{key}={_to_type_name(value)}" for key, value in kwargs.items()]
    described = ", ".join(got) + (", " if kwargs and not args else "")  # PyTorch's printer: keywords only end ", "
    return TypeError(f"to() received an invalid combination of arguments - got ({described}), but expected one of:\n"
                     + _TO_OVERLOADS)


def _is_dtype_argument(value):
    return isinstance(value, dtypes.dtype) or value in _PYTHON_DTYPES


def _is_device_argument(value):
    return value is None or (isinstance(value, (str, int, _device_type)) and not isinstance(value, bool))


def _parse_to(tensor, args, kwargs):
    """Split ``Tensor.to``'s arguments into (device or None, dtype or None, copy) by PyTorch's three overloads:
    ``(device=None, dtype=None, non_blocking=False, copy=False)``, ``(dtype, non_blocking=False, copy=False)`` and
    ``(tensor, non_blocking=False, copy=False)``; a call none of them takes is PyTorch's TypeError."""
    given = dict(kwargs)
    flags = {"non_blocking": False, "copy": False}
    values = list(args)
    if values and (_is_tensor(values[0]) or _is_dtype_argument(values[0])):
        leading = values[:1]
        names = ("non_blocking", "copy")
        if "device" in kwargs or "dtype" in kwargs:
            raise _to_refused(args, given)
    else:
        leading = values[:2]
        names = ("device", "dtype", "non_blocking", "copy")[len(leading):]
        if len(leading) > 1 and not _is_dtype_argument(leading[1]) and leading[1] is not None:
            if isinstance(leading[1], bool):
                leading, names = leading[:1], ("dtype", "non_blocking", "copy")[1:]  # (device, non_blocking, copy)
            else:
                raise _to_refused(args, given)
        if leading and not _is_device_argument(leading[0]):
            raise _to_refused(args, given)
    rest = values[len(leading):]
    if len(rest) > len([n for n in names if n in flags]):
        raise _to_refused(args, given)
    for name, value in zip([n for n in names if n in flags], rest):
        if not isinstance(value, bool):
            raise _to_refused(args, given)
        flags[name] = value
    device_value = leading[0] if leading and not _is_tensor(leading[0]) and not _is_dtype_argument(leading[0]) \
        else None
    dtype_value = leading[1] if len(leading) > 1 else (leading[0] if leading and _is_dtype_argument(leading[0])
                                                        else None)
    for key, value in kwargs.items():
        if key in flags and key in names and isinstance(value, bool):
            flags[key] = value
        elif key == "device" and "device" in names and _is_device_argument(value):
            device_value = value
        elif key == "dtype" and "dtype" in names and (value is None or _is_dtype_argument(value)):
            dtype_value = value
        else:
            raise _to_refused(args, given)
    target_device = None
    target_dtype = None
    if leading and _is_tensor(leading[0]):
        target_device, target_dtype = leading[0]._device, leading[0].dtype
    if dtype_value is not None:
        # Python's types are PyTorch's parser's dtypes: float is float64 (not the default dtype), int int64
        target_dtype = _PYTHON_TYPE_DTYPES.get(dtype_value) or dtypes.as_dtype(dtype_value)
    if device_value is not None:
        try:
            target_device = resolve(device_value)
        except RuntimeError:
            if isinstance(device_value, str):
                raise RuntimeError(f"Invalid device string: '{device_value}'") from None
            raise
    if target_device is not None:
        backend_for(target_device)
    return target_device, target_dtype, flags["copy"]


_tensor_operators.OPERANDS.add(Tensor)  # the common operand, checked by class first
