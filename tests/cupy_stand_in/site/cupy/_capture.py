"""Stream capture for the stand-in: ``Stream.begin_capture`` / ``end_capture`` -> ``cupy.cuda.Graph``,
``Graph.launch`` (CuPy 14.2's names and signatures; ``cupy.cuda.graph.Graph`` in the real wheel).

While a stream captures, every top-level array operation (a ufunc, a namespace function, an ndarray method,
indexing, a random draw) still runs on NumPy, so the Python code that issues it sees real arrays, and is
recorded with its arguments and result. ``Graph.launch()`` runs the records again in order and writes each new
result into the array the capture returned (the memory a CUDA graph's kernel writes to), so the captured arrays
hold the replay's values and random draws advance the generator.

As on a GPU, a capture only records: when it ends, every array that existed before it gets its contents back
(the parameters an optimizer step updated, a random generator's state) and the float arrays the capture made
are filled with NaN (a captured kernel's output is undefined until the graph is launched).

What CUDA refuses during a capture is refused here with the CUDARuntimeError CuPy raises, and invalidates the
capture (``end_capture`` then raises ``cudaErrorStreamCaptureInvalidated``):

* a host sync (anything the stand-in records as a ``sync``: ``bool()``, ``.item()``, ``.get()``, boolean masks,
  stream/event/device synchronize, ...);
* a host-to-device copy of pageable host data (``cupy.asarray(numpy_array)``, ``ndarray.set``);
* work issued to another stream than the capturing one (the legacy null stream, in CUDA);
* in ``streamCaptureModeGlobal`` and ``ThreadLocal`` modes, a ``cudaMalloc``: an allocation whose size (rounded
  to CuPy's 512-byte pool unit) was never allocated on the capturing stream before, i.e. the memory pool is not
  warm for it. Warm-up iterations on the capture stream (as PyTorch recommends) make the pool warm; in
  ``streamCaptureModeRelaxed`` the allocation is allowed.
"""
import functools

from . import _devices, _events

CAPTURE_UNSUPPORTED = 900   # cudaErrorStreamCaptureUnsupported
CAPTURE_INVALIDATED = 901   # cudaErrorStreamCaptureInvalidated
CAPTURE_IMPLICIT = 906      # cudaErrorStreamCaptureImplicit

MODE_GLOBAL, MODE_THREAD_LOCAL, MODE_RELAXED = 0, 1, 2  # cudaStreamCaptureMode*


class _State:
    stream = None        # the capturing stream
    mode = MODE_GLOBAL
    entries = None       # (function, args, kwargs, result)
    saved = None         # id(root buffer) -> (root, copy): arrays from before the capture, as they were
    made = None          # buffers the capture allocated
    made_ids = None
    invalid = None       # the error that invalidated the capture
    depth = 0            # > 0 inside a recorded operation (its inner calls are part of it)


state = _State()
_warm = {}  # stream ptr -> set of pool-rounded sizes allocated on that stream (what the pool has cached)


def _rounded(nbytes):
    return max(512, (nbytes + 511) // 512 * 512)


def _fail(code, message):
    error = _devices.CUDARuntimeError(code, message)
    if state.stream is not None and state.invalid is None:
        state.invalid = error
    raise error


def unsupported(what):
    """CUDA's answer to an operation that a stream capture cannot contain."""
    _fail(CAPTURE_UNSUPPORTED, f"cudaErrorStreamCaptureUnsupported: operation not permitted when stream is "
                               f"capturing ({what})")


def on_sync(what):
    """Called by ``_events.record`` for every sync: during a capture, the CUDA error instead."""
    if state.stream is not None:
        unsupported(f"a host sync: {what}")


def on_allocation(array):
    """Called for each new device buffer: remember its size for the current (non-null) stream's pool; during a
    global or thread-local capture, a size the pool has not cached means a cudaMalloc, which CUDA refuses."""
    stream = _devices.get_current_stream()
    size = _rounded(array.nbytes)
    if state.stream is not None:
        state.made.append(array)
        state.made_ids.add(id(array))
        if state.mode != MODE_RELAXED and size not in _warm.get(stream.ptr, ()):
            unsupported(f"cudaMalloc of {array.nbytes} bytes: the memory pool of the capturing stream has no "
                        "cached block of that size; run warm-up iterations on that stream first")
        return
    if stream.ptr:
        _warm.setdefault(stream.ptr, set()).add(size)


def capturable(function):
    """Record ``function``'s calls while a stream captures (see the module docstring)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        if state.stream is None or state.depth:
            return function(*args, **kwargs)
        if _devices.get_current_stream() is not state.stream:
            _fail(CAPTURE_IMPLICIT, "cudaErrorStreamCaptureImplicit: operation would make the legacy stream "
                                    "depend on a capturing blocking stream (work issued to another stream)")
        _remember(args, kwargs)
        state.depth += 1
        try:
            result = function(*args, **kwargs)
        finally:
            state.depth -= 1
        state.entries.append((function, args, kwargs, result))
        return result

    return run


def _remember(args, kwargs):
    """Keep the contents of arrays from before the capture that this operation may write (restored at the end)."""
    from ._core import _root, ndarray
    for value in list(args) + list(kwargs.values()):
        if value.__class__.__module__ == "cupy.random":  # a Generator draws from its bit generator's state
            bit_generator = getattr(value, "bit_generator", value)
            if getattr(bit_generator, "_state", None).__class__ is ndarray:
                value = bit_generator._state  # a captured draw runs nothing: the state is as before the capture
        if value.__class__ is ndarray:
            root = _root(value._a)
            key = id(root)
            if key not in state.saved and key not in state.made_ids:
                state.saved[key] = (root, root.copy())
        elif isinstance(value, (list, tuple)):
            _remember(value, {})


def host_copy(function):
    """A host-to-device copy of pageable data: not capturable."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        if state.stream is not None and state.depth == 0:
            source = args[0] if args else None
            if type(source).__name__ != "ndarray" or type(source).__module__ != "cupy":
                unsupported(f"{function.__name__}() of host data (a pageable host-to-device copy)")
        return function(*args, **kwargs)

    return run


def begin_capture(stream, mode=None):
    if stream.ptr == 0:
        _fail(CAPTURE_UNSUPPORTED, "cudaErrorStreamCaptureUnsupported: operation not permitted when stream is "
                                   "capturing (the null stream cannot capture)")
    if state.stream is not None:
        _fail(CAPTURE_IMPLICIT, "cudaErrorStreamCaptureImplicit: another stream is capturing")
    state.stream = stream
    state.mode = MODE_GLOBAL if mode is None else int(mode)
    state.entries = []
    state.invalid = None
    state.depth = 0
    state.saved = {}
    state.made = []
    state.made_ids = set()


def end_capture(stream):
    if state.stream is not stream:
        raise _devices.CUDARuntimeError(400, "cudaErrorIllegalState: the stream is not capturing")
    entries, invalid = state.entries, state.invalid
    for root, contents in state.saved.values():  # the capture ran nothing, as far as memory can tell
        root[...] = contents
    for buffer in state.made:
        if buffer.dtype.kind in "fc":
            buffer[...] = float("nan")
    state.stream = None
    state.entries = None
    state.invalid = None
    state.saved = None
    state.made = None
    state.made_ids = None
    if invalid is not None:
        raise _devices.CUDARuntimeError(CAPTURE_INVALIDATED, "cudaErrorStreamCaptureInvalidated: operation "
                                        f"failed due to a previous error during capture ({invalid})")
    return Graph(entries)


def is_capturing(stream):
    return state.stream is stream


class Graph:  # cupy.cuda.graph.Graph in the real wheel
    """``cupy.cuda.Graph``: made by ``Stream.end_capture()``; ``launch`` replays the captured operations."""

    def __init__(self, entries):
        self._entries = entries
        self.launches = 0  # the stand-in's own count (for tests)

    def launch(self, stream=None):
        if state.stream is not None:
            unsupported("Graph.launch inside a capture")
        for function, args, kwargs, result in self._entries:
            _store(result, function(*args, **kwargs))
        self.launches += 1

    def upload(self, stream=None):
        pass


def _store(captured, new):
    """Write a replayed result into the array the capture handed out (views of the same memory need nothing)."""
    from ._core import _root, ndarray
    if captured.__class__ is ndarray and new.__class__ is ndarray:
        if new is captured or _root(new._a) is _root(captured._a):
            return
        captured._a[...] = new._a
    elif isinstance(captured, tuple) and isinstance(new, tuple):
        for old, fresh in zip(captured, new):
            _store(old, fresh)


def install(core, namespace_module, random_module, cupy_globals, overrides):
    """Wrap the stand-in's operations (called once by ``cupy/__init__``)."""
    core.call = capturable(core.call)
    for name in ("__call__", "reduce", "accumulate", "outer", "reduceat", "at"):
        setattr(core.ufunc, name, capturable(getattr(core.ufunc, name)))
    for klass in core.ufunc.__subclasses__() + [namespace_module.TypedUfunc]:  # their own __call__ (erf, gammaln)
        if "__call__" in vars(klass):
            klass.__call__ = capturable(vars(klass)["__call__"])
    for name in ("__getitem__", "__setitem__", "copy", "astype", "fill", "take", "scatter_add", "scatter_max",
                 "scatter_min", "dot", "__matmul__", "__rmatmul__"):
        if name in vars(core.ndarray):
            setattr(core.ndarray, name, capturable(vars(core.ndarray)[name]))
    if "set" in vars(core.ndarray):
        core.ndarray.set = host_copy(vars(core.ndarray)["set"])
    random_module.Generator._draw = capturable(random_module.Generator._draw)
    random_module.BitGenerator.random_raw = capturable(random_module.BitGenerator.random_raw)
    for name, value in vars(random_module.RandomState).items():
        if not name.startswith("_") and callable(value):
            setattr(random_module.RandomState, name, capturable(value))
    for name, value in overrides.items():
        if cupy_globals.get(name) is value and callable(value) and not isinstance(value, type):
            wrapped = capturable(value)
            if name in ("asarray", "array"):
                wrapped = host_copy(wrapped)
            cupy_globals[name] = wrapped
    _events.sync_hooks.append(on_sync)
    _devices.armed_allocation_hook[0] = on_allocation


Graph.__module__ = "cupy.cuda.graph"
