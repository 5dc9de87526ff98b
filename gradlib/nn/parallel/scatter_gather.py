"""``scatter`` and ``gather`` for single-process data parallelism (``torch.nn.parallel.scatter_gather``): split a
batch across GPUs and join the replicas' outputs on one device.

Both are differentiable, as PyTorch's ``Scatter``/``Gather`` functions: a scattered chunk is a slice of the input
copied to its GPU (``chunk`` then ``to``; the gradient comes back to the input's device), and gathering copies
the outputs to the target device and concatenates them (the gradient is split and sent back to each replica's
GPU). Copies between GPUs are peer copies queued on the devices' streams, without a host sync.
"""
import warnings

from ... import _tensor
from ..._cuda_device import device_index
from ...backends import cuda as _switches
from ...device import device as _device
from ...ops import join as _join
from ...ops import shape as _shape

__all__ = ["scatter", "scatter_kwargs", "gather"]


def _is_namedtuple(obj):
    return isinstance(obj, tuple) and hasattr(obj, "_asdict") and hasattr(obj, "_fields")


def _target(index):
    return _device("cpu") if index == -1 else _device("cuda", index)


def _scatter_tensor(tensor, target_gpus, dim):
    """The chunks of ``tensor`` along ``dim`` (``tensor.chunk(len(target_gpus), dim)``, so possibly fewer than
    GPUs), chunk ``i`` on GPU ``target_gpus[i]``."""
    if not _switches.is_built():
        raise AttributeError("module 'torch._C' has no attribute '_scatter'")
    chunks = _shape.chunk(tensor, len(target_gpus), dim)
    return tuple(chunk.to(_device("cuda", device_index(gpu))) for chunk, gpu in zip(chunks, target_gpus))


def scatter(inputs, target_gpus, dim=0):
    """Slice the tensors in ``inputs`` along ``dim`` into one chunk per GPU of ``target_gpus`` and copy each chunk
    to its GPU (mirrors ``torch.nn.parallel.scatter``). Tuples, lists, dicts and named tuples are scattered
    element by element; other objects are repeated for every GPU. Returns one entry per chunk (a batch smaller than
    the number of GPUs gives fewer entries). Without CuPy, PyTorch's CPU build's AttributeError ("module 'torch._C'
    has no attribute '_scatter'").

    >>> import gradlib
    >>> if gradlib.cuda.device_count() >= 2:
    ...     first, second = gradlib.nn.parallel.scatter(gradlib.arange(4.0), [0, 1])
    ...     assert first.device == gradlib.device("cuda:0") and second.tolist() == [2.0, 3.0]
    """

    def scatter_map(obj):
        if isinstance(obj, _tensor.Tensor):
            return _scatter_tensor(obj, target_gpus, dim)
        if _is_namedtuple(obj):
            return [type(obj)(*args) for args in zip(*map(scatter_map, obj))]
        if isinstance(obj, tuple) and len(obj) > 0:
            return list(zip(*map(scatter_map, obj)))
        if isinstance(obj, list) and len(obj) > 0:
            return [list(i) for i in zip(*map(scatter_map, obj))]
        if isinstance(obj, dict) and len(obj) > 0:
            return [type(obj)(i) for i in zip(*map(scatter_map, obj.items()))]
        return [obj for _ in target_gpus]

    try:
        return scatter_map(inputs)
    finally:
        scatter_map = None  # the closure refers to itself: break the cycle, as PyTorch does


def scatter_kwargs(inputs, kwargs, target_gpus, dim=0):
    """``scatter`` of the positional arguments and of the keyword arguments, padded to the same length with
    ``()`` and ``{}`` (mirrors ``torch.nn.parallel.scatter_gather.scatter_kwargs``). Returns two tuples.

    >>> import gradlib
    >>> if gradlib.cuda.device_count() >= 2:
    ...     inputs, kwargs = gradlib.nn.parallel.scatter_gather.scatter_kwargs((gradlib.ones(4),), {"k": 1}, [0, 1])
    ...     assert len(inputs) == 2 and kwargs == ({"k": 1}, {"k": 1})
    """
    scattered_inputs = scatter(inputs, target_gpus, dim) if inputs else []
    scattered_kwargs = scatter(kwargs, target_gpus, dim) if kwargs else []
    if len(scattered_inputs) < len(scattered_kwargs):
        scattered_inputs.extend(() for _ in range(len(scattered_kwargs) - len(scattered_inputs)))
    elif len(scattered_kwargs) < len(scattered_inputs):
        scattered_kwargs.extend({} for _ in range(len(scattered_inputs) - len(scattered_kwargs)))
    return tuple(scattered_inputs), tuple(scattered_kwargs)


def _gather_tensors(outputs, target_device, dim):
    if not all(output.device.type == "cuda" for output in outputs):
        raise AssertionError("Gather function not implemented for CPU tensors")
    target = _target(device_index(target_device, optional=True, allow_cpu=True))
    if all(output.dim() == 0 for output in outputs):
        warnings.warn("Was asked to gather along dimension 0, but all input tensors were scalars; will instead "
                      "unsqueeze and return a vector.", stacklevel=3)
        outputs = [output.unsqueeze(0) for output in outputs]
        dim = 0
    return _join.cat([output.to(target) for output in outputs], dim)


def gather(outputs, target_device, dim=0):
    """Join the replicas' outputs on ``target_device`` (mirrors ``torch.nn.parallel.gather``): tensors are copied
    there and concatenated along ``dim`` (0-d tensors are stacked into a vector, with PyTorch's warning); dicts,
    sequences and named tuples are gathered element by element; None stays None. ``target_device``: a GPU index,
    a ``gradlib.device``, or -1 / ``'cpu'`` for the CPU. Raises AssertionError "Gather function not implemented
    for CPU tensors" when an output is not on a GPU, as PyTorch.

    >>> import gradlib
    >>> if gradlib.cuda.device_count() >= 2:
    ...     parts = [gradlib.ones(2, device="cuda:0"), gradlib.zeros(1, device="cuda:1")]
    ...     assert gradlib.nn.parallel.gather(parts, 0).tolist() == [1.0, 1.0, 0.0]
    """

    def gather_map(outputs):
        out = outputs[0]
        if isinstance(out, _tensor.Tensor):
            return _gather_tensors(outputs, target_device, dim)
        if out is None:
            return None
        if isinstance(out, dict):
            if not all(len(out) == len(d) for d in outputs):
                raise ValueError("All dicts must have the same number of keys")
            return type(out)((k, gather_map([d[k] for d in outputs])) for k in out)
        if _is_namedtuple(out):
            return type(out)._make(map(gather_map, zip(*outputs)))
        return type(out)(map(gather_map, zip(*outputs)))

    try:
        return gather_map(outputs)
    finally:
        gather_map = None
