"""Graph nodes: what an operation records so that backward can run later.

A node points *backwards* to the nodes that produced its inputs
(``next_functions``), never to its outputs, so a graph is freed the moment its
last output tensor goes away. Leaves that require grad are represented in the
graph by an ``AccumulateGrad`` node that owns the leaf; the leaf only holds a
weak reference back, so there is no reference cycle.

Saved values: a node keeps one ``SavedValue`` (``autograd/saved_hooks.py``) per value its backward needs, in
``_saved``: the array, where it came from and the version of that tensor at save time. In-place ops bump a version
counter shared by views, so backward can refuse a value that changed after it was saved. After backward (unless
``retain_graph``) ``_saved`` becomes the sentinel ``FREED``.

    x (leaf) ──> AccumulateGrad <── MulBackward0 <── SumBackward0 <── out
                                      saved: x
"""
import functools
import re
import weakref

from .._tensor_str import legacy_type_name
from . import grad_mode
from .handles import RemovableHandle

__all__ = ["Node", "AccumulateGrad", "FREED", "NO_EDGE", "edge_of", "record_inputs", "saved_tensors_hooks",
           "save_on_cpu", "disable_saved_tensors_hooks", "increment_version"]

FREED = "freed"  # node._saved after backward released it (the one sentinel; compared by identity)

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if "
    "you need to access saved tensors after calling backward."
)


class NodeExtras:
    """Rarely used per-node state, kept out of every node's slots: retained grads, hooks, anomaly trace."""

    __slots__ = ("retained", "hooks", "pre_hooks", "tensor_pre_hooks", "trace", "input_devices", "metadata")

    def __init__(self):
        self.metadata = None
        self.retained = {}
        self.hooks = {}
        self.pre_hooks = {}
        self.tensor_pre_hooks = {}
        self.trace = None
        self.input_devices = None  # per input, where some input lives elsewhere (a 0-d CPU tensor in a CUDA op)


class Node:
    """A recorded operation (PyTorch's ``grad_fn``).

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> y = (x * 2).sum()
    >>> y.grad_fn.name()
    'SumBackward0'
    >>> y.grad_fn.next_functions[0][0].name()
    'MulBackward0'
    """

    __slots__ = ("_edges", "_input_meta", "_saved", "_extras", "_device", "__weakref__")

    #: True for nodes with several differentiable outputs: their gradients arrive as {output_nr: grad}
    multi_output = False
    #: A float16 gradient runs the backward formula in float32, rounded once (ops.Op.fused_backward); False for
    #: custom Functions and other nodes: their formula's steps each round to float16
    fused_backward = False
    #: The name PyTorch gives the node (``grad_fn=<MulBackward0>``), when it is not the class name: two classes
    #: may share one PyTorch name (``MulBackward0`` for a tensor or a Python scalar operand). Per class, not
    #: inherited. ``__init_subclass__`` makes it the class's ``__name__`` and ``__qualname__``.
    node_name = None
    #: The class's own name and module as gradlib's source writes them (``MulScalar``, ``gradlib.ops.arithmetic``):
    #: the module holds the class under ``_impl_name``, whatever name PyTorch prints it by. Set per class.
    _impl_name = "Node"
    _impl_module = __name__
    #: True for the types PyTorch defines in C++ (built-in ops' nodes, AccumulateGrad, CopySlices): their
    #: ``__module__`` is ``'builtins'`` (``<class 'MulBackward0'>``). A custom Function's node is a Python class
    #: (``<class 'torch.autograd.function.MyFnBackward'>``) and keeps its module.
    _builtin_type = True
    #: True for nodes whose backward returns Tensors of unknown shape, dtype and device (custom Functions): the
    #: engine checks each one (engine.check_tensor_gradients) before anything uses it
    returns_tensors = False
    #: True where the engine may call ``backward(node, P, grad)`` itself instead of ``_run_backward`` (built-in
    #: ops with one differentiable output: Op sets it per class)
    _direct_backward = False

    #: ``public_edges(node, edges)``: the edges PyTorch's node shows (``next_functions``) where they differ from
    #: the ones the engine walks (``_edges``, one per tensor input of forward): PyTorch keeps a ``(None, 0)`` edge
    #: for a Python number it wrapped (``x * 2``) and for an absent optional tensor (a convolution without bias),
    #: and none for an input it never differentiates (a mask). None: the same.
    public_edges = None

    @property
    def next_functions(self):
        """The edges to the nodes of this node's inputs, PyTorch's ``grad_fn.next_functions``: one
        ``(node, output_nr)`` per differentiable input of the forward function, in its argument order;
        ``(None, 0)`` for an input that needs no gradient (a tensor that does not require grad, a Python number
        the op wrapped as a tensor, an absent optional tensor), ``AccumulateGrad`` nodes for leaves.

        >>> import gradlib
        >>> x = gradlib.ones(2, requires_grad=True)
        >>> [(node.name() if node else None, nr) for node, nr in (x * 2).grad_fn.next_functions]
        [('torch::autograd::AccumulateGrad', 0), (None, 0)]
        """
        layout = type(self).public_edges
        if layout is None:
            return self._edges
        return layout(self, self._edges)

    def __init_subclass__(cls, **kwargs):
        """Give the node class PyTorch's type names, the one place gradlib renames classes: ``__name__`` and
        ``__qualname__`` become ``node_name`` where the class sets one (else they stay the class name), and a
        built-in node's ``__module__`` becomes ``'builtins'``, so ``type(grad_fn).__name__`` (what torchviz and
        tutorials print) and ``repr(type(grad_fn))`` read as PyTorch's: ``MulScalar`` is
        ``<class 'MulBackward0'>``. The source's name and module stay in ``_impl_name`` and ``_impl_module``
        (gradlib's own code and tests find the class there). Base classes, never a ``grad_fn``'s type, keep their
        names: private ones without a ``node_name`` (``_IndexOp``) and those that say so in their own body
        (``_base = True``: ``Op``). A custom Function's node keeps its module (it is a Python class in PyTorch)."""
        super().__init_subclass__(**kwargs)
        cls._impl_name, cls._impl_module = cls.__name__, cls.__module__
        name = cls.__dict__.get("node_name")
        if not name and (cls.__name__.startswith("_") or cls.__dict__.get("_base")):
            return
        cls.__name__ = cls.__qualname__ = name or cls.__name__
        if cls._builtin_type:
            cls.__module__ = "builtins"

    def name(self):
        """The node's name, e.g. ``'MulBackward0'`` (``'torch::autograd::AccumulateGrad'`` for a leaf's node,
        PyTorch's C++ name)."""
        return type(self).__name__

    def _type_name(self):
        """The name ``repr`` shows (PyTorch's Python type name): ``name()`` but for AccumulateGrad."""
        return type(self).__name__

    def __repr__(self):
        return f"<{self._type_name()} object at {hex(id(self))}>"

    @property
    def metadata(self):
        """A dict for the user's own notes on this node (PyTorch's ``Node.metadata``), empty until written; it
        lives as long as the node.

        >>> import gradlib
        >>> y = gradlib.ones(2, requires_grad=True) * 2
        >>> y.grad_fn.metadata["layer"] = "fc1"
        >>> y.grad_fn.metadata
        {'layer': 'fc1'}
        """
        extras = self._get_extras()
        if extras.metadata is None:
            extras.metadata = {}
        return extras.metadata

    def __call__(self, *grads):
        """Run this node's backward on ``grads`` (one per output), as PyTorch's ``grad_fn(grad)``: the gradients
        of its inputs, one per ``next_functions`` edge (None where an edge needs none), a tuple unless there is
        one. Differentiable where the saved values require grad; the saved values stay (as ``retain_graph``).

        >>> import gradlib
        >>> x = gradlib.tensor([1.0, 2.0], requires_grad=True)
        >>> (x * x).sum().grad_fn(gradlib.tensor(1.0))
        tensor([1., 1.])
        """
        return _call_node(self, grads)

    def input_shape(self, index):
        """The shape tensor input ``index`` had in forward: the engine reduces backward's gradient to it."""
        return self._input_meta[index][0]

    def input_dtype(self, index):
        """The array dtype tensor input ``index`` had in forward (a NumPy dtype): the engine casts the gradient to
        it."""
        return self._input_meta[index][1]

    @property
    def needs_input_grad(self):
        """One bool per tensor input: whether backward must compute that input's gradient."""
        edges = self._edges
        if len(edges) == 2:  # binary ops, the common case: no generator
            return (edges[0][0] is not None, edges[1][0] is not None)
        return tuple([edge[0] is not None for edge in edges])

    def register_hook(self, hook):
        """Run ``hook(grad_inputs, grad_outputs)`` after this node's backward; it may return new grad_inputs."""
        hooks = self._get_extras().hooks
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def register_prehook(self, hook):
        """Run ``hook(grad_outputs)`` before this node's backward; it may return new grad_outputs."""
        hooks = self._get_extras().pre_hooks
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def _get_extras(self):
        extras = self._extras
        if extras is None:
            extras = self._extras = NodeExtras()
        return extras


#: ``runner(node, grads)``: the engine's run of one node for ``node(*grads)``. The engine sits above this module
#: and registers it when it loads (autograd/engine.py, ``graph.node_runner = call_node``).
node_runner = None


def _call_node(node, grads):
    """``node(*grads)``: its backward on ``grads`` through the engine's one-node runner."""
    return node_runner(node, grads)


def increment_version(tensor):
    """Tell autograd that ``tensor`` (or each tensor of an iterable) was changed in place behind its back: its
    version counter, shared with its views, goes up by one, so backward refuses a value saved before
    (``torch.autograd.graph.increment_version``). Tensors made under ``inference_mode`` have no counter and are
    left alone. Raises RuntimeError for anything but a tensor or an iterable of tensors.

    >>> import gradlib
    >>> a = gradlib.ones(2)
    >>> gradlib.autograd.graph.increment_version(a); a._version
    1
    """
    if hasattr(tensor, "_bump_version"):
        tensors = (tensor,)
    else:
        try:
            tensors = list(tensor)
        except TypeError:
            raise RuntimeError("increment_version expect a Iterable[Tensor] as input") from None
        if not all(hasattr(item, "_bump_version") for item in tensors):
            raise RuntimeError("increment_version expects each element of the iterable to be a tensor")
    for item in tensors:
        if not item._is_inference:
            item._bump_version()


def version_error(array, version, expected, owner, output_nr):
    """PyTorch's message for a saved tensor changed in place after it was saved."""
    if hasattr(array, "_array"):
        owner = array._grad_fn if owner is None else owner
        array = array._array
    shape = ", ".join(str(s) for s in array.shape)
    what = f"[{legacy_type_name(array.dtype, array)} [{shape}]]"
    if owner is not None:
        what += f", which is output {output_nr} of {_forward_name(owner.name())},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"{what} is at version {version}; expected version {expected} instead. Hint: enable anomaly detection "
        "to find the operation that failed to compute its gradient, with "
        "gradlib.autograd.set_detect_anomaly(True, check_nan=False)."
    )


def _forward_name(node_name):
    """PyTorch names the forward op in this message: 'MulBackward0' -> 'Mul', 'UnsqueezeBackward1' -> 'Unsqueeze1'
    (only a 0 is dropped)."""
    return re.sub(r"Backward(?:0|(\d+))?$", lambda match: match.group(1) or "", node_name)


class AccumulateGrad(Node):
    """The graph node of a leaf tensor that requires grad: backward adds into ``variable.grad``."""

    __slots__ = ("variable",)

    def name(self):
        return "torch::autograd::AccumulateGrad"  # PyTorch's C++ name; repr shows <AccumulateGrad object ...>

    def __init__(self, variable):
        self.variable = variable
        self._device = variable._device
        self._edges = ()
        self._input_meta = ()
        self._saved = None
        self._extras = None


NO_EDGE = (None, 0)  # the edge of an input that needs no gradient


def edge_of(tensor):
    """The graph edge a tensor's gradient flows along: ``(grad_fn, output_nr)``, ``(AccumulateGrad node, 0)`` for a
    leaf that requires grad, else ``NO_EDGE``. The one place edges are made (ops, Functions, the engine's roots)."""
    node = tensor._grad_fn
    if node is not None:
        return (node, tensor._output_nr)
    if tensor._requires_grad:
        if tensor._base is not None and tensor._view_version is None:
            return NO_EDGE  # a view made under no_grad requires grad through its base; no gradient accumulates in it
        ref = tensor._grad_accumulator  # its cached AccumulateGrad node, made here (one per leaf per step)
        if ref is not None:
            node = ref()
            if node is not None:
                return (node, 0)
        node = AccumulateGrad(tensor)
        tensor._grad_accumulator = _weak_ref(node)
        return (node, 0)
    return NO_EDGE


def public_values(node, values):
    """``values``, one per recorded edge (``_edges``), in the layout of ``next_functions``: each public edge takes
    the value of the recorded edge it is, None where it is no recorded edge (a wrapped number, an absent optional
    input, an edge CopySlices shows of the op it wraps)."""
    if type(node).public_edges is None:
        return list(values)
    edges = node._edges
    public = []
    for edge in node.next_functions:
        value = None
        if edge is not NO_EDGE:
            for index, recorded in enumerate(edges):
                if recorded is edge:
                    value = values[index]
                    break
        public.append(value)
    return public


def recorded_values(node, public, recorded):
    """The inverse of ``public_values``: ``public`` (one per ``next_functions`` edge) back to one per recorded
    edge; a recorded edge the public layout does not show keeps its value from ``recorded``."""
    if type(node).public_edges is None:
        return tuple(public)
    shown = node.next_functions
    values = list(recorded)
    for index, edge in enumerate(node._edges):
        for position, candidate in enumerate(shown):
            if candidate is edge and edge is not NO_EDGE:
                values[index] = public[position]
                break
    return tuple(values)


def wrapped_number_edges(node, edges):
    """``public_edges`` of a binary op whose second operand PyTorch wraps as a tensor when it is a Python number
    (``x * 2`` is ``mul(x, tensor(2))``): that operand keeps a ``(None, 0)`` edge. A scalar overload (``x ** 2``,
    ``x.clamp(0, 1)``) has no such edge."""
    if len(edges) == 1:
        return edges + (NO_EDGE,)
    return edges


def keep_edges(*indices):
    """A ``public_edges`` that shows only the recorded edges at ``indices``, in that order: the inputs PyTorch's
    node differentiates (``masked_fill``'s mask, ``where``'s condition and a loss's weight get none)."""
    def public_edges(node, edges):
        return tuple([edges[index] for index in indices])
    return public_edges


def present_edges(edges, present):
    """PyTorch's edges of a node whose optional tensor inputs may be absent: ``present`` says, per input PyTorch
    lists, whether it was given (and so recorded, in order, in ``edges``); an absent one gets ``(None, 0)``.
    Recorded edges beyond ``present`` (inputs PyTorch does not differentiate) are left out."""
    public = []
    index = 0
    for given in present:
        if given:
            public.append(edges[index])
            index += 1
        else:
            public.append(NO_EDGE)
    return tuple(public)


def record_inputs(node, tensors):
    """Point ``node`` at its tensor inputs: one edge per tensor (``_edges``) and the shape and dtype the
    engine conforms each input's gradient to (``_input_meta``). Shared by built-in ops and custom Functions."""
    if len(tensors) == 1:  # unary ops and tensor-scalar ops, the common case: no lists to build
        tensor = tensors[0]
        array = tensor._array
        node._edges = (edge_of(tensor),)
        node._input_meta = ((array.shape, array.dtype),)
        return
    edges = []
    meta = []
    for tensor in tensors:
        grad_fn = tensor._grad_fn
        # edge_of, with its common case (a non-leaf) inlined: this runs for every recorded op
        edges.append((grad_fn, tensor._output_nr) if grad_fn is not None else edge_of(tensor))
        array = tensor._array
        meta.append((array.shape, array.dtype))
    node._edges = tuple(edges)
    node._input_meta = tuple(meta)


def accumulate_grad_node(tensor):
    """The (cached) AccumulateGrad node of a leaf that requires grad (made by ``edge_of``); the leaf refers to it
    weakly."""
    return edge_of(tensor)[0]


_weak_ref = weakref.ref


_state = grad_mode.state  # .saved_hooks: the active saved_tensors_hooks of this thread, innermost last


class saved_tensors_hooks:
    """Context manager: every tensor saved for backward inside goes through ``pack_hook``/``unpack_hook``.

    ``pack_hook(tensor)`` returns anything (e.g. a CPU copy); ``unpack_hook(packed)`` turns it back into a tensor
    when backward needs it. The hooks are thread-local, as in PyTorch: ops run by other threads meanwhile are
    not intercepted.

    >>> import gradlib
    >>> packed = []
    >>> def pack(t):
    ...     packed.append(t.shape)
    ...     return t.detach().clone()
    >>> x = gradlib.ones(3, requires_grad=True)
    >>> with gradlib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    ...     y = (x * x).sum()
    >>> y.backward(); packed, x.grad
    ([gradlib.Size([3]), gradlib.Size([3])], tensor([2., 2., 2.]))
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if _state.saved_hooks_disabled is not None:
            raise RuntimeError(_state.saved_hooks_disabled)
        _state.saved_hooks = _state.saved_hooks + ((self.pack_hook, self.unpack_hook),)
        return self

    def __exit__(self, *exc):
        _state.saved_hooks = _state.saved_hooks[:-1]
        return False


class save_on_cpu(saved_tensors_hooks):
    """``saved_tensors_hooks`` that keep every tensor saved for backward on the CPU and copy it back to its
    device when backward needs it (``torch.autograd.graph.save_on_cpu``): GPU memory for host memory and two
    copies per saved tensor. ``pin_memory`` is accepted (gradlib's host copies are plain NumPy arrays).

    >>> import gradlib
    >>> x = gradlib.ones(3, requires_grad=True)
    >>> with gradlib.autograd.graph.save_on_cpu(pin_memory=True):
    ...     y = (x * x).sum()
    >>> y.backward(); x.grad
    tensor([2., 2., 2.])
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack(tensor):
            return tensor.device, tensor.cpu()

        def unpack(packed):
            device, tensor = packed
            return tensor.to(device)

        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Context manager (and decorator): while it is open on this thread, opening ``saved_tensors_hooks`` raises
    ``RuntimeError(error_message)``, and so does opening this one while saved-tensor hooks are active
    (``torch.autograd.graph.disable_saved_tensors_hooks``). The previous message comes back on exit.

    >>> import gradlib
    >>> with gradlib.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
    ...     try:
    ...         with gradlib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
    ...             pass
    ...     except RuntimeError as error:
    ...         print(error)
    no hooks here
    """

    def __init__(self, error_message):
        self.error_message = error_message
        self._previous = None

    def __enter__(self):
        if _state.saved_hooks:
            raise RuntimeError(self.error_message)
        self._previous = _state.saved_hooks_disabled
        _state.saved_hooks_disabled = self.error_message
        return self

    def __exit__(self, *exc):
        _state.saved_hooks_disabled = self._previous
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def wrapped(*args, **kwargs):
            with disable_saved_tensors_hooks(self.error_message):
                return function(*args, **kwargs)
        return wrapped
