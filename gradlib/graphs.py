"""Capture a training step once, replay it many times: the step at the speed of its array arithmetic.

The user code is CUDA graphs' (``torch.cuda.CUDAGraph`` and ``torch.cuda.graph``), on any gradlib device:

>>> import gradlib
>>> model = gradlib.nn.Linear(3, 1)
>>> opt = gradlib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
>>> static_x, static_y = gradlib.zeros(4, 3), gradlib.zeros(4, 1)
>>> def step():
...     opt.zero_grad()
...     loss = gradlib.nn.functional.mse_loss(model(static_x), static_y)
...     loss.backward()
...     opt.step()
...     return loss
>>> _ = step()                       # warm-up: the optimizer makes its state (as torch.cuda.graph asks)
>>> g = gradlib.graphs.StepGraph()
>>> with gradlib.graphs.graph(g):
...     static_loss = step()
>>> for batch in range(3):
...     _ = static_x.copy_(gradlib.randn(4, 3))
...     _ = static_y.copy_(gradlib.randn(4, 1))
...     g.replay()                   # static_loss, model's parameters and .grad now hold this step's values
>>> static_loss.shape
gradlib.Size([])

``StepGraph`` mirrors ``torch.cuda.CUDAGraph`` (``replay``, ``reset``, ``capture_begin``/``capture_end``) and
``graph(g)`` mirrors ``torch.cuda.graph(g)``. What the capture records, and how the replay runs it, is in
``gradlib.autograd.capture``: the array-level program of the step, every backend call in order with its input
and output buffers, run as one flat Python function without Tensors, graph nodes or a backward walk. On the CPU
the common ops (matmul, linear, conv2d, max pooling, relu, elementwise arithmetic, log_softmax, nll_loss, ...)
are replayed as closures prepared at capture (``gradlib.autograd.capture_lean``): their arithmetic writes into
buffers that the graph keeps between replays, as a CUDA graph keeps its memory pool, so a graph holds about one
step's worth of intermediate arrays for as long as it lives (``reset()`` lets them go).

One difference from CUDA graphs: the captured code really runs once during the capture (a CUDA graph capture
only records kernels), so the capture is itself a training step. Results of each replay equal, bit for bit on
the CPU, what running the same step eagerly would give, including random draws (dropout, ``rand``,
``multinomial``, ``randperm``, ``bernoulli``, ``normal``, ``poisson`` and the in-place fills such as ``normal_`` draw
fresh numbers from the generator on every replay, in eager mode's order) and Python-side optimizer state (Adam's step count
advances; a learning-rate scheduler's new ``lr`` is read at each replay).

Refused, with a RuntimeError naming what was met (the capture stops; nothing is recorded):

* work whose output shape depends on values (boolean mask indexing ``x[mask]``, ``masked_select``), reads of
  values into Python (``.item()``, ``.tolist()``, ``.numpy()``, ``bool()``/``float()``/``int()`` of a tensor,
  so Python ``if``/``while`` on tensor values), anomaly mode, ``saved_tensors_hooks``;
* hooks and ``retain_grad`` met by the captured backward, ``create_graph``/``autograd.grad``, custom
  ``autograd.Function`` subclasses, copies between devices, an optimizer creating its state (warm up first);
* sparse gradients (``nn.Embedding(sparse=True)``), a random draw outside gradlib's recorded samplers (say a
  distribution's ``sample()``), a raw array view of a value made during the step (its replay would read the
  capture's values), and ``Tensor.data = ...`` or ``resize_`` of a tensor made before the capture;
* at replay: a static input (a tensor the captured step read, made before the capture) whose storage was
  replaced, e.g. with another shape, dtype or device. Copy new data into it with ``copy_`` instead.

``requires_grad`` flags set during the capture keep their eager meaning; they are not replayed (a replay runs
the recorded arithmetic only). As with CUDA graphs, what Python decided during the capture is decided for every
replay: a module's train/eval mode, dropout's ``p``, which parameters had a gradient. Read afresh at each replay:
the optimizers' ``param_groups`` (``lr``, ``weight_decay``, ``betas``, ...) and state (also after
``load_state_dict``), and the random generators (their draws, and states read or set inside the step:
``manual_seed``, ``fork_rng``, checkpoint's saved RNG states).
"""
from .autograd import anomaly as _anomaly
from .autograd import capture as _capture
from .autograd import grad_mode as _grad_mode
from .backends import device_guard as _device_guard
from .backends import quiet as _quiet
from .backends import loaded_array_types

__all__ = ["StepGraph", "graph"]


class StepGraph:
    """A captured training step (mirrors ``torch.cuda.CUDAGraph``); fill it with ``with graph(g): ...``.

    >>> import gradlib
    >>> w = gradlib.ones(2, requires_grad=True)
    >>> g = gradlib.graphs.StepGraph()
    >>> with gradlib.graphs.graph(g):
    ...     w.grad = None                # decided once: the replayed backward makes .grad anew
    ...     loss = (w * w).sum()
    ...     loss.backward()
    >>> w.grad
    tensor([2., 2.])
    >>> with gradlib.no_grad():
    ...     _ = w.mul_(3)
    >>> g.replay()
    >>> loss, w.grad
    (tensor(18., grad_fn=<SumBackward0>), tensor([6., 6.]))
    """

    def __init__(self):
        self._program = None
        self._inputs = ()
        self._static = ()
        self._contexts = ()
        self._recorder = None
        self._device = None

    def capture_begin(self, pool=None, capture_error_mode="global"):
        """Start recording (``graph(g)`` calls it). ``pool`` and ``capture_error_mode`` are accepted for
        PyTorch's signature; on the CPU there is no memory pool to share and one thread captures."""
        if self._recorder is not None:
            raise RuntimeError("StepGraph.capture_begin: this graph is already capturing")
        if _capture.recorder is not None:
            raise RuntimeError("gradlib.graphs: a capture is already in progress; captures do not nest")
        if _anomaly.state.enabled:
            _capture.refuse("anomaly mode (set_detect_anomaly / detect_anomaly)",
                            "its checks read values on every node")
        if _grad_mode.state.saved_hooks:
            _capture.refuse("saved_tensors_hooks", "packed saved values are not replayed")
        self.reset()
        self._recorder = _capture.Recorder(loaded_array_types())
        _capture.recorder = self._recorder

    def capture_end(self):
        """Stop recording and compile the replay program."""
        recorder = self._end()
        self._program, self._static, self._inputs, self._contexts = recorder.finish()
        gpus = [device for device in recorder.devices if device.type != "cpu"]
        self._device = gpus[0] if gpus else None  # the replay makes it current, as each op made it at capture

    def _abort(self):
        self._end()

    def _end(self):
        recorder = self._recorder
        if recorder is None:
            raise RuntimeError("StepGraph.capture_end: this graph is not capturing")
        if _capture.recorder is recorder:
            _capture.recorder = None
        self._recorder = None
        return recorder

    def replay(self):
        """Run the captured step again on the current contents of its static inputs; its outputs (the tensors
        made by the capture that are still referenced: the loss, ``.grad``, ...) receive the new values."""
        program = self._program
        if program is None:
            raise RuntimeError("StepGraph.replay: nothing was captured (use `with gradlib.graphs.graph(g): ...` "
                               "first)")
        if _capture.recorder is not None:
            raise RuntimeError("StepGraph.replay: cannot replay while a capture is in progress")
        for number, (tensor, array, shape, dtype, device) in enumerate(self._inputs):
            if tensor._array is not array:
                _changed_input(number, tensor, shape, dtype, device)
        quiet = _quiet.enter()  # NumPy's overflow/invalid-value warnings: as in eager mode, none
        try:
            if self._device is None:
                program()
            else:
                with _device_guard(self._device):
                    program()
        finally:
            _quiet.leave(quiet)

    def reset(self):
        """Forget the captured program (its records, and its references to the static outputs and inputs)."""
        self._program = None
        self._inputs = ()
        self._static = ()
        self._contexts = ()

    def __repr__(self):
        state = "empty" if self._program is None else f"{len(self._inputs)} static inputs"
        return f"<gradlib.graphs.StepGraph ({state})>"


def _changed_input(number, tensor, shape, dtype, device):
    now = tensor._array
    what = (f"static input {number} (a tensor the captured step read) was captured with shape {list(shape)}, "
            f"dtype {dtype} on {device}")
    if now.shape != shape or now.dtype != dtype or tensor._device is not device:
        change = f"now has shape {list(now.shape)}, dtype {now.dtype} on {tensor._device}"
    else:
        change = "now has new storage (tensor.data = ..., set_ or resize_)"
    raise RuntimeError(
        f"StepGraph.replay: {what} and {change}. A replay reads the captured tensors' memory: copy new values in "
        "with static_input.copy_(new) (same shape, dtype and device), or capture a new graph.")


class graph:
    """``with graph(g): ...`` captures the block into StepGraph ``g`` (mirrors ``torch.cuda.graph``; ``pool``
    and ``stream`` are accepted for its signature and unused on the CPU). An exception inside the block stops
    the capture and leaves ``g`` empty."""

    def __init__(self, step_graph, pool=None, stream=None, capture_error_mode="global"):
        self.step_graph = step_graph
        self.pool = pool
        self.capture_error_mode = capture_error_mode

    def __enter__(self):
        self.step_graph.capture_begin(self.pool, self.capture_error_mode)
        return self.step_graph

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            self.step_graph._abort()
            return False
        self.step_graph.capture_end()
        return False
