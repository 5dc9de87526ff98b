"""CUDA graphs with PyTorch's names and contract (``torch.cuda.CUDAGraph``, ``torch.cuda.graph``,
``torch.cuda.make_graphed_callables``), made with CuPy's stream capture: ``Stream.begin_capture()`` /
``end_capture()`` give a ``cupy.cuda.Graph`` whose ``launch()`` re-runs every captured kernel.

The contract, as PyTorch's:

* capture on a side stream (never the default stream); kernels are recorded, not run, so no value may be read
  back during the capture: ``.item()``, ``bool()`` of a tensor, mask indexing and other host syncs are refused
  with gradlib's message (CUDA would invalidate the capture);
* the memory pool must be warm: run a few warm-up iterations on the capture stream first (``graph()`` uses a
  per-device side stream, ``side_stream()``, unless given one; ``make_graphed_callables`` warms up itself), so that
  the capture allocates no new memory (a ``cudaMalloc`` is not allowed in the default ``"global"`` mode);
* inputs and outputs are static: copy new data into the captured input tensors, read results from the captured
  output tensors; every array the capture made stays allocated for the graph's life (the graph's private pool);
* optimizers: a step counter kept in Python would be frozen into the graph, so Adam, AdamW, RMSprop and Adagrad
  must be built with ``capturable=True`` (their step count is then a device tensor, updated by the graph).

Under gradlib.graphs' recorder (``gradlib.autograd.capture``), the same guard rails as a CPU capture apply.
"""
import gc

from . import _creation, autograd
from .autograd import capture as _capture
from .backends import backend_for_type, loaded_array_types
from .device import resolve

__all__ = ["CUDAGraph", "graph", "make_graphed_callables", "graph_pool_handle", "side_stream"]

_MODES = {"global": "streamCaptureModeGlobal", "thread_local": "streamCaptureModeThreadLocal",
          "relaxed": "streamCaptureModeRelaxed"}
_side_streams = {}


def _cuda():
    """The CUDA backend, from the registry (created on first use)."""
    return backend_for_type("cuda")


def side_stream(device=None):
    """gradlib's capture stream for a CUDA device (a non-blocking ``cupy.cuda.Stream``, one per device): run
    warm-up iterations under ``with side_stream():`` so that the memory pool is warm for ``graph()``."""
    backend = _cuda()
    index = backend.current_index() if device is None else resolve(device).index
    stream = _side_streams.get(index)
    if stream is None:
        with backend.xp.cuda.Device(index):
            stream = _side_streams[index] = backend.xp.cuda.Stream(non_blocking=True)
    return stream


def graph_pool_handle():
    """A token naming a memory pool that graphs may share (PyTorch's ``graph_pool_handle``). gradlib keeps each
    graph's arrays alive for the graph's life, so graphs never reuse each other's memory; the token is accepted
    for PyTorch's signatures."""
    return object()


class CUDAGraph:
    """A CUDA graph (mirrors ``torch.cuda.CUDAGraph``): capture with ``with gradlib.cuda.graph(g): ...``, run
    with ``g.replay()``.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():  # a GPU (or pytest --device cuda --cupy-stand-in)
    ...     x = gradlib.ones(3, device="cuda")
    ...     with gradlib.cuda.side_stream():
    ...         _ = (x * 2).sin()                          # warm-up: the pool caches these sizes
    ...     g = gradlib.cuda.CUDAGraph()
    ...     with gradlib.cuda.graph(g):
    ...         y = (x * 2).sin()
    ...     _ = x.copy_(gradlib.zeros(3, device="cuda"))
    ...     g.replay()
    ...     assert y.tolist() == [0.0, 0.0, 0.0]
    """

    def __init__(self):
        self._graph = None
        self._stream = None
        self._recorder = None
        self._kept = None

    def capture_begin(self, pool=None, capture_error_mode="global"):
        """Begin capturing on the current stream (``graph()`` makes its side stream current first)."""
        if capture_error_mode not in _MODES:
            raise RuntimeError(f"capture_error_mode must be one of {sorted(_MODES)}, got {capture_error_mode!r}")
        if _capture.recorder is not None:
            raise RuntimeError("gradlib.cuda.graph: a capture is already in progress; captures do not nest")
        backend = _cuda()
        xp = backend.xp
        stream = xp.cuda.get_current_stream()
        if stream.ptr == 0:
            raise RuntimeError("CUDA graphs must be captured on a non-default stream. (However, after capture, "
                               "it's ok to replay them on the default stream.)")
        self.reset()
        recorder = _capture.Recorder(loaded_array_types())
        recorder.cuda_graph = True
        stream.begin_capture(getattr(xp.cuda.runtime, _MODES[capture_error_mode]))
        self._stream = stream
        self._recorder = recorder
        _capture.recorder = recorder

    def capture_end(self):
        """End the capture: the graph is ready to replay."""
        recorder = self._stop()
        self._graph = self._stream.end_capture()
        self._kept = recorder.held()  # the graph's memory: never handed back to the pool while it lives

    def _abort(self):
        self._stop()
        if self._stream.is_capturing():
            try:
                self._stream.end_capture()
            except Exception:  # an invalidated capture: CUDA says so again; the first error is the user's
                pass
        self._graph = None

    def _stop(self):
        recorder = self._recorder
        if recorder is None:
            raise RuntimeError("CUDAGraph.capture_end: this graph is not capturing")
        if _capture.recorder is recorder:
            _capture.recorder = None
        self._recorder = None
        return recorder

    def replay(self):
        """Launch the captured graph on the current stream."""
        if self._graph is None:
            raise RuntimeError("CUDAGraph.replay: the graph was not captured (use `with gradlib.cuda.graph(g): "
                               "...` first)")
        self._graph.launch(_cuda().xp.cuda.get_current_stream())

    def reset(self):
        """Release the graph and the memory it holds."""
        self._graph = None
        self._kept = None

    def pool(self):
        """A token for sharing this graph's pool (see ``graph_pool_handle``)."""
        return graph_pool_handle()


class graph:
    """``with graph(g, pool=None, stream=None, capture_error_mode="global"): ...`` captures the block into
    CUDAGraph ``g`` (mirrors ``torch.cuda.graph``): waits for the device, collects garbage, makes ``stream``
    (default: ``side_stream()``) current and captures on it."""

    def __init__(self, cuda_graph, pool=None, stream=None, capture_error_mode="global"):
        self.cuda_graph = cuda_graph
        self.pool = pool
        self.stream = stream
        self.capture_error_mode = capture_error_mode
        self._entered = None

    def __enter__(self):
        backend = _cuda()
        index = backend.current_index()
        backend.xp.cuda.Device(index).synchronize()  # before the capture: earlier work is done
        gc.collect()
        stream = self.stream if self.stream is not None else side_stream()
        self._entered = stream
        stream.__enter__()
        try:
            self.cuda_graph.capture_begin(self.pool, self.capture_error_mode)
        except BaseException:
            stream.__exit__(None, None, None)
            raise
        return self.cuda_graph

    def __exit__(self, kind, value, traceback):
        try:
            if kind is not None:
                self.cuda_graph._abort()
            else:
                self.cuda_graph.capture_end()
        finally:
            self._entered.__exit__(None, None, None)
        return False


def make_graphed_callables(callables, sample_args, num_warmup_iters=3, allow_unused_input=False, pool=None):
    """Graphed versions of ``callables`` (functions or Modules), as ``torch.cuda.make_graphed_callables``: each
    runs its forward as one CUDA graph and, under autograd, its backward as another.

    ``sample_args``: a tuple of tensors per callable (a tuple of such tuples for a tuple of callables); they become
    the static inputs, and each call copies its arguments into them. A Module's parameters take part in the graphs
    and receive their gradients through autograd as usual. Warm-up iterations (``num_warmup_iters``) run on the
    capture stream first, so the memory pool is warm. Returns one graphed callable (a Module gets its ``forward``
    replaced while it is in training mode) or a tuple of them.
    """
    single = not isinstance(callables, tuple)
    if single:
        callables = (callables,)
        sample_args = (sample_args,)
    graphed = tuple(_make_graphed(function, tuple(args), num_warmup_iters, allow_unused_input, pool)
                    for function, args in zip(callables, sample_args))
    return graphed[0] if single else graphed


def _make_graphed(function, static_inputs, num_warmup_iters, allow_unused_input, pool):
    is_module = hasattr(function, "parameters") and hasattr(function, "forward")
    params = tuple(function.parameters()) if is_module else ()
    surfaces = static_inputs + params
    needs_grad = tuple(t.requires_grad for t in surfaces)
    run = function.forward if is_module else function
    stream = side_stream(static_inputs[0].device if static_inputs else None)

    with stream:  # warm-up on the capture stream: its pool caches what the captures will allocate
        for _ in range(num_warmup_iters):
            outputs = _as_tuple(run(*static_inputs))
            differentiable = [o for o in outputs if o.requires_grad]
            wanted = [t for t, flag in zip(surfaces, needs_grad) if flag]
            if differentiable and wanted:
                autograd.grad(differentiable, wanted, [_ones_like(o) for o in differentiable],
                              allow_unused=True)
            del outputs, differentiable

    forward_graph = CUDAGraph()
    with graph(forward_graph, pool, stream):
        static_outputs = _as_tuple(run(*static_inputs))
    static_grad_outputs = tuple(_ones_like(o) if o.requires_grad else None for o in static_outputs)

    backward_graph = CUDAGraph()
    saved_grads = [t.grad for t in surfaces]
    for tensor in surfaces:
        tensor.grad = None
    try:
        with graph(backward_graph, pool, stream):
            roots = [(o, g) for o, g in zip(static_outputs, static_grad_outputs) if g is not None]
            autograd.backward([o for o, _ in roots], [g for _, g in roots])
        static_grad_inputs = tuple(t.grad if flag else None for t, flag in zip(surfaces, needs_grad))
    finally:
        for tensor, grad in zip(surfaces, saved_grads):
            tensor.grad = grad
    if not allow_unused_input:
        for index, (grad, flag) in enumerate(zip(static_grad_inputs, needs_grad)):
            if flag and grad is None:
                raise RuntimeError(f"make_graphed_callables: input {index} requires grad but was not used to "
                                   "compute the outputs (pass allow_unused_input=True)")

    class Graphed(autograd.Function):
        @staticmethod
        def forward(ctx, *arguments):
            for static, given in zip(static_inputs, arguments):
                if given is not static:
                    static.copy_(given)
            forward_graph.replay()
            outputs = tuple(o.detach() for o in static_outputs)  # new tensors on the static memory
            return outputs if len(outputs) > 1 else outputs[0]

        @staticmethod
        @autograd.function.once_differentiable
        def backward(ctx, *grads):
            for static, grad in zip(static_grad_outputs, grads):
                if static is not None and grad is not None and grad is not static:
                    static.copy_(grad)
            backward_graph.replay()
            # copies: a leaf's .grad must not alias the static memory the next replay overwrites
            return tuple(None if g is None else g.detach().clone() for g in static_grad_inputs)

    def graphed(*arguments):
        if len(arguments) != len(static_inputs):
            raise TypeError(f"the graphed callable takes {len(static_inputs)} arguments ({len(arguments)} given)")
        return Graphed.apply(*(arguments + params))

    if is_module:
        original = function.forward

        def forward(*arguments):
            return graphed(*arguments) if function.training else original(*arguments)

        function.forward = forward
        function._graphs = (forward_graph, backward_graph)
        return function
    graphed.graphs = (forward_graph, backward_graph)
    return graphed


def _as_tuple(value):
    return value if isinstance(value, tuple) else (value,)


def _ones_like(tensor):
    return _creation.ones_like(tensor)
