"""Capture once, replay: the recorder behind ``gradlib.graphs`` (see that module for the user's side).

While a capture is in progress, ``recorder`` is a ``Recorder`` and the library's array-producing paths report to
it as they run (eagerly, with real results):

* ``Op.apply``: the op's forward formula, its arguments and its outputs (``Recorder.op``);
* the backward walk: each node's backward formula and the engine's reductions, casts, sums and accumulation
  into leaves (``recorded_walk``, the fast path of ``engine._walk`` with every array step recorded);
* in-place writes on tensors, factories (``zeros``, ``rand``, ...), and each optimizer's per-parameter update
  (``Recorder.call``).

Each record is a Python function (a forward or backward formula, a ufunc, an optimizer update) with its
arguments: arrays made during the capture are *slots*, filled afresh by every replay; other arrays (parameters,
optimizer state, the user's static inputs) are used by reference, so in-place writes land in them as in eager
mode. ``Recorder.finish`` turns the records into one flat Python function (one line per record, slots as local
variables) that replays the step without Tensors, nodes, dependency counting or a graph walk. Arrays made
during the capture that are still referenced when it ends (the loss, ``.grad`` tensors, outputs) are the
*static outputs*: each replay copies its new values into them, as a CUDA graph writes into the same memory.

On the CPU, ``capture_lean`` offers a lean closure for common ops' forward and backward formulas (fixed output
buffers, saved values passed as slots, constants of the captured shapes made once). Each is run on the capture's
own arrays and kept only if it gives the formula's bits in the formula's memory layout; a forward whose node's
backward stays the formula (it reads what the forward leaves in the node) stays the formula too (``finish``).
``finish`` then fuses records where the same calls can share a buffer or a Python frame: ``g * lr`` and the
``p -= ...`` after it (the gradient scaled where it lies when nothing else reads it), a matmul and the add of
its product (``x @ W + b``), and ReLU writing into an input nothing else reads.

Eager mode pays one ``recorder is None`` test per op.
"""
import functools
import gc
import operator
import sys
import threading
import weakref

from .. import _tensor as _tensor_module
from ..backends import quiet as _quiet, _switch_guard
from . import anomaly, capture_fuse, capture_lean, grad_mode
from .graph import FREED, FREED_MESSAGE, AccumulateGrad
from .saved_hooks import SavedValue

__all__ = ["recorder", "capturing", "Recorder", "refuse", "recorded_walk", "check_host_read", "check_storage_swap",
           "replayed", "assign", "inplace_ufunc_recorded"]

#: the Recorder of the capture in progress, or None (eager mode)
recorder = None

#: set by ``gradlib.jit.trace`` while it runs the example inputs: called with the kind of each tensor-to-Python
#: conversion (``"boolean"``, ``"number"``, ...) so that the tracer can warn as PyTorch's does; None otherwise
conversion_observer = None

_CONST, _SLOT, _TUPLE, _LIST, _DICT = (capture_fuse.CONST, capture_fuse.SLOT, capture_fuse.TUPLE, capture_fuse.LIST,
                                      capture_fuse.DICT)
_slots_in, _out_slots, _inplace_ufunc = capture_fuse.slots_in, capture_fuse.out_slots, capture_fuse.inplace_ufunc


def capturing():
    """True on the thread that is capturing (other threads run eagerly, unrecorded, during a capture)."""
    active = recorder
    return active is not None and active.thread == threading.get_ident()


def refuse(what, why):
    """Stop a capture: ``what`` cannot be recorded into a replayable program."""
    raise RuntimeError(
        f"gradlib.graphs: {what} cannot be captured: {why}. Keep it out of the captured region (do it before "
        "the capture or after replay()), or run this step eagerly.")


def check_host_read(what, conversion=None):
    """Refuse a read of tensor values into Python while capturing (the replay could not re-decide on it); while
    ``gradlib.jit.trace`` runs, report the ``conversion`` (the kind of Python value made) to its observer."""
    if capturing():
        refuse(what, "it reads tensor values into Python (a host sync), and whatever the step decides from "
                     "them would be frozen into the replay")
    observer = conversion_observer
    if observer is not None and conversion is not None:
        observer(conversion)


def replayed(function, *args):
    """``function(*args)``: array work an op does outside its node's forward (a result it hands to the node, or
    returns without one); while capturing it is recorded, so that every replay does it again on that replay's
    arrays."""
    if recorder is not None and capturing():
        return recorder.call(function, *args)
    return function(*args)


def check_storage_swap(array, what):
    """Refuse, while capturing, to give a tensor whose storage ``array`` predates the capture other storage
    (``Tensor.data = ...``, ``resize_``): the recorded ops read and write the storage the capture saw."""
    if capturing() and id(array) not in recorder._slot:
        refuse(f"{what} on a tensor made before the capture",
               "it gives the tensor other storage, while every replay reads and writes the storage the capture "
               "saw; write the new values in place instead (with gradlib.no_grad(): tensor.copy_(value))")


def _copy(array):
    return array.copy()


def _iadd(target, value):
    target += value


def assign(target, value):
    """``target[...] = value`` (an in-place write on a tensor's storage)."""
    target[...] = value


def inplace_ufunc_recorded(ufunc, array, value, scale):
    """``Tensor._arith_inplace``'s fast path (``p -= lr * grad``) while capturing: ``array op= value * scale``."""
    if scale != 1:
        value = recorder.call(operator.mul, value, scale)  # recorded even for a number: it may be a slot
    recorder.call(_inplace_ufunc, ufunc, array, value)


class Recorder:
    """The records of one capture (see the module docstring)."""

    def __init__(self, array_types):
        self.array_types = array_types
        self.entries = []           # (function, argument specs, output slot(s) or None)
        self._slot = {}             # id(array) -> slot, for arrays made during the capture
        self._arrays = []           # slot -> its capture-time array (held, so that ids stay unique)
        self._constants = {}        # id(array) -> array used by reference (held for the same reason)
        self.inputs = {}            # id(tensor) -> (tensor, array, shape, dtype, device): tensors read by reference
        self._contexts = []         # (node, recorded): op nodes whose forward formula the replay runs again
        self.devices = set()        # the devices the recorded ops ran on (the replay enters their guard)
        self.thread = threading.get_ident()
        self.cuda_graph = False     # True under gradlib.cuda.graph: CUDA replays the kernels, Python code is not run
        self._lean_forward = []     # (entry index, ctx, lean entry, whether the generic one refills ctx's saved values)
        self._generic_backward = set()  # id(node) of nodes whose backward formula is recorded as itself
        self._lean_functions = {}   # id(ctx) -> the lean forward record of that op (a lean backward's partner)
        self._partnered = set()     # id(node) of nodes with a lean backward that reads its lean forward's state
        capture_lean.begin()

    # ----- specs -------------------------------------------------------------------------------------
    def _spec(self, value):
        slot = self._slot.get(id(value))
        if slot is not None:
            return (_SLOT, slot)
        if isinstance(value, self.array_types):
            self._check_not_derived(value)
            self._constants[id(value)] = value
            return (_CONST, value)
        kind = value.__class__
        if kind is tuple or kind is list:
            items = tuple(self._spec(item) for item in value)
            if all(item[0] == _CONST for item in items):
                return (_CONST, value)
            return (_TUPLE if kind is tuple else _LIST, items)
        if kind is dict:
            items = tuple((key, self._spec(item)) for key, item in value.items())
            if all(item[0] == _CONST for _, item in items):
                return (_CONST, value)
            return (_DICT, items)
        return (_CONST, value)

    def _check_not_derived(self, array):
        """Refuse an array used by reference that is a view of an array the capture made (a slot): it was made
        from that value outside the records (raw array code), so the replay would read the capture's values."""
        base = array.base
        while base is not None:
            if id(base) in self._slot:
                refuse("a view of a value made during the step, taken outside the recorded ops (raw array code "
                       f"in {_caller()})", "the replay would read the capture's values instead of that replay's")
            base = getattr(base, "base", None)

    def _out(self, value):
        if isinstance(value, self.array_types):
            key = id(value)
            slot = self._slot.get(key)
            if slot is not None:
                return slot
            if key in self._constants:
                return None  # the function handed back an array used by reference: nothing to store
            slot = len(self._arrays)
            self._arrays.append(value)
            self._slot[key] = slot
            return slot
        if value.__class__ is tuple:
            return tuple(self._out(item) for item in value)
        if value is None:
            return None
        slot = self._slot.get(id(value))  # a NumPy scalar (a 0-d array times a number) or another value
        if slot is None:
            slot = len(self._arrays)
            self._arrays.append(value)
            self._slot[id(value)] = slot
        return slot

    # ----- records -------------------------------------------------------------------------------------
    def record(self, function, args, result):
        """Record ``result = function(*args)`` (already computed; not on another thread than the capture's)."""
        if threading.get_ident() != self.thread:
            return result
        specs = tuple(self._spec(arg) for arg in args)
        self.entries.append((function, specs, self._out(result)))
        return result

    def call(self, function, *args):
        """Run ``function(*args)`` and record it (only run it on another thread than the capture's)."""
        if threading.get_ident() != self.thread:
            return function(*args)
        specs = tuple(self._spec(arg) for arg in args)  # before the call: an in-place write keeps the ids
        result = function(*args)
        self.entries.append((function, specs, self._out(result)))
        return result

    def op(self, cls, ctx, args, arrays, backend, converted, outputs, recorded, device=None, forward=None):
        """``Op.apply`` ran ``cls.forward(ctx, xp, *arrays)`` on ``args`` (``arrays`` after promotion casts), or
        ``forward(ctx, xp, *arrays)`` where it ran the formula another way (half floats computed in float32)."""
        if device is not None and device not in self.devices:
            if device.type != "cpu" and any(d.type != "cpu" for d in self.devices):
                refuse(f"work on {device} beside {sorted(str(d) for d in self.devices if d.type != 'cpu')[0]}",
                       "a captured step runs on one GPU")
            self.devices.add(device)
        specs = []
        casts = []
        for position, arg in enumerate(args):
            if isinstance(arg, _tensor_module.Tensor):
                array = arg._array
                if arrays[position] is not array:
                    casts.append((position, arrays[position].dtype))
                spec = self._spec(array)
                if spec[0] == _CONST and id(arg) not in self.inputs:
                    self.inputs[id(arg)] = (arg, array, array.shape, array.dtype, arg._device)
                specs.append(spec)
            else:
                specs.append(self._spec(arg))
        if outputs.__class__ is tuple:
            result = tuple(output._array for output in outputs)
        else:
            result = outputs._array
        dropped = None  # per saved value, whether the op dropped it (Op.saved_for_inputs); None: no backward reads
        if recorded and ctx._saved is not None:
            dropped = tuple(value is None for value in ctx._saved)
        function = _forward_runner(cls, ctx, backend, tuple(casts), converted, dropped, forward)
        self._contexts.append((ctx, recorded))
        specs = tuple(specs)
        if not casts and forward is None and self.lean(backend):
            self._prepare_lean_forward(cls, ctx, backend.xp, arrays, result, specs, recorded,
                                       dropped is not None and not converted)
        self.entries.append((function, specs, self._out(result)))

    def lean(self, backend):
        """Whether this capture's records of ``backend`` may be lean (``capture_lean``): on the CPU only (the
        check that a lean record gives the formula's bits reads values, which on a GPU would be host syncs)."""
        return not self.cuda_graph and backend.name == "numpy"

    def _prepare_lean_forward(self, cls, ctx, xp, arrays, result, specs, recorded, refills):
        """Keep a lean version of the forward record about to be appended. ``finish`` uses it unless the node
        (``recorded``: the op made one) has its backward formula recorded as itself: that formula reads what
        the forward left in the node (saved values, and attributes such as max pooling's ``arg``), so the
        formula's own forward must run."""
        index = len(self.entries)
        lean = _attempt(capture_lean.forward, cls, ctx, xp, arrays, result)
        if lean is not None:
            function, positions = lean
            if all(spec[0] == _CONST for position, spec in enumerate(specs) if position not in positions):
                if _same(xp, result, function, *[arrays[p] for p in positions]):
                    self._lean_functions[id(ctx)] = function
                    self._lean_forward.append((index, ctx, (function, tuple(specs[p] for p in positions)),
                                               recorded, positions))
                    return
        if refills:  # the formula itself, without the refill of the saved values
            self._lean_forward.append((index, ctx, (functools.partial(cls.forward, ctx, xp), specs), True,
                                       range(len(specs))))

    # ----- the end of the capture ------------------------------------------------------------------------
    def held(self):
        """Every array the capture made or used (a CUDA graph's memory: kept while the graph lives)."""
        return self._arrays, list(self._constants.values())

    def finish(self):
        """Compile the records into the replay function; returns ``(program, static_outputs, inputs)``."""
        for index, ctx, (function, specs), recorded, positions in self._lean_forward:
            generic, all_specs, out = self.entries[index]
            if not (recorded and id(ctx) in self._generic_backward):
                self.entries[index] = (function, specs, out)
            elif id(ctx) in self._partnered:  # both backwards read this forward: run both forwards
                self.entries[index] = (_both(function, positions, generic), all_specs, out)
        self._lean_forward = self._generic_backward = self._lean_functions = self._partnered = None
        for ctx, recorded in self._contexts:
            if not recorded or ctx._saved is FREED:
                ctx._saved = None       # the replay's forward fills it again
        contexts = [ctx for ctx, _ in self._contexts]
        arrays = self._arrays
        references = [_weak(array, self.array_types) for array in arrays]
        self._arrays = None
        self._slot = None
        del arrays
        gc.collect()
        static = []
        for slot, reference in enumerate(references):
            array = reference()
            if array is not None:
                static.append((slot, array))
        static_slots = {slot for slot, _ in static}
        entries = capture_fuse.fuse_products(capture_fuse.fuse_scaled_updates(self.entries, static_slots), static_slots)
        entries = capture_fuse.fuse_in_place(entries, static_slots)
        program = _compile(entries, static, len(references))
        inputs = tuple(self.inputs.values())
        self.inputs = None
        return program, static, inputs, contexts


def _caller():
    """The first frame outside this module (the code that handed the array over), as ``module.function``."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") in (__name__, "gradlib.ops._op"):
        frame = frame.f_back
    if frame is None:
        return "?"
    return f"{frame.f_globals.get('__name__')}.{frame.f_code.co_name}"


def _weak(value, array_types):
    """A weak reference to a slot's capture-time array (None for other values: they are never static)."""
    if isinstance(value, array_types):
        return weakref.ref(value)
    return _dead


def _dead():
    return None


def _forward_runner(cls, ctx, backend, casts, converted, dropped, forward=None):
    """The replay's call of ``cls.forward`` on the arrays of one op (with the capture's promotion casts). Where a
    recorded backward reads the op's saved values (``dropped`` not None), they become the node's ``SavedValue``
    records again, without version counters (the capture checked the versions), and the values the op dropped
    at capture (``Op.saved_for_inputs``) stay None. ``forward``: the formula's call, if not ``cls.forward``."""
    if forward is None:
        forward = cls.forward
    xp = backend.xp
    if not casts and not converted and dropped is None:
        return functools.partial(forward, ctx, xp)
    array_type = backend.array_type

    def run(*arrays):
        if casts:
            arrays = list(arrays)
            for position, dtype in casts:
                arrays[position] = arrays[position].astype(dtype)
        out = forward(ctx, xp, *arrays)
        if converted:
            if out.__class__ is tuple:
                out = tuple(item if item.__class__ is array_type else _ensure(backend, ctx, item) for item in out)
            elif out.__class__ is not array_type:
                out = _ensure(backend, ctx, out)
        if dropped is not None:
            ctx._saved = tuple([None if drop else SavedValue(array) for array, drop in zip(ctx._saved, dropped)])
        return out

    return run


def _ensure(backend, ctx, value):
    array = backend.ensure_array(value)
    saved = ctx._saved
    if saved is not None:
        ctx._saved = tuple(array if item is value else item for item in saved)
    return array


def _compile(entries, static, slots):
    """One Python function running the records in order: ``s<n>`` are the slots (local variables, deleted after
    their last use), ``f<i>`` the functions and ``c<j>`` the constants; the static outputs are written last."""
    names = {}
    lines = ["def replay():"]
    static_slots = {slot for slot, _ in static}
    last_use = {}
    for index, (_, specs, _) in enumerate(entries):
        for slot in _slots_in(specs):
            last_use[slot] = index

    def constant(value):
        name = f"c{len(names)}"
        names[name] = value
        return name

    def expression(spec):
        kind, value = spec
        if kind == _SLOT:
            return f"s{value}"
        if kind == _CONST:
            return constant(value)
        if kind == _TUPLE:
            return "(" + "".join(expression(item) + ", " for item in value) + ")"
        if kind == _LIST:
            return "[" + ", ".join(expression(item) for item in value) + "]"
        return "{" + ", ".join(f"{constant(key)}: {expression(item)}" for key, item in value) + "}"

    for index, (function, specs, out) in enumerate(entries):
        name = f"f{index}"
        bound = ()
        if function.__class__ is functools.partial and not function.keywords:
            function, bound = function.func, function.args  # call the formula itself: no partial in between
        names[name] = function
        call = f"{name}(" + ", ".join([constant(value) for value in bound] +
                                      [expression(spec) for spec in specs]) + ")"
        if out is None:
            lines.append(f"    {call}")
        elif out.__class__ is int:
            lines.append(f"    s{out} = {call}")
        else:
            lines.append(f"    {_targets(out)} = {call}")
        dead = [slot for slot in _slots_in(specs) if last_use.get(slot) == index and slot not in static_slots]
        dead += [slot for slot in _out_slots(out) if slot not in last_use and slot not in static_slots]
        for slot in sorted(set(dead)):
            lines.append(f"    del s{slot}")
    for slot, array in static:
        lines.append(f"    {constant(array)}[...] = s{slot}")
    lines.append("    return None")
    scope = dict(names)
    source = "\n".join(lines)
    exec(compile(source, "<gradlib.graphs replay>", "exec"), scope)
    replay = scope["replay"]
    replay.source = source      # the program's text and its names (for reading and for tests)
    replay.names = names
    return replay


def _targets(out):
    """The assignment targets of a record's tuple of results (nested tuples unpacked as nested targets)."""
    if out is None:
        return "_"
    if out.__class__ is int:
        return f"s{out}"
    return "(" + "".join(_targets(item) + ", " for item in out) + ")"


def check_backward(create_graph, inputs, accumulate):
    """What a captured backward supports: ``loss.backward()`` (and ``autograd.backward``) on the fast path."""
    if create_graph:
        refuse("backward(create_graph=True)", "higher-order graphs are not replayed")
    if inputs is not None or not accumulate:
        refuse("autograd.grad / backward(inputs=...)", "only backward() into the leaves' .grad is replayed")
    if anomaly.state.enabled:
        refuse("anomaly mode", "its checks read values on every node")
    if grad_mode.state.saved_hooks:
        refuse("saved_tensors_hooks", "packed saved values are not replayed")


def recorded_walk(rec, root, root_grads, dependencies, retain_graph, primitives_of, widen=None):
    """``engine._walk``'s fast path (first order, no hooks, into the leaves' ``.grad``) with every array step
    recorded. Same order and arithmetic as the engine, so the replay's gradients equal eager mode's.
    ``primitives_of(backend)`` is the engine's raw-array namespace of a backend (ops._primitives, which this
    low module does not import: ops import it). ``widen(node, grad, P)`` is the engine's ``(grad, P)`` for a
    formula that runs a half-float gradient in float32 (``engine._widened``), or None. On a GPU each node runs
    with its device current, as in the engine (the replay enters the same device's guard)."""
    buffers = {}
    ready = [root]
    current = None
    guard = None
    F = None
    record = rec.call
    try:
        while ready:
            node = ready.pop()
            if node is root:
                grads = root_grads
            else:
                if node._device is not current:
                    current = node._device
                    guard = _switch_guard(guard, current)
                    F = primitives_of(current._backend)
                buffer = buffers.pop(node, None)
                if node.__class__ is AccumulateGrad:
                    variable = node.variable
                    _refuse_leaf_hooks(variable)
                    if buffer is not None:
                        _accumulate(record, variable, buffer)
                    continue
                extras = node._extras
                if extras is not None and (extras.tensor_pre_hooks or extras.pre_hooks or extras.hooks
                                           or extras.retained or extras.input_devices is not None):
                    refuse(f"backward through {node.name()} with hooks, retain_grad or a CPU scalar",
                           "only formulas are replayed")
                if buffer is None:
                    grads = (None,) * len(node._edges)
                else:
                    if node._saved is FREED:
                        raise RuntimeError(FREED_MESSAGE)  # PyTorch's error for a second backward
                    grads = _record_backward(rec, node, F, buffer, widen)
                    if not retain_graph and node._saved is not None:
                        node._saved = FREED
            meta = None if node is root else node._input_meta
            for index, (child, output_nr) in enumerate(node._edges):
                if child is None:
                    continue
                grad = grads[index]
                if grad is not None:
                    if meta is not None:
                        shape, dtype = meta[index]
                        if grad.shape != shape:
                            grad = _record_sum_to(rec, current._backend, F, grad, shape)
                        if grad.dtype is not dtype and grad.dtype != dtype:
                            grad = record(F.cast, grad, dtype)
                    if index:
                        for earlier in grads[:index]:
                            if earlier is grad:
                                grad = record(_copy, grad)
                                break
                    if child.multi_output:
                        slot = buffers.get(child)
                        if slot is None:
                            slot = buffers[child] = {}
                        existing = slot.get(output_nr)
                        slot[output_nr] = grad if existing is None else record(operator.add, existing, grad)
                    else:
                        existing = buffers.get(child)
                        buffers[child] = grad if existing is None else record(operator.add, existing, grad)
                remaining = dependencies[child] - 1
                dependencies[child] = remaining
                if remaining == 0:
                    ready.append(child)
    finally:
        if guard is not None:
            guard.__exit__(None, None, None)


def _record_sum_to(rec, backend, primitives, grad, shape):
    """The engine's reduction of a broadcast gradient to an input's ``shape``, recorded (lean where
    ``capture_lean.sum_to`` offers it and gives the same bits)."""
    sum_to = primitives.sum_to
    if rec.lean(backend) and threading.get_ident() == rec.thread:
        result = sum_to(grad, shape)
        lean = _attempt(capture_lean.sum_to, backend.xp, grad, shape, result)
        if lean is not None and _same(backend.xp, result, lean, grad):
            return rec.record(lean, (grad,), result)
        return rec.record(sum_to, (grad, shape), result)
    return rec.call(sum_to, grad, shape)


def _record_backward(rec, node, F, buffer, widen=None):
    """Run and record one node's backward formula; returns its gradients as a tuple. A single-output op's
    formula is recorded as itself (no ``_run_backward`` wrapper in the replay), and a formula that only handed
    back arrays the program already has (``AddBackward0`` passes its gradient on) is not recorded at all:
    backward formulas are pure, so the replay has nothing to run for it."""
    P = F
    if widen is not None:  # a half-float gradient whose formula runs in float32, as in the engine's walk
        widened, P = widen(node, buffer, F)
        if widened is not buffer:
            buffer = rec.record(functools.partial(_widened_buffer, widen, node, F), (buffer,), widened)
    if node.multi_output:
        function = functools.partial(node._run_backward, P)
    else:
        function = functools.partial(type(node).backward, node, P)
    spec = rec._spec(buffer)
    saved = _saved_of(node)  # before the formula: the engine frees them after
    result = function(buffer)
    items = result if result.__class__ is tuple else (result,)
    for item in items:
        if item.__class__.__name__ == "SparseGradient":  # ops._sparse_gradient's (ops sit above this module)
            refuse(f"a sparse gradient ({node.name()}, e.g. nn.Embedding(sparse=True))",
                   "only dense gradients are replayed")
    known = rec._slot
    if spec[0] != _DICT and all(item is None or id(item) in known for item in items):
        return items
    if spec[0] == _SLOT or spec[0] == _CONST:
        backend = node._device._backend
        if not node.multi_output and P is F and rec.lean(backend):
            lean = _lean_backward(rec, node, backend.xp, buffer, saved, result)
            if lean is not None:
                rec.entries.append((lean[0], (spec,) + lean[1], rec._out(result)))
                return items
    rec._generic_backward.add(id(node))
    rec.entries.append((function, (spec,), rec._out(result)))
    return items


def _widened_buffer(widen, node, primitives, buffer):
    return widen(node, buffer, primitives)[0]


def _attempt(function, *args):
    """``function(*args)`` without NumPy's warnings (the formulas run quietly too), or None if it raises: a
    lean record is only ever a faster way to the formula's result, so a builder that fails (an argument it
    did not expect) leaves the formula's record in place instead of failing the capture."""
    quiet = _quiet.enter()
    try:
        return function(*args)
    except Exception:
        return None
    finally:
        _quiet.leave(quiet)


def _same(xp, result, function, *args):
    """Whether ``function(*args)``, a lean record run on the capture's own arrays, gives ``result``'s bits in
    its layout."""
    made = _attempt(function, *args)
    return made is not None and _attempt(capture_lean.identical, xp, made, result) is True


def _both(lean, positions, generic):
    """A forward record running a lean forward (for the state a lean backward reads) and then the formula (for
    what a backward recorded as itself reads from the node), for a node whose backward was recorded both ways
    (``retain_graph``)."""
    def run(*args):
        lean(*[args[position] for position in positions])
        return generic(*args)

    return run


def _saved_of(node):
    """The raw arrays ``node`` saved (``()`` for none), or None where they are not plain arrays (freed, packed by
    hooks)."""
    saved = node._saved
    if saved is None:
        return ()
    if saved is FREED:
        return None
    arrays = []
    for value in saved:
        if value is None:
            arrays.append(None)
        elif value.__class__ is not SavedValue or value.unpack_hook is not None:
            return None
        else:
            arrays.append(value.array)
    return tuple(arrays)


def _lean_backward(rec, node, xp, grad, saved, result):
    """A lean record of ``node``'s backward (``capture_lean.backward``) with its specs, or None: its saved values
    must be arrays the program has (slots, or arrays used by reference), and it must give the formula's bits."""
    partner = rec._lean_functions.get(id(node))
    lean = _attempt(capture_lean.backward, node, xp, grad, saved, result, partner)
    if lean is None:
        return None
    function, extras = lean
    known = rec._slot
    if not all(id(extra) in known or id(extra) in rec._constants for extra in extras):
        return None  # e.g. a promotion cast of an input, made inside Op.apply and not recorded
    if not _same(xp, result, function, grad, *extras):
        return None
    if partner is not None:
        rec._partnered.add(id(node))
    return function, tuple(rec._spec(extra) for extra in extras)


def _refuse_leaf_hooks(variable):
    hooks = variable._hooks
    if hooks is not None and (hooks.pre or hooks.post_accumulate):
        refuse("a tensor hook on a leaf", "hooks are Python code that the replay does not run")


def _accumulate(record, variable, grad):
    current = variable._grad
    if current is None:
        if not isinstance(grad, record.__self__.array_types):  # a NumPy scalar (0-d formulas): the array is recorded
            grad = record(variable._device._backend.ensure_array, grad)
        if grad.base is not None:
            grad = record(_copy, grad)  # views never become a leaf's .grad
        variable._grad = _tensor_module.wrap(grad, variable._device)
    else:
        record(_iadd, current._array, grad)
        if current._vc is not None:
            current._vc[0] += 1

