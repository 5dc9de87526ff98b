"""The backward walk: one iterative pass over the graph in dependency order.

1. Count, for every node reachable from the outputs, how many edges point at it
   (an explicit stack, no recursion: a chain of 10^6 ops is fine).
2. Start from a virtual root holding the output gradients. A node runs when all
   edges into it have delivered (its count reaches zero); gradients arriving at
   the same node are summed into its buffer, which is popped as soon as the
   node runs. The ready list is a stack, so a long chain holds one buffer.
3. Along each edge the engine, not the op, reduces the gradient to the input's
   shape (broadcasting) and casts it to the input's dtype.
4. Leaves receive their gradient through their AccumulateGrad node; saved
   values are released after a node runs unless ``retain_graph``. A sparse
   COO gradient (``nn.Embedding(sparse=True)``) travels as a
   ``SparseGradient`` (``ops/_sparse_gradient.py``), summed as PyTorch's
   kernels sum, and accumulates by ``_accumulate_sparse``.

Fast path: gradients are raw arrays and backward formulas get raw ``xp``
primitives. ``create_graph=True``: gradients are Tensors and formulas get
gradlib's differentiable functions, with grad mode on, so the result can be
differentiated again.
"""
import re
import threading

from .. import _layout, _tensor, dtypes
from ..backends import device_guard, _switch_guard
from ..backends import numpy_backend as _numpy_backend
from ..backends import quiet as _quiet
from .. import _sparse_registry
from ..ops import _broadcast, _primitives, _sparse_gradient, grad_copy
from . import anomaly, capture, grad_mode, hooks, inplace
from . import graph
from .graph import FREED, NO_EDGE, AccumulateGrad, edge_of

__all__ = ["run_backward", "queue_callback", "call_node"]

_SPARSE_GRADIENT = _sparse_gradient.SparseGradient
_SPARSE_CLASSES = _sparse_registry.CLASSES
_pass_state = threading.local()  # .callbacks: one list per backward pass running on this thread (innermost last)


def queue_callback(callback):
    """Run ``callback()`` once the backward pass now running has finished (PyTorch's
    ``Variable._execution_engine.queue_callback``). Call it from a hook during backward; callbacks
    run in the order queued, after every gradient has been accumulated.

    >>> import gradlib
    >>> from gradlib.autograd.engine import queue_callback
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> seen = []
    >>> _ = x.register_hook(lambda g: queue_callback(lambda: seen.append(x.grad.tolist())))
    >>> (x * 3).sum().backward()
    >>> seen
    [[3.0, 3.0]]
    """
    passes = getattr(_pass_state, "callbacks", None)
    if not passes:
        raise RuntimeError("Final callbacks can only be installed during backward pass.")
    passes[-1].append(callback)


class _GraphRoot:
    """The virtual node whose outgoing edges are the outputs backward starts from."""

    __slots__ = ("_edges",)

    def __init__(self, edges):
        self._edges = edges


def _root_edge(tensor):
    """The edge of an output or input of backward (``graph.edge_of``), after bringing a view up to date with
    in-place changes of its base."""
    if tensor._base is not None:
        _tensor.refresh_view(tensor)
    return edge_of(tensor)


def _count_dependencies(root):
    dependencies = {}  # also the set of nodes seen (the root is never a child)
    stack = [root]
    while stack:
        node = stack.pop()
        for child, _ in node._edges:
            if child is None:
                continue
            if child in dependencies:
                dependencies[child] += 1
            else:
                dependencies[child] = 1
                stack.append(child)
    return dependencies


def _needed_nodes(root, dependencies, targets):
    """Nodes that lead to a target: only those run when specific inputs were asked for."""
    remaining = dict(dependencies)
    order = []
    ready = [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for child, _ in node._edges:
            if child is None:
                continue
            remaining[child] -= 1
            if remaining[child] == 0:
                ready.append(child)
    needed = set()
    for node in reversed(order):
        if node in targets:
            needed.add(node)
            continue
        for child, _ in node._edges:
            if child in needed:
                needed.add(node)
                break
    return needed


def run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=None, accumulate=True):
    """Propagate ``grad_outputs`` from ``outputs`` through the graph.

    ``grad_outputs`` are raw arrays (fast path) or Tensors (``create_graph``).
    With ``inputs`` given, returns the gradient reaching each of them (``None``
    where none arrives); with ``accumulate`` the leaves' ``.grad`` are updated
    (all leaves when ``inputs`` is None, else only the given ones).
    """
    edges = []
    for index, output in enumerate(outputs):
        edge = _root_edge(output)
        if edge is NO_EDGE:
            raise RuntimeError(
                f"element {index} of tensors does not require grad and does not have a grad_fn")
        edges.append(edge)
    root = _GraphRoot(tuple(edges))
    dependencies = _count_dependencies(root)

    targets = None
    captured = None
    needed = None
    if inputs is not None:
        targets = {}
        for index, tensor in enumerate(inputs):
            edge = _root_edge(tensor)
            if edge is NO_EDGE:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            targets.setdefault(edge[0], []).append((edge[1], index))
        captured = [None] * len(inputs)
        needed = _needed_nodes(root, dependencies, targets)

    primitives = None  # the fast path takes each node's device's primitives as it goes
    if create_graph:
        primitives = _primitives.tensor_primitives
        grad_outputs = list(grad_outputs)

    passes = getattr(_pass_state, "callbacks", None)
    if passes is None:
        passes = _pass_state.callbacks = []
    callbacks = []
    passes.append(callbacks)
    previous_mode = grad_mode.state.enabled
    grad_mode.state.enabled = create_graph
    quiet = _quiet.enter()  # NumPy's overflow/invalid-value warnings: PyTorch prints none
    try:
        if capture.recorder is None or not capture.capturing():
            _walk(root, grad_outputs, dependencies, primitives, retain_graph, create_graph,
                  targets, captured, needed, accumulate)
            if accumulate and inputs is not None:
                _accumulate_non_leaves(inputs, captured, create_graph)
        else:  # a capture for replay (gradlib.graphs): the same walk, each array step recorded
            capture.check_backward(create_graph, inputs, accumulate)
            capture.recorded_walk(capture.recorder, root, grad_outputs, dependencies, retain_graph,
                                  _primitives.array_primitives, _widen_for_capture)
        grad_mode.state.enabled = previous_mode
        for callback in callbacks:  # a callback may queue another: this loop sees it
            callback()
    finally:
        _quiet.leave(quiet)
        grad_mode.state.enabled = previous_mode
        passes.pop()
    return captured


def _walk(root, root_grads, dependencies, P, retain_graph, create_graph, targets, captured, needed, accumulate):
    """Run the nodes in dependency order. ``P`` is the differentiable primitives namespace under ``create_graph``, else
    None: each node then gets the raw primitives of its own device. On a GPU a node runs with its GPU current;
    consecutive nodes mostly share a device, so the guard changes only when the device does."""
    # A node waiting for more edges keeps the gradient summed so far in ``buffers``; a node whose last edge has
    # delivered goes on ``ready`` and its gradient on ``ready_grads`` (two lists, not a list of pairs: a node with
    # 10^5 inputs would allocate 10^5 tuples, which the cyclic GC then walks), out of ``buffers`` (a chain's
    # nodes never enter it).
    buffers = {}
    ready = [root]
    ready_grads = [None]
    checked = anomaly.state.enabled  # fixed for the whole walk
    plain = not checked and targets is None and needed is None  # no anomaly checks, every node runs
    fixed = P is not None
    chain = plain and not create_graph  # raw-array gradients: a node's single gradient takes the one-edge path
    # every leaf's gradient goes into its .grad (no inputs= asked for, no create_graph): a leaf without hooks on
    # the walk's device takes _accumulate_plain directly
    leaves_plain = accumulate and targets is None and not create_graph
    current = None
    guard = None
    try:
        while ready:
            node = ready.pop()
            buffer = ready_grads.pop()
            if node is root:
                grads = root_grads
            else:
                if node._device is not current:
                    current = node._device
                    guard = _switch_guard(guard, current)
                    if not fixed:
                        P = _primitives.array_primitives(current._backend)
                if plain and node._direct_backward and node._extras is None and buffer is not None:
                    # the common node (a built-in op with one output, no hooks or retained grads): what
                    # _run_node does for it, without its questions
                    if _LOW_FLOATS and _runs_widened(node, buffer):  # the formula runs in float32
                        grads = node.backward(node, _WidenedSaved(P), _widened(node, buffer, P))
                    elif chain and buffer.dtype.kind != "c":  # a real raw array: the formula, unconjugated
                        grads = node._real_backward(node, P, buffer)
                    else:
                        grads = node.backward(node, P, buffer)
                    if not retain_graph and node._saved is not None:
                        node._saved = FREED
                    single = False  # one gradient along the first edge, the only live one
                    pair = False  # two gradients along two edges (mm, add with a bias): the loop below for them
                    if chain:
                        edges = node._edges
                        if grads.__class__ is not tuple:
                            grad = grads
                            single = grad is not None and len(edges) == 1
                        elif len(grads) == 2 and len(edges) == 2:
                            if edges[1][0] is None:
                                grad = grads[0]  # a constant second operand (y * c, x @ W with x constant)
                                single = grad is not None
                            else:
                                pair = True
                    if single:
                        # one gradient along one live edge (unary and tensor-scalar ops, an op with a constant
                        # operand: most of a chain): the edge loop below for it, without the loop
                        child = edges[0][0]
                        if child is not None and not child.multi_output:
                            shape, dtype = node._input_meta[0]
                            if grad.shape != shape:
                                grad = _reduce_to_input(node, 0, grad, shape, P)
                            if grad.dtype is not dtype and grad.dtype != dtype:
                                grad = P.cast(grad, dtype)
                            remaining = dependencies[child] - 1
                            if remaining:
                                dependencies[child] = remaining
                                existing = buffers.get(child)
                                buffers[child] = grad if existing is None else existing + grad
                                continue
                            if buffers:
                                existing = buffers.pop(child, None)
                                if existing is not None:
                                    grad = existing + grad
                            if child.__class__ is AccumulateGrad:
                                variable = child.variable
                                if leaves_plain and variable._hooks is None and child._extras is None and (
                                        child._device is current):
                                    _accumulate_plain(variable, grad)  # _accumulate_now's common case
                                else:
                                    _accumulate_now(child, grad, current, create_graph, targets, captured,
                                                    accumulate)
                                continue
                            ready.append(child)
                            ready_grads.append(grad)
                            continue
                    if pair:
                        # the edge loop below for a node with two gradients and two edges, the second live (mm, a
                        # bias add, the first mm of an MLP with its input constant): no enumerate or edge-tuple
                        # unpacking, and add's (grad, grad) told apart without _repeated's dict. The small MLP's
                        # backward: 343 bytecodes and ~24,000 instructions (-2.2%) fewer a step (callgrind, bwd11)
                        meta = node._input_meta
                        first = edges[0][0]
                        # add's (grad, grad): the first live input handed the array borrows it, the second
                        # gets a copy unless its gradient was reduced or cast into a new array (_unaliased)
                        shared = grads[0] if grads[0] is grads[1] and first is not None else None
                        for index in _PAIR:
                            child = edges[index][0]
                            if child is None:
                                continue  # (only the first: the second is live)
                            grad = grads[index]
                            if grad is not None:
                                shape, dtype = meta[index]
                                if grad.shape != shape:
                                    grad = _reduce_to_input(node, index, grad, shape, P)
                                if grad.dtype is not dtype and grad.dtype != dtype:
                                    grad = P.cast(grad, dtype)
                                if index and grad is shared:
                                    grad = grad.copy()
                                if child.multi_output:
                                    _add_to_buffer(buffers, child, edges[index][1], grad)
                                    grad = None  # in the child's buffer, a dict by output number
                            remaining = dependencies[child] - 1
                            if remaining:
                                dependencies[child] = remaining
                                if grad is not None:
                                    existing = buffers.get(child)
                                    buffers[child] = grad if existing is None else existing + grad
                                continue
                            if buffers:
                                existing = buffers.pop(child, None)
                                if existing is not None:
                                    grad = existing if grad is None else existing + grad
                            if child.__class__ is AccumulateGrad:
                                variable = child.variable
                                if leaves_plain and variable._hooks is None and child._extras is None and (
                                        child._device is current):
                                    if grad is not None:
                                        _accumulate_plain(variable, grad)  # _accumulate_now's common case
                                else:
                                    _accumulate_now(child, grad, current, create_graph, targets, captured,
                                                    accumulate)
                                continue
                            ready.append(child)
                            ready_grads.append(grad)
                        continue
                    if grads.__class__ is not tuple:
                        grads = (grads,)
                else:
                    grads = _run_node(node, buffer, P, retain_graph, create_graph, targets, captured, needed,
                                      checked)
                    if grads is None:
                        continue  # leads to none of the inputs asked for
            meta = None if node is root else node._input_meta
            if create_graph or len(grads) < 2 or (len(grads) == 2 and grads[0] is not grads[1]):
                repeated = None
            elif len(grads) == 2:  # add's (grad, grad): _repeated's answer, without the call
                repeated = None if grads[0] is None else {id(grads[0]): False}
            else:
                repeated = _repeated(grads)
            for index, (child, output_nr) in enumerate(node._edges):
                if child is None:
                    continue
                grad = grads[index]
                if grad is not None:
                    if meta is not None:
                        shape, dtype = meta[index]
                        if grad.shape != shape:
                            grad = _reduce_to_input(node, index, grad, shape, P)
                        if grad.dtype is not dtype and grad.dtype != dtype:
                            grad = P.cast(grad, dtype)
                    if repeated is not None and id(grads[index]) in repeated:
                        # _unaliased, inlined: the first input handed the array borrows it, the next get copies
                        key = id(grads[index])
                        if not repeated[key]:
                            repeated[key] = True
                        elif grad is grads[index]:
                            grad = grad.copy()
                    if child.multi_output:
                        _add_to_buffer(buffers, child, output_nr, grad)
                        grad = None  # in the child's buffer, a dict by output number
                remaining = dependencies[child] - 1
                if remaining:
                    dependencies[child] = remaining
                    if grad is not None:
                        existing = buffers.get(child)
                        buffers[child] = grad if existing is None else existing + grad
                else:
                    existing = buffers.pop(child, None)
                    if existing is not None:
                        grad = existing if grad is None else existing + grad
                    if child.__class__ is AccumulateGrad:
                        # PyTorch's engine gives a leaf's AccumulateGrad the highest priority: a leaf's
                        # gradient lands (and its hooks fire, DDP's buckets fill) the moment it is complete
                        variable = child.variable
                        if leaves_plain and variable._hooks is None and child._extras is None and (
                                child._device is current):
                            if grad is not None:
                                _accumulate_plain(variable, grad)  # _accumulate_now's common case
                        else:
                            _accumulate_now(child, grad, current, create_graph, targets, captured, accumulate)
                        continue
                    ready.append(child)
                    ready_grads.append(grad)
    except ValueError as error:
        _raise_broadcast_error(error)
        raise
    finally:
        if guard is not None:
            guard.__exit__(None, None, None)


_PAIR = (0, 1)  # the edge indices of a two-edge node (a constant tuple: no range object per node)

_ARRAY_SHAPES = re.compile(r"could not be broadcast together with shapes ((?:\([\d, ]*\) ?)+)")


def _raise_broadcast_error(error):
    """A backward formula whose arrays do not broadcast (a saved tensor an unpack hook gave back in another shape,
    a hook's gradient of the wrong shape) fails as PyTorch's formula would: its RuntimeError for the shapes, not
    the array library's ValueError."""
    found = _ARRAY_SHAPES.search(str(error))
    if found is None:
        return
    shapes = [tuple(int(size) for size in group.split(",") if size.strip())
              for group in re.findall(r"\(([\d, ]*)\)", found.group(1))]
    _broadcast.broadcast_shapes(*shapes)  # raises PyTorch's "The size of tensor a (3) must match ..."


def _accumulate_now(node, buffer, current, create_graph, targets, captured, accumulate):
    """``_run_accumulate`` for a leaf whose gradient just completed, inside the walk: on the leaf's own device
    (the walk's guard is the node that delivered it, which may be another GPU's, or a CUDA node feeding a 0-d
    CPU leaf)."""
    if node._device is current:
        _run_accumulate(node, buffer, create_graph, targets, captured, accumulate)
        return
    with device_guard(node._device):
        _run_accumulate(node, buffer, create_graph, targets, captured, accumulate)


def _run_accumulate(node, buffer, create_graph, targets, captured, accumulate):
    """A leaf's AccumulateGrad node: tensor hooks, then the gradient into ``.grad`` (or into ``captured``)."""
    variable = node.variable
    given = buffer
    if variable._hooks is not None and buffer is not None:
        buffer = hooks.apply_tensor_hooks(variable._hooks.pre, buffer, variable._device, create_graph)
    extras = node._extras  # the node's own hooks (grad_fn.next_functions[0][0].register_prehook / register_hook)
    if extras is not None and buffer is not None and extras.pre_hooks:
        buffer = hooks.apply_node_pre_hooks(node, buffer, create_graph)
    if buffer is not given and not create_graph and buffer.__class__ is not _SPARSE_GRADIENT:
        buffer = buffer.copy()  # a hook's tensor (the user may hold it): never the .grad's memory
    if targets is not None and node in targets:
        _capture(targets[node], buffer, captured)
    if accumulate and buffer is not None and (targets is None or node in targets):
        if variable._requires_grad:  # PyTorch's AccumulateGrad skips a leaf detached (detach_, requires_grad_(False))
            _accumulate(variable, buffer, create_graph)  # after the graph was recorded (its hooks still run)
        if variable._hooks is not None:
            for hook in list(variable._hooks.post_accumulate.values()):
                hook(variable)
        if extras is not None and extras.hooks:
            hooks.apply_node_post_hooks(node, (), buffer, create_graph)  # PyTorch's (grad_inputs=(), (grad,))


def _run_node(node, buffer, P, retain_graph, create_graph, targets, captured, needed, checked):
    """Run one node with everything it may carry (hooks, retained grads, anomaly checks, custom Functions);
    returns its gradients, one per edge, or None when it leads to none of the inputs asked for."""
    extras = node._extras
    if extras is not None and buffer is not None and (extras.tensor_pre_hooks or extras.pre_hooks):
        buffer = hooks.apply_node_pre_hooks(node, buffer, create_graph)
    if targets is not None and node in targets:
        _capture(targets[node], buffer, captured)
    if needed is not None and not _runs(node, needed):
        return None
    if extras is not None and extras.retained:
        _store_retained(extras.retained, buffer, create_graph)
    if buffer is None:
        grads = (None,) * len(node._edges)
    else:
        widened = _widened(node, buffer, P) if _LOW_FLOATS else buffer
        if widened is not buffer:
            buffer, P = widened, _WidenedSaved(P)
        if checked:
            grads = anomaly.run_checked(node, P, buffer)
        elif node._direct_backward:  # Op._run_backward, inlined for single-output ops
            grads = node.backward(node, P, buffer)
            if grads.__class__ is not tuple:
                grads = (grads,)
        else:
            grads = node._run_backward(P, buffer)
        if node.returns_tensors:
            grads = check_tensor_gradients(node, grads, create_graph)
        if extras is not None:
            if extras.hooks:
                grads = hooks.apply_node_post_hooks(node, grads, buffer, create_graph)
            if extras.input_devices is not None:
                grads = _to_input_devices(node, grads, P)
        if not retain_graph and node._saved is not None:
            node._saved = FREED
    return grads


def call_node(node, grads):
    """``node(*grads)`` (PyTorch's direct call of a ``grad_fn``): the node's backward on ``grads``, one Tensor per
    output, with the differentiable primitives (the result has a graph where the saved values require grad) and
    its saved values kept. Returns the gradients in PyTorch's ``next_functions`` layout, a tuple unless there is
    one, as the node computes them (in the broadcast output's shape: the walk, not the node, reduces them to the
    inputs' shapes); a leaf's AccumulateGrad adds into ``.grad`` and returns ``()``."""
    for grad in grads:
        if grad is not None and not isinstance(grad, _tensor.Tensor):
            raise TypeError(f"{node.name()}: expected a Tensor or None for each gradient, got "
                            f"{type(grad).__name__}")
    if node.__class__ is AccumulateGrad:
        if grads and grads[0] is not None:
            _run_accumulate(node, grads[0], grad_mode.state.enabled, None, None, True)
        return ()
    P = _primitives.tensor_primitives
    if node.multi_output:
        buffer = {index: grad for index, grad in enumerate(grads) if grad is not None}
    else:
        buffer = grads[0] if grads else None
    results = _run_node(node, buffer, P, True, True, None, None, None, False)
    values = graph.public_values(node, results)
    return values[0] if len(values) == 1 else tuple(values)
#: non-empty once a bfloat16 tensor exists (ml_dtypes loaded) or an op widened float16: until then no gradient
#: can be a half float whose formula runs in float32
_LOW_FLOATS = dtypes._LOW_FLOATS


class _WidenedSaved:
    """The primitives ``P`` of a node run on a float16/bfloat16 gradient: its saved half values come out in float32
    too (a cast, differentiable under create_graph), so the whole formula runs in float32."""

    __slots__ = ("_P",)

    def __init__(self, P):
        self._P = P

    def __getattr__(self, name):
        return getattr(self._P, name)

    def saved(self, ctx):
        single = dtypes.float32.np
        return tuple(self._P.cast(value, single) if _is_low_float(value) else value for value in self._P.saved(ctx))


def _is_low_float(value):
    """Whether ``value`` (an array, or a tensor under create_graph) is float16 or bfloat16."""
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        return False
    if dtype is dtypes.float16 or dtype is dtypes.bfloat16:
        return True
    return not isinstance(dtype, dtypes.dtype) and dtype in _LOW_FLOATS


def _runs_widened(node, value):
    """Whether ``node``'s formula runs in float32 on the gradient ``value``: a bfloat16 one always, a float16 one
    where PyTorch's derivative is one kernel computing in float (``Op.fused_backward``); elsewhere each step of a
    float16 formula rounds to float16, as PyTorch's separate kernels do."""
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        return False
    if dtype is dtypes.bfloat16:
        return True
    if dtype is dtypes.float16:
        return node.fused_backward
    if isinstance(dtype, dtypes.dtype) or dtype not in _LOW_FLOATS:
        return False
    return dtype.kind != "f" or node.fused_backward


def _widened(node, buffer, P):
    """A half-float gradient (an array, or a tensor under create_graph) enters ``node``'s backward formula in
    float32 where ``_runs_widened`` says so, as its forward ran (``_casts.forward_low_in_float32``; NumPy's einsum
    and finfo have no bfloat16); the engine rounds each input's gradient back to the input's dtype."""
    if buffer.__class__ is tuple:
        return tuple(None if item is None else _widened(node, item, P) for item in buffer)
    if buffer.__class__ is dict:
        return {key: None if item is None else _widened(node, item, P) for key, item in buffer.items()}
    if _runs_widened(node, buffer):
        return P.cast(buffer, dtypes.float32.np)
    return buffer


def _widen_for_capture(node, buffer, P):
    """``(gradient, P)`` for ``node``'s formula, widened to float32 as ``_run_node`` does (the recorded walk's)."""
    if not _LOW_FLOATS:
        return buffer, P
    widened = _widened(node, buffer, P)
    if widened is buffer:
        return buffer, P
    return widened, _WidenedSaved(P)


def check_tensor_gradients(node, grads, create_graph):
    """The gradients a custom Function's backward returned, checked as PyTorch's validate_outputs does, in its
    order: the shape must broadcast to the input's (summed down later, with every node's), the dtype is cast
    later, and the device must be the input's (a 0-d gradient is moved). Returns them as the engine's values."""
    checked = []
    for index, grad in enumerate(grads):
        if grad is not None:
            shape = node.input_shape(index)
            if grad._array.shape != shape and not _expandable(tuple(shape), tuple(grad._array.shape)):
                raise RuntimeError(invalid_gradient(node, index, f"got {list(grad.shape)} but expected shape "
                                                                 f"compatible with {list(shape)}"))
            device = node._input_devices[index]
            if grad._device is not device:  # PyTorch moves a 0-d gradient, refuses others
                if grad.ndim:
                    raise RuntimeError(invalid_gradient(node, index,
                                                        f"expected device {device} but got {grad._device}"))
                grad = grad.to(device)
            if not create_graph:
                grad = grad._array
        checked.append(grad)
    return tuple(checked)


def _reduce_to_input(node, index, grad, shape, P):
    """The one check of every gradient a node, a hook or a custom Function hands on (PyTorch's validate_outputs):
    a gradient whose shape differs from the input's must broadcast to it and is summed down; anything else
    is refused in PyTorch's words, here, not later in an optimizer. (Dtypes are cast by the caller.)"""
    if not P.differentiable and grad.ndim == len(shape) + 1 and shape and grad.shape[1:] == shape:
        # a bias's gradient, (N, *shape) summed over the batch: sum_to_shape's answer (the same reduction) without
        # its questions; the shape fits by construction. On the host, the ufunc's reduce itself (ndarray.sum is a
        # Python wrapper around it)
        return _HOST_SUM(grad, 0) if grad.__class__ is _HOST_ARRAY else grad.sum(0)
    if not _expandable(tuple(shape), tuple(grad.shape)):
        raise RuntimeError(invalid_gradient(node, index, f"got {list(grad.shape)} but expected shape compatible "
                                                         f"with {list(shape)}"))
    return P.sum_to(grad, shape)


_HOST_ARRAY = _numpy_backend.array_type
_HOST_SUM = _numpy_backend.xp.add.reduce
_NUMPY_BACKEND = _numpy_backend  # the host backend (an instance)


def _expandable(shape, target):
    """Whether ``shape`` broadcasts to ``target`` (PyTorch's is_expandable_to)."""
    if len(shape) > len(target):
        return False
    for size, wanted in zip(reversed(shape), reversed(target)):
        if size != wanted and size != 1:
            return False
    return True


def invalid_gradient(node, index, detail):
    """PyTorch's message for a gradient a node returned that does not fit its input."""
    return f"Function {node.name()} returned an invalid gradient at index {index} - {detail}"


def _repeated(grads):
    """Ids of the arrays a node hands to more than one input (``add`` returns ``grad, grad``), or None.
    A set, so a node with n inputs costs O(n), not O(n^2) (stack of 10^5 tensors)."""
    if len(grads) == 2:
        first, second = grads
        if first is second and first is not None:
            return {id(first): False}
        return None
    seen = set()
    repeated = None
    for grad in grads:
        if grad is None:
            continue
        key = id(grad)
        if key in seen:
            if repeated is None:
                repeated = {}
            repeated[key] = False
        else:
            seen.add(key)
    return repeated


def _to_input_devices(node, grads, P):
    """Gradients for inputs that live on another device than the node (0-d CPU tensors in a CUDA op): reduced
    and cast on the node's device, then copied to the input's, as PyTorch gives a CPU scalar a CPU gradient."""
    moved = list(grads)
    node_device = node._device
    for index, device in enumerate(node._extras.input_devices[:len(moved)]):  # trailing inputs (where's
        grad = moved[index]                                                 # condition) get no gradient
        if device is node_device or grad is None:
            continue
        shape, dtype = node._input_meta[index]
        if grad.shape != shape:
            grad = P.sum_to(grad, shape)
        if grad.dtype != dtype:
            grad = P.cast(grad, dtype)
        moved[index] = P.to_device(grad, device)
    return tuple(moved)


def _accumulate_non_leaves(inputs, captured, create_graph):
    """``backward(inputs=[...])`` fills the ``.grad`` of non-leaf inputs too (leaves were filled on the way),
    with a copy: the captured gradient may also be a leaf's."""
    for tensor, grad in zip(inputs, captured):
        if tensor._grad_fn is None or grad is None:
            continue
        with device_guard(tensor._device):  # the copy and the sum run on the tensor's GPU
            _accumulate(tensor, grad if create_graph else grad.copy(), create_graph)


def _capture(entries, buffer, captured):
    for output_nr, index in entries:
        captured[index] = _output_grad(buffer, output_nr)


def _runs(node, needed):
    for child, _ in node._edges:
        if child in needed:
            return True
    return False


def _output_grad(buffer, output_nr):
    if buffer is None:
        return None
    if buffer.__class__ is dict:
        return buffer.get(output_nr)
    return buffer  # a node with one differentiable output: whatever its number, this is its gradient


def _add_to_buffer(buffers, node, output_nr, grad):
    if node.multi_output:
        buffer = buffers.get(node)
        if buffer is None:
            buffer = buffers[node] = {}
        existing = buffer.get(output_nr)
        buffer[output_nr] = grad if existing is None else existing + grad
        return
    existing = buffers.get(node)
    buffers[node] = grad if existing is None else existing + grad


def _accumulate(variable, grad, create_graph):
    wrap = _tensor.wrap
    current = variable._grad
    if create_graph:
        if not isinstance(grad, _tensor.Tensor):
            grad = grad.tensor() if grad.__class__ is _SPARSE_GRADIENT else wrap(grad, variable._device)
        if current is None:  # PyTorch clones a sparse gradient here (its grad_fn: CloneBackward0)
            # and copies a dense one: never the gradient itself (a user's grad_outputs, a hook's result, one
            # broadcast gradient of two leaves), CopyBackwards when it requires grad (ops/grad_copy.py)
            variable._grad = grad.clone() if _sparse_registry.is_sparse(grad) else grad_copy.copy_for_grad(variable,
                                                                                                           grad)
        elif _sparse_registry.is_sparse(current) and not _sparse_registry.is_sparse(grad):
            variable._grad = grad + current  # PyTorch's order: dense + sparse is dense
        else:
            variable._grad = current + grad
        return
    if grad.__class__ is _SPARSE_GRADIENT or (current is not None and _sparse_registry.is_sparse(current)):
        _accumulate_sparse(variable, grad)
        return
    if current is None:
        given = grad
        if grad.base is not None:
            grad = grad.copy()  # views (broadcasts, reshapes) never become a leaf's .grad
        # NumPy's 0-d arithmetic returns scalars, which in-place ops (.grad.zero_()) cannot write
        grad = variable._device._backend.ensure_array(grad)
        if not (grad.flags.c_contiguous and variable._array.flags.c_contiguous):
            grad = _layout.grad_layout(variable._device._backend.xp, grad, variable._array)
        variable._grad = wrap(grad, variable._device)
        if grad is not given and _layout.grad_copy_bumps(given, variable._array):
            variable._grad._vc = [1]  # PyTorch copied it into the leaf's layout with copy_ (a version bump)
    else:
        if 0 in current._array.strides:
            inplace.check_no_overlap(current._array)  # an expanded .grad someone assigned: PyTorch's refusal
        current._array += grad  # in place, as PyTorch's AccumulateGrad: the .grad tensor's version goes up
        if current._vc is None:
            current._vc = [1]
        else:
            current._vc[0] += 1


def _accumulate_plain(variable, grad):
    """``_accumulate`` of a raw-array gradient (the walk's common case: no create_graph, no hooks)."""
    if not variable._requires_grad:
        return  # PyTorch's AccumulateGrad skips a leaf detached (detach_, requires_grad_(False)) since the forward
    current = variable._grad
    if grad.__class__ is _SPARSE_GRADIENT or (current is not None and current.__class__ in _SPARSE_CLASSES):
        _accumulate_sparse(variable, grad)
        return
    if current is None:
        given = grad
        if grad.base is not None:
            grad = grad.copy()  # views (broadcasts, reshapes) never become a leaf's .grad
        device = variable._device
        if grad.__class__ is not _HOST_ARRAY or device._backend is not _NUMPY_BACKEND:
            grad = device._backend.ensure_array(grad)  # (a host ndarray for the host backend is one already)
        if not (grad.flags.c_contiguous and variable._array.flags.c_contiguous):  # the layout contract
            grad = _layout.grad_layout(device._backend.xp, grad, variable._array)
        variable._grad = _tensor.wrap(grad, device)
        if grad is not given and _layout.grad_copy_bumps(given, variable._array):
            variable._grad._vc = [1]  # PyTorch copied it into the leaf's layout with copy_ (a version bump)
    else:
        if 0 in current._array.strides:
            inplace.check_no_overlap(current._array)  # an expanded .grad someone assigned: PyTorch's refusal
        current._array += grad  # in place, as PyTorch's AccumulateGrad: the .grad tensor's version goes up
        if current._vc is None:
            current._vc = [1]
        else:
            current._vc[0] += 1


def _accumulate_sparse(variable, grad):
    """PyTorch's AccumulateGrad (grad mode off) where a sparse gradient is involved: the first becomes ``.grad``
    (a COO tensor); added to a dense ``.grad`` in place; added to a sparse ``.grad`` in place (the same tensor:
    PyTorch's ``grad += new``, merged or concatenated, see ``ops/_sparse_gradient.py``); a dense gradient added to
    a sparse ``.grad`` gives a new dense ``.grad``."""
    current = variable._grad
    if grad.__class__ is not _SPARSE_GRADIENT:  # dense into a sparse .grad
        with device_guard(variable._device):
            variable._grad = _tensor.wrap(variable._device._backend.ensure_array(grad + current.to_dense()._array),
                                          variable._device)
        return
    if current is None:
        variable._grad = grad.copy().tensor()
    elif not _sparse_registry.is_sparse(current):
        _sparse_gradient.add_into_dense(current._device, current._array, grad.indices, grad.values)
        current._bump_version()
    else:
        total = _sparse_gradient.from_tensor(current).plus(grad)
        current._indices_t = _tensor.wrap(total.indices, current._device)
        current._values_t = _tensor.wrap(total.values, current._device)
        current._coalesced = total.coalesced


def _store_retained(retained, buffer, create_graph):
    for output_nr, reference in retained.items():
        tensor = reference()
        grad = _output_grad(buffer, output_nr)
        if tensor is None or grad is None:
            continue
        if create_graph:
            tensor._grad = grad if tensor._grad is None else tensor._grad + grad
            continue
        with device_guard(tensor._device):  # the node's own device differs for the output of a device copy
            if tensor._grad is None:
                tensor._grad = _tensor.wrap(tensor._device._backend.ensure_array(grad.copy()), tensor._device)
            else:
                tensor._grad._array += grad


graph.node_runner = call_node  # grad_fn(grad): see graph.Node.__call__
