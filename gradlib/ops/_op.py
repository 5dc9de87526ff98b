"""The base class of built-in ops and the one place where an op is recorded.

An op is a small node class with ``forward`` and ``backward`` side by side::

    class MulBackward0(Op):
        promote = True

        @staticmethod
        def forward(ctx, xp, a, b):
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx, P, grad):
            a, b = P.saved(ctx)
            return grad * b, grad * a

The op author's contract (everything else on ``ctx`` is private):

- ``forward(ctx, xp, *args)`` receives raw arrays (and non-tensor arguments as they are) plus the array module
  ``xp``; it may keep non-tensor facts as attributes listed in ``__slots__`` and saves arrays with
  ``ctx.save_for_backward(...)``.
- ``backward(ctx, P, grad)`` receives the output's gradient and the primitives ``P`` (``ops/_primitives.py``:
  raw ``xp`` functions on the fast first-order path, gradlib's own differentiable functions under
  ``create_graph=True``, so one formula serves both). Use only ``P``'s names, operators, ``P.saved(ctx)``,
  ``ctx.input_shape(i)``, ``ctx.input_dtype(i)``, ``ctx.needs_input_grad`` and ``ctx.xp`` (the array module,
  for building index arrays on the fast path).
- ``backward`` returns one gradient per *tensor* input, in order (non-tensor arguments get no slot, unlike a
  custom ``autograd.Function``, whose backward returns one per ``forward`` argument), or None where none is
  needed. Return it in the broadcast output's shape and the computation dtype: the engine reduces it to the
  input's shape and dtype.
- The class name is the name PyTorch gives the node; when two classes share one (a tensor or a scalar operand),
  set ``node_name = "MulBackward0"`` on the second. ``Node.__init_subclass__`` then gives the class PyTorch's
  type names (``__name__``/``__qualname__`` ``MulBackward0``, ``__module__`` ``'builtins'``); the module holds it
  under its own name, kept as ``_impl_name``.

Devices: the tensor arguments share one device, except that up to ``cpu_scalars`` 0-d CPU tensors may join an
op on a GPU (PyTorch's TensorIterator rule, ``iterator_device``); they enter ``forward`` as NumPy scalars and get
their gradient back on the CPU. Ops whose PyTorch kernel checks devices otherwise (mm, gather, cat, ...) check
first with that kernel's message (``check_argument_devices``). ``forward`` runs with
the tensors' GPU current (the backend's device guard), so tensors on cuda:1 work whichever GPU is current.
"""
import functools
import re
import sys

from .. import _tensor as _tensor_module
from .. import _layout, dtypes
from ..autograd import anomaly as _anomaly
from ..autograd import capture as _capture
from ..autograd import saved_hooks as _saved_hooks
from ..autograd.grad_mode import state as _grad_state
from ..autograd.graph import NO_EDGE, Node, edge_of, record_inputs
from ..backends import numpy_backend as _numpy_backend
from ..backends import quiet as _quiet
from ..device import CPU
from . import _batching, _casts, _recording
from ._broadcast import broadcast_shapes

__all__ = ["Op", "REDUCTIONS", "apply_unrecorded_scalar", "elementwise_op", "check_argument_devices", "check_tensor_iterator_devices", "iterator_device",
           "saved_sizes", "saved_numel", "saved_dims", "saved_param", "saved_int", "symint",
           "saved_reduction"]


def saved_sizes(index=0):
    """A ``saved_scalars`` entry: the shape tensor input ``index`` had (PyTorch's ``_saved_self_sym_sizes``)."""
    return lambda node: tuple(node.input_shape(index))


def saved_numel(node):
    """A ``saved_scalars`` entry: the element count of tensor input 0 (PyTorch's ``_saved_self_sym_numel``)."""
    count = 1
    for size in node.input_shape(0):
        count *= size
    return count


def saved_param(index):
    """A ``saved_scalars`` entry: parameter ``index`` of an ``elementwise_op`` node (``elu``'s alpha)."""
    return lambda node: node.params[index]


def symint(value):
    """An int argument as PyTorch's node shows it (a SymInt): a negative one read as uint64 (-1 -> 2**64 - 1)."""
    return value % (1 << 64) if value < 0 else value


def saved_int(attribute):
    """A ``saved_scalars`` entry: the int the node keeps in ``attribute``, shown as PyTorch shows it (``symint``)."""
    return lambda node: symint(getattr(node, attribute))


#: PyTorch's reduction enum (at::Reduction), as its loss nodes show ``_saved_reduction``
REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}


def saved_reduction(node):
    """A ``saved_scalars`` entry: the loss node's ``reduction`` ('none', 'mean', 'sum') as PyTorch's enum value."""
    return REDUCTIONS[node.reduction]


def saved_dims(attribute):
    """A ``saved_scalars`` entry: the node's dims kept in ``attribute`` as PyTorch's tuple (None: all dims)."""
    def value(node):
        dims = getattr(node, attribute)
        if dims is None:
            return None
        return tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    return value


def mixed_device_error(first, second):
    return RuntimeError(
        "Expected all tensors to be on the same device, but found at least two devices, "
        f"{first} and {second}!")


def _public_name(cls):
    """The function PyTorch names in its errors for the node class ``cls`` (ExpBackward0 -> exp,
    LogSoftmaxBackward0 -> log_softmax)."""
    stem = re.sub(r"Backward\d*$", "", cls.__name__)
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", stem).lower()


def _not_a_tensor(cls, args):
    """PyTorch's TypeError for an op called without a tensor (``exp([1.0])``, ``exp(None)``)."""
    found = type(args[0]).__name__ if args else "nothing"
    return TypeError(f"{_public_name(cls)}(): argument 'input' (position 1) must be Tensor, not {found}")


def _is_complex(grad):
    """Whether a gradient (an array, a Tensor, or a tuple of them with None) is complex."""
    if grad.__class__ is tuple:
        return any(item is not None and _is_complex(item) for item in grad)
    kind = grad.dtype
    return getattr(kind, "kind", None) == "c" or getattr(kind, "is_complex", False) is True


def _conjugating(backward):
    """``backward`` for complex gradients: conj(backward(conj(grad))), which turns a holomorphic op's real formula
    ``grad * f'(z)`` into PyTorch's conjugate-Wirtinger ``grad * conj(f'(z))``; real gradients pass untouched."""
    def run(ctx, P, grad):
        if not _is_complex(grad):
            return backward(ctx, P, grad)
        conj = P.conj
        if grad.__class__ is tuple:
            grad = tuple(None if item is None else conj(item) for item in grad)
        else:
            grad = conj(grad)
        grads = backward(ctx, P, grad)
        if grads.__class__ is tuple:
            return tuple(None if item is None else conj(item) for item in grads)
        return None if grads is None else conj(grads)
    run.__name__ = backward.__name__
    run.__doc__ = backward.__doc__
    run.__wrapped__ = backward
    return run


def _conjugating_method(backward):
    """``_conjugating`` for a backward written as a classmethod (``backward(cls, ctx, P, grad)``)."""
    def method(cls, ctx, P, grad):
        return _conjugating(lambda ctx, P, grad: backward(cls, ctx, P, grad))(ctx, P, grad)
    method.__name__ = backward.__name__
    method.__doc__ = backward.__doc__
    method.__wrapped__ = backward
    return method


class _SavedAttribute:
    """``grad_fn._saved_<key>`` (``raw`` False) or ``grad_fn._raw_saved_<key>`` (``raw`` True): PyTorch's
    introspection of a node's saved values, a descriptor on the node class.

    Why a descriptor and not ``__getattr__``: a class defining ``__getattr__`` gets CPython's generic attribute
    hook, which 3.11's specializing interpreter does not specialize, so every attribute read on every node (the
    engine reads ``_edges``, ``_saved`` ... per node) went the slow way: 68 ns instead of 18 ns per read."""

    __slots__ = ("key", "raw", "name")

    def __init__(self, key, raw):
        self.key = key
        self.raw = raw
        self.name = ("_raw_saved_" if raw else "_saved_") + key

    def applies(self, cls):
        """Whether nodes of ``cls`` have this attribute (a subclass may save less than the class defining it)."""
        if self.key in cls.saved_names:
            return True
        return self.key in cls.saved_scalars and (not self.raw or cls.saved_scalars[self.key] is None)

    def __get__(self, node, owner=None):
        if node is None:
            return self
        cls = type(node)
        key = self.key
        if key in cls.saved_names:
            index = cls.saved_names.index(key)
            return _saved_hooks.SavedTensor(node, index) if self.raw else _saved_tensor(node, index)
        if key in cls.saved_scalars:
            attribute = cls.saved_scalars[key]
            if attribute is None:  # a tensor PyTorch saved as undefined (x * 2's self)
                return _saved_hooks.SavedTensor(node, None) if self.raw else None
            if not self.raw:
                if callable(attribute):  # a value derived from what the node keeps (saved_sizes, saved_dim, ...)
                    return attribute(node)
                value = getattr(node, attribute)
                if key == "other":  # PyTorch keeps a Python scalar operand as a 0-d tensor (a wrapped number)
                    device = node._device
                    value = _tensor_module.wrap(device._backend.asarray(value, None, device), device)
                return value
        # a subclass that saves less than the class that defined the attribute
        raise AttributeError(f"'{cls.__name__}' object has no attribute '{self.name}'")


def _install_saved_attributes(cls):
    """The ``_saved_<key>`` and ``_raw_saved_<key>`` descriptors of ``cls``'s saved values (``saved_names``,
    ``saved_scalars``; ``_raw_saved_`` only for tensors), where no class of its MRO has them yet."""
    keys = [(key, True) for key in cls.saved_names if key is not None]  # None: an entry PyTorch does not show
    keys += [(key, value is None) for key, value in cls.saved_scalars.items()]
    for key, is_tensor in keys:
        wanted = [(False, "_saved_" + key)] + ([(True, "_raw_saved_" + key)] if is_tensor else [])
        for raw, name in wanted:
            if not any(name in owner.__dict__ for owner in cls.__mro__):
                setattr(cls, name, _SavedAttribute(key, raw))


class Op(Node):
    """Base class of built-in ops (see the module docstring)."""

    __slots__ = ()
    _base = True  # keeps its own names (Node.__init_subclass__ gives its subclasses PyTorch's)

    #: cast tensor inputs (and Python scalars) to PyTorch's common result dtype first
    promote = False
    #: integer/bool inputs compute in the default float dtype (exp, sqrt, true division, ...)
    int_to_float = False
    #: how many leading arguments take part in type promotion (None: all); the rest are parameters (add's alpha)
    operands = None
    #: the output is a view of input 0 and shares its version counter
    is_view = False
    #: False for ops whose outputs are never differentiable (comparisons, argmax)
    differentiable = True
    #: indices of outputs that are never differentiable (the indices of max(dim))
    nondiff_outputs = ()
    #: the output lives on the device given as the last argument (explicit copies only)
    moves_device = False
    #: an elementwise op (TensorIterator in PyTorch): its output takes the layout of its inputs
    #: (``_layout.iterator_strides``: a channels-last input gives a channels-last result)
    pointwise = False
    #: a Python number among the first two arguments is an operand, as PyTorch's wrapped 0-d tensor (``x + 1``,
    #: ``x > 0``; not ``x ** 2`` or ``clamp``'s bounds, which its kernels take as parameters)
    scalar_operands = False
    #: the layout PyTorch's kernel gives the output whatever the inputs' (None: as the forward made it):
    #: "contiguous" (softmax, layer_norm, keepdim reductions), "suggested" (channels-last when input 0's
    #: strides suggest it, else row-major: padding, upsampling, adaptive max pooling) or "preserve" (input 0's
    #: strides where it is dense, ``empty_like``'s rule: flip, sort)
    output_format = None
    #: with several differentiable outputs, backward receives a tuple of their gradients (None where absent)
    num_outputs = 1
    #: float16 and bfloat16 inputs compute in float32 and float32 results are rounded back, as every PyTorch CPU
    #: kernel of a half float does (see _casts.forward_low_in_float32: float16([1, 2, 65504]).norm() is finite,
    #: ``x / 3.3`` reads 3.3 unrounded); False for an op whose float32 result is its point (the dtype conversion)
    bfloat16_in_float32 = True
    #: False where PyTorch's CPU kernel for float16 computes each step in Half (c10::Half arithmetic rounds after
    #: every operation: grid_sampler's scalar code), so NumPy's float16 steps give its values; bfloat16 still widens
    float16_in_float32 = True
    #: PyTorch's mul and true-division kernels read a one-element second operand unrounded, in float32
    bfloat16_opmath_other = False
    #: PyTorch's derivative is one kernel computing in float (sigmoid_backward, the activations' *_backward,
    #: _softmax_backward_data, a mul by a scalar): a float16 gradient runs the formula in float32 and rounds once.
    #: Otherwise (Node's False) each step of a float16 formula rounds to float16, as PyTorch's separate kernels do
    #: (a norm's gradient of large values overflows as in PyTorch); bfloat16 formulas always run in float32
    #: ``forward_low(ctx, xp, low, *args)``: the forward of float16/bfloat16 inputs (widened to float32; ``low``
    #: the half NumPy dtype) where PyTorch's kernel rounds a step to the half dtype (add's alpha, xlogy's log);
    #: None: ``forward`` on the widened inputs, rounded once
    forward_low = None
    #: how many 0-d CPU tensors may join the op on a GPU (PyTorch's TensorIterator: one for binary ops and lerp,
    #: none for ternary ops and clamp)
    cpu_scalars = 1
    #: per tensor input, the indices of the saved values its gradient reads (None: keep everything). When an input
    #: needs no gradient, saved values only its gradient reads are dropped at record time: ``y * c`` with a
    #: constant ``c`` keeps ``c``, not ``y`` (a chain of them would otherwise hold every intermediate alive).
    saved_for_inputs = None
    #: the backward formula handles complex gradients itself (non-holomorphic ops, real <-> complex); otherwise a
    #: complex gradient is conjugated around the formula, so that ``grad * f'(z)`` gives PyTorch's
    #: ``grad * conj(f'(z))`` (see ``ops/complex_ops.py``)
    complex_aware = False
    #: ``capture_check(arrays)``: why this call cannot be captured for replay (its output's shape depends on the
    #: values, as mask indexing), or None; None for ops that always can (see gradlib.graphs)
    capture_check = None

    #: the order PyTorch packs this node's saved values in under saved_tensors_hooks (indices into the saved
    #: tuple), where it is not the order they were saved in
    pack_order = None
    #: PyTorch's names of the saved tuple's entries (``grad_fn._saved_self``, ``_saved_other``, ``_saved_result``;
    #: None for an entry PyTorch's node does not keep)
    saved_names = ()
    #: PyTorch's names of saved Python numbers: {name: attribute of the node, or a function of the node (see
    #: ``saved_sizes``)}
    saved_scalars = {}

    @staticmethod
    def forward(ctx, xp, *args):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, P, grad):
        raise NotImplementedError

    #: ``backward`` as the class wrote it, without the conjugation around it (``_conjugating``): what the engine
    #: calls for a real gradient on its fast path (one frame and an ``_is_complex`` call fewer per node)
    _real_backward = backward

    @property
    def xp(self):
        """The array module (NumPy or CuPy) of the node's device, for backward code that builds arrays (indices,
        masks) on the fast path. Formulas themselves use the primitives namespace, which also serves
        ``create_graph``."""
        return self._device._backend.xp

    def __dir__(self):
        # PyTorch's dir(grad_fn) lists the saved values this node has, and no other class's
        cls = type(self)
        return sorted(name for name in super().__dir__()
                      if not isinstance(getattr(cls, name, None), _SavedAttribute) or getattr(cls, name).applies(cls))

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in _CONTRACT:
            if name in cls.__dict__ or name in cls.__dict__.get("__slots__", ()):
                raise TypeError(f"{cls.__name__} redefines {name!r}, a name of the op-author contract of Op")
        _install_saved_attributes(cls)
        backward = cls.__dict__.get("backward")
        # a device copy's gradient is the incoming one, moved back: no conjugation (its grad lives on another device)
        conjugates = not (cls.complex_aware or cls.moves_device)
        if isinstance(backward, staticmethod) and conjugates:
            cls.backward = staticmethod(_conjugating(backward.__func__))
        elif isinstance(backward, classmethod) and conjugates:
            cls.backward = classmethod(_conjugating_method(backward.__func__))
        if backward is not None:
            cls._real_backward = backward
        else:  # inherited: the formula ``cls.backward`` resolves to (a mixin's may come before an Op base's:
            # FloorDivide's refusal before DivRoundedBackward2's formula), as its owner wrote it
            for owner in cls.__mro__[1:]:
                if "backward" in owner.__dict__:
                    cls._real_backward = owner.__dict__.get("_real_backward", owner.__dict__["backward"])
                    break
        if "forward" in cls.__dict__ and "forward_low" not in cls.__dict__:
            cls.forward_low = None  # a half-float forward belongs to the forward it was written for
        # Flags read on every call, combined once per class.
        cls._may_cast = bool(cls.promote or cls.int_to_float)
        cls._special = bool(cls.moves_device or cls.is_view)
        # a view must share its input's storage, a device copy moves it as it is: neither computes in float32
        cls._widens_low = bool(cls.bfloat16_in_float32 and not cls._special)
        # apply's fast path serves the op (the rest: Op._apply: float16 and bfloat16 inputs never take it)
        cls._fast = not cls._special
        # apply lays the output out (_layout): _FORMATTED (output_format), True (pointwise), False (neither); one
        # class attribute read on the fast path instead of two
        cls._arranges = _FORMATTED if cls.output_format is not None else bool(cls.pointwise)
        # the engine calls backward itself, without _run_backward's frame (engine._walk)
        cls._direct_backward = not cls.multi_output and cls._run_backward is Op._run_backward
        reads = cls.saved_for_inputs
        if reads is not None and len(reads) == 2:  # which of two saved inputs each input's gradient reads
            cls._read_by_first = (0 in reads[0], 1 in reads[0])
            cls._read_by_second = (0 in reads[1], 1 in reads[1])
        if "apply" not in cls.__dict__:
            cls.apply = classmethod(_recording.own_copy(Op.__dict__["apply"].__func__, cls))
            cls.save_for_backward = _recording.own_copy(Op.save_for_backward, cls)
            cls.needs_input_grad = property(_recording.own_copy(Node.needs_input_grad.fget, cls))

    def _run_backward(self, P, grad):
        if self.multi_output:
            grad = tuple(grad.get(index) for index in range(self.num_outputs))
        grads = self.backward(self, P, grad)
        if grads.__class__ is not tuple:
            return (grads,)
        return grads

    def save_for_backward(self, *arrays):
        """Keep ``arrays`` (inputs or outputs of forward) for backward."""
        self._saved = arrays

    @classmethod
    def apply(cls, *args):
        """Run the op on tensors (and plain arguments); record a node when grad is needed."""
        # The common case, taken without the general path's questions: CPU tensors of one float32/float64 dtype
        # (no view written through its base since), plain Python arguments, no capture for replay. Such a call
        # needs no cast, no device guard and no conversion of its arguments; anything else takes _apply.
        if _batching.active and _batching.has_batched(args):  # inside vmap: the batching rules
            return _batching.dispatch(cls, args)
        if not cls._fast or not args or _capture.recorder is not None:
            return cls._apply(args)
        first = args[0]
        if first.__class__ is not _tensor_module.Tensor and not isinstance(first, _tensor_module.Tensor):
            return cls._apply(args)  # (the class test first: a plain Tensor needs no isinstance call)
        array = first._array
        dtype = array.dtype
        if first._device is not CPU or (dtype is not _SINGLE and dtype is not _DOUBLE) or (
                first._base is not None and first._view_version is not None and first._vc[0] != first._view_version):
            return cls._apply(args)
        requires_grad = first._requires_grad
        count = len(args)
        if count == 1:
            tensors = (first,)
            arrays = (array,)
        elif count == 2 and (args[1].__class__ is float or (
                args[1].__class__ is int and _INT_LOW <= args[1] <= _INT_HIGH)):  # (else _apply: OverflowError)
            tensors = (first,)
            arrays = (array, args[1])
        elif (count == 2 or (count == 3 and args[2].__class__ is int)) and (
                args[1].__class__ is _tensor_module.Tensor or isinstance(args[1], _tensor_module.Tensor)):
            second = args[1]  # two tensors (and add's alpha)
            if second._device is not CPU or second._array.dtype is not dtype or (
                    second._base is not None and second._view_version is not None
                    and second._vc[0] != second._view_version):
                return cls._apply(args)
            tensors = (first, second)
            arrays = (array, second._array) if count == 2 else (array, second._array, args[2])
            if second._requires_grad:
                requires_grad = True
        else:
            arrays = _plain_arguments(args, dtype)
            if arrays is None:
                return cls._apply(args)
            tensors = arrays[0]
            arrays = arrays[1]
            if not requires_grad:
                for tensor in tensors:
                    if tensor._requires_grad:
                        requires_grad = True
                        break
        ctx = _new(cls)
        ctx._saved = None
        quiet = _quiet_enter()  # NumPy's overflow/invalid-value warnings: PyTorch prints none
        try:
            out = cls.forward(ctx, _NUMPY_XP, *arrays)
        except ValueError:
            check_broadcastable(tensors)  # NumPy's message differs from PyTorch's; say it PyTorch's way
            raise
        finally:
            _quiet_leave(quiet)
        if out.__class__ is not _NUMPY_ARRAY:
            if out.__class__ is tuple:
                return _finish(cls, ctx, args, arrays, tensors, CPU, CPU, CPU._backend, out, requires_grad, False,
                               ())
            out = _as_array(CPU._backend, ctx, out)  # a NumPy scalar (a full reduction)
        arranges = cls._arranges
        if arranges:
            if arranges is _FORMATTED:
                out = _formatted_output(cls, ctx, _NUMPY_XP, tensors, out)
            else:
                # Row-major inputs give a row-major result in NumPy and PyTorch alike: nothing to do. An input's
                # size-1 dims (whose strides NumPy's c_contiguous flag ignores) matter only where the output has
                # size 1 too: elsewhere they are broadcast, stride 0 to TensorIterator. So the output's shape is
                # asked once, not each input's shape and size (measured: ~1,300 instructions fewer per input).
                for tensor in tensors:
                    if not tensor._array.flags.c_contiguous:
                        out = _pointwise_layout(cls, ctx, _NUMPY_XP, tensors, args, out)
                        break
                else:
                    if 1 in out.shape or not out.size:
                        for tensor in tensors:
                            if not _is_row_major(tensor._array):
                                out = _pointwise_layout(cls, ctx, _NUMPY_XP, tensors, args, out)
                                break
        # _tensor.wrap, inlined: this is the hottest allocation of the library
        outputs = _new(_tensor_module.Tensor)
        outputs._array = out
        outputs._device = CPU
        outputs._grad_fn = None
        outputs._requires_grad = False
        outputs._output_nr = 0
        outputs._vc = None
        outputs._grad = None
        outputs._base = None
        outputs._grad_accumulator = None
        outputs._is_inference = False
        outputs._hooks = None
        outputs._view_version = None
        state = _grad_state
        if not (requires_grad and state.enabled and cls.differentiable):
            if state.inference:
                _mark_inference(outputs)
            return outputs
        # graph.record_inputs, inlined for one and two tensors
        grad_fn = first._grad_fn
        if grad_fn is not None:
            edge = (grad_fn, first._output_nr)
        elif first._requires_grad:
            edge = edge_of(first)  # a leaf
        else:
            edge = NO_EDGE  # a constant (the input of a first layer): edge_of's answer, without its frame
        if len(tensors) == 1:
            ctx._edges = (edge,)
            ctx._input_meta = ((array.shape, dtype),)
        elif len(tensors) == 2:
            second = tensors[1]
            grad_fn = second._grad_fn
            if grad_fn is not None:
                second_edge = (grad_fn, second._output_nr)
            else:
                second_edge = edge_of(second) if second._requires_grad else NO_EDGE  # a constant: no edge
            ctx._edges = (edge, second_edge)
            ctx._input_meta = ((array.shape, dtype), (second._array.shape, dtype))
        else:
            record_inputs(ctx, tensors)
        ctx._device = CPU
        ctx._extras = None
        outputs._grad_fn = ctx
        outputs._requires_grad = True
        saved = ctx._saved
        if saved:  # no saved values (None, or a wrapped scalar's empty record): nothing to describe
            if len(tensors) == 2 and not _saved_hooks_state.saved_hooks and len(saved) == 2 and (
                    saved[0] is array and saved[1] is tensors[1]._array and tensors[1]._array is not array):
                # a binary op that saved its two inputs (mul, mm): save_plain_values, inlined; a constant
                # operand's value is kept only where the gradient that needs it reads it (y * c keeps c)
                ctx._saved = _recording.save_inputs(cls, ctx._edges, array, first, tensors[1])
            else:
                if cls.saved_for_inputs is not None and NO_EDGE in ctx._edges:
                    saved = _needed_saved(saved, cls.saved_for_inputs, ctx._edges)
                if _saved_hooks_state.saved_hooks or len(tensors) > 2 or (
                        len(tensors) == 2 and tensors[1]._array is array):
                    ctx._saved = _saved_hooks.save_op_values(saved, (), tensors, outputs, cls.pack_order)
                elif len(saved) == 1 and saved[0] is array and not first._is_inference:
                    counter = first._vc  # a unary op saving its input (sin, log, ...): save_plain_values, inlined
                    if counter is None:
                        counter = first._vc = [0]
                    value = _new(_SavedValue)  # SavedValue(array, first, counter), without its __init__
                    value.array = array
                    value.tensor = first
                    value.counter = counter
                    value.version = counter[0]
                    value.output_nr = value.device = value.unpack_hook = value.packed = None
                    ctx._saved = (value,)
                elif len(saved) == 1 and saved[0] is out and out is not array and (
                        len(tensors) == 1 or tensors[1]._array is not out):
                    # an op that saved its own output (relu, exp, tanh, log_softmax): save_plain_values, inlined
                    counter = outputs._vc = [0]
                    value = _new(_SavedValue)  # SavedValue(out, None, counter, 0, CPU), without its __init__
                    value.array = out
                    value.tensor = None
                    value.counter = counter
                    value.version = 0
                    value.output_nr = 0
                    value.device = CPU
                    value.unpack_hook = value.packed = None
                    ctx._saved = (value,)
                else:
                    ctx._saved = _saved_hooks.save_plain_values(saved, tensors, outputs)
        if _anomaly.state.enabled:
            _anomaly.remember_forward(ctx)
        return outputs

    @classmethod
    def _apply(cls, args):
        """``apply``'s general path: promotion casts, mixed devices, GPUs, views, capture for replay."""
        Tensor = _tensor_module.Tensor
        arrays = []
        tensors = []
        device = None
        mixed = False
        requires_grad = False
        wide_int = False
        for arg in args:
            if isinstance(arg, Tensor):
                if arg._base is not None and arg._view_version is not None and arg._vc[0] != arg._view_version:
                    _tensor_module.refresh_view(arg)  # a view written through its base meanwhile
                if device is None:
                    device = arg._device
                elif arg._device is not device:
                    mixed = True
                tensors.append(arg)
                arrays.append(arg._array)
                if arg._requires_grad:
                    requires_grad = True
            elif arg.__class__ is int:
                arrays.append(arg)
                if not 0 <= arg <= 127:  # may not fit an integer dtype: see _casts.wrap_integer_scalars
                    wide_int = True
                    dtypes.check_scalar_int(arg)  # no Scalar holds it: PyTorch's OverflowError
            elif arg.__class__ in _NUMPY_SCALARS:
                arg = dtypes.plain_scalar(arg)  # PyTorch reads a NumPy scalar as a Python scalar
                arrays.append(arg)
                if arg.__class__ is int and not 0 <= arg <= 127:
                    wide_int = True
            else:
                arrays.append(arg)

        if mixed:
            device = iterator_device(tensors, cls.cpu_scalars)
        elif device is None:
            raise _not_a_tensor(cls, args)
        ctx = _new(cls)
        ctx._saved = None
        input_device = device
        backend = device._backend
        guard = None
        if backend.needs_guard:
            guard = backend.guard(device)
            guard.__enter__()  # casts and kernels run on the tensors' GPU, whichever GPU is current
        quiet = _quiet_enter()  # NumPy's overflow/invalid-value warnings: PyTorch prints none
        try:
            casts = ()
            if cls._may_cast:
                first = tensors[0]._array.dtype
                if cls.int_to_float or first.kind != "f":
                    if _casts.needs_cast(cls, arrays, tensors):
                        casts = _casts.promote(cls, arrays, tensors)
                elif len(tensors) == 1 or (len(tensors) == 2 and tensors[1]._array.dtype is first):
                    pass  # float tensors of one dtype (and scalars): already the result dtype, no call needed
                elif _casts.needs_cast(cls, arrays, tensors):
                    casts = _casts.promote(cls, arrays, tensors)
            if wide_int and cls.promote:
                _casts.wrap_integer_scalars(cls, arrays)
            if mixed:
                casts = _host_scalars(args, arrays, device, casts)
            if _capture.recorder is not None and cls.capture_check is not None:
                _refuse_data_dependent(cls, arrays)
            if cls._widens_low and _casts.has_low_float(arrays):
                out = _casts.forward_low_in_float32(cls, ctx, backend.xp, arrays, casts)
            else:
                out = cls.forward(ctx, backend.xp, *arrays)
        except ValueError:
            check_broadcastable(tensors)  # NumPy's message differs from PyTorch's; say it PyTorch's way
            raise
        finally:
            _quiet_leave(quiet)
            if guard is not None:
                guard.__exit__(None, None, None)
        if cls._special:
            if cls.moves_device:
                device = args[-1]
                backend = device._backend
        return _finish(cls, ctx, args, arrays, tensors, input_device, device, backend, out, requires_grad, mixed,
                       casts)


#: True while the op classes' ``apply`` are wrapped (the autograd profiler sets it): ``apply_unrecorded_scalar`` then
#: calls ``cls.apply``, so the wrapper sees the call
apply_wrapped = False


def apply_unrecorded_scalar(cls, tensor, scalar):
    """``cls.apply(tensor, scalar)`` for a call that records nothing (grad mode off, or ``tensor`` needs no
    gradient) of a scalar op (``AddScalar``, ``MulScalar``: the operators' ``t * 0.1``, ``lr * p.grad``): the
    result of apply's fast path without the questions whose answers are known here (one tensor, a Python
    number, no node, no saved values): ~110 bytecodes a call instead of ~190. Only a CPU float32/float64 tensor
    that is no view, laid out row-major with no size-1 or empty dims (its result then needs no layout fix),
    outside vmap, capture for replay and the autograd profiler (which wraps each class's ``apply``: it sets
    ``apply_wrapped`` while it does), takes it; anything else is ``cls.apply``. A module function, not a classmethod:
    calling a classmethod through its class costs ~770 instructions more (callgrind, Python 3.11)."""
    array = tensor._array
    dtype = array.dtype
    if (dtype is not _SINGLE and dtype is not _DOUBLE) or tensor._device is not CPU or tensor._base is not None or (
            _capture.recorder is not None or _batching.active or apply_wrapped or not array.flags.c_contiguous or 1 in array.shape
            or not array.size or not array.ndim or (scalar.__class__ is int and not _INT_LOW <= scalar <= _INT_HIGH)):
        return cls.apply(tensor, scalar)  # (an int no Scalar holds: its OverflowError)
    quiet = _quiet_enter()  # NumPy's overflow/invalid-value warnings: PyTorch prints none
    try:
        out = cls.forward(_new(cls), _NUMPY_XP, array, scalar)
    finally:
        _quiet_leave(quiet)
    # _tensor.wrap, inlined (as in Op.apply)
    outputs = _new(_tensor_module.Tensor)
    outputs._array = out
    outputs._device = CPU
    outputs._grad_fn = None
    outputs._requires_grad = False
    outputs._output_nr = 0
    outputs._vc = None
    outputs._grad = None
    outputs._base = None
    outputs._grad_accumulator = None
    outputs._is_inference = _grad_state.inference
    outputs._hooks = None
    outputs._view_version = None
    return outputs


def _finish(cls, ctx, args, arrays, tensors, input_device, device, backend, out, requires_grad, mixed, casts):
    """Wrap ``out``, what ``cls.forward`` returned, in Tensors on ``device`` and record the node ``ctx`` when a
    gradient is needed."""
    if True:  # (the body of Op.apply once; kept at its indentation)
        Tensor = _tensor_module.Tensor
        array_type = backend.array_type
        if cls.output_format is not None:
            out = _formatted_output(cls, ctx, backend.xp, tensors, out)
        if out.__class__ is tuple:
            wrap = _tensor_module.wrap
            outputs = tuple(wrap(o if o.__class__ is array_type else _as_array(backend, ctx, o), device)
                            for o in out)
        else:
            if cls.pointwise and out.__class__ is array_type:
                for tensor in tensors:
                    if not _is_row_major(tensor._array):
                        out = _pointwise_layout(cls, ctx, backend.xp, tensors, args, out)
                        break
            # _tensor.wrap, inlined: this is the hottest allocation of the library
            outputs = _new(Tensor)
            outputs._array = out if out.__class__ is array_type else _as_array(backend, ctx, out)
            outputs._device = device
            outputs._grad_fn = None
            outputs._requires_grad = False
            outputs._output_nr = 0
            outputs._vc = None
            outputs._grad = None
            outputs._base = None
            outputs._grad_accumulator = None
            outputs._is_inference = False
            outputs._hooks = None
            outputs._view_version = None
        if cls._special and cls.is_view:
            _share_version(tensors[0], outputs)
        state = _grad_state
        if not (requires_grad and state.enabled and cls.differentiable):
            if state.inference:
                _mark_inference(outputs)
            if _capture.recorder is not None:
                _record_for_replay(cls, ctx, args, arrays, input_device, out, outputs, False)
            return outputs

        record_inputs(ctx, tensors)
        ctx._device = input_device
        ctx._extras = None
        if mixed:
            ctx._get_extras().input_devices = tuple(tensor._device for tensor in tensors)
        if outputs.__class__ is tuple:
            nondiff = cls.nondiff_outputs
            for index, output in enumerate(outputs):
                if index not in nondiff:
                    output._grad_fn = ctx
                    output._requires_grad = True
                    output._output_nr = index
        else:
            outputs._grad_fn = ctx
            outputs._requires_grad = True
        if ctx._saved:  # no saved values: nothing to describe (the fast path)
            saved = ctx._saved
            if cls.saved_for_inputs is not None and NO_EDGE in ctx._edges:
                saved = _needed_saved(saved, cls.saved_for_inputs, ctx._edges)
            ctx._saved = _saved_hooks.save_op_values(saved, casts, tensors, outputs, cls.pack_order)
        if _anomaly.state.enabled:
            _anomaly.remember_forward(ctx)
        if _capture.recorder is not None:
            _record_for_replay(cls, ctx, args, arrays, input_device, out, outputs, True)
        return outputs


_new = object.__new__
_SINGLE = dtypes.float32.np  # the float dtypes of apply's fast path
_DOUBLE = dtypes.float64.np
_saved_hooks_state = _grad_state  # .saved_hooks: this thread's saved_tensors_hooks (saved_hooks._state)
_SavedValue = _saved_hooks.SavedValue
_NUMPY_XP = _numpy_backend.xp  # the CPU's array module and array type (apply's fast path)
_NUMPY_ARRAY = _numpy_backend.array_type
_CONTRACT = ("input_shape", "input_dtype", "xp", "needs_input_grad", "save_for_backward", "_edges")
_quiet_enter = _quiet.enter
_quiet_leave = _quiet.leave
_NUMPY_SCALARS = dtypes.NUMPY_SCALAR_TYPES
_INT_LOW = dtypes.SCALAR_INT_LOW  # the Python ints a PyTorch Scalar holds (others: dtypes.check_scalar_int)
_INT_HIGH = dtypes.SCALAR_INT_HIGH
_PYTHON_NUMBERS = (int, float, bool, complex)
_is_row_major = _layout.is_row_major
_FORMATTED = "formatted"  # Op._arranges of a class with an output_format


def _plain_arguments(args, dtype):
    """For apply's fast path: ``(tensors, arrays)`` of a call whose every tensor is a CPU tensor of ``dtype`` (not
    a view written through its base since) and whose other arguments are plain Python values; None otherwise
    (NumPy scalars, which the general path turns into Python ones; other devices or dtypes)."""
    Tensor = _tensor_module.Tensor
    tensors = []
    arrays = []
    for arg in args:
        if isinstance(arg, Tensor):
            array = arg._array
            if arg._device is not CPU or array.dtype is not dtype or (
                    arg._base is not None and arg._view_version is not None and arg._vc[0] != arg._view_version):
                return None
            tensors.append(arg)
            arrays.append(array)
        elif arg.__class__ in _NUMPY_SCALARS or (arg.__class__ is int and not _INT_LOW <= arg <= _INT_HIGH):
            return None
        else:
            arrays.append(arg)
    return tensors, arrays


def _refuse_data_dependent(cls, arrays):
    if not _capture.capturing():
        return
    reason = cls.capture_check(arrays)
    if reason is not None:
        _capture.refuse(f"{cls.__name__} ({reason})", "its output's shape depends on the values")


def _record_for_replay(cls, ctx, args, arrays, device, out, outputs, recorded):
    """Report the op to the capture in progress (gradlib.graphs): its forward formula and buffers."""
    if not _capture.capturing():
        return  # another thread than the capturing one: eager, unrecorded
    if cls.moves_device:
        _capture.refuse(f"a copy between devices ({cls.__name__})", "a captured step stays on one device")
    backend = device._backend
    array_type = backend.array_type
    for position, arg in enumerate(args):
        if isinstance(arg, _tensor_module.Tensor) and arrays[position].__class__ is not array_type:
            _capture.refuse(f"{cls.__name__} with a 0-d CPU tensor on {device}", "it joins as a host scalar")
    items = out if out.__class__ is tuple else (out,)
    converted = any(item.__class__ is not array_type for item in items)
    forward = None
    if cls._widens_low and _casts.has_low_float(arrays):  # computed in float32 and rounded once, as at capture
        if cls.bfloat16_opmath_other and len(args) > 1 and isinstance(args[1], _tensor_module.Tensor) and (
                arrays[1] is not args[1]._array and arrays[1].size == 1):
            _capture.refuse(f"{cls.__name__} of a half float by a one-element tensor of another dtype",
                            "its kernel reads that operand before the cast, which the replay does not keep")
        forward = functools.partial(_casts.replayed_low, cls)
    _capture.recorder.op(cls, ctx, args, arrays, backend, converted, outputs, recorded, device, forward)


def _needed_saved(saved, saved_for_inputs, edges):
    """``saved`` with None in place of values that only the gradients of inputs needing none would read."""
    if len(saved) == 2 and len(edges) == 2 and edges[1] is NO_EDGE and saved_for_inputs[0] == (1,):
        return (None, saved[1])  # a * c (Mul, Div): the gradient of a reads only c
    kept = ()
    for edge, indices in zip(edges, saved_for_inputs):
        if edge is not NO_EDGE:
            kept += indices
    return tuple(value if index in kept else None for index, value in enumerate(saved))


def _saved_tensor(ctx, index):
    """Saved value ``index`` of a node as a tensor: the input tensor itself, or the output (with this node as its
    grad_fn), or a tensor around what was saved; PyTorch's error once backward has freed it."""
    return _saved_hooks.saved_tensor(ctx, index)


def _mark_inference(outputs):
    for output in (outputs if outputs.__class__ is tuple else (outputs,)):
        output._is_inference = True


def _pointwise_layout(cls, ctx, xp, tensors, args, out):
    """``out``, an elementwise op's result, with the strides PyTorch's TensorIterator gives it from the inputs'
    (a copy only where NumPy laid it out otherwise); a saved output is the new array too. Called only when an
    input is not exactly row-major (``_layout.is_row_major``): row-major inputs give a row-major result in both.
    A Python number operand of a ``scalar_operands`` op joins as PyTorch's wrapped 0-d tensor."""
    operands = [(tensor._array.shape, _layout.element_strides(tensor._array)) for tensor in tensors]
    if cls.scalar_operands and any(arg.__class__ in _PYTHON_NUMBERS for arg in args[:2]):
        operands.append(((), ()))
    arranged = _layout.restrided(xp, out, _layout.iterator_strides(out.shape, operands))
    saved = ctx._saved
    if saved is not None and arranged is not out:
        ctx._saved = tuple(arranged if item is out else item for item in saved)
    return arranged


def _formatted_output(cls, ctx, xp, tensors, out):
    """``out`` (an array or a tuple of them) laid out by ``cls.output_format``; saved outputs follow."""
    if out.__class__ is tuple:
        return tuple(_formatted_output(cls, ctx, xp, tensors, item) for item in out)
    if not hasattr(out, "strides") or not tensors:
        return out
    if cls.output_format == "contiguous":
        if _is_row_major(out):
            return out
        arranged = _layout.restrided(xp, out, _layout.contiguous_strides(out.shape))
    elif cls.output_format == "preserve":
        source = tensors[0]._array
        if out.shape != source.shape or (_is_row_major(out) and _is_row_major(source)):
            return out
        arranged = _layout.restrided(xp, out, _layout.preserve_strides(source.shape, _layout.element_strides(source)))
    else:
        arranged = _layout.like_input_format(xp, out, tensors[0]._array)
    saved = ctx._saved
    if saved is not None and arranged is not out:
        ctx._saved = tuple(arranged if item is out else item for item in saved)
    return arranged


def _as_array(backend, ctx, value):
    """A NumPy scalar output becomes a 0-d array; if forward saved it, the node saves the array instead."""
    array = backend.ensure_array(value)
    saved = ctx._saved
    if saved is not None:
        for item in saved:  # most such ops (nll_loss, a full sum) saved other arrays: no new tuple then
            if item is value:
                ctx._saved = tuple(array if item is value else item for item in saved)
                break
    return array


def iterator_device(tensors, cpu_scalars=1, outputs=0):
    """PyTorch's TensorIterator rule for the tensors of one op, in operand order: the first non-CPU device is the
    common one; up to ``cpu_scalars`` 0-d CPU inputs may join it (the first ``outputs`` tensors are written, never
    inputs); any other tensor elsewhere is refused, named after the common device. Returns the common device."""
    common = CPU
    for tensor in tensors:
        if tensor._device is not CPU:
            common = tensor._device
            break
    joined = 0
    for index, tensor in enumerate(tensors):
        device = tensor._device
        if device is common:
            continue
        if device is CPU and tensor._array.ndim == 0 and cpu_scalars and index >= outputs:
            if joined >= cpu_scalars:
                raise RuntimeError("Trying to pass too many CPU scalars to non-CPU kernel!")
            joined += 1
            continue
        if "meta" in (common.type, device.type):  # PyTorch's meta kernels check against the first tensor's device
            expected = tensors[0]._device
            found = device if expected is common else common
            raise RuntimeError(f"Tensor on device {found} is not on the expected device {expected}!")
        raise mixed_device_error(common, device)
    return common


def _host_scalars(args, arrays, device, casts):
    """0-d CPU tensors joining an op on another device enter its kernels as NumPy scalars of their (promoted)
    dtype, which CuPy accepts; their arrays would be refused. Returns ``casts`` with each scalar paired with
    its tensor, so a saved scalar still maps back to the tensor it came from."""
    Tensor = _tensor_module.Tensor
    casts = list(casts)
    for position, arg in enumerate(args):
        if isinstance(arg, Tensor) and arg._device is not device:
            scalar = arrays[position][()]
            arrays[position] = scalar
            casts.append((scalar, arg))
    return casts


def _share_version(base, outputs):
    counter = base._vc
    if counter is None:
        counter = base._vc = [0]
    root = base._base if base._base is not None else base
    # the version the view's history belongs to (None under no_grad: such a view never takes the base's history)
    version = counter[0] if _grad_state.enabled else None
    # a view made under no_grad requires grad when its base does (PyTorch), though no gradient reaches it
    # (``edge_of``) and in-place writes with grad enabled are refused
    requires_grad = version is None and (root._requires_grad or root._grad_fn is not None)
    if outputs.__class__ is tuple:
        for output in outputs:
            output._vc = counter
            output._base = root
            output._view_version = version
            output._requires_grad = requires_grad
    else:
        outputs._vc = counter
        outputs._base = root
        outputs._view_version = version
        outputs._requires_grad = requires_grad
        if _tensor_module.CONJUGATE_BIT and outputs.dtype.is_complex and _tensor_module.has_conjugate_bit(base):
            _tensor_module.set_conjugate_bit(outputs)  # a view of a conj() keeps its bit


def check_broadcastable(tensors):
    """Raise PyTorch's error if the tensors' shapes do not broadcast together."""
    if len(tensors) > 1:
        broadcast_shapes(*[t._array.shape for t in tensors])


def check_tensor_iterator_devices(*tensors, cpu_scalars=1, outputs=0):
    """PyTorch's rule for elementwise kernels (``iterator_device``), checked before a composite (a loss) computes
    anything; None is skipped."""
    iterator_device([tensor for tensor in tensors if tensor is not None], cpu_scalars, outputs)


def check_argument_devices(method, *arguments):
    """PyTorch's device check in the generated wrapper of a kernel without TensorIterator (nll_loss, gather,
    index_select, ...): each ``(name, tensor)`` argument must be on the first one's device (None is skipped,
    and a 0-d CPU tensor is no exception). ``method`` completes the wrapper's name that PyTorch prints; the
    wrapper is the CUDA one, since a mix always involves a CUDA tensor.

    >>> import gradlib
    >>> from gradlib.ops._op import check_argument_devices
    >>> check_argument_devices("gather", ("self", gradlib.ones(2)), ("index", None))
    """
    common = None
    for name, tensor in arguments:
        if tensor is None:
            continue
        if common is None:
            common = tensor._device
        elif tensor._device is not common:
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but got {name} is on {tensor._device}, different "
                f"from other tensors on {common} (when checking argument in method wrapper_CUDA_{method})")


#: the saved tuple of an ``elementwise_op`` by its ``save``, as PyTorch names it
_ELEMENTWISE_SAVED = {"input": ("self",), "output": ("result",), "both": ("self", "result"), None: ()}


def elementwise_op(name, forward, backward, save="input", int_to_float=True, node_name=None, fused_backward=False,
                   saved_scalars=None):
    """A node class ``name`` for an elementwise function of one tensor with extra plain parameters.

    ``forward(xp, a, *params)`` returns the result; ``backward(P, grad, saved..., *params)`` returns the
    gradient, where ``saved`` is the input (``save="input"``), the output (``"output"``), both (``"both"``)
    or nothing (``None``). The class belongs to the calling module (as ``collections.namedtuple`` does); bind it
    to ``name`` there, and pass ``node_name`` when PyTorch prints the node under another class's name, and
    ``fused_backward`` where PyTorch's derivative is one kernel (``Op.fused_backward``). The saved tensor is PyTorch's
    ``_saved_self`` (the input) or ``_saved_result`` (the output); ``saved_scalars`` names the parameters PyTorch
    shows (``{"alpha": saved_param(0)}``).
    """
    module = sys._getframe(1).f_globals["__name__"]

    def node_forward(ctx, xp, a, *params):
        ctx.params = params
        out = forward(xp, a, *params)
        if save == "input":
            ctx.save_for_backward(a)
        elif save == "output":
            ctx.save_for_backward(out)
        elif save == "both":
            ctx.save_for_backward(a, out)
        return out

    def node_backward(ctx, P, grad):
        saved = P.saved(ctx) if save else ()
        return backward(P, grad, *saved, *ctx.params)

    return type(name, (Op,), {"__slots__": ("params",), "int_to_float": int_to_float, "__module__": module,
                              "pointwise": True, "fused_backward": fused_backward,
                              "__doc__": f"Node of an elementwise op ({name}).", "node_name": node_name,
                              "saved_names": _ELEMENTWISE_SAVED[save], "saved_scalars": saved_scalars or {},
                              "forward": staticmethod(node_forward), "backward": staticmethod(node_backward)})
