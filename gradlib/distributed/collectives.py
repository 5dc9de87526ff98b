"""Collectives on tensors: ``all_reduce``, ``broadcast``, ``all_gather``, ``reduce_scatter``, ``barrier``.

Each writes its result into the given tensors in place (bumping their version counters) and is not recorded
by autograd, as in PyTorch. Before moving data, the ranks exchange a small signature of the call (which
collective, shape, dtype, op or source rank): ranks that disagree raise ``DistBackendError`` naming every
rank's tensor, instead of hanging or corrupting memory. Every wait is bounded by the group's timeout.
Buffers, the transport call and the copy back run under the tensor's device guard, whichever GPU is current.
"""
import numpy  # host-side signatures only; tensor data stays on its device

from .. import _tensor
from ..backends import device_guard
from .errors import DistBackendError
from .process_group import default_group
from .reduce_op import ReduceOp
from .work import Work

__all__ = ["all_reduce", "broadcast", "all_gather", "reduce_scatter", "barrier", "check_agreement"]

_KINDS = ("all_reduce", "broadcast", "all_gather", "reduce_scatter", "barrier", "module")
_DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64")
_MAX_DIMS = 10
_WIDTH = 5 + _MAX_DIMS  # kind, op/src, dtype, ndim, overflow hash, dims


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    """Combine ``tensor`` across all ranks with ``op`` (SUM, AVG, PRODUCT, MIN, MAX); every rank ends
    with the result in ``tensor``.

    >>> import gradlib, gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> t = gradlib.tensor([1., 2.])
    >>> dist.all_reduce(t, op=dist.ReduceOp.SUM)   # a world of one: unchanged
    >>> t
    tensor([1., 2.])
    >>> dist.destroy_process_group()
    """
    group = group or default_group()
    op = _reduce_op(op)
    _check_tensor(tensor, group, "all_reduce")
    if op is ReduceOp.AVG and not tensor.dtype.is_floating_point:
        raise TypeError(f"all_reduce: ReduceOp.AVG needs a floating point tensor, got {tensor.dtype}")
    check_agreement(group, "all_reduce", [tensor], int(op))
    with device_guard(tensor._device):
        array, write_back = contiguous_buffer(tensor)
        request = group.backend.all_reduce(array, op)
    world = group.world_size

    def finish():
        if op is ReduceOp.AVG and world > 1:
            array[...] /= world
        write_back()
    return _run(group, request, finish, "all_reduce", async_op, tensor._device)


def broadcast(tensor, src, group=None, async_op=False):
    """Copy rank ``src``'s ``tensor`` into ``tensor`` on every other rank.

    >>> import gradlib, gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> t = gradlib.arange(3.)
    >>> dist.broadcast(t, src=0)
    >>> t
    tensor([0., 1., 2.])
    >>> dist.destroy_process_group()
    """
    group = group or default_group()
    if not 0 <= src < group.world_size:
        raise ValueError(f"broadcast: src={src} is not a rank of this group (world size {group.world_size})")
    _check_tensor(tensor, group, "broadcast")
    check_agreement(group, "broadcast", [tensor], src)
    with device_guard(tensor._device):
        array, write_back = contiguous_buffer(tensor)
        request = group.backend.broadcast(array, src)
    return _run(group, request, write_back, "broadcast", async_op, tensor._device)


def all_gather(tensor_list, tensor, group=None, async_op=False):
    """Fill ``tensor_list[r]`` with rank r's ``tensor`` on every rank.

    >>> import gradlib, gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> out = [gradlib.zeros(2)]
    >>> dist.all_gather(out, gradlib.tensor([3., 4.]))
    >>> out
    [tensor([3., 4.])]
    >>> dist.destroy_process_group()
    """
    group = group or default_group()
    _check_tensor(tensor, group, "all_gather")
    _check_list(tensor_list, tensor, group, "all_gather", "tensor_list")
    check_agreement(group, "all_gather", [tensor], 0)
    xp = tensor._device._backend.xp
    with device_guard(tensor._device):
        source = xp.ascontiguousarray(tensor._array).reshape(-1)
        gathered = xp.empty((group.world_size, source.size), dtype=source.dtype)
        request = group.backend.all_gather(gathered, source)

    def finish():
        for index, target in enumerate(tensor_list):
            target._array[...] = gathered[index].reshape(target.shape)
            target._bump_version()
    return _run(group, request, finish, "all_gather", async_op, tensor._device)


def reduce_scatter(output, input_list, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduce ``input_list[r]`` across ranks with ``op`` and leave the result in rank r's ``output``.

    >>> import gradlib, gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> out = gradlib.zeros(2)
    >>> dist.reduce_scatter(out, [gradlib.tensor([5., 6.])])
    >>> out
    tensor([5., 6.])
    >>> dist.destroy_process_group()
    """
    group = group or default_group()
    op = _reduce_op(op)
    _check_tensor(output, group, "reduce_scatter")
    _check_list(input_list, output, group, "reduce_scatter", "input_list")
    if op is ReduceOp.AVG and not output.dtype.is_floating_point:
        raise TypeError(f"reduce_scatter: ReduceOp.AVG needs a floating point tensor, got {output.dtype}")
    check_agreement(group, "reduce_scatter", [output], int(op))
    xp = output._device._backend.xp
    with device_guard(output._device):
        stacked = xp.stack([t._array.reshape(-1) for t in input_list])
        received = xp.empty(stacked.shape[1], dtype=stacked.dtype)
        request = group.backend.reduce_scatter(received, stacked, op)
    world = group.world_size

    def finish():
        if op is ReduceOp.AVG:
            received[...] /= world
        output._array[...] = received.reshape(output.shape)
        output._bump_version()
    return _run(group, request, finish, "reduce_scatter", async_op, output._device)


def barrier(group=None, async_op=False, device_ids=None):
    """Wait until every rank has reached this call (bounded by the group's timeout).

    >>> import gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> dist.barrier()
    >>> dist.destroy_process_group()
    """
    group = group or default_group()
    check_agreement(group, "barrier", [], 0)
    request = group.backend.barrier()
    return _run(group, request, None, "barrier", async_op, None)


def check_agreement(group, kind, tensors, detail):
    """Raise ``DistBackendError`` on every rank unless all ranks called ``kind`` with tensors of the same
    shapes and dtypes and the same ``detail`` (op or source rank). One small all-gather; free in a world of one.
    """
    if group.world_size == 1:
        return
    signature = _signature(kind, tensors, detail)
    table = numpy.empty((group.world_size, signature.size), dtype=numpy.int64)
    request = group.backend.gather_signatures(signature, table)
    Work(request, None, group.timeout_s, f"{kind} (agreement check)", group.rank).wait()
    if (table != table[0]).any():
        rows = "; ".join(f"rank {rank}: {_describe(row)}" for rank, row in enumerate(table))
        raise DistBackendError(f"[rank {group.rank}] {kind}: the ranks' calls do not match ({rows})")


def _signature(kind, tensors, detail):
    row = numpy.full(_WIDTH, -1, dtype=numpy.int64)
    row[0] = _KINDS.index(kind)
    row[1] = detail
    if tensors:
        shapes = [tuple(t.shape) for t in tensors]
        dtypes = [str(t._array.dtype) for t in tensors]
        first = shapes[0]
        row[2] = _DTYPES.index(dtypes[0]) if dtypes[0] in _DTYPES else 99
        row[3] = len(first) if len(tensors) == 1 else 1000 + len(tensors)
        if len(tensors) == 1 and len(first) <= _MAX_DIMS:
            row[5:5 + len(first)] = first
            row[4] = 0
        else:  # many tensors or many dims: a checksum of them all (equal calls give equal sums)
            row[4] = _checksum(repr((shapes, dtypes)))
    return row


def _checksum(text):
    value = 1469598103934665603  # FNV-1a, stable across processes (unlike hash())
    for byte in text.encode():
        value = ((value ^ byte) * 1099511628211) % (1 << 62)
    return value


def _describe(row):
    kind = _KINDS[row[0]] if 0 <= row[0] < len(_KINDS) else "?"
    if row[2] < 0:
        return kind
    ndim = int(row[3])
    dtype = _DTYPES[row[2]] if row[2] < len(_DTYPES) else "other dtype"
    if ndim >= 1000:
        return f"{kind} of {ndim - 1000} tensors (checksum {row[4]})"
    shape = list(int(d) for d in row[5:5 + ndim]) if row[4] == 0 else f"{ndim}-d (checksum {row[4]})"
    extra = f", op {ReduceOp(row[1]).name}" if kind in ("all_reduce", "reduce_scatter") else \
        f", src {row[1]}" if kind == "broadcast" else ""
    return f"{kind} of shape {shape} {dtype}{extra}"


def _reduce_op(op):
    try:
        return ReduceOp(op)
    except ValueError:
        raise ValueError(f"unknown reduce op {op!r}: use gradlib.distributed.ReduceOp") from None


def _check_tensor(tensor, group, what):
    if not isinstance(tensor, _tensor.Tensor):
        raise TypeError(f"{what}: expected a gradlib Tensor, got {type(tensor).__name__}")
    backend = group.backend
    if tensor._device.type != backend.device_type:
        raise RuntimeError(f"{what}: the '{backend.name}' backend works on {backend.device_type} tensors, but the "
                           f"tensor is on {tensor._device}"
                           + (": use backend='nccl' for CUDA tensors" if backend.name == "mpi" else ""))
    index = getattr(backend, "device_index", None)
    if index is not None and tensor._device.index not in (None, index):  # None: the current device
        raise RuntimeError(f"{what}: the tensor is on {tensor._device}, but this rank's NCCL device is cuda:{index}")


def _check_list(tensors, reference, group, what, name):
    if len(tensors) != group.world_size:
        raise ValueError(f"{what}: {name} has {len(tensors)} tensors; it needs one per rank "
                         f"(world size {group.world_size})")
    for index, tensor in enumerate(tensors):
        _check_tensor(tensor, group, what)
        if tensor._device is not reference._device:
            raise RuntimeError(f"{what}: {name}[{index}] is on {tensor._device}, the other tensor on "
                               f"{reference._device}")
        if tuple(tensor.shape) != tuple(reference.shape) or tensor.dtype is not reference.dtype:
            raise ValueError(f"{what}: {name}[{index}] has shape {list(tensor.shape)} {tensor.dtype}, but the "
                             f"tensor has shape {list(reference.shape)} {reference.dtype}")


def contiguous_buffer(tensor):
    """The 1-d contiguous array to hand the transport (MPI sees a 0-d array as no data), and what copies the
    result back into the tensor (both on the tensor's device, whichever is current)."""
    array = tensor._array
    if array.flags.c_contiguous:
        return array.reshape(-1), tensor._bump_version
    guard = device_guard(tensor._device)
    with guard:
        buffer = tensor._device._backend.xp.ascontiguousarray(array).reshape(-1)

    def write_back():
        with guard:
            array[...] = buffer.reshape(array.shape)
        tensor._bump_version()
    return buffer, write_back


def _run(group, request, finish, what, async_op, device):
    """Wait for ``request`` now, or return its Work (``async_op``); ``finish`` runs under ``device``'s guard."""
    if finish is not None:
        finish = _guarded(finish, device)
    work = Work(request, finish, group.timeout_s, what, group.rank)
    if async_op:
        return work
    work.wait()
    return None


def _guarded(finish, device):
    def guarded():
        with device_guard(device):
            finish()
    return guarded
