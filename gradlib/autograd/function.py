"""Custom autograd Functions: ``class MyFn(gradlib.autograd.Function)`` with static ``forward``/``backward``.

As in PyTorch, the ``ctx`` passed to ``forward`` and ``backward`` is the graph node itself: an instance of the
class ``<Name>Backward`` made for each Function subclass. ``forward`` runs with grad mode off on Tensors;
``backward`` receives one gradient per output (Tensors) and returns one per ``forward`` argument (``None``
for non-tensors). Under ``create_graph=True`` backward runs with grad mode on, so a backward written with
gradlib ops is itself differentiable.
"""
import functools
import inspect

from .. import _creation, _tensor
from ..ops import _batching
from . import capture, forward_ad, grad_mode, inference, saved_hooks
from .graph import FREED, FREED_MESSAGE, Node, record_inputs

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx:
    """The methods a custom Function's ``ctx`` offers (mixed into every ``<Name>Backward`` node class)."""

    def save_for_backward(self, *tensors):
        """Keep input or output tensors (or None) for backward; read them back with ``ctx.saved_tensors``."""
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        """Keep tensors for ``jvp`` (forward-mode AD); ``ctx.saved_tensors`` gives them back inside ``jvp``."""
        self._to_save_forward = tensors

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward`` (checked against in-place changes since), or inside ``jvp``
        those given to ``save_for_forward``."""
        if self.__dict__.get("_in_jvp"):
            return self.__dict__.get("_to_save_forward", ())
        return saved_hooks.saved_tensors(self)

    def mark_dirty(self, *tensors):
        """Declare inputs that ``forward`` modified in place (and returns)."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        """Declare outputs that are not differentiable (e.g. indices): they never require grad."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        """With False, backward receives None (not zeros) for outputs that got no gradient."""
        self._materialize_grads = bool(value)


class _FunctionNode(Node, FunctionCtx):
    """Base of the ``<Name>Backward`` node classes. Has a ``__dict__`` so ``ctx.anything = value`` works."""

    _forward_cls = None
    _builtin_type = False  # a Python class in PyTorch too: <class 'torch.autograd.function.MyFnBackward'>
    returns_tensors = True  # backward's gradients are the user's Tensors: the engine checks them all

    def __repr__(self):
        # PyTorch makes these classes in torch.autograd.function and prints them by that qualified name
        return f"<gradlib.autograd.function.{self.name()} object at {hex(id(self))}>"

    @property
    def _raw_saved_tensors(self):
        """PyTorch's ``ctx._raw_saved_tensors``: a ``SavedTensor`` per value given to ``save_for_backward`` (their
        hooks registrable one by one); PyTorch's error once backward has freed them."""
        saved = self._saved
        if saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        return tuple(saved_hooks.SavedTensor(self, index) for index in range(len(saved or ())))

    @property
    def needs_input_grad(self):
        """One bool per ``forward`` argument (False for non-tensors and tensors that need no gradient): known
        from the start of ``forward`` (``apply`` sets it from the inputs' ``requires_grad``, in grad mode or
        not, as PyTorch does), so ``forward`` and ``setup_context`` can read it too."""
        known = self.__dict__.get("_needs_input_grad")
        if known is not None:
            return known
        edges = iter(self._edges)
        return tuple(next(edges)[0] is not None if is_tensor else False for is_tensor in self._arg_is_tensor)

    def _run_backward(self, P, grad):
        function = self._forward_cls
        outputs_meta = self._outputs_meta
        if self.multi_output:
            grads = [grad.get(index) for index in range(len(outputs_meta))]
        else:
            grads = [grad]
        for index, value in enumerate(grads):
            if value is None:
                if self._materialize_grads:
                    grads[index] = _zeros(outputs_meta[index])
            elif not isinstance(value, _tensor.Tensor):
                device = outputs_meta[index][2]
                grads[index] = _tensor.wrap(device._backend.ensure_array(value), device)
        results = function.backward(self, *grads)
        if not isinstance(results, tuple):
            results = (results,)
        expected = len(self._arg_is_tensor)
        if len(results) != expected:
            if len(results) > expected and all(r is None for r in results[expected:]):
                results = results[:expected]
            else:
                raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients "
                                   f"(expected {expected}, got {len(results)})")
        tensor_grads = []  # Tensors: the engine checks their shapes, dtypes and devices, then unwraps them
        for position, is_tensor in enumerate(self._arg_is_tensor):
            value = results[position]
            if not is_tensor:
                if value is not None:
                    raise RuntimeError(f"function {self.name()} returned a gradient different than None at "
                                       f"position {position + 1}, but the corresponding forward input was not a "
                                       "Variable")
                continue
            if value is not None and not isinstance(value, _tensor.Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(value).__name__})")
            tensor_grads.append(value)
        return tuple(tensor_grads)


def _zeros(meta):
    shape, dtype, device = meta
    return _creation.zeros(shape, dtype=dtype, device=device)


class _FunctionMeta(type):
    """Gives each Function subclass its node class ``<Name>Backward`` (the type of ``output.grad_fn``)."""

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls._backward_cls = type(name + "Backward", (_FunctionNode,), {"_forward_cls": cls})


class Function(metaclass=_FunctionMeta):
    """Base class for custom differentiable operations.

    >>> import gradlib
    >>> class Cube(gradlib.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return grad * 3 * x ** 2
    >>> x = gradlib.tensor([1., 2.], requires_grad=True)
    >>> y = Cube.apply(x)
    >>> y
    tensor([1., 8.], grad_fn=<CubeBackward>)
    >>> y.sum().backward(); x.grad
    tensor([ 3., 12.])
    """

    def __init__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use new-style "
            "autograd function with static forward method.")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom autograd.Function to use "
            "it with backward mode AD.")

    @staticmethod
    def jvp(ctx, *grad_inputs):
        """Forward-mode AD: the output tangents given the input tangents (see gradlib.autograd.forward_ad)."""
        raise NotImplementedError(
            "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.")

    @staticmethod
    def vmap(info, in_dims, *args):
        """The batching rule under ``gradlib.func.vmap``: ``(output, out_dims)`` for the arguments unwrapped one
        level (``in_dims``: 0 or None each; ``info.batch_size``, ``info.randomness``). Or set
        ``generate_vmap_rule = True`` on the class."""
        raise NotImplementedError(
            "To use autograd.Function with vmap, you must either override the vmap staticmethod or set "
            "generate_vmap_rule=True.")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run ``forward`` and, when an input requires grad, record the node that calls ``backward``.

        With a ``setup_context`` staticmethod the arguments are bound to ``forward``'s signature first, defaults
        filled in (PyTorch's ``bind_default_args``): ``setup_context`` sees every input, given or defaulted."""
        if cls.setup_context is not Function.setup_context:
            args, kwargs = _bind_default_args(cls.forward, args, kwargs), {}
        if _batching.active and _batching.has_batched(args):  # under vmap: its vmap rule
            return _batching.function_handler(cls, args, kwargs)
        if capture.recorder is not None and capture.capturing():
            capture.refuse(f"the custom autograd.Function {cls.__name__}",
                           "its Python forward and backward keep tensors the replay cannot refill")
        node = cls._backward_cls.__new__(cls._backward_cls)
        node._to_save = None
        node._dirty = ()
        node._non_differentiable = ()
        node._materialize_grads = True
        node._saved = None
        node._extras = None
        node._needs_input_grad = tuple(isinstance(arg, _tensor.Tensor) and arg._requires_grad for arg in args)
        # on any devices: forward decides (PyTorch)
        tensors = [arg for arg in args if isinstance(arg, _tensor.Tensor)]
        for tensor in tensors:
            if tensor._base is not None:
                _tensor.refresh_view(tensor)
        record = grad_mode.state.enabled and any(t._requires_grad for t in tensors)
        if record:
            _check_not_inference(tensors)
        uses_setup_context = cls.setup_context is not Function.setup_context
        with grad_mode.no_grad():
            if uses_setup_context:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(node, args, output)
            else:
                output = cls.forward(node, *args, **kwargs)
        single = not isinstance(output, tuple)
        returned = (output,) if single else output
        outputs = tuple(_own_output(value, tensors, node._dirty) for value in returned)
        if record:
            _record(node, args, tensors, outputs)
            # an input returned as-is is a view PyTorch refuses to modify in place (inplace.py's check)
            node._alias_outputs = frozenset(index for index, (value, own) in enumerate(zip(returned, outputs))
                                            if value is not own)
        elif node._to_save is not None:
            node._saved = tuple(saved_hooks.save_function_value(t, outputs, False) for t in node._to_save)
        if forward_ad.is_active():  # tangents through the Function: its jvp, or its backward's graph
            outputs = forward_ad.custom_function(node, cls, args, outputs, cls.jvp is not Function.jvp,
                                                 cls.backward is not Function.backward)
        return outputs[0] if single else outputs


_signature = functools.lru_cache(maxsize=None)(inspect.signature)  # once per forward, not once per call


def _bind_default_args(forward, args, kwargs):
    """``forward``'s arguments as a tuple, keywords placed and defaults applied (a TypeError for a missing one,
    as Python's, which is what PyTorch raises too)."""
    bound = _signature(forward).bind(*args, **kwargs)
    bound.apply_defaults()
    return bound.args


def _check_not_inference(tensors):
    for tensor in tensors:
        inference.check_not_inference(tensor)


def _own_output(value, inputs, dirty):
    """Outputs returned unchanged from the inputs become new tensors (aliases), unless marked dirty."""
    if not isinstance(value, _tensor.Tensor):
        return value
    if any(value is d for d in dirty):
        return value
    if any(value is t for t in inputs) or value._grad_fn is not None:
        alias = _tensor.wrap(value._array, value._device)
        alias._vc = value._vc
        return alias
    return value


def _record(node, args, tensors, outputs):
    record_inputs(node, tensors)
    node._input_devices = tuple(tensor._device for tensor in tensors)
    for dirty in node._dirty:
        if dirty._grad_fn is None and dirty._requires_grad:
            raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
    node._device = next((t._device for t in tensors if t._array.ndim), tensors[0]._device)
    node._arg_is_tensor = tuple(isinstance(arg, _tensor.Tensor) for arg in args)
    differentiable = [o for o in outputs if isinstance(o, _tensor.Tensor)
                      and not any(o is n for n in node._non_differentiable)]
    node.multi_output = len(outputs) > 1
    node._outputs_meta = tuple((tuple(o.shape), o.dtype, o._device) if isinstance(o, _tensor.Tensor) else None
                               for o in outputs)
    for index, output in enumerate(outputs):
        if any(output is o for o in differentiable):
            if not (output.dtype.is_floating_point or output.dtype.is_complex):
                continue
            output._grad_fn = node
            output._requires_grad = True
            output._output_nr = index
    if node._to_save is not None:
        node._saved = tuple(saved_hooks.save_function_value(t, outputs, True) for t in node._to_save)
    node._to_save = None


def once_differentiable(backward):
    """Decorate a Function's ``backward`` that is not itself differentiable: it runs with grad mode off.

    >>> import gradlib
    >>> from gradlib.autograd.function import once_differentiable
    >>> class Double(gradlib.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return x * 2
    ...     @staticmethod
    ...     @once_differentiable
    ...     def backward(ctx, grad):
    ...         return grad * 2
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> gradlib.autograd.grad(Double.apply(x).sum(), x, create_graph=True)[0].requires_grad
    False
    """
    @functools.wraps(backward)
    def wrapped(ctx, *grads):
        with grad_mode.no_grad():
            return backward(ctx, *grads)
    return wrapped
