"""Saved values: what a node keeps for backward, for built-in ops and custom Functions alike.

Every value a node saves (``ctx.save_for_backward``) becomes one ``SavedValue`` in ``node._saved``:

- the raw ``array`` backward computes with (for a built-in op, possibly the promoted copy forward received);
- where it came from: an input ``tensor``, or ``output_nr``, the index of one of the node's own outputs (the
  output itself is not kept: it holds the node, which would make a reference cycle), or neither (a value forward
  computed, which backward treats as a constant);
- the tensor's version ``counter`` and its ``version`` at save time, so ``unpack`` can refuse a value that an
  in-place op changed since (PyTorch's "modified by an inplace operation" error);
- under ``saved_tensors_hooks``, the ``packed`` object and the ``unpack_hook`` that turns it back into a tensor.

``unpack(node, as_tensor)`` gives the value back: the raw array on the fast first-order path, a Tensor under
``create_graph`` and for a custom Function's ``ctx.saved_tensors``. After backward (unless ``retain_graph``) the
engine replaces ``node._saved`` with the one sentinel ``FREED``.

``gradlib.autograd.graph.saved_tensors_hooks(pack, unpack)`` intercepts every tensor saved while it is active on
the same thread (the hooks are thread-local, as in PyTorch): ``pack(tensor)`` returns anything (e.g. a CPU copy),
``unpack(packed)`` turns it back into a tensor.
"""
from weakref import ref as _weakref

from .. import _tensor, backends
from . import grad_mode, graph, inference
from .graph import FREED, saved_tensors_hooks

_state = grad_mode.state  # .saved_hooks: this thread's (pack, unpack) pairs (thread-local, like grad mode)

__all__ = ["SavedValue", "SavedTensor", "saved_tensors_hooks", "save_op_values", "save_plain_values",
           "save_function_value",
           "save_written_tensor", "saved_arrays", "saved_tensors", "saved_tensor"]


class SavedValue:
    """One value a node saved for backward (see the module docstring)."""

    # under saved_tensors_hooks ``unpack_hook`` holds the pair (unpack hook, the saved tensor's autograd metadata,
    # which PyTorch gives the tensor it rebuilds from what the hook returns); None otherwise
    __slots__ = ("array", "tensor", "counter", "version", "output_nr", "device", "packed", "unpack_hook")

    def __init__(self, array, tensor=None, counter=None, output_nr=None, device=None):
        self.array = array
        self.tensor = tensor
        self.counter = counter
        self.version = None if counter is None else counter[0]
        self.output_nr = output_nr
        self.device = device
        self.unpack_hook = self.packed = None

    def unpack(self, node, as_tensor):
        """The saved value: the raw array (``as_tensor`` False) or a Tensor; refuses one changed in place."""
        if self.unpack_hook is not None:
            unpack_hook, meta = self.unpack_hook
            with grad_mode.no_grad():
                tensor = unpack_hook(self.packed)
            if not _tensor._is_tensor(tensor):
                raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                                f"{type(tensor).__name__}")
            return self._rebuilt(node, tensor, meta) if as_tensor else tensor._array
        counter = self.counter
        if counter is not None and counter[0] != self.version:
            raise RuntimeError(self._version_error(node))
        if not as_tensor:
            return self.array
        if self.tensor is not None:
            return self.tensor
        device = self.device
        if device is None:
            device = backends.backend_of_array(self.array).device_of(self.array)
        if self.output_nr is None:  # a constant of backward
            return _tensor.wrap(device._backend.ensure_array(self.array), device)
        output = _tensor.wrap(self.array, device)  # the node's own output, rebuilt without a reference cycle
        output._grad_fn = node
        output._requires_grad = True
        output._output_nr = self.output_nr
        output._vc = counter
        return output

    def pack(self, tensor, hooks=None):
        """Hand ``tensor`` (this value as a Tensor: the input or output itself, as PyTorch's hook sees it) to the
        innermost ``saved_tensors_hooks``; keep what it returns and the autograd metadata of ``tensor``. With
        ``hooks`` (the pair ``SavedTensor.register_hooks`` was given, after the fact) the pack hook sees the data
        only, without autograd metadata, as PyTorch's SavedVariable::register_hooks hands it over."""
        pack_hook, unpack_hook = _state.saved_hooks[-1] if hooks is None else hooks
        shown = tensor if hooks is None else tensor.detach()
        if self.output_nr is not None:
            meta = self.output_nr  # an output of the node itself (which unpack is given)
        elif tensor._grad_fn is not None or tensor._requires_grad:
            meta = graph.edge_of(tensor)  # its node, or a leaf's AccumulateGrad node
        else:
            meta = None
        with grad_mode.no_grad():
            self.packed = pack_hook(shown)
        self.unpack_hook = (unpack_hook, meta)
        self.array = self.tensor = self.counter = None

    @staticmethod
    def _rebuilt(node, tensor, meta):
        """What PyTorch's SavedVariable::unpack gives under hooks: the unpack hook's tensor itself where the saved
        tensor needed no gradient, else a new tensor around its data with the saved tensor's autograd metadata
        (a leaf whose gradient goes to the original leaf, or an output of the original node): never the original
        object, and a new one at each access."""
        if meta is None:
            return tensor
        rebuilt = _tensor.wrap(tensor._array, tensor._device)
        rebuilt._vc = _counter(tensor)
        rebuilt._requires_grad = True
        if meta.__class__ is int:
            rebuilt._grad_fn = node
            rebuilt._output_nr = meta
        elif isinstance(meta[0], graph.AccumulateGrad):
            rebuilt._grad_accumulator = _weakref(meta[0])  # a leaf: its gradient goes to the original's .grad
        else:
            rebuilt._grad_fn, rebuilt._output_nr = meta
        return rebuilt

    def _version_error(self, node):
        tensor = self.tensor
        if tensor is not None:
            return graph.version_error(tensor._array, self.counter[0], self.version, tensor._grad_fn,
                                       tensor._output_nr)
        return graph.version_error(self.array, self.counter[0], self.version, node, self.output_nr)


class SavedTensor:
    """One value a node saved, itself (PyTorch's ``grad_fn._raw_saved_<name>``, a
    ``torch._C._autograd.SavedTensor``): ``register_hooks(pack_hook, unpack_hook)`` packs it now and unpacks it
    when backward needs it, as ``saved_tensors_hooks`` would for this value alone; ``unpack()`` gives it.
    Raises RuntimeError with PyTorch's messages for a value that is None, already has hooks, or was freed.

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> y = x.exp()
    >>> y.grad_fn._raw_saved_result.register_hooks(lambda t: t * 1, lambda t: t)
    >>> y.sum().backward(); x.grad
    tensor([2.7183, 2.7183])
    """

    __slots__ = ("_node", "_index")

    def __init__(self, node, index):
        self._node = node
        self._index = index

    def _value(self, action):
        saved = self._node._saved
        if saved is FREED:
            raise RuntimeError(
                f"{action} after it has been freed. Saved intermediate values of the graph are freed when you "
                "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through "
                "the graph a second time or if you need to access saved variables after calling backward.")
        # (an index past the saved tuple: an optional tensor the call did not give, as a weight)
        return None if self._index is None or self._index >= len(saved) else saved[self._index]

    def register_hooks(self, pack_hook, unpack_hook):
        if not callable(pack_hook) or not callable(unpack_hook):
            raise TypeError("register_hooks(): incompatible function arguments. The following argument types are "
                            "supported:\n    1. (self: torch._C._autograd.SavedTensor, arg0: "
                            "collections.abc.Callable, arg1: collections.abc.Callable) -> None\n\nInvoked with: "
                            + ", ".join(repr(arg) for arg in (self, pack_hook, unpack_hook)))
        value = self._value("Calling register_hooks on a saved tensor")
        if value is None:
            raise RuntimeError("Calling register_hooks on a saved tensor with value None is forbidden")
        if value.unpack_hook is not None:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: "
                               "only one pair of hooks is allowed at a time.")
        value.pack(value.unpack(self._node, True), (pack_hook, unpack_hook))

    def unpack(self):
        """The saved tensor (through its unpack hook, if any)."""
        value = self._value("Trying to access a saved tensor")
        return None if value is None else value.unpack(self._node, True)

    def __repr__(self):
        return f"<torch._C._autograd.SavedTensor object at {hex(id(self))}>"


def _counter(tensor):
    counter = tensor._vc
    if counter is None:
        counter = tensor._vc = [0]
    return counter


def saved_arrays(node):
    """The raw arrays a node saved (the fast path's ``P.saved``), checked against frees and in-place changes."""
    saved = node._saved
    if saved is FREED:
        raise RuntimeError(graph.FREED_MESSAGE)
    if len(saved) == 1:  # one value (sin, exp, relu): no list to build
        value = saved[0]
        if value is not None and value.unpack_hook is None:
            counter = value.counter
            if counter is None or counter[0] == value.version:
                return (value.array,)
    arrays = []
    for value in saved:
        if value is None:  # not kept: no needed gradient reads it (Op.saved_for_inputs)
            arrays.append(None)
            continue
        counter = value.counter
        if value.unpack_hook is None and (counter is None or counter[0] == value.version):
            arrays.append(value.array)  # unpack's common case, inlined: this runs for every node on the fast path
        else:
            return _unpack_all(node, False)  # packed values (in PyTorch's order), or the version error
    return tuple(arrays)


def saved_tensors(node):
    """The Tensors a node saved (``create_graph``'s ``P.saved``, a Function's ``ctx.saved_tensors``)."""
    saved = node._saved
    if saved is FREED:
        raise RuntimeError(graph.FREED_MESSAGE)
    if saved is None:
        return ()
    return _unpack_all(node, True)


def saved_tensor(node, index):
    """Saved value ``index`` of a node as a Tensor (``grad_fn._saved_self``): only that one is unpacked, as
    PyTorch's attribute unpacks its one SavedVariable; None where it was not kept."""
    saved = node._saved
    if saved is FREED:
        raise RuntimeError(graph.FREED_MESSAGE)
    value = saved[index] if index < len(saved) else None  # past the tuple: an optional tensor not given
    return None if value is None else value.unpack(node, True)


def _pack_order(node, count):
    """The order in which PyTorch's node packs (and unpacks) its saved tensors: the op's ``pack_order`` (indices
    into its saved tuple; PyTorch saves the inputs by name in alphabetical order, the result last), else as
    saved."""
    order = getattr(type(node), "pack_order", None)
    return range(count) if order is None else order


def _unpack_all(node, as_tensor):
    saved = node._saved
    packed = any(value is not None and value.unpack_hook is not None for value in saved)
    values = [None] * len(saved)
    for index in (_pack_order(node, len(saved)) if packed else range(len(saved))):
        value = saved[index]
        if value is not None:
            values[index] = value.unpack(node, as_tensor)
    return tuple(values)


def save_op_values(arrays, casts, tensors, outputs, order=None):
    """The ``SavedValue`` of each array a built-in op's forward saved (packed under ``saved_tensors_hooks``, in the
    op's ``pack_order`` where it has one).

    ``casts`` pairs each promoted copy forward received with its tensor, so a saved cast input still maps back to
    the tensor it came from.
    """
    if len(arrays) == 1 and len(tensors) == 1 and arrays[0] is tensors[0]._array and not _state.saved_hooks:
        source = tensors[0]  # the common case, a unary op saving its input (sin, relu, ...): nothing to look up
        if source._is_inference:
            inference.check_not_inference(source)
        return (SavedValue(arrays[0], source, _counter(source)),)
    values = []
    used = []
    for array in arrays:
        if array is None:  # not kept (Op.saved_for_inputs): stays None, also under saved_tensors_hooks
            values.append(None)
            continue
        source = _source(tensors, casts, array, used)
        if source is not None:
            if source._is_inference:
                inference.check_not_inference(source)
            values.append(SavedValue(array, source, _counter(source)))
        elif outputs.__class__ is tuple:
            value = None
            for index, output in enumerate(outputs):
                if output._array is array:
                    value = SavedValue(array, None, _counter(output), index, output._device)
                    break
            values.append(SavedValue(array) if value is None else value)
        elif outputs._array is array:
            values.append(SavedValue(array, None, _counter(outputs), 0, outputs._device))
        else:
            values.append(SavedValue(array))
    if _state.saved_hooks:
        for index in (range(len(values)) if order is None else order):
            value = values[index]
            if value is None:
                continue
            tensor = value.tensor
            if tensor is None and value.output_nr is not None:  # the output itself, as PyTorch's hook sees it
                tensor = outputs[value.output_nr] if outputs.__class__ is tuple else outputs
            if tensor is None:
                backend = backends.backend_of_array(value.array)
                tensor = _tensor.wrap(backend.ensure_array(value.array), backend.device_of(value.array))
            value.pack(tensor)
    return tuple(values)


def save_plain_values(arrays, tensors, output):
    """``save_op_values`` for Op.apply's fast path: no saved_tensors_hooks active, no casts, one output tensor,
    and the inputs' arrays distinct (so each saved array names its tensor without ambiguity)."""
    values = []
    for array in arrays:
        if array is None:  # not kept (Op.saved_for_inputs)
            values.append(None)
            continue
        for tensor in tensors:
            if tensor._array is array:
                if tensor._is_inference:
                    inference.check_not_inference(tensor)
                counter = tensor._vc
                if counter is None:
                    counter = tensor._vc = [0]
                values.append(SavedValue(array, tensor, counter))
                break
        else:
            if output._array is array:
                counter = output._vc
                if counter is None:
                    counter = output._vc = [0]
                values.append(SavedValue(array, None, counter, 0, output._device))
            else:
                values.append(SavedValue(array))
    return tuple(values)


def _source(tensors, casts, array, used):
    """The tensor whose array (or promoted copy) is ``array``, or None.

    Two inputs may share one array (``x.detach()`` twice): the first not yet matched wins, so saved
    values pair with inputs in order.
    """
    found = None
    for tensor in tensors:
        if tensor._array is array:
            if id(tensor) not in used:  # ids: a Tensor's == is elementwise
                used.append(id(tensor))
                return tensor
            if found is None:
                found = tensor
    if found is not None:
        return found
    for cast, tensor in casts:
        if cast is array:
            return tensor
    return None


def save_function_value(tensor, outputs, record):
    """The ``SavedValue`` of one tensor a custom Function saved (None stays None). Without ``record`` (no graph),
    the tensor is kept as it is."""
    if tensor is None:
        return None
    if not record:
        return SavedValue(getattr(tensor, "_array", None), tensor)
    inference.check_not_inference(tensor)
    for index, output in enumerate(outputs):
        if output is tensor:
            value = SavedValue(tensor._array, None, _counter(tensor), index, tensor._device)
            break
    else:
        value = SavedValue(tensor._array, tensor, _counter(tensor))
    if _state.saved_hooks:
        value.pack(tensor)
    return value


def save_written_tensor(result, target):
    """An in-place op whose node saved its own output (``exp_``, ``sqrt_``, ``tanh_``, ...) saves ``target``, the
    tensor it wrote, at its version now, as PyTorch's does: a later in-place change of ``target`` then makes that
    backward refuse ("modified by an inplace operation"), and no separate copy of the result is kept."""
    saved = result._grad_fn._saved
    if not saved:
        return
    for value in saved:
        if value.__class__ is SavedValue and value.counter is result._vc and value.packed is None:
            value.array = target._array
            value.counter = target._vc
            value.version = target._vc[0]
